package diagnose

import (
	"os"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

func TestEveryIDHasMessages(t *testing.T) {
	for _, d := range Defs() {
		for _, part := range []string{"title", "detail"} {
			if k := "finding." + d.ID + "." + part; !i18n.Has(k) {
				t.Errorf("catalogue lacks %s", k)
			}
		}
	}
}

func TestRanksAreDistinctEnough(t *testing.T) {
	for _, d := range Defs() {
		if d.Severity == "" || d.Rank <= 0 {
			t.Errorf("%s: severity %q rank %d", d.ID, d.Severity, d.Rank)
		}
		if strings.ToLower(d.ID) != d.ID || strings.ContainsAny(d.ID, " _-") && !strings.Contains(d.ID, "_") {
			t.Errorf("%s: ids are lower-case dotted names", d.ID)
		}
	}
}

func newOut() *Out { return &Out{} }

// runLang runs the rules and words the report in lang, as the CLI does.
func runLang(s *evidence.Set, lang i18n.Lang, r *report.Report) {
	Run(s, r)
	render.Localize(r, lang)
}

func TestConcludePicksRootCause(t *testing.T) {
	tests := []struct {
		name    string
		ids     []string
		status  string
		primary string
		first   string
	}{
		{"nothing", nil, report.StatusUnknown, "", ""},
		{"only input problems", []string{IDInputUnrecognized}, report.StatusProblem, IDInputUnrecognized, IDInputUnrecognized},
		{"input problem is not the root cause", []string{IDInputDamaged, IDTCPTimeout}, report.StatusProblem, IDTCPTimeout, IDTCPTimeout},
		{"healthy", []string{IDKMSReachable}, report.StatusOK, "", IDKMSReachable},
		{"srv before tcp", []string{IDTCPTimeout, IDDNSSRVMissing}, report.StatusProblem, IDDNSSRVMissing, IDDNSSRVMissing},
		{"tcp before time", []string{IDTimeSkew, IDTCPRefused, IDKMSReachable}, report.StatusProblem, IDTCPRefused, IDTCPRefused},
		{"warning can be root", []string{IDEventsPersistent, IDDNSSRVStale}, report.StatusProblem, IDDNSSRVStale, IDDNSSRVStale},
		{"info never root", []string{IDEventsTransient}, report.StatusOK, "", IDEventsTransient},
		{"many mixed", []string{IDKMSReachable, IDEventsTransient, IDLicenseExpiring, IDKMSReachable, IDTimeSkew, IDEventsTransient, IDTCPLoss, IDEventsPersistent},
			report.StatusProblem, IDTCPLoss, IDTCPLoss},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOut()
			for _, id := range tt.ids {
				o.Add(F{ID: id, Args: report.Args{}})
			}
			fs, v := conclude(o, nil)
			if v.Status != tt.status || v.Primary != tt.primary {
				t.Fatalf("verdict %+v, want status %s primary %q", v, tt.status, tt.primary)
			}
			if tt.first != "" && fs[0].ID != tt.first {
				t.Errorf("first finding %s, want %s", fs[0].ID, tt.first)
			}
			if v.Primary != "" && len(v.Codes) == 0 && len(fs[0].Codes) > 0 {
				t.Errorf("verdict codes empty")
			}
			for i := 2; i < len(fs); i++ {
				if fs[i-1].Severity.Weight() > fs[i].Severity.Weight() {
					t.Errorf("findings not ordered by severity: %s before %s", fs[i-1].ID, fs[i].ID)
				}
			}
		})
	}
}

func TestAddMergesDuplicatesAndLocalises(t *testing.T) {
	o := newOut()
	src1 := report.Source{File: "a.txt", Line: 3}
	src2 := report.Source{File: "b.txt", Line: 9}
	o.Add(F{ID: IDInputDamaged, Args: report.Args{"file": "x", "what": "y"}, Sources: []report.Source{src1},
		Fix: []report.Step{Activate(), Say("fix.input.unrecognized", nil)}})
	o.Add(F{ID: IDInputDamaged, Args: report.Args{"file": "x", "what": "y"}, Sources: []report.Source{src2}})
	if len(o.findings) != 1 {
		t.Fatalf("duplicates not merged: %d findings", len(o.findings))
	}
	f := o.findings[0]
	if len(f.Sources) != 2 {
		t.Errorf("sources %v", f.Sources)
	}
	if f.Title != "" || f.Message.Title.Key != "finding.input.damaged.title" {
		t.Errorf("a rule's finding must carry a message, not words: %q %+v", f.Title, f.Message)
	}
	r := &report.Report{Findings: []report.Finding{f}}
	render.Localize(r, i18n.JA)
	f = r.Findings[0]
	if !strings.Contains(f.Title, "入力") {
		t.Errorf("title not Japanese: %q", f.Title)
	}
	if len(f.Fix) != 2 || f.Commands[0] != "slmgr.vbs /ato" || len(f.Commands) != 1 {
		t.Errorf("fix %v commands %v", f.Fix, f.Commands)
	}
}

func TestUnknownIDPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic for an undefined id")
		}
	}()
	newOut().Add(F{ID: "no.such.id"})
}

func TestCodes(t *testing.T) {
	got := Codes("c004f074", "0xC004F074", "0X8007232b", "")
	if strings.Join(got, ",") != "0xC004F074,0x8007232B" {
		t.Fatalf("Codes = %v", got)
	}
}

// TestEveryIDHasARule: each defined id is declared by some rule, each
// declared id is defined, and docs/spec.md documents every id.
func TestEveryIDHasARule(t *testing.T) {
	declared := map[string]bool{}
	for _, r := range Rules() {
		if len(r.Emits) == 0 {
			t.Errorf("rule %s declares no ids", r.Name)
		}
		for _, id := range r.Emits {
			if _, ok := Lookup(id); !ok {
				t.Errorf("rule %s declares %q, which is not defined", r.Name, id)
			}
			declared[id] = true
		}
	}
	spec, err := os.ReadFile("../../docs/spec.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range Defs() {
		if !declared[d.ID] {
			t.Errorf("%s is defined but no rule declares it", d.ID)
		}
		if !strings.Contains(string(spec), "`"+d.ID+"`") {
			t.Errorf("%s is not documented in docs/spec.md", d.ID)
		}
		if d.Stage == "" && !d.InputOnly {
			t.Errorf("%s has no stage", d.ID)
		}
	}
}

// TestUndeclaredIDPanics: a rule may only emit what it declares.
func TestUndeclaredIDPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	o := &Out{rule: &Rule{Name: "x", Emits: []string{IDTCPLoss}}}
	o.Add(F{ID: IDTCPTimeout})
}

// TestHintCodes: hintCodes lists exactly the codes with a "hint.<code>"
// phrase in the catalogue.
func TestHintCodes(t *testing.T) {
	for code := range hintCodes {
		if !i18n.Has("hint." + code) {
			t.Errorf("hintCodes has %s but the catalogue has no hint.%s", code, code)
		}
	}
	for _, k := range i18n.Keys() {
		if code, ok := strings.CutPrefix(k, "hint."); ok && !hintCodes[code] {
			t.Errorf("the catalogue has %s but hintCodes lacks %s", k, code)
		}
	}
}
