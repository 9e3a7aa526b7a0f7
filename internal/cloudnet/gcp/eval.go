package gcp

import (
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet"
	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// Problem kinds.
const (
	RouteMissing = "route_missing" // no route to the KMS through the default internet gateway
	RouteForced  = "route_forced"  // the deciding route goes elsewhere (an appliance, a VPN)
	FirewallDeny = "firewall"      // an egress rule denies TCP 1688 to the KMS
	PolicyDeny   = "policy"        // a rule of a hierarchical or network firewall policy denies it
	PGAOff       = "pga"           // a VM without an external address on a subnet without Private Google Access
)

// Placeholders of the fix commands.
const (
	PhNetwork = "<network>"
	PhSubnet  = "<subnet>"
	PhRegion  = "<region>"
	PhPolicy  = "<firewall-policy>"
)

// Problem is one thing that keeps TCP 1688 from Google's KMS.
type Problem struct {
	Kind    string
	Addr    netip.Addr
	Network string
	Route   *evidence.CloudRoute // RouteForced: the deciding route
	Rule    *evidence.CloudRule  // FirewallDeny, PolicyDeny: the deciding rule
	Doc     *evidence.CloudDoc   // the route, rule, policy, subnet or instance it is about
	// PolicyDeny: the priority the fix's allow rule takes (0: none free).
	NewPriority int
	Instance    *evidence.CloudDoc // the VM, when exported
	Commands    []cmdline.Line     // gcloud commands (bash) that fix it
}

// Result is the analysis of one set of exports.
type Result struct {
	Addr     netip.Addr
	Network  string
	Instance *evidence.CloudDoc
	Problems []Problem
	// Clear names what was checked and lets TCP 1688 through: "route" (the
	// route's name), "firewall" (the rule's name, or "" for the implied
	// egress allow), "pga" (the subnet).
	Clear     []Check
	Routes    bool // routes were exported
	Firewalls bool
	Policies  bool // firewall policies were exported
	Subnets   bool
	// Order is the network firewall policy enforcement order applied:
	// AFTER_CLASSIC_FIREWALL (the default) or BEFORE_CLASSIC_FIREWALL.
	Order      string
	TaggedOnly []string // routes to the KMS that apply to tagged VMs only, unknown without the instance
}

// Check is one thing that was checked and found clear.
type Check struct {
	What string // route, firewall, firewall_implied, pga
	Name string
	Doc  *evidence.CloudDoc
}

// Has reports whether docs hold any Google Cloud resource.
func Has(docs []evidence.CloudDoc) bool {
	return slices.ContainsFunc(docs, func(d evidence.CloudDoc) bool { return strings.HasPrefix(d.Kind, "gcp_") })
}

// Analyze checks the path of TCP 1688 from the exported VM (or any VM of
// the network, when no instance was exported) to Google's KMS.
func Analyze(docs []evidence.CloudDoc) Result {
	c, _ := knowledge.LookupCloud("gcp")
	addr, _ := netip.ParseAddr(c.Addrs[0])
	res := Result{Addr: addr}
	var insts []*evidence.CloudDoc
	for i := range docs {
		if docs[i].Kind == evidence.GCPInstance {
			insts = append(insts, &docs[i])
		}
	}
	if len(insts) == 1 {
		res.Instance = insts[0]
		res.Network = insts[0].Network
	}
	for i := range docs {
		if res.Network == "" && docs[i].Network != "" && (docs[i].Kind == evidence.GCPRoute || docs[i].Kind == evidence.GCPFirewall) {
			res.Network = docs[i].Network
		}
	}
	onNet := func(d *evidence.CloudDoc) bool {
		return res.Network == "" || d.Network == "" || d.Network == res.Network
	}
	applies := func(tags, sas []string) (bool, bool) { // applies, known
		if len(tags) == 0 && len(sas) == 0 {
			return true, true
		}
		if res.Instance == nil {
			return false, false
		}
		for _, t := range tags {
			if slices.Contains(res.Instance.Tags, t) {
				return true, true
			}
		}
		for _, s := range sas {
			if slices.Contains(res.Instance.ServiceAccounts, s) {
				return true, true
			}
		}
		return false, true
	}

	// Routes: the most specific route to the address, then the lowest
	// priority number, among those that apply to the VM.
	var best *evidence.CloudRoute
	var bestDoc *evidence.CloudDoc
	for i := range docs {
		d := &docs[i]
		if d.Kind != evidence.GCPRoute || !onNet(d) {
			continue
		}
		res.Routes = true
		for j := range d.Routes {
			r := &d.Routes[j]
			if !cloudnet.Contains(r.Dest, addr) {
				continue
			}
			ok, known := applies(r.Tags, nil)
			if !known {
				res.TaggedOnly = append(res.TaggedOnly, r.Name)
			}
			if !ok {
				continue
			}
			if best == nil || cloudnet.PrefixLen(r.Dest) > cloudnet.PrefixLen(best.Dest) ||
				cloudnet.PrefixLen(r.Dest) == cloudnet.PrefixLen(best.Dest) && r.Priority < best.Priority {
				best, bestDoc = r, d
			}
		}
	}
	if res.Routes {
		switch {
		case best == nil:
			res.Problems = append(res.Problems, Problem{Kind: RouteMissing, Addr: addr, Network: res.Network, Instance: res.Instance,
				Commands: []cmdline.Line{routeCommand(res.Network, addr, 1000)}})
		case best.TargetKind != "internet":
			prio := 1000
			if cloudnet.PrefixLen(best.Dest) == addr.BitLen() {
				prio = max(best.Priority-1, 0)
			}
			res.Problems = append(res.Problems, Problem{Kind: RouteForced, Addr: addr, Network: res.Network, Route: best, Doc: bestDoc, Instance: res.Instance,
				Commands: []cmdline.Line{routeCommand(res.Network, addr, prio)}})
		default:
			res.Clear = append(res.Clear, Check{What: "route", Name: best.Name, Doc: bestDoc})
		}
	}

	// Egress firewall rules and policies, in the order Google documents
	// (cloud.google.com/firewall/docs/firewall-policies-rule-eval-order):
	// hierarchical firewall policies (organization, then folders), then
	// VPC firewall rules and the global and regional network firewall
	// policies in the network's enforcement order (AFTER_CLASSIC_FIREWALL
	// by default: VPC rules first), then the implied egress allow. In each,
	// the first matching rule by priority decides; goto_next passes the
	// decision on to the next.
	res.Order = "AFTER_CLASSIC_FIREWALL"
	var hier, netPol []*evidence.CloudDoc
	for i := range docs {
		d := &docs[i]
		switch {
		case d.Kind == evidence.GCPNetwork && d.PolicyOrder != "" && (res.Network == "" || d.Name == res.Network):
			res.Order = strings.ToUpper(d.PolicyOrder)
		case d.Kind == evidence.GCPPolicy:
			res.Policies = true
			if d.PolicyType == "NETWORK" || d.PolicyType == "NETWORK_REGIONAL" {
				netPol = append(netPol, d)
			} else if d.PolicyType == "HIERARCHY" || d.PolicyType == "" {
				hier = append(hier, d)
			}
		case d.Kind == evidence.GCPFirewall && onNet(d):
			res.Firewalls = true
		}
	}
	// Hierarchical policies in the order given (gcloud lists the
	// organization's first); global network policies before regional ones.
	sort.SliceStable(netPol, func(i, j int) bool { return netPol[i].PolicyType == "NETWORK" && netPol[j].PolicyType != "NETWORK" })
	stages := []func() (decided bool){}
	for _, d := range hier {
		stages = append(stages, func() bool { return res.policyStage(d, applies) })
	}
	vpc := func() bool { return res.vpcStage(docs, onNet, applies) }
	pols := func() bool {
		for _, d := range netPol {
			if res.policyStage(d, applies) {
				return true
			}
		}
		return false
	}
	if res.Order == "BEFORE_CLASSIC_FIREWALL" {
		stages = append(stages, pols, vpc)
	} else {
		stages = append(stages, vpc, pols)
	}
	if res.Firewalls || res.Policies {
		decided := false
		for _, st := range stages {
			if decided = st(); decided {
				break
			}
		}
		if !decided && res.Firewalls {
			res.Clear = append(res.Clear, Check{What: "firewall_implied"})
		}
	}

	// Private Google Access, for a VM without an external address.
	if res.Instance != nil && !res.Instance.ExternalIP {
		for _, sn := range res.Instance.Subnets {
			for i := range docs {
				d := &docs[i]
				if d.Kind != evidence.GCPSubnet || d.Name != sn || d.PrivateGoogleAccess == nil {
					continue
				}
				res.Subnets = true
				if *d.PrivateGoogleAccess {
					res.Clear = append(res.Clear, Check{What: "pga", Name: d.Name, Doc: d})
					continue
				}
				res.Problems = append(res.Problems, Problem{Kind: PGAOff, Addr: addr, Network: res.Network, Doc: d, Instance: res.Instance,
					Commands: []cmdline.Line{pgaCommand(d.Name, d.Region)}})
			}
		}
	}
	return res
}

// vpcStage applies the VPC firewall rules: lowest priority number first,
// a deny before an allow of the same priority. It reports whether a rule
// decided.
func (res *Result) vpcStage(docs []evidence.CloudDoc, onNet func(*evidence.CloudDoc) bool, applies func(tags, sas []string) (bool, bool)) bool {
	type cand struct {
		r *evidence.CloudRule
		d *evidence.CloudDoc
	}
	var cands []cand
	for i := range docs {
		d := &docs[i]
		if d.Kind != evidence.GCPFirewall || !onNet(d) {
			continue
		}
		for j := range d.Rules {
			r := &d.Rules[j]
			if !r.Egress || r.Disabled || !tcp(r.Protocol) || !cloudnet.AnyPort(r.Ports, knowledge.KMSPort) || !toAddr(r.Dests, res.Addr) {
				continue
			}
			if ok, _ := applies(r.TargetTags, r.TargetSAs); !ok {
				continue
			}
			cands = append(cands, cand{r, d})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].r.Priority != cands[j].r.Priority {
			return cands[i].r.Priority < cands[j].r.Priority
		}
		return !cands[i].r.Allow && cands[j].r.Allow
	})
	switch {
	case len(cands) == 0:
		return false
	case !cands[0].r.Allow:
		r := cands[0].r
		p := Problem{Kind: FirewallDeny, Addr: res.Addr, Network: res.Network, Rule: r, Doc: cands[0].d, Instance: res.Instance}
		if r.Priority > 0 {
			p.Commands = []cmdline.Line{firewallCommand(res.Network, res.Addr, r.Priority-1)}
		}
		res.Problems = append(res.Problems, p)
	default:
		res.Clear = append(res.Clear, Check{What: "firewall", Name: cands[0].r.Name, Doc: cands[0].d})
	}
	return true
}

