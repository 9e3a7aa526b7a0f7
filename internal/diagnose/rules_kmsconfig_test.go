package diagnose

import (
	"slices"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// TestKMSConfigSet: slmgr /skms's message (matched, or inferred from its
// shape) or the licensing service's WMI row naming the host is an ok finding of the kms_config stage and a verdict ok; another
// note, or none, raises nothing. Evidence constructed.
func TestKMSConfigSet(t *testing.T) {
	src := report.Source{File: "in.txt", Line: 2}
	tests := []struct {
		name     string
		notes    []evidence.Note
		want     bool
		detail   string
		inferred bool
	}{
		{"matched", []evidence.Note{{Kind: evidence.NoteKMSNameSet, Detail: "kms01.corp.example:1688", Source: src}}, true, "finding.kms.config.set.detail", false},
		{"inferred", []evidence.Note{{Kind: evidence.NoteKMSNameSet, Detail: "kms.core.windows.net:1688", Source: src, Inferred: true}}, true, "finding.kms.config.set.detail_inferred", true},
		{"no host", []evidence.Note{{Kind: evidence.NoteKMSNameSet, Source: src}}, false, "", false},
		{"a WMI row", []evidence.Note{{Kind: evidence.NoteKMSConfigured, Detail: "kms01.corp.example:1688", Source: src}}, true, "finding.kms.config.set.detail_wmi", false},
		{"another note", []evidence.Note{{Kind: evidence.NoteKMSNameCleared, Source: src}}, false, "", false},
	}
	for _, tt := range tests {
		for _, lang := range []i18n.Lang{i18n.EN, i18n.JA} {
			r := report.New("analyze", time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC))
			runLang(&evidence.Set{Notes: tt.notes}, lang, r)
			if got := slices.Contains(ids(r), IDKMSConfigSet); got != tt.want {
				t.Errorf("%s/%s: ids %v", tt.name, lang, ids(r))
				continue
			}
			if tt.want && (r.Verdict.Status != report.StatusOK || r.Verdict.Stages[report.StageKMSConfig] != report.StageOK) {
				t.Errorf("%s/%s: verdict %s, kms_config %s", tt.name, lang, r.Verdict.Status, r.Verdict.Stages[report.StageKMSConfig])
			}
			for _, f := range r.Findings {
				if f.ID != IDKMSConfigSet {
					continue
				}
				if f.Severity != report.OK || f.Message.Detail.Key != tt.detail || (f.Evidence["inferred"] == true) != tt.inferred || f.Title == "" || f.Detail == "" {
					t.Errorf("%s/%s: %+v", tt.name, lang, f)
				}
			}
		}
	}
}
