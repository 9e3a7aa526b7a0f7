package diagnose

import (
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Redactions are not damage: a value a user replaced by a placeholder
// before pasting (`<KMS Host FQDN>`, `*my DNS server IP*`, `xxxxx`) is
// said once per file, as information about the input; it never changes the
// verdict or the exit code.

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDInputRedacted = def(Def{ID: "input.redacted", Severity: report.Info, Rank: 1002, InputOnly: true})
)

// maxRedactedShown bounds the placeholders a finding quotes.
const maxRedactedShown = 3

var _ = register("input.redacted", []string{IDInputRedacted}, func(s *evidence.Set, out *Out) {
	type file struct {
		count    int
		examples []report.Message
		srcs     []report.Source
	}
	var order []string
	files := map[string]*file{}
	add := func(src report.Source, what string) {
		f, ok := files[src.File]
		if !ok {
			f = &file{}
			files[src.File] = f
			order = append(order, src.File)
		}
		f.count++
		if len(f.examples) < maxRedactedShown {
			f.examples = append(f.examples, report.Raw(what))
		}
		if len(f.srcs) < maxSources {
			f.srcs = append(f.srcs, src)
		}
	}
	for _, n := range s.Notes {
		if n.Kind == evidence.NoteRedacted {
			add(n.Source, n.Detail)
		}
	}
	for i := range s.Events {
		for _, v := range s.Events[i].Redacted {
			add(s.Events[i].Source, v)
		}
	}
	for _, name := range order {
		f := files[name]
		out.Add(F{ID: IDInputRedacted, Args: report.Args{"file": name, "count": f.count,
			"examples": report.Join("report.list_sep", f.examples...)},
			Evidence: map[string]any{"file": name, "count": f.count}, Sources: f.srcs})
	}
})
