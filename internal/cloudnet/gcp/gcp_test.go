package gcp

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func read(t *testing.T, files ...string) *evidence.Set {
	t.Helper()
	s := &evidence.Set{}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if !Detect(string(b)) {
			t.Fatalf("%s: not detected", f)
		}
		if err := Read(f, 1, string(b), s); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	return s
}

func TestReadGcpdiag(t *testing.T) {
	s := read(t, "gcpdiag_gce1_compute-network-routes.json", "gcpdiag_gce1_compute-effective-firewalls-default.json",
		"gcpdiag_gce1_compute-subnetworks-europe-west4.json", "gcpdiag_gce1_compute-instances-europe-west1-b.json")
	count := map[string]int{}
	for _, d := range s.CloudNet {
		count[d.Kind]++
	}
	if count[evidence.GCPRoute] != 3 || count[evidence.GCPFirewall] != 17 || count[evidence.GCPSubnet] == 0 || count[evidence.GCPInstance] != 3 || count[evidence.GCPPolicy] != 2 {
		t.Errorf("kinds %v", count)
	}
	for _, d := range s.CloudNet {
		if d.Kind == evidence.GCPInstance && d.Region != "europe-west1" {
			t.Errorf("instance %s in region %q", d.Name, d.Region)
		}
		if d.Name == "real-allow-kms" {
			r := d.Routes[0]
			if r.Dest != "35.190.247.13/32" || r.TargetKind != "internet" || len(r.Tags) != 1 || d.Source.Line < 30 {
				t.Errorf("real-allow-kms read as %+v at line %d", r, d.Source.Line)
			}
		}
	}
}

func TestAnalyze(t *testing.T) {
	no, yes := false, true
	vm := func(ext bool, tags ...string) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.GCPInstance, Name: "vm", Network: "net", Subnets: []string{"sub"}, ExternalIP: ext, Tags: tags}
	}
	route := func(name, dest string, prio int, kind string, tags ...string) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.GCPRoute, Name: name, Network: "net", Routes: []evidence.CloudRoute{{Name: name, Dest: dest, Priority: prio, TargetKind: kind, Target: kind, Tags: tags}}}
	}
	fw := func(name string, prio int, allow bool, proto string, ports ...string) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.GCPFirewall, Name: name, Network: "net", Rules: []evidence.CloudRule{{Name: name, Egress: true, Allow: allow, Protocol: proto, Ports: ports, Priority: prio}}}
	}
	subnet := func(pga *bool) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.GCPSubnet, Name: "sub", Region: "europe-west4", PrivateGoogleAccess: pga}
	}
	tests := []struct {
		name string
		docs []evidence.CloudDoc
		want []string // problem kinds
		cmd  string   // in the first problem's first command
	}{
		{"default route and implied allow", []evidence.CloudDoc{route("default", "0.0.0.0/0", 1000, "internet"), fw("ssh", 1000, true, "tcp", "22")}, nil, ""},
		{"no route", []evidence.CloudDoc{route("onprem", "10.0.0.0/8", 1000, "vpn")}, []string{RouteMissing}, "--destination-range=35.190.247.13/32 --next-hop-gateway=default-internet-gateway"},
		{"appliance wins by priority", []evidence.CloudDoc{route("default", "0.0.0.0/0", 1000, "internet"), route("fw", "0.0.0.0/0", 800, "ip")}, []string{RouteForced}, "--network net"},
		{"more specific KMS route wins", []evidence.CloudDoc{route("fw", "0.0.0.0/0", 0, "ip"), route("kms", "35.190.247.13/32", 1000, "internet")}, nil, ""},
		{"tagged KMS route without the tag", []evidence.CloudDoc{vm(true), route("fw", "0.0.0.0/0", 0, "ip"), route("kms", "35.190.247.13/32", 1000, "internet", "windows")}, []string{RouteForced}, ""},
		{"tagged KMS route with the tag", []evidence.CloudDoc{vm(true, "windows"), route("fw", "0.0.0.0/0", 0, "ip"), route("kms", "35.190.247.13/32", 1000, "internet", "windows")}, nil, ""},
		{"deny all egress", []evidence.CloudDoc{fw("deny", 900, false, "all")}, []string{FirewallDeny}, "--rules=tcp:1688 --destination-ranges=35.190.247.13/32 --priority=899"},
		{"deny wins a tie", []evidence.CloudDoc{fw("allow", 900, true, "tcp", "1688"), fw("deny", 900, false, "all")}, []string{FirewallDeny}, ""},
		{"allow before deny", []evidence.CloudDoc{fw("allow", 100, true, "tcp", "1000-2000"), fw("deny", 900, false, "all")}, nil, ""},
		{"deny of another port", []evidence.CloudDoc{fw("deny", 900, false, "tcp", "443")}, nil, ""},
		{"priority 0 deny: no command", []evidence.CloudDoc{fw("deny", 0, false, "all")}, []string{FirewallDeny}, ""},
		{"private VM without PGA", []evidence.CloudDoc{vm(false), subnet(&no)}, []string{PGAOff}, "gcloud compute networks subnets update sub --region europe-west4 --enable-private-ip-google-access"},
		{"private VM with PGA", []evidence.CloudDoc{vm(false), subnet(&yes)}, nil, ""},
		{"public VM without PGA", []evidence.CloudDoc{vm(true), subnet(&no)}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Analyze(tt.docs)
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.Kind)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("problems %v, want %v", got, tt.want)
			}
			if tt.cmd != "" {
				if len(res.Problems[0].Commands) == 0 || !strings.Contains(res.Problems[0].Commands[0].Run, tt.cmd) {
					t.Errorf("commands %+v lack %q", res.Problems[0].Commands, tt.cmd)
				}
			}
		})
	}
}

