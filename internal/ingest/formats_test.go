package ingest

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"golang.org/x/text/encoding/japanese"
)

// ooxml makes a minimal Office Open XML package with the given parts.
func ooxml(t *testing.T, parts ...string) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, p := range append([]string{"[Content_Types].xml", "_rels/.rels", "docProps/core.xml"}, parts...) {
		f, err := w.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(`<?xml version="1.0"?><x/>`))
	}
	w.Close()
	return b.Bytes()
}

func TestWrongFormat(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 32)...)
	for _, tc := range []struct {
		name, want string
		raw        []byte
	}{
		{"dlv.docx", "docx", ooxml(t, "word/document.xml")},
		{"dlv.xlsx", "xlsx", ooxml(t, "xl/workbook.xml", "xl/worksheets/sheet1.xml")},
		{"dlv.pptx", "pptx", ooxml(t, "ppt/presentation.xml")},
		{"dlv.doc", "ole2", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 504)...)},
		{"dlv.pdf", "pdf", []byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n")},
		{"dlv.png", "png", png},
		{"dlv.jpg", "jpeg", append([]byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"), make([]byte, 32)...)},
	} {
		var s evidence.Set
		Bytes(tc.name, tc.raw, &s)
		if len(s.WrongFormat) != 1 || s.WrongFormat[0].Format != tc.want || s.WrongFormat[0].Source.File != tc.name {
			t.Errorf("%s: WrongFormat = %+v, want %s", tc.name, s.WrongFormat, tc.want)
		}
		if len(s.Unrecognized) != 0 || len(s.Inputs) != 1 {
			t.Errorf("%s: unrecognized %v, inputs %v", tc.name, s.Unrecognized, s.Inputs)
		}
	}
	// A PNG inside a zip is named by its path in the zip.
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, _ := w.Create("screenshots/slmgr.png")
	f.Write(png)
	w.Close()
	var s evidence.Set
	Bytes("ticket.zip", b.Bytes(), &s)
	if len(s.WrongFormat) != 1 || s.WrongFormat[0].Source.File != "ticket.zip!screenshots/slmgr.png" {
		t.Errorf("png in zip: %+v", s.WrongFormat)
	}
}

// TestCP932ZipNames: a zip written by Japanese Windows Explorer stores its
// names in CP932 without the UTF-8 flag; citations show them decoded.
func TestCP932ZipNames(t *testing.T) {
	name := "ライセンス/認証結果.txt"
	sjis, err := japanese.ShiftJIS.NewEncoder().String(name)
	if err != nil {
		t.Fatal(err)
	}
	dlv := "Error: 0xC004F074 The Software Licensing Service reported that the computer could not be activated.\r\n"
	for _, deflate := range []bool{false, true} {
		var b bytes.Buffer
		w := zip.NewWriter(&b)
		h := &zip.FileHeader{Name: sjis, NonUTF8: true, Method: zip.Store}
		if deflate {
			h.Method = zip.Deflate
		}
		f, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(dlv))
		w.Close()
		raw := b.Bytes()
		if le := uint16(raw[6]) | uint16(raw[7])<<8; le&0x800 != 0 {
			t.Fatalf("the UTF-8 flag is set: %#x", le)
		}
		var s evidence.Set
		Bytes("チケット.zip", raw, &s)
		want := "チケット.zip!" + name
		if len(s.Codes) == 0 || s.Codes[0].Source.File != want {
			t.Errorf("deflate %v: codes %+v, want cited as %q", deflate, s.Codes, want)
		}
		// The same zip cut before its central directory: local headers.
		cut := raw[:bytes.LastIndex(raw, []byte("PK\x01\x02"))]
		s = evidence.Set{}
		Bytes("チケット.zip", cut, &s)
		if !strings.Contains(strings.Join(s.Inputs, " "), want) {
			t.Errorf("deflate %v, cut: inputs %v, want %q", deflate, s.Inputs, want)
		}
	}
	// A name that is valid UTF-8 stays as it is, flag or not.
	if got := entryName("dlv.txt", 0); got != "dlv.txt" {
		t.Errorf("entryName = %q", got)
	}
	if got := entryName("ライセンス.txt", 0); got != "ライセンス.txt" {
		t.Errorf("entryName = %q", got)
	}
}
