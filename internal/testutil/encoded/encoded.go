// Package encoded makes test inputs in the encodings Windows tools write
// (UTF-8 with and without BOM, UTF-16 both ways with and without BOM,
// Shift_JIS), for the decoder and ingest tests.
package encoded

import (
	"testing"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

// Bytes returns s encoded as e: utf8, utf8bom, utf16le-bom, utf16be-bom,
// utf16le, utf16be (no BOM) or sjis. An unknown encoding fails the test.
func Bytes(t testing.TB, s, e string) []byte {
	t.Helper()
	var out []byte
	var err error
	switch e {
	case "utf8":
		return []byte(s)
	case "utf8bom":
		return append([]byte{0xEF, 0xBB, 0xBF}, s...)
	case "utf16le-bom":
		out, err = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	case "utf16be-bom":
		out, err = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	case "utf16le":
		out, err = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(s))
	case "utf16be":
		out, err = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(s))
	case "sjis":
		out, err = japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
	default:
		t.Fatalf("unknown encoding %q", e)
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}
