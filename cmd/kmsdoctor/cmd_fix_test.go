package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/remedy"
	"github.com/kmsdoctor/kmsdoctor/internal/remedy/fake"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"
	"github.com/kmsdoctor/kmsdoctor/internal/testutil/specfix"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

// offWindows makes fix behave as on Linux whatever the test runs on.
func offWindows(t *testing.T) {
	t.Helper()
	old := fixSys
	fixSys = fixSystem{windows: false, hostname: func() (string, error) { return "linux", nil }, clock: &fake.Clock{}}
	t.Cleanup(func() { fixSys = old })
}

// analyzeReport writes the report of `analyze --json` of an input of
// testdata/analyze/in to a temporary file.
func analyzeReport(t *testing.T, in string) (string, *report.Report) {
	t.Helper()
	return analyzeReportArgs(t, in, cloudArgs(in))
}

// analyzeReportArgs is analyzeReport with the cloud flags given.
func analyzeReportArgs(t *testing.T, in string, cloud []string) (string, *report.Report) {
	t.Helper()
	analyzeNow = func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }
	oldID := reportID
	reportID = func() string { return "00000000-0000-4000-8000-000000000000" }
	t.Cleanup(func() { analyzeNow, reportID = time.Now, oldID })
	args := []string{"analyze", "--json", "--lang", "en", in}
	args = append(args, cloud...)
	var out, errb bytes.Buffer
	run(context.Background(), args, nil, &out, &errb)
	r, err := report.Decode(out.Bytes())
	if err != nil {
		t.Fatalf("%s: %v", in, err)
	}
	p := filepath.Join(t.TempDir(), "report.json")
	if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, r
}

// fixInput is a report whose plan TestFixGolden checks.
type fixInput struct {
	name string // of the goldens
	path string // of the report
	r    *report.Report
	// always: a golden even when fix applies nothing (to show that).
	always bool
}

// alsoOnCloud are analyze inputs planned again as if analyzed on a cloud
// VM (--azure public, --cloud aws): the findings about the KMS a cloud VM
// must use. Their goldens are written even when fix applies nothing: on
// Azure, the technet client's own KMS host, and the KMS host key of a host
// that counts 3 clients, are a person's decision.
var alsoOnCloud = map[string][][]string{
	"en_dli_kms_client_win7_licensed_technet.txt": {{"--azure", "public"}, {"--cloud", "aws"}},
	"synth_en_dlv_kmshost_ws2012r2_count3.txt":    {{"--azure", "public"}},
}

// fixInputs are the reports of every input of testdata/analyze/in, of
// alsoOnCloud, of the analyze inputs of testdata/fix/in, and the stored
// reports (*.json) of testdata/fix/in (see its SOURCES.md).
func fixInputs(t *testing.T) []fixInput {
	t.Helper()
	var out []fixInput
	ins, _ := filepath.Glob("testdata/analyze/in/*")
	more, _ := filepath.Glob("testdata/fix/in/*")
	for _, in := range append(ins, more...) {
		base := filepath.Base(in)
		name := strings.TrimSuffix(base, filepath.Ext(base))
		switch {
		case base == "SOURCES.md":
			continue
		case strings.HasSuffix(base, ".json"):
			raw, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			r, err := report.Decode(raw)
			if err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			out = append(out, fixInput{name: name, path: in, r: r, always: true})
			continue
		}
		path, r := analyzeReport(t, in)
		out = append(out, fixInput{name: name, path: path, r: r, always: strings.HasPrefix(in, "testdata/fix/in/")})
		for _, cloud := range alsoOnCloud[base] {
			path, r := analyzeReportArgs(t, in, cloud)
			out = append(out, fixInput{name: name + "+" + strings.TrimPrefix(cloud[0], "--") + "-" + cloud[1], path: path, r: r, always: true})
		}
	}
	return out
}

// findingOps are, for each problem finding of r about its subject, the ops
// fix would apply (with opt) for that finding alone (a step two findings share is
// planned once, under the first, so a whole plan does not show them all).
func findingOps(r *report.Report, opt remedy.Options) map[string][]string {
	out := map[string][]string{}
	for _, f := range r.Findings {
		one := *r
		one.Findings = []report.Finding{f}
		one.Verdict.Primary = f.ID
		one.Machines = nil
		p := remedy.Build(&one, r.Subject, opt)
		// With --allow-destructive: the ops of the findings that have a
		// destructive one (it brings those around it along).
		if opt.AllowDestructive && !slices.ContainsFunc(p.Auto, remedy.Entry.Destructive) {
			continue
		}
		for _, e := range p.Auto {
			op := string(e.Op)
			if e.App() == remedy.AppOffice {
				op += "/office"
			}
			if !slices.Contains(out[f.ID], op) {
				out[f.ID] = append(out[f.ID], op)
				sort.Strings(out[f.ID])
			}
		}
	}
	return out
}

