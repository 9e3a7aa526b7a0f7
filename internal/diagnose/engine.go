// Package diagnose turns evidence into findings and a verdict. Rules are
// small named functions registered from the file of their area (net, license,
// events, azure, input); each reads the evidence.Set and emits findings by id,
// with catalogue messages and raw values but never words (this package does
// not import internal/i18n). The engine merges duplicates, orders them and
// picks the root cause. The same rules serve `check` (live evidence) and `analyze`
// (evidence read from files), so a rule written once fires for both.
package diagnose

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/kmsevents"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Rule is one named diagnosis rule and the finding ids it may emit.
type Rule struct {
	Name  string
	Emits []string
	Run   func(s *evidence.Set, out *Out)
	// Last rules run after every other and may read their findings.
	Last bool
}

var registry []Rule

// register adds a rule; it is called from package-level var declarations in
// the rule files, so every rule is listed next to its code, with the ids it
// emits (a rule that emits an id it did not declare panics in tests).
func register(name string, emits []string, fn func(*evidence.Set, *Out)) bool {
	for _, r := range registry {
		if r.Name == name {
			panic("diagnose: rule registered twice: " + name)
		}
	}
	registry = append(registry, Rule{Name: name, Emits: emits, Run: fn})
	return true
}

// registerLast adds a rule that runs after every other one.
func registerLast(name string, emits []string, fn func(*evidence.Set, *Out)) bool {
	register(name, emits, fn)
	registry[len(registry)-1].Last = true
	return true
}

// Rules lists the registered rules in the order they run: by name, the
// Last ones after the others.
func Rules() []Rule {
	rs := append([]Rule(nil), registry...)
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Last != rs[j].Last {
			return !rs[i].Last
		}
		return rs[i].Name < rs[j].Name
	})
	return rs
}

// F is a finding as a rule emits it: raw values only, no words.
type F struct {
	ID   string
	Args report.Args
	// DetailKey overrides the default detail message "finding.<id>.detail",
	// for ids whose wording depends on the case.
	DetailKey string
	// TitleKey overrides "finding.<id>.title" likewise.
	TitleKey string
	Severity report.Severity // overrides the id's default when set
	Codes    []string        // replaces the id's default codes when non-nil
	// InferredFrom is the code the finding rests on when it has no direct
	// evidence.
	InferredFrom string
	Evidence     map[string]any
	Fix          []report.Step
	Sources      []report.Source
}

// Out collects the findings of one run.
type Out struct {
	rule     *Rule // the rule running now, nil outside Run
	findings []report.Finding
	keys     []string // the merge key of each finding
}

// Add records f. A finding with the same id, severity and messages (key and
// arguments) as an earlier one is merged into it (sources are combined), so
// the same fact read from two files is reported once.
func (o *Out) Add(f F) {
	def, ok := defs[f.ID]
	if !ok {
		panic("diagnose: unknown finding id " + f.ID)
	}
	if o.rule != nil && !slices.Contains(o.rule.Emits, f.ID) {
		panic("diagnose: rule " + o.rule.Name + " emits " + f.ID + ", which it does not declare")
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
		Message: report.FindingMessage{
			Title:  report.Msg(tk, f.Args).Normalize(),
			Detail: report.Msg(dk, f.Args).Normalize(),
		},
		InferredFrom: f.InferredFrom,
		Codes:        append([]string{}, codes...),
		Evidence:     f.Evidence,
		Sources:      f.Sources,
		Steps:        normalizeSteps(osppNote(f.Fix)),
	}
	key := mergeKey(rf)
	for i := range o.findings {
		if o.keys[i] != key {
			continue
		}
		e := &o.findings[i]
		for _, s := range rf.Sources {
			if !slices.Contains(e.Sources, s) {
				e.Sources = append(e.Sources, s)
			}
		}
		return
	}
	o.findings = append(o.findings, rf)
	o.keys = append(o.keys, key)
}

// mergeKey identifies a finding by what it says: id, severity, messages.
func mergeKey(f report.Finding) string {
	b, err := json.Marshal([]any{f.ID, f.Severity, f.Message})
	if err != nil {
		panic("diagnose: finding " + f.ID + ": " + err.Error())
	}
	return string(b)
}

