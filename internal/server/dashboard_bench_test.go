package server

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/store/sqlite"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

// BenchmarkDashboard renders each page over a seeded SQLite fleet of
// KMSDOCTOR_BENCH_MACHINES machines (500,000 by default), through the whole
// handler (session lookup, store queries, template), and reports the p95
// of the iterations besides ns/op. The seeded file is kept in the
// temporary folder (kmsdoctor-bench-N.db) and reused by later runs.
//
//	go test -run '^$' -bench BenchmarkDashboard -benchtime 20x ./internal/server/
func BenchmarkDashboard(b *testing.B) {
	n := 500000
	if v := os.Getenv("KMSDOCTOR_BENCH_MACHINES"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	path := filepath.Join(os.TempDir(), fmt.Sprintf("kmsdoctor-bench-%d.db", n))
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := seedBench(st.DB(), n); err != nil {
		b.Fatal(err)
	}
	if err := seedRenewals(st.DB()); err != nil {
		b.Fatal(err)
	}
	user := fmt.Sprintf("bench-%d", time.Now().UnixNano())
	if _, err := CreateUser(context.Background(), st, user, testPassword, time.Now()); err != nil {
		b.Fatal(err)
	}
	if ms, _, _ := st.Machines(context.Background(), fleet.MachineFilter{Q: "real-", Limit: 1}); len(ms) == 0 {
		var rs []fleet.Received
		for i := range 20 {
			rs = append(rs, storetest.Rec(storetest.Report(fmt.Sprintf("real-%02d", i), "notification", storetest.T0), storetest.T0))
		}
		if _, err := st.PutReports(context.Background(), rs); err != nil {
			b.Fatal(err)
		}
	}
	// The fleet gauges count the whole fleet with Store's own Summary and
	// KMSHosts (seconds at this size) when the server starts and every
	// GaugeInterval: they run once, and are waited for, so that they do
	// not share the CPU with the pages measured.
	srv := New(Config{Now: func() time.Time { return storetest.T0 }, GaugeInterval: time.Hour}, st)
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	waitGauges(b, ts)
	ms, _, err := st.Machines(context.Background(), fleet.MachineFilter{Q: "real-", Limit: 1})
	if err != nil || len(ms) == 0 {
		b.Fatalf("no real machine: %v", err)
	}
	client := benchLogin(b, ts, user)
	// overview and kms_hosts are served from the counts of the last 30
	// seconds (aggregateTTL); their _cold cases count every time (from the
	// counts the writer keeps, fleet.RollupStore).
	pages := []struct{ name, path string }{
		{"overview_cold", "/"},
		{"overview", "/"},
		{"machines", "/machines"},
		{"machines_filtered", "/machines?status=unlicensed&code=0xC004F074&q=" + url.QueryEscape("pc-4")},
		{"machines_deep_page", "/machines?cursor=" + encodeCursor(int64(n*9/10))},
		{"machine", fmt.Sprintf("/machines/%d", ms[0].ID)},
		{"kms_hosts_cold", "/kms-hosts"},
		{"kms_hosts", "/kms-hosts"},
		{"api_trends", "/api/v1/trends"},
		{"api_kms_trends", "/api/v1/kms-hosts/trends"},
	}
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			if strings.HasSuffix(p.name, "_cold") {
				defer func(ttl time.Duration) { aggregateTTL = ttl }(aggregateTTL)
				aggregateTTL = 0
			}
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				req, _ := http.NewRequest("GET", ts.URL+p.path, nil)
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("%s: %d", p.path, resp.StatusCode)
				}
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

// waitGauges waits until the server's first count of the fleet gauges
// and of the answers' gauges is done (both set their series at the end).
func waitGauges(b *testing.B, ts *httptest.Server) {
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		resp, err := http.Get(ts.URL + "/metrics")
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), "\nkmsdoctor_duplicate_cmids ") && strings.Contains(string(body), "\nkmsdoctor_kms_host_count{") {
			return
		}
	}
	b.Fatal("the fleet gauges were not counted within 2 minutes")
}

// benchLogin returns a client with the session of user.
func benchLogin(b *testing.B, ts *httptest.Server, user string) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(ts.URL + "/login")
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfRE.FindSubmatch(body)
	if m == nil {
		b.Fatal("no login form")
	}
	resp, err = c.PostForm(ts.URL+"/login", url.Values{"user": {user}, "password": {testPassword}, "csrf": {string(m[1])}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/" || resp.StatusCode != 200 {
		b.Fatalf("login: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	return c
}

// seedBench fills an empty store with n machines straight through SQL
// (the writer's path would take minutes), plus a few real reports.
func seedBench(db *sql.DB, n int) error {
	var have int
	if err := db.QueryRow(`SELECT COUNT(*) FROM machines`).Scan(&have); err != nil {
		return err
	}
	if have >= n {
		return nil
	}
	states := []string{"licensed", "licensed", "licensed", "licensed", "licensed", "licensed", "notification", "oob_grace", "unlicensed", "oot_grace"}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.Prepare(`INSERT INTO machines (mkey, computer, domain, cmid, os, server, license_status, channel, expires_at, kms_host, status,
primary_id, codes, products, report_id, content_hash, generated_at, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, 'VOLUME_KMSCLIENT', ?, ?, ?, ?, ?, '[]', ?, '', ?, ?, ?)`)
	if err != nil {
		return err
	}
	code, err := tx.Prepare(`INSERT INTO machine_codes (machine_id, code) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	t0 := storetest.T0.Unix()
	for i := have; i < n; i++ {
		st := states[i%len(states)]
		status, primary, codes := "ok", "", "[]"
		var exp int64
		if st != "licensed" {
			status, primary, codes = "problem", []string{"dns.srv.missing", "tcp.timeout", "time.skew"}[i%3], `["0xC004F074"]`
			exp = t0 + int64(i%40)*86400
		}
		name := fmt.Sprintf("pc-%07d", i)
		domain := fmt.Sprintf("d%d.corp.example", i%20)
		res, err := ins.Exec(name+"."+domain, name, domain, fmt.Sprintf("cmid-%07d", i), "Windows 11 Enterprise", 0, st, exp,
			fmt.Sprintf("kms%02d.corp.example", i%12), status, primary, codes, fmt.Sprintf("r-%d", i), t0, t0-86400, t0-int64(i%30)*86400)
		if err != nil {
			return err
		}
		if status == "problem" {
			id, _ := res.LastInsertId()
			if _, err := code.Exec(id, "0xC004F074"); err != nil {
				return err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return nil
}

// seedRenewals gives every 50th machine a last renewal 20 days old (a
// 7-day interval): the KMS hosts page lists them as stopped renewing.
func seedRenewals(db *sql.DB) error {
	var have int
	if err := db.QueryRow(`SELECT COUNT(*) FROM machine_renewals`).Scan(&have); err != nil || have > 0 {
		return err
	}
	t0 := storetest.T0.Unix()
	_, err := db.Exec(`INSERT INTO machine_renewals (machine_id, last_success, renewal_s, overdue_at)
SELECT id, ?, 604800, ? FROM machines WHERE id % 50 = 0`, t0-20*86400, t0-13*86400)
	return err
}
