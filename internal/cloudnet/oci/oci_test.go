package oci

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

func TestReadReal(t *testing.T) {
	tests := []struct {
		file string
		kind string
		want string // a summary of what was read
	}{
		{"ocibook_route-table-create_service-gateway.json", evidence.OCIRouteTable, "rtb_subnprv-db_vcn-prd line 12: [ servicegateway]"},
		{"ocibook_route-table-update_lpg.json", evidence.OCIRouteTable, "Default Route Table for vcn-prd line 12: [172.16.30.0/24 localpeeringgateway]"},
		{"kthw-oci_route-table-get_route-rules.json", evidence.OCIRouteTable, " line 1: [10.200.2.0/24 privateip 10.200.1.0/24 privateip 10.200.0.0/24 privateip 0.0.0.0/0 internetgateway]"},
		{"ocibook_security-list-create_db.json", evidence.OCISecurityList, "secl-1_subnprv-db_vcn-prd line 24: [out all 0.0.0.0/0 [] in 6 0.0.0.0/0 [3306-3306] src 1024-65535]"},
		{"kthw-oci_security-list-get.json", evidence.OCISecurityList, "Default Security List for kubernetes-the-hard-way line 19: [out all 0.0.0.0/0 [] in 6 0.0.0.0/0 [22-22] in 1 0.0.0.0/0 [] in 6 0.0.0.0/0 [6443-6443] in all 10.240.0.0/24 [] in all 10.200.0.0/16 []]"},
		{"ocibook_nsg-rules-add_ingress.json", evidence.OCINSG, " line 3: [in 6 10.0.5.0/24 [80-80]]"},
		{"ocibook_subnet-create_db.json", evidence.OCISubnet, "subnprv-db_vcn-prd line 16: []"},
		{"ocibook_vnic-get.json", evidence.OCIVNIC, "vm-wordpress-tmp line 14: []"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := read(t, tt.file)
			if len(s.CloudNet) != 1 || len(s.Skipped) != 0 {
				t.Fatalf("read %d docs, %d skipped", len(s.CloudNet), len(s.Skipped))
			}
			d := s.CloudNet[0]
			var parts []string
			for _, r := range d.Routes {
				parts = append(parts, r.Dest+" "+r.TargetKind)
			}
			for _, r := range d.Rules {
				dir := "in"
				if r.Egress {
					dir = "out"
				}
				p := dir + " " + r.Protocol + " " + strings.Join(r.Dests, ",") + " [" + strings.Join(r.Ports, ",") + "]"
				if r.SrcPorts != "" {
					p += " src " + r.SrcPorts
				}
				parts = append(parts, p)
			}
			got := d.Name + " line " + strconv.Itoa(d.Source.Line) + ": [" + strings.Join(parts, " ") + "]"
			if d.Kind == evidence.OCISubnet && (len(d.Refs) != 1 || d.Refs[0] != "ocid1.securitylist.oc1.sa-saopaulo-1.aaaaaaaal4rgkk7np7hoxt5cjr6topysdp4b4xrudlk4mbmvibf5knz72bgq" ||
				d.RouteTable != "ocid1.routetable.oc1.sa-saopaulo-1.aaaaaaaalq2gf3mksa27rueidzfbq677ss2bxkkvlapekjs2tt4ske6ueyna") {
				t.Errorf("subnet refs %v, route table %s", d.Refs, d.RouteTable)
			}
			if d.Kind == evidence.OCIVNIC && (d.Refs == nil || len(d.Refs) != 0 || len(d.Subnets) != 1) {
				t.Errorf("vnic nsgs %#v subnets %v", d.Refs, d.Subnets)
			}
			if d.Kind != tt.kind || got != tt.want {
				t.Errorf("%s %q\nwant %s %q", d.Kind, got, tt.kind, tt.want)
			}
		})
	}
}

