package ingest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestExcerpts: evidence read from text cites its line's text, cut on a
// character boundary; setLens covers every list of the Set.
func TestExcerpts(t *testing.T) {
	if n := reflect.TypeFor[evidence.Set]().NumField(); n > len(setLens{}) {
		t.Fatalf("evidence.Set has %d fields; setLens holds %d", n, len(setLens{}))
	}
	s := &evidence.Set{}
	Text("t.txt", "C:\\> slmgr.vbs /ato\nError: 0xC004F074 ライセンス認証できません\n", s)
	if len(s.Codes) != 1 || s.Codes[0].Source.Excerpt != "Error: 0xC004F074 ライセンス認証できません" {
		t.Fatalf("codes %+v", s.Codes)
	}
	long := excerpt(strings.Repeat("あ", 100))
	if len(long) > MaxExcerpt+3 || !strings.HasSuffix(long, "...") || !strings.HasPrefix(long, "あ") {
		t.Errorf("excerpt %q", long)
	}
	if l, ok := lineOf("a\nb\nc", 2); !ok || l != "c" {
		t.Errorf("lineOf = %q %v", l, ok)
	}
}
