package diagnose

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/kmsevents"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDEventsBenign         = def(Def{ID: "events.spp.benign", Severity: report.Info, Rank: 89, Stage: report.StageEvents})
	IDEventsUnanswered     = def(Def{ID: "events.request.unanswered", Severity: report.Warning, Rank: 80, Codes: []string{"0xC004F074"}, Stage: report.StageEvents})
	IDEventsPersistent     = def(Def{ID: "events.failure.persistent", Severity: report.Error, Rank: 82, Stage: report.StageEvents})
	IDEventsFailing        = def(Def{ID: "events.failure.latest", Severity: report.Warning, Rank: 81, Stage: report.StageEvents})
	IDEventsTransient      = def(Def{ID: "events.failure.transient", Severity: report.Info, Rank: 85, Stage: report.StageEvents})
	IDEventsExpiry         = def(Def{ID: "events.activation.expiry", Severity: report.Info, Rank: 88, Stage: report.StageEvents})
	IDKMSHostDNSPublish    = def(Def{ID: "kmshost.dns.publish_failed", Severity: report.Warning, Rank: 67, Codes: []string{"0x8007267C"}, Stage: report.StageKMSHost})
	IDKMSHostCount         = def(Def{ID: "kmshost.count", Severity: report.Info, Rank: 86, Stage: report.StageKMSHost})
	IDKMSHostCMIDDuplicate = def(Def{ID: "kmshost.cmid.duplicate", Severity: report.Error, Rank: 66, Stage: report.StageKMSHost})
	IDEventsNone           = def(Def{ID: "events.none", Severity: report.Info, Rank: 1002, InputOnly: true})
)

// Event rules: what the activation events of a client (12288, 12289, 8198,
// 8200, 8208) and of a KMS host (12290, 12293) say. The decoding and the
// analytics live in package kmsevents; these rules only turn their results
// into findings.

// expiryWarn: Windows starts warning 30 days before a KMS activation ends.
const expiryWarn = 30 * 24 * time.Hour

// maxSources bounds the sources listed on one finding.
const maxSources = 5

const dayFmt = "2006-01-02"
const minuteFmt = "2006-01-02 15:04 UTC"

// fmtTime formats an event time for a message, with its offset: "2023-05-24
// 01:12 UTC", "2023-05-24 10:12 (UTC+09:00)" when the offset of a local
// time was inferred, and a nested message ("local time, offset unknown")
// for the local time of an Event Viewer copy; copied texts may also have
// lost the time, and that is said in the reader's language.
func fmtTime(t time.Time) any {
	switch {
	case t.IsZero():
		return report.Msg("kmsevents.unknown_time", nil)
	case evidence.OffsetUnknown(t):
		return report.Msg("kmsevents.local_time", report.Args{"time": t.Format(wallFmt)})
	}
	return evTime(t)
}

const wallFmt = "2006-01-02 15:04"

// evTime formats an event time for the evidence ("" when it is unknown),
// with its offset ("local" when it is not known).
func evTime(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case evidence.OffsetUnknown(t):
		return t.Format(wallFmt) + " (local)"
	case t.Location() != time.UTC && strings.HasPrefix(t.Location().String(), "UTC"):
		if _, off := t.Zone(); off != 0 {
			return t.Format(wallFmt) + " (" + t.Location().String() + ")"
		}
	}
	return t.UTC().Format(minuteFmt)
}

// evStamp is an event time for the evidence as RFC 3339, or, for a local
// time of unknown offset, the wall clock without a zone (never "Z").
func evStamp(t time.Time) any {
	if evidence.OffsetUnknown(t) {
		return t.Format("2006-01-02T15:04:05")
	}
	return t
}

// dayOf is the calendar day of t on the clock it was read from.
func dayOf(t time.Time) string {
	if evidence.OffsetUnknown(t) || t.Location() != time.UTC && strings.HasPrefix(t.Location().String(), "UTC") {
		return t.Format(dayFmt)
	}
	return t.UTC().Format(dayFmt)
}

// computerArg names the computer of events for a message: the events may
// not say it, and then it is "this machine" in the reader's language.
func computerArg(name string) any {
	if name == "" {
		return report.Msg("kmsevents.this_machine", nil)
	}
	return name
}

func addSource(srcs []report.Source, e *evidence.Event) []report.Source {
	if e == nil || len(srcs) >= maxSources {
		return srcs
	}
	for _, s := range srcs {
		if s == e.Source {
			return srcs
		}
	}
	return append(srcs, e.Source)
}

