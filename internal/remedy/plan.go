// Package remedy is what `kmsdoctor fix` does with a report: it plans the
// fix of the verdict (Build), checks every step again rather than trusting
// the report, carries out the steps it may through small interfaces
// (Licensing, Time, DNS; Executor), and writes the plan as a script a
// person can review (WriteScript).
//
// A step of a report is applied only when remedy itself finds that it has a
// known op, runs on this machine, has no holes, that its args pass the
// validators of internal/cmdline (and, for a key, that it is Microsoft's
// published KMS client setup key for the edition the report shows), and
// that its command line is exactly the one the op builders of
// internal/diagnose write for those args. Destructiveness comes from the
// op, not from the report's effect. Everything else is work for someone
// else, grouped by who does it.
//
// remedy never words anything: titles and sentences stay report.Messages
// and the caller (cmd/kmsdoctor) words them.
package remedy

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Group says who carries a step out.
type Group string

// The groups of a plan, in the order they are shown.
const (
	// GroupAuto: fix applies it.
	GroupAuto Group = "auto"
	// GroupDestructive: fix applies it only with --allow-destructive.
	GroupDestructive Group = "destructive"
	// GroupThisMachine: a command for this machine that a person runs
	// (holes to fill, a value refused, no op fix knows).
	GroupThisMachine Group = "this_machine"
	// GroupCheck: a read-only command on this machine, to look at.
	GroupCheck     Group = "check"
	GroupKMSHost   Group = "kms_host"
	GroupDNSServer Group = "dns_server"
	GroupCloud     Group = "cloud"
	// GroupAdmin: a person's decision (where and whether to run it).
	GroupAdmin Group = "admin"
	// GroupOtherMachine: a step of a finding about another machine of the
	// report.
	GroupOtherMachine Group = "other_machine"
)

// Groups lists the groups of Plan.Others in the order they are shown.
var Groups = []Group{GroupDestructive, GroupThisMachine, GroupKMSHost, GroupDNSServer, GroupCloud, GroupAdmin, GroupOtherMachine, GroupCheck}

// Reason says why a step is not applied by fix.
type Reason string

// The reasons.
const (
	ReasonElsewhere    Reason = "elsewhere"     // on is not this_machine
	ReasonOtherMachine Reason = "other_machine" // the finding is about another machine
	ReasonNoOp         Reason = "no_op"         // a command fix has no op for
	ReasonUnknownOp    Reason = "unknown_op"    // an op this fix does not know
	ReasonHoles        Reason = "holes"         // placeholders to fill
	ReasonInvalidArgs  Reason = "invalid_args"  // args missing, unknown or refused by the validators
	ReasonNotGVLK      Reason = "not_gvlk"      // a key that is not the published KMS client setup key of this edition
	ReasonNotCanonical Reason = "not_canonical" // run is not the command the op builders write for its args
	ReasonDestructive  Reason = "destructive"   // needs --allow-destructive
	ReasonReadOnly     Reason = "read_only"     // only shows something
)

// Application ids and names of the op args.
const (
	AppWindows = "windows"
	AppOffice  = "office"
)

// Entry is one step of a plan.
type Entry struct {
	// Finding is the id of the finding the step belongs to; Title its
	// title message (the caller words it into TitleText).
	Finding   string         `json:"finding"`
	Title     report.Message `json:"-"`
	TitleText string         `json:"title,omitempty"`
	Subject   string         `json:"subject,omitempty"`
	Op        report.Op      `json:"op,omitempty"`
	// Args are the args of Op as remedy validated them (application is
	// "windows" or "office"); empty when they did not pass.
	Args   map[string]string `json:"args,omitempty"`
	Run    string            `json:"run,omitempty"`
	Shell  report.Shell      `json:"shell,omitempty"`
	On     report.Where      `json:"on,omitempty"`
	Effect report.Effect     `json:"effect,omitempty"`
	Holes  []string          `json:"holes,omitempty"`
	// Say is the step's sentence, if any (SayText worded by the caller).
	Say     *report.Message `json:"-"`
	SayText string          `json:"text,omitempty"`
	Group   Group           `json:"group"`
	Reason  Reason          `json:"reason,omitempty"`
}

