package main

import (
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestServeProbeCommands(t *testing.T) {
	dsn := "sqlite://" + filepath.Join(t.TempDir(), "fleet.db")
	if out, errs, code := runCLI(t, "serve", "probe", "list", "--db", dsn); code != 0 || !strings.Contains(out, "No probes") {
		t.Fatalf("empty list: %d %q %q", code, out, errs)
	}
	if out, errs, code := runCLI(t, "serve", "probe", "add", "KMS01.corp.example", "--interval", "1m", "--db", dsn); code != 0 ||
		!strings.Contains(out, "kms01.corp.example:1688 every 1m0s") {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	out, _, code := runCLI(t, "serve", "probe", "list", "--db", dsn)
	if code != 0 || !strings.Contains(out, "kms01.corp.example:1688") || !strings.Contains(out, "never") {
		t.Errorf("list: %d %q", code, out)
	}
	if out, _, code := runCLI(t, "--lang", "ja", "serve", "probe", "list", "--db", dsn); code != 0 || !strings.Contains(out, "未実行") {
		t.Errorf("list ja: %d %q", code, out)
	}
	if _, errs, code := runCLI(t, "serve", "probe", "remove", "kms01.corp.example:1688", "--db", dsn); code != 0 {
		t.Errorf("remove: %d %q", code, errs)
	}
	for _, args := range [][]string{
		{"serve", "probe", "remove", "kms01.corp.example", "--db", dsn},
		{"serve", "probe", "add", "a b", "--db", dsn},
		{"serve", "probe", "add", "kms01", "--interval", "1s", "--db", dsn},
		{"serve", "probe", "add", "--db", dsn},
		{"serve", "--probe", "kms01:0"},
		{"serve", "--probe-interval", "1s"},
	} {
		for _, lang := range []string{"en", "ja"} {
			out, errs, code := runCLI(t, append([]string{"--lang", lang}, args...)...)
			if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || (lang == "ja" && !hasJapanese(errs)) {
				t.Errorf("%s %v: exit %d, stdout %q, stderr %q", lang, args, code, out, errs)
			}
		}
	}
	for _, c := range [][]string{{"serve", "probe"}, {"serve", "probe", "add"}, {"serve", "probe", "list"}, {"serve", "probe", "remove"}} {
		args := append(append([]string{"--lang", "ja"}, c...), "--help")
		out, errs, code := runCLI(t, args...)
		if code != 0 || errs != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
		checkJapanese(t, strings.Join(args, " "), out)
	}
}

// TestTuneGC: serve sets the collector's percentage and soft limit unless
// GOGC and GOMEMLIMIT do.
func TestTuneGC(t *testing.T) {
	oldPercent, oldLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	defer func() { debug.SetGCPercent(oldPercent); debug.SetMemoryLimit(oldLimit) }()
	for _, c := range []struct {
		env     map[string]string
		percent int
		limit   int64
	}{
		{map[string]string{}, serveGCPercent, serveMemoryLimit},
		{map[string]string{"GOGC": "100", "GOMEMLIMIT": "1GiB"}, 100, 1 << 40},
	} {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(1 << 40)
		tuneGC(&env{getenv: func(k string) string { return c.env[k] }})
		if p := debug.SetGCPercent(100); p != c.percent {
			t.Errorf("%v: GC percent %d, want %d", c.env, p, c.percent)
		}
		if l := debug.SetMemoryLimit(-1); l != c.limit {
			t.Errorf("%v: memory limit %d, want %d", c.env, l, c.limit)
		}
	}
}
