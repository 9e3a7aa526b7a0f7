package oci

import (
	"net"
	"net/netip"
	"regexp"
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
	// NoEgress: no egress rule of any exported security list or NSG allows
	// TCP 1688 to the host. OCI allows a packet when any rule of any of the
	// VNIC's security lists and NSGs allows it, and nothing else.
	NoEgress = "egress"
	// NoReturn: only stateless egress rules allow it, and no ingress rule
	// lets the answers (TCP from the host's port 1688) back in.
	NoReturn = "stateless"
	// RouteAppliance: the deciding route rule sends the traffic to a
	// private IP (a firewall or NAT appliance).
	RouteAppliance = "appliance"
)

// Placeholders of the fix commands.
const (
	PhNSG          = "<nsg-ocid>"
	PhSecurityList = "<security-list-ocid>"
)

// Problem is one thing that keeps TCP 1688 from a KMS host.
type Problem struct {
	Kind  string
	Addr  netip.Addr
	Doc   *evidence.CloudDoc   // the route table, or the list or NSG the fix adds to
	Docs  []*evidence.CloudDoc // NoEgress, NoReturn: every list and NSG checked
	Route *evidence.CloudRoute
	// Commands fix it (bash, OCI CLI); Read marks those that only read.
	Commands []cmdline.Line
	Read     []bool
}

// Result is the analysis of one set of exports.
type Result struct {
	// OracleKMS are Oracle's KMS addresses: not filtered by the security
	// rules.
	OracleKMS []string
	// Checked are the other KMS addresses checked against the exports.
	Checked  []string
	Problems []Problem
	// Lists and NSGs, Routes: what was checked; Left: the security lists,
	// NSGs and route tables left out because the exported VNIC or subnet
	// does not use them.
	Lists, NSGs, Routes, Left int
}

// scope tells which exported security lists, NSGs and route tables apply
// to the instance: with one exported VNIC, only its NSGs (an NSG export
// without its OCID applies when the VNIC has any NSG); with its subnet (or
// the one exported subnet when no VNIC is), only that subnet's security
// lists and route table. Without them, all do.
func scope(docs []evidence.CloudDoc) func(*evidence.CloudDoc) bool {
	var vnics, subnets []*evidence.CloudDoc
	for i := range docs {
		switch docs[i].Kind {
		case evidence.OCIVNIC:
			vnics = append(vnics, &docs[i])
		case evidence.OCISubnet:
			subnets = append(subnets, &docs[i])
		}
	}
	var vnic, subnet *evidence.CloudDoc
	if len(vnics) == 1 {
		vnic = vnics[0]
	}
	for _, s := range subnets {
		if vnic != nil && len(vnic.Subnets) == 1 && s.ID == vnic.Subnets[0] || vnic == nil && len(subnets) == 1 {
			subnet = s
		}
	}
	return func(d *evidence.CloudDoc) bool {
		switch d.Kind {
		case evidence.OCINSG:
			if vnic == nil {
				return true
			}
			if d.ID == "" {
				return len(vnic.Refs) > 0
			}
			return slices.Contains(vnic.Refs, d.ID)
		case evidence.OCISecurityList:
			return subnet == nil || d.ID == "" || slices.Contains(subnet.Refs, d.ID)
		case evidence.OCIRouteTable:
			return subnet == nil || subnet.RouteTable == "" || d.ID == "" || d.ID == subnet.RouteTable
		}
		return true
	}
}

// Has reports whether docs hold any OCI resource.
func Has(docs []evidence.CloudDoc) bool {
	return slices.ContainsFunc(docs, func(d evidence.CloudDoc) bool { return strings.HasPrefix(d.Kind, "oci_") })
}

