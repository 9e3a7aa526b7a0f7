package ingest

import (
	"archive/zip"
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

// wrongFormat names the format of raw when it is a document or an image
// given by mistake instead of a command's text output (its magic bytes),
// else "". Office Open XML documents are zips, recognised by readZip
// (isOffice).
func wrongFormat(raw []byte) string {
	switch {
	case bytes.HasPrefix(raw, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return "ole2" // .doc, .xls, .ppt (Office 97-2003), .msg
	case bytes.HasPrefix(raw, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(raw, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(raw, []byte("\xFF\xD8\xFF")):
		return "jpeg"
	}
	return ""
}

// officeKind tells a Word, Excel or PowerPoint document apart by its parts.
func officeKind(files []*zip.File) string {
	for _, f := range files {
		switch {
		case strings.HasPrefix(f.Name, "word/"):
			return "docx"
		case strings.HasPrefix(f.Name, "xl/"):
			return "xlsx"
		case strings.HasPrefix(f.Name, "ppt/"):
			return "pptx"
		}
	}
	return "ooxml"
}

// entryName is a zip entry's name as text. A name without the UTF-8 flag
// (bit 11) that is not valid UTF-8 is what Japanese Windows Explorer
// writes: CP932 (Shift_JIS). It is decoded as such when that decodes
// cleanly; otherwise the name is kept as it is (cleanEntryName makes it
// printable).
func entryName(name string, flags uint16) string {
	if flags&0x800 != 0 || utf8.ValidString(name) {
		return name
	}
	d, err := japanese.ShiftJIS.NewDecoder().String(name)
	if err != nil || strings.ContainsRune(d, utf8.RuneError) {
		return name
	}
	return d
}
