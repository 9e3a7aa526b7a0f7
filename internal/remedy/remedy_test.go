package remedy_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/remedy"
	"github.com/kmsdoctor/kmsdoctor/internal/remedy/fake"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

const win11Pro = "Windows(R), Professional edition"

func gvlk(t *testing.T) knowledge.GVLK {
	k, ok := knowledge.LookupGVLK(win11Pro, "22621")
	if !ok {
		t.Fatal("no GVLK for Pro")
	}
	return k
}

func officeAct() report.Step {
	return report.Step{Run: `cscript "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /act`, Shell: report.ShellCmd,
		On: report.OnThisMachine, Effect: report.Change, Op: report.OpActivate, OpArgs: map[string]string{"application": "office"}}
}

// rep is a report of one machine (Windows 11 Pro, build 22621) with the
// findings given: the first is the verdict's primary.
func rep(fs ...report.Finding) *report.Report {
	r := report.New("analyze", time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	r.Subject = report.Subject{Computer: "PC1", Build: "22621", Role: report.RoleClient}
	r.Products = []report.Product{{Name: win11Pro, Application: "windows", Channel: "RETAIL"}}
	for i := range fs {
		if fs[i].Severity == "" {
			fs[i].Severity = report.Error
		}
		fs[i].Message.Title = report.Msg("finding."+fs[i].ID+".title", nil)
	}
	r.Findings = fs
	r.Verdict = report.Verdict{Status: report.StatusProblem, Primary: fs[0].ID}
	return r
}

func ops(es []remedy.Entry) []string {
	var out []string
	for _, e := range es {
		s := string(e.Op)
		if e.App() == remedy.AppOffice {
			s += "(office)"
		}
		out = append(out, s)
	}
	return out
}

func TestBuildOrderAndDedupe(t *testing.T) {
	r := rep(
		report.Finding{ID: "time.skew", Steps: []report.Step{diagnose.ResyncTime(), diagnose.Activate()}},
		report.Finding{ID: "license.notification", Steps: []report.Step{diagnose.InstallKey(gvlk(t)), diagnose.Activate(), officeAct()}},
		report.Finding{ID: "dns.srv.missing", Steps: []report.Step{diagnose.SetKMS("kms01.contoso.local", 1688), diagnose.FlushDNS()}},
		report.Finding{ID: "license.ok", Severity: report.OK, Steps: []report.Step{diagnose.ClearKMS()}},
	)
	p := remedy.Build(r, r.Subject, remedy.Options{})
	want := []string{"resync_time", "install_key", "set_kms", "flush_dns", "activate", "activate(office)"}
	if got := ops(p.Auto); !slices.Equal(got, want) {
		t.Errorf("auto = %v, want %v", got, want)
	}
	if len(p.Findings) != 3 || !p.Findings[0].Primary || p.Findings[0].ID != "time.skew" {
		t.Errorf("findings = %+v", p.Findings)
	}
	if got := p.Auto[2].Args; got["host"] != "kms01.contoso.local" || got["port"] != "1688" || got["application"] != "windows" {
		t.Errorf("set_kms args %v", got)
	}
}

func TestBuildPrimaryFirst(t *testing.T) {
	r := rep(
		report.Finding{ID: "license.grace", Severity: report.Warning, Steps: []report.Step{diagnose.Activate()}},
		report.Finding{ID: "time.skew", Steps: []report.Step{diagnose.ResyncTime()}},
	)
	r.Verdict.Primary = "time.skew"
	p := remedy.Build(r, r.Subject, remedy.Options{})
	if got := ops(p.Auto); !slices.Equal(got, []string{"resync_time", "activate"}) {
		t.Errorf("auto = %v", got)
	}
}

// TestHostileStepsNeverApplied: fix re-validates every step itself.
func TestHostileStepsNeverApplied(t *testing.T) {
	setKMS := func(host string) report.Step {
		st := diagnose.SetKMS("kms01", 1688)
		st.OpArgs = map[string]string{"host": host, "port": "1688"}
		st.Run = "slmgr.vbs /skms " + host + ":1688"
		return st
	}
	withHoles := diagnose.SetKMSHole(cmdlineHole(), 1688)
	withHoles.OpArgs = map[string]string{"host": "kms01", "port": "1688"}
	onHost := diagnose.SetKMS("kms01", 1688)
	onHost.On = report.OnKMSHost
	lying := diagnose.Rearm()
	lying.Effect = report.Change // a report claiming rearm is not destructive
	destructive := diagnose.ClearKMS()
	destructive.Effect = report.Destructive
	otherRun := diagnose.Activate()
	otherRun.Run = "slmgr.vbs /ato & format c:"
	extraArg := diagnose.Activate()
	extraArg.OpArgs = map[string]string{"cmd": "calc"}
	badPort := diagnose.SetKMS("kms01", 1688)
	badPort.OpArgs = map[string]string{"host": "kms01", "port": "1688 & calc"}
	notGVLK := diagnose.InstallKey(knowledge.GVLK{Key: "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE"})
	otherEdition := diagnose.InstallKey(knowledge.GVLK{Key: "NPPR9-FWDCX-D2C8J-H872K-2YT43"}) // Enterprise, not Pro
	officeKey := officeAct()
	officeKey.Op, officeKey.OpArgs = report.OpInstallKey, map[string]string{"application": "office", "key": gvlk(t).Key}
	officeKey.Run = `cscript "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /inpkey:` + gvlk(t).Key
	officeRearm := officeAct()
	officeRearm.Op = report.OpFlushDNS
	unknown := diagnose.Activate()
	unknown.Op = "format_disk"
	shell := diagnose.Activate()
	shell.Shell = report.ShellPowerShell
	tests := []struct {
		name   string
		step   report.Step
		group  remedy.Group
		reason remedy.Reason
	}{
		{"host a&b", setKMS("a&b"), remedy.GroupThisMachine, remedy.ReasonInvalidArgs},
		{"host with newline", setKMS("kms01\r\ncalc"), remedy.GroupThisMachine, remedy.ReasonInvalidArgs},
		{"host option", setKMS("-x"), remedy.GroupThisMachine, remedy.ReasonInvalidArgs},
		{"holes", withHoles, remedy.GroupThisMachine, remedy.ReasonHoles},
		{"on kms_host", onHost, remedy.GroupKMSHost, remedy.ReasonElsewhere},
		{"rearm claimed a change", lying, remedy.GroupDestructive, remedy.ReasonDestructive},
		{"effect destructive", destructive, remedy.GroupDestructive, remedy.ReasonDestructive},
		{"run differs from op", otherRun, remedy.GroupThisMachine, remedy.ReasonNotCanonical},
		{"unknown arg", extraArg, remedy.GroupThisMachine, remedy.ReasonInvalidArgs},
		{"bad port", badPort, remedy.GroupThisMachine, remedy.ReasonInvalidArgs},
		{"not a GVLK", notGVLK, remedy.GroupThisMachine, remedy.ReasonNotGVLK},
		{"GVLK of another edition", otherEdition, remedy.GroupThisMachine, remedy.ReasonNotGVLK},
		{"office key", officeKey, remedy.GroupThisMachine, remedy.ReasonNotGVLK},
		{"office flush_dns", officeRearm, remedy.GroupThisMachine, remedy.ReasonInvalidArgs},
		{"unknown op", unknown, remedy.GroupThisMachine, remedy.ReasonUnknownOp},
		{"not cmd", shell, remedy.GroupThisMachine, remedy.ReasonNotCanonical},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rep(report.Finding{ID: "x.y", Steps: []report.Step{tt.step}})
			p := remedy.Build(r, r.Subject, remedy.Options{})
			if len(p.Auto) != 0 {
				t.Fatalf("applied: %+v", p.Auto)
			}
			if len(p.Others) != 1 || p.Others[0].Group != tt.group || p.Others[0].Reason != tt.reason {
				t.Fatalf("others = %+v, want group %s reason %s", p.Others, tt.group, tt.reason)
			}
		})
	}
}

