package diagnose

import (
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Office in depth: Microsoft 365 Apps (subscription, Click-to-Run) told
// apart from volume Office, and which licensing service serves Office.
// Facts: research/windows-fix-clouds.md sections 1.3 and 5 (DEPLOYOFFICE:
// ospp.vbs does not manage Microsoft 365 Apps, vnextdiag.ps1 does; ospp.vbs
// uses the Office Software Protection Platform service on Windows 7 and
// Windows' Software Protection service on Windows 8 and later; KB 2870357:
// Office 2010 uses osppsvc on every Windows).

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDOfficeSubscription = def(Def{ID: "office.subscription", Severity: report.Warning, Rank: 11, Stage: report.StageLicense})
	IDOfficeNoKey        = def(Def{ID: "office.no_key", Severity: report.Warning, Rank: 12, Stage: report.StageLicense})
)

// office.no_key: ospp.vbs /dstatus found no Office licence with a product
// key (evidence.NoteOfficeNoKey), and no other output shows one. Volume
// Office installs its KMS client setup key when an Office app first starts,
// or from the PIDKEY of the Office Deployment Tool's configuration (Office
// LTSC 2021 needs it); Microsoft 365 Apps is licensed by signing in and
// ospp.vbs shows no key for it (DEPLOYOFFICE: reset Microsoft 365 Apps
// activation, "No installed product keys detected"; vnextdiag). Nothing
// here is for a KMS host to activate yet.
var _ = register("office.no_key", []string{IDOfficeNoKey}, func(s *evidence.Set, out *Out) {
	for i := range s.Products {
		if p := &s.Products[i]; isOffice(p) && installed(p) {
			return // another output shows an Office key
		}
	}
	for _, n := range s.Notes {
		if n.Kind != evidence.NoteOfficeNoKey {
			continue
		}
		out.Add(F{ID: IDOfficeNoKey, Sources: srcs(n.Source),
			Fix: []report.Step{Say("fix.office.no_key", nil),
				Here(report.ShellCmd, report.Read, lit(`cscript "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /dstatus`)),
				Say("fix.office.no_key_m365", nil),
				Here(report.ShellCmd, report.Read, lit(`powershell -NoProfile -ExecutionPolicy Bypass -File "%ProgramFiles%\Microsoft Office\Office16\vnextdiag.ps1" -action list`)),
				Say("fix.office.no_key_gvlk", nil),
				Here(report.ShellCmd, report.Change, lit(`cscript "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS"`), cmdline.Cat(lit("/inpkey:"), cmdline.Hole("<GVLK>"))),
				Here(report.ShellCmd, report.Change, lit(`cscript "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /act`))}})
		return
	}
})

// isSubscription: a Microsoft 365 Apps licence (O365..., Subscription,
// SubTrial, TIMEBASED_SUB), which no KMS host activates.
func isSubscription(p *evidence.Product) bool {
	return isOffice(p) && knowledge.OfficeKind(p.Name, p.Channel) == knowledge.OfficeSubscription
}

var _ = register("office.subscription", []string{IDOfficeSubscription}, func(s *evidence.Set, out *Out) {
	for i := range s.Products {
		p := &s.Products[i]
		if !installed(p) || !isSubscription(p) {
			continue
		}
		args := productArgs(p)
		ev := productEvidence(p)
		ev["kind"] = knowledge.OfficeSubscription
		f := F{ID: IDOfficeSubscription, Args: args, Evidence: ev, Sources: []report.Source{p.Line("channel")},
			Fix: []report.Step{Say("fix.office.subscription", nil),
				Here(report.ShellCmd, report.Read, lit(`powershell -NoProfile -ExecutionPolicy Bypass -File "%ProgramFiles%\Microsoft Office\Office16\vnextdiag.ps1" -action list`))}}
		// The errors of a licensing command on the same output are what
		// the subscription explains (KMS never activates it).
		var seen []string
		for _, c := range s.Codes {
			if c.Source.File == p.Source.File {
				seen = append(seen, c.Code)
			}
		}
		if cs := Codes(seen...); len(cs) > 0 {
			f.Codes = cs
		}
		switch {
		case p.KMSMachineName != "":
			args["kms"] = p.KMSMachineName
			ev["kms_machine_name"] = p.KMSMachineName
			f.DetailKey = "finding.office.subscription.detail_kms"
		case p.Status != evidence.StatusLicensed && p.Status != "":
			args["state"] = report.Msg("license.status."+p.Status, nil)
			f.DetailKey = "finding.office.subscription.detail_state"
			f.Sources = append(f.Sources, p.Line("status"))
		case p.Status == evidence.StatusLicensed && len(seen) == 0:
			f.Severity = report.Info
		}
		out.Add(f)
	}
})

// officeService is the step that says which service licenses an Office
// product and how to see that it runs: the Office Software Protection
// Platform service (osppsvc) for Office 2010 on any Windows and for any
// Office on Windows 7 / Server 2008 R2; Windows' Software Protection service
// (sppsvc) on Windows 8 and later. Nothing for a product that is not volume
// Office.
func officeService(s *evidence.Set, p *evidence.Product) []report.Step {
	if !isOffice(p) || isSubscription(p) {
		return nil
	}
	known, win7 := false, false
	for i := range s.Products {
		w := &s.Products[i]
		if !isWindows(w) {
			continue
		}
		if r, ok := knowledge.ReleaseOf(w.Build); ok {
			known, win7 = true, r.ClientGroup == "win7"
			break
		}
		if strings.Contains(w.Name, "Windows(R) 7") {
			known, win7 = true, true
			break
		}
	}
	switch {
	case knowledge.OfficeVersion(p.Name) == "2010" || win7:
		return []report.Step{Say("fix.office.service_ospp", nil), Here(report.ShellCmd, report.Read, lit("sc query osppsvc"))}
	case known:
		return []report.Step{Say("fix.office.service_spp", nil), Here(report.ShellCmd, report.Read, lit("sc query sppsvc"))}
	}
	return []report.Step{Say("fix.office.service_either", nil)}
}
