package ingest

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

// Encoding names reported by DecodeName.
const (
	EncUTF8     = "utf-8"
	EncUTF8BOM  = "utf-8-bom"
	EncUTF16LE  = "utf-16le"
	EncUTF16BE  = "utf-16be"
	EncShiftJIS = "shift_jis"
)

// Decode turns raw file bytes into text. ok is false when raw does not look
// like text in any of the supported encodings (a binary file).
func Decode(raw []byte) (text string, ok bool) {
	text, _, ok = DecodeName(raw)
	return text, ok
}

// DecodeName is Decode that also names the encoding it chose.
func DecodeName(raw []byte) (text, enc string, ok bool) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		return finish(string(raw[3:]), EncUTF8BOM)
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), raw, EncUTF16LE)
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), raw, EncUTF16BE)
	case looksUTF16LE(raw):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), raw, EncUTF16LE)
	case utf8.Valid(raw):
		return finish(string(raw), EncUTF8)
	case mostlyUTF8(raw):
		// A UTF-8 file with a few damaged bytes stays UTF-8 (decoding it as
		// Shift_JIS would garble every non-ASCII character).
		return finish(strings.ToValidUTF8(string(raw), "\uFFFD"), EncUTF8)
	}
	return decodeWith(japanese.ShiftJIS, raw, EncShiftJIS)
}

// mostlyUTF8: valid multi-byte UTF-8 sequences and at most a few invalid
// bytes (1 in 100, or 2).
func mostlyUTF8(raw []byte) bool {
	multi, bad := 0, 0
	for i := 0; i < len(raw); {
		if raw[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		} else {
			multi++
		}
		i += n
	}
	return multi > 0 && bad > 0 && (bad <= 2 || bad*100 <= len(raw))
}

// Replaced counts the U+FFFD characters decoding put in text: bytes that
// were not valid in the encoding chosen.
func Replaced(text string) int { return strings.Count(text, "\uFFFD") }

func decodeWith(e encoding.Encoding, raw []byte, name string) (string, string, bool) {
	out, err := e.NewDecoder().Bytes(raw)
	if err != nil {
		return "", name, false
	}
	s := string(out)
	// A decoder maps invalid sequences to U+FFFD; more than a stray one
	// means this was not the encoding.
	if n := strings.Count(s, "\uFFFD"); n > 2 && n*100 > utf8.RuneCountInString(s) {
		return "", name, false
	}
	return finish(s, name)
}

// finish normalises line endings and rejects binary content.
func finish(s, name string) (string, string, bool) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimPrefix(s, "\uFEFF")
	ctrl, total := 0, 0
	for _, r := range s {
		total++
		if r == 0 {
			return "", name, false
		}
		if r < 0x20 && r != '\n' && r != '\t' && r != '\f' && r != 0x1b {
			ctrl++
		}
	}
	if total > 0 && ctrl*20 > total {
		return "", name, false
	}
	return s, name, true
}

// looksUTF16LE spots BOM-less UTF-16LE: in mostly-ASCII text every second
// byte is zero.
func looksUTF16LE(raw []byte) bool {
	n := len(raw)
	if n < 4 || n%2 != 0 {
		return false
	}
	if n > 4096 {
		n = 4096
	}
	oddZero, evenZero := 0, 0
	for i := 0; i+1 < n; i += 2 {
		if raw[i] == 0 {
			evenZero++
		}
		if raw[i+1] == 0 {
			oddZero++
		}
	}
	pairs := n / 2
	return oddZero*10 >= pairs*4 && evenZero*10 < pairs
}