var fixFormats = map[string]string{"text": "txt", "json": "json", "cmd": "cmd", "powershell": "ps1"}

// TestFixGolden: `fix --from REPORT --dry-run` of every report of
// fixInputs whose plan has a step fix applies (and, when the plan has a
// destructive step, with --allow-destructive too), in both languages and
// every format, against testdata/fix (reviewed by hand). The findings and
// ops seen across those plans are exactly docs/spec.md's list of the
// findings fix can apply on the client.
func TestFixGolden(t *testing.T) {
	offWindows(t)
	wantApp, wantDes := specfix.Read(t, "../../docs/spec.md")
	seenApp, seenDes := map[string][]string{}, map[string][]string{}
	merge := func(into, from map[string][]string) {
		for id, ops := range from {
			for _, op := range ops {
				if !slices.Contains(into[id], op) {
					into[id] = append(into[id], op)
					sort.Strings(into[id])
				}
			}
		}
	}
	n := 0
	for _, in := range fixInputs(t) {
		p := remedy.Build(in.r, in.r.Subject, remedy.Options{})
		destructive := len(p.Group(remedy.GroupDestructive)) > 0
		// A destructive op anywhere in the plan (also one for a person,
		// such as the rearm of cloned clients): plan with
		// --allow-destructive too, to show what it applies then.
		anyDestructive := slices.ContainsFunc(p.Others, remedy.Entry.Destructive)
		if len(p.Auto) == 0 && !destructive && !in.always {
			continue
		}
		n++
		merge(seenApp, findingOps(in.r, remedy.Options{}))
		variants := [][]string{nil}
		if destructive {
			merge(seenDes, findingOps(in.r, remedy.Options{AllowDestructive: true}))
		}
		if anyDestructive {
			variants = append(variants, []string{"--allow-destructive"})
		}
		allowed := remedy.Build(in.r, in.r.Subject, remedy.Options{AllowDestructive: true})
		for _, e := range allowed.Others {
			if e.Destructive() && e.On == report.OnThisMachine && e.Group != remedy.GroupOtherMachine {
				t.Errorf("%s: with --allow-destructive, %q (%s) is still left for a person", in.name, e.Run, e.Reason)
			}
		}
		for _, extra := range variants {
			name := in.name
			if extra != nil {
				name += ".allow-destructive"
			}
			for _, lang := range []string{"en", "ja"} {
				for format, ext := range fixFormats {
					t.Run(name+"/"+lang+"/"+format, func(t *testing.T) {
						args := append([]string{"fix", "--from", in.path, "--dry-run", "--lang", lang, "--format", format}, extra...)
						out, errs, code := runCLI(t, args...)
						if code != 1 {
							t.Errorf("exit %d, want 1 (a dry run leaves the problem): %s", code, errs)
						}
						if format == "json" {
							var doc fixDoc
							if err := json.Unmarshal([]byte(out), &doc); err != nil || !doc.DryRun || len(doc.Plan.Auto) == 0 && (extra != nil || !destructive) && !in.always {
								t.Errorf("json: %v %+v", err, doc.Plan.Auto)
							}
							for _, e := range doc.Plan.Auto {
								if e.Destructive() && extra == nil {
									t.Errorf("a destructive step planned without --allow-destructive: %+v", e)
								}
							}
						}
						if format == "text" && extra != nil && destructive && !strings.Contains(out, map[string]string{"en": "cannot be undone", "ja": "元に戻"}[lang]) {
							t.Errorf("the plan does not say what it cannot undo:\n%s", out)
						}
						golden.Check(t, filepath.Join("testdata", "fix", name+"."+lang+"."+ext), []byte(out))
					})
				}
			}
		}
	}
	sameOps := func(what string, got, want map[string][]string) {
		for id, ops := range want {
			if !slices.Equal(got[id], ops) {
				t.Errorf("%s: the plans give %s the ops %v, docs/spec.md lists %v", what, id, got[id], ops)
			}
		}
		for id, ops := range got {
			if _, ok := want[id]; !ok {
				t.Errorf("%s: the plans apply %v for %s, which docs/spec.md does not list", what, ops, id)
			}
		}
	}
	sameOps("applicable", seenApp, wantApp)
	sameOps("destructive", seenDes, wantDes)
	if n == 0 {
		t.Fatal("no input with an applicable step")
	}
}

