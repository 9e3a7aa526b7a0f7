package diagnose

import (
	"slices"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Office's KMS activation history, from `ospp.vbs /dhistorykms` (the
// Application log's 12288 requests with N-policy 5). Each request's first
// value is its result: 0x0 when the KMS host answered and activated, an
// error code otherwise. A KMS client renews every 7 days by default (the
// renewal interval) and its activation lasts 180 days.

var (
	IDOfficeHistoryFailing   = def(Def{ID: "office.kms_history.failing", Severity: report.Error, Rank: 79, Stage: report.StageEvents})
	IDOfficeHistoryRecovered = def(Def{ID: "office.kms_history.recovered", Severity: report.Info, Rank: 85, Stage: report.StageEvents})
	IDOfficeHistoryOK        = def(Def{ID: "office.kms_history.ok", Severity: report.OK, Rank: 90, Stage: report.StageEvents})
	IDOfficeHistoryNone      = def(Def{ID: "office.kms_history.none", Severity: report.Info, Rank: 1003, InputOnly: true})
)

// renewalDays is the default renewal interval of a KMS client (7 days);
// validityDays how long an activation lasts without renewal.
const (
	renewalDays  = 7
	validityDays = 180
)

// officeProduct is the first volume Office product of s, nil when none.
func officeProduct(s *evidence.Set) *evidence.Product {
	for i := range s.Products {
		if p := &s.Products[i]; isOffice(p) && knowledge.OfficeKind(p.Name, p.Channel) == knowledge.OfficeVolume {
			return p
		}
	}
	return nil
}

// officeActivate is `ospp.vbs /act` for the Office product of s, or with
// the folder as a hole when the inputs do not say which Office it is.
func officeActivate(s *evidence.Set) report.Step {
	if p := officeProduct(s); p != nil {
		return activate(p)
	}
	return withOp(Here(report.ShellCmd, report.Change, lit("cscript"),
		cmdline.Cat(lit(`"%ProgramFiles%\Microsoft Office\`), cmdline.Hole(holeOfficeDir), lit(`\OSPP.VBS"`)), lit("/act")),
		report.OpActivate, office(nil))
}

// reqOK: the request's result is no failure (0x0, or a code of success
// severity such as 0x4004F040, which is information).
func reqOK(r *evidence.OfficeKMSRequest) bool { return r.HR&0x80000000 == 0 }

func reqSources(rs []evidence.OfficeKMSRequest) []report.Source {
	var out []report.Source
	for _, r := range rs {
		out = append(out, r.Source)
		if len(out) == 20 {
			break
		}
	}
	return out
}

func reqTime(r *evidence.OfficeKMSRequest) any {
	if r.Time.IsZero() {
		if r.TimeText != "" {
			return r.TimeText
		}
		return report.Msg("kmsevents.unknown_time", nil)
	}
	return r.Time.UTC().Format(minuteFmt)
}

var _ = register("office.kms_history", []string{IDOfficeHistoryFailing, IDOfficeHistoryRecovered, IDOfficeHistoryOK, IDOfficeHistoryNone}, func(s *evidence.Set, out *Out) {
	for hi := range s.OfficeKMSHistory {
		h := &s.OfficeKMSHistory[hi]
		rs := h.Requests
		machine := computerArg(h.Machine)
		if len(rs) == 0 {
			out.Add(F{ID: IDOfficeHistoryNone, Args: report.Args{"computer": machine}, Evidence: map[string]any{"computer": h.Machine},
				Sources: []report.Source{h.Source}, Fix: []report.Step{Say("fix.office.kms_history.none", nil)}})
			continue
		}
		// Requests in time order (ospp prints them as WMI returns them).
		ord := slices.Clone(rs)
		slices.SortStableFunc(ord, func(a, b evidence.OfficeKMSRequest) int { return a.Time.Compare(b.Time) })
		last := -1
		for i := range ord {
			if reqOK(&ord[i]) {
				last = i
			}
		}
		var failedAfter, failedBefore []evidence.OfficeKMSRequest
		for i := range ord {
			switch {
			case reqOK(&ord[i]):
			case i > last:
				failedAfter = append(failedAfter, ord[i])
			default:
				failedBefore = append(failedBefore, ord[i])
			}
		}
		codes := func(rs []evidence.OfficeKMSRequest) []string {
			var cs []string
			for _, r := range rs {
				if c := knowledge.FormatCode(r.HR); !slices.Contains(cs, c) {
					cs = append(cs, c)
				}
			}
			return cs
		}
		hosts := func(rs []evidence.OfficeKMSRequest) []string {
			var hs []string
			for _, r := range rs {
				if r.Host != "" && !slices.Contains(hs, r.Host) {
					hs = append(hs, r.Host)
				}
			}
			return hs
		}
		switch {
		case len(failedAfter) > 0:
			cs := codes(failedAfter)
			first, lastF := &failedAfter[0], &failedAfter[len(failedAfter)-1]
			args := report.Args{"computer": machine, "count": len(failedAfter), "codes": joinVersions(cs),
				"first": reqTime(first), "last": reqTime(lastF), "hosts": orNone(joinList(hosts(failedAfter)))}
			ev := map[string]any{"computer": h.Machine, "failed": len(failedAfter), "codes": cs, "hosts": hosts(failedAfter)}
			dk := "finding.office.kms_history.failing.detail_never"
			if last >= 0 {
				ok := &ord[last]
				args["success"] = reqTime(ok)
				args["okhost"] = orNone(ok.Host)
				ev["last_success"] = evTime(ok.Time)
				ev["answered_by"] = ok.Host
				dk = "finding.office.kms_history.failing.detail"
				if !ok.Time.IsZero() && !lastF.Time.IsZero() {
					days := int(lastF.Time.Sub(ok.Time) / (24 * time.Hour))
					args["days"] = days
					ev["days_since_success"] = days
					switch {
					case days >= validityDays:
						dk = "finding.office.kms_history.failing.detail_expired"
					case days >= renewalDays:
						dk = "finding.office.kms_history.failing.detail_renewal"
					}
				}
			}
			fix := codeFix(cs, false)
			// codeFix ends with Windows' activation; Office activates with ospp.vbs.
			if n := len(fix); n > 0 && fix[n-1].Op == report.OpActivate {
				fix[n-1] = officeActivate(s)
			}
			out.Add(F{ID: IDOfficeHistoryFailing, DetailKey: dk, Args: args, Evidence: ev, Codes: cs, Sources: reqSources(failedAfter), Fix: fix})
		case len(failedBefore) > 0:
			ok := &ord[last]
			cs := codes(failedBefore)
			args := report.Args{"computer": machine, "count": len(failedBefore), "codes": joinVersions(cs),
				"first": reqTime(&failedBefore[0]), "last": reqTime(&failedBefore[len(failedBefore)-1]),
				"success": reqTime(ok), "okhost": orNone(ok.Host)}
			out.Add(F{ID: IDOfficeHistoryRecovered, Args: args, Codes: cs,
				Evidence: map[string]any{"computer": h.Machine, "failed": len(failedBefore), "codes": cs, "last_success": evTime(ok.Time), "answered_by": ok.Host},
				Sources:  append(reqSources(failedBefore), ok.Source)})
		default:
			ok := &ord[last]
			out.Add(F{ID: IDOfficeHistoryOK, Args: report.Args{"computer": machine, "count": len(ord), "success": reqTime(ok), "okhost": orNone(ok.Host)},
				Evidence: map[string]any{"computer": h.Machine, "requests": len(ord), "last_success": evTime(ok.Time), "answered_by": ok.Host},
				Sources:  []report.Source{ok.Source}})
		}
	}
})

func joinList(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}
