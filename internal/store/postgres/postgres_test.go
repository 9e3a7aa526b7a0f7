package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

// pg is the package's own cluster, started by the first test that needs it.
var pg storetest.Lazy

func TestMain(m *testing.M) {
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// newDSN is an empty database: on the test's own cluster, or the one
// KMSDOCTOR_TEST_POSTGRES names (whose tables the suite then shares).
func newDSN(t *testing.T) string {
	if dsn := os.Getenv("KMSDOCTOR_TEST_POSTGRES"); dsn != "" {
		return dsn
	}
	cluster, why := pg.Get()
	if cluster == nil {
		t.Skip(why)
	}
	return cluster.NewDatabase(t)
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) fleet.Store {
		s, err := Open(context.Background(), newDSN(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestMigrationRace opens several stores on one empty database at once:
// the advisory lock lets one apply the migrations, and all end up ready.
func TestMigrationRace(t *testing.T) {
	dsn := newDSN(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(context.Background(), dsn)
			if err == nil {
				err = s.Ping(context.Background())
				s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("replica %d: %v", i, err)
		}
	}
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n, distinct int
	files, _ := filepath.Glob("../sqlstore/migrations/postgres/*.sql")
	if err := s.DB().QueryRow(`SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`).Scan(&n, &distinct); err != nil || n != len(files) || n != distinct {
		t.Errorf("schema_migrations has %d rows for %d versions (%v), want one for each of the %d migrations", n, distinct, err, len(files))
	}
}

// openWithSQL is a store on a new database and a connection to it for
// the test's own queries; both closed when the test ends.
func openWithSQL(t *testing.T) (fleet.Store, *sql.DB) {
	dsn := newDSN(t)
	st, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return st, db
}

// TestCountTables: after each step of storetest.CountedSwaps, every count
// table the triggers keep (0101, 0104, 0105) holds what the tables it
// counts say, summed over its delta rows.
func TestCountTables(t *testing.T) {
	ctx := context.Background()
	st, db := openWithSQL(t)
	pairs := map[string][2]string{
		"license": {`SELECT key, SUM(n) FROM fleet_counts WHERE dim = 'license' GROUP BY key HAVING SUM(n) <> 0`,
			`SELECT license_status, COUNT(*) FROM machines GROUP BY license_status`},
		"verdict": {`SELECT key, SUM(n) FROM fleet_counts WHERE dim = 'verdict' GROUP BY key HAVING SUM(n) <> 0`,
			`SELECT status, COUNT(*) FROM machines GROUP BY status`},
		"primary": {`SELECT key, SUM(n) FROM fleet_counts WHERE dim = 'primary' GROUP BY key HAVING SUM(n) <> 0`,
			`SELECT primary_id, COUNT(*) FROM machines WHERE status = 'problem' GROUP BY primary_id`},
		"code": {`SELECT key, SUM(n) FROM fleet_counts WHERE dim = 'code' GROUP BY key HAVING SUM(n) <> 0`,
			`SELECT c.code, COUNT(*) FROM machine_codes c JOIN machines m ON m.id = c.machine_id WHERE m.status = 'problem' GROUP BY c.code`},
		"reports": {`SELECT key, SUM(n) FROM fleet_counts WHERE dim = 'reports' GROUP BY key HAVING SUM(n) <> 0`,
			`SELECT '', COUNT(*) FROM report_ids`},
		"cmid": {`SELECT cmid, n FROM cmid_counts WHERE n <> 0`, `SELECT cmid, COUNT(*) FROM machines WHERE cmid <> '' GROUP BY cmid`},
		"kms_hours": {`SELECT host || '/' || hour || '/' || server, SUM(n) FROM kms_hours GROUP BY host, hour, server HAVING SUM(n) <> 0`,
			`SELECT kms_host || '/' || (last_seen / 3600) || '/' || server, COUNT(*) FROM machines WHERE kms_host <> '' GROUP BY kms_host, last_seen / 3600, server`},
		"expiry_days": {`SELECT day::text, SUM(n) FROM expiry_days GROUP BY day HAVING SUM(n) <> 0`,
			`SELECT (expires_at / 86400)::text, COUNT(*) FROM machines WHERE expires_at > 0 GROUP BY expires_at / 86400`},
		"renewal hosts": {`SELECT r.machine_id || '/' || r.kms_host, 1 FROM machine_renewals r`,
			`SELECT r.machine_id || '/' || m.kms_host, 1 FROM machine_renewals r JOIN machines m ON m.id = r.machine_id`},
	}
	read := func(q string) map[string]int64 {
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		out := map[string]int64{}
		for rows.Next() {
			var k string
			var n int64
			if err := rows.Scan(&k, &n); err != nil {
				t.Fatal(err)
			}
			out[k] = n
		}
		return out
	}
	storetest.CountedSwaps(t, st, func(step string) {
		t.Helper()
		for name, q := range pairs {
			if got, want := read(q[0]), read(q[1]); !maps.Equal(got, want) {
				t.Errorf("%s: %s counted %v, in the tables %v", step, name, got, want)
			}
		}
	})
}

// TestYoungAnalyze: a new database's tables are analysed by the store once
// 1,000 report ids are stored (young.go), without waiting for autovacuum.
func TestYoungAnalyze(t *testing.T) {
	ctx := context.Background()
	st, db := openWithSQL(t)
	analysed := func() bool {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_user_tables WHERE relname = 'machine_codes' AND last_analyze IS NOT NULL`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	var batch []fleet.Received
	for i := range 999 {
		batch = append(batch, storetest.Rec(storetest.Report(fmt.Sprintf("pc%04d", i), "licensed", storetest.T0), storetest.T0))
	}
	if _, err := st.PutReports(ctx, batch); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if analysed() {
		t.Fatal("analysed before 1,000 report ids")
	}
	if _, err := st.PutReports(ctx, []fleet.Received{storetest.Rec(storetest.Report("pc9999", "licensed", storetest.T0), storetest.T0)}); err != nil {
		t.Fatal(err)
	}
	for range 100 {
		if analysed() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("machine_codes not analysed 10 s after the 1,000th report id")
}

// TestAgentTouchSkipsLockedRow: a group of reports does not wait for
// another transaction that holds its agent's row (put.go, touchAgents):
// the other one is moving the same last_seen on. With the row free, the
// touch happens.
func TestAgentTouchSkipsLockedRow(t *testing.T) {
	ctx := context.Background()
	st, db := openWithSQL(t)
	_, h := fleet.NewToken()
	a, err := st.CreateAgent(ctx, "site-a", fleet.RoleAgent, h, storetest.T0)
	if err != nil {
		t.Fatal(err)
	}
	hold, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.ExecContext(ctx, `SELECT id FROM agents WHERE id = $1 FOR UPDATE`, a.ID); err != nil {
		t.Fatal(err)
	}
	r := storetest.Rec(storetest.Report("pc01", "licensed", storetest.T0), storetest.T0.Add(time.Minute))
	r.AgentID = a.ID
	wait, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := st.PutReports(wait, []fleet.Received{r}); err != nil {
		t.Fatalf("with the agent's row held elsewhere: %v", err)
	}
	if err := hold.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.AgentByToken(ctx, h); !got.LastSeen.IsZero() {
		t.Errorf("last seen %v, want none yet (the touch skipped the held row)", got.LastSeen)
	}
	r2 := storetest.Rec(storetest.Report("pc02", "licensed", storetest.T0), storetest.T0.Add(2*time.Minute))
	r2.AgentID = a.ID
	if _, err := st.PutReports(ctx, []fleet.Received{r2}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.AgentByToken(ctx, h); !got.LastSeen.Equal(storetest.T0.Add(2 * time.Minute)) {
		t.Errorf("last seen %v, want the second report's time", got.LastSeen)
	}
}

// TestBodyCompression: a report's body, over the TOAST threshold, is stored
// compressed with lz4 where the server has it (migration 0109), and reads
// back whole.
func TestBodyCompression(t *testing.T) {
	ctx := context.Background()
	st, db := openWithSQL(t)
	r := storetest.Report("pc-lz4", "licensed", storetest.T0)
	r.Findings = []report.Finding{{ID: "license.ok", Severity: report.OK, Evidence: map[string]any{"note": strings.Repeat("licensed ", 400)}}}
	if _, err := st.PutReports(ctx, []fleet.Received{storetest.Rec(r, storetest.T0)}); err != nil {
		t.Fatal(err)
	}
	var lz4 bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals))`).Scan(&lz4); err != nil {
		t.Fatal(err)
	}
	want := "pglz"
	if lz4 {
		want = "lz4"
	}
	var method string
	var stored, raw int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(pg_column_compression(body), ''), pg_column_size(body), octet_length(body) FROM reports WHERE report_id = $1`, r.ID).Scan(&method, &stored, &raw); err != nil {
		t.Fatal(err)
	}
	if method != want || stored >= raw {
		t.Errorf("body of %d bytes stored in %d with %q, want compressed with %q", raw, stored, method, want)
	}
	got, err := st.Report(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if f := got.Report.Findings; len(f) != 1 || f[0].Evidence["note"] != r.Findings[0].Evidence["note"] {
		t.Errorf("body read back: %+v", f)
	}
}
