package diagnose

import (
	"slices"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
)

// TestStateFromText: a licence state stated in words is that state's
// finding about the product the text speaks of, quoting the words; the code
// 0xC004F009 alone is license.notification inferred from it, unless a
// status output shows the state.
func TestStateFromText(t *testing.T) {
	text := func(status, reason string) evidence.Product {
		return evidence.Product{Status: status, StatusReason: reason, StatusFrom: evidence.StatusFromText,
			StatusText: "License Status `Notification`", RemainingRearm: -1, GraceMinutes: -1, ExpiryMinutes: -1}
	}
	tests := []struct {
		name     string
		set      evidence.Set
		primary  string
		inferred string
		codes    []string
	}{
		{"notification with its reason", evidence.Set{Products: []evidence.Product{text(evidence.StatusNotification, "0xC004F009")}},
			IDLicenseNotification, "", []string{"0xC004F009"}},
		{"notification", evidence.Set{Products: []evidence.Product{text(evidence.StatusNotification, "")}}, IDLicenseNotification, "", []string{"0xC004F009"}},
		{"unlicensed", evidence.Set{Products: []evidence.Product{text(evidence.StatusUnlicensed, "")}}, IDLicenseUnlicensed, "", nil},
		{"grace", evidence.Set{Products: []evidence.Product{text(evidence.StatusOOBGrace, "")}}, IDLicenseGrace, "", nil},
		{"0xC004F009 alone", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F009")}}, IDLicenseNotification, "0xC004F009", []string{"0xC004F009"}},
		{"0xC004F009 beside a stated state", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F009")},
			Products: []evidence.Product{text(evidence.StatusNotification, "")}}, IDLicenseNotification, "", []string{"0xC004F009"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range i18n.Langs {
				r := runPrimary(t, tt.set, lang, tt.primary)
				f := r.Findings[0]
				n := 0
				for _, g := range r.Findings {
					if g.ID == IDLicenseNotification {
						n++
					}
				}
				if n > 1 {
					t.Errorf("%s: %d license.notification findings", lang, n)
				}
				if f.InferredFrom != tt.inferred {
					t.Errorf("%s: inferred_from %q, want %q", lang, f.InferredFrom, tt.inferred)
				}
				if tt.codes != nil && !slices.Equal(f.Codes, tt.codes) {
					t.Errorf("%s: codes %v, want %v", lang, f.Codes, tt.codes)
				}
				if strings.Contains(f.Title+f.Detail+strings.Join(f.Fix, ""), "{") || f.Title == "" || f.Detail == "" {
					t.Errorf("%s: %s: title %q detail %q", lang, f.ID, f.Title, f.Detail)
				}
				if !strings.Contains(strings.Join(f.Commands, "\n"), "slmgr.vbs /dlv") {
					t.Errorf("%s: %s: no status command in %v", lang, f.ID, f.Commands)
				}
				if tt.inferred == "" && !strings.Contains(f.Detail, "Notification`") {
					t.Errorf("%s: %s does not quote the words: %q", lang, f.ID, f.Detail)
				}
			}
		})
	}
}