func attemptSources(srcs []report.Source, a *kmsevents.Attempt) []report.Source {
	srcs = addSource(srcs, a.ReqEvent)
	srcs = addSource(srcs, a.RespEvent)
	return addSource(srcs, a.SPPEvent)
}

func codeList(hrs []uint32) []string {
	out := make([]string, 0, len(hrs))
	for _, h := range hrs {
		out = append(out, knowledge.FormatCode(h))
	}
	return out
}

// codeFix gives the fix steps for the failure codes seen in the events.
func codeFix(codes []string, unanswered bool) []report.Step {
	var steps []report.Step
	seen := map[string]bool{}
	for _, c := range codes {
		var key string
		switch c {
		case "0xC004F06C":
			key = "fix.events.code.time"
		case "0xC004F038":
			key = "fix.events.code.count"
		case "0xC004F074", "0xC0020017", "0x8007139F":
			key = "fix.events.code.reach"
		}
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		steps = append(steps, Say(key, nil))
		switch key {
		case "fix.events.code.time":
			steps = append(steps, Here(report.ShellCmd, report.Read, lit("w32tm /query /status")), ResyncTime())
		case "fix.events.code.reach":
			steps = append(steps, Here(report.ShellCmd, report.Read, lit("kmsdoctor check")))
		}
	}
	if unanswered && !seen["fix.events.code.reach"] {
		steps = append(steps, Say("fix.events.code.reach", nil), Here(report.ShellCmd, report.Read, lit("kmsdoctor check")))
	}
	if len(codes) > 0 {
		steps = append(steps, Say("fix.events.explain", nil), explain(codes...))
	}
	return append(steps, Say("fix.events.retry", nil), Activate())
}

func newestEvent(evs []evidence.Event) time.Time {
	var t time.Time
	for i := range evs {
		if evs[i].Time.After(t) {
			t = evs[i].Time
		}
	}
	return t
}

