package diagnose

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/ingest"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/testutil/specfix"
)

// The findings `fix` can carry out on the client, derived from the rules
// themselves: every scenario of fixScenarios is diagnosed and the ops of
// the steps fix may apply are collected per finding id. The lists are
// reviewed constants, kept in docs/spec.md ("Findings fix can apply on
// the client"); cmd/kmsdoctor's TestFixGolden checks that the plan goldens
// cover every id of them.

// clientFixable: finding id -> the ops of its applicable steps
// (report.Step.Applicable: an op, on this machine, no holes, not
// destructive); "/office" marks an Office (ospp.vbs) op.
var clientFixable = map[string][]string{
	"azure.kms_address.unexpected":   {"set_kms"},
	"cloud.kms.unreachable":          {"activate", "set_kms"},
	"dns.srv.missing":                {"set_kms"},
	"events.failure.latest":          {"activate", "resync_time"},
	"events.failure.persistent":      {"activate", "resync_time"},
	"events.request.unanswered":      {"activate"},
	"license.access_denied":          {"activate"},
	"license.activation_error":       {"activate"},
	"license.channel.not_kms":        {"activate", "activate/office", "install_key", "install_key/office"},
	"license.expiring":               {"activate", "activate/office"},
	"license.grace":                  {"activate", "activate/office"},
	"license.kms_host_key_on_client": {"activate", "install_key"},
	"license.kms_name.wrong":         {"activate", "set_kms"},
	"license.notification":           {"activate", "activate/office", "install_key", "install_key/office"},
	"license.rearm.exhausted":        {"activate"},
	"license.unlicensed":             {"activate", "activate/office"},
	"office.events.failing":          {"activate/office"},
	"office.kms_history.failing":     {"activate/office"},
	"rpc.not_kms":                    {"set_kms"},
	"time.skew":                      {"activate", "resync_time"},
}

// clientDestructive: finding id -> the ops of a finding with a destructive
// step on this machine with no holes: fix applies them (the destructive
// one and those around it) only with --allow-destructive.
var clientDestructive = map[string][]string{
	"tokens.corrupt": {"activate", "rebuild_tokens"},
}

func opName(st report.Step) string {
	if st.OpArgs["application"] == "office" {
		return string(st.Op) + "/office"
	}
	return string(st.Op)
}

// fixInputSets are the analyze inputs of cmd/kmsdoctor/testdata/fix/in
// (not its stored reports), with the cloud their name gives (as
// cloudArgs of the cmd tests: "cloud-X" is --cloud X, "azure" --azure).
func fixInputSets(t *testing.T) map[string]*evidence.Set {
	sets := map[string]*evidence.Set{}
	ins, _ := filepath.Glob("../../cmd/kmsdoctor/testdata/fix/in/*")
	if len(ins) == 0 {
		t.Fatal("no fix inputs")
	}
	for _, in := range ins {
		name := filepath.Base(in)
		if strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".md") {
			continue
		}
		s, err := ingest.Paths([]string{in})
		if err != nil {
			t.Fatal(err)
		}
		cloud := ""
		if i := strings.Index(name, "cloud-"); i >= 0 {
			cloud = name[i+len("cloud-"):]
			if j := strings.IndexAny(cloud, "_."); j >= 0 {
				cloud = cloud[:j]
			}
		} else if strings.Contains(name, "azure") {
			cloud = "azure"
		}
		if c, ok := knowledge.LookupCloud(cloud); ok {
			s.Context.Cloud, s.Context.AzureCloud = c.Name, c.Azure
		}
		sets["fix/"+name] = s
	}
	return sets
}

