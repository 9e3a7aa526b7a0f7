// Command fleetload measures the fleet server (issue 16, item 7): run with
// `go run ./scripts/fleetload MODE [flags]`.
//
//	ingest  post new ~3 KiB reports to a running `kmsdoctor serve`: as fast
//	        as -conc clients can (-rate 0), or open-loop at -rate reports/s,
//	        where each acknowledgement's latency is counted from the time
//	        its request was due (no coordinated omission); prints
//	        reports/s and the p50/p95/p99 acknowledgement.
//	seed    fill a store directly (store.Open, PutReports in batches of
//	        1000) with -machines machines and -reports reports, a
//	        -changed share of them with new content (history rows).
//	bulk    add -reports more reports to a seeded store in SQL (no
//	        PutReports, no HTTP: minutes for millions), spread over the
//	        machines stored and the 120 days before the seed's reports: a
//	        -changed share with a history row of their own (the body of a
//	        real ~3 KiB report), the others pointing at their machine's
//	        latest row. Constructed data for the query figures only; the
//	        machines' latest state stays what seed stored.
//	unroll  delete a store's daily rollups (rollup_days, rollup_state), so
//	        that the next `serve` replays the history into them again: to
//	        measure the replay's time and memory more than once.
//	query   time the fleet queries of the read API against a running
//	        server, -n times each; prints p50/p95/max.
//
// With -pid, ingest and query end with the server's RSS (VmRSS, VmHWM
// from /proc). Timings are figures for the README, never test verdicts.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/store"
)

var t0 = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)

