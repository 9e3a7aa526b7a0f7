package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// eventSamples are one file per event-log kind, from the readers' own
// testdata.
var eventSamples = []struct {
	path   string
	kind   string
	events int
	first  int // event id of the first event
}{
	{"../eventlog/evtx/testdata/anotherc0ne_EventLog_Application.evtx", "evtx", 807, 4111},
	{"../eventlog/wevtxml/testdata/kmshost_12290_12293_constructed.xml", "wevtutil-xml", -1, 12290},
	{"../eventlog/evcsv/testdata/ja_eventviewer_utf16_constructed.csv", "eventviewer-csv", -1, 12289},
	{"../eventlog/evtext/testdata/ja_12288_12289_constructed.txt", "eventviewer-text", 2, 12288},
}

func TestEventKinds(t *testing.T) {
	var names []string
	for _, k := range EventKinds() {
		names = append(names, k.Name)
		if k.Read != nil || k.ReadRaw != nil {
			t.Errorf("%s: an event-log kind is read through Events only", k.Name)
		}
	}
	if got := strings.Join(names, ","); got != "evtx,wevtutil-xml,eventviewer-csv,eventviewer-text" {
		t.Errorf("event kinds %s", got)
	}
}

func TestReadEvents(t *testing.T) {
	for _, s := range eventSamples {
		t.Run(s.kind, func(t *testing.T) {
			b, err := os.ReadFile(s.path)
			if err != nil {
				t.Fatal(err)
			}
			if k, ok := EventKind(b[:min(len(b), eventlog.HeadSize)]); !ok || k.Name != s.kind {
				t.Errorf("EventKind = %q, %v, want %q", k.Name, ok, s.kind)
			}
			var evs []*evidence.Event
			_, err = ReadEventFile(context.Background(), s.path, eventlog.Options{}, func(ev *evidence.Event, _ []byte) error {
				evs = append(evs, ev)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) == 0 || (s.events >= 0 && len(evs) != s.events) || evs[0].EventID != s.first {
				t.Errorf("got %d events, want %d (first %d)", len(evs), s.events, s.first)
			}
			// analyze reads the same file to the same events.
			var set evidence.Set
			Bytes(filepath.Base(s.path), b, &set)
			if len(set.Events) != len(evs) || len(set.Unrecognized) != 0 {
				t.Errorf("analyze: %d events (events: %d), unrecognised %v", len(set.Events), len(evs), set.Unrecognized)
			}
		})
	}
}

func TestReadEventsKeepAndPrepare(t *testing.T) {
	for _, s := range eventSamples {
		var n int
		_, err := ReadEventFile(context.Background(), s.path, eventlog.Options{
			Keep:    func(ev *evidence.Event) bool { return ev.EventID == s.first },
			Prepare: func(ev *evidence.Event, buf []byte) []byte { return append(buf, 'x') },
		}, func(ev *evidence.Event, p []byte) error {
			if ev.EventID != s.first || string(p) != "x" {
				t.Errorf("%s: event %d with prepared %q got through", s.path, ev.EventID, p)
			}
			n++
			return nil
		})
		if err != nil || n == 0 {
			t.Errorf("%s: %d events, err %v", s.path, n, err)
		}
	}
}

func TestReadEventsUnreadable(t *testing.T) {
	for _, tt := range []struct{ name, in string }{
		{"slmgr text", "Name: Windows(R), ServerDatacenter edition\nLicense Status: Licensed\n"},
		{"empty", ""},
	} {
		_, err := ReadEvents(context.Background(), strings.NewReader(tt.in), "in.txt", eventlog.Options{}, nil)
		if !errors.Is(err, eventlog.ErrUnknownFormat) || !strings.HasPrefix(err.Error(), "in.txt: offset 0: ") {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
	_, err := ReadEventFile(context.Background(), filepath.Join(t.TempDir(), "missing.evtx"), eventlog.Options{}, nil)
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "missing.evtx") {
		t.Errorf("missing file: %v", err)
	}
}

// FuzzReadEvents runs the event-kind choice and whichever reader it picks
// on arbitrary input: no panic, and any error names the input.
func FuzzReadEvents(f *testing.F) {
	for _, s := range eventSamples {
		b, err := os.ReadFile(s.path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 70000)])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out := 0
		var err error
		alloc := allocated(func() {
			_, err = ReadEvents(context.Background(), bytes.NewReader(b), "fuzz.in", eventlog.Options{XML: true}, func(ev *evidence.Event, _ []byte) error {
				out += len(ev.XML)
				for _, d := range ev.Data {
					out += len(d)
				}
				return nil
			})
		})
		if err != nil && !strings.HasPrefix(err.Error(), "fuzz.in") {
			t.Fatalf("error does not name the input: %v", err)
		}
		// What `events` prints and allocates is bounded by the input.
		if limit := fuzzLimit(b, 0); uint64(out) > limit || alloc > limit {
			t.Fatalf("%d bytes of input: %d bytes of events, %d MiB allocated", len(b), out, alloc>>20)
		}
	})
}
