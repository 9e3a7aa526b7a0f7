package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"
)

// runCLI runs kmsdoctor in-process with a fixed environment (no colour, no
// locale) and returns stdout, stderr and the exit status.
func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		t.Setenv(k, "")
	}
	t.Setenv("NO_COLOR", "1")
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", "golden", name)
	golden.Check(t, p, []byte(got))
}

func TestFixNegativeCodes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"explain -1073418124", "explain -- -1073418124"},
		{"explain --lang ja -1073418124 0xC004F074", "explain --lang ja -- -1073418124 0xC004F074"},
		{"explain --json -- -1073418124", "explain --json -- -1073418124"},
		{"check --host kms1", "check --host kms1"},
		{"explain --search -5", "explain --search -5"},
	}
	for _, tt := range tests {
		got := strings.Join(fixNegativeCodes(strings.Fields(tt.in)), " ")
		if got != tt.want {
			t.Errorf("fixNegativeCodes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUsageErrorsAreOneLine(t *testing.T) {
	tests := [][]string{
		{"explain"},
		{"explain", "notacode"},
		{"explain", "--lang", "fr", "0xC004F074"},
		{"explain", "--bogus"},
		{"nosuchcommand"},
	}
	for _, args := range tests {
		out, errs, code := runCLI(t, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if out != "" {
			t.Errorf("%v: stdout %q, want nothing", args, out)
		}
		if strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "kmsdoctor: ") {
			t.Errorf("%v: stderr %q, want one line starting with kmsdoctor:", args, errs)
		}
	}
}

func TestVersion(t *testing.T) {
	out, _, code := runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "kmsdoctor 0.") {
		t.Fatalf("version: %q exit %d", out, code)
	}
}