// Analyze checks, for each KMS address of targets (host or host:port as
// slmgr shows them) that is an IP address other than Oracle's own, the
// security lists, NSGs and route tables of docs.
func Analyze(docs []evidence.CloudDoc, targets []string) Result {
	c, _ := knowledge.LookupCloud("oci")
	res := Result{OracleKMS: slices.Clone(c.Addrs)}
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
		addrs = append(addrs, a.Unmap())
		res.Checked = append(res.Checked, a.String())
	}
	applies := scope(docs)
	var sec, rts []*evidence.CloudDoc
	for i := range docs {
		d := &docs[i]
		switch d.Kind {
		case evidence.OCISecurityList, evidence.OCINSG, evidence.OCIRouteTable:
			if !applies(d) {
				res.Left++
				continue
			}
		}
		switch d.Kind {
		case evidence.OCISecurityList:
			res.Lists++
			sec = append(sec, d)
		case evidence.OCINSG:
			res.NSGs++
			sec = append(sec, d)
		case evidence.OCIRouteTable:
			res.Routes++
			rts = append(rts, d)
		}
	}
	for _, a := range addrs {
		if len(sec) > 0 {
			if p, ok := checkSecurity(sec, a); ok {
				res.Problems = append(res.Problems, p)
			}
		}
		for _, d := range rts {
			if p, ok := checkRoutes(d, a); ok {
				res.Problems = append(res.Problems, p)
			}
		}
	}
	return res
}

func tcp(p string) bool { return p == "all" || p == "6" || p == "tcp" }

// allows reports whether r lets TCP to (egress) or from (ingress) a on
// port through: "yes", "no", or "unknown" when the peer is an NSG or a
// service the export does not expand.
func allows(r evidence.CloudRule, egress bool, a netip.Addr, dstPort, srcPort int) string {
	if r.Egress != egress || !tcp(r.Protocol) || !cloudnet.AnyPort(r.Ports, dstPort) {
		return "no"
	}
	if srcPort > 0 && !cloudnet.PortMatches(r.SrcPorts, srcPort) {
		return "no"
	}
	for _, d := range r.Dests {
		if strings.HasPrefix(d, "nsg:") {
			return "unknown"
		}
		if cloudnet.Contains(d, a) {
			return "yes"
		}
	}
	return "no"
}

func checkSecurity(sec []*evidence.CloudDoc, a netip.Addr) (Problem, bool) {
	stateful, stateless, unknown := false, false, false
	for _, d := range sec {
		for _, r := range d.Rules {
			switch allows(r, true, a, knowledge.KMSPort, 0) {
			case "yes":
				if r.Stateless {
					stateless = true
				} else {
					stateful = true
				}
			case "unknown":
				unknown = true
			}
		}
	}
	if stateful || unknown {
		return Problem{}, false
	}
	target := sec[0]
	for _, d := range sec {
		if d.Kind == evidence.OCINSG {
			target = d // an NSG rule is added without touching the others
			break
		}
	}
	if !stateless {
		p := Problem{Kind: NoEgress, Addr: a, Doc: target, Docs: sec}
		p.Commands, p.Read = addRule(target, egressRule(a))
		return p, true
	}
	// Stateless egress: the answers come back from a:1688 and need an
	// ingress rule of their own.
	for _, d := range sec {
		for _, r := range d.Rules {
			if v := allows(r, false, a, 0, knowledge.KMSPort); v == "yes" || v == "unknown" {
				return Problem{}, false
			}
		}
	}
	p := Problem{Kind: NoReturn, Addr: a, Doc: target, Docs: sec}
	p.Commands, p.Read = addRule(target, ingressRule(a))
	return p, true
}

func checkRoutes(d *evidence.CloudDoc, a netip.Addr) (Problem, bool) {
	var best *evidence.CloudRoute
	for j := range d.Routes {
		r := &d.Routes[j]
		if cloudnet.Contains(r.Dest, a) && (best == nil || cloudnet.PrefixLen(r.Dest) > cloudnet.PrefixLen(best.Dest)) {
			best = r
		}
	}
	// No rule covering a: the host is inside the VCN (routed without a
	// rule) or unreachable; the export does not say which, so nothing is
	// claimed.
	if best == nil || best.TargetKind != "privateip" {
		return Problem{}, false
	}
	return Problem{Kind: RouteAppliance, Addr: a, Doc: d, Route: best}, true
}

