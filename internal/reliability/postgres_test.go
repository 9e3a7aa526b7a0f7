package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/agent"
	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/server"
	"github.com/kmsdoctor/kmsdoctor/internal/store/postgres"
	"github.com/kmsdoctor/kmsdoctor/internal/store/sqlstore"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

func openPG(t *testing.T, dsn string) *sqlstore.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestPostgresRestartDuringIngest: agents (spool and poster of
// internal/agent, with backoff) send to a server on PostgreSQL while
// PostgreSQL is restarted (pg_ctl restart -m fast); they retry until the
// server takes their reports, and in the end every report is stored
// once: no report lost, none doubled in the history.
func TestPostgresRestartDuringIngest(t *testing.T) {
	dsn := pgDSN(t)
	st := openPG(t, dsn)
	tok, hash := fleet.NewToken()
	if _, err := st.CreateAgent(context.Background(), "agents", fleet.RoleAgent, hash, time.Now()); err != nil {
		t.Fatal(err)
	}
	srv := server.New(server.Config{Writers: 4}, st)
	ts := httptest.NewServer(srv.Handler())
	defer func() { ts.Close(); srv.Close() }()

	const agents, rounds = 8, 40
	var (
		wg       sync.WaitGroup
		failures atomic.Int64
		restart  = make(chan struct{})
		once     sync.Once
		made     atomic.Int64
	)
	ids := make([][]string, agents)
	for a := range agents {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sp := agent.Spool{Dir: filepath.Join(t.TempDir(), "spool")}
			p := &agent.Poster{URL: ts.URL, Token: tok, Batch: 5, Client: &http.Client{Timeout: 20 * time.Second}}
			for round := range rounds {
				for i := range 3 {
					r := storetest.Report(fmt.Sprintf("a%d-r%d-%d", a, round, i), "licensed", storetest.T0)
					b, _ := json.Marshal(r)
					if err := sp.Add(r.ID, b); err != nil {
						t.Error(err)
						return
					}
					ids[a] = append(ids[a], r.ID)
				}
				if made.Add(3) > agents*rounds*3/3 {
					once.Do(func() { close(restart) })
				}
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				_, err := agent.Flush(ctx, sp, p, agent.Backoff{Min: 50 * time.Millisecond, Max: 500 * time.Millisecond},
					func(error, time.Duration) { failures.Add(1) })
				cancel()
				if err != nil {
					t.Errorf("agent %d round %d: %v", a, round, err)
					return
				}
			}
			if left, _ := sp.Pending(); len(left) != 0 {
				t.Errorf("agent %d: %d reports left in the spool", a, len(left))
			}
		}()
	}
	<-restart
	cluster, _ := pg.Get()
	if err := cluster.Restart(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	t.Logf("%d failed posts retried across the restart", failures.Load())

	var nIDs, nRows, nMachines int
	db := st.DB()
	if err := db.QueryRow(`SELECT (SELECT COUNT(*) FROM report_ids), (SELECT COUNT(*) FROM reports), (SELECT COUNT(*) FROM machines)`).
		Scan(&nIDs, &nRows, &nMachines); err != nil {
		t.Fatal(err)
	}
	want := agents * rounds * 3
	if nIDs != want || nRows != want || nMachines != want {
		t.Errorf("stored %d ids, %d history rows, %d machines; want %d each", nIDs, nRows, nMachines, want)
	}
	for _, list := range ids {
		for _, id := range list {
			if _, err := st.Report(context.Background(), id); err != nil {
				t.Fatalf("report %s: %v", id, err)
			}
		}
	}
}

// TestReplicasRace: two servers start at once on one empty PostgreSQL
// database (the migrations run once, both become ready), then both
// schedule the same probes and run with one clock moved slot by slot:
// every probe runs exactly once per interval across the two.
func TestReplicasRace(t *testing.T) {
	dsn := pgDSN(t)
	var (
		clock atomic.Int64
		mu    sync.Mutex
		runs  = map[string]int{} // target@slot -> runs
		slot  atomic.Int64
	)
	clock.Store(storetest.T0.UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()).UTC() }
	check := func(_ context.Context, target string, _ time.Duration) (*report.Report, error) {
		mu.Lock()
		runs[fmt.Sprintf("%s@%d", target, slot.Load())]++
		mu.Unlock()
		r := report.New(fleet.ProbeCommand, now())
		r.Subject = report.Subject{Computer: target, Role: report.RoleProbe}
		r.Verdict.Status = report.StatusOK
		return r, nil
	}
	srvs := make([]*server.Server, 2)
	stores := make([]*sqlstore.Store, 2)
	var wg sync.WaitGroup
	for i := range srvs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := postgres.Open(context.Background(), dsn)
			if err != nil {
				t.Error(err)
				return
			}
			stores[i] = s
			srvs[i] = server.New(server.Config{Now: now, Writers: 2}, s)
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	defer func() {
		for i := range srvs {
			srvs[i].Close()
			stores[i].Close()
		}
	}()
	var versions, distinct int
	if err := stores[0].DB().QueryRow(`SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`).Scan(&versions, &distinct); err != nil ||
		versions != distinct {
		t.Fatalf("migrations: %d rows for %d versions (%v)", versions, distinct, err)
	}
	for i, s := range srvs {
		ts := httptest.NewServer(s.Handler())
		resp, err := http.Get(ts.URL + "/readyz")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("replica %d not ready: %v %v", i, err, resp)
		}
		resp.Body.Close()
		ts.Close()
	}
	targets := []string{"kms01.corp.example:1688", "kms02.corp.example:1688", "10.0.0.5:1688"}
	for _, s := range srvs {
		s.SetChecker(check)
		if err := s.StartProbes(context.Background(), server.ProbeConfig{Targets: targets, Interval: time.Minute,
			Tick: 5 * time.Millisecond}); err != nil {
			t.Fatal(err)
		}
	}
	ps := fleet.ProbeStore(stores[0])
	const slots = 10
	for n := range slots {
		slot.Store(int64(n))
		clock.Store(storetest.T0.Add(time.Duration(n)*time.Minute + time.Second).UnixNano())
		// Wait until every probe finished this slot's run, then a little
		// more so that a second run would show.
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			all, err := ps.Probes(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			done := 0
			for _, p := range all {
				if p.Runs >= int64(n+1) {
					done++
				}
			}
			if done == len(targets) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("slot %d: only %d probes ran", n, done)
			}
		}
		time.Sleep(30 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, target := range targets {
		for n := range slots {
			if got := runs[fmt.Sprintf("%s@%d", target, n)]; got != 1 {
				t.Errorf("%s ran %d times in slot %d, want once", target, got, n)
			}
		}
	}
	var probeReports int
	if err := stores[0].DB().QueryRow(`SELECT COUNT(*) FROM report_ids`).Scan(&probeReports); err != nil || probeReports != slots*len(targets) {
		t.Errorf("%d probe reports stored (%v), want %d", probeReports, err, slots*len(targets))
	}
}
