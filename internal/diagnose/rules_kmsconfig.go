package diagnose

import (
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// slmgr /skms said it set the KMS host (its message in a language of the
// tables, or one sentence with the host:port after the command, read by its
// shape: Note.Inferred), or the licensing service's WMI row names the KMS
// host (set, else discovered): the KMS configuration stage is seen and, as
// far as this output goes, healthy. Whether that host answers is the dns, tcp and
// rpc stages' to say.

// IDKMSConfigSet is defined with its rule (see Def in ids.go).
var IDKMSConfigSet = def(Def{ID: "kms.config.set", Severity: report.OK, Rank: 93, Stage: report.StageKMSConfig})

var _ = register("kms.config.set", []string{IDKMSConfigSet}, func(s *evidence.Set, out *Out) {
	for _, n := range s.Notes {
		if (n.Kind != evidence.NoteKMSNameSet && n.Kind != evidence.NoteKMSConfigured) || n.Detail == "" {
			continue
		}
		f := F{ID: IDKMSConfigSet, Args: report.Args{"host": n.Detail},
			Evidence: map[string]any{"host": n.Detail}, Sources: srcs(n.Source)}
		switch {
		case n.Kind == evidence.NoteKMSConfigured:
			f.DetailKey = "finding.kms.config.set.detail_wmi"
			f.Evidence["read_from"] = "wmi"
		case n.Inferred:
			f.DetailKey = "finding.kms.config.set.detail_inferred"
			f.Evidence["inferred"] = true
		}
		out.Add(f)
	}
})
