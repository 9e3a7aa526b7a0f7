package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// hostileValues are what an input can smuggle into a report: terminal
// escape sequences (clear screen, an OSC window title, a C1 CSI), bidi
// overrides, NUL and other C0 bytes, invalid UTF-8, and Markdown or HTML
// that would break out of its place.
var hostileValues = []string{
	"\x1b[2J\x1b[1;1Hcleared",
	"\x1b]0;pwned\x07title",
	"\x1b]8;;http://evil.test\x1b\\link\x1b]8;;\x1b\\",
	"\u009b31mc1",
	"abc\u202edcba\u2066x\u2069",
	"nul\x00here\x08\x7f",
	"bad\xff\xfeutf8",
	"<script>alert(1)</script>",
	"[click](http://evil.test) ![img](http://evil.test/x.png) <http://evil.test>",
	"a | b | c",
	"line1\n# heading\n```\n<script>x</script>",
	"&#x202e;&lt;entity",
	"`code` ``` ````",
}

// hostileReport puts every hostile value in every printed field of a raw
// (schema 1) finding, in the arguments of a worded finding, in a command,
// and in the report's own fields; it goes through JSON as `render` reads
// it.
func hostileReport(t *testing.T) *report.Report {
	t.Helper()
	all := strings.Join(hostileValues, " ")
	cmd := "nslookup " + all
	r := report.New("check "+all, sample().GeneratedAt)
	r.Version = "0.1 " + hostileValues[1]
	r.Inputs = hostileValues
	r.Findings = []report.Finding{
		{ID: "x.raw|" + hostileValues[0], Severity: report.Error, Title: all, Detail: all, Codes: hostileValues, Subject: all,
			Fix: []string{all, cmd}, Commands: []string{cmd}, Sources: []report.Source{{File: all, Line: 3}, {Probe: all}}},
		{ID: "x.worded", Severity: report.Warning,
			Message: report.FindingMessage{Title: report.Msg("report.raw", report.Args{"text": all}), Detail: report.Msg("report.raw", report.Args{"text": all})},
			Steps:   []report.Step{{Say: ptr(report.Msg("report.raw", report.Args{"text": all}))}, {Run: cmd, Shell: report.ShellCmd}}},
	}
	r.Verdict = report.Verdict{Status: report.StatusProblem, Primary: "x.worded", Codes: hostileValues,
		Next: []report.Step{{Say: ptr(report.Msg("report.raw", report.Args{"text": all})), Run: cmd}}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	d, err := report.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

// checkClean fails on any control character but newline, any escape, any
// bidi control and any invalid UTF-8 in out.
func checkClean(t *testing.T, name, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: invalid UTF-8", name)
	}
	for i, r := range out {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c {
			t.Errorf("%s: %U at byte %d: %q", name, r, i, out[max(0, i-20):min(len(out), i+20)])
			return
		}
	}
}

func TestHostileReport(t *testing.T) {
	for _, l := range i18n.Langs {
		for _, st := range []textout.Style{textout.Plain, {Color: true, Width: 80}} {
			var b bytes.Buffer
			if err := Text(&b, hostileReport(t), l, st); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if st.Color {
				// Only the writer's own colours remain.
				for _, c := range []string{"\x1b[0m", "\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[32m", "\x1b[36m", "\x1b[2m"} {
					out = strings.ReplaceAll(out, c, "")
				}
			}
			checkClean(t, "text "+string(l), out)
		}

		var b bytes.Buffer
		if err := Markdown(&b, hostileReport(t), l); err != nil {
			t.Fatal(err)
		}
		md := b.String()
		checkClean(t, "markdown "+string(l), md)
		checkMarkdown(t, md)

		b.Reset()
		if err := HTML(&b, hostileReport(t), l); err != nil {
			t.Fatal(err)
		}
		h := b.String()
		checkClean(t, "html "+string(l), h)
		for _, bad := range []string{"<script", "<http://", "href=", "src="} {
			if strings.Contains(h, bad) {
				t.Errorf("html: %q in the output", bad)
			}
		}
	}
}

// checkMarkdown: nothing from the report opens markup. Outside the fences,
// every '<', '[' and '`' of a hostile value is escaped, no line starts a
// heading but the writer's own, every table row has its five cell pipes,
// and each command is inside a fence longer than its longest backtick run.
func checkMarkdown(t *testing.T, md string) {
	t.Helper()
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		ln := lines[i]
		if strings.HasPrefix(ln, "```") {
			fence := strings.TrimRight(ln, "abcdefghijklmnopqrstuvwxyz") // the info string names the shell
			if i+2 >= len(lines) || lines[i+2] != fence || strings.Contains(lines[i+1], fence) {
				t.Fatalf("fence %q at line %d does not hold one command line: %q", fence, i+1, lines[i:min(len(lines), i+3)])
			}
			i += 2
			continue
		}
		txt := stripCodeSpans(ln)
		for _, open := range []string{"<script", "<http", "[click]", "![img]", "&#x202e;"} {
			for j := strings.Index(txt, open); j >= 0; j = next(txt, open, j) {
				if j == 0 || txt[j-1] != '\\' {
					t.Errorf("line %d: %q not escaped: %q", i+1, open, ln)
				}
			}
		}
		if strings.HasPrefix(ln, "#") && !strings.HasPrefix(ln, "## kmsdoctor ") && !strings.HasPrefix(ln, "### ") {
			t.Errorf("line %d: a heading from a value: %q", i+1, ln)
		}
		if strings.HasPrefix(ln, "| ") {
			pipes := 0
			for j := 0; j < len(ln); j++ {
				if ln[j] == '|' && (j == 0 || ln[j-1] != '\\' || (j >= 2 && ln[j-2] == '\\')) {
					pipes++
				}
			}
			if pipes != 5 {
				t.Errorf("line %d: %d cell pipes: %q", i+1, pipes, ln)
			}
		}
	}
	if !strings.Contains(md, "`````\nnslookup ") {
		t.Errorf("the command with runs of 4 backticks is not in a fence of 5:\n%s", md)
	}
}

