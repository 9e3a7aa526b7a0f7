package diagnose

import (
	"slices"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// TestKMSServerLog: a KMS server's log that answered a request is an ok
// of the KMS host; one that answered none raises nothing; the words of a
// failure beside it still decide.
func TestKMSServerLog(t *testing.T) {
	src := evidence.Source{File: "log.txt", Line: 7}
	for _, tc := range []struct {
		name   string
		set    evidence.Set
		ok     bool
		status string
	}{
		{"vlmcsd answered", evidence.Set{KMSServerLogs: []evidence.KMSServerLog{{Server: "vlmcsd", Requests: 1, Answered: 1, Count: 50, Source: src}}}, true, report.StatusOK},
		{"py-kms no request", evidence.Set{KMSServerLogs: []evidence.KMSServerLog{{Server: "py-kms", Count: -1, Source: src}}}, false, report.StatusUnknown},
		{"answered, the client says it failed", evidence.Set{
			KMSServerLogs:  []evidence.KMSServerLog{{Server: "py-kms", Requests: 1, Answered: 1, Count: -1, Source: src}},
			StatedFailures: []evidence.StatedFailure{{Context: "system not activeted", Source: src}}}, true, report.StatusProblem},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := report.New("analyze", time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
			Run(&tc.set, r)
			var got []string
			for _, f := range r.Findings {
				got = append(got, f.ID)
			}
			if slices.Contains(got, IDKMSHostLogAnswered) != tc.ok || r.Verdict.Status != tc.status {
				t.Errorf("findings %v, verdict %s; want %s: %v, verdict %s", got, r.Verdict.Status, IDKMSHostLogAnswered, tc.ok, tc.status)
			}
		})
	}
}

// TestClockStatedNeedsFailure: the clock named in words is the cause of a
// failure the inputs show (0xC004F074 beside it: time.skew, not
// kms.contact.undetermined, is the root cause); with no failure anywhere it
// names the cause of nothing.
func TestClockStatedNeedsFailure(t *testing.T) {
	src := evidence.Source{File: "ticket.txt", Line: 5}
	clock := []evidence.TimeSync{{Stratum: -1, Unsynced: true, Stated: "The cause was that the time on the client was wrong.", Source: src}}
	for _, tc := range []struct {
		name    string
		set     evidence.Set
		primary string
	}{
		{"beside 0xC004F074", evidence.Set{TimeSync: clock, Codes: []evidence.CodeSeen{{Code: "0xC004F074", Context: "Error: 0xC004F074", Source: src}}}, IDTimeSkew},
		{"no failure", evidence.Set{TimeSync: clock}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := report.New("analyze", time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
			Run(&tc.set, r)
			if r.Verdict.Primary != tc.primary {
				t.Errorf("primary %q, want %q", r.Verdict.Primary, tc.primary)
			}
			for _, f := range r.Findings {
				if f.ID == IDKMSContactUndecided && tc.primary == IDTimeSkew && r.Verdict.Primary == IDKMSContactUndecided {
					t.Errorf("kms.contact.undetermined is the root cause")
				}
				if f.ID == IDTimeSkew && tc.primary == "" {
					t.Errorf("time.skew without a failure")
				}
			}
		})
	}
}