func TestAnalyze(t *testing.T) {
	const nsgID = "ocid1.networksecuritygroup.oc1.iad.aaaaaaaaexample"
	const slID = "ocid1.securitylist.oc1.iad.aaaaaaaaexample"
	sl := func(rules ...evidence.CloudRule) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.OCISecurityList, ID: slID, Rules: rules}
	}
	nsg := func(rules ...evidence.CloudRule) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.OCINSG, ID: nsgID, Rules: rules}
	}
	out := func(proto, dest string, stateless bool, ports ...string) evidence.CloudRule {
		return evidence.CloudRule{Egress: true, Allow: true, Protocol: proto, Dests: []string{dest}, Ports: ports, Stateless: stateless}
	}
	in := func(src, srcPorts string) evidence.CloudRule {
		return evidence.CloudRule{Allow: true, Protocol: "6", Dests: []string{src}, SrcPorts: srcPorts}
	}
	rt := func(dest, target string) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.OCIRouteTable, ID: "ocid1.routetable.oc1.iad.aaaa", Routes: []evidence.CloudRoute{{Dest: dest, Target: target, TargetKind: EntityKind(target)}}}
	}
	vnic := func(nsgs ...string) evidence.CloudDoc {
		if nsgs == nil {
			nsgs = []string{}
		}
		return evidence.CloudDoc{Kind: evidence.OCIVNIC, ID: "ocid1.vnic.oc1.iad.a", Refs: nsgs, Subnets: []string{"ocid1.subnet.oc1.iad.a"}}
	}
	subnet := func(list, table string) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.OCISubnet, ID: "ocid1.subnet.oc1.iad.a", Refs: []string{list}, RouteTable: table}
	}
	tests := []struct {
		name    string
		docs    []evidence.CloudDoc
		targets []string
		want    string // problem kinds
		cmd     string // in the first problem's commands
	}{
		{"oracle's KMS is never checked", []evidence.CloudDoc{sl()}, []string{"169.254.169.253:1688"}, "", ""},
		{"egress all", []evidence.CloudDoc{sl(out("all", "0.0.0.0/0", false))}, []string{"10.0.5.10:1688"}, "", ""},
		{"egress to another port", []evidence.CloudDoc{sl(out("6", "0.0.0.0/0", false, "443-443"))}, []string{"10.0.5.10"}, NoEgress,
			"oci network security-list get --security-list-id " + slID + ` --query 'data."egress-security-rules"' > egress-security-rules.json`},
		{"egress udp only", []evidence.CloudDoc{sl(out("17", "0.0.0.0/0", false))}, []string{"10.0.5.10"}, NoEgress, `"destination":"10.0.5.10/32"`},
		{"another list allows it", []evidence.CloudDoc{sl(), nsg(out("6", "10.0.5.0/24", false, "1688-1688"))}, []string{"10.0.5.10"}, "", ""},
		{"NSG preferred for the fix", []evidence.CloudDoc{sl(), nsg()}, []string{"10.0.5.10"}, NoEgress,
			"oci network nsg rules add --nsg-id " + nsgID + ` --security-rules '[{"direction":"EGRESS","protocol":"6","destination":"10.0.5.10/32"`},
		{"NSG destination not expanded", []evidence.CloudDoc{sl(out("6", "nsg:ocid1.networksecuritygroup.oc1.iad.x", false))}, []string{"10.0.5.10"}, "", ""},
		{"stateless without return", []evidence.CloudDoc{sl(out("6", "10.0.5.10/32", true, "1688-1688"))}, []string{"10.0.5.10"}, NoReturn, `'. + [{"protocol":"6","source":"10.0.5.10/32"`},
		{"stateless with return", []evidence.CloudDoc{sl(out("6", "10.0.5.10/32", true, "1688-1688"), in("10.0.0.0/16", "1688-1688"))}, []string{"10.0.5.10"}, "", ""},
		{"stateless, return on other source port", []evidence.CloudDoc{sl(out("6", "10.0.5.10/32", true), in("10.0.0.0/16", "22-22"))}, []string{"10.0.5.10"}, NoReturn, ""},
		{"route to a private IP", []evidence.CloudDoc{rt("0.0.0.0/0", "ocid1.privateip.oc1.iad.abcd")}, []string{"192.168.1.5"}, RouteAppliance, ""},
		{"route to the internet gateway", []evidence.CloudDoc{rt("0.0.0.0/0", "ocid1.internetgateway.oc1.iad.abcd")}, []string{"192.168.1.5"}, "", ""},
		{"no route: inside the VCN", []evidence.CloudDoc{rt("172.16.30.0/24", "ocid1.localpeeringgateway.oc1.iad.abcd")}, []string{"192.168.1.5"}, "", ""},
		{"a name is not checked", []evidence.CloudDoc{sl()}, []string{"kms.corp.example"}, "", ""},
		{"export without OCID: a hole", []evidence.CloudDoc{{Kind: evidence.OCINSG}}, []string{"10.0.5.10"}, NoEgress, "--nsg-id <nsg-ocid>"},
		{"VNIC without NSGs: the NSG's allow does not apply", []evidence.CloudDoc{vnic(), {Kind: evidence.OCINSG, Rules: []evidence.CloudRule{out("all", "0.0.0.0/0", false)}}, sl()}, []string{"10.0.5.10"}, NoEgress, "security-list get"},
		{"no VNIC: the NSG's allow counts", []evidence.CloudDoc{{Kind: evidence.OCINSG, Rules: []evidence.CloudRule{out("all", "0.0.0.0/0", false)}}, sl()}, []string{"10.0.5.10"}, "", ""},
		{"VNIC in an NSG: only its NSG counts", []evidence.CloudDoc{vnic(nsgID), nsg(), {Kind: evidence.OCINSG, ID: "ocid1.networksecuritygroup.oc1.iad.other", Rules: []evidence.CloudRule{out("all", "0.0.0.0/0", false)}}}, []string{"10.0.5.10"}, NoEgress, "--nsg-id " + nsgID},
		{"subnet: another list's allow does not count", []evidence.CloudDoc{subnet(slID, ""), sl(), {Kind: evidence.OCISecurityList, ID: "ocid1.securitylist.oc1.iad.other", Rules: []evidence.CloudRule{out("all", "0.0.0.0/0", false)}}}, []string{"10.0.5.10"}, NoEgress, ""},
		{"subnet: another table's appliance does not count", []evidence.CloudDoc{subnet(slID, "ocid1.routetable.oc1.iad.mine"), rt("0.0.0.0/0", "ocid1.privateip.oc1.iad.abcd")}, []string{"192.168.1.5"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Analyze(tt.docs, tt.targets)
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.Kind)
			}
			if strings.Join(got, ",") != tt.want {
				t.Fatalf("problems %v, want %q", got, tt.want)
			}
			if tt.cmd != "" {
				var all []string
				for _, l := range res.Problems[0].Commands {
					all = append(all, l.Run)
				}
				if !strings.Contains(strings.Join(all, "\n"), tt.cmd) {
					t.Errorf("commands\n%s\nlack %q", strings.Join(all, "\n"), tt.cmd)
				}
			}
		})
	}
}

