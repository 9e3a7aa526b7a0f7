package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/store/postgres"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

// benchReport is a report of about 3 KiB with a new id.
func benchReport(i int64) []byte {
	r := storetest.Report(fmt.Sprintf("pc%06d", i%200000), "licensed", storetest.T0)
	r.Findings = []report.Finding{{ID: "license.ok", Severity: report.OK, Evidence: map[string]any{"note": strings.Repeat("x", 2200)},
		Message: report.FindingMessage{Title: report.Message{Key: "finding.license.ok.title"}}}}
	b, _ := json.Marshal(r)
	return b
}

// benchBodies makes request bodies as the agent sends them (gzip, one
// report, a new id and machine each time) from one template, so that the
// client's share of the two cores stays small.
type benchBodies struct {
	tmpl []byte
	n    atomic.Int64
	zw   sync.Pool // *gzip.Writer: a new one costs more than the compression
}

func newBenchBodies() *benchBodies {
	r := storetest.Report("NAME-PLACEHOLDER", "licensed", storetest.T0)
	r.ID = "ID-PLACEHOLDER-0000000000000000000"
	r.Findings = []report.Finding{{ID: "license.ok", Severity: report.OK, Evidence: map[string]any{"note": strings.Repeat("x", 2200)},
		Message: report.FindingMessage{Title: report.Message{Key: "finding.license.ok.title"}}}}
	b, _ := json.Marshal(r)
	return &benchBodies{tmpl: b}
}

func (bb *benchBodies) next() []byte {
	i := bb.n.Add(1)
	b := bytes.Replace(bb.tmpl, []byte("ID-PLACEHOLDER-0000000000000000000"), []byte(report.NewID()), 1)
	b = bytes.Replace(b, []byte("NAME-PLACEHOLDER"), fmt.Appendf(nil, "pc%07d", i), 1)
	var buf bytes.Buffer
	zw, _ := bb.zw.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	} else {
		zw.Reset(&buf)
	}
	zw.Write(b)
	zw.Close()
	bb.zw.Put(zw)
	return buf.Bytes()
}

// benchIngest posts one report per request from parallel clients over
// loopback HTTP to ts; reports/s is the figure.
func benchIngest(b *testing.B, url, token string) {
	bb := newBenchBodies()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.SetParallelism(16) // 32 clients on 2 cores
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", url+"/api/v1/reports", bytes.NewReader(bb.next()))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Encoding", "gzip")
			resp, err := client.Do(req)
			if err != nil || resp.StatusCode != 200 {
				b.Errorf("post: %v %v", resp, err)
				return
			}
			io.Copy(io.Discard, resp.Body) // to EOF, so the connection is reused
			resp.Body.Close()
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkIngest: one gzip report per request, 32 parallel loopback
// clients, into SQLite.
func BenchmarkIngest(b *testing.B) {
	f := newFixture(b, Config{})
	benchIngest(b, f.ts.URL, f.agent)
}

// BenchmarkIngestPostgres is BenchmarkIngest into the PostgreSQL database
// of KMSDOCTOR_BENCH_POSTGRES (a DSN; its tables are used as they are),
// with the 2 writers `serve` runs there; skipped without it.
func BenchmarkIngestPostgres(b *testing.B) {
	dsn := os.Getenv("KMSDOCTOR_BENCH_POSTGRES")
	if dsn == "" {
		b.Skip("KMSDOCTOR_BENCH_POSTGRES=postgres://... not set")
	}
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	tok, h := fleet.NewToken()
	if _, err := st.CreateAgent(context.Background(), fmt.Sprintf("bench-%d", time.Now().UnixNano()), fleet.RoleAgent, h, time.Now()); err != nil {
		b.Fatal(err)
	}
	srv := New(Config{Writers: 2}, st)
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(func() {
		ts.Close()
		srv.Close()
		st.Close()
	})
	benchIngest(b, ts.URL, tok)
}

// BenchmarkDecodeBody is the JSON side of one request.
func BenchmarkDecodeBody(b *testing.B) {
	body := benchReport(1)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, _, err := decodeBody(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeBatch is the same for the body the agent and fleetload
// send: {"reports": [...]}, here with one report.
func BenchmarkDecodeBatch(b *testing.B) {
	body := []byte(`{"reports":[` + string(benchReport(1)) + `]}`)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, _, err := decodeBody(body); err != nil {
			b.Fatal(err)
		}
	}
}
