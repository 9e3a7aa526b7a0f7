package textout

import (
	"bytes"
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		name string
		in   string
		w    int
		want []string
	}{
		{"short", "hello world", 20, []string{"hello world"}},
		{"latin", "the quick brown fox jumps over", 15, []string{"the quick brown", "fox jumps over"}},
		{"japanese", "KMSホストに接続できませんでした。", 12, []string{"KMSホストに", "接続できませ", "んでした。"}},
		{"long word kept", "see https://example.com/a/very/long/path now", 12, []string{"see", "https://example.com/a/very/long/path", "now"}},
		{"newline", "a\nb", 10, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Wrap(tt.in, tt.w)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("Wrap(%q,%d) = %q, want %q", tt.in, tt.w, got, tt.want)
			}
			for _, l := range got {
				if Cols(l) > tt.w && !strings.Contains(l, "https") {
					t.Errorf("line %q is %d columns, over %d", l, Cols(l), tt.w)
				}
			}
		})
	}
}

func TestCols(t *testing.T) {
	if got := Cols("abcライセンス"); got != 13 {
		t.Fatalf("Cols = %d", got)
	}
}

func TestNoColorWhenPlain(t *testing.T) {
	var b bytes.Buffer
	w := New(&b, Plain)
	w.Heading("H")
	w.Command(2, "slmgr.vbs /ato")
	if strings.Contains(b.String(), "\x1b") {
		t.Fatalf("escape codes in plain output: %q", b.String())
	}
	if b.String() != "H\n  $ slmgr.vbs /ato\n" {
		t.Fatalf("got %q", b.String())
	}
}

func TestColor(t *testing.T) {
	var b bytes.Buffer
	New(&b, Style{Color: true, Width: 80}).Heading("H")
	if !strings.Contains(b.String(), "\x1b[1m") {
		t.Fatalf("no bold: %q", b.String())
	}
}
