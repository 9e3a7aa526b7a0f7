package eventlog

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// samples are one file per format, from the readers' own testdata.
var samples = []struct {
	path   string
	format Format
	events int
	first  int // event id of the first event
}{
	{"evtx/testdata/anotherc0ne_EventLog_Application.evtx", EVTX, 807, 4111},
	{"wevtxml/testdata/kmshost_12290_12293_constructed.xml", XML, -1, 12290},
	{"evcsv/testdata/ja_eventviewer_utf16_constructed.csv", CSV, -1, 12289},
	{"evtext/testdata/ja_12288_12289_constructed.txt", Text, 2, 12288},
}

func TestDispatch(t *testing.T) {
	for _, s := range samples {
		t.Run(string(s.format), func(t *testing.T) {
			b, err := os.ReadFile(s.path)
			if err != nil {
				t.Fatal(err)
			}
			head := b
			if len(head) > HeadSize {
				head = head[:HeadSize]
			}
			if got := Detect(head); got != s.format {
				t.Errorf("Detect = %q, want %q", got, s.format)
			}
			var evs []*evidence.Event
			_, err = ReadFile(context.Background(), s.path, Options{}, func(ev *evidence.Event, _ []byte) error {
				evs = append(evs, ev)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) == 0 || (s.events >= 0 && len(evs) != s.events) || evs[0].EventID != s.first {
				t.Errorf("got %d events (first id %d), want %d (first %d)", len(evs), firstID(evs), s.events, s.first)
			}
		})
	}
}

func firstID(evs []*evidence.Event) int {
	if len(evs) == 0 {
		return -1
	}
	return evs[0].EventID
}

func TestKeepAndPrepare(t *testing.T) {
	for _, s := range samples {
		var n int
		_, err := ReadFile(context.Background(), s.path, Options{
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

func TestUnreadable(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"slmgr text", "Name: Windows(R), ServerDatacenter edition\nLicense Status: Licensed\n", ErrUnknownFormat},
		{"empty", "", ErrUnknownFormat},
	}
	for _, tt := range tests {
		_, err := Read(context.Background(), strings.NewReader(tt.in), "in.txt", func(*evidence.Event) error { return nil })
		if !errors.Is(err, tt.want) || !strings.HasPrefix(err.Error(), "in.txt: offset 0: ") {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
	_, err := ReadFile(context.Background(), filepath.Join(t.TempDir(), "missing.evtx"), Options{}, nil)
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "missing.evtx") {
		t.Errorf("missing file: %v", err)
	}
}

func TestReadAll(t *testing.T) {
	evs, skips, err := ReadAll(context.Background(), samples[0].path)
	if err != nil || len(evs) != 807 || len(skips) != 0 {
		t.Fatalf("%d events, %d skips, %v", len(evs), len(skips), err)
	}
}

// FuzzRead runs the dispatcher and whichever reader it picks on arbitrary
// input: no panic, and any error names the input.
func FuzzRead(f *testing.F) {
	for _, s := range samples {
		b, err := os.ReadFile(s.path)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 70000 {
			b = b[:70000]
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := Read(context.Background(), bytes.NewReader(b), "fuzz.in", func(*evidence.Event) error { return nil })
		if err != nil && !strings.HasPrefix(err.Error(), "fuzz.in") {
			t.Fatalf("error does not name the input: %v", err)
		}
	})
}