// stripCodeSpans removes the code spans of a Markdown line (CommonMark
// 6.1: a run of n backticks up to the next run of exactly n), whose
// contents are literal text.
func stripCodeSpans(ln string) string {
	var b strings.Builder
	for i := 0; i < len(ln); {
		if ln[i] == '\\' && i+1 < len(ln) {
			b.WriteString(ln[i : i+2])
			i += 2
			continue
		}
		if ln[i] != '`' {
			b.WriteByte(ln[i])
			i++
			continue
		}
		n := 0
		for j := i; j < len(ln) && ln[j] == '`'; j++ {
			n = j - i + 1
		}
		closed := -1
		for j := i + n; j < len(ln); {
			if ln[j] != '`' {
				j++
				continue
			}
			k := j
			for k < len(ln) && ln[k] == '`' {
				k++
			}
			if k-j == n {
				closed = k
				break
			}
			j = k
		}
		if closed < 0 {
			b.WriteString(ln[i : i+n])
			i += n
			continue
		}
		b.WriteString("CODE")
		i = closed
	}
	return b.String()
}

func next(s, sub string, j int) int {
	k := strings.Index(s[j+1:], sub)
	if k < 0 {
		return -1
	}
	return j + 1 + k
}

// TestMarkdownEscapes pins the escaping of single values, and that
// ordinary ones are left as they are.
func TestMarkdownEscapes(t *testing.T) {
	for in, want := range map[string]string{
		"kms1.corp.example (10.0.0.5:1688)": "kms1.corp.example (10.0.0.5:1688)",
		`C:\Windows\System32\slmgr.vbs`:     `C:\Windows\System32\slmgr.vbs`,
		"_vlmcs._tcp.corp.test":             "_vlmcs._tcp.corp.test",
		"A & B":                             "A & B",
		"[x](http://e)":                     `\[x\](http://e)`,
		"<b>":                               `\<b\>`,
		"a|b":                               `a\|b`,
		`\[`:                                `\\\[`,
		"&amp;":                             `\&amp;`,
		"a\nb\tc":                           "a b c",
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"tcp.timeout": "`tcp.timeout`", "a`b": "``a`b``", "`a": "`` `a ``"} {
		if got := mdCode(in); got != want {
			t.Errorf("mdCode(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"# h": `\# h`, "1. x": `1\. x`, "- y": `\- y`, "12 monkeys": "12 monkeys", "ok": "ok"} {
		if got := mdBlock(in); got != want {
			t.Errorf("mdBlock(%q) = %q, want %q", in, got, want)
		}
	}
}
