package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

// The browser tests drive Debian's headless Chromium through chromedp
// against a dashboard on loopback. Without Chromium they skip (go test
// ./... stays green on any machine); with KMSDOCTOR_BROWSER=1 (make test
// sets it, after scripts/chromium-deps.sh installed it) a missing Chromium
// fails. Screenshots of each page in both languages go to
// $KMSDOCTOR_ARTIFACTS (default artifacts/browser at the repository's
// root, gitignored).

func chromiumPath(t *testing.T) string {
	for _, p := range []string{os.Getenv("KMSDOCTOR_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	if os.Getenv("KMSDOCTOR_BROWSER") == "1" {
		t.Fatal("KMSDOCTOR_BROWSER=1 but no Chromium at /usr/bin/chromium: run scripts/chromium-deps.sh")
	}
	t.Skip("browser tests skipped: no Chromium at /usr/bin/chromium (make test installs it, or run scripts/chromium-deps.sh)")
	return ""
}

func artifactsDir(t *testing.T) string {
	dir := os.Getenv("KMSDOCTOR_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "artifacts", "browser")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// seedFleet stores a small fleet with a history of 14 days: several
// license states, two KMS hosts, a cloud, clones.
func seedFleet(t *testing.T, st fleet.Store) {
	states := []string{"licensed", "licensed", "licensed", "licensed", "licensed", "notification", "oob_grace", "unlicensed", "oot_grace", "licensed"}
	var rs []fleet.Received
	for day := 13; day >= 0; day-- {
		at := storetest.T0.Add(-time.Duration(day) * 24 * time.Hour)
		for i := range 30 {
			if day > 0 && i%(day+1) != 0 {
				continue
			}
			st := states[(i+day)%len(states)]
			r := storetest.Report(fmt.Sprintf("pc-%03d", i), st, at)
			if i%3 == 0 {
				r.Products[0].KMSConfigured = "kms02.corp.example:1688"
			}
			if i%7 == 0 {
				r.Subject.Cloud = "azure"
			}
			if i == 4 || i == 5 {
				r.Subject.CMID = "cmid-cloned"
			}
			if st == "oob_grace" || st == "oot_grace" {
				r.Products[0].ExpiresAt = at.Add(time.Duration(3+i%20) * 24 * time.Hour).Format(time.RFC3339)
			}
			if st == "unlicensed" {
				r.Verdict.Primary, r.Verdict.Codes = "tcp.timeout", []string{"0x8007274C", "0xC004F074"}
			}
			rs = append(rs, storetest.Rec(r, at))
		}
	}
	// the KMS host's own count from its 12290 events, and three clients
	// whose last renewal is weeks old
	for day := 13; day >= 0; day -= 3 {
		at := storetest.T0.Add(-time.Duration(day) * 24 * time.Hour)
		rs = append(rs, storetest.Rec(storetest.HostReport("kms01", 20+(13-day)/2, at), at))
	}
	for i := range 3 {
		at := storetest.T0.Add(-time.Duration(i+1) * time.Hour)
		rs = append(rs, storetest.Rec(storetest.RenewedReport(fmt.Sprintf("quiet-%d", i), at.Add(-time.Duration(10+i*4)*24*time.Hour), 10080, at), at))
	}
	if _, err := st.PutReports(context.Background(), rs); err != nil {
		t.Fatal(err)
	}
}

func TestBrowser(t *testing.T) {
	exe := chromiumPath(t)
	art := artifactsDir(t)
	f := newFixture(t, Config{})
	if _, err := CreateUser(context.Background(), f.store, "alice", testPassword, storetest.T0); err != nil {
		t.Fatal(err)
	}
	seedFleet(t, f.store)
	rollUp(t, f) // dashboard_charts_test.go
	sample, err := os.ReadFile("testdata/synth_en_dlv_client_ws2022_count.txt")
	if err != nil {
		t.Fatal(err)
	}
	downloads := t.TempDir()

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900), chromedp.Flag("lang", "en-US"),
		chromedp.Flag("accept-lang", "en-US,en"), chromedp.Env("TZ=Asia/Tokyo"),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	do := func(what string, as ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, as...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}
	attr := func(sel, name string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.AttributeValue(sel, name))
		if err != nil {
			t.Fatalf("%s of %s: %v", name, sel, err)
		}
		return v.Value
	}
	location := func() string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			buf, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return chromedp.Void{}, err
			}
			return chromedp.Void{}, os.WriteFile(filepath.Join(art, name+".png"), buf, 0o644)
		}
	}
	api := func(path string, v any) {
		t.Helper()
		req, _ := http.NewRequest("GET", f.ts.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+f.reader)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	base := f.ts.URL

	// anonymous: the login form
	do("login page", chromedp.Navigate(base+"/machines"), chromedp.WaitVisible(`input[name=user]`), shot("login-en"))
	if loc := location(); !strings.HasSuffix(loc, "/login") {
		t.Errorf("anonymous visit ended at %s", loc)
	}
	do("log in", chromedp.SendKeys(`input[name=user]`, "alice"), chromedp.SendKeys(`input[name=password]`, testPassword),
		chromedp.Click(`#login`), chromedp.WaitVisible(`[data-count=machines]`), chromedp.WaitVisible(`#chart-failures.drawn`))

	// the zone the sign-in page's script read from the browser
	if foot := text(`footer`); !strings.Contains(foot, "Asia/Tokyo") {
		t.Errorf("times not in the browser's zone: %q", foot)
	}

	// the overview's counts are the API's
	counts, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](
		`Object.fromEntries([...document.querySelectorAll('[data-count]')].map(e => [e.dataset.count, e.textContent.trim()]))`))
	if err != nil {
		t.Fatal(err)
	}
	do("overview shot", shot("overview-en"))
	var sum fleet.Summary
	api("/api/v1/summary", &sum)
	check := func(key string, want int) {
		if counts[key] != fmt.Sprint(want) {
			t.Errorf("overview %s = %q, API %d", key, counts[key], want)
		}
	}
	check("machines", sum.Machines)
	check("reports", sum.Reports)
	for k, n := range sum.ByStatus {
		check("status-"+k, n)
	}
	for k, n := range sum.Expiring {
		check("expiring-"+k, n)
	}
	for k, n := range sum.FailuresByCode {
		check("code-"+k, n)
	}
	if sum.Machines != 34 {
		t.Errorf("seeded %d machines", sum.Machines)
	}

	// the trend charts drew, with a point for each day the API gives
	var trends struct {
		Dates []string `json:"dates"`
	}
	api("/api/v1/trends", &trends)
	charts := func(ids ...string) {
		t.Helper()
		for _, id := range ids {
			got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`(() => { const f = document.getElementById('chart-`+id+`');
return {canvas: f.querySelectorAll('canvas').length, points: Number(f.dataset.points || -1), series: Number(f.dataset.series || -1),
  open: f.querySelector('details.chart-table').open, rows: f.querySelectorAll('details.chart-table tbody tr').length}; })()`))
			if err != nil {
				t.Fatalf("chart %s: %v", id, err)
			}
			if got["canvas"] != 1.0 || got["points"] != float64(len(trends.Dates)) || got["open"] != false || got["rows"].(float64) < 14 {
				t.Errorf("chart %s: %v, API %d days", id, got, len(trends.Dates))
			}
		}
	}
	charts("states", "failures")
	elementShot := func(sel, name string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			buf, err := chromedp.Screenshot(sel)(ctx, tg)
			if err != nil {
				return chromedp.Void{}, err
			}
			return chromedp.Void{}, os.WriteFile(filepath.Join(art, name+".png"), buf, 0o644)
		}
	}
	do("chart shots", elementShot(`#chart-states`, "chart-states-en"), elementShot(`#chart-failures`, "chart-failures-en"))

	// filter the machines
	do("filter", chromedp.Navigate(base+"/machines"), chromedp.WaitVisible(`#filters`),
		chromedp.SetValue(`select[name=status]`, "licensed"), chromedp.Click(`#apply`),
		chromedp.WaitVisible(`#clear`), chromedp.WaitVisible(`#machines`), shot("machines-en"))
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('tr[data-id]').length`))
	if err != nil {
		t.Fatal(err)
	}
	var page machinesPage
	api("/api/v1/machines?status=licensed&limit=1000", &page)
	if rows != len(page.Machines) || rows == 0 || !strings.Contains(location(), "status=licensed") {
		t.Errorf("licensed filter: %d rows, API %d", rows, len(page.Machines))
	}

	// one CSV export, downloaded by the browser
	do("csv", func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads})
		return chromedp.Void{}, err
	}, chromedp.Click(`#csv`))
	var csvBody []byte
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline) && csvBody == nil; time.Sleep(100 * time.Millisecond) {
		ents, _ := os.ReadDir(downloads)
		for _, e := range ents {
			if !strings.HasSuffix(e.Name(), ".crdownload") {
				csvBody, _ = os.ReadFile(filepath.Join(downloads, e.Name()))
			}
		}
	}
	if lines := strings.Count(string(csvBody), "\n"); lines != len(page.Machines)+1 || !strings.HasPrefix(string(csvBody), "id,computer,") {
		t.Errorf("csv download: %d lines, want %d: %.200q", lines, len(page.Machines)+1, csvBody)
	}

	// open a machine
	do("machine", chromedp.Click(`#machines tbody tr:first-child a`), chromedp.WaitVisible(`.kmsdoctor-report`), shot("machine-en"))
	title, status := text(`h1`), attr(`.kmsdoctor-report`, "data-status")
	if !strings.Contains(title, page.Machines[0].Computer) || status != page.Machines[0].Status {
		t.Errorf("machine page %q status %q, want %s %s", title, status, page.Machines[0].Computer, page.Machines[0].Status)
	}
	machineURL := location()

	do("kms", chromedp.Navigate(base+"/kms-hosts"), chromedp.WaitVisible(`#kms-hosts`), chromedp.WaitVisible(`#chart-kms.drawn`), shot("kms-en"),
		elementShot(`#chart-kms`, "chart-kms-en"), elementShot(`#stopped-renewing`, "stopped-renewing-en"))
	var kt struct {
		Dates []string `json:"dates"`
		Hosts []struct {
			Host string `json:"host"`
		} `json:"kms_hosts"`
	}
	api("/api/v1/kms-hosts/trends", &kt)
	charts("kms")
	if series := attr(`#chart-kms`, "data-series"); series != fmt.Sprint(len(kt.Hosts)+2) || len(kt.Hosts) != 2 {
		t.Errorf("kms chart: %s series, API %d hosts (+2 thresholds)", series, len(kt.Hosts))
	}
	if n := text(`#stopped-renewing [data-host="kms01.corp.example"] [data-count=stopped]`); !strings.Contains(n, "3") {
		t.Errorf("stopped renewing at kms01: %q", n)
	}

	// paste a ticket and read its verdict
	do("paste", chromedp.Navigate(base+"/paste"), chromedp.WaitVisible(`#paste-text`),
		chromedp.SetValue(`#paste-text`, string(sample)), chromedp.Click(`#analyze`),
		chromedp.WaitVisible(`#report .kmsdoctor-report`), shot("paste-en"))
	if primary, verdict := attr(`#report .kmsdoctor-report`, "data-primary"), text(`#report h2.verdict`); primary != "license.grace" || !strings.Contains(verdict, "roblem") {
		t.Errorf("paste verdict: primary %q, %q", primary, verdict)
	}

	// switch the language: every page again in Japanese
	do("switch", chromedp.Navigate(base+"/"), chromedp.WaitVisible(`#lang-switch`), chromedp.Click(`#lang-switch`),
		chromedp.WaitVisible(`html[lang=ja] [data-count=machines]`), chromedp.WaitVisible(`#chart-failures.drawn`), shot("overview-ja"),
		elementShot(`#chart-states`, "chart-states-ja"), elementShot(`#chart-failures`, "chart-failures-ja"))
	if lang, title := attr(`html`, "lang"), text(`h1`); lang != "ja" || title != "フリートの概要" {
		t.Errorf("after the switch: lang %q, title %q", lang, title)
	}
	do("ja pages",
		chromedp.Navigate(base+"/machines?status=licensed"), chromedp.WaitVisible(`#machines`), shot("machines-ja"),
		chromedp.Navigate(machineURL), chromedp.WaitVisible(`.kmsdoctor-report`), shot("machine-ja"),
		chromedp.Navigate(base+"/kms-hosts"), chromedp.WaitVisible(`#kms-hosts`), chromedp.WaitVisible(`#chart-kms.drawn`), shot("kms-ja"),
		elementShot(`#chart-kms`, "chart-kms-ja"), elementShot(`#stopped-renewing`, "stopped-renewing-ja"),
		chromedp.Navigate(base+"/paste"), chromedp.WaitVisible(`#paste-text`), chromedp.SetValue(`#paste-text`, string(sample)),
		chromedp.Click(`#analyze`), chromedp.WaitVisible(`#report .kmsdoctor-report`), shot("paste-ja"))
	if v := text(`#report h2.verdict`); !strings.Contains(v, "問題") {
		t.Errorf("Japanese verdict %q", v)
	}
	// without script the charts are their tables
	noScript := func(off bool) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
			return chromedp.Void{}, err
		}
	}
	do("no script", noScript(true), chromedp.Navigate(base+"/kms-hosts"), chromedp.WaitVisible(`#chart-kms details.chart-table[open] tbody tr`),
		elementShot(`#chart-kms`, "chart-kms-noscript-ja"))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`({canvas: document.querySelectorAll('canvas').length,
rows: document.querySelectorAll('#chart-kms details.chart-table[open] tbody tr').length})`))
	if err != nil || got["canvas"] != 0 || got["rows"] < 14 {
		t.Errorf("without script: %v %v", got, err)
	}
	do("script again", noScript(false))

	// the language is remembered: still Japanese after signing out
	do("logout", chromedp.Click(`#logout`), chromedp.WaitVisible(`input[name=user]`), shot("login-ja"))
	if lang := attr(`html`, "lang"); lang != "ja" {
		t.Errorf("login page after logout in %q", lang)
	}
}
