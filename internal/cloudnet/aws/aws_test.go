package aws

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func readFile(t *testing.T, f string) (*evidence.Set, error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", f))
	if err != nil {
		t.Fatal(err)
	}
	if !Detect(string(b)) {
		t.Fatalf("%s: not detected", f)
	}
	s := &evidence.Set{}
	return s, Read(f, 1, string(b), s)
}

func TestReadAWSCLIExamples(t *testing.T) {
	s, err := readFile(t, "awscli_describe-route-tables.json")
	if err != nil || len(s.CloudNet) != 3 {
		t.Fatalf("route tables: %v, %d", err, len(s.CloudNet))
	}
	if rt := s.CloudNet[0]; rt.ID != "rtb-09ba434c1bEXAMPLE" || !rt.Main || rt.Routes[1].TargetKind != "nat" {
		t.Errorf("first table %+v", rt)
	}
	if rt := s.CloudNet[2]; len(rt.Subnets) != 1 || rt.Routes[1].TargetKind != "internet" || rt.Routes[1].Dest != "0.0.0.0/0" || rt.Source.Line < 40 {
		t.Errorf("third table %+v", rt)
	}
	s, err = readFile(t, "awscli_describe-network-acls.json")
	if err != nil || len(s.CloudNet) != 2 || len(s.CloudNet[0].Rules) != 4 || s.CloudNet[0].Rules[1].Priority != 32767 {
		t.Fatalf("network ACLs: %v %+v", err, s.CloudNet)
	}
	// The AWS CLI's own security group example has a comma too many.
	if _, err := readFile(t, "awscli_describe-security-groups_example1.json"); err == nil || !strings.Contains(err.Error(), ":53:") {
		t.Errorf("security group example: error %v, want one naming line 53", err)
	}
}

func TestAnalyze(t *testing.T) {
	rt := func(dest, kind, state string) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.AWSRouteTable, ID: "rtb-1", Routes: []evidence.CloudRoute{{Dest: "10.0.0.0/16", TargetKind: "local", Target: "local"}, {Dest: dest, TargetKind: kind, Target: "x-1", State: state}}}
	}
	sg := func(proto string, ports ...string) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.AWSSecurityGroup, ID: "sg-1", Rules: []evidence.CloudRule{{Egress: true, Allow: true, Protocol: proto, Ports: ports, Dests: []string{"0.0.0.0/0"}}}}
	}
	acl := func(rules ...evidence.CloudRule) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.AWSNetworkACL, ID: "acl-1", Rules: rules}
	}
	tests := []struct {
		name    string
		docs    []evidence.CloudDoc
		targets []string
		want    []string
		cmd     string
	}{
		{"Amazon's KMS is never filtered", []evidence.CloudDoc{rt("192.168.0.0/16", "vpn", "active"), sg("tcp", "443-443"), acl(evidence.CloudRule{Egress: true, Protocol: "-1", Dests: []string{"0.0.0.0/0"}, Priority: 1})},
			[]string{"169.254.169.250:1688", "kms.example"}, nil, ""},
		{"no route", []evidence.CloudDoc{rt("192.168.0.0/16", "vpn", "active")}, []string{"172.16.1.5:1688"}, []string{RouteMissing}, "--destination-cidr-block 172.16.1.5/32 --gateway-id <gateway-id>"},
		{"blackhole", []evidence.CloudDoc{rt("172.16.0.0/12", "transit", "blackhole")}, []string{"172.16.1.5"}, []string{RouteBlackhole}, "aws ec2 replace-route --route-table-id rtb-1 --destination-cidr-block 172.16.0.0/12"},
		{"appliance", []evidence.CloudDoc{rt("0.0.0.0/0", "interface", "active")}, []string{"203.0.113.9"}, []string{RouteAppliance}, ""},
		{"local KMS host", []evidence.CloudDoc{rt("0.0.0.0/0", "interface", "active")}, []string{"10.0.3.4:1688"}, nil, ""},
		{"sg 443 only", []evidence.CloudDoc{sg("tcp", "443-443")}, []string{"10.0.3.4"}, []string{SGNoEgress}, "IpRanges=[{CidrIp=10.0.3.4/32}]'"},
		{"sg all", []evidence.CloudDoc{sg("-1")}, []string{"10.0.3.4"}, nil, ""},
		{"nacl deny first", []evidence.CloudDoc{acl(evidence.CloudRule{Egress: true, Protocol: "6", Dests: []string{"10.0.0.0/8"}, Priority: 50},
			evidence.CloudRule{Egress: true, Allow: true, Protocol: "-1", Dests: []string{"0.0.0.0/0"}, Priority: 100})}, []string{"10.0.3.4"}, []string{NACLDeny}, "--rule-number 49"},
		{"nacl inbound deny is not outbound", []evidence.CloudDoc{acl(evidence.CloudRule{Protocol: "-1", Dests: []string{"0.0.0.0/0"}, Priority: 1},
			evidence.CloudRule{Egress: true, Allow: true, Protocol: "-1", Dests: []string{"0.0.0.0/0"}, Priority: 100})}, []string{"10.0.3.4"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Analyze(tt.docs, tt.targets)
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.Kind)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("problems %v, want %v", got, tt.want)
			}
			if tt.cmd != "" && !strings.Contains(res.Problems[0].Commands[0].Run, tt.cmd) {
				t.Errorf("command %q lacks %q", res.Problems[0].Commands[0].Run, tt.cmd)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	for _, n := range []string{"awscli_describe-route-tables.json", "awscli_describe-network-acls.json"} {
		b, _ := os.ReadFile(filepath.Join("testdata", n))
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, s string) {
		set := &evidence.Set{}
		if Detect(s) {
			_ = Read("f", 1, s, set)
		}
		Analyze(set.CloudNet, []string{"10.1.2.3:1688", "[2001:db8::1]:1688"})
	})
}
