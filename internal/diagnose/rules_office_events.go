package diagnose

import (
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/kmsevents"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Office's own activation events (kmsevents.IsOfficeEvent): the events of
// the Office Software Protection Platform service (Windows 7, Office 2010)
// and the Security-SPP events that name Office's application id (Windows 8
// and later). They are about Office, not Windows: the Windows rules of
// rules_events.go do not see them (kmsevents.AnalyzeClients leaves them
// out), and the findings here name Office and fix it with ospp.vbs.

var (
	IDOfficeEventsFailing   = def(Def{ID: "office.events.failing", Severity: report.Error, Rank: 81, Stage: report.StageEvents})
	IDOfficeEventsRecovered = def(Def{ID: "office.events.recovered", Severity: report.Info, Rank: 85, Stage: report.StageEvents})
	IDOfficeEventsOK        = def(Def{ID: "office.events.ok", Severity: report.OK, Rank: 90, Stage: report.StageEvents})
)

// officeService names the licensing service of Office's events: osppsvc
// when they come from it, sppsvc otherwise.
func officeEventService(c *kmsevents.Client) string {
	for i := range c.Attempts {
		a := &c.Attempts[i]
		for _, e := range []*evidence.Event{a.ReqEvent, a.RespEvent, a.SPPEvent} {
			if e != nil && kmsevents.IsOSPPProvider(e.Provider) {
				return "osppsvc"
			}
		}
	}
	return "sppsvc"
}

var _ = register("office.events", []string{IDOfficeEventsFailing, IDOfficeEventsRecovered, IDOfficeEventsOK}, func(s *evidence.Set, out *Out) {
	if len(s.Events) == 0 {
		return
	}
	res := kmsevents.AnalyzeOfficeClients(s.Events)
	for _, c := range res.Clients {
		pc := computerArg(c.Computer)
		svc := officeEventService(c)
		var lastOK any = "-"
		lastOKEv := "-"
		okHost := ""
		if c.LastSuccess != nil {
			lastOK, lastOKEv, okHost = fmtTime(c.LastSuccess.Time), evTime(c.LastSuccess.Time), c.LastSuccess.Host()
		}
		switch c.State {
		case kmsevents.StatePersistent, kmsevents.StateFailing:
			codes := codeList(c.Codes(true))
			var trail []*kmsevents.Attempt
			var srcs []report.Source
			for i := len(c.Attempts) - c.Trailing; i < len(c.Attempts); i++ {
				a := &c.Attempts[i]
				trail = append(trail, a)
				srcs = attemptSources(srcs, a)
			}
			dk := ""
			if c.LastSuccess == nil {
				dk = "finding.office.events.failing.detail_never"
			}
			fix := codeFix(codes, false)
			if n := len(fix); n > 0 && fix[n-1].Op == report.OpActivate {
				fix[n-1] = officeActivate(s)
			}
			if svc == "osppsvc" {
				fix = append(fix, Say("fix.office.service_ospp", nil), Here(report.ShellCmd, report.Read, lit("sc query osppsvc")))
			}
			out.Add(F{ID: IDOfficeEventsFailing, DetailKey: dk, Codes: Codes(codes...),
				Args: report.Args{"computer": pc, "count": c.Trailing, "from": fmtTime(c.TrailingFrom), "to": fmtTime(c.TrailingTo),
					"codes": orNone(strings.Join(codes, ", ")), "last_ok": lastOK, "hosts": orNone(strings.Join(hostsOf(trail), ", ")), "service": svc},
				Evidence: map[string]any{"computer": c.Computer, "application": "office", "service": svc, "failed_attempts": c.Trailing,
					"from": evStamp(c.TrailingFrom), "to": evStamp(c.TrailingTo), "codes": codes, "last_success": lastOKEv, "hosts": hostsOf(trail)},
				Fix: fix, Sources: srcs})
		case kmsevents.StateTransient:
			codes := codeList(c.Codes(false))
			var srcs []report.Source
			for i := range c.Attempts {
				if a := &c.Attempts[i]; !a.OK {
					srcs = attemptSources(srcs, a)
				}
			}
			out.Add(F{ID: IDOfficeEventsRecovered, Codes: Codes(codes...),
				Args: report.Args{"computer": pc, "count": c.Earlier, "codes": orNone(strings.Join(codes, ", ")), "last_ok": lastOK, "host": orNone(okHost)},
				Evidence: map[string]any{"computer": c.Computer, "application": "office", "service": svc, "failed_attempts": c.Earlier,
					"codes": codes, "last_success": lastOKEv, "host": okHost},
				Sources: srcs})
		case kmsevents.StateOK:
			out.Add(F{ID: IDOfficeEventsOK,
				Args:     report.Args{"computer": pc, "last_ok": lastOK, "host": orNone(okHost)},
				Evidence: map[string]any{"computer": c.Computer, "application": "office", "service": svc, "last_success": lastOKEv, "host": okHost},
				Sources:  attemptSources(nil, c.LastSuccess)})
		}
	}
})
