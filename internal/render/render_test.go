package render

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

func sample() *report.Report {
	r := report.New("check", time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	r.ID = "00000000-0000-4000-8000-000000000000"
	r.Inputs = []string{"kms1.corp.example:1688"}
	r.Findings = []report.Finding{
		{ID: "tcp.timeout", Severity: report.Error, Title: "No answer on TCP 1688", Detail: "kms1.corp.example (10.0.0.5:1688) did not answer 4 of 4 attempts within 2s: a firewall, an NSG or a route drops the traffic.",
			Codes: []string{"0xC004F074", "0xC004F039"}, Evidence: map[string]any{"sent": 4, "received": 0},
			Fix:      []string{"Open TCP 1688 inbound on the KMS host:", `netsh advfirewall firewall set rule name="Key Management Service (TCP-In)" new enable=yes`},
			Commands: []string{`netsh advfirewall firewall set rule name="Key Management Service (TCP-In)" new enable=yes`},
			Sources:  []report.Source{{Probe: "tcp"}, {File: "tnc.txt", Line: 7}}},
		{ID: "kms.reachable", Severity: report.OK, Title: "kms2 is reachable", Codes: nil},
	}
	r.Verdict = report.Verdict{Status: report.StatusProblem, Primary: "tcp.timeout", Codes: []string{"0xC004F074"}}
	return r
}

func check(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	golden.Check(t, p, got)
}

func TestRenderGolden(t *testing.T) {
	for _, l := range i18n.Langs {
		var b bytes.Buffer
		if err := Text(&b, sample(), l, textout.Plain); err != nil {
			t.Fatal(err)
		}
		check(t, "report_"+string(l)+".txt", b.Bytes())
		b.Reset()
		if err := Markdown(&b, sample(), l); err != nil {
			t.Fatal(err)
		}
		check(t, "report_"+string(l)+".md", b.Bytes())
	}
	var b bytes.Buffer
	if err := JSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	check(t, "report.json", b.Bytes())
}

func TestJSONNeverNull(t *testing.T) {
	r := report.New("analyze", time.Unix(0, 0))
	r.Findings = []report.Finding{{ID: "x", Severity: report.Info}}
	var b bytes.Buffer
	if err := JSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	f := m["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"codes", "evidence", "fix"} {
		if f[k] == nil {
			t.Errorf("finding %s is null", k)
		}
	}
	if m["inputs"] == nil || m["verdict"].(map[string]any)["codes"] == nil {
		t.Errorf("null list in %s", b.String())
	}
	for _, k := range []string{"tool", "version", "generated_at", "inputs", "findings", "verdict"} {
		if _, ok := m[k]; !ok {
			t.Errorf("key %s missing", k)
		}
	}
}

// TestLocalizeMessages: a finding with messages is worded from them in each
// language, nested messages and lists included, and its steps fill Fix and
// Commands in order.
func TestLocalizeMessages(t *testing.T) {
	r := report.New("analyze", time.Unix(0, 0))
	say := report.Msg("fix.dns.resolver.check", report.Args{"server": report.Msg("check.resolver.system", nil)})
	r.Findings = []report.Finding{{ID: "events.spp.benign", Severity: report.Info,
		Message: report.FindingMessage{
			Title: report.Msg("finding.kmshost.count.title", nil),
			Detail: report.Msg("report.raw", report.Args{"text": report.Join("kmsevents.class_sep",
				report.Raw("a"), report.Msg("kmsevents.this_machine", nil))}),
		},
		Steps: []report.Step{{Say: &say}, {Run: "ipconfig /all", Shell: report.ShellCmd, On: report.OnThisMachine, Effect: report.Read}}}}
	for _, tt := range []struct {
		l      i18n.Lang
		detail string
	}{{i18n.EN, "a; " + i18n.T(i18n.EN, "kmsevents.this_machine", nil)}, {i18n.JA, "a、" + i18n.T(i18n.JA, "kmsevents.this_machine", nil)}} {
		Localize(r, tt.l)
		f := r.Findings[0]
		if f.Detail != tt.detail {
			t.Errorf("%s: detail %q, want %q", tt.l, f.Detail, tt.detail)
		}
		if f.Title != i18n.T(tt.l, "finding.kmshost.count.title", nil) {
			t.Errorf("%s: title %q", tt.l, f.Title)
		}
		want := i18n.T(tt.l, "fix.dns.resolver.check", i18n.Args{"server": i18n.T(tt.l, "check.resolver.system", nil)})
		if len(f.Fix) != 2 || f.Fix[0] != want || f.Fix[1] != "ipconfig /all" || len(f.Commands) != 1 || f.Steps[0].Text != want {
			t.Errorf("%s: fix %q commands %q", tt.l, f.Fix, f.Commands)
		}
	}
}

// TestHTMLEscapes: the HTML fragment escapes what came from the input.
func TestHTMLEscapes(t *testing.T) {
	r := sample()
	r.Findings[0].Title = "<script>alert(1)</script>"
	r.Findings[0].Steps = []report.Step{{Run: "nslookup a&b", Shell: report.ShellCmd}}
	var b bytes.Buffer
	if err := HTML(&b, r, i18n.EN); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script>") || !strings.Contains(b.String(), "&lt;script&gt;") || !strings.Contains(b.String(), "nslookup a&amp;b") {
		t.Errorf("not escaped:\n%s", b.String())
	}
}

