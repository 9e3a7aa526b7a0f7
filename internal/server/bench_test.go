package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/report"
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

// BenchmarkIngest posts one report per request from parallel clients
// over loopback HTTP into SQLite; reports/s is the figure.
func BenchmarkIngest(b *testing.B) {
	f := newFixture(b, Config{})
	var n atomic.Int64
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/reports", bytes.NewReader(benchReport(n.Add(1))))
			req.Header.Set("Authorization", "Bearer "+f.agent)
			resp, err := client.Do(req)
			if err != nil || resp.StatusCode != 200 {
				b.Errorf("post: %v %v", resp, err)
				return
			}
			resp.Body.Close()
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}
