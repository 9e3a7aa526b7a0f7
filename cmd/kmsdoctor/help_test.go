package main

import (
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// TestCompletionDescriptions checks that the Japanese completion
// descriptions fit compDescCols display columns and are cut at a legal
// break (no opening bracket left at the end, no closing one at the start
// of what was cut).
func TestCompletionDescriptions(t *testing.T) {
	for _, args := range [][]string{{"__complete", "--lang", "ja", ""}, {"__complete", "--lang", "ja", "explain", ""}, {"__complete", "--lang", "ja", "check", "--"}} {
		out, _, code := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		n := 0
		for _, line := range strings.Split(out, "\n") {
			_, desc, ok := strings.Cut(line, "\t")
			if !ok {
				continue
			}
			n++
			if c := textout.Cols(desc); c > compDescCols {
				t.Errorf("%v: %q is %d columns, over %d", args, desc, c, compDescCols)
			}
			if d := strings.TrimSuffix(desc, "…"); strings.HasSuffix(d, "(") || strings.HasSuffix(d, "「") {
				t.Errorf("%v: %q ends with an opening bracket", args, desc)
			}
		}
		if n < 3 {
			t.Errorf("%v: only %d descriptions in %q", args, n, out)
		}
	}
}

func TestHelpLangFromArgs(t *testing.T) {
	env := func(string) string { return "" }
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"explain", "--lang", "ja", "--help"}, "ja"},
		{[]string{"--lang=ja", "check"}, "ja"},
		{[]string{"--lang", "fr", "check"}, "en"},
		{[]string{"explain", "--", "--lang", "ja"}, "en"},
	}
	for _, tt := range tests {
		if got := helpLang(tt.args, env); string(got) != tt.want {
			t.Errorf("helpLang(%q) = %s, want %s", tt.args, got, tt.want)
		}
	}
}