// callSiteSets reach the op-builder call sites that no input of analyze
// reaches (the evidence of `check`'s live probes, the clouds one by one).
func callSiteSets() map[string]*evidence.Set {
	src := report.Source{Probe: "check"}
	sets := map[string]*evidence.Set{
		// net.rpc: one host answers the bind, another named host is a web
		// server: set_kms to the one that answered, on its port.
		"check rpc.not_kms with a working host": {Context: evidence.Context{Live: true},
			TCP: []evidence.TCPProbe{tcpOK("kms1.corp.test", "10.0.0.1:1700"), tcpOK("web.corp.test", "10.0.0.2:1688")},
			RPC: []evidence.RPCBind{rpc("kms1.corp.test", "10.0.0.1:1700", evidence.RPCAccepted), rpc("web.corp.test", "10.0.0.2:1688", evidence.RPCNotRPC)}},
		// net.srv: no SRV record, a host that answered.
		"check dns.srv.missing with a working host": {Context: evidence.Context{Live: true, Domain: "corp.test"},
			SRV: []evidence.SRVLookup{{Domain: "corp.test", Resolver: "system", Outcome: evidence.DNSNXDomain, Source: src}},
			TCP: []evidence.TCPProbe{tcpOK("kms1.corp.test", "10.0.0.1:1688")},
			RPC: []evidence.RPCBind{rpc("kms1.corp.test", "10.0.0.1:1688", evidence.RPCAccepted)}},
		// net.time and timeFix: a clock 5 hours off, in a domain and not.
		"check time.skew domain member": {Context: evidence.Context{Live: true, Domain: "corp.test"},
			Clock: []evidence.ClockSample{{Server: "dc1.corp.test:123", Offset: 5 * time.Hour, Source: src}}},
		"check time.skew workgroup": {Context: evidence.Context{Live: true},
			Clock: []evidence.ClockSample{{Server: "time.windows.com:123", Offset: -5 * time.Hour, Source: src}}},
		// net.time_state: w32tm /query /status of an unsynchronised clock.
		"w32tm unsynced":            {TimeSync: []evidence.TimeSync{{SourceName: "Local CMOS Clock", Leap: "3(not synchronized)", Unsynced: true}}},
		"clock stated as the cause": {TimeSync: []evidence.TimeSync{{Stratum: -1, Unsynced: true, Stated: "0xC004F074 error due to wrong time on computer"}}},
		// net.time_state: w32tm /resync that did not resync (no status).
		"w32tm resync failed": {TimeSync: []evidence.TimeSync{{Stratum: -1, Resync: true, Unsynced: true,
			ResyncError: "The computer did not resync because no time data was available."}}},
		// net.azure_address: the Azure KMS name resolves elsewhere.
		"check azure.kms_address.unexpected": {Context: evidence.Context{Live: true, Cloud: "azure", AzureCloud: "public"},
			Names: []evidence.NameLookup{{Name: "azkms.core.windows.net", Resolver: "system", Outcome: evidence.DNSFound, Addrs: []string{"10.20.30.40"}, Source: src}}},
	}
	// A licence state stated in words (prose, StatusFromText): activate
	// after the status; the code 0xC004F009 alone: license.notification.
	sets["state from text"] = &evidence.Set{Products: []evidence.Product{{Status: evidence.StatusUnlicensed, StatusFrom: evidence.StatusFromText,
		StatusText: "License status is Unlicensed", RemainingRearm: -1, GraceMinutes: -1, ExpiryMinutes: -1}}}
	sets["state from text office"] = &evidence.Set{Products: []evidence.Product{{Status: evidence.StatusUnlicensed, StatusFrom: evidence.StatusFromText,
		StatusText: "Excel shows Unlicensed Product", OSPP: true, RemainingRearm: -1, GraceMinutes: -1, ExpiryMinutes: -1}}}
	sets["code 0xC004F009"] = &evidence.Set{Codes: []evidence.CodeSeen{{Code: "0xC004F009", Context: "Notification Reason 0xC004F009"}}}
	// license.unlicensed: a KMS client key installed and Unlicensed (slmgr
	// /ato), an Office MAK the same (ospp.vbs /act), an ESU add-on by its
	// activation id (no op).
	sets["unlicensed kms client"] = &evidence.Set{Products: []evidence.Product{{Name: "Windows(R), Enterprise edition", Channel: "VOLUME_KMSCLIENT",
		Status: evidence.StatusUnlicensed, PartialKey: "NPPR9", RemainingRearm: -1, GraceMinutes: -1, ExpiryMinutes: -1}}}
	sets["unlicensed office"] = &evidence.Set{Products: []evidence.Product{{Name: "Office 16, Office16ProPlusVL_MAK edition", Channel: "VOLUME_MAK",
		Status: evidence.StatusUnlicensed, PartialKey: "AAAAA", RemainingRearm: -1, GraceMinutes: -1, ExpiryMinutes: -1}}}
	sets["unlicensed esu add-on"] = &evidence.Set{Products: []evidence.Product{{Name: "Windows(R), Client-ESU-Year6 add-on", Channel: "VOLUME_MAK",
		Status: evidence.StatusUnlicensed, PartialKey: "C4CBG", ActivationID: "0b533b5e-08b6-44f9-b885-c2de291ba456", RemainingRearm: -1, GraceMinutes: -1, ExpiryMinutes: -1}}}
	// cloud.kms / cloudFix: each cloud's KMS named by slmgr, with 0xC004F074.
	for _, c := range []string{"aws", "gcp", "oci", "azure"} {
		cl, _ := knowledge.LookupCloud(c)
		sets["slmgr "+c+" kms unreachable"] = &evidence.Set{
			Products: []evidence.Product{{Name: "Windows(R), ServerDatacenter edition", Channel: "VOLUME_KMSCLIENT", Status: evidence.StatusNotification,
				PartialKey: "WX4NM", KMSMachineName: cl.Target(), RemainingRearm: -1, GraceMinutes: -1, ExpiryMinutes: -1}},
			Codes: []evidence.CodeSeen{{Code: "0xC004F074"}}}
	}
	// events.client: a clock the KMS host keeps refusing (0xC004F06C) for
	// days: events.failure.persistent with the time steps of codeFix.
	var evs []evidence.Event
	for i, d := range []string{"2024-03-01 01:00", "2024-03-05 01:00", "2024-03-09 01:00"} {
		tm, _ := time.Parse("2006-01-02 15:04", d)
		evs = append(evs, evidence.Event{Provider: "Microsoft-Windows-Security-SPP", EventID: 12288, Computer: "PC1.corp.test", Time: tm,
			Data:   []string{"0xC004F06C, 0x00000000, kms1.corp.test:1688, 36f27b39-0000-0000-0000-000000000001, " + tm.Format("2006/01/02 15:04") + ", 0, 1, 200000, 73111121-5638-40f6-bc11-f1d7b0d64300, 25"},
			Source: evidence.Source{File: "events.xml", Line: i + 1}})
	}
	sets["events persistent 0xC004F06C"] = &evidence.Set{Events: evs}
	// codes.inferred: a code alone.
	for _, c := range []string{"0xC004F06C", "0xC004E015", "0xC004D301", "0x80070005", "0x8007232B", "0xC004D302"} {
		sets["code "+c] = &evidence.Set{Codes: []evidence.CodeSeen{{Code: c}}}
	}
	return sets
}

