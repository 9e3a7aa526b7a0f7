package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/unicode"
)

// TestEventLogEncodings: a BOM-less UTF-16 copy (big- or little-endian) of
// an XML event export, made here from the UTF-8 testdata file, is read by
// `analyze` to the same findings as the UTF-8 file (no input.unrecognized)
// and by `events` to the same events. Both commands choose the reader from
// the one registry (internal/ingest) and decode with internal/textenc.
func TestEventLogEncodings(t *testing.T) {
	analyzeNow = func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }
	defer func() { analyzeNow = time.Now }()
	utf8Raw, err := os.ReadFile(kmsHostXML)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	analyze := func(raw []byte) string {
		t.Helper()
		var out, errb bytes.Buffer
		// Read from stdin, so every copy has the same display name.
		run(context.Background(), []string{"analyze", "--json", "--lang", "en", "-"}, bytes.NewReader(raw), &out, &errb)
		if errb.Len() > 0 {
			t.Errorf("analyze stderr: %s", errb.String())
		}
		return out.String()
	}
	events := func(path string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(context.Background(), []string{"events", path}, nil, &out, &errb); code != 0 || errb.Len() > 0 {
			t.Errorf("events %s: exit %d, stderr %s", path, code, errb.String())
		}
		return out.String()
	}
	wantReport, wantEvents := analyze(utf8Raw), events(kmsHostXML)
	if strings.Contains(wantReport, "input.unrecognized") || !strings.Contains(wantReport, `"id"`) {
		t.Fatalf("the UTF-8 file itself: %s", wantReport)
	}
	if n := strings.Count(wantEvents, "\n"); n != 143 {
		t.Fatalf("the UTF-8 file itself: %d events, want 143", n)
	}
	for _, tt := range []struct {
		name  string
		order unicode.Endianness
	}{
		{"utf16be-nobom", unicode.BigEndian},
		{"utf16le-nobom", unicode.LittleEndian},
	} {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := unicode.UTF16(tt.order, unicode.IgnoreBOM).NewEncoder().Bytes(utf8Raw)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) || bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) {
				t.Fatal("the copy has a BOM")
			}
			path := filepath.Join(dir, tt.name+".xml")
			if err := os.WriteFile(path, raw, 0o644); err != nil {
				t.Fatal(err)
			}
			if got := analyze(raw); got != wantReport {
				t.Errorf("analyze differs from the UTF-8 file:\n%s\nwant:\n%s", got, wantReport)
			}
			if got := events(path); got != wantEvents {
				t.Errorf("events: %d lines, want the %d of the UTF-8 file", strings.Count(got, "\n"), strings.Count(wantEvents, "\n"))
			}
		})
	}
}
