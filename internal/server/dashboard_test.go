package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

func init() { bcryptCost = bcrypt.MinCost }

const testPassword = "correct horse battery"

// browser is an HTTP client with a cookie jar that does not follow
// redirects, so tests see them.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
	lang string
}

func newBrowser(t *testing.T, ts *httptest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	c := ts.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &browser{t: t, base: ts.URL, c: c}
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp, string(raw)
}

func (b *browser) get(path string) (*http.Response, string) {
	req, _ := http.NewRequest("GET", b.base+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the token of the page's forms.
func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf field in %.300q", body)
	}
	return m[1]
}

func (b *browser) login(user, pw string) *http.Response {
	b.t.Helper()
	_, body := b.get("/login")
	resp, _ := b.post("/login", url.Values{"user": {user}, "password": {pw}, "csrf": {csrfOf(b.t, body)}})
	return resp
}

// dashFixture is a server with a user and a few machines.
func dashFixture(t *testing.T) *fixture {
	f := newFixture(t, Config{})
	if _, err := CreateUser(context.Background(), f.store, "alice", testPassword, storetest.T0); err != nil {
		t.Fatal(err)
	}
	var rs []fleet.Received
	for i, st := range []string{"licensed", "licensed", "notification", "oob_grace", "unlicensed"} {
		r := storetest.Report([]string{"pc-a", "pc-b", "pc-c", "=cmd", "pc-e"}[i], st, storetest.T0.Add(-time.Hour))
		if st == "oob_grace" {
			r.Products[0].ExpiresAt = storetest.T0.Add(5 * 24 * time.Hour).Format(time.RFC3339)
			r.Subject.Cloud = "azure"
		}
		if st == "unlicensed" {
			r.Verdict.Primary, r.Verdict.Codes = "tcp.timeout", []string{"0xC004F074", "0x8007274C"}
			r.Subject.CMID = "cmid-pc-a"
		}
		rs = append(rs, storetest.Rec(r, storetest.T0.Add(-time.Hour)))
	}
	if _, err := f.store.PutReports(context.Background(), rs); err != nil {
		t.Fatal(err)
	}
	return f
}

var pages = []string{"/", "/machines", "/machines.csv", "/machines/1", "/kms-hosts", "/paste", "/nowhere"}

