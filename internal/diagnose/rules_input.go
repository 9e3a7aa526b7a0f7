package diagnose

import (
	"slices"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDInputUnrecognized = def(Def{ID: "input.unrecognized", Severity: report.Warning, Rank: 1000, InputOnly: true})
	IDInputDamaged      = def(Def{ID: "input.damaged", Severity: report.Warning, Rank: 1001, InputOnly: true})
	IDInputWrongFormat  = def(Def{ID: "input.wrong_format", Severity: report.Warning, Rank: 999, InputOnly: true})
)

// A document or a picture given instead of a command's text output: say
// what it is and how to save the output as text.
var _ = register("input.wrong_format", []string{IDInputWrongFormat}, func(s *evidence.Set, out *Out) {
	for _, w := range s.WrongFormat {
		out.Add(F{ID: IDInputWrongFormat, Args: report.Args{"file": w.Source.File, "format": report.Msg("format."+w.Format, nil)},
			Evidence: map[string]any{"file": w.Source.File, "format": w.Format}, Sources: []report.Source{w.Source},
			Fix: []report.Step{Say("fix.input.wrong_format.save", nil), Say("fix.input.wrong_format.copy", nil)}})
	}
})

var _ = register("input.unrecognized", []string{IDInputUnrecognized}, func(s *evidence.Set, out *Out) {
	for _, src := range s.Unrecognized {
		fix := []report.Step{Say("fix.input.unrecognized", nil)}
		ev := map[string]any{"file": src.File}
		if slices.Contains(s.Documents, src) {
			// A page, a guide or a reference about activation in general:
			// say so, and what to collect from the machine instead.
			fix = []report.Step{Say("fix.input.document", nil), Say("fix.input.document.collect", nil)}
			ev["document"] = true
		}
		out.Add(F{ID: IDInputUnrecognized, Args: report.Args{"file": src.File},
			Evidence: ev, Sources: []report.Source{src}, Fix: fix})
	}
})

var _ = register("input.damaged", []string{IDInputDamaged}, func(s *evidence.Set, out *Out) {
	for _, sk := range s.Skipped {
		out.Add(F{ID: IDInputDamaged, Args: report.Args{"file": sk.Source.String(), "what": sk.Message()},
			Evidence: map[string]any{"file": sk.Source.File, "what": sk.Message(), "count": sk.Count},
			Sources:  []report.Source{sk.Source}})
	}
})