// TestPrimaryOnce: when the root-cause id is reported twice (two hosts),
// each renderer names the root cause once, from the first of them.
func TestPrimaryOnce(t *testing.T) {
	r := sample()
	second := r.Findings[0]
	second.Title = "No answer on TCP 1688 from kms3"
	r.Findings = append(r.Findings, second)
	for _, l := range i18n.Langs {
		var txt, md bytes.Buffer
		if err := Text(&txt, r, l, textout.Plain); err != nil {
			t.Fatal(err)
		}
		if err := Markdown(&md, r, l); err != nil {
			t.Fatal(err)
		}
		want := i18n.T(l, "report.primary", i18n.Args{"title": ""})
		for name, out := range map[string]string{"text": txt.String(), "markdown": md.String()} {
			if n := strings.Count(out, want); n != 1 {
				t.Errorf("%s %s: root cause line %d times:\n%s", l, name, n, out)
			}
		}
	}
}

// TestSkipWording: a skip's message is worded in each language, nested
// problems joined.
func TestSkipWording(t *testing.T) {
	src := report.Source{File: "a.evtx", Offset: 70632}
	sk := report.Msg("skip.evtx.chunk_truncated", report.Args{"chunk": 1, "size": 1000, "full": 65536})
	nested := report.Msg("skip.evtext.problems", report.Args{"line": 3, "problems": []report.Message{
		{Key: "skip.problem.bad_date", Args: report.Args{"value": `"x"`}},
		{Key: "skip.problem.bad_event_id", Args: report.Args{"value": `"y"`}},
	}}).Normalize()
	_ = src
	for _, tt := range []struct {
		m    report.Message
		l    i18n.Lang
		want string
	}{
		{sk, i18n.EN, "chunk 1: truncated to 1000 of 65536 bytes; records past the end are lost"},
		{sk, i18n.JA, "チャンク 1: 65536 バイトのうち 1000 バイトで切れています。切れた位置より後のレコードは失われています"},
		{nested, i18n.JA, `3 行目のコピーされたイベント: 日付 "x" を解釈できません; イベント ID "y" が数値ではありません`},
	} {
		if got := Message(tt.l, tt.m); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.l, got, tt.want)
		}
	}
}

// TestPageSelfContained: the page --format html writes holds everything it
// needs: no external script, style, font or image.
func TestPageSelfContained(t *testing.T) {
	for _, l := range i18n.Langs {
		var b bytes.Buffer
		if err := Page(&b, sample(), l); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.HasPrefix(out, "<!DOCTYPE html>") || !strings.Contains(out, `<meta charset="utf-8">`) ||
			!strings.Contains(out, `<section class="kmsdoctor-report"`) || !strings.Contains(out, "<style>") {
			t.Fatalf("%s: not a page:\n%s", l, out)
		}
		for _, bad := range []string{"<script", "<link", " src=", "@import", "url("} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: page refers outside itself (%s)", l, bad)
			}
		}
	}
}

// An event is cited by its EventRecordID and time, not by a byte offset.
func TestCiteRecord(t *testing.T) {
	ss := []report.Source{{File: "Application.evtx", Offset: 315712, Record: 8528, Time: "2023-05-31T01:21:13Z"},
		{File: "a.xml", Line: 3, Record: 7}, {File: "t.txt", Line: 16}}
	for _, c := range []struct {
		l          i18n.Lang
		cite, text string
	}{
		{i18n.EN, "Application.evtx, record 8528 (2023-05-31 01:21 UTC), a.xml, record 7, t.txt, line 16",
			"Application.evtx, record 8528 (2023-05-31 01:21 UTC), a.xml, record 7, t.txt:16"},
		{i18n.JA, "Application.evtx のレコード 8528 (2023-05-31 01:21 UTC)、a.xml のレコード 7、t.txt の 16 行目",
			"Application.evtx のレコード 8528 (2023-05-31 01:21 UTC), a.xml のレコード 7, t.txt:16"},
	} {
		p := i18n.Printer{Lang: c.l}
		if got := citations(p, ss); got != c.cite {
			t.Errorf("%s citations = %q, want %q", c.l, got, c.cite)
		}
		if got := sourcesString(p, ss); got != c.text {
			t.Errorf("%s sourcesString = %q, want %q", c.l, got, c.text)
		}
	}
}