func hostsOf(as []*kmsevents.Attempt) []string {
	var out []string
	for _, a := range as {
		if h := a.Host(); h != "" && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// hostArg is the KMS host of an attempt for a finding's text: its name,
// "a host whose name was hidden" when the author redacted it, or "?".
func hostArg(a *kmsevents.Attempt) any {
	if a.Request != nil && a.Request.HostHidden {
		return report.Msg("kmsevents.host_hidden", nil)
	}
	return orNone(a.Host())
}

func orNone(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

var _ = register("events.client", []string{IDEventsBenign, IDInputDamaged, IDEventsUnanswered, IDEventsPersistent, IDEventsFailing, IDEventsTransient, IDEventsExpiry, IDKMSCountInsufficient}, func(s *evidence.Set, out *Out) {
	if len(s.Events) == 0 {
		return
	}
	res := kmsevents.AnalyzeClients(s.Events)
	newest := newestEvent(s.Events)
	for _, c := range res.Clients {
		clientFindings(c, newest, adActivated(s), out)
	}
	if len(res.Benign) > 0 {
		var pcs []string
		var names []report.Message
		var srcs []report.Source
		for _, b := range res.Benign {
			pc := b.Event.Computer
			if !slices.Contains(pcs, pc) {
				pcs = append(pcs, pc)
				if pc == "" {
					names = append(names, report.Msg("kmsevents.this_machine", nil))
				} else {
					names = append(names, report.Raw(pc))
				}
			}
			srcs = addSource(srcs, b.Event)
		}
		out.Add(F{ID: IDEventsBenign, Args: report.Args{"count": len(res.Benign), "computers": report.Join("report.comma_sep", names...)},
			Codes:    []string{knowledge.FormatCode(kmsevents.HRNoInternetGenuine)},
			Evidence: map[string]any{"count": len(res.Benign), "computers": pcs, "code": knowledge.FormatCode(kmsevents.HRNoInternetGenuine)},
			Sources:  srcs})
	}
	damaged(res.Bad, out)
})

func damaged(bad []kmsevents.DecodeFailure, out *Out) {
	for _, b := range bad {
		out.Add(F{ID: IDInputDamaged, Args: report.Args{"file": b.Event.Source.String(), "what": b.Err.Error()},
			Evidence: map[string]any{"file": b.Event.Source.File, "what": b.Err.Error(), "count": 1},
			Sources:  []report.Source{b.Event.Source}})
	}
}

// ad: the machine activated through Active Directory (no KMS count applies).
func clientFindings(c *kmsevents.Client, newest time.Time, ad bool, out *Out) {
	pc := computerArg(c.Computer)
	// Requests that got no response and carry no code of their own.
	var un []*kmsevents.Attempt
	var trail []*kmsevents.Attempt
	for i := range c.Attempts {
		a := &c.Attempts[i]
		if a.Unanswered && a.Request.HR == 0 {
			un = append(un, a)
		}
	}
	if c.Trailing > 0 {
		for i := len(c.Attempts) - c.Trailing; i < len(c.Attempts); i++ {
			trail = append(trail, &c.Attempts[i])
		}
	}
	if len(un) > 0 {
		var srcs []report.Source
		var times []string
		for _, a := range un {
			srcs = attemptSources(srcs, a)
			times = append(times, evTime(a.Time))
		}
		hosts := hostsOf(un)
		dk := ""
		if len(un) == 1 {
			dk = "finding.events.request.unanswered.detail_one"
		}
		out.Add(F{ID: IDEventsUnanswered, DetailKey: dk,
			Args: report.Args{"computer": pc, "count": len(un), "hosts": orNone(strings.Join(hosts, ", ")),
				"first": fmtTime(un[0].Time), "last": fmtTime(un[len(un)-1].Time)},
			Evidence: map[string]any{"computer": c.Computer, "count": len(un), "hosts": hosts, "times": times},
			Fix:      codeFix(nil, true), Sources: srcs})
	}
	var lastOK any = "-"
	lastOKEv := "-"
	if c.LastSuccess != nil {
		lastOK, lastOKEv = fmtTime(c.LastSuccess.Time), evTime(c.LastSuccess.Time)
	}
	switch c.State {
	case kmsevents.StatePersistent, kmsevents.StateFailing:
		codes := codeList(c.Codes(true))
		var srcs []report.Source
		unans := false
		for _, a := range trail {
			srcs = attemptSources(srcs, a)
			unans = unans || (a.Unanswered && a.Request.HR == 0)
		}
		id := IDEventsPersistent
		if c.State == kmsevents.StateFailing {
			id = IDEventsFailing
		}
		dk := ""
		switch {
		case c.LastSuccess == nil && c.Trailing == 1:
			dk = "finding." + id + ".detail_never_one"
		case c.LastSuccess == nil:
			dk = "finding." + id + ".detail_never"
		case c.Trailing == 1:
			dk = "finding." + id + ".detail_one"
		}
		out.Add(F{ID: id, DetailKey: dk, Codes: Codes(codes...),
			Args: report.Args{"computer": pc, "count": c.Trailing, "from": fmtTime(c.TrailingFrom), "to": fmtTime(c.TrailingTo),
				"codes": orNone(strings.Join(codes, ", ")), "last_ok": lastOK, "hosts": orNone(strings.Join(hostsOf(trail), ", "))},
			Evidence: map[string]any{"computer": c.Computer, "failed_attempts": c.Trailing, "from": evStamp(c.TrailingFrom), "to": evStamp(c.TrailingTo),
				"codes": codes, "last_success": lastOKEv, "hosts": hostsOf(trail)},
			Fix: codeFix(codes, unans), Sources: srcs})
	case kmsevents.StateTransient:
		codes := codeList(c.Codes(false))
		var srcs []report.Source
		for i := range c.Attempts {
			if a := &c.Attempts[i]; !a.OK {
				srcs = attemptSources(srcs, a)
			}
		}
		out.Add(F{ID: IDEventsTransient, Codes: Codes(codes...),
			Args:     report.Args{"computer": pc, "count": c.Earlier, "codes": orNone(strings.Join(codes, ", ")), "last_ok": lastOK},
			Evidence: map[string]any{"computer": c.Computer, "failed_attempts": c.Earlier, "codes": codes, "last_success": lastOKEv},
			Sources:  srcs})
	}
	if c.LastSuccess != nil {
		a := c.LastSuccess
		f := F{ID: IDEventsExpiry,
			Args: report.Args{"computer": pc, "last_ok": lastOK, "expiry": dayOf(c.Expiry), "host": hostArg(a)},
			Evidence: map[string]any{"computer": c.Computer, "last_success": lastOKEv, "expiry": dayOf(c.Expiry),
				"host": a.Host(), "renewal_interval_minutes": a.Response.RenewalInterval, "count": a.Response.Count},
			Sources: attemptSources(nil, a)}
		switch {
		case newest.IsZero():
		case c.Expiry.Before(newest):
			f.Severity = report.Warning
			f.DetailKey = "finding.events.activation.expiry.detail_expired"
			f.Args["newest"] = fmtTime(newest)
		case c.Expiry.Sub(newest) < expiryWarn:
			f.Severity = report.Warning
			f.DetailKey = "finding.events.activation.expiry.detail_soon"
			f.Args["newest"] = fmtTime(newest)
		}
		out.Add(f)
	}
	// The count the host returned, against what the client needs.
	for i := len(c.Attempts) - 1; i >= 0; i-- {
		a := &c.Attempts[i]
		if a.Response == nil || a.Request == nil {
			continue
		}
		if a.Request.Required > 0 && a.Response.Count >= 0 && a.Response.Count < a.Request.Required && !a.OK && !ad {
			out.Add(F{ID: IDKMSCountInsufficient, DetailKey: "finding.kms.count.insufficient.detail_client",
				Args: report.Args{"computer": pc, "count": a.Response.Count, "required": a.Request.Required, "need": a.Request.Required, "host": hostArg(a)},
				Evidence: map[string]any{"computer": c.Computer, "count": a.Response.Count, "required": a.Request.Required,
					"host": a.Host(), "flags": kmsevents.FlagNames(a.Response.Flags)},
				Fix:     []report.Step{Say("fix.kms.count", nil), hostStatus()},
				Sources: attemptSources(nil, a)})
		}
		break
	}
}

var _ = register("events.kmshost", []string{IDKMSHostDNSPublish, IDKMSHostCount, IDKMSCountInsufficient, IDKMSHostCMIDDuplicate, IDInputDamaged}, func(s *evidence.Set, out *Out) {
	if len(s.Events) == 0 {
		return
	}
	res := kmsevents.AnalyzeHost(s.Events)
	if res.Requests > 0 {
		hostCount(s, res, out)
	}
	for _, p := range res.Publish {
		if p.OK {
			continue
		}
		code := knowledge.FormatCode(p.HR)
		out.Add(F{ID: IDKMSHostDNSPublish, Codes: []string{code},
			Args:     report.Args{"domain": orNone(p.Domain), "code": code, "count": p.Fails, "time": fmtTime(p.Time)},
			Evidence: map[string]any{"domain": p.Domain, "code": code, "failures": p.Fails, "last": p.Time},
			Fix: []report.Step{slui(report.OnKMSHost, code), Say("fix.kmshost.dns.rights", report.Args{"domain": orNone(p.Domain)}),
				OnKMSHost(report.ShellCmd, report.Read, lit("nslookup -type=srv"), srvName(p.Domain))},
			Sources: addSource(nil, p.Event)})
	}
	damaged(res.Bad, out)
})

// oldestHostRequest is the time of the oldest 12290 with a time.
func oldestHostRequest(s *evidence.Set) time.Time {
	var t time.Time
	for i := range s.Events {
		e := &s.Events[i]
		if e.EventID == kmsevents.EvHostRequest && !e.Time.IsZero() && (t.IsZero() || e.Time.Before(t)) {
			t = e.Time
		}
	}
	return t
}

func hostCount(s *evidence.Set, res *kmsevents.HostResult, out *Out) {
	var parts []report.Message
	var cls []map[string]any
	for _, c := range res.Classes {
		parts = append(parts, report.Msg("kmsevents.class", report.Args{"required": c.Required, "clients": c.Clients, "requests": c.Requests}))
		cls = append(cls, map[string]any{"required": c.Required, "clients": c.Clients, "requests": c.Requests,
			"refused_count": c.Refused, "below_threshold": c.Below, "client_names": c.Names})
	}
	detail := ""
	if res.WindowEnd.IsZero() {
		// No request carries a time (Info lines copied with a placeholder).
		detail = "finding.kmshost.count.detail_undated"
	}
	out.Add(F{ID: IDKMSHostCount, DetailKey: detail,
		Args: report.Args{"count": res.Count, "from": res.WindowStart.Format(dayFmt), "to": res.WindowEnd.Format(dayFmt),
			"classes": report.Join("kmsevents.class_sep", parts...), "requests": res.Requests},
		Evidence: map[string]any{"count": res.Count, "window_start": res.WindowStart, "window_end": res.WindowEnd,
			"requests": res.Requests, "classes": cls},
		Sources: res.Sources})
	// A count below the threshold is a problem when the host refused
	// requests for it (0xC004F038), or when its log covers the whole count
	// window: a few 12290 events of a short log say nothing of the count.
	full := !res.WindowStart.IsZero() && !oldestHostRequest(s).After(res.WindowStart.Add(24*time.Hour))
	for _, c := range res.Classes {
		if adActivated(s) || c.Refused == 0 && !(c.Below && full) {
			continue
		}
		out.Add(F{ID: IDKMSCountInsufficient, DetailKey: "finding.kms.count.insufficient.detail_host",
			Args: report.Args{"count": res.Count, "required": c.Required, "need": c.Required, "clients": c.Clients, "refused": c.Refused,
				"names": namesList(c.Names, c.Clients),
				"from":  res.WindowStart.Format(dayFmt), "to": res.WindowEnd.Format(dayFmt)},
			Evidence: map[string]any{"count": res.Count, "required": c.Required, "clients": c.Clients, "refused_count": c.Refused,
				"client_names": c.Names},
			Fix:     []report.Step{Say("fix.kms.count", nil), hostStatus()},
			Sources: c.Sources})
	}
	if len(res.Duplicates) > 0 {
		var ex []string
		var ev []map[string]any
		var srcs []report.Source
		for i, d := range res.Duplicates {
			if i < 10 {
				ex = append(ex, fmt.Sprintf("%s (%s)", d.CMID, strings.Join(d.Names, ", ")))
			}
			ev = append(ev, map[string]any{"cmid": d.CMID, "names": d.Names})
			for _, src := range d.Sources {
				if len(srcs) < maxSources {
					srcs = append(srcs, src)
				}
			}
		}
		out.Add(F{ID: IDKMSHostCMIDDuplicate,
			Args:     report.Args{"count": len(res.Duplicates), "examples": strings.Join(ex, "; ")},
			Evidence: map[string]any{"duplicates": ev},
			Fix: []report.Step{Say("fix.kmshost.cmid.rearm", nil), onClones(Rearm()), Say("fix.kmshost.cmid.restart", nil),
				onClones(Activate()), Say("fix.kmshost.cmid.generalize", nil),
				Manual(report.ShellCmd, report.Destructive, lit(`%WINDIR%\System32\Sysprep\sysprep.exe /generalize /oobe /shutdown`))},
			Sources: srcs})
	}
}

// onClones is a step for each cloned client the KMS host's events name: a
// person picks those machines, so it is never this machine's to apply.
func onClones(st report.Step) report.Step {
	st.On = report.OnAdmin
	return st
}

// namesList prints up to 10 names, with "..." when there are more.
func namesList(names []string, total int) string {
	n := min(len(names), 10)
	s := strings.Join(names[:n], ", ")
	if total > n {
		s += ", ..."
	}
	return s
}

// activationEvent: an event the activation rules read.
func activationEvent(e *evidence.Event) bool {
	switch e.EventID {
	case kmsevents.EvRequest, kmsevents.EvResponse, kmsevents.EvHostRequest, kmsevents.EvDNSFailed, kmsevents.EvDNSPublished,
		kmsevents.EvSPPFailure, kmsevents.EvSPPAcquire, kmsevents.EvSPPGenuine, kmsevents.EvADActivation:
		return true
	}
	return false
}

// events.none: an event log was read but holds no activation event (a
// System log given by mistake, or an Application log without them): say
// so, and where the activation events are.
var _ = register("events.none", []string{IDEventsNone}, func(s *evidence.Set, out *Out) {
	if len(s.Events) == 0 {
		return
	}
	byFile := map[string][]*evidence.Event{}
	var files []string
	for i := range s.Events {
		e := &s.Events[i]
		if activationEvent(e) {
			return
		}
		if _, ok := byFile[e.Source.File]; !ok {
			files = append(files, e.Source.File)
		}
		byFile[e.Source.File] = append(byFile[e.Source.File], e)
	}
	for _, f := range files {
		evs := byFile[f]
		channels := map[string]int{}
		best := ""
		for _, e := range evs {
			if c := e.Channel; c != "" {
				channels[c]++
				if channels[c] > channels[best] || best == "" {
					best = c
				}
			}
		}
		dk := "finding.events.none.detail"
		switch {
		case strings.EqualFold(best, "Application"):
			dk = "finding.events.none.detail_application"
		case best == "":
			dk = "finding.events.none.detail_unknown"
		}
		out.Add(F{ID: IDEventsNone, DetailKey: dk, Args: report.Args{"file": f, "count": len(evs), "channel": best},
			Evidence: map[string]any{"file": f, "events": len(evs), "channel": best}, Sources: []report.Source{{File: f}},
			Fix: []report.Step{Say("fix.events.none", nil),
				Here(report.ShellCmd, report.Read, lit("wevtutil epl Application Application.evtx")),
				Here(report.ShellCmd, report.Read, lit(`wevtutil qe Application /q:"*[System[(EventID=12288 or EventID=12289 or EventID=8198)]]" /c:10 /rd:true /f:text`))}})
	}
})
