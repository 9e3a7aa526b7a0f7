package ingest

import (
	"strings"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/textenc"
)

// decode turns raw file bytes into text with package textenc and
// normalises line endings to "\n". ok is false when raw does not look like
// text (a binary file): more than a few NULs, many control characters, or,
// in UTF-16 and Shift_JIS, more than a stray replaced character.
func decode(raw []byte) (text string, enc textenc.Encoding, ok bool) {
	text, enc, _, ok = decodeNUL(raw)
	return text, enc, ok
}

// maxNULs is how many NUL characters text may hold (besides trailing
// padding, which is dropped) and still be text: one in a hundred
// characters, at least a few. They are removed and reported.
func maxNULs(chars int) int { return max(4, chars/100) }

// decodeNUL is decode that also returns how many NULs it removed: stray
// ones and trailing padding, as a copy or a tool can leave them.
func decodeNUL(raw []byte) (text string, enc textenc.Encoding, nuls int, ok bool) {
	s, enc := textenc.Decode(raw)
	if enc != textenc.UTF8 && enc != textenc.UTF8BOM {
		// A decoder maps invalid sequences to U+FFFD; more than a stray one
		// means this was not the encoding.
		if n := strings.Count(s, "\uFFFD"); n > 2 && n*100 > utf8.RuneCountInString(s) {
			return "", enc, 0, false
		}
	}
	if t := strings.TrimRight(s, "\x00"); len(t) < len(s) {
		nuls = len(s) - len(t)
		s = t
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimPrefix(s, "\uFEFF")
	ctrl, total, inner := 0, 0, 0
	for _, r := range s {
		total++
		if r == 0 {
			inner++
			continue
		}
		if r < 0x20 && r != '\n' && r != '\t' && r != '\f' && r != 0x1b {
			ctrl++
		}
	}
	if inner > maxNULs(total) || total-inner == 0 && nuls+inner > 0 {
		return "", enc, 0, false
	}
	if total > 0 && ctrl*20 > total {
		return "", enc, 0, false
	}
	if inner > 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return s, enc, nuls + inner, true
}

// replaced counts the U+FFFD characters decoding put in text: bytes that
// were not valid in the encoding chosen.
func replaced(text string) int { return strings.Count(text, "\uFFFD") }
