package diagnose

import (
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDLicenseEvaluationEdition = def(Def{ID: "license.evaluation_edition", Severity: report.Error, Rank: 11, Stage: report.StageLicense})
)

// license.evaluation_edition: dism (or Get-WindowsEdition) shows an
// evaluation edition, which no KMS host activates. An evaluation edition of
// Windows Server converts to a volume edition with DISM /Set-Edition and
// that edition's KMS client setup key (to one of the editions
// /Get-TargetEditions lists); an evaluation edition of Windows client does
// not convert and is installed again.
var _ = register("license.evaluation_edition", []string{IDLicenseEvaluationEdition}, func(s *evidence.Set, out *Out) {
	for _, n := range s.Notes {
		if n.Kind != evidence.NoteEvaluationEdition {
			continue
		}
		fix := []report.Step{Say("fix.license.evaluation_client", nil)}
		if strings.HasPrefix(n.Detail, "Server") {
			fix = []report.Step{Say("fix.license.evaluation_server", nil),
				Here(report.ShellCmd, report.Read, lit("DISM /online /Get-TargetEditions")),
				Here(report.ShellCmd, report.Change, lit("DISM /online"), cmdline.Cat(lit("/Set-Edition:"), cmdline.Hole("<EDITION>")),
					cmdline.Cat(lit("/ProductKey:"), cmdline.Hole("<GVLK>")), lit("/AcceptEula"))}
		}
		out.Add(F{ID: IDLicenseEvaluationEdition, Args: report.Args{"edition": n.Detail},
			Evidence: map[string]any{"edition": n.Detail}, Sources: srcs(n.Source), Fix: fix})
	}
})
