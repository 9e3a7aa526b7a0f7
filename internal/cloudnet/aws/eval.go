package aws

import (
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet"
	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// Problem kinds.
const (
	RouteMissing   = "missing"   // no route in the table covers the KMS host
	RouteBlackhole = "blackhole" // the deciding route's target is gone
	RouteAppliance = "appliance" // the deciding route goes to an instance or interface (a firewall or NAT appliance)
	SGNoEgress     = "sg"        // no egress permission of the group allows TCP 1688 to the host
	NACLDeny       = "nacl"      // the network ACL's first matching outbound entry denies it
)

// Placeholders of the fix commands.
const PhGateway = "<gateway-id>"

// Problem is one thing that keeps TCP 1688 from a KMS host.
type Problem struct {
	Kind     string
	Addr     netip.Addr
	Doc      *evidence.CloudDoc
	Route    *evidence.CloudRoute
	Rule     *evidence.CloudRule
	Commands []cmdline.Line
}

// Result is the analysis of one set of exports.
type Result struct {
	// AmazonKMS are Amazon's KMS addresses: not filtered by the VPC.
	AmazonKMS []string
	// Checked are the other KMS addresses checked against the exports.
	Checked  []string
	Problems []Problem
}

// Has reports whether docs hold any AWS resource.
func Has(docs []evidence.CloudDoc) bool {
	return slices.ContainsFunc(docs, func(d evidence.CloudDoc) bool { return strings.HasPrefix(d.Kind, "aws_") })
}

// Analyze checks, for each KMS address of targets (host or host:port as
// slmgr shows them) that is an IP address other than Amazon's own, the
// route tables, security groups and network ACLs of docs.
func Analyze(docs []evidence.CloudDoc, targets []string) Result {
	c, _ := knowledge.LookupCloud("aws")
	res := Result{AmazonKMS: append(slices.Clone(c.Addrs), c.IPv6...)}
	var addrs []netip.Addr
	for _, t := range targets {
		h := strings.TrimSpace(t)
		if hh, _, err := net.SplitHostPort(h); err == nil {
			h = hh
		}
		a, err := netip.ParseAddr(strings.Trim(h, "[]"))
		if err != nil || a.IsLinkLocalUnicast() || c.IsKMS(a.String()) || slices.Contains(addrs, a) {
			continue
		}
		addrs = append(addrs, a)
		res.Checked = append(res.Checked, a.String())
	}
	sgs := 0
	for i := range docs {
		if docs[i].Kind == evidence.AWSSecurityGroup {
			sgs++
		}
	}
	for _, a := range addrs {
		for i := range docs {
			d := &docs[i]
			switch d.Kind {
			case evidence.AWSRouteTable:
				if p, ok := checkRoutes(d, a); ok {
					res.Problems = append(res.Problems, p)
				}
			case evidence.AWSSecurityGroup:
				if p, ok := checkSG(d, a); ok {
					res.Problems = append(res.Problems, p)
				}
			case evidence.AWSNetworkACL:
				if p, ok := checkNACL(d, a); ok {
					res.Problems = append(res.Problems, p)
				}
			}
		}
	}
	return res
}

func checkRoutes(d *evidence.CloudDoc, a netip.Addr) (Problem, bool) {
	var best *evidence.CloudRoute
	for j := range d.Routes {
		r := &d.Routes[j]
		if cloudnet.Contains(r.Dest, a) && (best == nil || cloudnet.PrefixLen(r.Dest) > cloudnet.PrefixLen(best.Dest)) {
			best = r
		}
	}
	p := Problem{Addr: a, Doc: d, Route: best}
	switch {
	case best == nil:
		p.Kind = RouteMissing
		p.Commands = []cmdline.Line{cmdline.Build(cmdline.Bash, lit("aws ec2 create-route --route-table-id"), name(d.ID, "<route-table-id>"),
			lit("--destination-cidr-block "+cloudnet.HostPrefix(a)+" --gateway-id"), cmdline.Hole(PhGateway))}
	case strings.EqualFold(best.State, "blackhole"):
		p.Kind = RouteBlackhole
		p.Commands = []cmdline.Line{cmdline.Build(cmdline.Bash, lit("aws ec2 replace-route --route-table-id"), name(d.ID, "<route-table-id>"),
			lit("--destination-cidr-block"), cidr(best.Dest), lit("--gateway-id"), cmdline.Hole(PhGateway))}
	case best.TargetKind == "instance" || best.TargetKind == "interface":
		p.Kind = RouteAppliance
	default:
		return Problem{}, false
	}
	return p, true
}

func tcp(p string) bool { return p == "-1" || strings.EqualFold(p, "tcp") || p == "6" }

func checkSG(d *evidence.CloudDoc, a netip.Addr) (Problem, bool) {
	for _, r := range d.Rules {
		if !r.Egress || !tcp(r.Protocol) || !cloudnet.AnyPort(r.Ports, knowledge.KMSPort) {
			continue
		}
		for _, dst := range r.Dests {
			if cloudnet.Contains(dst, a) || strings.HasPrefix(dst, "pl-") || strings.HasPrefix(dst, "sg-") {
				return Problem{}, false // allowed, or decided by what the export does not expand
			}
		}
	}
	return Problem{Kind: SGNoEgress, Addr: a, Doc: d, Commands: []cmdline.Line{cmdline.Build(cmdline.Bash,
		lit("aws ec2 authorize-security-group-egress --group-id"), name(d.ID, "<group-id>"),
		lit("--ip-permissions 'IpProtocol=tcp,FromPort="+strconv.Itoa(knowledge.KMSPort)+",ToPort="+strconv.Itoa(knowledge.KMSPort)+",IpRanges=[{CidrIp="+cloudnet.HostPrefix(a)+"}]'"))}}, true
}

func checkNACL(d *evidence.CloudDoc, a netip.Addr) (Problem, bool) {
	var out []evidence.CloudRule
	for _, r := range d.Rules {
		if r.Egress {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(x, y evidence.CloudRule) int { return x.Priority - y.Priority })
	for i := range out {
		r := &out[i]
		if !tcp(r.Protocol) || !cloudnet.AnyPort(r.Ports, knowledge.KMSPort) || !slices.ContainsFunc(r.Dests, func(c string) bool { return cloudnet.Contains(c, a) }) {
			continue
		}
		if r.Allow {
			return Problem{}, false
		}
		p := Problem{Kind: NACLDeny, Addr: a, Doc: d, Rule: r}
		if n := freeNumber(out, r.Priority); n > 0 {
			p.Commands = []cmdline.Line{cmdline.Build(cmdline.Bash, lit("aws ec2 create-network-acl-entry --network-acl-id"), name(d.ID, "<network-acl-id>"),
				lit("--egress --rule-number "+strconv.Itoa(n)+" --protocol tcp --port-range From="+strconv.Itoa(knowledge.KMSPort)+",To="+strconv.Itoa(knowledge.KMSPort)+
					" --cidr-block "+cloudnet.HostPrefix(a)+" --rule-action allow"))}
		}
		return p, true
	}
	return Problem{}, false
}

// freeNumber is the highest outbound rule number below n not in use, 0
// when none.
func freeNumber(rules []evidence.CloudRule, n int) int {
	for k := n - 1; k >= 1; k-- {
		if !slices.ContainsFunc(rules, func(r evidence.CloudRule) bool { return r.Priority == k }) {
			return k
		}
	}
	return 0
}

func lit(s string) cmdline.Arg { return cmdline.Lit(s) }

// name is a resource id from the JSON, or its placeholder.
func name(v, ph string) cmdline.Arg {
	if v == "" {
		return cmdline.Hole(ph)
	}
	n, ok := cmdline.Name(v)
	return cmdline.Checked(n, ok, v, ph)
}

// cidr is a route's destination from the JSON, written back as parsed.
func cidr(v string) cmdline.Arg {
	p, err := netip.ParsePrefix(strings.TrimSpace(v))
	return cmdline.Checked(p.String(), err == nil, v, "<cidr>")
}