// App is the application of an op entry: windows unless args say office.
func (e Entry) App() string {
	if e.Args["application"] == AppOffice {
		return AppOffice
	}
	return AppWindows
}

// Destructive reports whether the entry's op discards state.
func (e Entry) Destructive() bool { return destructiveOp(e.Op) }

// FindingRef is a finding the plan works on, in plan order.
type FindingRef struct {
	ID        string          `json:"id"`
	Severity  report.Severity `json:"severity"`
	Subject   string          `json:"subject,omitempty"`
	Title     report.Message  `json:"-"`
	TitleText string          `json:"title,omitempty"`
	// Primary is true for the verdict's root cause.
	Primary bool `json:"primary,omitempty"`
}

// Plan is what fix will do and what it leaves to others.
type Plan struct {
	Subject report.Subject `json:"subject"`
	Verdict report.Verdict `json:"verdict"`
	// Findings: the root cause first, then the other problems in report
	// order.
	Findings []FindingRef `json:"findings"`
	// Auto: the steps fix applies, in order (destructive ones only when
	// Options.AllowDestructive).
	Auto []Entry `json:"auto"`
	// Others: every other command step, in plan order; each says its group.
	Others []Entry `json:"others"`
	// Notes: the sentences of the findings' fixes (Say-only steps).
	Notes []Entry `json:"notes,omitempty"`
}

// Group returns the entries of Others in group g.
func (p Plan) Group(g Group) []Entry {
	var out []Entry
	for _, e := range p.Others {
		if e.Group == g {
			out = append(out, e)
		}
	}
	return out
}

// Options change what Build lets fix apply.
type Options struct {
	// AllowDestructive puts destructive steps (rebuild_tokens, rearm) that
	// pass every check in Auto.
	AllowDestructive bool
}

// Build plans the fix of r for the machine self (the one fix runs on, or
// the report's subject when only planning): the steps of the verdict's
// root cause first, then those of the other problems (findings of severity
// error or warning, in report order), each step once. The activate steps
// (one per application) come last, after every change they prove.
func Build(r *report.Report, self report.Subject, opt Options) Plan {
	p := Plan{Subject: self, Verdict: r.Verdict, Auto: []Entry{}, Others: []Entry{}}
	products := r.Products
	if m, ok := machineOf(r, self); ok {
		p.Verdict = m.Verdict
		products = m.Products
	}
	vc := validator{products: products, build: self.Build}
	if vc.build == "" {
		vc.build = r.Subject.Build
	}
	var order []int
	for i, f := range r.Findings {
		if f.ID == p.Verdict.Primary && f.Severity.IsProblem() && isSelf(r, f, self) {
			order = append(order, i)
		}
	}
	for i, f := range r.Findings {
		if f.Severity.IsProblem() && !(f.ID == p.Verdict.Primary && isSelf(r, f, self)) {
			order = append(order, i)
		}
	}
	seen := map[string]bool{}
	for _, i := range order {
		f := r.Findings[i]
		self := isSelf(r, f, self)
		p.Findings = append(p.Findings, FindingRef{ID: f.ID, Severity: f.Severity, Subject: f.Subject, Title: f.Message.Title,
			Primary: f.ID == p.Verdict.Primary && self})
		// A finding whose destructive step waits for --allow-destructive
		// keeps its whole procedure on this machine together with it, in
		// order: the steps around it (stop sppsvc, /rilc, activate) mean
		// nothing alone, and a person who runs it by hand needs them all.
		// With --allow-destructive the op does those commands itself.
		held := !opt.AllowDestructive && hasDestructive(f, vc, self)
		var covered map[string]bool
		if opt.AllowDestructive {
			covered = coveredRuns(f, vc, self)
		}
		for _, st := range f.Steps {
			e := Entry{Finding: f.ID, Title: f.Message.Title, Subject: f.Subject, Op: st.Op, Run: st.Run, Shell: st.Shell,
				On: st.On, Effect: st.Effect, Holes: st.Holes, Say: st.Say}
			if st.Run == "" {
				if st.Say != nil {
					e.Group = GroupAdmin
					p.Notes = append(p.Notes, e)
				}
				continue
			}
			if covered[st.Run] {
				continue
			}
			e.Args, e.Group, e.Reason = vc.classify(st, self)
			if held && (e.Group == GroupAuto || e.Group == GroupThisMachine && e.Reason == ReasonNoOp) {
				e.Group, e.Reason = GroupDestructive, ReasonDestructive
			}
			if e.Group == GroupDestructive && opt.AllowDestructive {
				e.Group = GroupAuto
			}
			key := string(e.Group) + "\x00" + string(e.On) + "\x00" + e.Run + "\x00" + e.Subject
			if (e.Group == GroupAuto || e.Group == GroupDestructive) && e.Op != "" {
				key = "op\x00" + string(e.Op) + "\x00" + argsKey(e.Args)
			}
			if _, dup := seen[key]; dup {
				continue
			}
			seen[key] = true
			if e.Group == GroupAuto {
				p.Auto = append(p.Auto, e)
			} else {
				p.Others = append(p.Others, e)
			}
		}
	}
	// Activation proves every change: each application is activated once,
	// after all of them.
	var acts []Entry
	rest := p.Auto[:0:0]
	for _, e := range p.Auto {
		if e.Op == report.OpActivate {
			acts = append(acts, e)
		} else {
			rest = append(rest, e)
		}
	}
	p.Auto = append(rest, acts...)
	if p.Findings == nil {
		p.Findings = []FindingRef{}
	}
	return p
}