// Run applies every rule to s and fills r: subject, products, findings and
// verdict. When the evidence describes several machines, the rules run for
// each machine apart; r.Machines lists them with their own verdicts, each
// finding names its machine, and the report's verdict is the most urgent
// machine's. The findings carry messages, not words: internal/render words
// them.
func Run(s *evidence.Set, r *report.Report) {
	if len(s.Inputs) > 0 {
		r.Inputs = append([]string{}, s.Inputs...)
	}
	for _, p := range s.Probes {
		r.Probes = append(r.Probes, report.ProbeRun{Probe: p.Probe, Target: p.Target,
			DurationMS: float64(p.Duration.Microseconds()) / 1000, Error: p.Err})
	}
	// The local times of Event Viewer copies get their offset where the
	// copies tell it (a copy of the set: the caller's evidence is unchanged).
	if evs := kmsevents.InferOffsets(s.Events); len(evs) > 0 && &evs[0] != &s.Events[0] {
		c := *s
		c.Events = evs
		s = &c
	}
	sets := partition(s)
	type result struct {
		m  report.Machine
		fs []report.Finding
	}
	var res []result
	for _, ms := range sets {
		out := &Out{}
		for _, rule := range Rules() {
			out.rule = &rule
			rule.Run(ms, out)
		}
		out.rule = nil
		fs, v := conclude(out, codeSet(observedCodes(ms)))
		v.Stages = stages(ms, fs)
		if v.Status == report.StatusUnknown && observedAny(v.Stages) {
			v.Status = report.StatusOK
		}
		if v.Status != report.StatusProblem {
			v.Next = nextSteps(ms, v.Stages)
		}
		sub := subject(ms)
		for i := range fs {
			fs[i].Subject = sub.Label()
		}
		inputs := ms.Inputs
		if len(sets) == 1 {
			inputs = r.Inputs
		}
		res = append(res, result{m: report.Machine{Subject: sub, Products: products(ms), Inputs: inputs, Verdict: v}, fs: fs})
	}
	// The machine with the root cause comes first, then the others in the
	// order of their inputs.
	slices.SortStableFunc(res, func(a, b result) int { return statusWeight(a.m.Verdict.Status) - statusWeight(b.m.Verdict.Status) })
	r.Findings = r.Findings[:0]
	for _, x := range res {
		r.Findings = append(r.Findings, x.fs...)
	}
	first := res[0].m
	r.Subject, r.Products, r.Verdict = first.Subject, first.Products, first.Verdict
	if len(res) > 1 {
		r.Subject = report.Subject{}
		r.Products = []report.Product{}
		r.Verdict.Stages = report.NotObserved()
		for _, x := range res {
			r.Machines = append(r.Machines, x.m)
			r.Products = append(r.Products, x.m.Products...)
			for st, state := range x.m.Verdict.Stages {
				if stageWeight(state) > stageWeight(r.Verdict.Stages[st]) {
					r.Verdict.Stages[st] = state
				}
			}
		}
		// The report's next steps: the first machine's, for the stages no
		// machine observed.
		var next []report.Step
		for _, st := range r.Verdict.Next {
			if stageOfNext(st, first.Verdict.Stages, r.Verdict.Stages) {
				next = append(next, st)
			}
		}
		r.Verdict.Next = next
	}
}

// stageOfNext reports whether a next step (made for a stage not observed on
// one machine, in stage order) is for a stage no machine observed.
func stageOfNext(step report.Step, mine, all map[report.Stage]string) bool {
	if step.Say == nil {
		return false
	}
	m := *step.Say
	if m.Key == "next.with_reason" {
		if w, ok := m.Args["what"].(report.Message); ok {
			m = w
		}
	}
	st := report.Stage(strings.TrimPrefix(m.Key, "next."))
	return mine[st] == report.StageNotObserved && all[st] == report.StageNotObserved
}

// statusWeight orders machines: problem, ok, unknown.
func statusWeight(s string) int {
	switch s {
	case report.StatusProblem:
		return 0
	case report.StatusOK:
		return 1
	}
	return 2
}

// stageWeight orders stage states for the report of several machines.
func stageWeight(s string) int {
	switch s {
	case report.StageProblem:
		return 2
	case report.StageOK:
		return 1
	}
	return 0
}

func observedAny(st map[report.Stage]string) bool {
	for _, v := range st {
		if v != report.StageNotObserved {
			return true
		}
	}
	return false
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
//
// The root cause must agree with the error codes the inputs show: when
// codes were observed, a problem finding whose codes include one of them
// is preferred to one that would have caused another code (0xC004F074
// with a missing SRV record and a blocked port is the port: without an
// SRV record and a configured host, the client would have said
// 0x8007232B).
func conclude(out *Out, observed []string) ([]report.Finding, report.Verdict) {
	rs := make([]ranked, len(out.findings))
	for i, f := range out.findings {
		rs[i] = ranked{f: f, rank: defs[f.ID].Rank, seq: i}
	}
	// A finding about the inputs (unreadable, damaged) is the root cause
	// only when nothing about the machine is wrong: the report still has a
	// problem, and the exit code says so.
	consistent := func(f report.Finding) bool {
		for _, c := range f.Codes {
			if slices.Contains(observed, c) {
				return true
			}
		}
		return false
	}
	anyConsistent := false
	for _, x := range rs {
		if x.f.Severity.IsProblem() && !defs[x.f.ID].InputOnly && consistent(x.f) {
			anyConsistent = true
		}
	}
	primary := -1
	for _, inputs := range []bool{false, true} {
		for i, x := range rs {
			if !x.f.Severity.IsProblem() || defs[x.f.ID].InputOnly != inputs {
				continue
			}
			if anyConsistent && !inputs && !consistent(x.f) {
				continue
			}
			if primary < 0 || x.rank < rs[primary].rank ||
				(x.rank == rs[primary].rank && x.f.Severity.Weight() < rs[primary].f.Severity.Weight()) {
				primary = i
			}
		}
		if primary >= 0 {
			break
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
		// A note about the inputs that is no problem (input.redacted) comes
		// after everything about the machine.
		if an, bn := inputNote(a.f), inputNote(b.f); an != bn {
			return bn
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

// inputNote reports whether f is about the inputs and no problem.
func inputNote(f report.Finding) bool { return defs[f.ID].InputOnly && !f.Severity.IsProblem() }

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
