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

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: fleetload ingest|seed|query [flags]")
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
		err = ingest(*server, readToken(*tokFile), *rate, *dur, *conc, *batch, *machines, *gz)
	case "seed":
		if *reports == 0 {
			*reports = *machines * 10
		}
		err = seed(*db, *machines, *reports, *changed, *workers)
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

var primaries = []string{"dns.srv_missing", "tcp.refused", "rpc.bind_rejected", "kms.count.insufficient", "time.skew"}
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

func ingest(url, token string, rate float64, dur time.Duration, conc, batch, machines int, gz bool) error {
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
	post := func() error {
		var buf bytes.Buffer
		var w io.Writer = &buf
		var zw *gzip.Writer
		if gz {
			zw, _ = gzip.NewWriterLevel(&buf, gzip.BestSpeed)
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
		req, _ := http.NewRequest("POST", strings.TrimSuffix(url, "/")+"/api/v1/reports", &buf)
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
	var page struct{ Machines []struct{ ID int64 } }
	json.Unmarshal(b, &page)
	paths := []string{"/api/v1/summary", "/api/v1/kms-hosts", "/api/v1/machines?limit=100", "/api/v1/machines?status=unlicensed&limit=100",
		"/api/v1/machines?expiring_within=7d&limit=100", "/api/v1/machines?primary=dns.srv_missing&limit=100",
		"/api/v1/machines?q=pc00123&limit=100", "/api/v1/stopped-renewing?limit=100"}
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
