package diagnose

import (
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// TestEvaluationEdition: an evaluation edition is an error in both
// languages; a Server one is given the DISM conversion with holes for the
// edition and its key (never applied), a client one the reinstall.
func TestEvaluationEdition(t *testing.T) {
	for _, tc := range []struct {
		edition string
		dism    bool
	}{
		{"ServerStandardEvalCor", true},
		{"ServerDatacenterEval", true},
		{"EnterpriseEval", false},
	} {
		for _, lang := range i18n.Langs {
			s := &evidence.Set{Notes: []evidence.Note{{Kind: evidence.NoteEvaluationEdition, Detail: tc.edition, Source: report.Source{File: "dism.txt", Line: 8}}}}
			r := report.New("analyze", time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
			runLang(s, lang, r)
			var f *report.Finding
			for i := range r.Findings {
				if r.Findings[i].ID == IDLicenseEvaluationEdition {
					f = &r.Findings[i]
				}
			}
			if f == nil {
				t.Fatalf("%s %s: no %s in %+v", tc.edition, lang, IDLicenseEvaluationEdition, r.Findings)
			}
			text := f.Title + f.Detail + strings.Join(f.Fix, "")
			if !strings.Contains(f.Title, tc.edition) || strings.Contains(text, "{") || strings.Contains(text, "[finding.") {
				t.Errorf("%s %s: %q / %q / %q", tc.edition, lang, f.Title, f.Detail, f.Fix)
			}
			if got := strings.Contains(strings.Join(f.Fix, "\n"), "/Set-Edition:"); got != tc.dism {
				t.Errorf("%s %s: DISM conversion %v, want %v: %q", tc.edition, lang, got, tc.dism, f.Fix)
			}
			if r.Verdict.Status != report.StatusProblem {
				t.Errorf("%s %s: verdict %q", tc.edition, lang, r.Verdict.Status)
			}
		}
	}
}
