package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/bundle"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/remedy"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

// fixSystem is what `fix` needs of the machine it runs on; tests replace it.
type fixSystem struct {
	windows  bool
	hostname func() (string, error)
	// ops returns the operations of this machine (nil or an error: fix
	// only plans).
	ops      func() (remedy.Licensing, remedy.Time, remedy.DNS, error)
	elevated func() (bool, error)
	clock    remedy.Clock
	retry    remedy.Retry
	// diagnose is collect --analyze of this machine, for fix with no
	// --from (nil, or an error matching winsys.ErrUnsupported: --from is
	// required).
	diagnose func(ctx context.Context) (*report.Report, error)
	// rediagnose diagnoses the machine again after applying.
	rediagnose func(ctx context.Context, before *report.Report) (*report.Report, error)
}

// fixSys is the real machine: WMI through internal/winsys, w32tm and
// ipconfig, the token's elevation, and collect --analyze in-process before
// (with no --from) and after applying.
var fixSys = fixSystem{windows: runtime.GOOS == "windows", hostname: os.Hostname, ops: machineOps,
	elevated: remedy.ProcessElevated, clock: remedy.RealClock{},
	diagnose: func(ctx context.Context) (*report.Report, error) {
		r, _, err := machineDiagnosis(ctx)
		return r, err
	},
	rediagnose: func(ctx context.Context, _ *report.Report) (*report.Report, error) {
		r, _, err := machineDiagnosis(ctx)
		return r, err
	}}

// machineOps are the operations of this machine: the WMI methods through
// remedy.Caller, w32tm /resync, ipconfig /flushdns.
func machineOps() (remedy.Licensing, remedy.Time, remedy.DNS, error) {
	w, err := remedy.Machine()
	if err != nil {
		return nil, nil, nil, err
	}
	return w, remedy.CommandTime{}, remedy.CommandDNS{}, nil
}

// fixDoc is the JSON document of fix --json.
type fixDoc struct {
	Tool     string          `json:"tool"`
	Version  string          `json:"version"`
	Command  string          `json:"command"`
	Lang     string          `json:"lang"`
	ReportID string          `json:"report_id"`
	DryRun   bool            `json:"dry_run"`
	Notes    []string        `json:"notes"`
	Plan     remedy.Plan     `json:"plan"`
	Actions  []remedy.Action `json:"actions"`
	After    *report.Verdict `json:"after,omitempty"`
	// Outcome: planned, nothing_to_fix, fixed, not_fixed, failed, declined,
	// not_elevated, unverified.
	Outcome string `json:"outcome"`
}