// pregenRate and pregenMax bound the bodies ingest makes before its clock
// starts: for a closed-loop run (-rate 0), pregenRate reports/s of its
// duration; never more than pregenMax reports (~1.2 KiB each, gzipped).
const pregenRate, pregenMax = 4000, 120000

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: fleetload ingest|seed|bulk|unroll|query [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	var (
		server   = fs.String("server", "http://127.0.0.1:8480", "server URL")
		tokFile  = fs.String("token-file", "", "file with an agent token (ingest) or a reader token (query)")
		rate     = fs.Float64("rate", 0, "ingest: reports/s offered (0: as fast as -conc clients go)")
		dur      = fs.Duration("duration", 20*time.Second, "ingest: how long")
		conc     = fs.Int("conc", 16, "ingest: clients (open-loop: the most requests in flight)")
		batch    = fs.Int("batch", 1, "ingest: reports per request")
		machines = fs.Int("machines", 200000, "distinct machines")
		first    = fs.Int("first", 0, "ingest: number of the first report (and machine): a later run with a -first past the reports sent so far sends new machines")
		reports  = fs.Int("reports", 0, "seed: reports in all (default 10 per machine)")
		changed  = fs.Float64("changed", 0.1, "seed: share of a machine's later reports with new content")
		db       = fs.String("db", "", "seed: the store's DSN")
		workers  = fs.Int("workers", 1, "seed: concurrent PutReports (1 for SQLite, 4 for PostgreSQL)")
		n        = fs.Int("n", 50, "query: runs of each query")
		pid      = fs.Int("pid", 0, "the server's process id, for its RSS")
		gz       = fs.Bool("gzip", true, "ingest: gzip the bodies, as the agent does")
	)
	fs.Parse(os.Args[2:])
	var err error
	switch os.Args[1] {
	case "ingest":
		err = ingest(*server, readToken(*tokFile), *rate, *dur, *conc, *batch, *machines, *first, *gz)
	case "seed":
		if *reports == 0 {
			*reports = *machines * 10
		}
		err = seed(*db, *machines, *reports, *changed, *workers)
	case "bulk":
		err = bulk(*db, *reports, *changed)
	case "unroll":
		err = unroll(*db)
	case "query":
		err = query(*server, readToken(*tokFile), *n)
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err == nil && *pid > 0 {
		printRSS(*pid)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fleetload:", err)
		os.Exit(1)
	}
}

func readToken(path string) string {
	if path == "" {
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fleetload:", err)
		os.Exit(1)
	}
	return strings.TrimSpace(string(b))
}

var states = []string{"licensed", "licensed", "licensed", "licensed", "licensed", "licensed", "licensed", "licensed", "licensed",
	"licensed", "licensed", "licensed", "licensed", "licensed", "licensed", "licensed", "oob_grace", "oot_grace", "notification", "unlicensed"}

var primaries = []string{"dns.srv.missing", "tcp.refused", "rpc.not_kms", "kms.count.insufficient", "time.skew"}
var codes = []string{"0xC004F074", "0xC004F038", "0x8007232B", "0xC004F035", "0x80070005"}

// machineReport is a report of about 3 KiB of machine i, version v of its
// content, made at at.
func machineReport(i, v int, at time.Time) *report.Report {
	rnd := rand.New(rand.NewPCG(uint64(i), uint64(v)))
	st := states[rnd.IntN(len(states))]
	name := fmt.Sprintf("pc%07d", i)
	r := report.New("check", at)
	cmid := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
	if i%500 == 1 { // a clone: shares the CMID of the machine before it
		cmid = fmt.Sprintf("%08x-0000-4000-8000-%012x", i-1, i-1)
	}
	r.Subject = report.Subject{Computer: name, Domain: fmt.Sprintf("site%02d.corp.example", i%40), CMID: cmid,
		OS: "Windows 11 Enterprise", Role: report.RoleClient}
	if i%10 == 0 {
		r.Subject.OS = "Windows Server 2022 Standard"
	}
	p := report.Product{Name: "Windows", Application: "windows", Channel: "VOLUME_KMSCLIENT", LicenseStatus: st,
		KMSConfigured: fmt.Sprintf("kms%02d.corp.example:1688", i%10), Activation: "kms"}
	if st != "licensed" {
		p.GraceMinutes = 1 + rnd.IntN(60*24*45)
	} else {
		p.ExpiresAt = at.Add(time.Duration(24*(1+rnd.IntN(180))) * time.Hour).Format(time.RFC3339)
	}
	r.Products = []report.Product{p}
	r.Verdict = report.Verdict{Status: report.StatusOK, Codes: []string{}, Stages: report.NotObserved()}
	if st != "licensed" {
		k := rnd.IntN(len(primaries))
		r.Verdict.Status, r.Verdict.Primary, r.Verdict.Codes = report.StatusProblem, primaries[k], []string{codes[k]}
	}
	last := at.Add(-time.Duration(rnd.IntN(12*24)) * time.Hour)
	r.Findings = []report.Finding{
		{ID: "events.activation.expiry", Severity: report.Info, Evidence: map[string]any{"computer": name,
			"last_success": last.UTC().Format("2006-01-02 15:04 UTC"), "renewal_interval_minutes": 10080, "count": 40, "v": v}},
		{ID: "license.ok", Severity: report.OK, Evidence: map[string]any{"note": strings.Repeat("x", 2000)},
			Message: report.FindingMessage{Title: report.Message{Key: "finding.license.ok.title"}}},
	}
	return r
}

func ingest(url, token string, rate float64, dur time.Duration, conc, batch, machines, first int, gz bool) error {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: conc * 2, MaxConnsPerHost: conc * 2}}
	// The bodies are made from 1000 templates whose id, computer name and
	// time are replaced, so that the generator's own CPU (on the same two
	// cores as the server) stays small: every report is still new, of
	// its own machine, with a new content hash.
	templates := make([][]byte, 1000)
	for k := range templates {
		r := machineReport(k, k, t0)
		r.ID, r.Subject.Computer = "ID-PLACEHOLDER-0000000000000000000", "NAME-PLACEHOLDER"
		templates[k], _ = json.Marshal(r)
	}
	var seq atomic.Int64
	seq.Store(int64(first))
	var zws sync.Pool // *gzip.Writer, reused: a new one costs more than compressing 3 KiB
	// makeBody is one request's body (batch reports, each with a new id
	// and the next machine number), gzip-compressed if gz.
	makeBody := func() []byte {
		var buf bytes.Buffer
		var w io.Writer = &buf
		var zw *gzip.Writer
		if gz {
			if zw, _ = zws.Get().(*gzip.Writer); zw != nil {
				zw.Reset(&buf)
			} else {
				zw, _ = gzip.NewWriterLevel(&buf, gzip.BestSpeed)
			}
			defer zws.Put(zw)
			w = zw
		}
		w.Write([]byte(`{"reports":[`))
		for k := range batch {
			i := seq.Add(1)
			if k > 0 {
				w.Write([]byte(","))
			}
			b := bytes.Replace(templates[i%1000], []byte("ID-PLACEHOLDER-0000000000000000000"), []byte(report.NewID()), 1)
			b = bytes.Replace(b, []byte("NAME-PLACEHOLDER"), []byte(fmt.Sprintf("pc%07d", int(i)%machines)), 1)
			w.Write(b)
		}
		w.Write([]byte(`]}`))
		if zw != nil {
			zw.Close()
		}
		return buf.Bytes()
	}
	// The bodies of the requests the run is expected to send are made
	// before its clock starts (the generator shares the two cores with the
	// server: making and compressing a body took ~0.05 ms of its 0.13 ms
	// of CPU per report); past them, bodies are made as requests go.
	want := int(rate * dur.Seconds() / float64(batch))
	if rate <= 0 {
		want = int(float64(pregenRate) * dur.Seconds() / float64(batch))
	}
	want = min(want, pregenMax/batch)
	pre := make([][]byte, want)
	for k := range pre {
		pre[k] = makeBody()
	}
	var next atomic.Int64
	post := func() error {
		var b []byte
		if k := next.Add(1) - 1; k < int64(len(pre)) {
			b, pre[k] = pre[k], nil
		} else {
			b = makeBody()
		}
		req, _ := http.NewRequest("POST", strings.TrimSuffix(url, "/")+"/api/v1/reports", bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+token)
		if gz {
			req.Header.Set("Content-Encoding", "gzip")
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return fmt.Errorf("HTTP %d", resp.StatusCode)
		}
		return nil
	}
	var (
		mu      sync.Mutex
		lat     []time.Duration
		errs    atomic.Int64
		dropped atomic.Int64
		wg      sync.WaitGroup
	)
	record := func(due time.Time, err error) {
		if err != nil {
			errs.Add(1)
			return
		}
		d := time.Since(due)
		mu.Lock()
		lat = append(lat, d)
		mu.Unlock()
	}
	cpu0 := cpuTime()
	start := time.Now()
	end := start.Add(dur)
	if rate <= 0 {
		for range conc {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(end) {
					due := time.Now()
					record(due, post())
				}
			}()
		}
	} else {
		// Open loop: request k is due at start + k*batch/rate, whatever
		// the server's pace; at most conc*4 are in flight.
		slots := make(chan struct{}, conc*4)
		every := time.Duration(float64(time.Second) * float64(batch) / rate)
		for k := 0; ; k++ {
			due := start.Add(time.Duration(k) * every)
			if due.After(end) {
				break
			}
			time.Sleep(time.Until(due))
			select {
			case slots <- struct{}{}:
			default:
				dropped.Add(1)
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-slots }()
				record(due, post())
			}()
		}
	}
	wg.Wait()
	took := time.Since(start)
	slices.Sort(lat)
	fmt.Printf("requests %d (x%d reports), errors %d, not sent (too many in flight) %d, %.1f s\n", len(lat), batch, errs.Load(), dropped.Load(), took.Seconds())
	fmt.Printf("acknowledged reports/s %.0f\n", float64(len(lat)*batch)/took.Seconds())
	if n := len(lat) * batch; n > 0 && cpu0 >= 0 {
		fmt.Printf("generator CPU per report during the run %.3f ms (%d bodies made before it)\n", float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(n), len(pre))
	}
	if len(lat) > 0 {
		fmt.Printf("ack latency p50 %s p95 %s p99 %s max %s\n", pct(lat, 50), pct(lat, 95), pct(lat, 99), lat[len(lat)-1])
	}
	return nil
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[min(len(d)-1, len(d)*p/100)].Round(10 * time.Microsecond)
}

