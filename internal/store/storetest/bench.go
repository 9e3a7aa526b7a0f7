package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// BenchPut stores groups of size reports (about 3 KiB each, new ids, each
// of its own machine) per PutReports, the writer's hot path without HTTP;
// reports/s is the figure. Each report comes with its body as sent, as the
// server hands it over (the store then does not marshal the report).
func BenchPut(b *testing.B, s fleet.Store, size int) {
	note := strings.Repeat("x", 2200)
	var n int
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer() // the reports are made (and marshalled) outside the timing
		rs := make([]fleet.Received, size)
		for k := range rs {
			n++
			r := Report(fmt.Sprintf("bench%07d", n), "licensed", T0)
			r.Findings = []report.Finding{{ID: "license.ok", Severity: report.OK, Evidence: map[string]any{"note": note, "n": n}}}
			rs[k] = Rec(r, T0)
			rs[k].Body, _ = json.Marshal(r)
		}
		b.StartTimer()
		if _, err := s.PutReports(context.Background(), rs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*size)/b.Elapsed().Seconds(), "reports/s")
}