// onFakeWindows makes fix run as on Windows against the fake WMI.
func onFakeWindows(t *testing.T, c *fake.Caller, elevated bool, after *report.Report) {
	t.Helper()
	old := fixSys
	fixSys = fixSystem{windows: true, hostname: func() (string, error) { return "PC1", nil },
		ops: func() (remedy.Licensing, remedy.Time, remedy.DNS, error) {
			return &remedy.WMI{C: c, WindowsVersion: "10.0.22000"}, remedy.CommandTime{Run: c.Runner}, remedy.CommandDNS{Run: c.Runner}, nil
		},
		elevated: func() (bool, error) { return elevated, nil },
		clock:    &fake.Clock{T: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		retry:    remedy.Retry{Attempts: 3, Wait: 5 * time.Second},
		rediagnose: func(context.Context, *report.Report) (*report.Report, error) {
			if after == nil {
				return nil, os.ErrNotExist
			}
			return after, nil
		}}
	t.Cleanup(func() { fixSys = old })
}

func okReport() *report.Report {
	r := report.New("collect", time.Now())
	r.Verdict = report.Verdict{Status: report.StatusOK}
	return r
}

func runStdin(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	t.Setenv("NO_COLOR", "1")
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

const notificationIn = "testdata/analyze/in/en_status_win11pro_retail_notification_0xC004F034_kmsvlall22.txt"

func TestFixApply(t *testing.T) {
	path, _ := analyzeReport(t, notificationIn)
	key := "W269N-WFGWX-YVC9B-4J6C9-T83GX"
	applied := []string{
		fake.ServicePath + `.InstallProductKey("` + key + `")`,
		fake.ServicePath + `.RefreshLicenseStatus()`,
		fake.WindowsPath + `.Activate()`,
		fake.ServicePath + `.RefreshLicenseStatus()`,
	}
	t.Run("yes, fixed", func(t *testing.T) {
		c := fake.Machine()
		onFakeWindows(t, c, true, okReport())
		out, errs, code := runStdin(t, "", "fix", "--from", path, "--yes", "--lang", "en")
		if code != 0 {
			t.Fatalf("exit %d\n%s\n%s", code, out, errs)
		}
		if got := c.Strings(); !slices.Equal(got, applied) {
			t.Errorf("calls %v", got)
		}
		for _, want := range []string{"Before: problem (license.notification)", "After: no problem", "The root cause is gone."} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("confirm y then n", func(t *testing.T) {
		c := fake.Machine()
		onFakeWindows(t, c, true, okReport())
		out, errs, code := runStdin(t, "y\nn\n", "fix", "--from", path, "--lang", "ja")
		if code != 1 || !slices.Equal(c.Strings(), applied[:2]) {
			t.Fatalf("exit %d calls %v\n%s", code, c.Strings(), out)
		}
		if !strings.Contains(errs, "[y/N]") || !strings.Contains(out, "「いいえ」と答えた") {
			t.Errorf("stderr %q\nstdout %s", errs, out)
		}
	})
	t.Run("not elevated", func(t *testing.T) {
		c := fake.Machine()
		onFakeWindows(t, c, false, okReport())
		out, _, code := runStdin(t, "", "fix", "--from", path, "--yes", "--lang", "en")
		if code != 1 || len(c.Calls) != 0 || !strings.Contains(out, "not running as administrator") {
			t.Fatalf("exit %d calls %v\n%s", code, c.Strings(), out)
		}
	})
	t.Run("failure explained", func(t *testing.T) {
		c := fake.Machine()
		c.Faults = []*fake.Fault{{Method: "InstallProductKey", Err: fake.HRESULT(0xC004F050)}}
		onFakeWindows(t, c, true, okReport())
		out, _, code := runStdin(t, "", "fix", "--from", path, "--yes", "--lang", "en", "--json")
		var doc fixDoc
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if code != 1 || doc.Outcome != "failed" || len(c.Calls) != 1 || doc.Actions[0].Code != "0xC004F050" || doc.Actions[1].Result != "not_run" {
			t.Fatalf("exit %d calls %v doc %+v", code, c.Strings(), doc)
		}
		out, _, _ = runStdin(t, "", "fix", "--from", path, "--yes", "--lang", "en")
		if !strings.Contains(out, "0xC004F050:") || !strings.Contains(out, "explain 0xC004F050") || !strings.Contains(out, "nothing after it was applied") {
			t.Errorf("text:\n%s", out)
		}
	})
	t.Run("still broken", func(t *testing.T) {
		c := fake.Machine()
		_, before := analyzeReport(t, notificationIn)
		onFakeWindows(t, c, true, before)
		out, _, code := runStdin(t, "", "fix", "--from", path, "--yes", "--lang", "en")
		if code != 1 || !strings.Contains(out, "The root cause is still there") {
			t.Fatalf("exit %d\n%s", code, out)
		}
	})
	t.Run("another machine's report", func(t *testing.T) {
		c := fake.Machine()
		onFakeWindows(t, c, true, okReport())
		p2, _ := analyzeReport(t, "testdata/analyze/in/synth_en_dlv_client_ws2022_count.txt")
		out, _, code := runStdin(t, "", "fix", "--from", p2, "--yes", "--lang", "en")
		if code != 1 || len(c.Calls) != 0 || !strings.Contains(out, "not this computer") {
			t.Fatalf("exit %d calls %v\n%s", code, c.Strings(), out)
		}
	})
}

// TestFixHostileReport: steps a report claims fix can apply, which fix
// refuses after validating them itself; nothing is called.
func TestFixHostileReport(t *testing.T) {
	r := report.New("analyze", time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	r.Products = []report.Product{{Name: "Windows(R), Professional edition", Application: "windows"}}
	r.Subject.Build = "22000"
	step := func(run string, op report.Op, on report.Where, eff report.Effect, args map[string]string, holes ...string) report.Step {
		return report.Step{Run: run, Shell: report.ShellCmd, On: on, Effect: eff, Op: op, OpArgs: args, Holes: holes}
	}
	r.Findings = []report.Finding{{ID: "dns.srv.missing", Severity: report.Error,
		Message: report.FindingMessage{Title: report.Msg("finding.dns.srv.missing.title", nil)},
		Steps: []report.Step{
			step("slmgr.vbs /skms a&b:1688", report.OpSetKMS, report.OnThisMachine, report.Change, map[string]string{"host": "a&b", "port": "1688"}),
			step("slmgr.vbs /skms <KMS-HOST>:1688", report.OpSetKMS, report.OnThisMachine, report.Change, map[string]string{"host": "kms01", "port": "1688"}, "<KMS-HOST>"),
			step("slmgr.vbs /skms kms01:1688", report.OpSetKMS, report.OnKMSHost, report.Change, map[string]string{"host": "kms01", "port": "1688"}),
			step("slmgr.vbs /rearm", report.OpRearm, report.OnThisMachine, report.Change, nil),
			step("slmgr.vbs /ipk AAAAA-BBBBB-CCCCC-DDDDD-EEEEE", report.OpInstallKey, report.OnThisMachine, report.Change, map[string]string{"key": "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE"}),
			step("slmgr.vbs /ato & calc", report.OpActivate, report.OnThisMachine, report.Change, nil),
		}}}
	r.Verdict = report.Verdict{Status: report.StatusProblem, Primary: "dns.srv.missing"}
	raw, _ := json.Marshal(r)
	path := filepath.Join(t.TempDir(), "hostile.json")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	c := fake.Machine()
	onFakeWindows(t, c, true, okReport())
	out, errs, code := runStdin(t, "", "fix", "--from", path, "--yes", "--json")
	var doc fixDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v: %s %s", err, out, errs)
	}
	if len(c.Calls) != 0 || len(doc.Plan.Auto) != 0 || code != 1 {
		t.Fatalf("exit %d calls %v auto %+v", code, c.Strings(), doc.Plan.Auto)
	}
	if len(doc.Plan.Others) != 6 {
		t.Errorf("others %+v", doc.Plan.Others)
	}
	// Even with --allow-destructive, the rearm step passes every check but
	// is shown the count left before it is confirmed (here: --yes).
	c = fake.Machine()
	onFakeWindows(t, c, true, okReport())
	out, errs, _ = runStdin(t, "n\n", "fix", "--from", path, "--allow-destructive", "--lang", "en")
	if !strings.Contains(errs, "Rearms left: 1.") || slices.Contains(c.Strings(), fake.ServicePath+".ReArmWindows()") {
		t.Errorf("rearm: stderr %q calls %v\n%s", errs, c.Strings(), out)
	}
}

func TestFixUsage(t *testing.T) {
	offWindows(t)
	path, _ := analyzeReport(t, notificationIn)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no --from", []string{"fix"}, 2, "--from"},
		{"bundle", []string{"fix", "--from", "testdata/analyze/in/synth_bundle_kmshost_and_client.zip"}, 2, "collect"},
		{"bad format", []string{"fix", "--from", path, "--format", "xml"}, 2, "--format"},
		{"json and format", []string{"fix", "--from", path, "--json", "--format", "cmd"}, 2, "--json"},
		{"missing", []string{"fix", "--from", "nope.json"}, 2, "nope.json"},
		{"not a report", []string{"fix", "--from", "testdata/analyze/in/synth_unrecognized.txt"}, 2, "not a kmsdoctor report"},
		{"timeout", []string{"fix", "--from", path, "--timeout", "1ms"}, 2, "--timeout"},
		{"off windows is a dry run", []string{"fix", "--from", path, "--yes"}, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.stderr) {
				t.Errorf("exit %d stderr %q", code, errs)
			}
			if tt.code == 1 && !strings.Contains(out, "Not on Windows") {
				t.Errorf("stdout %s", out)
			}
		})
	}
	// A healthy report: nothing to fix, exit 0.
	healthy, _ := analyzeReport(t, "testdata/analyze/in/en_dli_kms_client_win7_licensed_technet.txt")
	if out, _, code := runCLI(t, "fix", "--from", healthy, "--lang", "en"); code != 0 || !strings.Contains(out, "nothing to fix") {
		t.Errorf("healthy: exit %d\n%s", code, out)
	}
}

// TestFixFromBundle: fix --from BUNDLE.zip diagnoses the bundle collect
// wrote, as analyze does, and plans from that report.
func TestFixFromBundle(t *testing.T) {
	withFakeSystem(t)
	zip := filepath.Join(t.TempDir(), "ws42.zip")
	if _, errs, code := runCLI(t, "collect", "-o", zip); code != 0 {
		t.Fatalf("collect: exit %d %s", code, errs)
	}
	want, _, _ := runCLI(t, "analyze", zip, "--json", "--lang", "en")
	wr, err := report.Decode([]byte(want))
	if err != nil {
		t.Fatal(err)
	}
	offWindows(t)
	out, errs, code := runCLI(t, "fix", "--from", zip, "--json", "--lang", "en")
	var doc fixDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("exit %d %s: %v\n%s", code, errs, err, out)
	}
	if code != 1 || !doc.DryRun || doc.Plan.Verdict.Primary != wr.Verdict.Primary || doc.Plan.Subject.Computer != "WS42.contoso.com" {
		t.Errorf("exit %d, doc %+v, want the verdict %+v of analyze", code, doc, wr.Verdict)
	}
}

