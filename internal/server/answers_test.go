package server

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

func asJSON(t *testing.T, r *report.Report) []byte {
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFleetAnswers(t *testing.T) {
	f := newFixture(t, Config{GaugeInterval: 20 * time.Millisecond})
	T0, day := storetest.T0, 24*time.Hour
	host := storetest.HostReport("kms01", 27, T0)
	quiet := storetest.HostReport("kms09", 2, T0) // a host no client names
	old := storetest.RenewedReport("pc-old", T0.Add(-10*day), 10080, T0)
	fresh := storetest.RenewedReport("pc-new", T0.Add(-day), 10080, T0)
	code, m := f.do(t, "POST", "/api/v1/reports", f.agent, batch(asJSON(t, host), asJSON(t, quiet), asJSON(t, old), asJSON(t, fresh)))
	wantCounts(t, "post", code, m, 4, 0)

	code, m = f.do(t, "GET", "/api/v1/kms-hosts", f.reader, nil)
	hosts, _ := m["kms_hosts"].([]any)
	if code != 200 || len(hosts) != 2 {
		t.Fatalf("kms-hosts: %d %v", code, m)
	}
	h0, h1 := hosts[0].(map[string]any), hosts[1].(map[string]any)
	// kms01.corp.example is named by the clients (storetest.Report) and
	// counts 27 itself: it meets the client threshold on its own count.
	if h0["host"] != "kms01.corp.example" || h0["host_count"] != float64(27) || h0["meets_client_threshold"] != true || h0["clients"] != float64(2) || h0["servers"] != float64(2) {
		t.Errorf("kms01: %v", h0)
	}
	if h1["host"] != "kms09.corp.example" || h1["host_count"] != float64(2) || h1["meets_server_threshold"] != false || h1["clients"] != float64(0) {
		t.Errorf("kms09: %v", h1)
	}

	code, m = f.do(t, "GET", "/api/v1/stopped-renewing", f.reader, nil)
	ms, _ := m["machines"].([]any)
	if code != 200 || m["total"] != float64(1) || len(ms) != 1 || ms[0].(map[string]any)["key"] != "pc-old.corp.example" || m["margin_hours"] != float64(48) {
		t.Errorf("stopped-renewing: %d %v", code, m)
	}
	if code, m = f.do(t, "GET", "/api/v1/stopped-renewing?margin=30d", f.reader, nil); code != 200 || m["total"] != float64(0) {
		t.Errorf("margin 30d: %d %v", code, m)
	}
	for _, q := range []string{"margin=soon", "limit=0", "limit=x", "cursor=zz"} {
		if code, _ := f.do(t, "GET", "/api/v1/stopped-renewing?"+q, f.reader, nil); code != 400 {
			t.Errorf("%s: %d, want 400", q, code)
		}
	}

	code, m = f.do(t, "GET", "/api/v1/reports/"+old.ID, f.reader, nil)
	rep, _ := m["report"].(map[string]any)
	if code != 200 || m["id"] != old.ID || rep["id"] != old.ID || m["received_at"] == nil || m["same_content_as"] != nil {
		t.Errorf("report: %d %v", code, m)
	}
	// The same content again under a new id is stored as an id only.
	again := *old
	again.ID, again.GeneratedAt = report.NewID(), T0.Add(time.Hour)
	f.do(t, "POST", "/api/v1/reports", f.agent, asJSON(t, &again))
	if code, m = f.do(t, "GET", "/api/v1/reports/"+again.ID, f.reader, nil); code != 200 || m["same_content_as"] != old.ID {
		t.Errorf("report stored as an id: %d %v", code, m)
	}
	if code, m = f.do(t, "GET", "/api/v1/reports/nope", f.reader, nil); code != 404 {
		t.Errorf("unknown report: %d %v", code, m)
	}
	for _, path := range []string{"/api/v1/reports/" + old.ID, "/api/v1/stopped-renewing"} {
		if code, _ := f.do(t, "GET", path, f.agent, nil); code != 403 {
			t.Errorf("%s with an agent token: %d", path, code)
		}
		if code, _ := f.do(t, "GET", path, "", nil); code != 401 {
			t.Errorf("%s without a token: %d", path, code)
		}
	}
	var metrics string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		_, metrics = getText(t, f.ts.URL+"/metrics", "")
		if strings.Contains(metrics, "kmsdoctor_machines_stopped_renewing 1") && strings.Contains(metrics, `kmsdoctor_kms_host_count{host="kms01.corp.example"} 27`) {
			return
		}
	}
	t.Errorf("gauges not set:\n%s", metrics)
}