// fixScenarios is every scenario of the diagnose tests that TestEveryStepIsTyped
// walks, the fix inputs, the analyze inputs on AWS, and callSiteSets.
func fixScenarios(t *testing.T) map[string]*evidence.Set {
	sets := allSets(t)
	for k, v := range fixInputSets(t) {
		sets[k] = v
	}
	for k, v := range callSiteSets() {
		sets[k] = v
	}
	ins, _ := filepath.Glob("../../cmd/kmsdoctor/testdata/analyze/in/*")
	for _, in := range ins {
		s, err := ingest.Paths([]string{in})
		if err != nil {
			t.Fatal(err)
		}
		s.Context.Cloud = "aws"
		sets[filepath.Base(in)+"+aws"] = s
	}
	return sets
}

// clientOps diagnoses every scenario and returns, per finding id, the ops
// of its applicable steps and of its destructive steps on this machine.
func clientOps(t *testing.T) (applicable, destructive map[string][]string) {
	applicable, destructive = map[string][]string{}, map[string][]string{}
	add := func(m map[string][]string, id, op string) {
		if !slices.Contains(m[id], op) {
			m[id] = append(m[id], op)
			sort.Strings(m[id])
		}
	}
	for _, s := range fixScenarios(t) {
		r := report.New("analyze", time.Now())
		Run(s, r)
		for _, f := range r.Findings {
			// A finding with a destructive step: fix applies its ops
			// (all of them, in order) only with --allow-destructive.
			held := slices.ContainsFunc(f.Steps, func(st report.Step) bool {
				return st.Op != "" && st.On == report.OnThisMachine && len(st.Holes) == 0 && st.Effect == report.Destructive
			})
			for _, st := range f.Steps {
				switch {
				case held && st.Op != "" && st.On == report.OnThisMachine && len(st.Holes) == 0:
					add(destructive, f.ID, opName(st))
				case st.Applicable():
					add(applicable, f.ID, opName(st))
				}
			}
		}
	}
	return applicable, destructive
}