// policyStage applies one firewall policy: its first egress rule by
// priority that matches TCP 1688 to the KMS decides, unless it is
// goto_next. It reports whether a rule decided.
func (res *Result) policyStage(d *evidence.CloudDoc, applies func(tags, sas []string) (bool, bool)) bool {
	if d.PolicyType == "NETWORK_REGIONAL" && res.Instance != nil && res.Instance.Region != "" && d.Region != "" && d.Region != res.Instance.Region {
		return false // a regional policy applies to the VMs of its region only
	}
	var best *evidence.CloudRule
	for j := range d.Rules {
		r := &d.Rules[j]
		if !r.Egress || r.Disabled || r.TargetSecure || !tcp(r.Protocol) || !cloudnet.AnyPort(r.Ports, knowledge.KMSPort) || !toAddr(r.Dests, res.Addr) {
			continue
		}
		if len(r.TargetNetworks) > 0 && res.Network != "" && !slices.Contains(r.TargetNetworks, res.Network) {
			continue
		}
		if ok, _ := applies(nil, r.TargetSAs); !ok {
			continue
		}
		if best == nil || r.Priority < best.Priority {
			best = r
		}
	}
	name := d.ShortName
	if name == "" {
		name = d.Name
	}
	switch {
	case best == nil || best.Action == "goto_next":
		res.Clear = append(res.Clear, Check{What: "policy_next", Name: name, Doc: d})
		return false
	case best.Action == "deny":
		p := Problem{Kind: PolicyDeny, Addr: res.Addr, Network: res.Network, Rule: best, Doc: d, Instance: res.Instance}
		if n := freePriority(d.Rules, best.Priority); n >= 0 {
			p.NewPriority = n
			p.Commands = []cmdline.Line{policyCommand(d, res.Addr, n)}
		}
		res.Problems = append(res.Problems, p)
	default: // allow, apply_security_profile_group (allowed, then inspected)
		res.Clear = append(res.Clear, Check{What: "policy", Name: name, Doc: d})
	}
	return true
}

