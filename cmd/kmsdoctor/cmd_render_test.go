package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runWithStdin runs kmsdoctor with stdin (LANG empty, NO_COLOR set).
func runWithStdin(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		t.Setenv(k, "")
	}
	t.Setenv("NO_COLOR", "1")
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// roundTripInputs are the golden inputs of analyze: its own, the event
// rules' and the Azure scenarios' (those with --azure public).
func roundTripInputs(t *testing.T) [][]string {
	t.Helper()
	var runs [][]string
	for _, glob := range []string{"testdata/analyze/in/*", "../../internal/diagnose/testdata/events/*.*", "../../internal/azure/testdata/*.*", "../../internal/cloudnet/*/testdata/*.json"} {
		ins, err := filepath.Glob(glob)
		if err != nil || len(ins) == 0 {
			t.Fatalf("%s: no inputs (%v)", glob, err)
		}
		for _, in := range ins {
			base := filepath.Base(in)
			if base == "SOURCES.md" || strings.HasSuffix(base, ".py") {
				continue
			}
			args := []string{"analyze", in}
			args = append(args, cloudArgs(in)...)
			runs = append(runs, args)
		}
	}
	return runs
}

// TestRenderRoundTrip: for every golden input, the JSON report made in one
// language, rendered in the other, prints exactly what the command prints
// in that language (text and Markdown), with the same exit status. This is
// what lets a server show an English agent's report to a Japanese operator.
func TestRenderRoundTrip(t *testing.T) {
	analyzeNow = func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }
	defer func() { analyzeNow = time.Now }()
	runs := roundTripInputs(t)
	if len(runs) < 40 {
		t.Fatalf("only %d inputs", len(runs))
	}
	for _, args := range runs {
		t.Run(filepath.Base(args[1]), func(t *testing.T) {
			roundTrip(t, args, nil)
		})
	}
}

// TestRenderRoundTripCheck does the same for check's golden runs.
func TestRenderRoundTripCheck(t *testing.T) {
	checkResolvConf = "testdata/check/resolv-none.conf"
	defer func() { checkResolvConf = "/etc/resolv.conf" }()
	fixed := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	checkNow = func() time.Time { return fixed }
	defer func() { checkNow = time.Now }()
	addr := closedPort(t)
	_, port, _ := net.SplitHostPort(addr)
	stable := func(s string) string { return strings.ReplaceAll(s, port, "PORT") }
	for name, args := range map[string][]string{
		"no_domain": {"check", "--timeout", "1s"},
		"refused":   {"check", "--host", addr, "--attempts", "2", "--timeout", "2s"},
	} {
		t.Run(name, func(t *testing.T) { roundTrip(t, args, stable) })
	}
}

func roundTrip(t *testing.T, args []string, stable func(string) string) {
	t.Helper()
	if stable == nil {
		stable = func(s string) string { return s }
	}
	for _, dir := range [][2]string{{"en", "ja"}, {"ja", "en"}} {
		from, to := dir[0], dir[1]
		js, errs, code := runWithStdin(t, "", append(append([]string{}, args...), "--json", "--lang", from)...)
		if errs != "" || code > 1 {
			t.Fatalf("%v --json --lang %s: exit %d, stderr %q", args, from, code, errs)
		}
		for _, format := range []string{"text", "markdown"} {
			want, _, wantCode := runWithStdin(t, "", append(append([]string{}, args...), "--lang", to, "--format", format)...)
			got, errs, gotCode := runWithStdin(t, js, "render", "-", "--lang", to, "--format", format)
			if errs != "" {
				t.Fatalf("render: stderr %q", errs)
			}
			if stable(got) != stable(want) {
				t.Errorf("%s -> %s (%s): render differs from the command's output\n--- render\n%s\n--- %v\n%s", from, to, format, got, args, want)
			}
			if gotCode != wantCode || gotCode != code {
				t.Errorf("%s -> %s (%s): exit %d, want %d", from, to, format, gotCode, wantCode)
			}
		}
	}
}

func TestRenderErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\n  \"tool\": \"kmsdoctor\",\n  \"findings\": [1,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.json")
	if err := os.WriteFile(other, []byte(`{"tool": "something else"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		stdin  string
		stderr []string
	}{
		{"no args", []string{"render"}, "", []string{"render:", "one report"}},
		{"missing", []string{"render", filepath.Join(dir, "nope.json")}, "", []string{"nope.json"}},
		{"truncated", []string{"render", bad}, "", []string{"bad.json", "line 4", "unexpected end"}},
		{"not ours", []string{"render", other}, "", []string{"other.json", "not a kmsdoctor report"}},
		{"empty stdin", []string{"render", "-"}, "", []string{"render: -"}},
		{"japanese", []string{"render", "--lang", "ja", other}, "", []string{"kmsdoctor のレポートではありません"}},
		{"bad format", []string{"render", "--format", "pdf", other}, "", []string{"--format"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runWithStdin(t, tt.stdin, tt.args...)
			if code != 2 || out != "" || strings.Count(errs, "\n") != 1 {
				t.Fatalf("exit %d, stdout %q, stderr %q: want exit 2 and one line", code, out, errs)
			}
			for _, w := range tt.stderr {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr %q lacks %q", errs, w)
				}
			}
		})
	}
}

// TestRenderHTML: the HTML fragment of a stored report holds its findings
// in the language asked for.
func TestRenderHTML(t *testing.T) {
	js, _, _ := runWithStdin(t, "", "analyze", "--json", "--lang", "en", "testdata/analyze/in/synth_en_psping_timeout.txt")
	out, errs, code := runWithStdin(t, js, "render", "-", "--lang", "ja", "--format", "html")
	if code != 1 || errs != "" || !strings.Contains(out, `<section class="kmsdoctor-report" data-status="problem"`) ||
		!strings.Contains(out, "tcp.timeout") || !strings.Contains(out, `lang="ja"`) {
		t.Fatalf("exit %d stderr %q:\n%s", code, errs, out)
	}
}
