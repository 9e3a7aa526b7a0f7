// Package eventtest holds what the tests of the event-log readers share:
// collecting a reader's events, dumping them, one JSON object per line,
// for golden files, and the checks of their fuzz targets.
package eventtest

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/textenc"
)

// Collect runs read over b and returns all events and skips.
func Collect(read eventlog.ReadFunc, b []byte, name string) ([]*evidence.Event, []evidence.Skip, error) {
	var evs []*evidence.Event
	sk, err := read(context.Background(), bytes.NewReader(b), name, eventlog.Options{}, func(e *evidence.Event, _ []byte) error {
		evs = append(evs, e)
		return nil
	})
	return evs, sk, err
}

// Dump writes one JSON line per event, then one per skip. With full, the
// System fields only XML carries (qualifiers, task, opcode, keywords, data
// names, user) are included too.
func Dump(evs []*evidence.Event, sk []evidence.Skip, full bool) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, e := range evs {
		m := map[string]any{"provider": e.Provider, "id": e.EventID, "level": e.Level, "channel": e.Channel,
			"computer": e.Computer, "record": e.RecordID, "time": e.Time, "data": e.Data, "line": e.Source.Line}
		if full {
			m["qualifiers"], m["task"], m["opcode"], m["keywords"] = e.Qualifiers, e.Task, e.Opcode, e.Keywords
			m["names"], m["user"] = e.Names, e.UserID
		}
		_ = enc.Encode(m)
	}
	for _, s := range sk {
		_ = enc.Encode(s)
	}
	return buf.Bytes()
}

// CheckPlaces reads b with read, as the text readers' fuzz targets do, and
// fails t when an error or a skip does not name the input and a line.
func CheckPlaces(t *testing.T, read eventlog.ReadFunc, b []byte, name string) {
	t.Helper()
	_, sk, err := Collect(read, b, name)
	if err != nil && !strings.HasPrefix(err.Error(), name+": line ") {
		t.Fatalf("error without place: %v", err)
	}
	for _, s := range sk {
		if s.Source.File != name || s.Source.Line == 0 {
			t.Fatalf("skip without place: %+v", s)
		}
	}
}

// Head is what a reader's Detect gets from the input registry
// (internal/ingest) for `kmsdoctor events`: the first eventlog.HeadSize
// bytes of b, decoded with textenc.
func Head(b []byte) string {
	s, _ := textenc.DecodePrefix(b[:min(len(b), eventlog.HeadSize)])
	return s
}