func sameLists(t *testing.T, what string, got, want map[string][]string) {
	t.Helper()
	for id, ops := range got {
		if !slices.Equal(ops, want[id]) {
			t.Errorf("%s: %s has %v, the reviewed list says %v", what, id, ops, want[id])
		}
	}
	for id, ops := range want {
		if _, ok := got[id]; !ok {
			t.Errorf("%s: no scenario gives %s the ops %v", what, id, ops)
		}
	}
}

// TestClientFixable: the findings fix can apply on the client are exactly
// the reviewed lists, and docs/spec.md lists the same.
func TestClientFixable(t *testing.T) {
	applicable, destructive := clientOps(t)
	sameLists(t, "applicable", applicable, clientFixable)
	sameLists(t, "destructive", destructive, clientDestructive)
	docApp, docDes := specfix.Read(t, "../../docs/spec.md")
	sameLists(t, "docs/spec.md applicable", docApp, clientFixable)
	sameLists(t, "docs/spec.md destructive", docDes, clientDestructive)
}

// opCallSites are the calls of the op builders (and of the helpers of the
// rules that call them) in rules_*.go, by file and declaration (a rule is
// "register <name>"), each reviewed: the scenario of fixScenarios that
// reaches it is named after it. A new call site fails this test until a
// scenario reaches it and clientFixable is reviewed again.
var opCallSites = map[string]int{
	"rules_cloud.go cloudFix Activate":                                   1, // slmgr <cloud> kms unreachable
	"rules_cloud.go cloudFix SetKMS":                                     1, // same
	"rules_cloud.go register cloud.kms cloudFix":                         1, // same; fix/synth_en_eventviewer_aws_kms_unanswered
	"rules_codes.go register codes.inferred Activate":                    2, // code 0x80070005; fix/synth_en_ato_access_denied; callSiteSets "code 0xC004F009" (license.notification)
	"rules_license.go register license.state stateFromText":              1, // callSiteSets "state from text"
	"rules_license_text.go stateFromText activate":                       1, // same (Windows: the text names no product)
	"rules_license_text.go stateFromText withOp":                         1, // callSiteSets "state from text office" (a hole: never applied)
	"rules_codes.go register codes.inferred RebuildTokens":               1, // code 0xC004D301 (license.codes says 0xC004E015 first)
	"rules_codes.go register codes.inferred SetKMSHole":                  1, // code 0x8007232B (a hole: never applied)
	"rules_codes.go register codes.inferred timeFix":                     1, // code 0xC004F06C
	"rules_events.go codeFix Activate":                                   1, // fix/synth_en_eventviewer_aws_kms_unanswered
	"rules_events.go codeFix ResyncTime":                                 1, // fix/real_en_12288_0xC004F06C
	"rules_events.go clientFindings codeFix":                             2, // same two
	"rules_events.go hostCount Activate":                                 1, // kmshost.cmid.duplicate: on admin (clones), never applied
	"rules_events.go hostCount Rearm":                                    1, // same
	"rules_events.go register events.client clientFindings":              1,
	"rules_events.go register events.kmshost hostCount":                  1,
	"rules_license.go InstallOfficeKey withOp":                           1, // synth_en_dlv_win7_office2013_mak_kms
	"rules_license.go activate Activate":                                 1,
	"rules_license.go activate withOp":                                   1,
	"rules_license.go gvlkSteps Activate":                                1, // en_status_win11pro_retail_notification
	"rules_license.go gvlkSteps InstallKey":                              1, // same
	"rules_license.go gvlkSteps InstallOfficeKey":                        1, // synth_en_dlv_win7_office2013_mak_kms
	"rules_license.go gvlkSteps activate":                                2, // same; the <GVLK> hole of an unknown Office
	"rules_license.go gvlkSteps withOp":                                  1, // unknown Office (a hole: never applied)
	"rules_license.go register license.channel gvlkSteps":                2, // not_kms; kms_host_key_on_client (+azure)
	"rules_license.go register license.codes Activate":                   1, // en_rearm_ato_errors_0xC004D302
	"rules_license.go register license.codes RebuildTokens":              1, // fix/synth_en_ato_tokens_0xC004E015
	"rules_license.go register license.kms_name activate":                1, // en_dli_kms_client_win7_licensed_technet +aws (+azure: admin)
	"rules_license.go register license.kms_name setKMS":                  1, // same
	"rules_license.go register license.state activate":                   4, // notification, grace, expiring, rearm.exhausted
	"rules_license.go register license.state gvlkSteps":                  1, // retail notification
	"rules_license.go register license.state unlicensed":                 1, // license.unlicensed: callSiteSets "unlicensed kms client" (activate), "unlicensed office" (activate/office)
	"rules_license.go unlicensed activate":                               1, // same; an add-on gets ActivateProduct instead (no op: a person's step)
	"rules_license.go setKMS SetKMS":                                     1,
	"rules_license.go setKMS withOp":                                     1, // Office: license.kms_name judges Windows only, unreached
	"rules_office_events.go register office.events codeFix":              1, // fix/synth_office_8198_with_dstatus
	"rules_office_events.go register office.events officeActivate":       1, // same
	"rules_office_history.go register office.kms_history codeFix":        1, // fix/synth_office_history_failing_with_dstatus
	"rules_office_history.go register office.kms_history officeActivate": 1, // same
	"rules_office_history.go officeActivate activate":                    1, // the product known: same
	"rules_office_history.go officeActivate withOp":                      1, // no product: a hole (analyze/in/synth_en_ospp_dhistorykms_*)
	"rules_net.go register net.azure_address SetKMS":                     1, // fix/synth_en_nslookup_azkms_private_address_azure
	"rules_net.go register net.rpc SetKMS":                               1, // check rpc.not_kms with a working host; fix/check_rpc_not_kms_loopback.json
	"rules_net.go register net.rpc SetKMSHole":                           1, // hostile h*:host (a hole)
	"rules_net.go register net.srv SetKMS":                               1, // synth_ja_ticket_nslookup_nxdomain_tnc_false
	"rules_net.go register net.srv SetKMSHole":                           1, // hostile h*:domain (a hole)
	"rules_net.go register net.time timeFix":                             1, // check time.skew *; synth_en_stripchart_skew
	"rules_net.go register net.time_state timeFix":                       3, // w32tm unsynced; w32tm resync failed; clock stated as the cause
	"rules_net.go timeFix Activate":                                      2,
	"rules_net.go timeFix ResyncTime":                                    2,
}

