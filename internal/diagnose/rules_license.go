package diagnose

import (
	"net"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDTokensCorrupt          = def(Def{ID: "tokens.corrupt", Severity: report.Error, Rank: 5, Codes: []string{"0xC004E015", "0xC004D301", "0xC004E002"}, Stage: report.StageLicense})
	IDLicenseChannelNotKMS   = def(Def{ID: "license.channel.not_kms", Severity: report.Error, Rank: 10, Codes: []string{"0xC004F074", "0xC004F035"}, Stage: report.StageLicense})
	IDLicenseKMSHostKey      = def(Def{ID: "license.kms_host_key_on_client", Severity: report.Warning, Rank: 12, Stage: report.StageLicense})
	IDLicenseKMSNameWrong    = def(Def{ID: "license.kms_name.wrong", Severity: report.Error, Rank: 15, Codes: []string{"0xC004F074"}, Stage: report.StageKMSConfig})
	IDLicenseNotification    = def(Def{ID: "license.notification", Severity: report.Error, Rank: 70, Codes: []string{"0xC004F009"}, Stage: report.StageLicense})
	IDLicenseExpiring        = def(Def{ID: "license.expiring", Severity: report.Warning, Rank: 72, Stage: report.StageLicense})
	IDLicenseGrace           = def(Def{ID: "license.grace", Severity: report.Warning, Rank: 71, Stage: report.StageLicense})
	IDLicenseRearmExhausted  = def(Def{ID: "license.rearm.exhausted", Severity: report.Warning, Rank: 73, Codes: []string{"0xC004D307"}, Stage: report.StageLicense})
	IDLicenseUnlicensed      = def(Def{ID: "license.unlicensed", Severity: report.Error, Rank: 74, Stage: report.StageLicense})
	IDLicenseActivationError = def(Def{ID: "license.activation_error", Severity: report.Error, Rank: 75, Stage: report.StageLicense})
	IDLicenseOK              = def(Def{ID: "license.ok", Severity: report.OK, Rank: 91, Stage: report.StageLicense})
	IDKMSCountInsufficient   = def(Def{ID: "kms.count.insufficient", Severity: report.Error, Rank: 65, Codes: []string{"0xC004F038"}, Stage: report.StageKMSHost})
	IDKMSHostTooOld          = def(Def{ID: "kmshost.too_old", Severity: report.Error, Rank: 64, Codes: []string{"0xC004F042"}, Stage: report.StageKMSHost})
)

// License rules: they read evidence.Products (slmgr /dlv, /dli, /xpr, from
// any source) and the error codes seen in slmgr text.

const expiringMinutes = 30 * 24 * 60

func isKMSClientChannel(ch string) bool { return ch == "VOLUME_KMSCLIENT" }

// isCSVLK: a KMS host key channel (VOLUME_KMS, VOLUME_KMS_W10...).
func isCSVLK(ch string) bool {
	return strings.HasPrefix(ch, "VOLUME_KMS") && !isKMSClientChannel(ch)
}

func isNonKMSChannel(ch string) bool {
	return ch == "RETAIL" || strings.HasPrefix(ch, "OEM") || ch == "VOLUME_MAK"
}

// kmsExpected: the product is meant to activate against KMS: Windows on
// an Azure VM (Microsoft documents Azure's KMS for Windows activation; Office
// on an Azure VM is not judged, to avoid false alarms), or any product with
// a KMS machine name set (/skms, ospp /sethst).
func kmsExpected(s *evidence.Set, p *evidence.Product) bool {
	_, inCloud := givenCloud(s)
	return inCloud && isWindows(p) || strings.TrimSpace(p.KMSMachineName) != ""
}

func productArgs(p *evidence.Product) report.Args {
	name := p.Name
	if name == "" {
		name = p.Description
	}
	return report.Args{"product": name, "channel": p.Channel}
}

func productEvidence(p *evidence.Product) map[string]any {
	ev := map[string]any{"product": p.Name, "channel": p.Channel, "status": p.Status}
	if p.Build != "" {
		ev["build"] = p.Build
	}
	if p.PartialKey != "" {
		ev["partial_key"] = p.PartialKey
	}
	return ev
}