func TestHostileIDs(t *testing.T) {
	for _, id := range []string{"ocid1.securitylist.oc1.iad.x; rm -rf /", "$(reboot)", "ocid1.securitylist.oc1.iad.aaa'b"} {
		res := Analyze([]evidence.CloudDoc{{Kind: evidence.OCISecurityList, ID: id}}, []string{"10.1.1.1"})
		if len(res.Problems) != 1 {
			t.Fatal(res.Problems)
		}
		for _, l := range res.Problems[0].Commands {
			if strings.Contains(l.Run, "rm -rf") || strings.Contains(l.Run, "reboot") || strings.Contains(l.Run, "aaa'b") {
				t.Errorf("hostile id in %q", l.Run)
			}
		}
		if len(res.Problems[0].Commands[0].Holes) == 0 {
			t.Errorf("%q: no hole", id)
		}
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"{\n  \"data\": [\n    {\"route-rules\": [\n", "x.json:4:1: "},
		{`{"data": {"display-name": "x"}}`, "x.json:1: no OCI route table"},
		{"no json", "x.json:1: no JSON"},
	}
	for _, tt := range tests {
		err := Read("x.json", 1, tt.in, &evidence.Set{})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error %v, want %q...", tt.in, err, tt.want)
		}
	}
}

// TestReadPartlyDamaged: a list whose second item has a field of the
// wrong type keeps the others and records what it skipped (constructed).
func TestReadPartlyDamaged(t *testing.T) {
	in := `{"data": [
 {"id": "ocid1.securitylist.oc1.iad.a", "egress-security-rules": [{"destination": "0.0.0.0/0", "protocol": "all", "is-stateless": false}]},
 {"id": "ocid1.securitylist.oc1.iad.b", "egress-security-rules": [{"destination": "0.0.0.0/0", "protocol": "6", "tcp-options": {"destination-port-range": {"min": "x", "max": 2}}}]},
 "not an object"
]}`
	s := &evidence.Set{}
	if err := Read("x.json", 1, in, s); err != nil {
		t.Fatal(err)
	}
	if len(s.CloudNet) != 1 || s.CloudNet[0].ID != "ocid1.securitylist.oc1.iad.a" || len(s.Skipped) != 2 {
		t.Fatalf("docs %+v skipped %+v", s.CloudNet, s.Skipped)
	}
	if s.Skipped[0].Key != "skip.oci.bad_item" || s.Skipped[0].Args["index"] != 1 || s.Skipped[0].Source.Line != 3 ||
		s.Skipped[1].Key != "skip.oci.not_object" || s.Skipped[1].Source.Line != 4 {
		t.Errorf("skipped %+v", s.Skipped)
	}
}

func FuzzRead(f *testing.F) {
	for _, n := range []string{"ocibook_security-list-create_db.json", "kthw-oci_route-table-get_route-rules.json", "ocibook_nsg-rules-add_ingress.json", "ocibook_vnic-get.json"} {
		b, _ := os.ReadFile(filepath.Join("testdata", n))
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, s string) {
		set := &evidence.Set{}
		if Detect(s) {
			if err := Read("f", 1, s, set); err != nil && (!strings.HasPrefix(err.Error(), "f:") || strings.Contains(err.Error(), "\n")) {
				t.Errorf("error %q", err)
			}
		}
		Analyze(set.CloudNet, []string{"10.0.0.5", "192.168.1.1:1688"})
	})
}
