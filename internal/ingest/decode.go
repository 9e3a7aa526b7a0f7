package ingest

import (
	"strings"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/textenc"
)

// decode turns raw file bytes into text with package textenc and
// normalises line endings to "\n". ok is false when raw does not look like
// text (a binary file): a NUL, many control characters, or, in UTF-16 and
// Shift_JIS, more than a stray replaced character.
func decode(raw []byte) (text string, enc textenc.Encoding, ok bool) {
	s, enc := textenc.Decode(raw)
	if enc != textenc.UTF8 && enc != textenc.UTF8BOM {
		// A decoder maps invalid sequences to U+FFFD; more than a stray one
		// means this was not the encoding.
		if n := strings.Count(s, "\uFFFD"); n > 2 && n*100 > utf8.RuneCountInString(s) {
			return "", enc, false
		}
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimPrefix(s, "\uFEFF")
	ctrl, total := 0, 0
	for _, r := range s {
		total++
		if r == 0 {
			return "", enc, false
		}
		if r < 0x20 && r != '\n' && r != '\t' && r != '\f' && r != 0x1b {
			ctrl++
		}
	}
	if total > 0 && ctrl*20 > total {
		return "", enc, false
	}
	return s, enc, true
}

// replaced counts the U+FFFD characters decoding put in text: bytes that
// were not valid in the encoding chosen.
func replaced(text string) int { return strings.Count(text, "\uFFFD") }