func seed(dsn string, machines, total int, changed float64, workers int) error {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	per := max(total/machines, 1)
	start := time.Now()
	jobs := make(chan []fleet.Received, workers*2)
	var (
		wg   sync.WaitGroup
		done atomic.Int64
		ferr atomic.Value
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				if _, err := st.PutReports(ctx, b); err != nil {
					ferr.Store(err)
					return
				}
				if n := done.Add(int64(len(b))); n%100000 < int64(len(b)) {
					fmt.Fprintf(os.Stderr, "%d reports, %.0f/s\n", n, float64(n)/time.Since(start).Seconds())
				}
			}
		}()
	}
	// Report j of every machine, then j+1: a machine's reports come in
	// time order, as from its agent, day after day.
	var b []fleet.Received
	for j := range per {
		at := t0.Add(time.Duration(j-per) * 24 * time.Hour)
		for i := range machines {
			v := 0
			if j > 0 && rand.Float64() < changed {
				v = j
			}
			r := machineReport(i, v, at)
			b = append(b, fleet.Received{ID: r.ID, ReceivedAt: at, Report: r})
			if len(b) == 1000 {
				if e := ferr.Load(); e != nil {
					close(jobs)
					return e.(error)
				}
				jobs <- b
				b = nil
			}
		}
	}
	if len(b) > 0 {
		jobs <- b
	}
	close(jobs)
	wg.Wait()
	if e := ferr.Load(); e != nil {
		return e.(error)
	}
	took := time.Since(start)
	fmt.Printf("seeded %d machines, %d reports in %.0f s (%.0f reports/s)\n", machines, done.Load(), took.Seconds(), float64(done.Load())/took.Seconds())
	return nil
}