// freePriority is the highest priority below n that no rule of the policy
// uses (priorities are unique in a policy), -1 when none.
func freePriority(rules []evidence.CloudRule, n int) int {
	for k := n - 1; k >= 0; k-- {
		if !slices.ContainsFunc(rules, func(r evidence.CloudRule) bool { return r.Priority == k }) {
			return k
		}
	}
	return -1
}

// toAddr reports whether dests (none: all) hold addr.
func toAddr(dests []string, addr netip.Addr) bool {
	if len(dests) == 0 {
		return true
	}
	return slices.ContainsFunc(dests, func(c string) bool { return cloudnet.Contains(c, addr) })
}

func tcp(p string) bool {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "tcp", "6", "all", "":
		return true
	}
	return false
}

// name is a resource name from the JSON, or its placeholder.
func name(v, ph string) cmdline.Arg {
	if v == "" {
		return cmdline.Hole(ph)
	}
	n, ok := cmdline.Name(v)
	return cmdline.Checked(n, ok, v, ph)
}

func lit(s string) cmdline.Arg { return cmdline.Lit(s) }

// RouteName and RuleName are the names of the route and the firewall rule
// kmsdoctor suggests.
const (
	RouteName = "kmsdoctor-windows-kms"
	RuleName  = "kmsdoctor-allow-windows-kms"
)