func newFixCmd(e *env) *cobra.Command {
	var (
		lang                                  langFlag
		from, format                          string
		dryRun, yes, allowDestructive, asJSON bool
		timeout                               time.Duration
	)
	hl := e.lang // help is printed before --lang is parsed (see helpLang)
	c := &cobra.Command{
		Use:     "fix [--from REPORT.json|BUNDLE.zip] [--dry-run] [--yes] [--allow-destructive] [--format text|json|cmd|powershell]",
		Short:   i18n.T(hl, "help.fix.short", nil),
		Long:    i18n.T(hl, "help.fix.long", nil),
		Example: i18n.T(hl, "help.fix.example", nil),
		RunE: func(c *cobra.Command, args []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			if len(args) > 0 {
				return usageT(l, "fix.err.args", nil)
			}
			if asJSON {
				if c.Flags().Changed("format") && format != "json" {
					return usageT(l, "cli.format_conflict", i18n.Args{"cmd": "fix", "format": format})
				}
				format = "json"
			}
			switch format {
			case "text", "json", "cmd", "powershell":
			default:
				return usageT(l, "fix.err.format", i18n.Args{"format": format})
			}
			if timeout < time.Second || timeout > time.Hour {
				return usageT(l, "fix.err.timeout", i18n.Args{"value": timeout})
			}
			p := i18n.Printer{Lang: l}
			sys := fixSys
			var notes []string
			var r *report.Report
			if from == "" {
				// No report given: diagnose this machine first, as
				// collect --analyze does.
				if sys.diagnose == nil {
					return usageT(l, "fix.err.no_from", nil)
				}
				r, err = sys.diagnose(c.Context())
				if errors.Is(err, winsys.ErrUnsupported) {
					return usageT(l, "fix.err.no_from", nil)
				}
				if err != nil {
					if c.Context().Err() != nil {
						return c.Context().Err()
					}
					return usageT(l, "fix.err.collect", i18n.Args{"err": err})
				}
				notes = append(notes, p.T("fix.note.collected", nil))
			} else {
				raw, err := readReport(e, from)
				if err != nil {
					return usageT(l, "fix.err.read", i18n.Args{"path": from, "err": err})
				}
				if strings.HasSuffix(strings.ToLower(from), ".zip") || bytes.HasPrefix(raw, []byte("PK\x03\x04")) {
					// A collect bundle: diagnosed here, as analyze does.
					if !bundle.Detect(raw) {
						return usageT(l, "fix.err.bundle", i18n.Args{"path": from})
					}
					r = diagnoseBundle(from, raw)
				} else if r, err = report.Decode(raw); err != nil {
					return usageT(l, "fix.err.decode", i18n.Args{"path": from, "err": decodeErr(raw, err)})
				}
			}

			// What may happen on this machine.
			var lic remedy.Licensing
			var tm remedy.Time
			var dns remedy.DNS
			self := r.Subject
			switch {
			case !sys.windows:
				dryRun = true
				notes = append(notes, p.T("fix.note.not_windows", nil))
			default:
				if sys.ops != nil {
					lic, tm, dns, err = sys.ops()
				}
				if lic == nil || err != nil {
					dryRun = true
					notes = append(notes, p.T("fix.note.no_layer", nil))
				}
				if name, herr := sys.hostname(); from != "" && herr == nil {
					self = report.Subject{Computer: name, Build: r.Subject.Build}
					if sameHost(r.Subject.Computer, name) {
						// The DNS name of this computer (a bundle of it).
						self.Computer = r.Subject.Computer
					} else if lbl := r.Subject.Label(); lbl != "" && !strings.EqualFold(lbl, name) && !strings.EqualFold(r.Subject.Computer, name) {
						notes = append(notes, p.T("fix.note.other_machine", i18n.Args{"subject": lbl, "self": name}))
					}
				}
			}
			script := format == "cmd" || format == "powershell"
			if script {
				dryRun = true
			} else if dryRun && sys.windows && lic != nil {
				notes = append(notes, p.T("fix.note.dry_run", nil))
			}
			if !dryRun && !yes && from == "-" {
				return usageT(l, "fix.err.stdin_confirm", nil)
			}
			plan := remedy.Build(r, self, remedy.Options{AllowDestructive: allowDestructive})
			wordPlan(&plan, l)
			doc := fixDoc{Tool: report.Tool, Version: report.Version, Command: "fix", Lang: string(l), ReportID: r.ID, DryRun: dryRun,
				Notes: notes, Plan: plan, Actions: []remedy.Action{}, Outcome: "planned"}
			if !plan.Verdict.IsProblem() {
				doc.Outcome = "nothing_to_fix"
			}
			if script {
				for _, n := range notes {
					fmt.Fprintln(e.stderr, "kmsdoctor: "+n)
				}
				fmt.Fprintln(e.stderr, "kmsdoctor: "+p.T("fix.note.script", nil))
				sh := report.ShellCmd
				if format == "powershell" {
					sh = report.ShellPowerShell
				}
				s := remedy.Script(plan, sh, scriptWords(p, plan, r))
				if _, err := e.stdout.Write(remedy.EncodeScript(s, sh, l == i18n.JA)); err != nil {
					return err
				}
				return fixExit(doc)
			}
			if dryRun || len(plan.Auto) == 0 {
				return writeFix(e, doc, format, l, nil)
			}

			// Apply.
			in := bufio.NewReader(e.stdin)
			x := &remedy.Executor{Licensing: lic, Time: tm, DNS: dns, Clock: sys.clock, Timeout: timeout, Retry: sys.retry, Elevated: sys.elevated}
			if !yes {
				x.Confirm = func(en remedy.Entry, left *int) (bool, error) {
					if w := destructiveWords(p, en, left); w != "" {
						fmt.Fprintln(e.stderr, w)
					}
					fmt.Fprint(e.stderr, p.T("fix.confirm", i18n.Args{"run": en.Run}))
					ans, err := in.ReadString('\n')
					if err != nil && ans == "" {
						return false, nil
					}
					ans = strings.ToLower(strings.TrimSpace(ans))
					return ans == "y" || ans == "yes" || ans == "はい", nil
				}
			}
			if format == "text" {
				x.Progress = func(a remedy.Action) { fmt.Fprintln(e.stderr, actionLine(p, a)) }
			}
			ctx := c.Context()
			run := x.Apply(ctx, plan.Auto)
			if err := ctx.Err(); err != nil {
				return err
			}
			doc.Actions = run.Actions
			switch {
			case run.NotElevated:
				doc.Outcome = "not_elevated"
			case run.Failed >= 0:
				doc.Outcome = "failed"
			case run.Declined:
				doc.Outcome = "declined"
			default:
				doc.Outcome = "unverified"
				if sys.rediagnose != nil {
					after, err := sys.rediagnose(ctx, r)
					if err == nil && after != nil {
						v := after.Verdict
						doc.After = &v
						doc.Outcome = "not_fixed"
						if rootGone(plan, after) {
							doc.Outcome = "fixed"
						}
					}
				}
			}
			return writeFix(e, doc, format, l, &run)
		},
	}
	lang.register(c, hl)
	f := c.Flags()
	f.StringVar(&from, "from", "", i18n.T(hl, "help.fix.flag.from", nil))
	f.BoolVar(&dryRun, "dry-run", false, i18n.T(hl, "help.fix.flag.dry_run", nil))
	f.BoolVar(&yes, "yes", false, i18n.T(hl, "help.fix.flag.yes", nil))
	f.BoolVar(&allowDestructive, "allow-destructive", false, i18n.T(hl, "help.fix.flag.allow_destructive", nil))
	f.BoolVar(&asJSON, "json", false, i18n.T(hl, "help.flag.json", nil))
	f.StringVar(&format, "format", "text", i18n.T(hl, "help.fix.flag.format", nil))
	f.DurationVar(&timeout, "timeout", 2*time.Minute, i18n.T(hl, "help.fix.flag.timeout", nil))
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"text", "json", "cmd", "powershell"}, cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