// bulkSQL are bulk's statements per dialect: history rows for reports
// from ?1+1 to ?1+?2, then their report ids, then ?3 report ids without
// a row of their own. Arguments: first, count, machines, t0 (Unix), body.
var bulkSQL = map[bool][3]string{
	false: { // SQLite
		`WITH RECURSIVE n(k) AS (SELECT ?1 + 1 UNION ALL SELECT k + 1 FROM n WHERE k < ?1 + ?2)
INSERT INTO reports (machine_id, report_id, content_hash, generated_at, received_at, status, primary_id, body)
SELECT 1 + k % ?3, 'bulk-' || k, 'bulk-' || k, ?4 - (k % 120) * 86400, ?4 - (k % 120) * 86400, 'ok', '', ?5 FROM n`,
		`INSERT INTO report_ids (id, machine_id, report_row, agent_id, received_at)
SELECT report_id, machine_id, seq, 0, received_at FROM reports WHERE seq > ?1`,
		`WITH RECURSIVE n(k) AS (SELECT ?1 + 1 UNION ALL SELECT k + 1 FROM n WHERE k < ?1 + ?2)
INSERT INTO report_ids (id, machine_id, report_row, agent_id, received_at)
SELECT 'bulk-' || k, m.id, m.report_row, 0, ?4 - (k % 120) * 86400 FROM n JOIN machines m ON m.id = 1 + k % ?3`,
	},
	true: { // PostgreSQL
		`INSERT INTO reports (machine_id, report_id, content_hash, generated_at, received_at, status, primary_id, body)
SELECT 1 + k % $3, 'bulk-' || k, 'bulk-' || k, $4 - (k % 120) * 86400, $4 - (k % 120) * 86400, 'ok', '', $5::text
FROM generate_series($1::bigint + 1, $1::bigint + $2::bigint) AS k`,
		`INSERT INTO report_ids (id, machine_id, report_row, agent_id, received_at)
SELECT report_id, machine_id, seq, 0, received_at FROM reports WHERE seq > $1`,
		`INSERT INTO report_ids (id, machine_id, report_row, agent_id, received_at)
SELECT 'bulk-' || k, m.id, m.report_row, 0, $4 - (k % 120) * 86400
FROM generate_series($1::bigint + 1, $1::bigint + $2::bigint) AS k JOIN machines m ON m.id = 1 + k % $3`,
	},
}

func bulk(dsn string, total int, changed float64) error {
	ctx := context.Background()
	db, closeDB, err := openDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer closeDB()
	pg := strings.HasPrefix(dsn, "postgres")
	var machines, maxSeq, before int64
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM machines`).Scan(&machines); err != nil {
		return err
	}
	if machines == 0 {
		return fmt.Errorf("no machines: run seed first")
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM report_ids`).Scan(&before); err != nil {
		return err
	}
	body, _ := json.Marshal(machineReport(1, 1, t0))
	start := time.Now()
	const chunk = 100000
	hist := int(float64(total) * changed)
	q := bulkSQL[pg]
	args := func(first, n int) []any {
		return []any{int64(first), int64(n), machines, t0.Add(-24 * time.Hour).Unix(), string(body)}
	}
	run := func(stmt, first, n int, what string) error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		a := args(first, n)
		switch stmt {
		case 0:
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM reports`).Scan(&maxSeq); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, q[0], a...); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			if _, err := tx.ExecContext(ctx, q[1], maxSeq); err != nil {
				return fmt.Errorf("%s ids: %w", what, err)
			}
		case 2:
			if _, err := tx.ExecContext(ctx, q[2], a[:4]...); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		return tx.Commit()
	}
	// Ids from 10^9 on, so that a second bulk run adds to the first.
	base := 1_000_000_000 + int(before)
	for done := 0; done < total; {
		n := min(chunk, total-done)
		stmt, what := 2, "reports without a row"
		if done < hist {
			n, stmt, what = min(n, hist-done), 0, "history rows"
		}
		if err := run(stmt, base+done, n, what); err != nil {
			return err
		}
		done += n
		fmt.Fprintf(os.Stderr, "%d reports, %.0f/s\n", done, float64(done)/time.Since(start).Seconds())
	}
	var after int64
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM report_ids`).Scan(&after); err != nil {
		return err
	}
	if pg {
		_, _ = db.ExecContext(ctx, `ANALYZE`)
	}
	fmt.Printf("bulk: %d reports added (%d with a history row) in %.0f s; %d machines, %d reports stored\n",
		after-before, hist, time.Since(start).Seconds(), machines, after)
	return nil
}

