package diagnose

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/ingest"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// hostileValues are names an attacker controls: an SRV target, a computer
// name pasted in a ticket, a host given on the command line.
var hostileValues = []string{"kms&calc.exe&.corp.test", "kms01&calc.exe&", "-x", "$(calc)", "a`b", "a;b|c", "%PATH%", "!x!", "a'b\"c", "kms\nb", "ｋｍｓ.corp.test"}

// hostileTNC is Test-NetConnection output with a hostile computer name.
const hostileTNC = `> Test-NetConnection kms01 -Port 1688
WARNING: TCP connect to (10.0.0.9 : 1688) failed
ComputerName           : kms01&calc.exe&
RemoteAddress          : 10.0.0.9
RemotePort             : 1688
InterfaceAlias         : Ethernet
SourceAddress          : 10.0.0.5
PingSucceeded          : True
TcpTestSucceeded       : False
`

// hostileSets are evidence sets whose names are hostile, one per place a
// name enters a command.
func hostileSets() map[string]*evidence.Set {
	sets := map[string]*evidence.Set{}
	for i, v := range hostileValues {
		p := "h" + strconv.Itoa(i) + ":"
		src := report.Source{Probe: "check"}
		// An SRV record whose target is v and does not resolve; v also as
		// the domain, a resolver, a time server and a KMS host.
		sets[p+"srv"] = &evidence.Set{Context: evidence.Context{Domain: "corp.test"},
			SRV: []evidence.SRVLookup{{Domain: "corp.test", Resolver: "system", Outcome: evidence.DNSFound, Source: src,
				Records: []evidence.SRVRecord{{Target: v, Port: 1688}, {Target: "kms1.corp.test", Port: 1688}}}},
			Names: []evidence.NameLookup{{Name: v, Resolver: "system", Outcome: evidence.DNSNXDomain, Source: src}},
			TCP:   []evidence.TCPProbe{tcpOK("kms1.corp.test", "10.0.0.1:1688")},
		}
		sets[p+"domain"] = &evidence.Set{Context: evidence.Context{Domain: v},
			SRV:       []evidence.SRVLookup{{Domain: v, Resolver: "10.0.0.53", Outcome: evidence.DNSNXDomain, Source: src}},
			Resolvers: []evidence.Resolver{{Server: v, Reachable: false, Err: "timeout"}}}
		sets[p+"host"] = &evidence.Set{
			TCP: []evidence.TCPProbe{tcpFail(v, "", evidence.TCPTimeout), tcpFail(v, "", evidence.TCPRefused),
				tcpFail(v, "", evidence.TCPUnreachable), tcpFail(v, "", evidence.TCPLoss), tcpFail(v, "", "error")},
			RPC:   []evidence.RPCBind{rpc(v, "10.0.0.1:1688", evidence.RPCRejected), rpc(v, "10.0.0.2:1688", evidence.RPCAccepted)},
			Clock: []evidence.ClockSample{{Server: v, Offset: 6 * time.Hour, Source: src}},
			Names: []evidence.NameLookup{{Name: v, Resolver: "system", Outcome: evidence.DNSNXDomain, Source: src},
				{Name: v, Resolver: "10.0.0.53", Outcome: evidence.DNSFound, Addrs: []string{"10.0.0.1"}, Source: src}},
		}
		// An OCI security list, NSG and route table whose OCIDs are v.
		sets[p+"oci"] = &evidence.Set{Products: []evidence.Product{{Name: "Windows(R), ServerStandard edition", KMSMachineName: "10.0.5.10:1688"}},
			CloudNet: []evidence.CloudDoc{{Kind: evidence.OCISecurityList, ID: v, Name: v}, {Kind: evidence.OCINSG, ID: v},
				{Kind: evidence.OCIRouteTable, ID: v, Routes: []evidence.CloudRoute{{Dest: "0.0.0.0/0", Target: v, TargetKind: "privateip"}}}}}
		// A hierarchical and a regional network firewall policy named v
		// that deny the KMS.
		sets[p+"gcppolicy"] = &evidence.Set{CloudNet: []evidence.CloudDoc{
			{Kind: evidence.GCPPolicy, PolicyType: "NETWORK_REGIONAL", Name: v, Region: v, Rules: []evidence.CloudRule{{Egress: true, Action: "deny", Protocol: "all", Priority: 7}}},
			{Kind: evidence.GCPPolicy, PolicyType: "HIERARCHY", Name: v, ShortName: v, Rules: []evidence.CloudRule{{Egress: true, Action: "deny", Protocol: "all", Priority: 9}}}}}
		// Another SRV name's domain and an ipconfig suffix and server that
		// are v (rules_unrelated.go).
		sets[p+"dnsconfig"] = &evidence.Set{
			OtherSRV:  []evidence.OtherSRVLookup{{Name: "_kerberos._udp." + v, Domain: v, Outcome: evidence.DNSFound, Source: src}},
			DNSConfig: []evidence.DNSClientConfig{{Adapter: "Ethernet adapter " + v, Suffix: v, Servers: []string{v, "10.0.0.53"}, Source: src}}}
		sets[p+"office"] = &evidence.Set{Context: evidence.Context{AzureCloud: "public"},
			Products: []evidence.Product{{Name: "Office " + v + ", VOLUME_KMSCLIENT", Channel: "VOLUME_KMSCLIENT", Status: evidence.StatusNotification, PartialKey: "XXXXX", KMSMachineName: v},
				{Name: "Windows(R), ServerDatacenter edition", Channel: "RETAIL", Status: evidence.StatusNotification, PartialKey: "XXXXX", KMSMachineName: v, RemainingRearm: -1}}}
	}
	s := &evidence.Set{}
	ingest.Text("tnc.txt", hostileTNC, s)
	sets["tnc"] = s
	// No domain anywhere: the commands hold <DOMAIN>.
	sets["nodomain"] = &evidence.Set{SRV: []evidence.SRVLookup{{Resolver: "10.0.0.53", Outcome: evidence.DNSNXDomain}},
		Resolvers: []evidence.Resolver{{Server: "10.0.0.54", Reachable: false, Err: "timeout"}},
		Notes:     []evidence.Note{{Kind: evidence.NoteNoDomain, Detail: "/etc/resolv.conf"}}}
	return sets
}

