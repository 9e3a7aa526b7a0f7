// Package diagnose turns evidence into findings and a verdict. Rules are
// small named functions registered from the file of their area (net, license,
// events, azure, input); each reads the evidence.Set and emits findings by id.
// The engine localises them, merges duplicates, orders them and picks the root
// cause. The same rules serve `check` (live evidence) and `analyze`
// (evidence read from files), so a rule written once fires for both.
package diagnose

import (
	"fmt"
	"slices"
	"sort"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Rule is one named diagnosis rule.
type Rule struct {
	Name string
	Run  func(s *evidence.Set, out *Out)
}

var registry []Rule

// register adds a rule; it is called from package-level var declarations in
// the rule files, so every rule is listed next to its code.
func register(name string, fn func(*evidence.Set, *Out)) bool {
	for _, r := range registry {
		if r.Name == name {
			panic("diagnose: rule registered twice: " + name)
		}
	}
	registry = append(registry, Rule{Name: name, Run: fn})
	return true
}

// Rules lists the registered rules, sorted by name.
func Rules() []Rule {
	rs := append([]Rule(nil), registry...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].Name < rs[j].Name })
	return rs
}

// Step is one fix step: a sentence from the catalogue or a command to run
// verbatim.
type Step struct {
	Key  string
	Args i18n.Args
	Cmd  string
}

// Say is a fix step worded by catalogue message key.
func Say(key string, args i18n.Args) Step { return Step{Key: key, Args: args} }

// Cmd is a fix step that is a command line.
func Cmd(format string, a ...any) Step {
	if len(a) == 0 {
		return Step{Cmd: format}
	}
	return Step{Cmd: fmt.Sprintf(format, a...)}
}

// F is a finding as a rule emits it, before localisation.
type F struct {
	ID   string
	Args i18n.Args
	// DetailKey overrides the default detail message "finding.<id>.detail",
	// for ids whose wording depends on the case.
	DetailKey string
	// TitleKey overrides "finding.<id>.title" likewise.
	TitleKey string
	Severity report.Severity // overrides the id's default when set
	Codes    []string        // replaces the id's default codes when non-nil
	Evidence map[string]any
	Fix      []Step
	Sources  []report.Source
}

// Out collects the findings of one run.
type Out struct {
	lang     i18n.Lang
	findings []report.Finding
}

// Lang is the output language, for rules that build text themselves.
func (o *Out) Lang() i18n.Lang { return o.lang }

// Add localises f and records it. A finding with the same id, title and
// detail as an earlier one is merged into it (sources are combined), so the
// same fact read from two files is reported once.
func (o *Out) Add(f F) {
	def, ok := defs[f.ID]
	if !ok {
		panic("diagnose: unknown finding id " + f.ID)
	}
	sev := def.Severity
	if f.Severity != "" {
		sev = f.Severity
	}
	codes := def.Codes
	if f.Codes != nil {
		codes = f.Codes
	}
	tk, dk := "finding."+f.ID+".title", "finding."+f.ID+".detail"
	if f.TitleKey != "" {
		tk = f.TitleKey
	}
	if f.DetailKey != "" {
		dk = f.DetailKey
	}
	rf := report.Finding{
		ID:       f.ID,
		Severity: sev,
		Title:    i18n.T(o.lang, tk, f.Args),
		Detail:   i18n.T(o.lang, dk, f.Args),
		Codes:    append([]string{}, codes...),
		Evidence: f.Evidence,
		Sources:  f.Sources,
	}
	for _, st := range f.Fix {
		if st.Cmd != "" {
			rf.Fix = append(rf.Fix, st.Cmd)
			rf.Commands = append(rf.Commands, st.Cmd)
		} else {
			rf.Fix = append(rf.Fix, i18n.T(o.lang, st.Key, st.Args))
		}
	}
	for i := range o.findings {
		e := &o.findings[i]
		if e.ID == rf.ID && e.Title == rf.Title && e.Detail == rf.Detail && e.Severity == rf.Severity {
			for _, s := range rf.Sources {
				if !slices.Contains(e.Sources, s) {
					e.Sources = append(e.Sources, s)
				}
			}
			return
		}
	}
	o.findings = append(o.findings, rf)
}

// Run applies every rule to s and fills r's findings and verdict.
func Run(s *evidence.Set, lang i18n.Lang, r *report.Report) {
	out := &Out{lang: lang}
	for _, rule := range Rules() {
		rule.Run(s, out)
	}
	r.Lang = string(lang)
	if len(s.Inputs) > 0 {
		r.Inputs = append([]string{}, s.Inputs...)
	}
	r.Findings, r.Verdict = conclude(out)
}

type ranked struct {
	f    report.Finding
	rank int
	seq  int
}

// conclude orders findings and picks the root cause: the problem finding of
// lowest rank (the most fundamental stage that failed), errors before
// warnings at equal rank. It comes first; the rest follow by severity, then
// rank, then emission order.
func conclude(out *Out) ([]report.Finding, report.Verdict) {
	rs := make([]ranked, len(out.findings))
	for i, f := range out.findings {
		rs[i] = ranked{f: f, rank: defs[f.ID].Rank, seq: i}
	}
	primary := -1
	for i, x := range rs {
		if !x.f.Severity.IsProblem() || defs[x.f.ID].InputOnly {
			continue
		}
		if primary < 0 || x.rank < rs[primary].rank ||
			(x.rank == rs[primary].rank && x.f.Severity.Weight() < rs[primary].f.Severity.Weight()) {
			primary = i
		}
	}
	// rs is permuted while it is sorted: compare with the primary's emission
	// number, not with rs[primary].
	primarySeq := -1
	if primary >= 0 {
		primarySeq = rs[primary].seq
	}
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if (a.seq == primarySeq) != (b.seq == primarySeq) {
			return a.seq == primarySeq
		}
		if a.f.Severity.Weight() != b.f.Severity.Weight() {
			return a.f.Severity.Weight() < b.f.Severity.Weight()
		}
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return a.seq < b.seq
	})
	fs := make([]report.Finding, len(rs))
	for i, x := range rs {
		fs[i] = x.f
	}
	v := report.Verdict{Status: report.StatusUnknown, Codes: []string{}}
	switch {
	case primary >= 0:
		v.Status = report.StatusProblem
		v.Primary = fs[0].ID
		v.Codes = append(v.Codes, fs[0].Codes...)
	case hasEvidence(fs):
		v.Status = report.StatusOK
	}
	return fs, v
}

// hasEvidence is true when some finding is about the machine rather than
// about the inputs: without one, "ok" would be a guess.
func hasEvidence(fs []report.Finding) bool {
	for _, f := range fs {
		if !defs[f.ID].InputOnly {
			return true
		}
	}
	return false
}

// Codes normalises a list of codes (used by rules that copy codes from
// evidence) with knowledge.NormalizeCode: no duplicates, order kept, text
// that is not a code dropped.
func Codes(cs ...string) []string {
	var out []string
	for _, c := range cs {
		c = knowledge.NormalizeCode(c)
		if c == "" {
			continue
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