// installed: the product block is about a key that is installed. `slmgr
// /dlv all` also lists every SKU the machine could use, as "Unlicensed"
// without a partial product key; those say nothing about the machine.
func installed(p *evidence.Product) bool {
	return p.PartialKey != "" || p.Status != evidence.StatusUnlicensed || p.StatusFrom == evidence.StatusFromText
}

// hintCodes are the codes with a short "hint.<code>" phrase in the
// catalogue (a test keeps the two in step).
var hintCodes = map[string]bool{"0xC004F074": true, "0xC004F039": true, "0xC004F038": true, "0xC004F06C": true,
	"0xC004D302": true, "0xC004D307": true, "0xC004C032": true, "0x8007232B": true, "0xC004F035": true}

// isOffice: an Office product (ospp.vbs manages it, not slmgr.vbs).
func isOffice(p *evidence.Product) bool { return strings.HasPrefix(p.Name, "Office") || p.OSPP }

// ospp is the ospp.vbs command line for an Office product. Office 2016,
// 2019, 2021 and 2024 all install it in ...\Microsoft Office\Office16
// (Click-to-Run and MSI alike), Office 2013 in Office15, 2010 in Office14
// (knowledge.OfficeDir). The version comes from the licence name
// (knowledge.OfficeVersion); a name whose version is not known becomes the
// hole <OFFICE-DIR>. 32-bit Office on 64-bit Windows lives under
// %ProgramFiles(x86)% (osppNote says so).
func ospp(p *evidence.Product, eff report.Effect, args ...cmdline.Arg) report.Step {
	dir := knowledge.OfficeDir(knowledge.OfficeVersion(p.Name))
	if dir == "" {
		bad := "Office"
		if f := strings.Fields(strings.SplitN(p.Name, ",", 2)[0]); len(f) == 2 {
			bad += f[1]
		}
		return Here(report.ShellCmd, eff, append([]cmdline.Arg{lit("cscript"),
			cmdline.Cat(lit(`"%ProgramFiles%\Microsoft Office\`), cmdline.Invalid(bad, holeOfficeDir), lit(`\OSPP.VBS"`))}, args...)...)
	}
	return Here(report.ShellCmd, eff, append([]cmdline.Arg{lit(`cscript "%ProgramFiles%\Microsoft Office\` + dir + `\OSPP.VBS"`)}, args...)...)
}

var osppDirRE = regexp.MustCompile(`%ProgramFiles%\\Microsoft Office\\(Office1[456])\\(OSPP\.VBS|vnextdiag\.ps1)"`)

// osppNote is the sentence that follows an Office fix: where ospp.vbs (or
// vnextdiag.ps1) is for 32-bit Office on 64-bit Windows, for the folder
// of the steps.
func osppNote(steps []report.Step) []report.Step {
	for _, st := range steps {
		m := osppDirRE.FindStringSubmatch(st.Run)
		switch {
		case m == nil:
			continue
		case m[2] == "vnextdiag.ps1":
			return append(steps, Say("fix.office.x86_vnextdiag", nil))
		case m[1] == "Office15":
			return append(steps, Say("fix.office.x86_15", nil))
		case m[1] == "Office14":
			return append(steps, Say("fix.office.x86_14", nil))
		}
		return append(steps, Say("fix.office.x86", nil))
	}
	return steps
}

// office is the OpArgs of an Office op.
func office(extra map[string]string) map[string]string {
	m := map[string]string{"application": "office"}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func activate(p *evidence.Product) report.Step {
	if isOffice(p) {
		return withOp(ospp(p, report.Change, lit("/act")), report.OpActivate, office(nil))
	}
	return Activate()
}

func status(p *evidence.Product) report.Step {
	if isOffice(p) {
		return ospp(p, report.Read, lit("/dstatus"))
	}
	return Here(report.ShellCmd, report.Read, lit("slmgr.vbs /dlv"))
}

func expiry(p *evidence.Product) report.Step {
	if isOffice(p) {
		return ospp(p, report.Read, lit("/dstatus"))
	}
	return Here(report.ShellCmd, report.Read, lit("slmgr.vbs /xpr"))
}

func setKMS(p *evidence.Product, h string, pt int) report.Step {
	if isOffice(p) {
		args := map[string]string{}
		if hv, ok := cmdline.Host(h); ok {
			args["host"] = hv
		}
		arg := cmdline.Cat(lit("/sethst:"), host(h, holeKMSHost))
		if pt != kmsPort {
			return ospp(p, report.Change, arg, cmdline.Cat(lit("/setprt:"), port(pt)))
		}
		return withOp(ospp(p, report.Change, arg), report.OpSetKMS, office(args))
	}
	return SetKMS(h, pt)
}

// gvlkSteps is the fix that puts a product on its KMS client key. A volume
// Office product (MAK, or a KMS client with the wrong key) gets the Office
// key Microsoft publishes for its version and product, through ospp.vbs
// /inpkey; Microsoft 365 Apps and retail Office have none: KMS does not
// activate them.
func gvlkSteps(p *evidence.Product) []report.Step {
	if isOffice(p) {
		switch knowledge.OfficeKind(p.Name, p.Channel) {
		case knowledge.OfficeSubscription, knowledge.OfficeRetail:
			return []report.Step{Say("fix.office.not_volume", report.Args{"product": p.Name})}
		}
		if k, ok := knowledge.LookupOfficeGVLK(p.Name, p.Channel); ok {
			return []report.Step{Say("fix.license.gvlk_office_key", report.Args{"gvlkproduct": k.Product}), InstallOfficeKey(p, k), activate(p)}
		}
		return []report.Step{Say("fix.license.gvlk_office", report.Args{"product": p.Name}),
			withOp(ospp(p, report.Change, cmdline.Cat(lit("/inpkey:"), cmdline.Hole(holeGVLK))), report.OpInstallKey, office(nil)), activate(p)}
	}
	k, ok := knowledge.LookupGVLK(p.Name, p.Build)
	if !ok {
		return []report.Step{Say("fix.license.gvlk_unknown", report.Args{"product": p.Name})}
	}
	return []report.Step{Say("fix.license.gvlk", report.Args{"gvlkproduct": k.Product}), InstallKey(k), Activate()}
}

// InstallOfficeKey installs one of Microsoft's published Office KMS client
// setup keys (knowledge.LookupOfficeGVLK is the only source of k) with
// ospp.vbs /inpkey for the Office product p.
func InstallOfficeKey(p *evidence.Product, k knowledge.GVLK) report.Step {
	key, ok := cmdline.ProductKey(k.Key)
	args := map[string]string{}
	if ok {
		args["key"] = key
	}
	return withOp(ospp(p, report.Change, cmdline.Cat(lit("/inpkey:"), cmdline.Checked(key, ok, k.Key, holeGVLK))), report.OpInstallKey, office(args))
}

var _ = register("license.channel", []string{IDLicenseChannelNotKMS, IDLicenseKMSHostKey}, func(s *evidence.Set, out *Out) {
	for i := range s.Products {
		p := &s.Products[i]
		if !installed(p) {
			continue
		}
		if isSubscription(p) {
			continue // office.subscription says it
		}
		if isNonKMSChannel(p.Channel) && kmsExpected(s, p) && !isAddon(p) {
			args := productArgs(p)
			ev := productEvidence(p)
			dk := "finding.license.channel.not_kms.detail"
			if c, ok := givenCloud(s); ok && c.Provider == "azure" {
				dk = "finding.license.channel.not_kms.detail_azure"
				ev["azure"] = s.Context.AzureCloud
			} else if ok {
				dk = "finding.license.channel.not_kms.detail_cloud"
				args["cloud"], args["kms"] = c.Label, c.Target()
				ev["cloud"] = c.Provider
			} else {
				args["kms"] = p.KMSMachineName
				ev["kms_machine_name"] = p.KMSMachineName
			}
			if k, ok := knowledge.LookupGVLK(p.Name, p.Build); ok {
				ev["gvlk"] = k.Key
			}
			fix := gvlkSteps(p)
			if knowledge.OfficeKind(p.Name, p.Channel) == knowledge.OfficeVolume {
				fix = append(fix, officeService(s, p)...)
			}
			f := F{ID: IDLicenseChannelNotKMS, Args: args, DetailKey: dk, Evidence: ev,
				Fix: fix, Sources: []report.Source{p.Line("channel")}}
			if p.Status == evidence.StatusLicensed {
				// Activated now (a MAK or retail key that works): a risk
				// for later, not a failure, and replacing a working key is
				// a person's decision, never fix's.
				f.Severity = report.Warning
				for i := range f.Fix {
					if f.Fix[i].IsCommand() {
						f.Fix[i].On = report.OnAdmin
					}
				}
				f.Fix = append([]report.Step{Say("fix.license.channel.licensed_now", nil)}, f.Fix...)
			}
			out.Add(f)
		}
		if isCSVLK(p.Channel) && kmsExpected(s, p) {
			fix := append([]report.Step{Say("fix.license.kms_host_key", nil)}, gvlkSteps(p)...)
			if p.KMSHost != nil && p.KMSHost.CurrentCount > 0 {
				// It serves clients: a client key ends that for all of
				// them, so replacing it is a person's decision, not fix's.
				for i := range fix {
					if fix[i].IsCommand() {
						fix[i].On = report.OnAdmin
					}
				}
			}
			out.Add(F{ID: IDLicenseKMSHostKey, Args: productArgs(p), Evidence: productEvidence(p),
				Fix: fix, Sources: []report.Source{p.Line("channel")}})
		}
	}
})

var _ = register("license.state", []string{IDLicenseNotification, IDLicenseGrace, IDLicenseOK, IDLicenseExpiring, IDLicenseRearmExhausted, IDLicenseUnlicensed}, func(s *evidence.Set, out *Out) {
	for i := range s.Products {
		p := &s.Products[i]
		if !installed(p) || isSubscription(p) {
			continue
		}
		if p.Status != evidence.StatusLicensed && isOfficeHostLicence(p) {
			continue // office.kmshost.not_activated says it, with the host's own fix
		}
		args := productArgs(p)
		ev := productEvidence(p)
		if p.StatusFrom == evidence.StatusFromText && p.Status != evidence.StatusLicensed {
			out.Add(stateFromText(s, p, args, ev))
			continue
		}
		switch p.Status {
		case evidence.StatusNotification:
			args["reason"] = p.StatusReason
			codes := []string{"0xC004F009"}
			if p.StatusReason != "" {
				ev["reason"] = p.StatusReason
				codes = Codes(p.StatusReason)
			}
			var fix []report.Step
			if isNonKMSChannel(p.Channel) {
				fix = append([]report.Step{Say("fix.license.notification_retail", args)}, gvlkSteps(p)...)
			} else {
				fix = []report.Step{Say("fix.license.notification_kms", nil), activate(p), status(p)}
			}
			fix = append(fix, officeService(s, p)...)
			dk := "finding.license.notification.detail"
			if p.StatusReason != "" {
				dk = "finding.license.notification.detail_reason"
			}
			out.Add(F{ID: IDLicenseNotification, Args: args, DetailKey: dk, Codes: codes, Evidence: ev, Fix: fix,
				Sources: []report.Source{p.Line("status")}})
		case evidence.StatusUnlicensed:
			// installed: a key is shown (Partial Product Key), yet the
			// product is not activated.
			out.Add(unlicensed(p, args, ev))
		case evidence.StatusOOBGrace, evidence.StatusOOTGrace, evidence.StatusNonGenuineGrace, evidence.StatusExtendedGrace:
			args["state"] = report.Msg("license.status."+p.Status, nil)
			ev["grace_minutes"] = p.GraceMinutes
			dk := "finding.license.grace.detail"
			if p.GraceMinutes >= 0 {
				args["days"] = p.GraceMinutes / (24 * 60)
				dk = "finding.license.grace.detail_left"
			}
			fix := []report.Step{activate(p)}
			if isKMSClientChannel(p.Channel) {
				fix = append([]report.Step{Say("fix.license.grace_kms", nil)}, fix...)
			}
			fix = append(fix, officeService(s, p)...)
			out.Add(F{ID: IDLicenseGrace, Args: args, DetailKey: dk, Evidence: ev, Fix: fix, Sources: []report.Source{p.Line("status")}})
		case evidence.StatusLicensed:
			if p.ExpiryMinutes < 0 || p.ExpiryMinutes >= expiringMinutes {
				dk := "finding.license.ok.detail"
				if p.Channel == "" {
					// No channel shown (slmgr /ato, /xpr).
					dk = "finding.license.ok.detail_nochannel"
				}
				if p.ExpiryMinutes >= 0 {
					args["days"] = p.ExpiryMinutes / (24 * 60)
					ev["expiry_minutes"] = p.ExpiryMinutes
					dk = "finding.license.ok.detail_expiry"
					if p.AD != nil {
						// Renewed from Active Directory, not from a KMS host.
						dk = "finding.license.ok.detail_expiry_ad"
					}
				}
				tk := ""
				if p.StatusFrom == evidence.StatusFromText && args["product"] == "" && p.PartialKey == "" {
					// No product named: "the product the text is about".
					tk = "finding.license.ok.title_text"
				}
				dk = licensedFrom(p, args, ev, dk)
				out.Add(F{ID: IDLicenseOK, Args: args, TitleKey: tk, DetailKey: dk, Evidence: ev, Sources: []report.Source{p.Line("status")}})
			}
			if p.ExpiryMinutes >= 0 && p.ExpiryMinutes < expiringMinutes {
				args["days"] = p.ExpiryMinutes / (24 * 60)
				ev["expiry_minutes"] = p.ExpiryMinutes
				out.Add(F{ID: IDLicenseExpiring, Args: args, Evidence: ev,
					Fix:     []report.Step{Say("fix.license.expiring", nil), activate(p), expiry(p)},
					Sources: []report.Source{p.Line("expiry")}})
			}
		}
		if p.RemainingRearm == 0 && p.Status != evidence.StatusLicensed {
			ev := productEvidence(p)
			ev["remaining_rearm"] = 0
			out.Add(F{ID: IDLicenseRearmExhausted, Args: args, Evidence: ev,
				Fix: []report.Step{Say("fix.license.rearm_exhausted", nil), activate(p)}, Sources: []report.Source{p.Line("rearm")}})
		}
	}
})

// isAddon: an add-on licence of Windows (Extended Security Updates:
// "Windows(R), Client-ESU-Year1 add-on for ...", "Server-ESU-Year3 add-on";
// LicenseIsAddon of SoftwareLicensingProduct). Its key is a MAK by design
// (Microsoft's "Enable Extended Security Updates (ESU)" article:
// https://learn.microsoft.com/windows/whats-new/enable-extended-security-updates,
// `slmgr /ipk <ESU key>` then `slmgr /ato <ESU activation ID>`, online or
// by phone), so no KMS channel is expected of it.
func isAddon(p *evidence.Product) bool {
	n := strings.ToLower(p.Name)
	return strings.Contains(n, "add-on") || strings.Contains(n, "addon") || strings.Contains(n, "-esu")
}

// unlicensed is license.unlicensed: a key is installed and the product is
// not activated. A KMS client key activates against its KMS host; any other
// key (MAK, retail, an ESU add-on's MAK) online or by phone with Microsoft,
// never through KMS: the fix gives no KMS advice for it. An add-on is
// activated by its activation id (`slmgr.vbs /ato <id>`, validated; a hole
// when the input does not show it), as plain /ato activates Windows itself.
func unlicensed(p *evidence.Product, args report.Args, ev map[string]any) F {
	dk := "finding.license.unlicensed.detail"
	if isAddon(p) {
		dk = "finding.license.unlicensed.detail_addon"
		ev["addon"] = true
	}
	act := activate(p)
	if isAddon(p) && !isOffice(p) {
		// Plain /ato activates Windows itself, not its add-on.
		act = ActivateProduct(p.ActivationID)
	}
	var fix []report.Step
	if isKMSClientChannel(p.Channel) {
		fix = []report.Step{Say("fix.license.notification_kms", nil), act, status(p)}
	} else {
		fix = []report.Step{Say("fix.license.unlicensed_online", nil), act, status(p)}
	}
	return F{ID: IDLicenseUnlicensed, Args: args, DetailKey: dk, Evidence: ev, Fix: fix,
		Sources: []report.Source{p.Line("status")}}
}

// kmsNameWrong: on a VM of a cloud (given with --cloud or --azure) the
// configured (or discovered) KMS name must be that cloud's KMS.
var _ = register("license.kms_name", []string{IDLicenseKMSNameWrong}, func(s *evidence.Set, out *Out) {
	cloud, ok := givenCloud(s)
	if !ok {
		return
	}
	for i := range s.Products {
		p := &s.Products[i]
		if !installed(p) {
			continue
		}
		// The clouds document their KMS for Windows; an Office product's
		// KMS name is not judged here.
		if !isKMSClientChannel(p.Channel) || !isWindows(p) {
			continue
		}
		name, key := p.KMSMachineName, "kms_name"
		if strings.TrimSpace(name) == "" {
			name, key = p.KMSDiscoveredName, "kms_dns"
		}
		if strings.TrimSpace(name) == "" {
			continue
		}
		f := F{ID: IDLicenseKMSNameWrong, Fix: []report.Step{setKMS(p, cloud.KMSHost, cloud.Port), activate(p)}, Sources: []report.Source{p.Line(key)}}
		target := cloud.KMSHost + ":" + strconv.Itoa(cloud.Port)
		if cloud.Provider == "azure" {
			az, _ := knowledge.Azure(cloud.Azure)
			if az.IsKMSHostName(name) || isCloudAddr(az, name) {
				continue
			}
			f.Args = report.Args{"product": p.Name, "name": name, "expected": target, "cloud": cloud.Label}
			f.Evidence = map[string]any{"product": p.Name, "configured": name, "expected": target, "azure": az.Name}
			if _, other := knowledge.CloudOfKMS(name); !other {
				// An on-premises KMS host reached from the VM over
				// ExpressRoute or a VPN is a legitimate set-up: a risk to
				// check, not an error.
				f.Severity = report.Warning
				f.TitleKey, f.DetailKey = "finding.license.kms_name.wrong.title_onprem", "finding.license.kms_name.wrong.detail_onprem"
				f.Evidence["case"] = "on_premises"
				// Whether to leave that host is a person's decision (the
				// detail says when): fix never repoints such a VM itself.
				for i := range f.Fix {
					f.Fix[i].On = report.OnAdmin
				}
			}
		} else {
			if cloud.IsKMS(name) {
				continue
			}
			target = cloud.Target()
			f.TitleKey, f.DetailKey = "finding.license.kms_name.wrong.title_cloud", "finding.license.kms_name.wrong.detail_cloud"
			f.Args = report.Args{"product": p.Name, "name": name, "expected": target, "cloud": cloud.Label}
			f.Evidence = map[string]any{"product": p.Name, "configured": name, "expected": target, "cloud": cloud.Provider, "cloud_name": cloud.Name}
			if other, ok := knowledge.CloudOfKMS(name); ok {
				f.DetailKey = "finding.license.kms_name.wrong.detail_other_cloud"
				f.Args["other"] = other.Label
			}
		}
		out.Add(f)
	}
})

// explain is `kmsdoctor explain` for codes.
func explain(codes ...string) report.Step {
	args := []cmdline.Arg{lit("kmsdoctor explain")}
	for _, c := range codes {
		args = append(args, code(c))
	}
	return Here(report.ShellCmd, report.Read, args...)
}

// slui shows Windows' own text for a code.
func slui(on report.Where, c string) report.Step {
	return build(on, report.ShellCmd, report.Read, []cmdline.Arg{lit("slui.exe 0x2a"), code(c)})
}

func isCloudAddr(c knowledge.AzureCloud, hostport string) bool {
	h := hostport
	if hh, _, err := net.SplitHostPort(hostport); err == nil {
		h = hh
	}
	return slices.Contains(c.Addrs, h)
}

// A KMS host's own /dlv with a count below the threshold is a problem only
// when a client was refused for it (0xC004F038 in the inputs); alone it is
// a host that has not yet seen enough machines (a new host right after
// its activation shows 0): kmshost.count, information. A host's refused
// requests (12290) are judged by events.kmshost.
var _ = register("kmshost.count", []string{IDKMSCountInsufficient, IDKMSHostCount}, func(s *evidence.Set, out *Out) {
	// Do the clients in the same bundle need 25 (client OS) or only 5?
	clientOS := false
	for i := range s.Products {
		p := &s.Products[i]
		if !installed(p) {
			continue
		}
		if isKMSClientChannel(p.Channel) && isWindows(p) && !knowledge.IsServerEdition(knowledge.Edition(p.Name)) {
			clientOS = true
		}
	}
	serverOnly := !clientOS && hasKMSClients(s)
	if adActivated(s) {
		// Products activated through Active Directory need no KMS count.
		return
	}
	for i := range s.Products {
		p := &s.Products[i]
		if !installed(p) {
			continue
		}
		if p.KMSHost == nil || p.KMSHost.CurrentCount < 0 || isOffice(p) {
			continue // an Office host licence: office.kmshost.count (threshold 5)
		}
		c := p.KMSHost.CurrentCount
		need := 25
		if c < 5 {
			need = 5
		} else if serverOnly {
			continue
		}
		if c >= need {
			continue
		}
		if !refusedForCount(s) {
			out.Add(F{ID: IDKMSHostCount, TitleKey: "finding.kmshost.count.title_dlv", DetailKey: "finding.kmshost.count.detail_dlv",
				Args:     report.Args{"count": c, "need": need},
				Evidence: map[string]any{"current_count": c, "threshold": need},
				Sources:  []report.Source{p.Line("count")}})
			continue
		}
		dk := "finding.kms.count.insufficient.detail"
		if need == 5 {
			dk = "finding.kms.count.insufficient.detail_none"
		}
		out.Add(F{ID: IDKMSCountInsufficient, DetailKey: dk,
			Args:     report.Args{"count": c, "need": need},
			Evidence: map[string]any{"current_count": c, "threshold": need},
			Fix:      []report.Step{Say("fix.kms.count", report.Args{"need": need}), hostStatus()},
			Sources:  []report.Source{p.Line("count")}})
	}
})

// refusedForCount: the inputs show a client the count keeps from
// activating: 0xC004F038, in text or in a client's failing events, or a
// Windows KMS client of the same inputs that is not activated (in grace or
// in notification).
func refusedForCount(s *evidence.Set) bool {
	if slices.ContainsFunc(observedCodes(s), func(c seenCode) bool { return c.code == "0xC004F038" }) {
		return true
	}
	for i := range s.Products {
		p := &s.Products[i]
		if installed(p) && p.KMSHost == nil && isKMSClientChannel(p.Channel) && isWindows(p) && p.Status != evidence.StatusLicensed {
			return true
		}
	}
	return false
}

// hostStatus shows the KMS host's licence and count.
func hostStatus() report.Step { return OnKMSHost(report.ShellCmd, report.Read, lit("slmgr.vbs /dlv")) }

// isWindows: the host/client matrix and the 25-client threshold concern
// Windows; volume Office needs 5 and has its own host keys.
func isWindows(p *evidence.Product) bool { return strings.HasPrefix(p.Name, "Windows") }

func hasKMSClients(s *evidence.Set) bool {
	for i := range s.Products {
		if isKMSClientChannel(s.Products[i].Channel) && installed(&s.Products[i]) {
			return true
		}
	}
	return false
}

// kmshost.too_old: a KMS host in the bundle whose OS cannot host a key that
// activates the clients in the same bundle.
var _ = register("kmshost.too_old", []string{IDKMSHostTooOld}, func(s *evidence.Set, out *Out) {
	for i := range s.Products {
		h := &s.Products[i]
		if !installed(h) {
			continue
		}
		if h.KMSHost == nil && !isCSVLK(h.Channel) {
			continue
		}
		hr, ok := knowledge.ReleaseOf(h.Build)
		if !ok || hr.ServerGroup == "" || !knowledge.IsServerEdition(knowledge.Edition(h.Name)) {
			continue
		}
		seen := map[string]bool{}
		var groups []string
		clientSrc := map[string][]report.Source{}
		for j := range s.Products {
			c := &s.Products[j]
			if !installed(c) {
				continue
			}
			if !isKMSClientChannel(c.Channel) || !isWindows(c) {
				continue
			}
			g := knowledge.ClientGroupOf(knowledge.Edition(c.Name), c.Build)
			if g == "" {
				continue
			}
			clientSrc[g] = append(clientSrc[g], c.Source)
			if !seen[g] {
				seen[g] = true
				groups = append(groups, g)
			}
		}
		sort.Strings(groups)
		for _, g := range groups {
			ok, kb, known := knowledge.HostCanServe(hr.ServerGroup, g)
			if !known {
				continue
			}
			args := report.Args{"host": hr.Server, "clients": knowledge.ClientGroupName(g), "minhost": knowledge.MinHostName(g), "kb": kb}
			ev := map[string]any{"host_release": hr.Server, "client_group": g}
			srcs := append([]report.Source{h.Source}, clientSrc[g]...)
			switch {
			case !ok:
				out.Add(F{ID: IDKMSHostTooOld, Args: args, Evidence: ev,
					Fix: []report.Step{Say("fix.kmshost.too_old", args)}, Sources: srcs})
			case kb != "":
				ev["update"] = kb
				out.Add(F{ID: IDKMSHostTooOld, Args: args, Severity: report.Warning,
					DetailKey: "finding.kmshost.too_old.detail_update", Evidence: ev,
					Fix: []report.Step{Say("fix.kmshost.update", args)}, Sources: srcs})
			}
		}
	}
})

// tokensCodes point at a damaged licensing store.
var tokensCodes = map[string]bool{"0xC004E015": true, "0xC004D301": true, "0xC004E002": true}

var _ = register("license.codes", []string{IDTokensCorrupt, IDLicenseActivationError}, func(s *evidence.Set, out *Out) {
	for _, c := range s.Codes {
		code := Codes(c.Code)
		if len(code) == 0 {
			continue
		}
		cd := code[0]
		sc := seenCode{code: cd, text: c.FromText, lang: c.Lang}
		if tokensCodes[cd] {
			out.Add(F{ID: IDTokensCorrupt, Args: report.Args{"code": codeArg(cd, c.FromText)}, Codes: code, InferredFrom: inferredFrom(cd, c.FromText),
				Evidence: codeEvidence(sc, map[string]any{"text": c.Context}),
				Fix:      append([]report.Step{Say("fix.tokens.rebuild", nil)}, RebuildTokens()...),
				Sources:  []report.Source{c.Source}})
			continue
		}
		args := report.Args{"code": codeArg(cd, c.FromText)}
		dk := "finding.license.activation_error.detail"
		if hintCodes[cd] {
			args["hint"] = report.Msg("hint."+cd, nil)
			dk = "finding.license.activation_error.detail_hint"
		}
		var fix []report.Step
		switch cd {
		case "0xC004F074", "0xC004F039":
			fix = []report.Step{Say("fix.activation.reach", nil), Here(report.ShellCmd, report.Read, lit("kmsdoctor check")),
				Here(report.ShellCmd, report.Read, lit("nslookup -type=srv _vlmcs._tcp")),
				Here(report.ShellPowerShell, report.Read, lit("Test-NetConnection"), host(configuredKMS(s), holeKMSHost), lit("-Port 1688"))}
		case "0xC004D302":
			fix = []report.Step{Say("fix.activation.restart", nil), Activate()}
		default:
			fix = []report.Step{explain(cd), slui(report.OnThisMachine, cd)}
		}
		inf := ""
		if c.FromText {
			inf = inferredFrom(cd, true)
		}
		out.Add(F{ID: IDLicenseActivationError, Args: args, DetailKey: dk, Codes: code, InferredFrom: inf,
			Evidence: codeEvidence(sc, map[string]any{"text": c.Context}), Fix: fix, Sources: []report.Source{c.Source}})
	}
})

// configuredKMS is the host of the one KMS machine name the products of s
// are set to (slmgr /skms, ospp /sethst), "" when none or several are.
func configuredKMS(s *evidence.Set) string {
	name := ""
	for i := range s.Products {
		p := &s.Products[i]
		n := strings.TrimSpace(p.KMSMachineName)
		if !installed(p) || n == "" {
			continue
		}
		if name != "" && !strings.EqualFold(name, n) {
			return ""
		}
		name = n
	}
	if h, _, err := net.SplitHostPort(name); err == nil {
		return h
	}
	return name
}
