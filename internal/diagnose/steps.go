package diagnose

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Fix steps. A rule never formats a command line itself: it names where the
// command runs (Here, OnKMSHost, OnDNSServer, OnCloud), its shell and its
// effect, and gives the arguments as cmdline.Args: literals it wrote itself
// (lit) and values from the evidence, which pass a validator first (host,
// domain, code, ...) and are quoted for the shell. A value that is not
// valid, or that the shell cannot quote, becomes a hole ("<KMS-HOST>"): the
// step lists it in Holes, is never applied by `fix`, and says why (Say
// "fix.step.invalid_value"). The steps `fix` can carry out are built by
// the op builders (SetKMS, Activate, ...), which also set Op and OpArgs.

// Say is a fix step for a person, worded by catalogue message key.
func Say(key string, args report.Args) report.Step {
	m := report.Msg(key, args)
	return report.Step{Say: &m}
}

// Here is a command run on the machine under diagnosis.
func Here(sh report.Shell, eff report.Effect, args ...cmdline.Arg) report.Step {
	return build(report.OnThisMachine, sh, eff, args)
}

// OnKMSHost is a command run on the KMS host.
func OnKMSHost(sh report.Shell, eff report.Effect, args ...cmdline.Arg) report.Step {
	return build(report.OnKMSHost, sh, eff, args)
}

// OnDNSServer is a command run on (or against) the DNS server of the zone.
func OnDNSServer(sh report.Shell, eff report.Effect, args ...cmdline.Arg) report.Step {
	return build(report.OnDNSServer, sh, eff, args)
}

// OnCloud is a command run against the cloud's management API (az,
// PowerShell Az).
func OnCloud(sh report.Shell, eff report.Effect, args ...cmdline.Arg) report.Step {
	return build(report.OnCloud, sh, eff, args)
}

// Manual is a command a person decides where and whether to run (for
// example on each cloned client); it is never applied.
func Manual(sh report.Shell, eff report.Effect, args ...cmdline.Arg) report.Step {
	return build(report.OnAdmin, sh, eff, args)
}

func build(on report.Where, sh report.Shell, eff report.Effect, args []cmdline.Arg) report.Step {
	return lineStep(on, sh, eff, cmdline.Build(cmdline.Shell(sh), args...))
}

// lineStep is the step of a command line built elsewhere (internal/azure).
func lineStep(on report.Where, sh report.Shell, eff report.Effect, l cmdline.Line) report.Step {
	st := report.Step{Run: l.Run, Shell: sh, On: on, Effect: eff, Holes: holes(l.Holes, l.Run)}
	if len(l.Refused) > 0 {
		var vals, hs []string
		for _, r := range l.Refused {
			vals = append(vals, strconv.Quote(r.Value))
			hs = append(hs, r.Hole)
		}
		m := report.Msg("fix.step.invalid_value", report.Args{"values": strings.Join(vals, ", "), "holes": strings.Join(hs, ", ")})
		st.Say = &m
	}
	return st
}

var holeRE = regexp.MustCompile(`<[A-Za-z][A-Za-z0-9_-]*>`)

