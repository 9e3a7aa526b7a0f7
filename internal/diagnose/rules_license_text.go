package diagnose

import (
	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// A licence state stated in words (prose: "License status is Unlicensed",
// "License Status `Notification`, Notification Reason 0xC004F009",
// Product.StatusFrom "text"): the finding of that state, about the product
// the text speaks of, quoting the words. The text does not show the
// channel, so the fix asks for the status first (slmgr /dlv shows the
// channel and the reason) and then activates.

// stateFromText is the finding of p, a product whose non-licensed status
// was read from the words of a text (it has no name: the titles say "the
// product the text is about").
func stateFromText(s *evidence.Set, p *evidence.Product, args report.Args, ev map[string]any) F {
	if args["product"] == "" {
		args["product"] = report.Msg("license.product_from_text", nil)
	}
	args["text"] = p.StatusText
	ev["status_from"] = p.StatusFrom
	ev["text"] = p.StatusText
	fix := []report.Step{Say("fix.license.state_text", nil), status(p), activate(p)}
	if isOffice(p) && p.Name == "" {
		// Office, its version not said: ospp.vbs in the folder of a hole.
		osppAt := func(eff report.Effect, arg string) report.Step {
			return Here(report.ShellCmd, eff, lit("cscript"),
				cmdline.Cat(lit(`"%ProgramFiles%\Microsoft Office\`), cmdline.Hole(holeOfficeDir), lit(`\OSPP.VBS"`)), lit(arg))
		}
		fix = []report.Step{Say("fix.license.state_text", nil), osppAt(report.Read, "/dstatus"),
			withOp(osppAt(report.Change, "/act"), report.OpActivate, office(nil))}
	}
	fix = append(fix, officeService(s, p)...)
	src := []report.Source{p.Line("status")}
	switch p.Status {
	case evidence.StatusNotification:
		codes := []string{"0xC004F009"}
		dk := "finding.license.notification.detail_text"
		if p.StatusReason != "" {
			args["reason"] = p.StatusReason
			ev["reason"] = p.StatusReason
			codes = Codes(p.StatusReason)
			dk = "finding.license.notification.detail_text_reason"
		}
		return F{ID: IDLicenseNotification, Args: args, TitleKey: "finding.license.notification.title_text", DetailKey: dk, Codes: codes, Evidence: ev, Fix: fix, Sources: src}
	case evidence.StatusUnlicensed:
		return F{ID: IDLicenseUnlicensed, Args: args, TitleKey: "finding.license.unlicensed.title_text",
			DetailKey: "finding.license.unlicensed.detail_text", Evidence: ev, Fix: fix, Sources: src}
	}
	args["state"] = report.Msg("license.status."+p.Status, nil)
	return F{ID: IDLicenseGrace, Args: args, TitleKey: "finding.license.grace.title_text", DetailKey: "finding.license.grace.detail_text", Evidence: ev, Fix: fix, Sources: src}
}
