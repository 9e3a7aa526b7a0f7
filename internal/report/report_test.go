package report

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

func sample() *Report {
	r := New("check", time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	r.Inputs = []string{"kms1.corp.example:1688"}
	r.Findings = []Finding{
		{ID: "tcp.timeout", Severity: Error, Title: "No answer on TCP 1688", Detail: "kms1.corp.example (10.0.0.5:1688) did not answer 4 of 4 attempts within 2s: a firewall, an NSG or a route drops the traffic.",
			Codes: []string{"0xC004F074", "0xC004F039"}, Evidence: map[string]any{"sent": 4, "received": 0},
			Fix:      []string{"Open TCP 1688 inbound on the KMS host:", `netsh advfirewall firewall set rule name="Key Management Service (TCP-In)" new enable=yes`},
			Commands: []string{`netsh advfirewall firewall set rule name="Key Management Service (TCP-In)" new enable=yes`},
			Sources:  []Source{{Probe: "tcp"}, {File: "tnc.txt", Line: 7}}},
		{ID: "kms.reachable", Severity: OK, Title: "kms2 is reachable", Codes: nil},
	}
	r.Verdict = Verdict{Status: StatusProblem, Primary: "tcp.timeout", Codes: []string{"0xC004F074"}}
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
		if err := WriteText(&b, sample(), l, textout.Plain); err != nil {
			t.Fatal(err)
		}
		check(t, "report_"+string(l)+".txt", b.Bytes())
		b.Reset()
		if err := WriteMarkdown(&b, sample(), l); err != nil {
			t.Fatal(err)
		}
		check(t, "report_"+string(l)+".md", b.Bytes())
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	check(t, "report.json", b.Bytes())
}

func TestJSONNeverNull(t *testing.T) {
	r := New("analyze", time.Unix(0, 0))
	r.Findings = []Finding{{ID: "x", Severity: Info}}
	var b bytes.Buffer
	if err := WriteJSON(&b, r); err != nil {
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

func TestExitCode(t *testing.T) {
	r := sample()
	if r.ExitCode() != 1 {
		t.Fatal("error finding should exit 1")
	}
	r.Findings = r.Findings[1:]
	if r.ExitCode() != 0 {
		t.Fatal("ok finding should exit 0")
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
		if err := WriteText(&txt, r, l, textout.Plain); err != nil {
			t.Fatal(err)
		}
		if err := WriteMarkdown(&md, r, l); err != nil {
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