func cmdlineHole() (a cmdlineArg) { return holeArg }

func TestOtherMachineNeverApplied(t *testing.T) {
	r := rep(report.Finding{ID: "license.grace", Subject: "PC2", Steps: []report.Step{diagnose.Activate()}})
	p := remedy.Build(r, r.Subject, remedy.Options{})
	if len(p.Auto) != 0 || len(p.Others) != 1 || p.Others[0].Group != remedy.GroupOtherMachine {
		t.Fatalf("plan = %+v", p)
	}
	// A report about another computer than the one fix runs on.
	r = rep(report.Finding{ID: "license.grace", Steps: []report.Step{diagnose.Activate()}})
	p = remedy.Build(r, report.Subject{Computer: "SOMEONE-ELSE"}, remedy.Options{})
	if len(p.Auto) != 0 {
		t.Fatalf("applied to another machine: %+v", p.Auto)
	}
}

func TestDestructiveNeedsAllow(t *testing.T) {
	steps := append([]report.Step{}, diagnose.RebuildTokens()...)
	r := rep(report.Finding{ID: "tokens.corrupt", Steps: steps},
		report.Finding{ID: "kmshost.cmid.duplicate", Steps: []report.Step{diagnose.Rearm()}})
	p := remedy.Build(r, r.Subject, remedy.Options{})
	// Without --allow-destructive nothing of the rebuild is applied, not
	// even its activation (of a store the finding says is damaged), and
	// the whole procedure waits with it, in order, as a person runs it.
	if len(p.Auto) != 0 {
		t.Errorf("auto without --allow-destructive = %v", ops(p.Auto))
	}
	var runs []string
	for _, e := range p.Group(remedy.GroupDestructive) {
		runs = append(runs, e.Run)
		if e.Reason != remedy.ReasonDestructive {
			t.Errorf("%q: reason %s", e.Run, e.Reason)
		}
	}
	want := []string{"net stop sppsvc", `ren %windir%\System32\spp\store\2.0\tokens.dat tokens.bar`, "net start sppsvc", "slmgr.vbs /rilc", "slmgr.vbs /ato", "slmgr.vbs /rearm"}
	if !slices.Equal(runs, want) {
		t.Errorf("destructive = %q, want %q", runs, want)
	}
	p = remedy.Build(r, r.Subject, remedy.Options{AllowDestructive: true})
	if got := ops(p.Auto); !slices.Equal(got, []string{"rebuild_tokens", "rearm", "activate"}) {
		t.Errorf("auto with --allow-destructive = %v", got)
	}
	for _, e := range p.Others {
		if strings.Contains(e.Run, "sppsvc") || strings.Contains(e.Run, "/rilc") {
			t.Errorf("%q is done by rebuild_tokens and listed apart", e.Run)
		}
	}
}