// allSets is every golden input of `analyze`, the Azure exports together,
// and the hostile sets.
func allSets(t *testing.T) map[string]*evidence.Set {
	sets := hostileSets()
	ins, _ := filepath.Glob("../../cmd/kmsdoctor/testdata/analyze/in/*")
	if len(ins) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, in := range ins {
		s, err := ingest.Paths([]string{in})
		if err != nil {
			t.Fatal(err)
		}
		sets[filepath.Base(in)] = s
		az := *s
		az.Context.AzureCloud = "public"
		sets[filepath.Base(in)+"+azure"] = &az
	}
	azs, _ := filepath.Glob("../azure/testdata/*.json")
	s, err := ingest.Paths(azs)
	if err != nil {
		t.Fatal(err)
	}
	s.Context.AzureCloud = "public"
	sets["azure"] = s
	for _, f := range azs {
		one, _ := ingest.Paths([]string{f})
		one.Context.AzureCloud = "public"
		sets[filepath.Base(f)] = one
	}
	return sets
}

var opArgCheck = map[string]func(string) bool{
	"host":        func(v string) bool { h, ok := cmdline.Host(v); return ok && h == v },
	"port":        func(v string) bool { _, ok := cmdline.PortString(v); return ok },
	"domain":      func(v string) bool { d, ok := cmdline.Domain(v); return ok && d == v },
	"key":         func(v string) bool { k, ok := cmdline.ProductKey(v); return ok && k == v },
	"application": func(v string) bool { return v == "office" },
}

