package diagnose

import (
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// TestOfficeErrorOutranksGrace: an ospp.vbs /dstatus whose product is in
// its grace period and shows ERROR CODE 0xC004F074 has the error as its
// root cause, not the grace warning (newcomer report A15).
func TestOfficeErrorOutranksGrace(t *testing.T) {
	s := &evidence.Set{
		Products: []evidence.Product{with(prod("Office 19, Office19ProPlus2019VL_KMS_Client_AE edition", "VOLUME_KMSCLIENT", evidence.StatusOOBGrace, ""),
			func(p *evidence.Product) { p.PartialKey = "6MWKP"; p.KMSMachineName = "kms01.corp.example.com:1688" })},
		Codes: []evidence.CodeSeen{{Code: "0xC004F074", Context: "ERROR CODE: 0xC004F074", Source: evidence.Source{File: "ospp.txt", Line: 8}}},
	}
	r := report.New("analyze", time.Unix(0, 0))
	Run(s, r)
	if r.Verdict.Primary == IDLicenseGrace || r.Verdict.Primary == "" {
		t.Fatalf("primary = %q, want the 0xC004F074 error", r.Verdict.Primary)
	}
	grace, errAt := -1, -1
	for i, f := range r.Findings {
		switch f.ID {
		case IDLicenseGrace:
			grace = i
		case IDLicenseActivationError, IDKMSContactUndecided:
			if errAt < 0 {
				errAt = i
			}
		}
	}
	if grace < 0 || errAt < 0 || errAt > grace {
		t.Errorf("order: error at %d, grace at %d", errAt, grace)
	}
	// The check of TCP 1688 names the host the Office product is set to.
	found := false
	for _, f := range r.Findings {
		for _, st := range f.Steps {
			found = found || st.Run == "Test-NetConnection kms01.corp.example.com -Port 1688"
		}
	}
	if !found {
		t.Error("no Test-NetConnection to the configured Office KMS host")
	}
}

// TestOfficeNoKey: ospp.vbs's "<No installed product keys detected>"
// raises office.no_key, unless another output shows an Office key.
func TestOfficeNoKey(t *testing.T) {
	note := evidence.Note{Kind: evidence.NoteOfficeNoKey, Source: evidence.Source{File: "ospp.txt", Line: 7}}
	for _, tc := range []struct {
		name string
		s    *evidence.Set
		want bool
	}{
		{"no key", &evidence.Set{Notes: []evidence.Note{note}}, true},
		{"a key in another output", &evidence.Set{Notes: []evidence.Note{note},
			Products: []evidence.Product{with(prod("Office 16, Office16ProPlusVL_KMS_Client edition", "VOLUME_KMSCLIENT", evidence.StatusLicensed, ""),
				func(p *evidence.Product) { p.PartialKey = "WFG99" })}}, false},
		{"nothing", &evidence.Set{}, false},
	} {
		r := report.New("analyze", time.Unix(0, 0))
		Run(tc.s, r)
		got := false
		for _, f := range r.Findings {
			if f.ID == IDOfficeNoKey {
				got = true
				if len(f.Sources) != 1 || f.Sources[0].Line != 7 {
					t.Errorf("%s: sources %+v", tc.name, f.Sources)
				}
			}
		}
		if got != tc.want {
			t.Errorf("%s: office.no_key %v, want %v", tc.name, got, tc.want)
		}
	}
}