func routeCommand(network string, addr netip.Addr, prio int) cmdline.Line {
	return cmdline.Build(cmdline.Bash, lit("gcloud compute routes create "+RouteName), lit("--network"), name(network, PhNetwork),
		lit("--destination-range="+cloudnet.HostPrefix(addr)+" --next-hop-gateway=default-internet-gateway --priority="+strconv.Itoa(prio)))
}

func firewallCommand(network string, addr netip.Addr, prio int) cmdline.Line {
	return cmdline.Build(cmdline.Bash, lit("gcloud compute firewall-rules create "+RuleName), lit("--network"), name(network, PhNetwork),
		lit("--direction=EGRESS --action=ALLOW --rules=tcp:"+strconv.Itoa(knowledge.KMSPort)+" --destination-ranges="+cloudnet.HostPrefix(addr)+" --priority="+strconv.Itoa(prio)))
}

// policyCommand adds the allow rule to a hierarchical policy (by its
// name, the number, which needs no --organization) or to a global or
// regional network policy.
func policyCommand(d *evidence.CloudDoc, addr netip.Addr, prio int) cmdline.Line {
	rule := lit("--action=allow --direction=EGRESS --dest-ip-ranges=" + cloudnet.HostPrefix(addr) + " --layer4-configs=tcp:" + strconv.Itoa(knowledge.KMSPort))
	switch d.PolicyType {
	case "NETWORK":
		return cmdline.Build(cmdline.Bash, lit("gcloud compute network-firewall-policies rules create "+strconv.Itoa(prio)+" --firewall-policy"), name(d.Name, PhPolicy),
			lit("--global-firewall-policy"), rule)
	case "NETWORK_REGIONAL":
		return cmdline.Build(cmdline.Bash, lit("gcloud compute network-firewall-policies rules create "+strconv.Itoa(prio)+" --firewall-policy"), name(d.Name, PhPolicy),
			lit("--firewall-policy-region"), name(d.Region, PhRegion), rule)
	}
	return cmdline.Build(cmdline.Bash, lit("gcloud compute firewall-policies rules create "+strconv.Itoa(prio)+" --firewall-policy"), name(d.Name, PhPolicy), rule)
}

func pgaCommand(subnet, region string) cmdline.Line {
	return cmdline.Build(cmdline.Bash, lit("gcloud compute networks subnets update"), name(subnet, PhSubnet),
		lit("--region"), name(region, PhRegion), lit("--enable-private-ip-google-access"))
}