// openDB opens the store at dsn (applying its migrations) and hands out
// its database handle for the plain SQL of bulk and unroll.
func openDB(ctx context.Context, dsn string) (*sql.DB, func(), error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	dber, ok := st.(interface{ DB() *sql.DB })
	if !ok {
		st.Close()
		return nil, nil, fmt.Errorf("store %T has no DB", st)
	}
	return dber.DB(), func() { st.Close() }, nil
}

func unroll(dsn string) error {
	ctx := context.Background()
	db, closeDB, err := openDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer closeDB()
	for _, q := range []string{`DELETE FROM rollup_days`, `DELETE FROM rollup_state`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	fmt.Println("unroll: the daily rollups deleted; the next serve replays the history")
	return nil
}

func query(url, token string, n int) error {
	url = strings.TrimSuffix(url, "/")
	get := func(path string) (time.Duration, []byte, error) {
		req, _ := http.NewRequest("GET", url+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, nil, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return 0, nil, fmt.Errorf("%s: HTTP %d %s", path, resp.StatusCode, b)
		}
		return time.Since(start), b, nil
	}
	_, b, err := get("/api/v1/machines?limit=1000&status=licensed")
	if err != nil {
		return err
	}
	var page struct {
		Machines []struct {
			ID       int64
			ReportID string `json:"report_id"`
		}
	}
	json.Unmarshal(b, &page)
	paths := []string{"/api/v1/summary", "/api/v1/kms-hosts", "/api/v1/machines?limit=100", "/api/v1/machines?status=unlicensed&limit=100",
		"/api/v1/machines?expiring_within=7d&limit=100", "/api/v1/machines?primary=dns.srv.missing&limit=100",
		"/api/v1/machines?q=pc00123&limit=100", "/api/v1/machines?q=site01.&limit=100", "/api/v1/machines?q=pc&limit=100",
		"/api/v1/stopped-renewing?limit=100"}
	for _, p := range paths {
		var lat []time.Duration
		for range n {
			d, _, err := get(p)
			if err != nil {
				return err
			}
			lat = append(lat, d)
		}
		slices.Sort(lat)
		fmt.Printf("%-52s p50 %-10s p95 %-10s max %s\n", p, pct(lat, 50), pct(lat, 95), lat[len(lat)-1].Round(10*time.Microsecond))
	}
	if len(page.Machines) > 0 {
		var lat []time.Duration
		for k := range n {
			d, _, err := get(fmt.Sprintf("/api/v1/machines/%d", page.Machines[k%len(page.Machines)].ID))
			if err != nil {
				return err
			}
			lat = append(lat, d)
		}
		slices.Sort(lat)
		fmt.Printf("%-52s p50 %-10s p95 %-10s max %s\n", "/api/v1/machines/{id}", pct(lat, 50), pct(lat, 95), lat[len(lat)-1].Round(10*time.Microsecond))
		lat = lat[:0]
		for k := range n {
			d, _, err := get("/api/v1/reports/" + page.Machines[k%len(page.Machines)].ReportID)
			if err != nil {
				return err
			}
			lat = append(lat, d)
		}
		slices.Sort(lat)
		fmt.Printf("%-52s p50 %-10s p95 %-10s max %s\n", "/api/v1/reports/{id}", pct(lat, 50), pct(lat, 95), lat[len(lat)-1].Round(10*time.Microsecond))
	}
	return nil
}

func printRSS(pid int) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		fmt.Fprintln(os.Stderr, "fleetload: rss:", err)
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") || strings.HasPrefix(line, "VmHWM:") {
			fmt.Println("server", strings.Join(strings.Fields(line), " "))
		}
	}
}
