package knowledge

import (
	"net/url"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
)

// required is the list of codes the issue names; all are in the seeds.
var required = strings.Fields(`0x8004FE21 0x80070005 0x8007007B 0x80070490 0x800706BA 0x8007139F 0x8007232A 0x8007232B
0x8007251D 0x8007267C 0x80072EE2 0x80072EE7 0x80072EFD 0x80092328 0xC0000022 0xC004B100 0xC004C001 0xC004C003
0xC004C008 0xC004C020 0xC004C021 0xC004D301 0xC004E002 0xC004E015 0xC004F009 0xC004F00F 0xC004F014 0xC004F02C
0xC004F035 0xC004F038 0xC004F039 0xC004F041 0xC004F042 0xC004F050 0xC004F051 0xC004F064 0xC004F065 0xC004F06C
0xC004F074 0xC004F213`)

func TestKnowledgeBaseValid(t *testing.T) {
	es, err := LoadCodes(codesFS, "codes")
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range Validate(es) {
		t.Error(err)
	}
}

func TestRequiredCodesPresent(t *testing.T) {
	if len(required) != 40 {
		t.Fatalf("list has %d codes", len(required))
	}
	for _, c := range required {
		v, err := ParseCode(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := Lookup(v); !ok {
			t.Errorf("%s is not in the knowledge base", c)
		}
	}
}

func TestValidateCatchesMistakes(t *testing.T) {
	tx := func(s string) i18n.Text { return i18n.Text{EN: s, JA: s} }
	good := func() *Entry {
		return &Entry{Code: "0xC004F074", Types: []string{TypeKMSClient}, Title: tx("t"), Message: tx("m"),
			Causes: []i18n.Text{tx("c")}, Resolutions: []Step{{Text: tx("r"), Commands: []string{"slmgr.vbs /ato"}}},
			Checks: []string{"check"}, Sources: []string{"s"},
			URL: "https://learn.microsoft.com/en-us/troubleshoot/windows-server/licensing-and-activation/error-0xc004f074-activate-windows"}
	}
	if errs := Validate([]*Entry{good()}); len(errs) != 0 {
		t.Fatalf("good entry rejected: %v", errs)
	}
	tests := []struct {
		name   string
		mutate func(e *Entry)
		want   string
	}{
		{"no japanese title", func(e *Entry) { e.Title.JA = "" }, "title: Japanese missing"},
		{"no english cause", func(e *Entry) { e.Causes[0].EN = " " }, "causes[0]: English missing"},
		{"bad type", func(e *Entry) { e.Types = []string{"Retail"} }, "unknown activation type"},
		{"dangling related", func(e *Entry) { e.Related = []string{"0x8007232B"} }, "not in the knowledge base"},
		{"no resolution", func(e *Entry) { e.Resolutions = nil }, "no resolution"},
		{"empty command", func(e *Entry) { e.Resolutions[0].Commands = []string{""} }, "empty command"},
		{"bad check", func(e *Entry) { e.Checks = []string{"fix"} }, "unknown check"},
		{"no source", func(e *Entry) { e.Sources = nil }, "no source"},
		{"no url", func(e *Entry) { e.URL = "" }, "url"},
		{"url elsewhere", func(e *Entry) { e.URL = "https://example.com/en-us/x" }, "url"},
		{"url without locale", func(e *Entry) { e.URL = "https://learn.microsoft.com/troubleshoot/x" }, "url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := good()
			tt.mutate(e)
			errs := Validate([]*Entry{e})
			if len(errs) == 0 || !strings.Contains(errs[0].Error(), tt.want) {
				t.Fatalf("Validate = %v, want an error containing %q", errs, tt.want)
			}
		})
	}
}

func TestEveryCodeHasMicrosoftURL(t *testing.T) {
	for _, e := range Codes() {
		u, err := url.Parse(e.URL)
		if err != nil || u.Scheme != "https" || (u.Host != "learn.microsoft.com" && u.Host != "support.microsoft.com") {
			t.Errorf("%s: url %q is not a learn.microsoft.com or support.microsoft.com page", e.Code, e.URL)
			continue
		}
		if !strings.HasPrefix(u.Path, "/en-us/") {
			t.Errorf("%s: url %q is not the en-us page", e.Code, e.URL)
		}
		ja := e.LocalURL(i18n.JA)
		if !strings.Contains(ja, "/ja-jp/") || strings.Contains(ja, "/en-us/") || e.LocalURL(i18n.EN) != e.URL {
			t.Errorf("%s: ja url %q", e.Code, ja)
		}
	}
}

// issue10 is the list of codes seen in real tickets (issue 10, item 8).
var issue10 = strings.Fields(`0xC004F06B 0x80070426 0xC004F015 0xC004F017 0xC004F200 0xC004F056 0xC004F012
0xC004F025 0xC004F210 0x8007000D 0xC004C032 0x4004F040 0x803F7001 0x87E10BC6`)

func TestTicketCodesPresent(t *testing.T) {
	for _, c := range issue10 {
		v, err := ParseCode(c)
		if err != nil {
			t.Fatal(err)
		}
		e, ok := Lookup(v)
		if !ok {
			t.Errorf("%s is not in the knowledge base", c)
			continue
		}
		ms := false
		for _, s := range e.Sources {
			ms = ms || strings.Contains(s, "microsoft.com")
		}
		if !ms {
			t.Errorf("%s: no Microsoft page among its sources", c)
		}
	}
}
