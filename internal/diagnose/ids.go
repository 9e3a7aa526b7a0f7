package diagnose

import (
	"slices"

	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Def is the fixed part of a finding id: its default severity, the error
// codes it typically causes, its rank and its stage. Each id is defined once,
// with def, in the file of the rule that raises it (rules_<area>.go), and
// every rule lists the ids it emits. The rank orders root causes the way
// the runbooks do: licensing set-up first (a client with the wrong key
// never asks a KMS host), then resolver, SRV, name, route/NSG, TCP, RPC,
// time, the KMS host itself, and last the symptoms (license state, events).
// A lower rank is a more fundamental cause. Titles and details live in the
// catalogue under "finding.<id>.title" and "finding.<id>.detail".
type Def struct {
	ID       string
	Severity report.Severity
	Codes    []string
	Rank     int
	// InputOnly marks findings about the inputs themselves; they are the
	// root cause only of a report that finds nothing else wrong.
	InputOnly bool
	// Stage is the step of activation the finding is about (empty for
	// findings about the inputs); a problem finding marks it problem.
	Stage report.Stage
}

// defs holds every definition by id.
var defs = map[string]Def{}

// def records d and returns its id, for the ID constants of the rule files.
func def(d Def) string {
	if _, dup := defs[d.ID]; dup {
		panic("diagnose: finding id defined twice: " + d.ID)
	}
	defs[d.ID] = d
	return d.ID
}

// Lookup returns the definition of id.
func Lookup(id string) (Def, bool) {
	d, ok := defs[id]
	return d, ok
}

// Defs returns every definition, in rank order (then by id).
func Defs() []Def {
	out := make([]Def, 0, len(defs))
	for _, d := range defs {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Def) int {
		if a.Rank != b.Rank {
			return a.Rank - b.Rank
		}
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	return out
}
