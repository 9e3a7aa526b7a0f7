package render

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// FuzzDecodeRender: `render` reads reports from outside (a file, a fleet
// server's copy). Whatever the bytes, decoding either fails or gives a
// report every renderer prints without panicking, in both languages.
func FuzzDecodeRender(f *testing.F) {
	if b, err := os.ReadFile("testdata/report.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"tool":"kmsdoctor","schema":2,"findings":[{"id":"x","message":{"title":{"key":"report.raw","args":{"text":{"sep":"report.list_sep","items":[{"key":"report.raw","args":{"text":"a"}}]}}}},"steps":[{"say":{"key":"nope"},"run":"a&b"}]}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := report.Decode(raw)
		if err != nil {
			return
		}
		for _, l := range i18n.Langs {
			if err := Text(io.Discard, r, l, textout.Plain); err != nil {
				t.Fatal(err)
			}
			if err := Markdown(io.Discard, r, l); err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := HTML(&b, r, l); err != nil {
				t.Fatal(err)
			}
			if err := JSON(io.Discard, r); err != nil {
				t.Fatal(err)
			}
		}
	})
}
