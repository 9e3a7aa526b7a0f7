package collect

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/bundle"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys/fake"
)

func loadWS42(t *testing.T) winsys.System {
	t.Helper()
	sys, err := fake.LoadDir("testdata/recorded/ws42")
	if err != nil {
		t.Fatal(err)
	}
	return sys
}

func TestRunWS42(t *testing.T) {
	var buf bytes.Buffer
	m, err := Run(context.Background(), loadWS42(t), &buf, Options{Tool: "kmsdoctor", Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Computer != "WS42" || !m.CollectedAt.Equal(time.Date(2026, 9, 23, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("manifest %+v", m)
	}
	r, err := bundle.Open(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bundle.Item{}
	failed := map[string]string{}
	for _, it := range r.Manifest.Items {
		if it.DurationMS < 0 {
			t.Errorf("%s: negative duration", it.Collector)
		}
		if it.Path != "" {
			got[it.Path] = it
		}
		if it.Error != "" {
			failed[it.Collector] = it.Error
		}
	}
	for path, kind := range map[string]string{
		"os/os.json": "data/os", "spp/licensing.json": "spp-cim-json", "service/services.json": "data/service",
		"events/Application.xml": "wevtutil-xml", "registry/spp.json": "data/registry", "registry/tcpip.json": "data/registry",
		"net/dns.json": "data/dns-config", "net/vlmcs_srv.json": "data/srv", "net/winhttp_proxy.txt": "data/proxy",
	} {
		if got[path].Kind != kind {
			t.Errorf("%s: kind %q, want %q", path, got[path].Kind, kind)
		}
	}
	// The time collector failed (w32time stopped) and the export is not
	// implemented: recorded, and the run went on.
	if !strings.Contains(failed["time"], "0x80070426") || !strings.Contains(failed["events"], "0x80004001") {
		t.Errorf("failures = %v", failed)
	}
	data, _ := r.Read("spp/licensing.json")
	if !strings.Contains(string(data), `"__CLASS": "SoftwareLicensingProduct"`) || strings.Contains(string(data), "ProductKeyChannel") {
		t.Errorf("licensing.json: the retried query (without the optional properties) should have been used:\n%s", data)
	}
}

func TestFailingCollectorsDoNotAbort(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	cols := []Collector{
		{Name: "ok", Timeout: time.Second, Run: func(_ context.Context, _ winsys.System, o *Out) error {
			o.Add("a.txt", "data/x", []byte("a"))
			return nil
		}},
		{Name: "err", Timeout: time.Second, Run: func(context.Context, winsys.System, *Out) error { return errors.New("boom") }},
		{Name: "panic", Timeout: time.Second, Run: func(context.Context, winsys.System, *Out) error { panic("bad") }},
		{Name: "stuck", Timeout: time.Millisecond, Run: func(_ context.Context, _ winsys.System, o *Out) error {
			o.Add("stuck.txt", "data/x", []byte("half"))
			<-block
			return nil
		}},
		{Name: "last", Timeout: time.Second, Run: func(_ context.Context, _ winsys.System, o *Out) error {
			o.Add("b.txt", "data/x", []byte("b"))
			return nil
		}},
	}
	var buf bytes.Buffer
	m, err := Run(context.Background(), winsys.System{Computer: "PC"}, &buf, Options{Collectors: cols, Grace: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	errs := map[string]string{}
	var paths []string
	for _, it := range m.Items {
		errs[it.Collector] = it.Error
		if it.Path != "" {
			paths = append(paths, it.Path)
		}
	}
	if errs["err"] != "boom" || !strings.Contains(errs["panic"], "panicked") || !strings.Contains(errs["stuck"], "cut off") {
		t.Errorf("errors = %v", errs)
	}
	if strings.Join(paths, ",") != "a.txt,b.txt" {
		t.Errorf("paths = %v (a cut-off collector's items must not be written)", paths)
	}
}

func TestRedact(t *testing.T) {
	var buf bytes.Buffer
	m, err := Run(context.Background(), loadWS42(t), &buf, Options{Redact: true})
	if err != nil {
		t.Fatal(err)
	}
	if m.Computer != "computer-1" {
		t.Errorf("computer = %q", m.Computer)
	}
	r, err := bundle.Open(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, it := range r.Manifest.Items {
		all.WriteString(it.Error)
		if it.Path != "" {
			d, _ := r.Read(it.Path)
			all.Write(d)
		}
	}
	text := strings.ToLower(all.String())
	for _, secret := range []string{"ws42", "contoso", "8d3c2a10-4b5e-4f6a-9c7d-1e2f3a4b5c6d", "10.20.0.10", "10.20.3.42", "taro yamada"} {
		if strings.Contains(text, secret) {
			t.Errorf("%q left in the redacted bundle", secret)
		}
	}
	for _, kept := range []string{"kms01.domain-1.example", "00000000-0000-4000-8000-000000000001", "192.0.2."} {
		if !strings.Contains(text, kept) {
			t.Errorf("pseudonym %q missing", kept)
		}
	}
}

func TestRedactorStable(t *testing.T) {
	r := NewRedactor()
	r.Add("computer", "PC01")
	r.Add("domain", "corp.example.com")
	a := r.String("PC01.corp.example.com at 10.1.2.3 and 10.1.2.4, again 10.1.2.3; 127.0.0.1 stays; version 10.0.19041.1 stays")
	want := "computer-1.domain-1.example at 192.0.2.2 and 192.0.2.3, again 192.0.2.2; 127.0.0.1 stays; version 10.0.19041.1 stays"
	if a != want {
		t.Errorf("got  %s\nwant %s", a, want)
	}
	if b := r.String("pc01 10.1.2.4"); b != "computer-1 192.0.2.3" {
		t.Errorf("not stable across files: %s", b)
	}
}
