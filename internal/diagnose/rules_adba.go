package diagnose

import (
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/kmsevents"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Active Directory-based activation (ADBA): a product activated through an
// activation object in AD (event 12308 of Security-SPP) does not use a
// KMS host, so no KMS count applies to it.

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDLicenseADBA = def(Def{ID: "license.adba", Severity: report.OK, Rank: 95, Stage: report.StageLicense})
)

// adActivated: the evidence shows a product activated through Active
// Directory.
func adActivated(s *evidence.Set) bool {
	for i := range s.Events {
		if s.Events[i].EventID == kmsevents.EvADActivation {
			return true
		}
	}
	return false
}

var _ = register("license.adba", []string{IDLicenseADBA}, func(s *evidence.Set, out *Out) {
	var src []report.Source
	var last *evidence.Event
	for i := range s.Events {
		e := &s.Events[i]
		if e.EventID != kmsevents.EvADActivation {
			continue
		}
		src = addSource(src, e)
		if last == nil || e.Time.After(last.Time) {
			last = e
		}
	}
	if last == nil {
		return
	}
	out.Add(F{ID: IDLicenseADBA, Args: report.Args{"computer": computerArg(last.Computer), "time": fmtTime(last.Time)},
		Evidence: map[string]any{"computer": last.Computer, "last": evTime(last.Time), "events": len(src)}, Sources: src})
})