// TestOpCallSites lists the calls of the op builders in the rules (and of
// the rule helpers that call them, found transitively) and checks them
// against the reviewed opCallSites.
func TestOpCallSites(t *testing.T) {
	builders := map[string]bool{"SetKMS": true, "SetKMSProduct": true, "SetKMSHole": true, "ClearKMS": true, "SetKMSDomain": true,
		"Activate": true, "InstallKey": true, "ResyncTime": true, "FlushDNS": true, "RebuildTokens": true, "Rearm": true, "withOp": true}
	files, _ := filepath.Glob("rules_*.go")
	fset := token.NewFileSet()
	type site struct{ file, decl, callee string }
	var sites []site
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			name := ""
			switch d := d.(type) {
			case *ast.FuncDecl:
				name = d.Name.Name
			case *ast.GenDecl:
				ast.Inspect(d, func(n ast.Node) bool {
					if c, ok := n.(*ast.CallExpr); ok && name == "" {
						if id, ok := c.Fun.(*ast.Ident); ok && (id.Name == "register" || id.Name == "registerLast") && len(c.Args) > 0 {
							if l, ok := c.Args[0].(*ast.BasicLit); ok {
								v, _ := strconv.Unquote(l.Value)
								name = "register " + v
							}
						}
					}
					return true
				})
			}
			if name == "" {
				continue
			}
			ast.Inspect(d, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					if id, ok := c.Fun.(*ast.Ident); ok {
						sites = append(sites, site{f, name, id.Name})
					}
				}
				return true
			})
		}
	}
	// The helpers: declarations that call a builder, until no new one.
	for changed := true; changed; {
		changed = false
		for _, s := range sites {
			if builders[s.callee] && !strings.HasPrefix(s.decl, "register ") && !builders[s.decl] {
				builders[s.decl], changed = true, true
			}
		}
	}
	got := map[string]int{}
	for _, s := range sites {
		if builders[s.callee] && s.decl != s.callee {
			got[s.file+" "+s.decl+" "+s.callee]++
		}
	}
	for k, n := range got {
		if opCallSites[k] != n {
			t.Errorf("%s: %d calls, reviewed %d: reach it with a scenario of fixScenarios and review clientFixable", k, n, opCallSites[k])
		}
	}
	for k := range opCallSites {
		if _, ok := got[k]; !ok {
			t.Errorf("%s: reviewed but not found", k)
		}
	}
}

