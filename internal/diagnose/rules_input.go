package diagnose

import (
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

var _ = register("input.unrecognized", func(s *evidence.Set, out *Out) {
	for _, src := range s.Unrecognized {
		out.Add(F{ID: IDInputUnrecognized, Args: report.Args{"file": src.File},
			Evidence: map[string]any{"file": src.File}, Sources: []report.Source{src},
			Fix: []report.Step{Say("fix.input.unrecognized", nil)}})
	}
})

var _ = register("input.damaged", func(s *evidence.Set, out *Out) {
	for _, sk := range s.Skipped {
		out.Add(F{ID: IDInputDamaged, Args: report.Args{"file": sk.Source.String(), "what": sk.Message()},
			Evidence: map[string]any{"file": sk.Source.File, "what": sk.Message(), "count": sk.Count},
			Sources:  []report.Source{sk.Source}})
	}
})
