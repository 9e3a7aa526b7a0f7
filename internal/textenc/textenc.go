// Package textenc turns text as Windows tools and admins save it into UTF-8.
// It is the one place kmsdoctor decides what encoding an input is in: the
// analyze input side (internal/ingest) decodes whole files with Decode, and
// the event-log readers wrap their input in NewReader.
//
// The encoding is recognised from the bytes alone (Sniff):
//   - a byte-order mark: UTF-8, UTF-16LE, UTF-16BE;
//   - BOM-less UTF-16LE (what PowerShell 5's `>` writes) or UTF-16BE, told
//     by where the zero bytes are in the first 4 KiB: in mostly-ASCII text
//     every second byte is zero;
//   - UTF-8, also with a few damaged bytes (a file that is valid UTF-8 but
//     for one or two bytes, or 1 in 100, stays UTF-8: reading it as
//     Shift_JIS would garble every other non-ASCII character);
//   - anything else is Shift_JIS/CP932, as a Japanese Windows saves text
//     (`cscript slmgr.vbs /dlv > out.txt`).
//
// The output is always valid UTF-8: a byte that is not valid in the
// encoding chosen becomes U+FFFD, and a byte-order mark is dropped. Line
// endings are left as they are. Decoding uses golang.org/x/text; only the
// choice of encoding is written here, since no library sniffs BOM-less
// UTF-16 and CP932 the way Windows files need.
package textenc

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names an encoding Sniff can choose. The names appear in
// messages (e.g. a skip that counts replaced characters).
type Encoding string

// The encodings recognised.
const (
	UTF8     Encoding = "utf-8"
	UTF8BOM  Encoding = "utf-8-bom"
	UTF16LE  Encoding = "utf-16le"
	UTF16BE  Encoding = "utf-16be"
	ShiftJIS Encoding = "shift_jis"
)

// statSize is how much of the start the zero-byte statistics look at.
const statSize = 4096

// SniffSize is how much of its input NewReader looks at before choosing.
const SniffSize = 64 << 10

// Sniff chooses the encoding of b. With partial, b is only the start of the
// input, so a multi-byte character cut off at its end is not held against
// UTF-8.
func Sniff(b []byte, partial bool) Encoding {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return UTF8BOM
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return UTF16LE
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return UTF16BE
	}
	if e, ok := sniffUTF16(b); ok {
		return e
	}
	if partial {
		b = trimPartialRune(b)
	}
	if utf8.Valid(b) || mostlyUTF8(b) {
		return UTF8
	}
	return ShiftJIS
}

// sniffUTF16 spots BOM-less UTF-16: in mostly-ASCII text the high byte of
// every code unit is zero, the odd bytes in little-endian order and the
// even ones in big-endian order.
func sniffUTF16(b []byte) (Encoding, bool) {
	n := min(len(b), statSize)
	pairs := n / 2
	if pairs < 2 {
		return "", false
	}
	oddZero, evenZero := 0, 0
	for i := 0; i+1 < n; i += 2 {
		if b[i] == 0 {
			evenZero++
		}
		if b[i+1] == 0 {
			oddZero++
		}
	}
	switch {
	case oddZero*10 >= pairs*4 && evenZero*10 < pairs:
		return UTF16LE, true
	case evenZero*10 >= pairs*4 && oddZero*10 < pairs:
		return UTF16BE, true
	}
	return sniffUTF16CJK(b[:n])
}

// sniffUTF16CJK spots BOM-less UTF-16 of text that is mostly not ASCII
// (Japanese or Chinese, where few high bytes are zero): its line breaks
// are the code unit U+000A, bytes "\n\x00" (little-endian) or "\x00\n"
// (big-endian) at an even offset, which neither UTF-8 nor Shift_JIS text
// holds (they have no NUL), and nearly every code unit is a character
// such text uses (ASCII, general punctuation, CJK symbols, kana, CJK
// ideographs, Hangul, full-width forms).
func sniffUTF16CJK(b []byte) (Encoding, bool) {
	for _, e := range []Encoding{UTF16LE, UTF16BE} {
		lf, ok, units := 0, 0, 0
		for i := 0; i+1 < len(b); i += 2 {
			u := uint16(b[i]) | uint16(b[i+1])<<8
			if e == UTF16BE {
				u = uint16(b[i])<<8 | uint16(b[i+1])
			}
			units++
			switch {
			case u == '\n':
				lf++
				ok++
			case u == '\t' || u == '\r' || 0x20 <= u && u < 0x7F,
				0x2000 <= u && u < 0x2070, 0x3000 <= u && u < 0x3100, 0x4E00 <= u && u < 0xA000,
				0xAC00 <= u && u < 0xD7B0, 0xFF00 <= u && u < 0xFFF0:
				ok++
			}
		}
		if lf > 0 && ok*100 >= units*95 {
			return e, true
		}
	}
	return "", false
}

// mostlyUTF8: valid multi-byte UTF-8 sequences and at most a few invalid
// bytes (1 in 100, or 2).
func mostlyUTF8(b []byte) bool {
	multi, bad := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		} else {
			multi++
		}
		i += n
	}
	return multi > 0 && bad > 0 && (bad <= 2 || bad*100 <= len(b))
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of b.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax-1 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < utf8.RuneSelf {
			return b // ASCII: nothing cut off
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}

// decoder returns the transformer that decodes e to UTF-8.
func decoder(e Encoding) transform.Transformer {
	switch e {
	case UTF8BOM:
		return unicode.UTF8BOM.NewDecoder()
	case UTF16LE:
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
	case UTF16BE:
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
	case ShiftJIS:
		return japanese.ShiftJIS.NewDecoder()
	}
	return unicode.UTF8.NewDecoder()
}

// Decode returns raw, a whole input, as UTF-8 and the encoding it was read
// in.
func Decode(raw []byte) (string, Encoding) {
	e := Sniff(raw, false)
	return DecodeAs(raw, e), e
}

// DecodePrefix is Decode for the first bytes of a longer input (the head
// the event-log kinds are detected on): a character cut off at the end is
// dropped rather than replaced.
func DecodePrefix(head []byte) (string, Encoding) {
	e := Sniff(head, true)
	switch e {
	case UTF16LE, UTF16BE:
		head = head[:len(head)&^1]
	case UTF8, UTF8BOM:
		head = trimPartialRune(head)
	}
	return DecodeAs(head, e), e
}

// DecodeAs decodes raw from e to UTF-8.
func DecodeAs(raw []byte, e Encoding) string {
	if e == UTF8 {
		// Each run of invalid bytes becomes one U+FFFD, as strings does it;
		// valid input is returned as is.
		return strings.ToValidUTF8(string(raw), "\uFFFD")
	}
	out, _, err := transform.Bytes(decoder(e), raw)
	if err != nil { // the decoders replace rather than fail; be safe anyway
		return strings.ToValidUTF8(string(raw), "\uFFFD")
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// NewReader returns a reader of r as UTF-8. It chooses the encoding from
// the first SniffSize bytes (Sniff), so it suits inputs too large to hold in
// memory; a read error met while looking is returned by the first Read.
func NewReader(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, SniffSize)
	head, err := br.Peek(SniffSize)
	partial := err == nil || errors.Is(err, bufio.ErrBufferFull)
	if err != nil && !partial && !errors.Is(err, io.EOF) {
		partial = true // let the read report it
	}
	return transform.NewReader(br, decoder(Sniff(head, partial)))
}

// CutUTF8 returns the longest prefix of s of at most n bytes that does not
// end inside a UTF-8 sequence.
func CutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	i := n
	for i > 0 && i > n-utf8.UTFMax && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}