// TestFixPlanRegressions are the wrong plans issue 13's review found.
func TestFixPlanRegressions(t *testing.T) {
	steps := func(s *evidence.Set, id string) []report.Step {
		r := report.New("analyze", time.Now())
		Run(s, r)
		for _, f := range r.Findings {
			if f.ID == id {
				return f.Steps
			}
		}
		t.Fatalf("no %s", id)
		return nil
	}
	// rpc.not_kms pointed the machine at the host that answered on the
	// KMS port 1688 even when it answered on another port.
	for _, st := range steps(callSiteSets()["check rpc.not_kms with a working host"], IDRPCNotKMS) {
		if st.Op == report.OpSetKMS && (st.Run != "slmgr.vbs /skms kms1.corp.test:1700" || st.OpArgs["port"] != "1700" || !st.Applicable()) {
			t.Errorf("rpc.not_kms: %+v", st)
		}
	}
	// An Azure VM on an on-premises KMS host (a valid set-up over
	// ExpressRoute or a VPN, the finding says) was repointed at Azure's
	// KMS by fix: leaving that host is a person's decision.
	onprem := &evidence.Set{Context: evidence.Context{Cloud: "azure", AzureCloud: "public"},
		Products: []evidence.Product{{Name: "Windows(R), Enterprise edition", Channel: "VOLUME_KMSCLIENT", Status: evidence.StatusLicensed,
			PartialKey: "2YT43", KMSMachineName: "kms01.contoso.local:1688", RemainingRearm: -1, GraceMinutes: -1, ExpiryMinutes: 200000}}}
	st := steps(onprem, IDLicenseKMSNameWrong)
	if len(st) != 2 || st[0].Run != "slmgr.vbs /skms azkms.core.windows.net:1688" {
		t.Fatalf("on premises: %+v", st)
	}
	for _, s := range st {
		if s.Applicable() || s.On != report.OnAdmin {
			t.Errorf("on premises: %+v is fix's to apply", s)
		}
	}
	// A KMS host key on an Azure VM whose KMS service already counts
	// clients: fix replaced it with a client key, which ends the service
	// for those clients. That is a person's decision; with a count of 0,
	// fix may replace it.
	for _, tc := range []struct {
		count int
		auto  bool
	}{{3, false}, {0, true}, {-1, true}} {
		host := &evidence.Set{Context: evidence.Context{Cloud: "azure", AzureCloud: "public"},
			Products: []evidence.Product{{Name: "Windows(R), ServerStandard edition", Channel: "VOLUME_KMS_2012-R2_WIN", Build: "9600", Status: evidence.StatusLicensed,
				PartialKey: "7KJ3H", RemainingRearm: -1, GraceMinutes: -1, ExpiryMinutes: -1, KMSHost: &evidence.KMSHostInfo{CurrentCount: tc.count}}}}
		n := 0
		for _, s := range steps(host, IDLicenseKMSHostKey) {
			if s.IsCommand() {
				n++
				if s.Applicable() != tc.auto {
					t.Errorf("count %d: %q applicable %v", tc.count, s.Run, s.Applicable())
				}
			}
		}
		if n != 2 {
			t.Errorf("count %d: %d commands", tc.count, n)
		}
	}
	// Another cloud's KMS on an Azure VM is an error: fix repoints it.
	other := *onprem
	other.Products = slices.Clone(onprem.Products)
	other.Products[0].KMSMachineName = "169.254.169.250:1688"
	for _, s := range steps(&other, IDLicenseKMSNameWrong) {
		if !s.Applicable() {
			t.Errorf("another cloud's KMS: %+v not applicable", s)
		}
	}
}