// sameHost: computer (a host name or an FQDN) names the host name.
func sameHost(computer, host string) bool {
	first, _, _ := strings.Cut(computer, ".")
	return host != "" && (strings.EqualFold(computer, host) || strings.EqualFold(first, host))
}

// rootGone: the diagnosis after the fix no longer shows the root cause
// (a problem finding with the primary id) of the machine.
func rootGone(plan remedy.Plan, after *report.Report) bool {
	if plan.Verdict.Primary == "" {
		return !after.Verdict.IsProblem()
	}
	for _, f := range after.Findings {
		if f.ID == plan.Verdict.Primary && f.Severity.IsProblem() {
			return false
		}
	}
	return true
}

// fixExit is the exit status: 0 only when the root cause is gone (or
// there was none).
func fixExit(doc fixDoc) error {
	if doc.Outcome == "fixed" || doc.Outcome == "nothing_to_fix" {
		return nil
	}
	return exitError{code: exitProblem}
}

// wordPlan fills the worded fields of the plan in l.
func wordPlan(p *remedy.Plan, l i18n.Lang) {
	word := func(es []remedy.Entry) {
		for i := range es {
			es[i].TitleText = render.Message(l, es[i].Title)
			if es[i].Say != nil {
				es[i].SayText = render.Message(l, *es[i].Say)
			}
		}
	}
	word(p.Auto)
	word(p.Others)
	word(p.Notes)
	for i := range p.Findings {
		p.Findings[i].TitleText = render.Message(l, p.Findings[i].Title)
	}
}

