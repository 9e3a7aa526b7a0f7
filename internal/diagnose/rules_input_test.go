package diagnose_test

import (
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// TestUnrecognizedDocument: an unrecognised input that reads as a document
// about no machine says so and what to collect; another says to check the
// file.
func TestUnrecognizedDocument(t *testing.T) {
	page, other := evidence.Source{File: "page.txt"}, evidence.Source{File: "other.txt"}
	s := evidence.Set{Unrecognized: []evidence.Source{page, other}, Documents: []evidence.Source{page}}
	r := report.New("analyze", time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	diagnose.Run(&s, r)
	keys := map[string][]string{}
	for _, f := range r.Findings {
		if f.ID != diagnose.IDInputUnrecognized {
			continue
		}
		for _, st := range f.Steps {
			if st.Say != nil {
				keys[f.Sources[0].File] = append(keys[f.Sources[0].File], st.Say.Key)
			}
		}
	}
	if got := keys["page.txt"]; len(got) != 2 || got[0] != "fix.input.document" || got[1] != "fix.input.document.collect" {
		t.Errorf("document's steps %v", got)
	}
	if got := keys["other.txt"]; len(got) != 1 || got[0] != "fix.input.unrecognized" {
		t.Errorf("other input's steps %v", got)
	}
	if r.Verdict.Primary != diagnose.IDInputUnrecognized {
		t.Errorf("primary %q", r.Verdict.Primary)
	}
}
