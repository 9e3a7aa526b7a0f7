package server

import (
	"context"
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/store/sqlstore"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

// chartFixture is dashFixture with three days of history, a KMS host's
// own count and a client that stopped renewing, rolled up.
func chartFixture(t *testing.T) *fixture {
	f := dashFixture(t)
	ctx := context.Background()
	day := 24 * time.Hour
	var rs []fleet.Received
	for i := 3; i >= 1; i-- {
		at := storetest.T0.Add(-time.Duration(i) * day)
		rs = append(rs, storetest.Rec(storetest.Report("hist", []string{"licensed", "unlicensed", "notification"}[i-1], at), at))
	}
	rs = append(rs, storetest.Rec(storetest.HostReport("kms01", 27, storetest.T0.Add(-2*day)), storetest.T0.Add(-2*day)),
		storetest.Rec(storetest.RenewedReport("quiet", storetest.T0.Add(-12*day), 10080, storetest.T0.Add(-2*time.Hour)), storetest.T0.Add(-2*time.Hour)))
	if _, err := f.store.PutReports(ctx, rs); err != nil {
		t.Fatal(err)
	}
	rollUp(t, f)
	return f
}

// rollUp counts the rollups of f's store again from its history, as a
// server started on a store with history does.
func rollUp(t testing.TB, f *fixture) {
	t.Helper()
	ctx := context.Background()
	// The server's rollup timer counts when it starts, then a minute
	// later: wait for its first count so that it does not race ours.
	db := f.store.(*sqlstore.Store).DB()
	for i := 0; ; i++ {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM rollup_days WHERE day = ?`, storetest.T0.Unix()/86400).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if i > 500 {
			t.Fatal("the rollup timer did not count")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The timer rolled up the empty store when the server started; a
	// store whose history predates the rollups (an upgrade) has none.
	if _, err := db.Exec(`DELETE FROM rollup_days`); err != nil {
		t.Fatal(err)
	}
	if err := f.store.(fleet.RollupStore).RefreshRollups(ctx, storetest.T0, trendSpan); err != nil {
		t.Fatal(err)
	}
}

var chartJSON = regexp.MustCompile(`(?s)id="chart-([a-z]+)".*?<script type="application/json" class="chart-data">(.*?)</script>`)

// pageCharts are the charts of a page, by id, as its script reads them.
func pageCharts(t *testing.T, body string) map[string]chart {
	t.Helper()
	out := map[string]chart{}
	for _, m := range chartJSON.FindAllStringSubmatch(body, -1) {
		var c chart
		if err := json.Unmarshal([]byte(m[2]), &c); err != nil {
			t.Fatalf("chart %s: %v in %.300s", m[1], err, m[2])
		}
		out[m[1]] = c
	}
	return out
}

func TestTrendCharts(t *testing.T) {
	f := chartFixture(t)
	b := newBrowser(t, f.ts)
	b.login("alice", testPassword)
	_, body := b.get("/")
	cs := pageCharts(t, body)
	_, api := f.do(t, "GET", "/api/v1/trends", f.reader, nil)
	dates := api["dates"].([]any)
	if len(dates) != trendSpan || dates[len(dates)-1] != "2026-11-01" {
		t.Fatalf("API dates: %d, last %v", len(dates), dates[len(dates)-1])
	}
	for _, id := range []string{"states", "failures"} {
		if len(cs[id].X) != len(dates) {
			t.Errorf("chart %s: %d points, API %d days", id, len(cs[id].X), len(dates))
		}
	}
	// The chart's values are the API's: licensed machines by day.
	licensed := api["by_status"].(map[string]any)["licensed"].([]any)
	for _, s := range cs["states"].Series {
		if s.Key != "licensed" {
			continue
		}
		for i, v := range s.Values {
			if (v == nil) != (licensed[i] == nil) || v != nil && float64(*v) != licensed[i].(float64) {
				t.Errorf("day %d: chart %v, API %v", i, v, licensed[i])
			}
		}
	}
	last := func(series string, key string) any {
		vs := api[series].(map[string]any)[key].([]any)
		return vs[len(vs)-1]
	}
	// Today: pc-a, pc-b, quiet, kms01 and hist licensed; the fixture's
	// three problem machines.
	if last("by_status", "licensed") != 5.0 || last("by_verdict", "problem") != 3.0 {
		t.Errorf("today: licensed %v, problem %v", last("by_status", "licensed"), last("by_verdict", "problem"))
	}
	// hist was unlicensed two days ago only; pc-e's report is of today.
	unlicensed := api["by_status"].(map[string]any)["unlicensed"].([]any)
	if unlicensed[trendSpan-3] != 1.0 || unlicensed[trendSpan-2] != 0.0 || unlicensed[trendSpan-1] != 1.0 {
		t.Errorf("unlicensed over the last three days: %v", unlicensed[trendSpan-3:])
	}
	// Without script: the table, dates in the viewer's zone with the offset.
	if !strings.Contains(body, `<details class="chart-table" open>`) || !strings.Contains(body, "&#43;00:00</time>") {
		t.Errorf("no table of the chart")
	}
	if !strings.Contains(body, `src="/static/vendor/uplot/uPlot.iife.min.js"`) {
		t.Error("uPlot not loaded")
	}
	if resp, _ := b.get("/static/vendor/uplot/uPlot.iife.min.js"); resp.StatusCode != 200 {
		t.Errorf("uPlot: %d", resp.StatusCode)
	}

	_, body = b.get("/kms-hosts")
	k := pageCharts(t, body)["kms"]
	_, kapi := f.do(t, "GET", "/api/v1/kms-hosts/trends?days=90", f.reader, nil)
	hosts := kapi["kms_hosts"].([]any)
	if len(k.X) != trendSpan || len(hosts) != 1 || kapi["client_threshold"] != 25.0 {
		t.Fatalf("kms chart %d points; API %v", len(k.X), kapi)
	}
	h := hosts[0].(map[string]any)
	count := h["count"].([]any)
	if h["host"] != "kms01.corp.example" || count[trendSpan-1] != 27.0 || h["host_count"].([]any)[trendSpan-1] != 27.0 {
		t.Errorf("kms01 today: %v", h)
	}
	if len(k.Series) != 3 || !k.Series[1].Dash || *k.Series[1].Values[0] != 25 || *k.Series[2].Values[0] != 5 {
		t.Errorf("kms chart series: %+v", k.Series)
	}
	if !strings.Contains(body, `id="stopped-renewing"`) || !strings.Contains(body, "quiet.corp.example") {
		t.Errorf("stopped renewing missing: %s", html.UnescapeString(body))
	}
	if code, _ := f.do(t, "GET", "/api/v1/trends?days=0", f.reader, nil); code != 400 {
		t.Errorf("days=0: %d", code)
	}
	if code, _ := f.do(t, "GET", "/api/v1/trends", "", nil); code != 401 {
		t.Errorf("anonymous: %d", code)
	}
}

// TestTrendChartsJapanese: the charts' words follow the language.
func TestTrendChartsJapanese(t *testing.T) {
	f := chartFixture(t)
	b := newBrowser(t, f.ts)
	b.lang = "ja"
	b.login("alice", testPassword)
	_, body := b.get("/kms-hosts")
	for _, want := range []string{"更新が止まったクライアント", "クライアントのしきい値 (25)", "数値を表で表示"} {
		if !strings.Contains(body, want) {
			t.Errorf("Japanese KMS page lacks %q", want)
		}
	}
}