func argsKey(m map[string]string) string {
	var b strings.Builder
	for _, k := range []string{"application", "host", "port", "domain", "key"} {
		b.WriteString(k + "=" + m[k] + ";")
	}
	return b.String()
}

// machineOf finds self among the report's machines.
func machineOf(r *report.Report, self report.Subject) (report.Machine, bool) {
	for _, m := range r.Machines {
		if sameMachine(m.Subject.Label(), self) || (m.Subject.CMID != "" && strings.EqualFold(m.Subject.CMID, self.CMID)) {
			return m, true
		}
	}
	return report.Machine{}, false
}

// isSelf reports whether finding f is about the machine self. A finding
// that names no machine is about the report's subject; when self is not
// known (planning a report of several machines), only a report of one
// machine is taken as self's.
func isSelf(r *report.Report, f report.Finding, self report.Subject) bool {
	label := f.Subject
	if label == "" {
		label = r.Subject.Label()
	}
	if self.Label() == "" {
		return len(r.Machines) == 0
	}
	if label == "" {
		return len(r.Machines) == 0
	}
	return sameMachine(label, self)
}

func sameMachine(label string, self report.Subject) bool {
	return label != "" && (strings.EqualFold(label, self.Computer) || strings.EqualFold(label, self.CMID))
}

// coveredRuns are the command lines of f that an op of f does itself: the
// rebuild_tokens op stops and starts sppsvc and reinstalls the licences.
func coveredRuns(f report.Finding, vc validator, self bool) map[string]bool {
	for _, st := range f.Steps {
		if st.Op != report.OpRebuildTokens {
			continue
		}
		if _, g, _ := vc.classify(st, self); g == GroupDestructive {
			return map[string]bool{"net stop sppsvc": true, "net start sppsvc": true, "slmgr.vbs /rilc": true}
		}
	}
	return nil
}

// hasDestructive reports whether f has a destructive step fix could apply
// (with --allow-destructive).
func hasDestructive(f report.Finding, vc validator, self bool) bool {
	for _, st := range f.Steps {
		if st.Run == "" {
			continue
		}
		if _, g, _ := vc.classify(st, self); g == GroupDestructive {
			return true
		}
	}
	return false
}