func executor(c *fake.Caller, clk *fake.Clock) *remedy.Executor {
	return &remedy.Executor{
		Licensing: &remedy.WMI{C: c, WindowsVersion: "10.0.22621"},
		Time:      remedy.CommandTime{Run: c.Runner},
		DNS:       remedy.CommandDNS{Run: c.Runner},
		Clock:     clk,
		Timeout:   2 * time.Minute,
		Elevated:  func() (bool, error) { return true, nil },
	}
}

func plan(t *testing.T, opt remedy.Options, fs ...report.Finding) remedy.Plan {
	t.Helper()
	r := rep(fs...)
	return remedy.Build(r, r.Subject, opt)
}

// TestExecutorCalls asserts the exact WMI methods, objects and arguments.
func TestExecutorCalls(t *testing.T) {
	p := plan(t, remedy.Options{}, report.Finding{ID: "license.notification", Steps: []report.Step{
		diagnose.SetKMS("kms01.contoso.local", 1688), diagnose.SetKMSDomain("contoso.local"), diagnose.InstallKey(gvlk(t)),
		diagnose.ResyncTime(), diagnose.FlushDNS(), diagnose.Activate(), officeAct()}})
	c := fake.Machine()
	run := executor(c, &fake.Clock{}).Apply(context.Background(), p.Auto)
	if !run.OK() {
		t.Fatalf("run: %+v", run)
	}
	k := gvlk(t).Key
	want := []string{
		fake.ServicePath + `.SetKeyManagementServiceMachine("kms01.contoso.local")`,
		fake.ServicePath + `.SetKeyManagementServicePort(uint32(1688))`,
		fake.ServicePath + `.SetKeyManagementServiceLookupDomain("contoso.local")`,
		fake.ServicePath + `.InstallProductKey("` + k + `")`,
		fake.ServicePath + `.RefreshLicenseStatus()`,
		`w32tm.run("/resync")`,
		`ipconfig.run("/flushdns")`,
		fake.WindowsPath + `.Activate()`,
		fake.ServicePath + `.RefreshLicenseStatus()`,
		fake.OfficePath + `.Activate()`,
		fake.ServicePath + `.RefreshLicenseStatus()`,
	}
	if got := c.Strings(); !slices.Equal(got, want) {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, a := range run.Actions {
		if a.Result != remedy.ResultOK || a.DurationMS < 0 {
			t.Errorf("action %+v", a)
		}
	}
}

func TestExecutorOfficeOnWindows7(t *testing.T) {
	p := plan(t, remedy.Options{}, report.Finding{ID: "license.notification", Steps: []report.Step{officeAct()}})
	c := fake.Machine()
	x := executor(c, &fake.Clock{})
	x.Licensing = &remedy.WMI{C: c, WindowsVersion: "6.1.7601"}
	if run := x.Apply(context.Background(), p.Auto); !run.OK() {
		t.Fatalf("run %+v", run)
	}
	want := []string{fake.OSPPProduct + ".Activate()", fake.OSPPService + ".RefreshLicenseStatus()"}
	if got := c.Strings(); !slices.Equal(got, want) {
		t.Errorf("calls %v, want %v", got, want)
	}
}

// TestExecutorStopsAtFailure: the port fails, the previous KMS name is put
// back (as slmgr does), and nothing after the failing step is applied.
func TestExecutorStopsAtFailure(t *testing.T) {
	p := plan(t, remedy.Options{}, report.Finding{ID: "dns.srv.missing", Steps: []report.Step{
		diagnose.FlushDNS(), diagnose.SetKMS("kms01.contoso.local", 1688), diagnose.Activate()}})
	c := fake.Machine()
	c.Faults = []*fake.Fault{{Method: "SetKeyManagementServicePort", Err: fake.HRESULT(0x80070005)}}
	run := executor(c, &fake.Clock{}).Apply(context.Background(), p.Auto)
	if run.OK() || run.Failed != 1 {
		t.Fatalf("run %+v", run)
	}
	want := []string{
		`ipconfig.run("/flushdns")`,
		fake.ServicePath + `.SetKeyManagementServiceMachine("kms01.contoso.local")`,
		fake.ServicePath + `.SetKeyManagementServicePort(uint32(1688))`,
		fake.ServicePath + `.ClearKeyManagementServiceMachine()`,
	}
	if got := c.Strings(); !slices.Equal(got, want) {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	results := []string{}
	for _, a := range run.Actions {
		results = append(results, a.Result)
	}
	if !slices.Equal(results, []string{"ok", "failed", "not_run"}) {
		t.Errorf("results %v", results)
	}
	if a := run.Actions[1]; a.Code != "0x80070005" {
		t.Errorf("code %q", a.Code)
	}
	code, e, ok := remedy.Explain(run.Actions[1].Err)
	if !ok || code != 0x80070005 || e.Code != "0x80070005" {
		t.Errorf("explain: %x %v %v", code, e, ok)
	}
}

// TestActivateRetry: the seeds' loop, 5 s apart, until it works, with a
// fake clock.
func TestActivateRetry(t *testing.T) {
	p := plan(t, remedy.Options{}, report.Finding{ID: "license.grace", Steps: []report.Step{diagnose.Activate()}})
	tests := []struct {
		name     string
		faults   []*fake.Fault
		timeout  time.Duration
		ok       bool
		attempts int
		slept    int
	}{
		{"works the third time", []*fake.Fault{{Method: "Activate", Times: 2, Err: fake.HRESULT(0xC004F074)}}, time.Minute, true, 3, 2},
		{"bounded by the timeout", []*fake.Fault{{Method: "Activate", Err: fake.HRESULT(0xC004F074)}}, 12 * time.Second, false, 3, 2},
		{"bounded by the attempts", []*fake.Fault{{Method: "Activate", Err: fake.HRESULT(0xC004F074)}}, time.Hour, false, 12, 11},
		{"a permanent code is not retried", []*fake.Fault{{Method: "Activate", Err: fake.HRESULT(0xC004F035)}}, time.Hour, false, 1, 0},
		{"a return value is a code", []*fake.Fault{{Method: "Activate", Times: 1, ReturnValue: 0xC004F074}}, time.Hour, true, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fake.Machine()
			c.Faults = tt.faults
			clk := &fake.Clock{T: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			x := executor(c, clk)
			x.Timeout = tt.timeout
			run := x.Apply(context.Background(), p.Auto)
			if run.OK() != tt.ok || run.Actions[0].Attempts != tt.attempts || len(clk.Slept) != tt.slept {
				t.Fatalf("ok %v attempts %d slept %v", run.OK(), run.Actions[0].Attempts, clk.Slept)
			}
			for _, d := range clk.Slept {
				if d != 5*time.Second {
					t.Errorf("slept %v", d)
				}
			}
		})
	}
}

func TestNotElevatedChangesNothing(t *testing.T) {
	p := plan(t, remedy.Options{}, report.Finding{ID: "license.grace", Steps: []report.Step{diagnose.Activate()}})
	c := fake.Machine()
	x := executor(c, &fake.Clock{})
	x.Elevated = func() (bool, error) { return false, nil }
	run := x.Apply(context.Background(), p.Auto)
	if !run.NotElevated || len(c.Calls) != 0 || run.Actions[0].Result != remedy.ResultNotRun {
		t.Fatalf("run %+v calls %v", run, c.Calls)
	}
}

func TestDeclineStops(t *testing.T) {
	p := plan(t, remedy.Options{}, report.Finding{ID: "time.skew", Steps: []report.Step{diagnose.ResyncTime(), diagnose.Activate()}})
	c := fake.Machine()
	x := executor(c, &fake.Clock{})
	x.Confirm = func(e remedy.Entry, _ *int) (bool, error) { return e.Op != report.OpActivate, nil }
	run := x.Apply(context.Background(), p.Auto)
	if !run.Declined || len(c.Calls) != 1 {
		t.Fatalf("run %+v calls %v", run, c.Strings())
	}
}

// TestRearm: only with --allow-destructive; the count left is shown to the
// person confirming, and none left refuses.
func TestRearm(t *testing.T) {
	f := report.Finding{ID: "kmshost.cmid.duplicate", Steps: []report.Step{diagnose.Rearm()}}
	if p := plan(t, remedy.Options{}, f); len(p.Auto) != 0 {
		t.Fatalf("rearm applied without --allow-destructive")
	}
	p := plan(t, remedy.Options{AllowDestructive: true}, f)
	c := fake.Machine()
	x := executor(c, &fake.Clock{})
	var shown *int
	x.Confirm = func(_ remedy.Entry, n *int) (bool, error) { shown = n; return true, nil }
	run := x.Apply(context.Background(), p.Auto)
	if !run.OK() || shown == nil || *shown != 1 || !slices.Contains(c.Strings(), fake.ServicePath+".ReArmWindows()") {
		t.Fatalf("run %+v shown %v calls %v", run, shown, c.Strings())
	}
	c = fake.Machine()
	c.Rows["SoftwareLicensingService"][0].Props["RemainingWindowsReArmCount"] = uint32(0)
	run = executor(c, &fake.Clock{}).Apply(context.Background(), p.Auto)
	if run.OK() || !errors.Is(run.Actions[0].Err, remedy.ErrNoRearms) || slices.Contains(c.Strings(), fake.ServicePath+".ReArmWindows()") {
		t.Fatalf("rearm with none left: %+v %v", run, c.Strings())
	}
}

func TestInstallKeyChecksTheEditionLive(t *testing.T) {
	c := fake.Machine()
	w := &remedy.WMI{C: c, WindowsVersion: "10.0.22621"}
	if err := w.InstallKey(context.Background(), "windows", "NPPR9-FWDCX-D2C8J-H872K-2YT43"); !errors.Is(err, remedy.ErrNotGVLK) {
		t.Fatalf("Enterprise key on Pro: %v", err)
	}
	if err := w.InstallKey(context.Background(), "office", gvlk(t).Key); !errors.Is(err, remedy.ErrNotGVLK) {
		t.Fatalf("office key: %v", err)
	}
	if len(c.Calls) != 0 {
		t.Fatalf("calls %v", c.Strings())
	}
}

func TestTokenOnlyProductIsNotActivated(t *testing.T) {
	c := fake.Machine()
	c.Rows["SoftwareLicensingProduct"][0].Props["VLActivationTypeEnabled"] = uint32(3)
	w := &remedy.WMI{C: c, WindowsVersion: "10.0.22621"}
	if err := w.Activate(context.Background(), "windows", ""); !errors.Is(err, remedy.ErrTokenOnly) || len(c.Calls) != 0 {
		t.Fatalf("%v %v", err, c.Strings())
	}
}

func TestScriptNeverCopiesTheReport(t *testing.T) {
	r := rep(report.Finding{ID: "dns.srv.missing", Steps: []report.Step{diagnose.SetKMS("kms01.contoso.local", 1688)}},
		report.Finding{ID: "tcp.timeout", Steps: []report.Step{diagnose.OnKMSHost(report.ShellCmd, report.Change, cmdlineLit("netsh advfirewall"))}})
	p := remedy.Build(r, r.Subject, remedy.Options{})
	p.Others[0].TitleText = "evil\r\ncalc.exe & %PATH% ^"
	p.Auto[0].TitleText = "t"
	for _, sh := range []report.Shell{report.ShellCmd, report.ShellPowerShell} {
		s := remedy.Script(p, sh, remedy.ScriptWords{Failed: "f", Done: "d", NotAdmin: "n", Others: "o", Group: map[remedy.Group]string{}})
		for _, l := range strings.Split(s, "\r\n") {
			if strings.HasPrefix(l, "calc") {
				t.Errorf("%s: a report's text broke out of a comment:\n%s", sh, s)
			}
		}
		if sh == report.ShellCmd && !strings.Contains(s, `cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /skms kms01.contoso.local:1688 || goto :failed`) {
			t.Errorf("cmd script:\n%s", s)
		}
		if sh == report.ShellPowerShell && !strings.Contains(s, `& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /skms 'kms01.contoso.local:1688'; if ($LASTEXITCODE -ne 0) { Stop-Fix }`) {
			t.Errorf("powershell script:\n%s", s)
		}
	}
}

// TestOfficeKeyOnlyFromTable: fix installs an Office KMS client key only
// when it is Microsoft's published key of a volume Office product of the
// report (knowledge.LookupOfficeGVLK), never another Office product's.
func TestOfficeKeyOnlyFromTable(t *testing.T) {
	const mak = "Office 19, Office19ProPlus2019VL_MAK_AE edition"
	k, ok := knowledge.LookupOfficeGVLK(mak, "VOLUME_MAK")
	if !ok {
		t.Fatal("no Office 2019 ProPlus key")
	}
	inpkey := func(key string) report.Step {
		st := officeAct()
		st.Op, st.OpArgs = report.OpInstallKey, map[string]string{"application": "office", "key": key}
		st.Run = `cscript "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /inpkey:` + key
		return st
	}
	for _, tt := range []struct {
		key    string
		reason remedy.Reason
	}{
		{k.Key, ""},
		{"7TQNQ-K3YQQ-3PFH7-CCPPM-X4VQ2", remedy.ReasonNotGVLK}, // Visio Standard 2019, not installed
		{"XQNVK-8JYDB-WJ9W3-YJ8YR-WFG99", remedy.ReasonNotGVLK}, // ProPlus 2016, another version
	} {
		r := rep(report.Finding{ID: "license.channel.not_kms", Steps: []report.Step{inpkey(tt.key)}})
		r.Products = append(r.Products, report.Product{Name: mak, Application: "office", Channel: "VOLUME_MAK"})
		p := remedy.Build(r, r.Subject, remedy.Options{})
		if tt.reason == "" {
			if len(p.Auto) != 1 || p.Auto[0].Args["key"] != tt.key || p.Auto[0].Args["application"] != "office" {
				t.Errorf("%s: auto = %+v, others = %+v", tt.key, p.Auto, p.Others)
			}
			continue
		}
		if len(p.Auto) != 0 || len(p.Others) != 1 || p.Others[0].Reason != tt.reason {
			t.Errorf("%s: auto = %+v, others = %+v", tt.key, p.Auto, p.Others)
		}
	}
}