// TestEveryStepIsTyped walks every step of every rule over a rich evidence
// set and checks what `fix` relies on.
func TestEveryStepIsTyped(t *testing.T) {
	commands := 0
	for name, s := range allSets(t) {
		// The inputs of some goldens do name example.com hosts; elsewhere
		// such a name in a command would be invented.
		invented := !strings.Contains(fmt.Sprintf("%+v", *s), "example.com")
		r := report.New("analyze", time.Now())
		Run(s, r)
		for _, f := range r.Findings {
			for i, st := range f.Steps {
				where := name + ": " + f.ID + " step " + strconv.Itoa(i) + " " + strconv.Quote(st.Run)
				if st.Say != nil && !i18n.Has(st.Say.Key) {
					t.Errorf("%s: catalogue lacks %s", where, st.Say.Key)
				}
				if !st.IsCommand() {
					if st.Op != "" || st.Shell != "" {
						t.Errorf("%s: a step without a command has op %q shell %q", where, st.Op, st.Shell)
					}
					continue
				}
				commands++
				if st.Shell == "" || st.On == "" || st.Effect == "" {
					t.Errorf("%s: shell %q on %q effect %q", where, st.Shell, st.On, st.Effect)
				}
				if (len(st.Holes) > 0 || st.On != report.OnThisMachine || st.Effect == report.Destructive) && st.Applicable() {
					t.Errorf("%s: applicable with holes %v on %s effect %s", where, st.Holes, st.On, st.Effect)
				}
				for k, v := range st.OpArgs {
					if st.Op == "" {
						t.Errorf("%s: args without an op", where)
					}
					if chk, ok := opArgCheck[k]; !ok || !chk(v) {
						t.Errorf("%s: op arg %s=%q not validated", where, k, v)
					}
				}
				if st.Op != "" && len(st.Holes) == 0 && st.OpArgs["application"] == "" {
					switch st.Op {
					case report.OpSetKMS:
						if st.OpArgs["host"] == "" || st.OpArgs["port"] == "" {
							t.Errorf("%s: set_kms without host and port", where)
						}
					case report.OpInstallKey:
						if st.OpArgs["key"] == "" {
							t.Errorf("%s: install_key without key", where)
						}
					}
				}
				if invented && strings.Contains(st.Run, "example.com") {
					t.Errorf("%s: an invented value in a command", where)
				}
				low := strings.ToLower(st.Run)
				if (strings.Contains(low, "sysprep") || strings.Contains(low, "tokens.dat") || strings.Contains(low, "/rearm")) && st.Effect != report.Destructive {
					t.Errorf("%s: destructive command marked %s", where, st.Effect)
				}
				if holes(nil, st.Run) != nil && len(st.Holes) == 0 {
					t.Errorf("%s: placeholder not listed in holes", where)
				}
				if strings.HasPrefix(low, "az ") != (st.Shell == report.ShellAz) {
					t.Errorf("%s: shell %s", where, st.Shell)
				}
				if strings.Contains(st.Run, "Az") && strings.Contains(st.Run, "-Az") && st.On != report.OnCloud {
					t.Errorf("%s: PowerShell Az not on cloud", where)
				}
				if (strings.HasPrefix(st.Run, "dnscmd") || strings.Contains(st.Run, "DnsServerResourceRecord")) && st.On != report.OnDNSServer {
					t.Errorf("%s: a DNS server command on %s", where, st.On)
				}
			}
		}
	}
	if commands < 100 {
		t.Errorf("only %d command steps walked", commands)
	}
}

// TestHostileValuesNeverReachACommand: a hostile name never stands in a
// command line unquoted; where it was left out the step says why.
func TestHostileValuesNeverReachACommand(t *testing.T) {
	for name, s := range hostileSets() {
		r := report.New("analyze", time.Now())
		Run(s, r)
		explained := false
		for _, f := range r.Findings {
			for _, st := range f.Steps {
				if st.Say != nil && st.Say.Key == "fix.step.invalid_value" {
					explained = true
					if !st.IsCommand() || len(st.Holes) == 0 || st.Applicable() {
						t.Errorf("%s: %s: an invalid value note on %+v", name, f.ID, st)
					}
				}
				for _, v := range append(hostileValues, "calc.exe") {
					if strings.Contains(st.Run, v) {
						t.Errorf("%s: %s: %q in %q", name, f.ID, v, st.Run)
					}
				}
				if strings.Contains(st.Run, " -x") && !strings.Contains(st.Run, "'-x'") {
					t.Errorf("%s: %s: option injection in %q", name, f.ID, st.Run)
				}
			}
		}
		if !explained && !strings.HasSuffix(name, ":office") && name != "nodomain" {
			t.Errorf("%s: no step says why a value was left out", name)
		}
	}
}