// validator checks a step against what remedy itself knows.
type validator struct {
	products []report.Product
	build    string
}

var holeRE = regexp.MustCompile(`<[A-Za-z][A-Za-z0-9_-]*>`)

func destructiveOp(op report.Op) bool { return op == report.OpRebuildTokens || op == report.OpRearm }

// opArgs lists the args each op takes; required ones are marked.
var opArgs = map[report.Op]map[string]bool{
	report.OpSetKMS:        {"application": false, "host": true, "port": false, "product": false},
	report.OpClearKMS:      {"application": false},
	report.OpSetKMSDomain:  {"application": false, "domain": true},
	report.OpInstallKey:    {"application": false, "key": true},
	report.OpActivate:      {"application": false},
	report.OpResyncTime:    {},
	report.OpFlushDNS:      {},
	report.OpRebuildTokens: {},
	report.OpRearm:         {},
}

// windowsOnly: ops with no Office form.
var windowsOnly = map[report.Op]bool{report.OpResyncTime: true, report.OpFlushDNS: true, report.OpRebuildTokens: true, report.OpRearm: true}

// classify returns the validated args of st, its group and why it is not
// applied.
func (v validator) classify(st report.Step, self bool) (map[string]string, Group, Reason) {
	elsewhere := func(r Reason) (map[string]string, Group, Reason) {
		switch st.On {
		case report.OnKMSHost:
			return nil, GroupKMSHost, r
		case report.OnDNSServer:
			return nil, GroupDNSServer, r
		case report.OnCloud:
			return nil, GroupCloud, r
		case report.OnThisMachine:
			if !self {
				return nil, GroupOtherMachine, ReasonOtherMachine
			}
			if st.Effect == report.Read && st.Op == "" {
				return nil, GroupCheck, ReasonReadOnly
			}
			return nil, GroupThisMachine, r
		}
		return nil, GroupAdmin, r
	}
	if st.On != report.OnThisMachine {
		return elsewhere(ReasonElsewhere)
	}
	if !self {
		return elsewhere(ReasonOtherMachine)
	}
	if st.Op == "" {
		return elsewhere(ReasonNoOp)
	}
	allowed, known := opArgs[st.Op]
	if !known {
		return elsewhere(ReasonUnknownOp)
	}
	if len(st.Holes) > 0 || holeRE.MatchString(st.Run) {
		return elsewhere(ReasonHoles)
	}
	args, ok := validArgs(st.Op, st.OpArgs, allowed)
	if !ok {
		return elsewhere(ReasonInvalidArgs)
	}
	if st.Op == report.OpInstallKey && !v.isGVLK(args) {
		return elsewhere(ReasonNotGVLK)
	}
	if want, ok := Canonical(st.Op, args, officeDir(st.Run)); !ok || want != st.Run || st.Shell != report.ShellCmd {
		return elsewhere(ReasonNotCanonical)
	}
	if destructiveOp(st.Op) || st.Effect == report.Destructive {
		return args, GroupDestructive, ReasonDestructive
	}
	return args, GroupAuto, ""
}

// validArgs re-validates a step's args with internal/cmdline: only the
// op's keys, the required ones present, each value valid. The result is
// the values as the validators return them, application always set.
func validArgs(op report.Op, in map[string]string, allowed map[string]bool) (map[string]string, bool) {
	out := map[string]string{"application": AppWindows}
	for k := range in {
		if _, ok := allowed[k]; !ok {
			return nil, false
		}
	}
	for k, req := range allowed {
		v, has := in[k]
		if !has {
			if req {
				return nil, false
			}
			continue
		}
		var ok bool
		switch k {
		case "application":
			ok = v == AppOffice || v == AppWindows
			if ok && v == AppOffice && windowsOnly[op] {
				ok = false
			}
		case "host":
			v, ok = cmdline.Host(v)
		case "port":
			var n int
			n, ok = cmdline.PortString(v)
			v = strconv.Itoa(n)
		case "domain":
			v, ok = cmdline.Domain(v)
		case "key":
			v, ok = cmdline.ProductKey(v)
		case "product":
			v, ok = cmdline.ActivationID(v)
			// Per product: Windows only (Office's ospp /sethst is per
			// product already).
			ok = ok && in["application"] != AppOffice
		}
		if !ok {
			return nil, false
		}
		out[k] = v
	}
	if op == report.OpSetKMS && out["port"] == "" {
		out["port"] = "1688"
	}
	return out, true
}

