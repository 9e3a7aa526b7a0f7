package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"
)

// runCLI runs kmsdoctor in-process with a fixed environment (no colour, no
// locale) and returns stdout, stderr and the exit status.
func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return runCLILang(t, "", args...)
}

// runCLILang is runCLI with LANG set to lang (LC_ALL and LC_MESSAGES empty).
func runCLILang(t *testing.T, lang string, args ...string) (string, string, int) {
	t.Helper()
	for _, k := range []string{"LC_ALL", "LC_MESSAGES"} {
		t.Setenv(k, "")
	}
	t.Setenv("LANG", lang)
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

// TestHelpLanguage checks that --help is worded from the catalogue in the
// language of LANG (help is printed before --lang is parsed) and exits 0.
func TestHelpLanguage(t *testing.T) {
	tests := []struct {
		args   []string
		en, ja []string // texts the help must contain in that language
	}{
		{[]string{"--help"},
			[]string{"kmsdoctor diagnoses Windows and Office volume activation failures", "Print the kmsdoctor version"},
			[]string{"ボリューム ライセンス認証の失敗", "kmsdoctor のバージョンを表示します", "終了コード"}},
		{[]string{"check", "--help"},
			[]string{"Check KMS discovery and reachability", "bound for the whole check", "output language: ja or en", "output format: text, markdown, json or html"},
			[]string{"KMS ホストの検出", "SRV レコード _vlmcs._tcp.DOMAIN", "チェック全体の制限時間", "出力言語: ja または en", "出力形式: text、markdown、json、html"}},
		{[]string{"analyze", "--help"},
			[]string{"Analyze collected artifacts offline", "the artifacts come from a VM in this cloud", "print the report as one JSON document"},
			[]string{"オフラインで解析し", "クラウドの VM から採取したもの", "レポートを 1 つの JSON ドキュメントとして出力"}},
		{[]string{"explain", "--help"},
			[]string{"Explain Windows and Office activation error codes", "# not an activation code: decoded", "print a JSON array, one object per CODE"},
			[]string{"ライセンス認証のエラー コードを説明します", "# 認証エラー以外: 分解して表示", "JSON 配列で出力"}},
		{[]string{"events", "--help"},
			[]string{"output language: ja or en"},
			[]string{"出力言語: ja または en"}},
	}
	for _, tt := range tests {
		for _, lang := range []string{"", "C.UTF-8", "ja_JP.UTF-8"} {
			want, notWant := tt.en, tt.ja
			if strings.HasPrefix(lang, "ja") {
				want, notWant = tt.ja, tt.en
			}
			out, errs, code := runCLILang(t, lang, tt.args...)
			if code != 0 || errs != "" {
				t.Errorf("LANG=%s %v: exit %d, stderr %q; want 0 and nothing", lang, tt.args, code, errs)
			}
			for _, w := range want {
				if !strings.Contains(out, w) {
					t.Errorf("LANG=%s %v: help lacks %q:\n%s", lang, tt.args, w, out)
				}
			}
			for _, w := range notWant {
				if strings.Contains(out, w) {
					t.Errorf("LANG=%s %v: help contains %q from the other language", lang, tt.args, w)
				}
			}
			if strings.Contains(out, "[help.") {
				t.Errorf("LANG=%s %v: help names a missing catalogue key:\n%s", lang, tt.args, out)
			}
		}
	}
}

// TestMain fixes the report id, so that golden reports are stable.
func TestMain(m *testing.M) {
	reportID = func() string { return "00000000-0000-4000-8000-000000000000" }
	os.Exit(m.Run())
}

// TestCancelledExit130: a run whose context was cancelled (Ctrl-C) exits
// 130 and prints no report, for check and for analyze.
func TestCancelledExit130(t *testing.T) {
	in, err := filepath.Glob("testdata/analyze/in/*")
	if err != nil || len(in) == 0 {
		t.Fatalf("no analyze input: %v", err)
	}
	for name, args := range map[string][]string{
		"check":   {"check", "--lang", "en", "--host", "127.0.0.1:1", "--timeout", "1s"},
		"analyze": {"analyze", "--lang", "en", in[0]},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("NO_COLOR", "1")
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var out, errb bytes.Buffer
			code := run(ctx, args, strings.NewReader(""), &out, &errb)
			if code != 130 || out.Len() != 0 || errb.String() != "kmsdoctor: interrupted\n" {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
			}
		})
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, 0},
		{exitError{exitProblem}, 1},
		{exitError{exitUsage}, 2},
		{usagef("bad flag"), 2},
		{errors.New("other"), 2},
		{context.Canceled, 130},
		{fmt.Errorf("reading: %w", context.Canceled), 130},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}
