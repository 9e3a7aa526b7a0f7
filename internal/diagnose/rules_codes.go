package diagnose

import (
	"net"
	"slices"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/kmsevents"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// The code the user saw, explained. An error code with one dominant cause,
// seen in slmgr/ospp text or in an event, raises the finding of the stage
// it points at, with InferredFrom set, unless a finding of that stage
// already says it from direct evidence or direct evidence contradicts it.
// 0xC004F074 alone has no dominant cause: kms.contact.undetermined says
// so and lists the next checks in order. This rule runs after every other
// (registerLast), so that it sees their findings.

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDLicenseAccessDenied = def(Def{ID: "license.access_denied", Severity: report.Error, Rank: 8, Codes: []string{"0x80070005"}, Stage: report.StageLicense})
	IDKMSContactUndecided = def(Def{ID: "kms.contact.undetermined", Severity: report.Error, Rank: 74, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDFailureNoCode       = def(Def{ID: "license.failure.no_code", Severity: report.Error, Rank: 76, Stage: report.StageLicense})
)

// seenCode is an error code observed in the inputs, with where.
type seenCode struct {
	code string
	src  report.Source
	host bool   // on a KMS host's 12290
	text bool   // not shown: read from its message text
	lang string // the language of that text (knowledge.MessageMatch.Lang)
}

// codeArg is the {code} of a finding's message: the code, or, when it was
// read from its message text, a phrase that says so.
func codeArg(code string, fromText bool) any {
	if fromText {
		return report.Msg("code.from_text", report.Args{"code": code})
	}
	return code
}

// codeEvidence is the evidence of a finding inferred from c, with more.
// A code read from its message text says so ("read_from": "message_text").
func codeEvidence(c seenCode, more map[string]any) map[string]any {
	ev := map[string]any{"code": c.code}
	if c.text {
		ev["read_from"] = "message_text"
		if c.lang != "" {
			ev["message_lang"] = c.lang // which language's text matched
		}
	}
	for k, v := range more {
		ev[k] = v
	}
	return ev
}

// inferredFrom is a finding's inferred_from: the code, with " (message
// text)" when the code was not shown but read from its message text.
func inferredFrom(code string, fromText bool) string {
	if fromText {
		return code + " (message text)"
	}
	return code
}

// observedCodes lists the error codes the inputs show: slmgr/ospp text,
// client events (12288's result, 8198) and a KMS host's 12290 results.
func observedCodes(s *evidence.Set) []seenCode {
	var out []seenCode
	add := func(c string, src report.Source, host, text bool, lang string) {
		if c == "" || c == "0x00000000" {
			return
		}
		if i := slices.IndexFunc(out, func(x seenCode) bool { return x.code == c && x.host == host }); i >= 0 {
			if out[i].text && !text { // the code shown wins over its text
				out[i] = seenCode{c, src, host, text, lang}
			}
			return
		}
		out = append(out, seenCode{c, src, host, text, lang})
	}
	for _, c := range s.Codes {
		if cs := Codes(c.Code); len(cs) > 0 {
			add(cs[0], c.Source, false, c.FromText, c.Lang)
		}
	}
	// A client's events count while its latest attempts fail; failures
	// between successes are events.failure.transient, not a cause.
	if len(s.Events) > 0 {
		for _, c := range kmsevents.AnalyzeClients(s.Events).Clients {
			if c.State != kmsevents.StatePersistent && c.State != kmsevents.StateFailing {
				continue
			}
			var src report.Source
			for i := len(c.Attempts) - c.Trailing; i >= 0 && i < len(c.Attempts); i++ {
				if ss := attemptSources(nil, &c.Attempts[i]); len(ss) > 0 {
					src = ss[0]
					break
				}
			}
			for _, hr := range c.Codes(true) {
				add(knowledge.FormatCode(hr), src, false, false, "")
			}
		}
	}
	// A KMS host's 12290 records the result it gave each client.
	for i := range s.Events {
		e := &s.Events[i]
		if e.EventID != kmsevents.EvHostRequest {
			continue
		}
		if fs := kmsevents.InfoFields(e); len(fs) > 0 {
			if hr, ok := kmsevents.ParseHex(fs[0]); ok && hr == 0xC004F06C {
				add(knowledge.FormatCode(hr), e.Source, true, false, "")
			}
		}
	}
	return out
}

// codeList is the distinct codes of seen.
func codeSet(seen []seenCode) []string {
	var out []string
	for _, c := range seen {
		if !slices.Contains(out, c.code) {
			out = append(out, c.code)
		}
	}
	return out
}

// has reports whether a finding with one of ids was raised.
func (o *Out) has(ids ...string) bool {
	for _, f := range o.findings {
		if slices.Contains(ids, f.ID) {
			return true
		}
	}
	return false
}

// hasProblemAt reports whether a problem finding of one of stages whose
// codes include code was raised (a direct explanation of code).
func (o *Out) hasProblemAt(code string, stages ...report.Stage) bool {
	for _, f := range o.findings {
		if f.Severity.IsProblem() && f.InferredFrom == "" && f.ID != IDLicenseActivationError &&
			slices.Contains(stages, stageOf(f.ID)) && slices.Contains(f.Codes, code) {
			return true
		}
	}
	return false
}

// configuredHost is the KMS host set with /skms on a product, "" when none.
func configuredHost(s *evidence.Set) string {
	for i := range s.Products {
		if n := strings.TrimSpace(s.Products[i].KMSMachineName); n != "" {
			if h, _, err := net.SplitHostPort(n); err == nil {
				return h
			}
			return n
		}
	}
	return ""
}

var _ = registerLast("codes.inferred", []string{IDKMSCountInsufficient, IDDNSSRVMissing, IDDNSHostUnresolvable, IDTimeSkew,
	IDLicenseChannelNotKMS, IDKMSHostTooOld, IDTokensCorrupt, IDLicenseAccessDenied, IDKMSContactUndecided, IDFailureNoCode,
	IDLicenseNotification}, func(s *evidence.Set, out *Out) {
	seen := observedCodes(s)
	if len(seen) == 0 && len(s.StatedFailures) > 0 {
		failureNoCode(s, out)
	}
	for _, c := range seen {
		args := report.Args{"code": codeArg(c.code, c.text)}
		src := srcs(c.src)
		inf := inferredFrom(c.code, c.text)
		switch c.code {
		case "0xC004F038":
			if out.has(IDKMSCountInsufficient) || adActivated(s) || countEnough(s) {
				continue
			}
			out.Add(F{ID: IDKMSCountInsufficient, TitleKey: "finding.kms.count.insufficient.title_code", DetailKey: "finding.kms.count.insufficient.detail_code", Args: args, InferredFrom: inf,
				Evidence: codeEvidence(c, nil), Sources: src,
				Fix: []report.Step{Say("fix.kms.count", nil), hostStatus()}})
		case "0x8007232B":
			if out.has(IDDNSSRVMissing, IDDNSHostUnresolvable) {
				continue
			}
			if h := configuredHost(s); h != "" {
				if nameResolves(s, h) {
					continue
				}
				args["name"] = h
				out.Add(F{ID: IDDNSHostUnresolvable, DetailKey: "finding.dns.host.unresolvable.detail_code", Args: args, InferredFrom: inf,
					Evidence: codeEvidence(c, map[string]any{"name": h}), Sources: src,
					Fix: []report.Step{Say("fix.dns.host.add", report.Args{"name": h}), Here(report.ShellCmd, report.Read, lit("nslookup"), host(h, holeKMSHost))}})
				continue
			}
			if out.has(IDDNSSRVFound) {
				continue
			}
			dom := domainOr(s, srvDomain(s))
			args["domain"] = domainLabel(dom)
			out.Add(F{ID: IDDNSSRVMissing, DetailKey: "finding.dns.srv.missing.detail_code", Args: args, InferredFrom: inf,
				Evidence: codeEvidence(c, map[string]any{"domain": dom}), Sources: src,
				Fix: []report.Step{Say("fix.dns.srv.check", nil),
					Here(report.ShellCmd, report.Read, lit("nslookup -type=srv"), srvName(dom)),
					Here(report.ShellCmd, report.Read, lit("ipconfig /all")),
					Say("fix.dns.srv.or_skms", nil), SetKMSHole(cmdline.Hole(holeKMSHost), kmsPort)}})
		case "0xC004F06C":
			if out.has(IDTimeSkew) || clockMeasuredOK(s) {
				continue
			}
			dk := "finding.time.skew.detail_code"
			fix := timeFix(s, "")
			if c.host {
				dk = "finding.time.skew.detail_code_host"
				fix = append([]report.Step{Say("fix.time.host_side", nil), OnKMSHost(report.ShellCmd, report.Read, lit("w32tm /query /status"))}, fix...)
			}
			out.Add(F{ID: IDTimeSkew, TitleKey: "finding.time.skew.title_code", DetailKey: dk, Args: args, InferredFrom: inf,
				Evidence: codeEvidence(c, map[string]any{"kms_host_event": c.host}), Sources: src, Fix: fix})
		case "0xC004F035":
			if out.has(IDLicenseChannelNotKMS) || hasKMSClients(s) {
				continue
			}
			out.Add(F{ID: IDLicenseChannelNotKMS, TitleKey: "finding.license.channel.not_kms.title_code", DetailKey: "finding.license.channel.not_kms.detail_code", Args: args, InferredFrom: inf,
				Evidence: codeEvidence(c, nil), Sources: src,
				Fix: []report.Step{Here(report.ShellCmd, report.Read, lit("slmgr.vbs /dlv")), Say("fix.license.gvlk_code", nil)}})
		case "0xC004F042":
			if out.has(IDKMSHostTooOld) {
				continue
			}
			out.Add(F{ID: IDKMSHostTooOld, TitleKey: "finding.kmshost.too_old.title_code", DetailKey: "finding.kmshost.too_old.detail_code", Args: args, InferredFrom: inf,
				Evidence: codeEvidence(c, nil), Sources: src,
				Fix: []report.Step{Say("fix.kmshost.too_old_code", nil), hostStatus()}})
		case "0xC004E015", "0xC004D301":
			if out.has(IDTokensCorrupt) {
				continue
			}
			out.Add(F{ID: IDTokensCorrupt, Args: args, Codes: []string{c.code}, InferredFrom: inf,
				Evidence: codeEvidence(c, nil), Sources: src,
				Fix: append([]report.Step{Say("fix.tokens.rebuild", nil)}, RebuildTokens()...)})
		case "0xC004F009":
			// The grace period expired without activation: the product is
			// in notification state (Microsoft's text of the code), unless
			// a status output shows its state.
			if out.has(IDLicenseNotification) || statusShown(s) {
				continue
			}
			out.Add(F{ID: IDLicenseNotification, TitleKey: "finding.license.notification.title_code", DetailKey: "finding.license.notification.detail_code",
				Args: args, Codes: []string{c.code}, InferredFrom: inf, Evidence: codeEvidence(c, nil), Sources: src,
				Fix: []report.Step{Say("fix.license.state_text", nil), Here(report.ShellCmd, report.Read, lit("slmgr.vbs /dlv")), Activate()}})
		case "0x80070005":
			out.Add(F{ID: IDLicenseAccessDenied, Args: args, InferredFrom: inf,
				Evidence: codeEvidence(c, nil), Sources: src,
				Fix: []report.Step{Say("fix.license.elevate", nil), Activate()}})
		}
	}
	// 0xC004F074 alone: the cause is not determined by the code.
	codes := codeSet(seen)
	if !slices.Contains(codes, "0xC004F074") || out.has(IDKMSContactUndecided) {
		return
	}
	for _, c := range codes {
		if c != "0xC004F074" && inferable[c] {
			return
		}
	}
	if out.hasProblemAt("0xC004F074", report.StageKMSConfig, report.StageDNS, report.StageTCP, report.StageRPC, report.StageTime, report.StageKMSHost, report.StageLicense) {
		return
	}
	var src []report.Source
	f074 := seenCode{code: "0xC004F074", text: true}
	for _, c := range seen {
		if c.code == "0xC004F074" {
			src = append(src, srcs(c.src)...)
			f074.text = f074.text && c.text
			if c.text && f074.lang == "" {
				f074.lang = c.lang
			}
		}
	}
	if !f074.text {
		f074.lang = ""
	}
	kms := nextHost(s)
	out.Add(F{ID: IDKMSContactUndecided, Args: report.Args{"code": codeArg(f074.code, f074.text)}, InferredFrom: inferredFrom(f074.code, f074.text),
		Evidence: codeEvidence(f074, map[string]any{"kms_host": kms}), Sources: dedupSources(src),
		Fix: []report.Step{
			Say("fix.contact.step_events", nil), Here(report.ShellCmd, report.Read, lit(`wevtutil qe Application /q:"*[System[(EventID=12288 or EventID=12289 or EventID=8198)]]" /c:10 /rd:true /f:text`)),
			Say("fix.contact.step_dns", nil), Here(report.ShellCmd, report.Read, lit("slmgr.vbs /dlv")), Here(report.ShellCmd, report.Read, lit("nslookup -type=srv"), srvName(domainOr(s, srvDomain(s)))),
			Say("fix.contact.step_tcp", nil), Here(report.ShellPowerShell, report.Read, lit("Test-NetConnection"), host(kms, holeKMSHost), lit("-Port 1688")),
			Say("fix.contact.step_host", nil), OnKMSHost(report.ShellCmd, report.Read, lit("sc query sppsvc")), hostStatus(),
			Say("fix.contact.step_time", nil), Here(report.ShellCmd, report.Read, lit("w32tm /query /status")),
		}})
})

// failureNoCode: the inputs say that activation failed, in words, and show
// no error code anywhere (nor the message text of one): the finding says
// the code was not shown and lists the outputs that show it.
func failureNoCode(s *evidence.Set, out *Out) {
	var src []report.Source
	for _, f := range s.StatedFailures {
		src = append(src, f.Source)
	}
	f := s.StatedFailures[0]
	out.Add(F{ID: IDFailureNoCode, Args: report.Args{"text": f.Context},
		Evidence: map[string]any{"text": f.Context}, Sources: dedupSources(src),
		Fix: []report.Step{
			Say("fix.no_code.dlv", nil), Here(report.ShellCmd, report.Read, lit("slmgr.vbs /dlv")),
			Say("fix.no_code.events", nil), Here(report.ShellCmd, report.Read, lit(`wevtutil qe Application /q:"*[System[(EventID=12288 or EventID=12289 or EventID=8198)]]" /c:10 /rd:true /f:text`)),
			Say("fix.no_code.office", nil), Here(report.ShellCmd, report.Read, lit(`cscript "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /dstatus`)),
			Say("fix.no_code.analyze", nil),
		}})
}

// inferable are the codes with one dominant cause (a finding above).
var inferable = map[string]bool{"0xC004F038": true, "0x8007232B": true, "0xC004F06C": true, "0xC004F035": true, "0xC004F042": true,
	"0xC004E015": true, "0xC004D301": true, "0x80070005": true}

// statusShown: a product's licence status was read (a status line, or
// words of the text).
func statusShown(s *evidence.Set) bool {
	for i := range s.Products {
		if s.Products[i].Status != "" {
			return true
		}
	}
	return false
}

// countEnough: a KMS host's /dlv shows a count that serves every client.
func countEnough(s *evidence.Set) bool {
	for i := range s.Products {
		if h := s.Products[i].KMSHost; h != nil && h.CurrentCount >= 25 {
			return true
		}
	}
	return false
}

// nameResolves: a lookup of name returned addresses.
func nameResolves(s *evidence.Set, name string) bool {
	for _, l := range s.Names {
		if strings.EqualFold(strings.TrimSuffix(l.Name, "."), name) && len(l.Addrs) > 0 {
			return true
		}
	}
	return false
}

// clockMeasuredOK: a clock sample within the limit contradicts a clock
// problem.
func clockMeasuredOK(s *evidence.Set) bool {
	for _, c := range s.Clock {
		if c.Err == "" && c.Offset < MaxClockSkew && c.Offset > -MaxClockSkew {
			return true
		}
	}
	return false
}