// The rules kmsdoctor adds, as the OCI CLI takes them (it reads the keys
// of a complex parameter in camelCase or kebab-case alike: oci-cli's
// cli_util.make_dict_keys_camel_case). Only a parsed address enters them.
func egressRule(a netip.Addr) string {
	return `{"direction":"EGRESS","protocol":"6","destination":"` + cloudnet.HostPrefix(a) + `","destinationType":"CIDR_BLOCK","isStateless":false,` +
		`"tcpOptions":{"destinationPortRange":{"min":` + strconv.Itoa(knowledge.KMSPort) + `,"max":` + strconv.Itoa(knowledge.KMSPort) + `}}}`
}

func ingressRule(a netip.Addr) string {
	return `{"direction":"INGRESS","protocol":"6","source":"` + cloudnet.HostPrefix(a) + `","sourceType":"CIDR_BLOCK","isStateless":true,` +
		`"tcpOptions":{"sourcePortRange":{"min":` + strconv.Itoa(knowledge.KMSPort) + `,"max":` + strconv.Itoa(knowledge.KMSPort) + `}}}`
}

// addRule is the safe way to add one rule: to an NSG, `nsg rules add`
// (which keeps the others); to a security list, whose update replaces the
// whole list, the current rules are read, the rule is appended with jq and
// the list is written back (the CLI asks before replacing it).
func addRule(d *evidence.CloudDoc, ruleJSON string) ([]cmdline.Line, []bool) {
	if d.Kind == evidence.OCINSG {
		return []cmdline.Line{cmdline.Build(cmdline.Bash, lit("oci network nsg rules add --nsg-id"), ocid(d.ID, PhNSG),
			lit("--security-rules"), cmdline.Val("["+ruleJSON+"]", "<rules-json>"))}, []bool{false}
	}
	field := "egress-security-rules"
	if strings.Contains(ruleJSON, `"INGRESS"`) {
		field = "ingress-security-rules"
	}
	// A security list's rule has no direction: drop it.
	rule := strings.Replace(strings.Replace(ruleJSON, `"direction":"EGRESS",`, "", 1), `"direction":"INGRESS",`, "", 1)
	id := ocid(d.ID, PhSecurityList)
	file := field + ".json"
	return []cmdline.Line{
			cmdline.Build(cmdline.Bash, lit("oci network security-list get --security-list-id"), id, lit("--query"), cmdline.Val(`data."`+field+`"`, "<query>"), lit("> "+file)),
			cmdline.Build(cmdline.Bash, lit("jq"), cmdline.Val(". + ["+rule+"]", "<jq-filter>"), lit(file+" > new-"+file)),
			cmdline.Build(cmdline.Bash, lit("oci network security-list update --security-list-id"), id, lit("--"+field+" file://new-"+file)),
		},
		[]bool{true, false, false}
}

func lit(s string) cmdline.Arg { return cmdline.Lit(s) }

// ocidRE is an OCID: ocid1.<resource type>.<realm>.[region][.future].<unique id>.
var ocidRE = regexp.MustCompile(`^ocid1\.[a-z0-9]+\.[a-z0-9]+\.[a-z0-9-]*(\.[a-z0-9-]*)?\.[a-z0-9]+$`)

// OCID returns s when it is an OCID.
func OCID(s string) (string, bool) {
	return s, len(s) <= cmdline.MaxLen && ocidRE.MatchString(s)
}

// ocid is an OCID from the JSON, or its placeholder.
func ocid(v, ph string) cmdline.Arg {
	if v == "" {
		return cmdline.Hole(ph)
	}
	o, ok := OCID(v)
	return cmdline.Checked(o, ok, v, ph)
}
