package textenc

import (
	"bytes"
	"github.com/kmsdoctor/kmsdoctor/internal/testutil/encoded"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

const (
	ascii  = "Name: Windows(R), Professional edition\r\nLicense Status: Licensed\r\n"
	jaOnly = "現在 Windows のライセンス認証を行えません。\r\nエラー コード: 0xC004C008\r\n"
	zhOnly = "软件授权服务报告无法激活计算机。\r\n无法联系任何密钥管理服务(KMS)。\r\n"
	ja     = "ライセンスの状態: ライセンスされています\r\n説明: Windows(R) Operating System, VOLUME_KMSCLIENT channel\r\n"
)

var cases = []struct {
	name string
	raw  func(testing.TB) []byte
	want string
	enc  Encoding
}{
	{"empty", func(testing.TB) []byte { return nil }, "", UTF8},
	{"one byte", func(testing.TB) []byte { return []byte("x") }, "x", UTF8},
	{"utf8", func(t testing.TB) []byte { return encoded.Bytes(t, ascii, "utf8") }, ascii, UTF8},
	{"utf8 japanese", func(t testing.TB) []byte { return encoded.Bytes(t, ja, "utf8") }, ja, UTF8},
	{"utf8 bom", func(t testing.TB) []byte { return encoded.Bytes(t, ja, "utf8bom") }, ja, UTF8BOM},
	{"utf8 bom only", func(testing.TB) []byte { return []byte{0xEF, 0xBB, 0xBF} }, "", UTF8BOM},
	{"utf16le bom", func(t testing.TB) []byte { return encoded.Bytes(t, ja, "utf16le-bom") }, ja, UTF16LE},
	{"utf16be bom", func(t testing.TB) []byte { return encoded.Bytes(t, ja, "utf16be-bom") }, ja, UTF16BE},
	{"utf16le no bom", func(t testing.TB) []byte { return encoded.Bytes(t, ascii, "utf16le") }, ascii, UTF16LE},
	{"utf16be no bom", func(t testing.TB) []byte { return encoded.Bytes(t, ascii, "utf16be") }, ascii, UTF16BE},
	{"utf16le no bom, some japanese", func(t testing.TB) []byte { return encoded.Bytes(t, ascii+"説明: x\r\n"+ascii, "utf16le") }, ascii + "説明: x\r\n" + ascii, UTF16LE},
	{"utf16be no bom, some japanese", func(t testing.TB) []byte { return encoded.Bytes(t, ascii+"説明: x\r\n"+ascii, "utf16be") }, ascii + "説明: x\r\n" + ascii, UTF16BE},
	{"utf16le odd byte count", func(t testing.TB) []byte { return append(encoded.Bytes(t, ascii, "utf16le"), 'x') }, ascii + "\uFFFD", UTF16LE},
	{"utf16be odd byte count", func(t testing.TB) []byte { return append(encoded.Bytes(t, ascii, "utf16be"), 0) }, ascii + "\uFFFD", UTF16BE},
	{"utf16le bom odd byte count", func(t testing.TB) []byte { return append(encoded.Bytes(t, "ab", "utf16le-bom"), 'c') }, "ab\uFFFD", UTF16LE},
	// Mostly Japanese or Chinese: few high bytes are zero; the line breaks tell.
	{"utf16le no bom, japanese", func(t testing.TB) []byte { return encoded.Bytes(t, jaOnly, "utf16le") }, jaOnly, UTF16LE},
	{"utf16be no bom, japanese", func(t testing.TB) []byte { return encoded.Bytes(t, jaOnly, "utf16be") }, jaOnly, UTF16BE},
	{"utf16le no bom, chinese", func(t testing.TB) []byte { return encoded.Bytes(t, zhOnly, "utf16le") }, zhOnly, UTF16LE},
	{"shift_jis japanese only", func(t testing.TB) []byte { return encoded.Bytes(t, jaOnly, "sjis") }, jaOnly, ShiftJIS},
	{"shift_jis", func(t testing.TB) []byte { return encoded.Bytes(t, ja, "sjis") }, ja, ShiftJIS},
	{"shift_jis odd byte count", func(t testing.TB) []byte { return encoded.Bytes(t, "説明", "sjis")[:3] }, "説\uFFFD", ShiftJIS},
	{"utf8 with one damaged byte", func(t testing.TB) []byte { return []byte("説明: a\xffb\n") }, "説明: a\uFFFDb\n", UTF8},
}

func TestDecode(t *testing.T) {
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			got, e := Decode(tt.raw(t))
			if e != tt.enc {
				t.Errorf("encoding %s, want %s", e, tt.enc)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNewReader: the stream gives what Decode gives, also when the reader
// hands out one byte at a time.
func TestNewReader(t *testing.T) {
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			got, err := io.ReadAll(NewReader(iotest.OneByteReader(bytes.NewReader(tt.raw(t)))))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNewReaderLong: the encoding is chosen from the first SniffSize bytes,
// even when a character is cut at that boundary.
func TestNewReaderLong(t *testing.T) {
	for _, e := range []string{"utf8", "utf16le", "utf16be", "sjis"} {
		text := strings.Repeat("a", SniffSize-1) + strings.Repeat(ja, 2000)
		if e == "utf16le" || e == "utf16be" {
			text = strings.Repeat(ascii, 3000) + ja
		}
		got, err := io.ReadAll(NewReader(bytes.NewReader(encoded.Bytes(t, text, e))))
		if err != nil || string(got) != text {
			t.Errorf("%s: %d bytes back (want %d), err %v", e, len(got), len(text), err)
		}
	}
}

func TestNewReaderError(t *testing.T) {
	_, err := io.ReadAll(NewReader(iotest.ErrReader(io.ErrUnexpectedEOF)))
	if err != io.ErrUnexpectedEOF {
		t.Errorf("err = %v", err)
	}
}

func TestDecodePrefix(t *testing.T) {
	for _, tt := range []struct {
		name string
		raw  []byte
		want string
		enc  Encoding
	}{
		{"utf8 cut in a character", []byte("Log Name: x\n説")[:14], "Log Name: x\n", UTF8},
		{"utf16le cut in a code unit", encoded.Bytes(t, "Log Name", "utf16le")[:5], "Lo", UTF16LE},
		{"utf16be cut in a code unit", encoded.Bytes(t, "Log Name", "utf16be")[:5], "Lo", UTF16BE},
	} {
		got, e := DecodePrefix(tt.raw)
		if got != tt.want || e != tt.enc {
			t.Errorf("%s: got %q (%s), want %q (%s)", tt.name, got, e, tt.want, tt.enc)
		}
	}
}

// FuzzDecode: no input panics, and the output is always valid UTF-8, from
// Decode, DecodePrefix and NewReader alike.
func FuzzDecode(f *testing.F) {
	for _, tt := range cases {
		f.Add(tt.raw(f))
	}
	f.Add([]byte{0xFE, 0xFF, 0xD8, 0x00})
	f.Add([]byte{0x00, 0xD8, 0x00, 'a', 0, 'b'})
	f.Fuzz(func(t *testing.T, raw []byte) {
		s, e := Decode(raw)
		if !utf8.ValidString(s) {
			t.Fatalf("Decode (%s): invalid UTF-8 %q", e, s)
		}
		if p, e := DecodePrefix(raw); !utf8.ValidString(p) {
			t.Fatalf("DecodePrefix (%s): invalid UTF-8 %q", e, p)
		}
		b, err := io.ReadAll(NewReader(bytes.NewReader(raw)))
		if err != nil || !utf8.Valid(b) {
			t.Fatalf("NewReader: %q, %v", b, err)
		}
	})
}