// holes lists the placeholders of a command line: those it was built with
// and any other left in its text.
func holes(known []string, run string) []string {
	out := append([]string(nil), known...)
	for _, h := range holeRE.FindAllString(run, -1) {
		if !contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// The holes of the rules' commands.
const (
	holeKMSHost   = "<KMS-HOST>"
	holeDomain    = "<DOMAIN>"
	holeDNSServer = "<DNS-SERVER>"
	holeTimeSrc   = "<TIME-SERVER>"
	holeCode      = "<CODE>"
	holeGVLK      = "<GVLK>"
	holeOfficeDir = "<OFFICE-DIR>"
)

// lit is text the rule wrote itself: a program, options, fixed values.
func lit(s string) cmdline.Arg { return cmdline.Lit(s) }

// host is a host name or address from the evidence, or hole.
func host(v, hole string) cmdline.Arg {
	if v == "" {
		return cmdline.Hole(hole)
	}
	h, ok := cmdline.Host(v)
	return cmdline.Checked(h, ok, v, hole)
}

// domain is a DNS domain from the evidence; an unknown one is <DOMAIN>.
func domain(v string) cmdline.Arg {
	if v == "" {
		return cmdline.Hole(holeDomain)
	}
	d, ok := cmdline.Domain(v)
	return cmdline.Checked(d, ok, v, holeDomain)
}

// srvName is _vlmcs._tcp.<domain>.
func srvName(d string) cmdline.Arg { return cmdline.Cat(lit("_vlmcs._tcp."), domain(d)) }

// port is a TCP port; 0 means the KMS port.
func port(n int) cmdline.Arg {
	if n == 0 {
		n = kmsPort
	}
	if _, ok := cmdline.Port(n); !ok {
		return cmdline.Invalid(strconv.Itoa(n), "<PORT>")
	}
	return cmdline.Val(strconv.Itoa(n), "<PORT>")
}

// endpoint is host:port as slmgr /skms and psping take it ([v6]:port).
func endpoint(h string, p int) cmdline.Arg {
	if p == 0 {
		p = kmsPort
	}
	ps := strconv.Itoa(p)
	if _, ok := cmdline.Port(p); !ok {
		return cmdline.Cat(host(h, holeKMSHost), lit(":"), cmdline.Invalid(ps, "<PORT>"))
	}
	if hv, ok := cmdline.Host(h); ok && strings.Contains(hv, ":") {
		return cmdline.Cat(lit("["), cmdline.Val(hv, holeKMSHost), lit("]:"+ps))
	}
	return cmdline.Cat(host(h, holeKMSHost), lit(":"+ps))
}

// code is an error code from the evidence.
func code(v string) cmdline.Arg {
	c, ok := cmdline.Code(v)
	return cmdline.Checked(c, ok, v, holeCode)
}

// Op builders: the steps `fix` knows how to carry out. Each sets Op and the
// validated OpArgs; a value that fails validation is left out of OpArgs and
// stands as a hole in Run, so the step is not Applicable.

func withOp(st report.Step, op report.Op, args map[string]string) report.Step {
	st.Op = op
	if len(args) > 0 {
		st.OpArgs = args
	}
	return st
}

// SetKMS points this machine at a KMS host: slmgr.vbs /skms host:port.
func SetKMS(h string, p int) report.Step {
	if p == 0 {
		p = kmsPort
	}
	args := map[string]string{}
	if hv, ok := cmdline.Host(h); ok {
		args["host"] = hv
	}
	if _, ok := cmdline.Port(p); ok {
		args["port"] = strconv.Itoa(p)
	}
	return withOp(Here(report.ShellCmd, report.Change, lit("slmgr.vbs /skms"), endpoint(h, p)), report.OpSetKMS, args)
}

// SetKMSProduct points one product (activation id actID) at a KMS host,
// leaving the machine-wide setting alone: slmgr.vbs /skms host:port actID
// (SoftwareLicensingProduct.SetKeyManagementServiceMachine on that row).
// For when only one product of the machine needs another host.
func SetKMSProduct(h string, p int, actID string) report.Step {
	id, ok := cmdline.ActivationID(actID)
	st := Here(report.ShellCmd, report.Change, lit("slmgr.vbs /skms"), endpoint(h, p), cmdline.Checked(id, ok, actID, holeActivationID))
	args := map[string]string{}
	for k, v := range SetKMS(h, p).OpArgs {
		args[k] = v
	}
	if ok {
		args["product"] = id
	}
	return withOp(st, report.OpSetKMS, args)
}

// SetKMSHole is SetKMS for a host the evidence does not name: hostArg
// stands for it (a hole, or a hole inside a name such as <KMS-HOST>.corp).
func SetKMSHole(hostArg cmdline.Arg, p int) report.Step {
	if p == 0 {
		p = kmsPort
	}
	st := Here(report.ShellCmd, report.Change, lit("slmgr.vbs /skms"), cmdline.Cat(hostArg, lit(":"+strconv.Itoa(p))))
	return withOp(st, report.OpSetKMS, map[string]string{"port": strconv.Itoa(p)})
}

const holeActivationID = "<ACTIVATION-ID>"

// ClearKMS goes back to DNS discovery: slmgr.vbs /ckms.
func ClearKMS() report.Step {
	return withOp(Here(report.ShellCmd, report.Change, lit("slmgr.vbs /ckms")), report.OpClearKMS, nil)
}

// SetKMSDomain makes discovery look in a domain: slmgr.vbs /skms-domain.
func SetKMSDomain(d string) report.Step {
	args := map[string]string{}
	if dv, ok := cmdline.Domain(d); ok {
		args["domain"] = dv
	}
	return withOp(Here(report.ShellCmd, report.Change, lit("slmgr.vbs /skms-domain"), domain(d)), report.OpSetKMSDomain, args)
}

// Activate activates Windows now: slmgr.vbs /ato.
func Activate() report.Step {
	return withOp(Here(report.ShellCmd, report.Change, lit("slmgr.vbs /ato")), report.OpActivate, nil)
}

// ActivateProduct activates one product by its activation id (an add-on
// such as an ESU licence is not the one plain /ato picks): slmgr.vbs /ato
// actID, the id validated (a hole when it is not a GUID). It has no Op:
// `fix` does not run it (an online activation of a MAK is a person's step).
func ActivateProduct(actID string) report.Step {
	id, ok := cmdline.ActivationID(actID)
	return Here(report.ShellCmd, report.Change, lit("slmgr.vbs /ato"), cmdline.Checked(id, ok, actID, holeActivationID))
}

// InstallKey installs one of Microsoft's published KMS client setup keys
// (knowledge.LookupGVLK is the only source of k): slmgr.vbs /ipk key.
func InstallKey(k knowledge.GVLK) report.Step {
	key, ok := cmdline.ProductKey(k.Key)
	args := map[string]string{}
	if ok {
		args["key"] = key
	}
	return withOp(Here(report.ShellCmd, report.Change, lit("slmgr.vbs /ipk"), cmdline.Checked(key, ok, k.Key, holeGVLK)), report.OpInstallKey, args)
}

// ResyncTime makes the time service resynchronise now: w32tm /resync.
func ResyncTime() report.Step {
	return withOp(Here(report.ShellCmd, report.Change, lit("w32tm /resync")), report.OpResyncTime, nil)
}

// FlushDNS empties the DNS client cache: ipconfig /flushdns.
func FlushDNS() report.Step {
	return withOp(Here(report.ShellCmd, report.Change, lit("ipconfig /flushdns")), report.OpFlushDNS, nil)
}

// RebuildTokens are the steps that rebuild the licensing store: the rename
// of tokens.dat is destructive (every installed licence is re-read).
func RebuildTokens() []report.Step {
	return []report.Step{
		Here(report.ShellCmd, report.Change, lit("net stop sppsvc")),
		withOp(Here(report.ShellCmd, report.Destructive, lit(`ren %windir%\System32\spp\store\2.0\tokens.dat tokens.bar`)), report.OpRebuildTokens, nil),
		Here(report.ShellCmd, report.Change, lit("net start sppsvc")),
		Here(report.ShellCmd, report.Change, lit("slmgr.vbs /rilc")),
		Activate(),
	}
}

// Rearm resets the licensing state and the CMID: slmgr.vbs /rearm
// (destructive; the count of rearms is limited).
func Rearm() report.Step {
	return withOp(Here(report.ShellCmd, report.Destructive, lit("slmgr.vbs /rearm")), report.OpRearm, nil)
}

// normalizeSteps makes each step's message read as it will from JSON.
func normalizeSteps(steps []report.Step) []report.Step {
	if len(steps) == 0 {
		return nil
	}
	out := make([]report.Step, len(steps))
	for i, s := range steps {
		if s.Say != nil {
			m := s.Say.Normalize()
			s.Say = &m
		}
		out[i] = s
	}
	return out
}
