package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyzeWrongFormat: a Word document and a screenshot given by
// mistake get input.wrong_format, which names the format and says how to
// save the output as text, in both languages.
func TestAnalyzeWrongFormat(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, p := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		f, _ := w.Create(p)
		f.Write([]byte(`<?xml version="1.0"?><x/>`))
	}
	w.Close()
	doc := filepath.Join(dir, "dlv.docx")
	png := filepath.Join(dir, "slmgr.png")
	os.WriteFile(doc, b.Bytes(), 0o644)
	os.WriteFile(png, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...), 0o644)
	for lang, wants := range map[string][]string{
		"en": {"is a Word document (.docx), not the text output of a command", "is a PNG image", "slmgr.vbs /dlv > dlv.txt", "a screenshot cannot be read"},
		"ja": {"は Word 文書 (.docx) で、コマンドの出力テキストではありません", "PNG 画像", "slmgr.vbs /dlv > dlv.txt", "スクリーンショットは読み込めません"},
	} {
		var out, errb bytes.Buffer
		run(context.Background(), []string{"analyze", "--lang", lang, doc, png}, nil, &out, &errb)
		for _, want := range wants {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: no %q in\n%s%s", lang, want, out.String(), errb.String())
			}
		}
		if strings.Contains(out.String(), "input.unrecognized") {
			t.Errorf("%s: still unrecognized", lang)
		}
	}
	var out, errb bytes.Buffer
	run(context.Background(), []string{"analyze", "--json", doc}, nil, &out, &errb)
	if !strings.Contains(out.String(), `"input.wrong_format"`) || !strings.Contains(out.String(), `"docx"`) {
		t.Errorf("json: %s", out.String())
	}
}
