package collect

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/bundle"
	"github.com/kmsdoctor/kmsdoctor/internal/collected"
	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/ingest"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys/fake"
)

func runBundle(t *testing.T, sys winsys.System, opt Options) (bundle.Manifest, *bundle.Reader) {
	t.Helper()
	var buf bytes.Buffer
	m, err := Run(context.Background(), sys, &buf, opt)
	if err != nil {
		t.Fatal(err)
	}
	r, err := bundle.Open(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return m, r
}

func item(t *testing.T, r *bundle.Reader, path string, v any) {
	t.Helper()
	data, err := r.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestMachineCollectorsWS42(t *testing.T) {
	m, r := runBundle(t, loadWS42(t), Options{})
	kinds := map[string]string{}
	for _, it := range m.Items {
		if it.Path != "" {
			kinds[it.Path] = it.Kind
		}
		if it.Error != "" && it.Collector != "time" && it.Collector != "events" {
			t.Errorf("%s failed: %s", it.Collector, it.Error)
		}
	}
	for p, k := range map[string]string{"spp/store.json": "spp-store", "net/winhttp_proxy.json": "winhttp-proxy",
		"net/network_params.json": "data/network-params", "os/language.json": "data/language",
		"office/office.json": "office-install", "cloud/metadata.json": "cloud-metadata"} {
		if kinds[p] != k {
			t.Errorf("%s: kind %q, want %q", p, kinds[p], k)
		}
	}
	var st collected.Store
	item(t, r, "spp/store.json", &st)
	if len(st.Files) != 3 || st.Files[0].Size != 1048576 || st.Files[0].Missing || !st.Files[1].Missing || len(st.ACLs) != 3 || !strings.HasPrefix(st.ACLs[0].SDDL, "O:S-1-5-80-") {
		t.Errorf("store = %+v", st)
	}
	var o collected.Office
	item(t, r, "office/office.json", &o)
	if !o.ClickToRun || len(o.MSI) != 0 || o.Channel != "PerpetualVL2021" || len(o.Releases) != 2 || o.Releases[0].License != "volume" {
		t.Errorf("office = %+v", o)
	}
	var c collected.Cloud
	item(t, r, "cloud/metadata.json", &c)
	if c.Provider != "" || len(c.Answers) != 4 {
		t.Errorf("cloud = %+v", c)
	}
	var p collected.Proxy
	item(t, r, "net/winhttp_proxy.json", &p)
	if !p.Direct {
		t.Errorf("proxy = %+v", p)
	}
	// The primary DNS suffix of GetNetworkParams is looked up too (once:
	// it is the adapter's suffix as well).
	data, _ := r.Read("net/vlmcs_srv.json")
	if strings.Count(string(data), "_vlmcs._tcp.contoso.com") != 1 {
		t.Errorf("vlmcs_srv.json:\n%s", data)
	}
}

// azureVM is ws42 moved to an Azure VM in the US Government cloud behind
// a proxy, with Office 365 (Click-to-Run) and MSI Office 2016 traces;
// the IMDS answer is constructed from the documented API (api-version
// 2021-02-01 compute).
func azureVM(t *testing.T) winsys.System {
	fx := ws42(t)
	fx.HTTP[0].Status, fx.HTTP[0].Err = 200, nil
	fx.HTTP[0].Body = `{"azEnvironment":"AzureUSGovernmentCloud","location":"usgovvirginia","name":"ws42","vmSize":"Standard_D2s_v5","osType":"Windows","licenseType":"","subscriptionId":"11111111-2222-3333-4444-555555555555","vmId":"66666666-7777-8888-9999-000000000000","resourceGroupName":"rg-secret"}`
	fx.Proxy = &winsys.ProxyCall{Proxy: winsys.Proxy{AccessType: winsys.ProxyNamed, Proxy: "proxy.contoso.com:8080", Bypass: "<local>"}}
	for i, c := range fx.Registry {
		if c.Key == c2rConfig {
			fx.Registry[i].Values["ProductReleaseIds"] = winsys.Value{Type: "REG_SZ", String: "O365ProPlusRetail"}
		}
	}
	return fake.New(fx, nil)
}

func TestCloudMetadata(t *testing.T) {
	_, r := runBundle(t, azureVM(t), Options{})
	var c collected.Cloud
	item(t, r, "cloud/metadata.json", &c)
	if c.Provider != "azure" || c.Name != "azure-usgov" || c.Region != "usgovvirginia" {
		t.Errorf("cloud = %+v", c)
	}
	raw, _ := r.Read("cloud/metadata.json")
	for _, id := range []string{"11111111-2222", "66666666-7777", "rg-secret"} {
		if strings.Contains(string(raw), id) {
			t.Errorf("%s kept from the metadata answer", id)
		}
	}
	// analyze reads it: the cloud is Azure Government.
	s := &evidence.Set{}
	if err := collected.Read(collected.KindCloud)("cloud/metadata.json", 1, string(raw), s); err != nil {
		t.Fatal(err)
	}
	if s.Context.Cloud != "azure-usgov" || s.Context.AzureCloud != "usgov" {
		t.Errorf("context = %+v", s.Context)
	}
}

func TestNoMetadata(t *testing.T) {
	m, _ := runBundle(t, azureVM(t), Options{NoMetadata: true})
	for _, it := range m.Items {
		if it.Collector == "cloud" {
			t.Errorf("cloud collector ran with NoMetadata: %+v", it)
		}
	}
}

func TestCheckCollector(t *testing.T) {
	var got CheckTargets
	check := func(ctx context.Context, tg CheckTargets) ([]byte, collected.Check, error) {
		got = tg
		s := &evidence.Set{TCP: []evidence.TCPProbe{{Host: "kms01.contoso.com", Port: 1688, Outcome: evidence.TCPTimeout}}}
		return []byte(`{"command":"check"}`), collected.NewCheck(tg.Hosts, tg.Domain, s), nil
	}
	m, r := runBundle(t, loadWS42(t), Options{Check: check})
	if strings.Join(got.Hosts, ",") != "kms01.contoso.com:1688" || got.Domain != "contoso.com" {
		t.Errorf("targets = %+v", got)
	}
	found := false
	for _, it := range m.Items {
		if it.Collector == "check" && it.Path == "check/evidence.json" && it.Kind == "check-evidence" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no check evidence in %+v", m.Items)
	}
	raw, _ := r.Read("check/evidence.json")
	s := &evidence.Set{}
	if err := collected.Read(collected.KindCheck)("check/evidence.json", 1, string(raw), s); err != nil {
		t.Fatal(err)
	}
	if len(s.TCP) != 1 || s.TCP[0].Outcome != evidence.TCPTimeout {
		t.Errorf("tcp = %+v", s.TCP)
	}
}

func TestRedactMachineItems(t *testing.T) {
	_, r := runBundle(t, azureVM(t), Options{Redact: true})
	for _, p := range []string{"net/network_params.json", "net/winhttp_proxy.json", "cloud/metadata.json"} {
		d, err := r.Read(p)
		if err != nil {
			t.Fatal(err)
		}
		if l := strings.ToLower(string(d)); strings.Contains(l, "contoso") || strings.Contains(l, "ws42") || strings.Contains(l, "10.20.0.10") {
			t.Errorf("%s not redacted:\n%s", p, d)
		}
	}
}

// The metadata's cloud reaches the report's subject through analyze of the
// bundle.
func TestCloudReachesSubject(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Run(context.Background(), azureVM(t), &buf, Options{}); err != nil {
		t.Fatal(err)
	}
	s := &evidence.Set{}
	ingest.Bytes("ws42.zip", buf.Bytes(), s)
	r := report.New("analyze", time.Date(2026, 9, 23, 10, 0, 0, 0, time.UTC))
	diagnose.Run(s, r)
	if c := r.Subject.Cloud; c != "azure" {
		t.Errorf("subject cloud = %q", c)
	}
	if len(s.StoreFiles) != 3 || len(s.Proxies) != 1 || s.Proxies[0].Direct || len(s.Office) != 1 || s.Office[0].Releases[0].License != "subscription" {
		t.Errorf("machine facts not read: %+v %+v %+v", s.StoreFiles, s.Proxies, s.Office)
	}
}
