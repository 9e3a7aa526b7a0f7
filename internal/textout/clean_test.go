package textout

import (
	"bytes"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain 日本語\tand\nlines", "plain 日本語\tand\nlines"},
		{"title\x1b]0;pwned\x07", "title\ufffd]0;pwned\ufffd"},
		{"hide\x1b[8msecret", "hide\ufffd[8msecret"},
		{"up\x1b[2Aover", "up\ufffd[2Aover"},
		{"cr\rover", "cr\ufffdover"},
		{"c1\u009b31m", "c1\ufffd31m"},
		{"bidi \u202eevil\u202c", "bidi \ufffdevil\ufffd"},
		{"bad \xff utf8", "bad \ufffd utf8"},
		{"nul\x00", "nul\ufffd"},
		{bold + "ours" + reset, bold + "ours" + reset},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := CleanLine("a\nb\tc"); got != "a b c" {
		t.Errorf("CleanLine = %q", got)
	}
}

// TestWriterCleansInput: whatever the text, the writer never emits an escape
// sequence other than its own colours.
func TestWriterCleansInput(t *testing.T) {
	var b bytes.Buffer
	w := New(&b, Style{Width: 40, Color: true})
	hostile := "x\x1b]2;title\x07 \x1b[8mhidden \u202egnp.exe"
	w.Heading(hostile)
	w.Para(2, hostile)
	w.Bullet(2, "-", hostile)
	w.Command(2, hostile)
	out := b.String()
	for _, bad := range []string{"\x1b]", "\x1b[8m", "\x07", "\u202e"} {
		if strings.Contains(out, bad) {
			t.Errorf("output holds %q: %q", bad, out)
		}
	}
	if !strings.Contains(out, bold) {
		t.Errorf("own colour lost: %q", out)
	}
}

func FuzzClean(f *testing.F) {
	f.Add("a\x1b[31mb\x1b]0;x\x07")
	f.Fuzz(func(t *testing.T, s string) {
		out := Clean(s)
		rest := out
		for _, c := range []string{reset, bold, red, yellow, green, cyan, dim} {
			rest = strings.ReplaceAll(rest, c, "")
		}
		for _, r := range rest {
			if unsafeRune(r) || r == 0x1b {
				t.Fatalf("Clean(%q) left %q", s, r)
			}
		}
	})
}
