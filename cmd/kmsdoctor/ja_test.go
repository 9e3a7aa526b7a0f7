package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// TestJapaneseHelpHasNoEnglish runs every command's --help (and the Windows
// habits /? and -?) with --lang ja and fails on any line that is an English
// sentence or heading: what is left, once commands, flags, ids and codes are
// set aside, must be Japanese.
func TestJapaneseHelpHasNoEnglish(t *testing.T) {
	cmds := [][]string{
		{}, {"help"}, {"version"}, {"explain"}, {"keys"}, {"check"}, {"analyze"}, {"events"}, {"render"},
		{"completion"}, {"completion", "bash"}, {"completion", "zsh"}, {"completion", "fish"}, {"completion", "powershell"},
	}
	for _, c := range cmds {
		for _, h := range []string{"--help", "-h", "-?", "/?"} {
			args := append(append([]string{"--lang", "ja"}, c...), h)
			out, errs, code := runCLI(t, args...)
			if code != 0 || errs != "" {
				t.Errorf("%v: exit %d, stderr %q", args, code, errs)
			}
			checkJapanese(t, strings.Join(args, " "), out)
		}
	}
	// help in the language of LANG, too
	out, _, _ := runCLILang(t, "ja_JP.UTF-8", "explain", "--help")
	checkJapanese(t, "LANG=ja explain --help", out)
}

// TestJapaneseErrors runs the common error cases with --lang ja: each is
// one line of Japanese on stderr, with no byte escape.
func TestJapaneseErrors(t *testing.T) {
	dir := t.TempDir()
	noread := filepath.Join(dir, "noread.txt")
	if err := os.WriteFile(noread, []byte("x"), 0o000); err != nil {
		t.Fatal(err)
	}
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := [][]string{
		{"explian"},
		{"nosuchcommand"},
		{"--bogus"},
		{"explain", "--jsno", "0xC004F074"},
		{"explain", "-x", "0xC004F074"},
		{"explain"},
		{"explain", "notacode"},
		{"check", "--timeout", "3秒"},
		{"check", "--timeout", "3"},
		{"check", "--attempts", "x"},
		{"check", "--host"},
		{"check", "--host", "https://kms01:1688/"},
		{"check", "--host", "127.0.0.1:99999"},
		{"check", "--host", "a:b:c"},
		{"check", "--dns-server", "nohost"},
		{"analyze", filepath.Join(dir, "nosuchfile.txt")},
		{"events", filepath.Join(dir, "nosuch.evtx")},
		{"events", notes},
		{"events", "--format", "csv", notes},
		{"render", filepath.Join(dir, "nosuch.json")},
		{"help", "nosuch"},
		{"explain", "--lang", "fr", "0xC004F074"},
	}
	if os.Geteuid() != 0 { // root reads any file
		tests = append(tests, []string{"analyze", noread})
	}
	for _, args := range tests {
		args := append([]string{"--lang", "ja"}, args...)
		if args[2] == "--lang" {
			args = args[2:]
		}
		out, errs, code := runCLI(t, args...)
		if code != 2 || out != "" {
			t.Errorf("%v: exit %d, stdout %q; want 2 and nothing", args, code, out)
		}
		if strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "kmsdoctor: ") {
			t.Errorf("%v: stderr %q, want one line starting with kmsdoctor:", args, errs)
		}
		if strings.Contains(errs, `\x`) || strings.Contains(errs, "kmsdoctor: kmsdoctor:") {
			t.Errorf("%v: stderr %q has a byte escape or a doubled prefix", args, errs)
		}
		checkJapanese(t, strings.Join(args, " "), strings.TrimPrefix(errs, "kmsdoctor: "))
		if !hasJapanese(errs) {
			t.Errorf("%v: stderr %q has no Japanese", args, errs)
		}
	}
}

var (
	flagLine    = regexp.MustCompile(`^\s*(-\w, )?--[\w-]+( \w+)?\s{2,}`)
	commandLine = regexp.MustCompile(`^\s*(kmsdoctor|source|echo|\$ |#)|[|<>]`)
	englishWord = regexp.MustCompile(`^[A-Za-z][a-z]+[,.:;]?$`)
	heading     = regexp.MustCompile(`^[A-Z][A-Za-z ]*:$`)
)

// codeWords are English words that are names (of values or commands) and
// stay as they are in Japanese text.
var codeWords = map[string]bool{"true": true, "false": true}

// checkJapanese fails on an English sentence or heading in out.
func checkJapanese(t *testing.T, what, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if loc := flagLine.FindStringIndex(line); loc != nil {
			line = line[loc[1]:]
		}
		s := strings.TrimSpace(line)
		if s == "" || hasJapanese(s) || commandLine.MatchString(line) {
			continue
		}
		if heading.MatchString(s) {
			t.Errorf("%s: English heading %q", what, s)
			continue
		}
		run := 0
		for _, w := range strings.Fields(s) {
			if englishWord.MatchString(w) && !codeWords[strings.ToLower(strings.TrimRight(w, ",.:;"))] {
				run++
			} else {
				run = 0
			}
			if run >= 2 {
				t.Errorf("%s: English text %q", what, s)
				break
			}
		}
	}
}

func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || textout.Cols(string(r)) == 2 {
			return true
		}
	}
	return false
}
