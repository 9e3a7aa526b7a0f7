package storetest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// HostReport is a KMS host's report with the kmshost.count finding its
// 12290 events give.
func HostReport(computer string, count int, at time.Time) *report.Report {
	r := Report(computer, "licensed", at)
	r.Subject.Role = report.RoleKMSHost
	r.Subject.OS = "Windows Server 2022 Standard"
	r.Findings = []report.Finding{{ID: fleet.FindingKMSHostCount, Severity: report.Info,
		Evidence: map[string]any{"count": count, "window_start": at.Add(-30 * 24 * time.Hour), "window_end": at.Add(-time.Hour), "requests": 40}}}
	return r
}

// RenewedReport is a client's report whose events show its last
// successful renewal at last, with the renewal interval in minutes.
func RenewedReport(computer string, last time.Time, intervalMinutes int, at time.Time) *report.Report {
	r := Report(computer, "licensed", at)
	r.Findings = []report.Finding{{ID: "events.activation.expiry", Severity: report.Info,
		Evidence: map[string]any{"computer": computer, "last_success": last.UTC().Format("2006-01-02 15:04 UTC"),
			"renewal_interval_minutes": intervalMinutes, "count": 30}}}
	return r
}

// viaJSON is r as the server decodes it from an agent's body.
func viaJSON(t *testing.T, r *report.Report) *report.Report {
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	d, err := report.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// RunAnswers checks a store's fleet.AnswerStore; open returns a new,
// empty store (closed by RunAnswers).
func RunAnswers(t *testing.T, open func(t *testing.T) fleet.Store) {
	t.Run("HostCounts", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		as := s.(fleet.AnswerStore)
		ctx := context.Background()
		put(t, s, Rec(viaJSON(t, HostReport("kms01", 31, T0)), T0), Rec(Report("pc01", "licensed", T0), T0),
			Rec(HostReport("kms02", 3, T0.Add(-60*24*time.Hour)), T0.Add(-60*24*time.Hour)))
		got, err := as.HostCounts(ctx, T0.Add(-30*24*time.Hour))
		if err != nil || len(got) != 1 || got[0].Host != "kms01.corp.example" || got[0].Computer != "kms01" || got[0].Count != 31 ||
			!got[0].WindowEnd.Equal(T0.Add(-time.Hour)) {
			t.Fatalf("HostCounts: %+v %v", got, err)
		}
		// A newer report of the host without the finding drops its count.
		later := Report("kms01", "licensed", T0.Add(time.Hour))
		later.Subject.Role = report.RoleKMSHost
		put(t, s, Rec(later, T0.Add(time.Hour)))
		if got, _ := as.HostCounts(ctx, T0.Add(-30*24*time.Hour)); len(got) != 0 {
			t.Errorf("after a report without the count: %+v", got)
		}
	})
	t.Run("StoppedRenewing", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		as := s.(fleet.AnswerStore)
		ctx := context.Background()
		day := 24 * time.Hour
		put(t, s,
			Rec(viaJSON(t, RenewedReport("old", T0.Add(-10*day), 10080, T0)), T0), // overdue since T0-3d
			Rec(RenewedReport("edge", T0.Add(-8*day), 10080, T0), T0),             // overdue since T0-1d: within the margin
			Rec(RenewedReport("fresh", T0.Add(-day), 10080, T0), T0),              // renewed yesterday
			Rec(RenewedReport("short", T0.Add(-4*day), 1440, T0), T0),             // 1-day interval: overdue since T0-3d
			Rec(Report("silent", "licensed", T0), T0))                             // no event evidence
		got, total, err := as.StoppedRenewing(ctx, T0, fleet.DefaultRenewalMargin, 0, 10)
		if err != nil || total != 2 || len(got) != 2 {
			t.Fatalf("StoppedRenewing: %d %+v %v", total, got, err)
		}
		keys := []string{got[0].Key, got[1].Key}
		if keys[0] != "old.corp.example" || keys[1] != "short.corp.example" || got[0].RenewalInterval != 10080 ||
			!got[0].OverdueSince.Equal(T0.Add(-3*day).Truncate(time.Minute)) || got[0].KMSHost != "kms01.corp.example" {
			t.Errorf("StoppedRenewing: %+v", got)
		}
		page, total, _ := as.StoppedRenewing(ctx, T0, fleet.DefaultRenewalMargin, got[0].MachineID, 10)
		if total != 2 || len(page) != 1 || page[0].Key != "short.corp.example" {
			t.Errorf("second page: %d %+v", total, page)
		}
		if _, _, err := as.StoppedRenewing(ctx, T0, 0, 0, 5000); fleet.ErrorCode(err) != fleet.EINVALID {
			t.Errorf("limit 5000: %v", err)
		}
		// It renewed: the next report takes it off the list.
		put(t, s, Rec(RenewedReport("old", T0.Add(-time.Hour), 10080, T0.Add(time.Hour)), T0.Add(time.Hour)))
		if _, total, _ := as.StoppedRenewing(ctx, T0.Add(time.Hour), fleet.DefaultRenewalMargin, 0, 10); total != 1 {
			t.Errorf("after renewing: %d overdue, want 1", total)
		}
	})
}