// isGVLK: the key is the published KMS client setup key of a Windows
// product of this machine (knowledge.LookupGVLK), or, for an Office step,
// of a volume Office product of this machine (knowledge.LookupOfficeGVLK:
// its version and product in Microsoft's Office tables).
func (v validator) isGVLK(args map[string]string) bool {
	if args["application"] == AppOffice {
		for _, p := range v.products {
			if p.Application != AppOffice {
				continue
			}
			if k, ok := knowledge.LookupOfficeGVLK(p.Name, p.Channel); ok && k.Key == args["key"] {
				return true
			}
		}
		return false
	}
	for _, p := range v.products {
		if p.Application != "" && p.Application != AppWindows {
			continue
		}
		if k, ok := knowledge.LookupGVLK(p.Name, v.build); ok && k.Key == args["key"] {
			return true
		}
	}
	return false
}

var officeDirRE = regexp.MustCompile(`^cscript "%ProgramFiles%\\Microsoft Office\\(Office[1-9][0-9])\\OSPP\.VBS" `)

// officeDir is the Office folder of an ospp.vbs command line ("Office16").
func officeDir(run string) string {
	if m := officeDirRE.FindStringSubmatch(run); m != nil {
		return m[1]
	}
	return ""
}

// Canonical is the cmd command line the op builders of internal/diagnose
// write for op and args (for Office, with ospp.vbs in dir, e.g. "Office16").
// A step whose run differs is not applied: what fix does must be what the
// reader of the report was shown.
func Canonical(op report.Op, args map[string]string, dir string) (string, bool) {
	if args["application"] == AppOffice {
		if dir == "" {
			return "", false
		}
		var opt string
		switch op {
		case report.OpSetKMS:
			if args["port"] != "1688" {
				return "", false
			}
			opt = "/sethst:" + args["host"]
		case report.OpActivate:
			opt = "/act"
		case report.OpInstallKey:
			opt = "/inpkey:" + args["key"]
		case report.OpClearKMS:
			opt = "/remhst"
		case report.OpSetKMSDomain:
			opt = "/skms-domain:" + args["domain"]
		default:
			return "", false
		}
		q, ok := cmdline.Quote(cmdline.Cmd, opt)
		if !ok {
			return "", false
		}
		return `cscript "%ProgramFiles%\Microsoft Office\` + dir + `\OSPP.VBS" ` + q, true
	}
	var st report.Step
	switch op {
	case report.OpSetKMS:
		n, _ := strconv.Atoi(args["port"])
		st = diagnose.SetKMS(args["host"], n)
		if args["product"] != "" {
			st = diagnose.SetKMSProduct(args["host"], n, args["product"])
		}
	case report.OpClearKMS:
		st = diagnose.ClearKMS()
	case report.OpSetKMSDomain:
		st = diagnose.SetKMSDomain(args["domain"])
	case report.OpInstallKey:
		st = diagnose.InstallKey(knowledge.GVLK{Key: args["key"]})
	case report.OpActivate:
		st = diagnose.Activate()
	case report.OpResyncTime:
		st = diagnose.ResyncTime()
	case report.OpFlushDNS:
		st = diagnose.FlushDNS()
	case report.OpRearm:
		st = diagnose.Rearm()
	case report.OpRebuildTokens:
		for _, s := range diagnose.RebuildTokens() {
			if s.Op == report.OpRebuildTokens {
				st = s
			}
		}
	default:
		return "", false
	}
	if len(st.Holes) > 0 {
		return "", false
	}
	return st.Run, true
}