func TestReadPolicies(t *testing.T) {
	s := read(t, "gcpdiag_fw-policy_compute-effective-firewalls-default.json", "gcpdiag_fw-policy_compute-network-default.json")
	var got []string
	for _, d := range s.CloudNet {
		switch d.Kind {
		case evidence.GCPPolicy:
			egress := 0
			for _, r := range d.Rules {
				if r.Egress {
					egress++
				}
			}
			got = append(got, d.PolicyType+" "+d.Name+" "+d.ShortName+" rules "+strconv.Itoa(len(d.Rules))+" egress "+strconv.Itoa(egress))
		case evidence.GCPNetwork:
			got = append(got, "network "+d.Name+" "+d.PolicyOrder)
		}
	}
	want := []string{"HIERARCHY 856256210981 parent-folder-policy rules 5 egress 2", "HIERARCHY 203310830110 sub-folder-policy rules 6 egress 2",
		"HIERARCHY test-sorting-policy-same-ip test-sorting-same-ip-policy rules 3 egress 0", "network default AFTER_CLASSIC_FIREWALL"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("read\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	res := Analyze(s.CloudNet)
	if len(res.Problems) != 0 || !res.Policies {
		t.Errorf("problems %+v", res.Problems)
	}
}

// TestAnalyzePolicies: hierarchical and network firewall policies in
// Google's documented order (constructed rules).
func TestAnalyzePolicies(t *testing.T) {
	rule := func(prio int, action, proto string, dests ...string) evidence.CloudRule {
		return evidence.CloudRule{Name: strconv.Itoa(prio), Priority: prio, Egress: true, Action: action, Allow: action == "allow", Protocol: proto, Dests: dests}
	}
	pol := func(typ, name string, rules ...evidence.CloudRule) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.GCPPolicy, PolicyType: typ, Name: name, ShortName: name + "-short", Region: "europe-west4", Rules: rules}
	}
	fw := func(name string, prio int, allow bool, proto string, ports ...string) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.GCPFirewall, Name: name, Network: "net", Rules: []evidence.CloudRule{{Name: name, Egress: true, Allow: allow, Protocol: proto, Ports: ports, Priority: prio}}}
	}
	network := func(order string) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.GCPNetwork, Name: "net", Network: "net", PolicyOrder: order}
	}
	goNext := rule(2147483646, "goto_next", "all", "0.0.0.0/0")
	tests := []struct {
		name   string
		docs   []evidence.CloudDoc
		want   string // problem kinds
		policy string // the denying policy
		cmd    string
	}{
		{"org deny", []evidence.CloudDoc{pol("HIERARCHY", "111", rule(1000, "deny", "all", "0.0.0.0/0"), goNext), fw("allow", 1, true, "tcp", "1688")}, PolicyDeny, "111",
			"gcloud compute firewall-policies rules create 999 --firewall-policy 111 --action=allow --direction=EGRESS --dest-ip-ranges=35.190.247.13/32 --layer4-configs=tcp:1688"},
		{"org goto_next, folder deny", []evidence.CloudDoc{pol("HIERARCHY", "111", goNext), pol("HIERARCHY", "222", rule(10, "deny", "tcp", "35.190.0.0/16"), rule(9, "allow", "tcp", "10.0.0.0/8"))}, PolicyDeny, "222",
			"rules create 8 --firewall-policy 222"},
		{"org allow beats folder deny and VPC deny", []evidence.CloudDoc{pol("HIERARCHY", "111", rule(5, "allow", "tcp", "35.190.247.13/32")), pol("HIERARCHY", "222", rule(1, "deny", "all")), fw("deny", 0, false, "all")}, "", "", ""},
		{"org deny of another address", []evidence.CloudDoc{pol("HIERARCHY", "111", rule(5, "deny", "all", "10.0.0.0/8"), goNext)}, "", "", ""},
		{"org deny of udp only", []evidence.CloudDoc{pol("HIERARCHY", "111", rule(5, "deny", "udp", "0.0.0.0/0"), goNext)}, "", "", ""},
		{"VPC allow before network policy deny (default order)", []evidence.CloudDoc{fw("allow", 100, true, "tcp", "1688"), pol("NETWORK", "netpol", rule(1, "deny", "all", "0.0.0.0/0"))}, "", "", ""},
		{"VPC rules do not decide: network policy deny", []evidence.CloudDoc{fw("ssh", 100, true, "tcp", "22"), pol("NETWORK", "netpol", rule(7, "deny", "all", "0.0.0.0/0"))}, PolicyDeny, "netpol",
			"gcloud compute network-firewall-policies rules create 6 --firewall-policy netpol --global-firewall-policy --action=allow"},
		{"before classic: network policy deny wins over VPC allow", []evidence.CloudDoc{network("BEFORE_CLASSIC_FIREWALL"), fw("allow", 100, true, "tcp", "1688"), pol("NETWORK_REGIONAL", "regpol", rule(7, "deny", "all", "0.0.0.0/0"))}, PolicyDeny, "regpol",
			"--firewall-policy regpol --firewall-policy-region europe-west4 --action=allow"},
		{"before classic: network goto_next, then VPC deny", []evidence.CloudDoc{network("BEFORE_CLASSIC_FIREWALL"), fw("deny", 100, false, "all"), pol("NETWORK", "netpol", goNext)}, FirewallDeny, "", ""},
		{"regional policy of another region", []evidence.CloudDoc{{Kind: evidence.GCPInstance, Name: "vm", Network: "net", Region: "us-central1", ExternalIP: true},
			pol("NETWORK_REGIONAL", "regpol", rule(7, "deny", "all", "0.0.0.0/0"))}, "", "", ""},
		{"regional policy of the VM's region", []evidence.CloudDoc{{Kind: evidence.GCPInstance, Name: "vm", Network: "net", Region: "europe-west4", ExternalIP: true},
			pol("NETWORK_REGIONAL", "regpol", rule(7, "deny", "all", "0.0.0.0/0"))}, PolicyDeny, "regpol", ""},
		{"deny at priority 0 and 0 used: no command", []evidence.CloudDoc{pol("HIERARCHY", "111", rule(0, "deny", "all", "0.0.0.0/0"))}, PolicyDeny, "111", ""},
		{"disabled deny", []evidence.CloudDoc{func() evidence.CloudDoc {
			d := pol("HIERARCHY", "111", rule(3, "deny", "all", "0.0.0.0/0"))
			d.Rules[0].Disabled = true
			return d
		}()}, "", "", ""},
		{"deny for another network", []evidence.CloudDoc{fw("ssh", 100, true, "tcp", "22"), func() evidence.CloudDoc {
			d := pol("HIERARCHY", "111", rule(3, "deny", "all", "0.0.0.0/0"))
			d.Rules[0].TargetNetworks = []string{"other"}
			return d
		}()}, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Analyze(tt.docs)
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.Kind)
			}
			if strings.Join(got, ",") != tt.want {
				t.Fatalf("problems %v, want %q (clear %+v)", got, tt.want, res.Clear)
			}
			if tt.policy != "" && res.Problems[0].Doc.Name != tt.policy {
				t.Errorf("policy %s, want %s", res.Problems[0].Doc.Name, tt.policy)
			}
			if tt.want == PolicyDeny && tt.cmd == "" && res.Problems[0].Rule.Priority == 0 && len(res.Problems[0].Commands) != 0 {
				t.Errorf("commands %+v, want none", res.Problems[0].Commands)
			}
			if tt.cmd != "" && (len(res.Problems[0].Commands) == 0 || !strings.Contains(res.Problems[0].Commands[0].Run, tt.cmd)) {
				t.Errorf("commands %+v lack %q", res.Problems[0].Commands, tt.cmd)
			}
		})
	}
}

