// Package report is kmsdoctor's one report model: what `check` and `analyze`
// print, what `--json` emits, and what a fleet server will store. It depends
// on nothing else in the project; the diagnose package fills it and the
// renderers in this package print it (text in Japanese or English, Markdown,
// JSON).
package report

import (
	"encoding/json"
	"time"
)

// Tool is the value of the "tool" key.
const Tool = "kmsdoctor"

// Version is the kmsdoctor version; the build may override it with -ldflags.
var Version = "0.1.0"

// Severity of a finding, most severe first.
type Severity string

// The severities of the spec.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
	OK      Severity = "ok"
)

// Weight orders severities: error 0, warning 1, info 2, ok 3.
func (s Severity) Weight() int {
	switch s {
	case Error:
		return 0
	case Warning:
		return 1
	case Info:
		return 2
	}
	return 3
}

// IsProblem is true for error and warning.
func (s Severity) IsProblem() bool { return s == Error || s == Warning }

// Source says where a piece of evidence came from: a file and a line (or a
// byte offset for binary files), or a live probe (File empty, Probe set).
type Source struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Offset int64  `json:"offset,omitempty"`
	Probe  string `json:"probe,omitempty"`
}

// Finding is one observation with its meaning and fix.
type Finding struct {
	ID       string         `json:"id"`
	Severity Severity       `json:"severity"`
	Title    string         `json:"title"`
	Detail   string         `json:"detail"`
	Codes    []string       `json:"codes"`
	Evidence map[string]any `json:"evidence"`
	// Fix lists the steps that clear the finding, in order. Steps that are
	// commands to run verbatim are also listed in Commands.
	Fix      []string `json:"fix"`
	Commands []string `json:"commands,omitempty"`
	Sources  []Source `json:"sources,omitempty"`
}

// IsCommand reports whether fix step s is a command to run verbatim.
func (f Finding) IsCommand(s string) bool {
	for _, c := range f.Commands {
		if c == s {
			return true
		}
	}
	return false
}

// Verdict sums a report up.
type Verdict struct {
	Status  string   `json:"status"` // ok, problem, unknown
	Primary string   `json:"primary"`
	Codes   []string `json:"codes"`
}

// Verdict statuses.
const (
	StatusOK      = "ok"
	StatusProblem = "problem"
	StatusUnknown = "unknown"
)

// Report is the document of the spec.
type Report struct {
	Tool        string    `json:"tool"`
	Version     string    `json:"version"`
	GeneratedAt time.Time `json:"generated_at"`
	Lang        string    `json:"lang,omitempty"`
	Command     string    `json:"command,omitempty"`
	Inputs      []string  `json:"inputs"`
	Findings    []Finding `json:"findings"`
	Verdict     Verdict   `json:"verdict"`
}

// New returns an empty report stamped now.
func New(command string, now time.Time) *Report {
	return &Report{Tool: Tool, Version: Version, GeneratedAt: now.UTC().Truncate(time.Second), Command: command,
		Inputs: []string{}, Findings: []Finding{}, Verdict: Verdict{Status: StatusUnknown, Codes: []string{}}}
}

// ExitCode is the process status the spec gives for a report: 1 when any
// finding is an error or a warning, else 0.
func (r *Report) ExitCode() int {
	for _, f := range r.Findings {
		if f.Severity.IsProblem() {
			return 1
		}
	}
	return 0
}

// MarshalJSON makes sure lists and maps are never null.
func (f Finding) MarshalJSON() ([]byte, error) {
	type plain Finding
	p := plain(f)
	if p.Codes == nil {
		p.Codes = []string{}
	}
	if p.Evidence == nil {
		p.Evidence = map[string]any{}
	}
	if p.Fix == nil {
		p.Fix = []string{}
	}
	return json.Marshal(p)
}

// MarshalJSON makes sure lists are never null.
func (v Verdict) MarshalJSON() ([]byte, error) {
	type plain Verdict
	p := plain(v)
	if p.Codes == nil {
		p.Codes = []string{}
	}
	return json.Marshal(p)
}

// MarshalJSON makes sure lists are never null.
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report
	p := plain(r)
	if p.Inputs == nil {
		p.Inputs = []string{}
	}
	if p.Findings == nil {
		p.Findings = []Finding{}
	}
	return json.Marshal(p)
}
