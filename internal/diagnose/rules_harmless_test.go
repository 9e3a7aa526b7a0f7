package diagnose

import (
	"slices"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// TestHarmlessEvents: a documented harmless event, in an event log or
// described in a text, is information; the verdict stays unknown alone,
// ok beside a licensed product, and another provider's event of the same
// id is no harmless one. Evidence constructed.
func TestHarmlessEvents(t *testing.T) {
	src := report.Source{File: "in.txt", Line: 1}
	licensed := []evidence.Product{{Name: "Windows(R), Enterprise edition", Channel: "VOLUME_KMSCLIENT", Status: evidence.StatusLicensed,
		PartialKey: "AAAAA", GraceMinutes: -1, ExpiryMinutes: -1, RemainingRearm: -1, Source: src}}
	tests := []struct {
		name   string
		set    *evidence.Set
		want   bool
		status string
	}{
		{"described in a text", &evidence.Set{Harmless: []evidence.HarmlessEvent{{ID: 1058, Provider: "Microsoft-Windows-Security-SPP", KB: "KB 2916670", Source: src}}}, true, report.StatusUnknown},
		{"in an event log", &evidence.Set{Events: []evidence.Event{{Provider: "Microsoft-Windows-Security-Licensing-SLC", EventID: 12321, Level: 3, Source: src}}}, true, report.StatusUnknown},
		{"beside a licensed product", &evidence.Set{Products: licensed, Events: []evidence.Event{{Provider: "Microsoft-Windows-Security-Licensing-SLC", EventID: 12321, Level: 3, Source: src}}}, true, report.StatusOK},
		{"another provider's 1058", &evidence.Set{Products: licensed, Events: []evidence.Event{{Provider: "Microsoft-Windows-GroupPolicy", EventID: 1058, Level: 2, Source: src}}}, false, report.StatusOK},
	}
	for _, tt := range tests {
		for _, lang := range []i18n.Lang{i18n.EN, i18n.JA} {
			r := report.New("analyze", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
			runLang(tt.set, lang, r)
			if slices.Contains(ids(r), IDEventsHarmless) != tt.want || r.Verdict.Status != tt.status {
				t.Errorf("%s/%s: ids %v, verdict %s", tt.name, lang, ids(r), r.Verdict.Status)
			}
			for _, f := range r.Findings {
				if f.ID == IDEventsHarmless && (f.Severity != report.Info || f.Title == "" || f.Detail == "") {
					t.Errorf("%s/%s: %s %q", tt.name, lang, f.Severity, f.Title)
				}
			}
		}
	}
}
