package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// RunDashboard checks a store's fleet.DashboardStore: users, sessions,
// the machines filter (with the cloud the migration's trigger keeps) and
// the trend, and its fleet.RollupStore (rollups.go). open returns a new, empty store (closed here).
func RunDashboard(t *testing.T, open func(t *testing.T) fleet.Store) {
	ctx := context.Background()
	st := open(t)
	defer st.Close()
	s, ok := st.(fleet.DashboardStore)
	if !ok {
		t.Fatalf("%T is no fleet.DashboardStore", st)
	}
	t.Run("rollups", func(t *testing.T) { runRollups(t, open) })            // rollups.go
	t.Run("replay-chunks", func(t *testing.T) { runReplayChunks(t, open) }) // replay.go
	t.Run("counted-swaps", func(t *testing.T) { runCountedSwaps(t, open) }) // rollups.go
	t.Run("users", func(t *testing.T) {
		u, err := s.CreateUser(ctx, " alice ", "hash1", T0)
		if err != nil || u.ID == 0 || u.Name != "alice" {
			t.Fatalf("CreateUser = %+v, %v", u, err)
		}
		_, err = s.CreateUser(ctx, "alice", "hash2", T0)
		code(t, err, fleet.ECONFLICT)
		_, err = s.CreateUser(ctx, "", "hash", T0)
		code(t, err, fleet.EINVALID)
		got, hash, err := s.UserByName(ctx, "alice")
		if err != nil || got.ID != u.ID || hash != "hash1" {
			t.Fatalf("UserByName = %+v %q %v", got, hash, err)
		}
		_, _, err = s.UserByName(ctx, "bob")
		code(t, err, fleet.ENOTFOUND)
	})
	t.Run("sessions", func(t *testing.T) {
		u, _, err := s.UserByName(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		se := fleet.Session{UserID: u.ID, CSRF: "c1", CreatedAt: T0, ExpiresAt: T0.Add(time.Hour)}
		if err := s.CreateSession(ctx, "h1", se); err != nil {
			t.Fatal(err)
		}
		got, err := s.SessionByHash(ctx, "h1", T0.Add(time.Minute))
		if err != nil || got.User != "alice" || got.CSRF != "c1" || !got.ExpiresAt.Equal(se.ExpiresAt) {
			t.Fatalf("SessionByHash = %+v, %v", got, err)
		}
		_, err = s.SessionByHash(ctx, "h1", T0.Add(2*time.Hour))
		code(t, err, fleet.EUNAUTHORIZED)
		_, err = s.SessionByHash(ctx, "nope", T0)
		code(t, err, fleet.EUNAUTHORIZED)
		if n, err := s.PruneSessions(ctx, T0.Add(2*time.Hour)); err != nil || n != 1 {
			t.Fatalf("PruneSessions = %d, %v", n, err)
		}
		_ = s.CreateSession(ctx, "h2", se)
		if err := s.DeleteSession(ctx, "h2"); err != nil {
			t.Fatal(err)
		}
		_, err = s.SessionByHash(ctx, "h2", T0)
		code(t, err, fleet.EUNAUTHORIZED)
	})
	t.Run("filter", func(t *testing.T) {
		a := Report("pc-a", "licensed", T0)
		a.Subject.Cloud = "azure"
		b := Report("pc-b", "notification", T0)
		b.Subject.Domain = "Other.Example"
		b.Products[0].KMSConfigured = "KMS02.other.example:1688"
		c := Report("pc-c", "unlicensed", T0)
		c.Verdict.Codes = []string{"0xC004F038"}
		put(t, st, Rec(a, T0), Rec(b, T0), Rec(c, T0))
		// a later report of pc-a in another cloud: the trigger follows it
		a2 := Report("pc-a", "licensed", T0.Add(time.Hour))
		a2.Subject.Cloud = "aws"
		put(t, st, Rec(a2, T0.Add(time.Hour)))
		names := func(f fleet.DashFilter) []string {
			t.Helper()
			ms, _, err := s.FilterMachines(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, m := range ms {
				out = append(out, m.Computer)
			}
			return out
		}
		for _, tc := range []struct {
			name string
			f    fleet.DashFilter
			want []string
		}{
			{"all", fleet.DashFilter{}, []string{"pc-a", "pc-b", "pc-c"}},
			{"cloud", fleet.DashFilter{Cloud: "aws"}, []string{"pc-a"}},
			{"old cloud", fleet.DashFilter{Cloud: "azure"}, nil},
			{"domain any case", fleet.DashFilter{Domain: "other.example"}, []string{"pc-b"}},
			{"kms host", fleet.DashFilter{KMSHost: "kms02.other.example"}, []string{"pc-b"}},
			{"code", fleet.DashFilter{Code: "0xc004f038"}, []string{"pc-c"}},
			{"code of two", fleet.DashFilter{Code: "0xC004F074"}, []string{"pc-b"}},
			{"status and q", fleet.DashFilter{MachineFilter: fleet.MachineFilter{Status: "unlicensed", Q: "PC-"}}, []string{"pc-c"}},
			{"verdict", fleet.DashFilter{MachineFilter: fleet.MachineFilter{Verdict: "problem"}}, []string{"pc-b", "pc-c"}},
		} {
			if got := names(tc.f); !equal(got, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			}
		}
		ms, next, err := s.FilterMachines(ctx, fleet.DashFilter{MachineFilter: fleet.MachineFilter{Limit: 2}})
		if err != nil || len(ms) != 2 || next == 0 {
			t.Fatalf("page 1: %d machines, next %d, %v", len(ms), next, err)
		}
		ms, next, err = s.FilterMachines(ctx, fleet.DashFilter{MachineFilter: fleet.MachineFilter{Limit: 2, After: next}})
		if err != nil || len(ms) != 1 || next != 0 {
			t.Fatalf("page 2: %d machines, next %d, %v", len(ms), next, err)
		}
		_, _, err = s.FilterMachines(ctx, fleet.DashFilter{MachineFilter: fleet.MachineFilter{Limit: 5000}})
		code(t, err, fleet.EINVALID)
	})
	t.Run("trend", func(t *testing.T) {
		days, err := s.Trend(ctx, T0.Add(-24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(days) != 1 || days[0].Reports != 4 || days[0].Problems != 2 || !days[0].Day.Equal(T0.Truncate(24*time.Hour)) {
			t.Fatalf("Trend = %+v", days)
		}
		if days, err := s.Trend(ctx, T0.Add(24*time.Hour)); err != nil || len(days) != 0 {
			t.Fatalf("Trend after = %+v, %v", days, err)
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