func TestHostileNames(t *testing.T) {
	docs := []evidence.CloudDoc{{Kind: evidence.GCPFirewall, Network: "net; rm -rf /", Rules: []evidence.CloudRule{{Name: "x", Egress: true, Protocol: "all", Priority: 5}}}}
	res := Analyze(docs)
	if len(res.Problems) != 1 {
		t.Fatal(res.Problems)
	}
	l := res.Problems[0].Commands[0]
	if strings.Contains(l.Run, "rm -rf") || len(l.Holes) == 0 {
		t.Errorf("hostile network name in %q (holes %v)", l.Run, l.Holes)
	}
}

func TestHostilePolicyName(t *testing.T) {
	for _, typ := range []string{"HIERARCHY", "NETWORK", "NETWORK_REGIONAL"} {
		docs := []evidence.CloudDoc{{Kind: evidence.GCPPolicy, PolicyType: typ, Name: "p; rm -rf /", Region: "$(reboot)",
			Rules: []evidence.CloudRule{{Egress: true, Action: "deny", Protocol: "all", Priority: 5}}}}
		res := Analyze(docs)
		if len(res.Problems) != 1 || len(res.Problems[0].Commands) != 1 {
			t.Fatal(res.Problems)
		}
		l := res.Problems[0].Commands[0]
		if strings.Contains(l.Run, "rm -rf") || strings.Contains(l.Run, "reboot") || len(l.Holes) == 0 {
			t.Errorf("%s: hostile name in %q (holes %v)", typ, l.Run, l.Holes)
		}
	}
}

func TestReadErrors(t *testing.T) {
	for _, in := range []string{`[{"kind": "compute#route", "name": `, `{"kind": "compute#address"}`, "no json"} {
		if err := Read("x.json", 1, in, &evidence.Set{}); err == nil || !strings.HasPrefix(err.Error(), "x.json:") {
			t.Errorf("%q: error %v", in, err)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, n := range []string{"gcpdiag_gce1_compute-network-routes.json", "gcpdiag_gce1_compute-instances-europe-west1-b.json", "gcpdiag_fw-policy_compute-effective-firewalls-default.json"} {
		b, _ := os.ReadFile(filepath.Join("testdata", n))
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, s string) {
		set := &evidence.Set{}
		if Detect(s) {
			_ = Read("f", 1, s, set)
		}
		Analyze(set.CloudNet)
	})
}
