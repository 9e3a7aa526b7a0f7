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
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/store/sqlite"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

type fixture struct {
	srv    *Server
	ts     *httptest.Server
	store  fleet.Store
	agent  string // an agent token
	reader string // a reader token
}

func newFixture(t testing.TB, cfg Config) *fixture {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "fleet.db"))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: st}
	for _, role := range []string{fleet.RoleAgent, fleet.RoleReader} {
		tok, h := fleet.NewToken()
		if _, err := st.CreateAgent(context.Background(), "t-"+role, role, h, time.Now()); err != nil {
			t.Fatal(err)
		}
		if role == fleet.RoleAgent {
			f.agent = tok
		} else {
			f.reader = tok
		}
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return storetest.T0 }
	}
	f.srv = New(cfg, st)
	f.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(func() {
		f.ts.Close()
		f.srv.Close()
		st.Close()
	})
	return f
}

func (f *fixture) do(t *testing.T, method, path, token string, body []byte, hdr ...string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, f.ts.URL+path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return resp.StatusCode, m
}

func reportJSON(t *testing.T, computer, status string) []byte {
	b, err := json.Marshal(storetest.Report(computer, status, storetest.T0))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func batch(items ...[]byte) []byte {
	return []byte(`{"reports": [` + string(bytes.Join(items, []byte(","))) + `]}`)
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func wantCounts(t *testing.T, what string, code int, m map[string]any, acc, dup int) {
	t.Helper()
	if code != 200 || m["accepted"] != float64(acc) || m["duplicates"] != float64(dup) {
		t.Errorf("%s: %d %v, want 200 accepted %d duplicates %d", what, code, m, acc, dup)
	}
}

func TestPostReports(t *testing.T) {
	f := newFixture(t, Config{})
	one := reportJSON(t, "pc01", "licensed")
	code, m := f.do(t, "POST", "/api/v1/reports", f.agent, one)
	wantCounts(t, "one report", code, m, 1, 0)
	code, m = f.do(t, "POST", "/api/v1/reports", f.agent, one)
	wantCounts(t, "the same again", code, m, 0, 1)
	two, three := reportJSON(t, "pc02", "unlicensed"), reportJSON(t, "pc03", "oob_grace")
	code, m = f.do(t, "POST", "/api/v1/reports", f.agent, batch(one, two, three, two))
	wantCounts(t, "batch", code, m, 2, 2)
	code, m = f.do(t, "POST", "/api/v1/reports", f.agent, gz(batch(reportJSON(t, "pc04", "licensed"))), "Content-Encoding", "gzip")
	wantCounts(t, "gzip", code, m, 1, 0)
	sum, err := f.store.Summary(context.Background(), storetest.T0)
	if err != nil || sum.Machines != 4 || sum.Reports != 4 {
		t.Errorf("stored: %+v %v", sum, err)
	}
}

func TestPostErrors(t *testing.T) {
	f := newFixture(t, Config{MaxBody: 64 << 10})
	ok := reportJSON(t, "pc01", "licensed")
	noID := bytes.Replace(ok, []byte(`"id":"`), []byte(`"id":"","x":"`), 1)
	badSchema := bytes.Replace(ok, []byte(`"schema":2`), []byte(`"schema":"two"`), 1)
	badComputer := bytes.Replace(ok, []byte(`"computer":"pc01"`), []byte(`"computer":7`), 1)
	notOurs := bytes.Replace(ok, []byte(`"tool":"kmsdoctor"`), []byte(`"tool":"other"`), 1)
	many := make([][]byte, fleet.MaxBatch+1)
	for i := range many {
		many[i] = []byte(`{}`)
	}
	big := batch(bytes.Repeat([]byte(`{"tool":"kmsdoctor"},`), 4000), ok)
	tests := []struct {
		name   string
		token  string
		body   []byte
		hdr    []string
		status int
		index  any
		field  any
	}{
		{"no token", "", ok, nil, 401, nil, nil},
		{"bad token", "kmsd_nosuch", ok, nil, 401, nil, nil},
		{"reader posts", f.reader, ok, nil, 403, nil, nil},
		{"not JSON", f.agent, []byte(`{"tool": `), nil, 400, nil, nil},
		{"empty", f.agent, nil, nil, 400, nil, nil},
		{"missing id at 1", f.agent, batch(ok, noID), nil, 400, float64(1), "id"},
		{"bad schema at 2", f.agent, batch(ok, ok, badSchema), nil, 400, float64(2), "schema"},
		{"bad field single", f.agent, badComputer, nil, 400, float64(0), "subject.computer"},
		{"other tool", f.agent, batch(notOurs), nil, 400, float64(0), "tool"},
		{"reports not a list", f.agent, []byte(`{"reports": 3}`), nil, 400, nil, nil},
		{"too many", f.agent, batch(many...), nil, 400, nil, nil},
		{"too large", f.agent, big, nil, 413, nil, nil},
		{"gzip too large", f.agent, gz(big), []string{"Content-Encoding", "gzip"}, 413, nil, nil},
		{"gzip bomb", f.agent, gz(bytes.Repeat([]byte(" "), 10<<20)), []string{"Content-Encoding", "gzip"}, 413, nil, nil},
		{"not gzip", f.agent, ok, []string{"Content-Encoding", "gzip"}, 400, nil, nil},
		{"other encoding", f.agent, ok, []string{"Content-Encoding", "br"}, 400, nil, nil},
		{"not UTF-8", f.agent, append(bytes.TrimSuffix(ok, []byte("}")), []byte(`,"x":"\xff"}`)...), nil, 400, nil, nil},
	}
	for _, tc := range tests {
		code, m := f.do(t, "POST", "/api/v1/reports", tc.token, tc.body, tc.hdr...)
		e, _ := m["error"].(map[string]any)
		if code != tc.status || e == nil || e["message"] == "" {
			t.Errorf("%s: %d %v, want %d with an error", tc.name, code, m, tc.status)
			continue
		}
		if e["index"] != tc.index || e["field"] != tc.field {
			t.Errorf("%s: index %v field %v, want %v %v (%v)", tc.name, e["index"], e["field"], tc.index, tc.field, e["message"])
		}
	}
	if sum, _ := f.store.Summary(context.Background(), storetest.T0); sum.Reports != 0 {
		t.Errorf("%d reports stored from bad requests", sum.Reports)
	}
	// a revoked token
	tok, h := fleet.NewToken()
	f.store.CreateAgent(context.Background(), "gone", fleet.RoleAgent, h, storetest.T0)
	f.store.RevokeAgent(context.Background(), "gone")
	if code, _ := f.do(t, "POST", "/api/v1/reports", tok, ok); code != 401 {
		t.Errorf("revoked token: %d", code)
	}
}

func TestReadAPI(t *testing.T) {
	f := newFixture(t, Config{})
	var items [][]byte
	for i := range 7 {
		items = append(items, reportJSON(t, fmt.Sprintf("pc%02d", i), []string{"licensed", "unlicensed"}[i%2]))
	}
	if code, _ := f.do(t, "POST", "/api/v1/reports", f.agent, batch(items...)); code != 200 {
		t.Fatal(code)
	}
	for _, p := range []string{"/api/v1/summary", "/api/v1/machines", "/api/v1/machines/1", "/api/v1/kms-hosts"} {
		if code, _ := f.do(t, "GET", p, f.agent, nil); code != 403 {
			t.Errorf("agent token GET %s: %d, want 403", p, code)
		}
		if code, _ := f.do(t, "GET", p, "", nil); code != 401 {
			t.Errorf("no token GET %s: %d, want 401", p, code)
		}
		if code, _ := f.do(t, "GET", p, f.reader, nil); code != 200 {
			t.Errorf("reader GET %s: %d", p, code)
		}
	}
	_, sum := f.do(t, "GET", "/api/v1/summary", f.reader, nil)
	if sum["machines"] != float64(7) || sum["by_status"].(map[string]any)["unlicensed"] != float64(3) || sum["reports"] != float64(7) {
		t.Errorf("summary %v", sum)
	}
	for _, k := range []string{"expiring", "failures_by_primary", "failures_by_code"} {
		if _, ok := sum[k].(map[string]any); !ok {
			t.Errorf("summary has no %s", k)
		}
	}
	var seen int
	cursor := ""
	for pages := 0; pages < 10; pages++ {
		code, page := f.do(t, "GET", "/api/v1/machines?limit=3&cursor="+cursor, f.reader, nil)
		if code != 200 {
			t.Fatalf("page: %d %v", code, page)
		}
		seen += len(page["machines"].([]any))
		c, _ := page["next_cursor"].(string)
		if c == "" {
			break
		}
		cursor = c
	}
	if seen != 7 {
		t.Errorf("paged %d machines, want 7", seen)
	}
	if _, page := f.do(t, "GET", "/api/v1/machines?status=unlicensed&q=PC0", f.reader, nil); len(page["machines"].([]any)) != 3 {
		t.Errorf("filtered: %v", page)
	}
	for _, q := range []string{"limit=0", "limit=x", "cursor=zzz", "expiring_within=soon"} {
		if code, m := f.do(t, "GET", "/api/v1/machines?"+q, f.reader, nil); code != 400 {
			t.Errorf("%s: %d %v", q, code, m)
		}
	}
	code, m := f.do(t, "GET", "/api/v1/machines/1", f.reader, nil)
	if code != 200 || m["machine"].(map[string]any)["key"] != "pc00.corp.example" || len(m["history"].([]any)) != 1 {
		t.Errorf("machine 1: %d %v", code, m)
	}
	for _, p := range []string{"/api/v1/machines/999", "/api/v1/machines/x"} {
		if code, _ := f.do(t, "GET", p, f.reader, nil); code != 404 {
			t.Errorf("%s: %d", p, code)
		}
	}
	_, k := f.do(t, "GET", "/api/v1/kms-hosts", f.reader, nil)
	hosts := k["kms_hosts"].([]any)
	if len(hosts) != 1 || hosts[0].(map[string]any)["clients"] != float64(7) || hosts[0].(map[string]any)["meets_client_threshold"] != false {
		t.Errorf("kms hosts %v", k)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	f := newFixture(t, Config{GaugeInterval: 20 * time.Millisecond})
	f.do(t, "POST", "/api/v1/reports", f.agent, reportJSON(t, "pc01", "unlicensed"))
	for _, p := range []string{"/livez", "/readyz", "/healthz"} {
		if code, _ := f.do(t, "GET", p, "", nil); code != 200 {
			t.Errorf("%s: %d", p, code)
		}
	}
	var text string
	for range 200 { // the gauges are computed on a timer
		resp, err := http.Get(f.ts.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if text = string(b); strings.Contains(text, `kmsdoctor_machines{license_status="unlicensed"} 1`) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, want := range []string{`kmsdoctor_machines{license_status="unlicensed"} 1`, `kmsdoctor_reports_received_total{result="accepted"} 1`,
		"kmsdoctor_ingest_duration_seconds_bucket", `kmsdoctor_activation_failures{code="0xC004F074"} 1`, `kmsdoctor_kms_host_clients{host="kms01.corp.example"} 1`,
		"kmsdoctor_build_info{"} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	f.srv.Close()
	if code, _ := f.do(t, "GET", "/readyz", "", nil); code != 503 {
		t.Errorf("readyz after Close: %d", code)
	}
	if code, _ := f.do(t, "POST", "/api/v1/reports", f.agent, reportJSON(t, "pc02", "licensed")); code != 503 {
		t.Errorf("post after Close: %d", code)
	}
}

// TestGroupedWrites posts from many clients at once: every report is
// acknowledged once and stored once.
func TestGroupedWrites(t *testing.T) {
	f := newFixture(t, Config{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := 0
	for c := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				r := reportJSON(t, fmt.Sprintf("c%d-%d", c, i), "licensed")
				code, m := f.do(t, "POST", "/api/v1/reports", f.agent, batch(r, r))
				if code != 200 {
					t.Errorf("%d %v", code, m)
					return
				}
				mu.Lock()
				accepted += int(m["accepted"].(float64))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if sum, _ := f.store.Summary(context.Background(), storetest.T0); accepted != 160 || sum.Reports != 160 {
		t.Errorf("accepted %d, stored %d, want 160", accepted, sum.Reports)
	}
}

// TestServeShutdown serves on a listener, then cancels: Serve returns
// after the requests in flight were answered.
func TestServeShutdown(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "fleet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := New(Config{}, st)
	ln, err := netListen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln, "", "") }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/livez")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("livez: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Serve did not return")
	}
}
