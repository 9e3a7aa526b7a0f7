package diagnose

import (
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestStatusUnread: a listing whose labelled lines are in a language the
// parser does not read is said (and its licence stage is not taken as ok);
// one odd line, an ospp.vbs /act block or an output with an error code is
// not such a listing.
func TestStatusUnread(t *testing.T) {
	src := evidence.Source{File: "f.txt", Line: 1}
	fr := evidence.Product{Name: "Windows(R), Enterprise edition", Channel: "VOLUME_KMSCLIENT", Source: src,
		Other: []string{"3: ID d'activation : 73111121-5638-40f6-bc11-f1d7b0d64300", "5: État de la licence : Avec licence"}}
	one := fr
	one.Other = fr.Other[:1]
	office := fr
	office.OSPP = true
	licensed := fr
	licensed.Status = evidence.StatusLicensed
	value := fr
	value.Other = nil
	value.Status = "Período de gracia inicial" // a known label, a value of no row
	tests := []struct {
		name  string
		p     evidence.Product
		codes []evidence.CodeSeen
		want  bool
	}{
		{"unknown language", fr, nil, true},
		{"one odd line", one, nil, false},
		{"ospp", office, nil, false},
		{"status read", licensed, nil, false},
		{"status value unknown", value, nil, true},
		{"error code in the file", fr, []evidence.CodeSeen{{Code: "0xC004F074", Source: src}}, false},
		{"error code in another file", fr, []evidence.CodeSeen{{Code: "0xC004F074", Source: evidence.Source{File: "g.txt"}}}, true},
	}
	for _, tt := range tests {
		s := &evidence.Set{Products: []evidence.Product{tt.p}, Codes: tt.codes}
		if got := unreadStatus(s, &s.Products[0]); got != tt.want {
			t.Errorf("%s: unreadStatus = %v, want %v", tt.name, got, tt.want)
		}
		if got := observed(s)["license"]; got == tt.want && len(tt.codes) == 0 {
			t.Errorf("%s: licence observed = %v", tt.name, got)
		}
	}
}