func subjectLabel(pr i18n.Printer, s report.Subject) string {
	if s.Label() != "" {
		return s.Label()
	}
	return pr.T("fix.subject.unknown", nil)
}

func scriptWords(pr i18n.Printer, plan remedy.Plan, r *report.Report) remedy.ScriptWords {
	w := remedy.ScriptWords{
		Header: []string{pr.T("fix.script.header", i18n.Args{"subject": subjectLabel(pr, plan.Subject)}),
			pr.T("fix.script.report", i18n.Args{"id": r.ID, "generated": r.GeneratedAt.UTC().Format(time.RFC3339)})},
		NotAdmin: pr.T("fix.script.not_admin", nil), Failed: pr.T("fix.script.failed", nil), Done: pr.T("fix.script.done", nil),
		Others: pr.T("fix.script.others", nil), OSPP: pr.T("fix.script.ospp", nil), Destructive: pr.T("fix.script.destructive", nil),
		Group: map[remedy.Group]string{},
	}
	for _, g := range remedy.Groups {
		w.Group[g] = strings.TrimSuffix(strings.TrimSuffix(pr.T("fix.group."+string(g), nil), ":"), ":")
	}
	return w
}

// destructiveWords is what a destructive step cannot undo.
func destructiveWords(pr i18n.Printer, e remedy.Entry, left *int) string {
	switch e.Op {
	case report.OpRearm:
		if left != nil {
			return pr.T("fix.destructive.rearm", i18n.Args{"count": *left})
		}
		return pr.T("fix.destructive.rearm_unknown", nil)
	case report.OpRebuildTokens:
		return pr.T("fix.destructive.tokens", nil)
	}
	return ""
}

func reasonWords(pr i18n.Printer, e remedy.Entry) string {
	switch e.Reason {
	case remedy.ReasonHoles:
		return pr.T("fix.reason.holes", i18n.Args{"holes": strings.Join(e.Holes, ", ")})
	case remedy.ReasonInvalidArgs, remedy.ReasonNotGVLK, remedy.ReasonNotCanonical, remedy.ReasonUnknownOp:
		return pr.T("fix.reason."+string(e.Reason), nil)
	}
	return ""
}

func verdictWords(pr i18n.Printer, v report.Verdict) string {
	switch v.Status {
	case report.StatusProblem:
		return pr.T("fix.verdict.problem", i18n.Args{"id": v.Primary})
	case report.StatusOK:
		return pr.T("fix.verdict.ok", nil)
	}
	return pr.T("fix.verdict.unknown", nil)
}

func actionLine(pr i18n.Printer, a remedy.Action) string {
	ms := strconv.FormatFloat(a.DurationMS, 'f', 0, 64)
	switch a.Result {
	case remedy.ResultOK:
		if a.Attempts > 1 {
			return pr.T("fix.result.ok_attempts", i18n.Args{"run": a.Entry.Run, "attempts": a.Attempts, "ms": ms})
		}
		return pr.T("fix.result.ok", i18n.Args{"run": a.Entry.Run, "ms": ms})
	case remedy.ResultFailed:
		return pr.T("fix.result.failed", i18n.Args{"run": a.Entry.Run, "err": a.Error})
	case remedy.ResultDeclined:
		return pr.T("fix.result.declined", i18n.Args{"run": a.Entry.Run})
	}
	return pr.T("fix.result.not_run", i18n.Args{"run": a.Entry.Run})
}

// actionCodeWords explains a failed action's code through the knowledge base.
func actionCodeWords(pr i18n.Printer, a remedy.Action) string {
	code, entry, ok := remedy.Explain(a.Err)
	if code == 0 && !ok {
		return ""
	}
	cs := knowledge.FormatCode(code)
	if !ok {
		return pr.T("fix.result.code_unknown", i18n.Args{"code": cs})
	}
	return pr.T("fix.result.code", i18n.Args{"code": cs, "title": entry.Title.In(pr.Lang), "url": entry.LocalURL(pr.Lang)})
}

