package bundle

import (
	"archive/zip"
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestWriteRead(t *testing.T) {
	var buf bytes.Buffer
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	w := NewWriter(&buf, Manifest{Tool: "kmsdoctor", Version: "0.1.0", Computer: "PC01", CollectedAt: at})
	if err := w.AddJSON(Item{Path: "spp/licensing.json", Kind: "spp-cim-json", Collector: "spp", DurationMS: 12}, []map[string]any{{"LicenseStatus": 1}}); err != nil {
		t.Fatal(err)
	}
	if err := w.AddFile(Item{Path: `events\Application.xml`, Kind: "wevtutil-xml", Collector: "events"}, strings.NewReader("<Events/>")); err != nil {
		t.Fatal(err)
	}
	w.AddItem(Item{Path: "ignored", Collector: "proxy", Error: "boom"})
	if err := w.AddBytes(Item{Path: "spp/licensing.json"}, nil); err == nil {
		t.Error("a path added twice must fail")
	}
	for _, bad := range []string{"../x", "/abs", "manifest.json", "."} {
		if err := w.AddBytes(Item{Path: bad}, nil); err == nil {
			t.Errorf("path %q accepted", bad)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	if !Detect(raw) {
		t.Fatal("Detect(bundle) = false")
	}
	r, err := Open(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := Manifest{Schema: Schema, Tool: "kmsdoctor", Version: "0.1.0", Computer: "PC01", CollectedAt: at, Items: []Item{
		{Path: "spp/licensing.json", Kind: "spp-cim-json", Collector: "spp", DurationMS: 12},
		{Path: "events/Application.xml", Kind: "wevtutil-xml", Collector: "events"},
		{Collector: "proxy", Error: "boom"},
	}}
	if !reflect.DeepEqual(r.Manifest, want) {
		t.Errorf("manifest\n got %+v\nwant %+v", r.Manifest, want)
	}
	data, err := r.Read("events/Application.xml")
	if err != nil || string(data) != "<Events/>" {
		t.Errorf("Read = %q, %v", data, err)
	}
	if _, err := r.Read("nope"); err == nil {
		t.Error("missing item read")
	}
}

func plainZip(t *testing.T, names ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		f, _ := zw.Create(n)
		f.Write([]byte(`{"schema": 1}`))
	}
	zw.Close()
	return buf.Bytes()
}

func TestDetectAndOpenRefuse(t *testing.T) {
	for name, raw := range map[string][]byte{
		"empty":            nil,
		"text":             []byte("manifest.json is mentioned here but this is text"),
		"zip, other first": plainZip(t, "a.txt", "manifest.json"),
	} {
		if Detect(raw) {
			t.Errorf("%s: Detect = true", name)
		}
		if _, err := Open(raw); err == nil {
			t.Errorf("%s: Open succeeded", name)
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, _ := zw.Create("manifest.json")
	f.Write([]byte(`{"schema": 99}`))
	zw.Close()
	if _, err := Open(buf.Bytes()); err == nil || !strings.Contains(err.Error(), "schema 99") {
		t.Errorf("future schema: %v", err)
	}
}

func TestClosedWriter(t *testing.T) {
	w := NewWriter(&bytes.Buffer{}, Manifest{})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.AddBytes(Item{Path: "x"}, nil); err == nil {
		t.Error("add after close")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestCloseError(t *testing.T) {
	w := NewWriter(failWriter{}, Manifest{})
	if err := w.Close(); err == nil {
		t.Error("write error lost")
	}
}

func FuzzOpen(f *testing.F) {
	f.Add(plainZip(nil, "manifest.json"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := Open(raw)
		if err == nil {
			for _, it := range r.Manifest.Items {
				r.Read(it.Path)
			}
		}
		Detect(raw)
	})
}