// TestFixCollectsFirst: with no --from, fix diagnoses this machine through
// collect --analyze (here the fake machine) and plans for it as itself.
func TestFixCollectsFirst(t *testing.T) {
	withFakeSystem(t)
	c := fake.Machine()
	onFakeWindows(t, c, true, nil)
	fixSys.diagnose = func(ctx context.Context) (*report.Report, error) {
		r, m, err := machineDiagnosis(ctx)
		if err == nil && m.Computer == "" {
			t.Error("no manifest")
		}
		return r, err
	}
	out, errs, code := runCLI(t, "fix", "--dry-run", "--json", "--lang", "en")
	var doc fixDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("exit %d %s: %v\n%s", code, errs, err, out)
	}
	if len(doc.Notes) == 0 || !strings.Contains(doc.Notes[0], "Diagnosed this computer first") {
		t.Errorf("notes %q", doc.Notes)
	}
	for _, n := range doc.Notes {
		if strings.Contains(n, "not this computer") {
			t.Errorf("the machine's own diagnosis is taken as another machine's: %q", n)
		}
	}
	if doc.Plan.Subject.Computer != "WS42.contoso.com" || !doc.Plan.Verdict.IsProblem() || len(c.Calls) != 0 {
		t.Errorf("plan %+v calls %v", doc.Plan, c.Strings())
	}

	// Off Windows the real machine has no collect: --from is required.
	fixSys = fixSystem{windows: false, hostname: os.Hostname, diagnose: func(ctx context.Context) (*report.Report, error) {
		r, _, err := machineDiagnosis(ctx)
		return r, err
	}}
	newSystem = func() (winsys.System, error) { return winsys.System{}, winsys.ErrUnsupported }
	if _, errs, code := runCLI(t, "fix", "--lang", "en"); code != 2 || !strings.Contains(errs, "--from") {
		t.Errorf("exit %d stderr %q", code, errs)
	}
}

func TestSameHost(t *testing.T) {
	for _, tc := range []struct {
		computer, host string
		want           bool
	}{{"WS42.contoso.com", "ws42", true}, {"WS42", "WS42", true}, {"WS420.contoso.com", "WS42", false}, {"", "", false}} {
		if got := sameHost(tc.computer, tc.host); got != tc.want {
			t.Errorf("sameHost(%q, %q) = %v", tc.computer, tc.host, got)
		}
	}
}