func writeFix(e *env, doc fixDoc, format string, l i18n.Lang, run *remedy.Run) error {
	if format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(doc); err != nil {
			return err
		}
		return fixExit(doc)
	}
	pr := i18n.Printer{Lang: l}
	st := textout.Detect(e.stdout)
	out := textout.New(e.stdout, st)
	plan := doc.Plan
	out.Heading(pr.T("fix.heading", i18n.Args{"subject": subjectLabel(pr, plan.Subject)}))
	for _, n := range doc.Notes {
		out.Para(2, n)
	}
	if !plan.Verdict.IsProblem() {
		out.Para(2, pr.T("fix.verdict.none", nil))
	}
	for _, f := range plan.Findings {
		if f.Primary {
			out.Para(2, pr.T("fix.root", i18n.Args{"title": f.TitleText, "id": f.ID}))
			break
		}
	}
	out.Blank()
	switch {
	case len(plan.Auto) == 0:
		out.Line(st.Bold(pr.T("fix.auto.none", nil)))
	case doc.DryRun:
		out.Line(st.Bold(pr.T("fix.auto.heading_dry", nil)))
	default:
		out.Line(st.Bold(pr.T("fix.auto.heading", nil)))
	}
	for i, en := range plan.Auto {
		out.Line(fmt.Sprintf("  %d. %s  %s", i+1, en.TitleText, st.Dim("["+en.Finding+"]")))
		out.Command(5, en.Run)
		if w := destructiveWords(pr, en, nil); w != "" {
			out.Para(5, w)
		}
	}
	for _, g := range remedy.Groups {
		es := plan.Group(g)
		if len(es) == 0 {
			continue
		}
		out.Blank()
		out.Line(st.Bold(pr.T("fix.group."+string(g), nil)))
		for i, en := range es {
			sub := ""
			if g == remedy.GroupOtherMachine && en.Subject != "" {
				sub = " (" + en.Subject + ")"
			}
			// A finding's commands follow its title once.
			if i == 0 || es[i-1].Finding != en.Finding || es[i-1].TitleText != en.TitleText || es[i-1].Subject != en.Subject {
				out.Bullet(2, "-", en.TitleText+sub+"  "+st.Dim("["+en.Finding+"]"))
			}
			out.Command(5, en.Run)
			if w := destructiveWords(pr, en, nil); w != "" {
				out.Para(5, w)
			} else if w := reasonWords(pr, en); w != "" {
				out.Para(5, w)
			}
		}
	}
	if run != nil {
		out.Blank()
		if run.NotElevated {
			out.Para(0, st.Red(pr.T("fix.not_elevated", nil)))
		}
		for _, a := range run.Actions {
			out.Line(actionLine(pr, a))
			if a.Result == remedy.ResultFailed {
				if w := actionCodeWords(pr, a); w != "" {
					out.Para(2, w)
				}
				out.Para(2, pr.T("fix.result.stopped", nil))
			}
			if a.Backup != "" {
				out.Para(2, pr.T("fix.result.backup", i18n.Args{"path": a.Backup}))
			}
			if a.RearmsLeft != nil && a.RearmsAfter != nil {
				out.Para(2, pr.T("fix.result.rearms", i18n.Args{"before": *a.RearmsLeft, "after": *a.RearmsAfter}))
			}
		}
		if run.OK() {
			out.Blank()
			out.Line(pr.T("fix.before", i18n.Args{"verdict": verdictWords(pr, plan.Verdict)}))
			if doc.After == nil {
				out.Para(0, pr.T("fix.no_rediagnose", nil))
			} else {
				out.Line(pr.T("fix.after", i18n.Args{"verdict": verdictWords(pr, *doc.After)}))
				if doc.Outcome == "fixed" {
					out.Line(st.Green(pr.T("fix.gone", nil)))
				} else {
					for _, f := range plan.Findings {
						if f.Primary {
							out.Line(st.Red(pr.T("fix.remains", i18n.Args{"title": f.TitleText, "id": f.ID})))
							break
						}
					}
				}
			}
		}
	}
	if err := out.Err(); err != nil {
		return err
	}
	return fixExit(doc)
}
