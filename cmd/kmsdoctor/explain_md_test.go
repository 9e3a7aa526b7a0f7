package main

import (
	"strings"
	"testing"
)

func TestExplainMarkdownAndShort(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"explain_C004F038_md_ja.md", []string{"explain", "--lang", "ja", "--format", "markdown", "0xC004F038"}},
		{"explain_C004F074_md_short_en.md", []string{"explain", "--lang", "en", "--format", "markdown", "--short", "0xC004F074", "0xDEADBEEF"}},
		{"explain_C004F074_short_ja.txt", []string{"explain", "--lang", "ja", "--short", "0xC004F074"}},
	}
	for _, tt := range tests {
		out, errs, code := runCLI(t, tt.args...)
		if code != 0 || errs != "" {
			t.Fatalf("%v: exit %d, stderr %q", tt.args, code, errs)
		}
		checkGolden(t, tt.golden, out)
	}
	full, _, _ := runCLI(t, "explain", "--lang", "ja", "0xC004F074")
	short, _, _ := runCLI(t, "explain", "--lang", "ja", "--short", "0xC004F074")
	if n, m := strings.Count(short, "\n"), strings.Count(full, "\n"); n*3 > m {
		t.Errorf("--short has %d lines, the full text %d", n, m)
	}
	if out, _, code := runCLI(t, "explain", "--format", "json", "0xC004F074"); code != 0 || !strings.HasPrefix(out, "[") {
		t.Errorf("--format json: exit %d, %q", code, out)
	}
	if _, errs, code := runCLI(t, "explain", "--format", "html", "0xC004F074"); code != 2 || !strings.Contains(errs, "--format html") {
		t.Errorf("--format html: exit %d, %q", code, errs)
	}
}