func TestDashboardNeedsLogin(t *testing.T) {
	f := dashFixture(t)
	b := newBrowser(t, f.ts)
	for _, p := range pages {
		resp, _ := b.get(p)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
			t.Errorf("GET %s anonymous: %d to %q, want 303 to /login", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	for _, p := range []string{"/logout", "/paste"} {
		resp, _ := b.post(p, url.Values{"csrf": {"x"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
			t.Errorf("POST %s anonymous: %d, want 303 to /login", p, resp.StatusCode)
		}
	}
	// the read API without token nor session
	if code, _ := f.do(t, "GET", "/api/v1/summary", "", nil); code != http.StatusUnauthorized {
		t.Errorf("API anonymous: %d", code)
	}
	resp, body := b.get("/login")
	if resp.StatusCode != 200 || !strings.Contains(body, `name="user"`) || !strings.Contains(body, `name="password"`) ||
		!strings.Contains(body, `name="csrf"`) || !strings.Contains(body, `action="/login"`) {
		t.Errorf("login form: %d %s", resp.StatusCode, body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	// static files need no login
	if resp, _ := b.get("/static/dash.css"); resp.StatusCode != 200 {
		t.Errorf("static: %d", resp.StatusCode)
	}
}

func TestLogin(t *testing.T) {
	f := dashFixture(t)
	b := newBrowser(t, f.ts)
	_, body := b.get("/login")
	tok := csrfOf(t, body)
	if resp, _ := b.post("/login", url.Values{"user": {"alice"}, "password": {testPassword}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("no csrf: %d", resp.StatusCode)
	}
	if resp, _ := b.post("/login", url.Values{"user": {"alice"}, "password": {testPassword}, "csrf": {"forged" + tok}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("bad csrf: %d", resp.StatusCode)
	}
	if resp := b.login("alice", "wrong password"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong password: %d", resp.StatusCode)
	}
	if resp := b.login("nobody", testPassword); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unknown user: %d", resp.StatusCode)
	}
	resp := b.login("alice", testPassword)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("login: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var sc *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			sc = c
		}
	}
	if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Secure || sc.MaxAge <= 0 {
		t.Fatalf("session cookie %+v", sc)
	}
	// the store keeps only the id's hash
	if _, err := f.store.(fleet.DashboardStore).SessionByHash(context.Background(), sc.Value, storetest.T0); err == nil {
		t.Error("the session id itself is a key of the store")
	}
	for _, p := range pages[:6] {
		if resp, _ := b.get(p); resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", p, resp.StatusCode)
		}
	}
	if resp, _ := b.get("/nowhere"); resp.StatusCode != 404 {
		t.Errorf("404 page: %d", resp.StatusCode)
	}
	if resp, _ := b.get("/login"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("login page when logged in: %d", resp.StatusCode)
	}
	// the read API answers a logged-in user
	resp, body = b.get("/api/v1/summary")
	if resp.StatusCode != 200 || !strings.Contains(body, `"machines":5`) {
		t.Errorf("API with session: %d %s", resp.StatusCode, body)
	}
	// logout needs the token, then ends the session
	if resp, _ := b.post("/logout", url.Values{"csrf": {"nope"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("logout without csrf: %d", resp.StatusCode)
	}
	_, body = b.get("/")
	if resp, _ := b.post("/logout", url.Values{"csrf": {csrfOf(t, body)}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("logout: %d", resp.StatusCode)
	}
	// the old cookie is dead even when replayed
	req, _ := http.NewRequest("GET", f.ts.URL+"/", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: sc.Value})
	if resp, _ := newBrowser(t, f.ts).do(req); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("replayed session after logout: %d", resp.StatusCode)
	}
}

func TestLoginSecureUnderTLS(t *testing.T) {
	f := dashFixture(t)
	ts := httptest.NewTLSServer(f.srv.Handler())
	defer ts.Close()
	b := newBrowser(t, ts)
	resp := b.login("alice", testPassword)
	ok := false
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			ok = c.Secure && c.HttpOnly
		}
	}
	if resp.StatusCode != http.StatusSeeOther || !ok {
		t.Errorf("TLS login: %d, secure session cookie %v", resp.StatusCode, ok)
	}
}

func TestLoginRateLimit(t *testing.T) {
	f := dashFixture(t)
	b := newBrowser(t, f.ts)
	for i := range loginFailures {
		if resp := b.login("alice", "wrong"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i, resp.StatusCode)
		}
	}
	resp := b.login("alice", testPassword)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("after %d failures: %d (Retry-After %q)", loginFailures, resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	// the window passes: let in again
	d := newLimiter()
	now := time.Now()
	d.fail(now, "k")
	for range loginFailures {
		d.fail(now, "k")
	}
	if bad, _ := d.blocked(now.Add(loginWindow), "k"); bad {
		t.Error("still blocked after the window")
	}
}

func TestLanguage(t *testing.T) {
	f := dashFixture(t)
	b := newBrowser(t, f.ts)
	b.lang = "ja,en-US;q=0.8"
	_, body := b.get("/login")
	if !strings.Contains(body, `<html lang="ja">`) || !strings.Contains(body, "サインイン") {
		t.Errorf("Accept-Language ja: %.400s", body)
	}
	b.login("alice", testPassword)
	_, body = b.get("/")
	if !strings.Contains(body, "フリートの概要") || !strings.Contains(body, "ライセンス認証済み") {
		t.Errorf("overview in Japanese: %.600s", body)
	}
	// the switch needs the token, and is remembered over Accept-Language
	if resp, _ := b.post("/lang", url.Values{"lang": {"en"}, "back": {"/machines"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("switch without csrf: %d", resp.StatusCode)
	}
	resp, _ := b.post("/lang", url.Values{"lang": {"en"}, "back": {"/machines"}, "csrf": {csrfOf(t, body)}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/machines" {
		t.Fatalf("switch: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body = b.get("/")
	if !strings.Contains(body, "Fleet overview") || strings.Contains(body, "フリートの概要") {
		t.Errorf("after the switch to English: %.400s", body)
	}
	// an outside address is never a target of the switch
	resp, _ = b.post("/lang", url.Values{"lang": {"ja"}, "back": {"//evil.example/"}, "csrf": {csrfOf(t, body)}})
	if resp.Header.Get("Location") != "/" {
		t.Errorf("open redirect: %q", resp.Header.Get("Location"))
	}
	// the switch works before login too
	a := newBrowser(t, f.ts)
	_, body = a.get("/login")
	a.post("/lang", url.Values{"lang": {"ja"}, "back": {"/login"}, "csrf": {csrfOf(t, body)}})
	if _, body = a.get("/login"); !strings.Contains(body, "パスワード") {
		t.Errorf("login page after the switch: %.300s", body)
	}
}

func TestOverviewMatchesAPI(t *testing.T) {
	f := dashFixture(t)
	b := newBrowser(t, f.ts)
	b.login("alice", testPassword)
	_, body := b.get("/")
	_, api := f.do(t, "GET", "/api/v1/summary", f.reader, nil)
	want := map[string]float64{"machines": api["machines"].(float64)}
	for k, v := range api["by_status"].(map[string]any) {
		want["status-"+k] = v.(float64)
	}
	for k, v := range api["expiring"].(map[string]any) {
		want["expiring-"+k] = v.(float64)
	}
	for k, v := range api["failures_by_code"].(map[string]any) {
		want["code-"+k] = v.(float64)
	}
	re := regexp.MustCompile(`data-count="([^"]+)">(\d+)<`)
	got := map[string]string{}
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		got[m[1]] = m[2]
	}
	for k, v := range want {
		if got[k] != strings.TrimSuffix(strings.TrimSuffix(json.Number(jsonNum(v)).String(), ".0"), "") {
			t.Errorf("%s: page %q, API %v", k, got[k], v)
		}
	}
	if got["status-licensed"] != "2" || got["expiring-7d"] != "1" {
		t.Errorf("counts %v", got)
	}
	for _, id := range []string{"chart-states", "chart-failures"} {
		if !strings.Contains(body, `id="`+id+`"`) {
			t.Errorf("no chart %s", id)
		}
	}
}

func jsonNum(v float64) string { b, _ := json.Marshal(v); return string(b) }

func TestMachinesFiltersAndCSV(t *testing.T) {
	f := dashFixture(t)
	b := newBrowser(t, f.ts)
	b.login("alice", testPassword)
	rows := func(q string) int {
		_, body := b.get("/machines?" + q)
		return strings.Count(body, "<tr data-id=")
	}
	for q, want := range map[string]int{
		"": 5, "status=licensed": 2, "verdict=problem": 3, "primary=tcp.timeout": 1, "code=0x8007274c": 1,
		"domain=CORP.example": 5, "domain=other": 0, "cloud=azure": 1, "kms=kms01.corp.example": 5, "q=pc-": 4,
		"expiring=7d": 1, "status=licensed&q=pc-b": 1,
	} {
		if got := rows(q); got != want {
			t.Errorf("/machines?%s: %d rows, want %d", q, got, want)
		}
	}
	if resp, _ := b.get("/machines?cursor=bogus"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad cursor: %d", resp.StatusCode)
	}
	resp, body := b.get("/machines.csv?status=licensed")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %d %v", resp.StatusCode, resp.Header)
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) != 3 || recs[0][1] != "computer" || recs[1][5] != "licensed" {
		t.Fatalf("csv %q: %v", body, err)
	}
	_, body = b.get("/machines.csv?q=%3Dcmd") // q starts the name (migration 0012)
	if !strings.Contains(body, "'=cmd") {
		t.Errorf("a formula was not neutralised: %s", body)
	}
}

func TestMachinePaging(t *testing.T) {
	f := dashFixture(t)
	b := newBrowser(t, f.ts)
	b.login("alice", testPassword)
	var rs []fleet.Received
	for i := range 150 {
		rs = append(rs, storetest.Rec(storetest.Report("bulk-"+jsonNum(float64(i)), "licensed", storetest.T0), storetest.T0))
	}
	if _, err := f.store.PutReports(context.Background(), rs); err != nil {
		t.Fatal(err)
	}
	_, body := b.get("/machines")
	next := regexp.MustCompile(`href="([^"]+)" id="next"`).FindStringSubmatch(body)
	if strings.Count(body, "<tr data-id=") != 100 || next == nil {
		t.Fatalf("first page: %d rows, next %v", strings.Count(body, "<tr data-id="), next)
	}
	_, body = b.get(strings.ReplaceAll(next[1], "&amp;", "&"))
	if n := strings.Count(body, "<tr data-id="); n != 55 || strings.Contains(body, `id="next"`) {
		t.Errorf("second page: %d rows", n)
	}
}

func TestMachineAndKMSPages(t *testing.T) {
	f := dashFixture(t)
	b := newBrowser(t, f.ts)
	b.login("alice", testPassword)
	req, _ := http.NewRequest("GET", f.ts.URL+"/machines/5", nil)
	req.AddCookie(&http.Cookie{Name: tzCookie, Value: url.QueryEscape("Asia/Tokyo")})
	_, body := b.do(req)
	for _, want := range []string{`class="kmsdoctor-report"`, "pc-e", `id="history"`, "&#43;09:00", "Asia/Tokyo"} {
		if !strings.Contains(body, want) {
			t.Errorf("machine page lacks %q", want)
		}
	}
	if resp, _ := b.get("/machines/999"); resp.StatusCode != 404 {
		t.Errorf("no machine: %d", resp.StatusCode)
	}
	_, body = b.get("/kms-hosts")
	if !strings.Contains(body, `data-host="kms01.corp.example"`) || !strings.Contains(body, "cmid-pc-a") {
		t.Errorf("kms page: %s", body)
	}
}

func TestPaste(t *testing.T) {
	f := dashFixture(t)
	b := newBrowser(t, f.ts)
	b.login("alice", testPassword)
	_, body := b.get("/paste")
	tok := csrfOf(t, body)
	sample, err := os.ReadFile("testdata/synth_en_dlv_client_ws2022_count.txt")
	if err != nil {
		t.Fatal(err)
	}
	send := func(fields map[string]string, file []byte) (*http.Response, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range fields {
			_ = mw.WriteField(k, v)
		}
		if file != nil {
			fw, _ := mw.CreateFormFile("files", "dlv.txt")
			_, _ = fw.Write(file)
		}
		mw.Close()
		req, _ := http.NewRequest("POST", f.ts.URL+"/paste", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return b.do(req)
	}
	before, _ := f.store.Summary(context.Background(), storetest.T0)
	if resp, _ := send(map[string]string{"text": string(sample)}, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("paste without csrf: %d", resp.StatusCode)
	}
	resp, body := send(map[string]string{"text": string(sample), "csrf": tok}, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, `data-primary="license.grace"`) || !strings.Contains(body, `class="not-stored"`) {
		t.Fatalf("paste: %d %s", resp.StatusCode, body)
	}
	if after, _ := f.store.Summary(context.Background(), storetest.T0); after.Reports != before.Reports {
		t.Errorf("the paste was stored: %d reports, was %d", after.Reports, before.Reports)
	}
	resp, body = send(map[string]string{"csrf": tok, "store": "1"}, sample)
	if resp.StatusCode != 200 || !strings.Contains(body, `data-status="problem"`) || !strings.Contains(body, `class="stored"`) {
		t.Fatalf("upload and store: %d %s", resp.StatusCode, body)
	}
	if after, _ := f.store.Summary(context.Background(), storetest.T0); after.Reports != before.Reports+1 {
		t.Errorf("stored paste: %d reports, was %d", after.Reports, before.Reports)
	}
	if resp, _ := send(map[string]string{"csrf": tok}, nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("empty paste: %d", resp.StatusCode)
	}
	_ = report.StatusOK
}
