package ingest

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/bundle"
)

const bundleEvent = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-SPP'/><EventID Qualifiers='16384'>12288</EventID><Level>4</Level><TimeCreated SystemTime='2026-09-01T09:00:00.0000000Z'/><EventRecordID>5001</EventRecordID><Channel>Application</Channel><Computer>%s</Computer></System><EventData><Data>0x00000000, 0x00000000, kms01.contoso.com:1688, 8d3c2a10-4b5e-4f6a-9c7d-1e2f3a4b5c6d, 2026/09/01 09:00, 0, 1, 259200, 73111121-5638-40f6-bc11-f1d7b0d64300, 25</Data></EventData></Event>`

func testBundle(t *testing.T, computer string, items map[bundle.Item][]byte, failed ...bundle.Item) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := bundle.NewWriter(&buf, bundle.Manifest{Tool: "kmsdoctor", Computer: computer, CollectedAt: time.Date(2026, 9, 2, 0, 0, 0, 0, time.UTC)})
	for it, data := range items {
		if err := w.AddBytes(it, data); err != nil {
			t.Fatal(err)
		}
	}
	for _, it := range failed {
		w.AddItem(it)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBundleKind: a bundle is read through its manifest: the XML by the
// kind it names, the raw .evtx beside it not at all (the same events),
// data items by no reader, an unknown kind as unrecognised; the machine's
// name fills events that name none, and a failed collector is a note.
func TestBundleKind(t *testing.T) {
	raw := testBundle(t, "WS42", map[bundle.Item][]byte{
		{Path: "events/Application.xml", Kind: "wevtutil-xml", Collector: "events"}: []byte(fmt.Sprintf(bundleEvent, "")),
		{Path: "events/Application.evtx", Kind: "evtx", Collector: "events"}:        []byte("ElfFile\x00 not really"),
		{Path: "registry/spp.json", Kind: "data/registry", Collector: "registry"}:   []byte(`{"KeyManagementServiceName": "kms01"}`),
		{Path: "notes/what.bin", Kind: "no-such-kind", Collector: "os"}:             []byte("x"),
		{Path: "events/KMS.xml", Kind: "wevtutil-xml", Collector: "events"}:         []byte(fmt.Sprintf(bundleEvent, "OTHER")),
	}, bundle.Item{Collector: "proxy", Error: "WinHttpGetDefaultProxyConfiguration: 0x00000005"})
	if !bundle.Detect(raw) {
		t.Fatal("not detected")
	}
	s, err := Paths(nil)
	if err != nil {
		t.Fatal(err)
	}
	Bytes("b.zip", raw, s)
	if len(s.Inputs) != 1 || s.Inputs[0] != "b.zip" {
		t.Errorf("inputs = %v", s.Inputs)
	}
	if len(s.Events) != 2 {
		t.Fatalf("events = %d, want 2 (XML only, not the raw evtx)", len(s.Events))
	}
	for _, e := range s.Events {
		switch e.Source.File {
		case "b.zip!events/Application.xml":
			if e.Computer != "WS42" {
				t.Errorf("computer = %q, want the bundle's", e.Computer)
			}
		case "b.zip!events/KMS.xml":
			if e.Computer != "OTHER" {
				t.Errorf("an event's own computer was replaced: %q", e.Computer)
			}
		default:
			t.Errorf("source %v", e.Source)
		}
	}
	if len(s.Unrecognized) != 1 || s.Unrecognized[0].File != "b.zip!notes/what.bin" {
		t.Errorf("unrecognized = %v", s.Unrecognized)
	}
	kinds := map[string]string{}
	for _, n := range s.Notes {
		kinds[n.Kind] = n.Detail
	}
	if kinds[NoteBundleComputer] != "WS42" || kinds[NoteCollectorFailed] == "" {
		t.Errorf("notes = %+v", s.Notes)
	}
	if len(s.Skipped) != 0 {
		t.Errorf("skipped = %+v", s.Skipped)
	}
}

// TestBundleRawEvtxWithoutXML: with no rendered XML, the raw .evtx is read.
func TestBundleRawEvtxWithoutXML(t *testing.T) {
	raw := testBundle(t, "WS42", map[bundle.Item][]byte{
		{Path: "events/Application.evtx", Kind: "evtx", Collector: "events"}: []byte("ElfFile\x00 not really"),
	})
	s, _ := Paths(nil)
	Bytes("b.zip", raw, s)
	if len(s.Skipped) == 0 {
		t.Error("the damaged evtx was not read")
	}
}

// TestZipStillWalked: a zip without a manifest first is walked as before.
func TestZipStillWalked(t *testing.T) {
	raw := writeZip(t, map[string][]byte{"a/events.xml": []byte(fmt.Sprintf(bundleEvent, "PC"))})
	s, _ := Paths(nil)
	Bytes("z.zip", raw, s)
	if len(s.Events) != 1 || s.Events[0].Source.File != "z.zip!a/events.xml" {
		t.Errorf("events = %+v", s.Events)
	}
}