// TestHostileRegressions are the three cases of issue 11.
func TestHostileRegressions(t *testing.T) {
	run := func(s *evidence.Set) []report.Step {
		r := report.New("analyze", time.Now())
		Run(s, r)
		var out []report.Step
		for _, f := range r.Findings {
			out = append(out, f.Steps...)
		}
		return out
	}
	find := func(steps []report.Step, prefix string) *report.Step {
		for i := range steps {
			if strings.HasPrefix(steps[i].Run, prefix) {
				return &steps[i]
			}
		}
		return nil
	}
	// An SRV target kms&calc.exe&.corp.test that does not resolve.
	srv := &evidence.Set{SRV: []evidence.SRVLookup{{Domain: "corp.test", Resolver: "system", Outcome: evidence.DNSFound,
		Records: []evidence.SRVRecord{{Target: "kms&calc.exe&.corp.test", Port: 1688}}}},
		Names: []evidence.NameLookup{{Name: "kms&calc.exe&.corp.test", Resolver: "system", Outcome: evidence.DNSNXDomain}}}
	st := find(run(srv), "dnscmd /RecordDelete")
	if st == nil || st.Run != "dnscmd /RecordDelete corp.test _vlmcs._tcp SRV 0 0 1688 <KMS-HOST> /f" || st.Say == nil || st.On != report.OnDNSServer {
		t.Errorf("SRV target: %+v", st)
	}
	// A pasted ComputerName : kms01&calc.exe&.
	s := &evidence.Set{}
	ingest.Text("tnc.txt", hostileTNC, s)
	st = find(run(s), "tracert -d")
	if st == nil || st.Run != "tracert -d <KMS-HOST>" || st.Say == nil || !strings.Contains(st.Say.Args["values"].(string), "kms01&calc.exe&") {
		t.Errorf("pasted TNC: %+v", st)
	}
	// check --host -x.
	x := &evidence.Set{Context: evidence.Context{Live: true}, TCP: []evidence.TCPProbe{tcpFail("-x", "", evidence.TCPTimeout)},
		Names: []evidence.NameLookup{{Name: "-x", Resolver: "system", Outcome: evidence.DNSNXDomain}}}
	steps := run(x)
	if st := find(steps, "nslookup"); st == nil || st.Run != "nslookup <KMS-HOST>" || st.Say == nil {
		t.Errorf("--host -x: nslookup %+v", st)
	}
	if st := find(steps, "tracert -d"); st == nil || st.Run != "tracert -d <KMS-HOST>" {
		t.Errorf("--host -x: TNC %+v", st)
	}
}

// TestOpBuilders pins the command lines and ops `fix` reads.
func TestOpBuilders(t *testing.T) {
	tests := []struct {
		st   report.Step
		run  string
		op   report.Op
		args map[string]string
		ok   bool
	}{
		{SetKMS("kms1.corp.test", 1688), "slmgr.vbs /skms kms1.corp.test:1688", report.OpSetKMS, map[string]string{"host": "kms1.corp.test", "port": "1688"}, true},
		{SetKMS("2001:db8::1", 1688), "slmgr.vbs /skms [2001:db8::1]:1688", report.OpSetKMS, map[string]string{"host": "2001:db8::1", "port": "1688"}, true},
		{SetKMS("kms&calc", 1688), "slmgr.vbs /skms <KMS-HOST>:1688", report.OpSetKMS, map[string]string{"port": "1688"}, false},
		{SetKMS("", 1688), "slmgr.vbs /skms <KMS-HOST>:1688", report.OpSetKMS, map[string]string{"port": "1688"}, false},
		{ClearKMS(), "slmgr.vbs /ckms", report.OpClearKMS, nil, true},
		{SetKMSDomain("corp.test"), "slmgr.vbs /skms-domain corp.test", report.OpSetKMSDomain, map[string]string{"domain": "corp.test"}, true},
		{SetKMSDomain(""), "slmgr.vbs /skms-domain <DOMAIN>", report.OpSetKMSDomain, nil, false},
		{Activate(), "slmgr.vbs /ato", report.OpActivate, nil, true},
		{ResyncTime(), "w32tm /resync", report.OpResyncTime, nil, true},
		{FlushDNS(), "ipconfig /flushdns", report.OpFlushDNS, nil, true},
		{Rearm(), "slmgr.vbs /rearm", report.OpRearm, nil, false},
		{RebuildTokens()[1], `ren %windir%\System32\spp\store\2.0\tokens.dat tokens.bar`, report.OpRebuildTokens, nil, false},
	}
	for _, tt := range tests {
		if tt.st.Run != tt.run || tt.st.Op != tt.op || tt.st.Applicable() != tt.ok || len(tt.st.OpArgs) != len(tt.args) {
			t.Errorf("%q op %s args %v applicable %v; want %q %s %v %v", tt.st.Run, tt.st.Op, tt.st.OpArgs, tt.st.Applicable(), tt.run, tt.op, tt.args, tt.ok)
		}
		for k, v := range tt.args {
			if tt.st.OpArgs[k] != v {
				t.Errorf("%q: arg %s = %q, want %q", tt.run, k, tt.st.OpArgs[k], v)
			}
		}
	}
}

func TestNoExampleDomainInSource(t *testing.T) {
	for _, f := range []string{"rules_net.go", "rules_license.go", "rules_events.go", "rules_azure.go", "rules_input.go", "steps.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "example.com") {
			t.Errorf("%s invents a domain", f)
		}
	}
}
