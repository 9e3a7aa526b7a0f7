package diagnose

import (
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/kmsevents"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Active Directory-based activation (ADBA): a product activated through an
// activation object in AD (event 12308 of Security-SPP, or the "AD
// Activation client information" block of slmgr /dlv) does not use a KMS
// host, so no KMS count applies to it. slmgr /ao-list shows the forest's
// activation objects.

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDLicenseADBA = def(Def{ID: "license.adba", Severity: report.OK, Rank: 95, Stage: report.StageLicense})
)

// adActivated: the evidence shows a product activated through Active
// Directory.
func adActivated(s *evidence.Set) bool {
	for i := range s.Products {
		if s.Products[i].AD != nil {
			return true
		}
	}
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
	for i := range s.Products {
		p := &s.Products[i]
		if p.AD == nil {
			continue
		}
		out.Add(F{ID: IDLicenseADBA, DetailKey: "finding.license.adba.detail_dlv",
			Args: report.Args{"product": orNone(p.Name), "object": orNone(p.AD.ObjectName), "dn": orNone(p.AD.DN)},
			Evidence: map[string]any{"product": p.Name, "object": p.AD.ObjectName, "dn": p.AD.DN,
				"ao_extended_pid": p.AD.ExtendedPID, "ao_activation_id": p.AD.ActivationID, "status": p.Status},
			Sources: []report.Source{p.AD.Source}})
	}
	if aos := s.ActivationObjects; len(aos) > 0 {
		names := make([]string, 0, len(aos))
		var src []report.Source
		for _, ao := range aos {
			names = append(names, ao.Name)
			if len(src) < maxSources {
				src = append(src, ao.Source)
			}
		}
		out.Add(F{ID: IDLicenseADBA, Severity: report.Info, TitleKey: "finding.license.adba.objects.title",
			DetailKey: "finding.license.adba.objects.detail",
			Args:      report.Args{"count": len(aos), "names": strings.Join(names, ", ")},
			Evidence:  map[string]any{"objects": names}, Sources: src})
	}
	if last == nil {
		return
	}
	out.Add(F{ID: IDLicenseADBA, Args: report.Args{"computer": computerArg(last.Computer), "time": fmtTime(last.Time)},
		Evidence: map[string]any{"computer": last.Computer, "last": evTime(last.Time), "events": len(src)}, Sources: src})
})
