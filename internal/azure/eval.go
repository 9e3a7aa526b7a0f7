package azure

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// Endpoint is one KMS address of a cloud.
type Endpoint struct {
	Addr   netip.Addr
	Legacy bool // retired address, kept for older guides
}

// Endpoints lists the cloud's current addresses, then the legacy ones.
func Endpoints(c knowledge.AzureCloud) []Endpoint {
	var out []Endpoint
	for _, a := range c.Addrs {
		if ip, err := netip.ParseAddr(a); err == nil {
			out = append(out, Endpoint{Addr: ip})
		}
	}
	for _, a := range c.Legacy {
		if ip, err := netip.ParseAddr(a); err == nil {
			out = append(out, Endpoint{Addr: ip, Legacy: true})
		}
	}
	return out
}

// Cloud returns the endpoint set for a --azure value; empty means public.
func Cloud(name string) knowledge.AzureCloud {
	if name == "" {
		name = "public"
	}
	c, ok := knowledge.Azure(name)
	if !ok {
		c, _ = knowledge.Azure("public")
	}
	return c
}

// originWeight breaks ties between routes of equal prefix length the way
// Azure does: a user route beats a BGP route, which beats a system route.
func originWeight(o string) int {
	switch strings.ToLower(o) {
	case "user":
		return 3
	case "virtualnetworkgateway", "bgp":
		return 2
	}
	return 1
}

// Lookup does a longest-prefix match of addr over routes, skipping routes
// whose state is Invalid (overridden). It returns the deciding route and the
// prefix that matched.
func Lookup(routes []evidence.AzureRoute, addr netip.Addr) (evidence.AzureRoute, netip.Prefix, bool) {
	var best evidence.AzureRoute
	var bestP netip.Prefix
	found := false
	for _, r := range routes {
		if strings.EqualFold(r.State, "Invalid") {
			continue
		}
		for _, ps := range r.Prefixes {
			p, err := netip.ParsePrefix(strings.TrimSpace(ps))
			if err != nil {
				if a, err2 := netip.ParseAddr(strings.TrimSpace(ps)); err2 == nil {
					p = netip.PrefixFrom(a, a.BitLen())
				} else {
					continue
				}
			}
			p = p.Masked()
			if !p.Contains(addr) {
				continue
			}
			if !found || p.Bits() > bestP.Bits() || (p.Bits() == bestP.Bits() && originWeight(r.Origin) > originWeight(best.Origin)) {
				best, bestP, found = r, p, true
			}
		}
	}
	return best, bestP, found
}

// Hop is where one KMS address goes.
type Hop struct {
	Endpoint
	Route   evidence.AzureRoute
	Prefix  netip.Prefix
	Found   bool // false: no route at all (traffic is dropped)
	Implied bool // the system default route assumed for a route table alone
}

// Internet reports whether the address leaves straight to the Internet.
func (h Hop) Internet() bool { return h.Found && strings.EqualFold(h.Route.NextHopType, "Internet") }

// RouteCheck is the routing of every KMS address through one document.
type RouteCheck struct {
	Doc  *evidence.AzureDoc
	Hops []Hop
}

// impliedDefault is Azure's system route 0.0.0.0/0 -> Internet, which
// applies to a subnet unless a user or BGP route overrides it.
var impliedDefault = evidence.AzureRoute{Prefixes: []string{"0.0.0.0/0"}, NextHopType: "Internet", Origin: "Default", State: "Active", Index: -1}

func checkRoutes(d *evidence.AzureDoc, eps []Endpoint) RouteCheck {
	rc := RouteCheck{Doc: d}
	routes := d.Routes
	if d.Kind == evidence.AzureRouteTable {
		routes = append(slices.Clone(d.Routes), impliedDefault)
	}
	for _, ep := range eps {
		r, p, ok := Lookup(routes, ep.Addr)
		h := Hop{Endpoint: ep, Route: r, Prefix: p, Found: ok}
		h.Implied = ok && d.Kind == evidence.AzureRouteTable && r.Index == -1
		rc.Hops = append(rc.Hops, h)
	}
	return rc
}

// NSG evaluation cases.
const (
	NSGAllowed       = "allowed"        // an allow rule matches first
	NSGDenied        = "denied"         // a deny rule naming the address or port blocks it
	NSGImplicitAllow = "implicit_allow" // a broad deny would block, but the platform's KMS rule lets it through
	NSGExplicitZero  = "explicit_zero"  // a broad deny blocks, and an explicit 0.0.0.0/0 rule turns the platform's KMS rule off
)

// NSGVerdict is the fate of outbound TCP 1688 to one KMS address in one NSG.
type NSGVerdict struct {
	Endpoint
	Rule    evidence.AzureRule
	Matched bool
	Case    string
	// Uncertain is the first deny rule, evaluated before Rule, whose
	// destination is a service tag kmsdoctor cannot expand offline (e.g.
	// AzureCloud): if the KMS address is in the tag, that rule decides.
	Uncertain *evidence.AzureRule
}

// Blocked reports whether the NSG stops the traffic.
func (v NSGVerdict) Blocked() bool { return v.Case == NSGDenied || v.Case == NSGExplicitZero }

// NSGCheck is the evaluation of one NSG (or one effective NSG association).
type NSGCheck struct {
	Doc      *evidence.AzureDoc
	Verdicts []NSGVerdict
	// Zero is the explicit 0.0.0.0/0 outbound rule, when there is one.
	Zero *evidence.AzureRule
	// AddedDefaults is true when the file had no default rules and Azure's
	// were assumed.
	AddedDefaults bool
	// Unresolved lists service tags kmsdoctor cannot expand offline that
	// appear in outbound rules evaluated before the deciding rule.
	Unresolved []string
}

// DefaultOutboundRules are the outbound default rules every NSG has.
var DefaultOutboundRules = []evidence.AzureRule{
	{Name: "AllowVnetOutBound", Priority: 65000, Direction: "Outbound", Access: "Allow", Protocol: "*", Dest: []string{"VirtualNetwork"}, DestPorts: []string{"*"}, Sources: []string{"VirtualNetwork"}, Default: true},
	{Name: "AllowInternetOutBound", Priority: 65001, Direction: "Outbound", Access: "Allow", Protocol: "*", Dest: []string{"Internet"}, DestPorts: []string{"*"}, Sources: []string{"*"}, Default: true},
	{Name: "DenyAllOutBound", Priority: 65500, Direction: "Outbound", Access: "Deny", Protocol: "*", Dest: []string{"*"}, DestPorts: []string{"*"}, Sources: []string{"*"}, Default: true},
}

// OutboundRules returns the outbound rules of an NSG in evaluation order
// (priority, then file order), adding Azure's defaults when absent.
func OutboundRules(rules []evidence.AzureRule) ([]evidence.AzureRule, bool) {
	var out []evidence.AzureRule
	hasDefault := false
	for _, r := range rules {
		if r.Default {
			hasDefault = true
		}
		if strings.EqualFold(r.Direction, "Outbound") {
			out = append(out, r)
		}
	}
	if !hasDefault {
		out = append(out, DefaultOutboundRules...)
	}
	slices.SortStableFunc(out, func(a, b evidence.AzureRule) int { return a.Priority - b.Priority })
	return out, !hasDefault
}

// ProtoMatchesTCP reports whether an NSG protocol value covers TCP.
func ProtoMatchesTCP(p string) bool {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "*", "all", "tcp", "any", "":
		return true
	}
	return false
}

// PortMatches reports whether a port value ("*", "1688", "1000-2000",
// "80,1688") covers port.
func PortMatches(spec string, port int) bool {
	for _, s := range strings.Split(spec, ",") {
		s = strings.TrimSpace(s)
		if s == "*" || strings.EqualFold(s, "any") {
			return true
		}
		if lo, hi, ok := strings.Cut(s, "-"); ok {
			a, e1 := strconv.Atoi(strings.TrimSpace(lo))
			b, e2 := strconv.Atoi(strings.TrimSpace(hi))
			if e1 == nil && e2 == nil && a <= port && port <= b {
				return true
			}
			continue
		}
		if n, err := strconv.Atoi(s); err == nil && n == port {
			return true
		}
	}
	return false
}

// AddrMatch is the result of matching an address against a rule prefix.
type AddrMatch int

// AddrMatch values.
const (
	NoMatch AddrMatch = iota
	Match
	UnknownTag // a service tag that cannot be expanded offline
)

// AddrMatches matches a public address against one destination value: "*",
// the Internet tag, a CIDR prefix, a single address or a range "a-b".
func AddrMatches(spec string, addr netip.Addr) AddrMatch {
	s := strings.TrimSpace(spec)
	if anyPublic(s) {
		return Match
	}
	switch strings.ToLower(s) {
	case "virtualnetwork", "azureloadbalancer", "":
		// KMS addresses are public and never part of a virtual network.
		return NoMatch
	}
	if p, err := netip.ParsePrefix(s); err == nil {
		if p.Masked().Contains(addr) {
			return Match
		}
		return NoMatch
	}
	if a, err := netip.ParseAddr(s); err == nil {
		if a == addr {
			return Match
		}
		return NoMatch
	}
	if lo, hi, ok := strings.Cut(s, "-"); ok {
		a, e1 := netip.ParseAddr(strings.TrimSpace(lo))
		b, e2 := netip.ParseAddr(strings.TrimSpace(hi))
		if e1 == nil && e2 == nil {
			if a.Compare(addr) <= 0 && addr.Compare(b) <= 0 {
				return Match
			}
			return NoMatch
		}
	}
	return UnknownTag
}

// ruleMatches matches outbound TCP port to addr against one rule.
func ruleMatches(r evidence.AzureRule, addr netip.Addr, port int, srcIP netip.Addr) (bool, []string) {
	if !ProtoMatchesTCP(r.Protocol) {
		return false, nil
	}
	portOK := false
	for _, p := range r.DestPorts {
		if PortMatches(p, port) {
			portOK = true
			break
		}
	}
	if !portOK || !sourceMatches(r.Sources, srcIP) {
		return false, nil
	}
	var unknown []string
	for _, d := range r.Dest {
		switch AddrMatches(d, addr) {
		case Match:
			return true, nil
		case UnknownTag:
			unknown = append(unknown, d)
		}
	}
	// An effective rule lists the prefixes of its service tags.
	for _, d := range r.Expanded {
		if AddrMatches(d, addr) == Match {
			return true, nil
		}
	}
	if len(r.Expanded) > 0 {
		unknown = nil
	}
	return false, unknown
}

// sourceMatches: the traffic comes from the VM. Without its address any
// source that could be a VM matches.
func sourceMatches(srcs []string, ip netip.Addr) bool {
	if len(srcs) == 0 {
		return true
	}
	for _, s := range srcs {
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "*", "any", "virtualnetwork", "0.0.0.0/0":
			return true
		}
		if !ip.IsValid() {
			if _, err := netip.ParsePrefix(s); err == nil {
				return true
			}
			if _, err := netip.ParseAddr(s); err == nil {
				return true
			}
			continue
		}
		if AddrMatches(s, ip) == Match {
			return true
		}
	}
	return false
}

func isZero(s string) bool { return strings.TrimSpace(s) == "0.0.0.0/0" }

// anyPublic reports whether a destination value covers every public
// address: "*", "any", the Internet tag or 0.0.0.0/0.
func anyPublic(spec string) bool {
	switch strings.ToLower(strings.TrimSpace(spec)) {
	case "*", "any", "internet", "0.0.0.0/0":
		return true
	}
	return false
}

func broadDest(r evidence.AzureRule) bool {
	for _, d := range r.Dest {
		if !anyPublic(d) {
			return false
		}
	}
	return true
}

func broadPorts(r evidence.AzureRule) bool {
	for _, p := range r.DestPorts {
		if p != "*" && p != "0-65535" && !strings.EqualFold(p, "any") {
			return false
		}
	}
	return true
}

// EvaluateNSG decides outbound TCP 1688 to each endpoint through the rules
// of one NSG, by priority, and models the platform rule that lets KMS
// traffic through a broad deny unless an explicit 0.0.0.0/0 rule exists.
func EvaluateNSG(d *evidence.AzureDoc, eps []Endpoint, port int, srcIP netip.Addr) NSGCheck {
	rules, added := OutboundRules(d.Rules)
	nc := NSGCheck{Doc: d, AddedDefaults: added}
	for i := range rules {
		r := rules[i]
		if !r.Default && slices.ContainsFunc(r.Dest, isZero) {
			nc.Zero = &rules[i]
			break
		}
	}
	for _, ep := range eps {
		v := NSGVerdict{Endpoint: ep, Case: NSGAllowed}
		for i, r := range rules {
			ok, unk := ruleMatches(r, ep.Addr, port, srcIP)
			for _, u := range unk {
				if !slices.Contains(nc.Unresolved, u) {
					nc.Unresolved = append(nc.Unresolved, u)
				}
			}
			if len(unk) > 0 && !ok && v.Uncertain == nil && strings.EqualFold(r.Access, "Deny") {
				v.Uncertain = &rules[i]
			}
			if !ok {
				continue
			}
			v.Rule, v.Matched = r, true
			if strings.EqualFold(r.Access, "Deny") {
				switch {
				case !broadDest(r) || !broadPorts(r):
					v.Case = NSGDenied
				case nc.Zero != nil:
					v.Case = NSGExplicitZero
				default:
					v.Case = NSGImplicitAllow
				}
			}
			break
		}
		nc.Verdicts = append(nc.Verdicts, v)
	}
	return nc
}

// Outbound problem cases.
const (
	OutboundInternalLB    = "internal_lb"    // Standard internal LB, no public IP, no NAT gateway
	OutboundPrivateSubnet = "private_subnet" // default outbound access off, no public IP, no NAT gateway
)

// OutboundProblem is a NIC configuration with no way out to the Internet.
type OutboundProblem struct {
	NIC      *evidence.AzureDoc
	IPConfig evidence.AzureIPConfig
	LB       *evidence.AzureDoc // the Standard internal LB, for OutboundInternalLB
	Subnet   *evidence.AzureDoc // nil when the subnet was not exported
	Case     string
}

// Result is everything Analyze found.
type Result struct {
	Cloud     knowledge.AzureCloud
	Endpoints []Endpoint
	Routes    []RouteCheck
	NSGs      []NSGCheck
	Outbound  []OutboundProblem
	// OutboundOK lists the NIC configurations whose way out is known.
	OutboundOK []OutboundOK
	// RoutesFromTables is true when no effective routes were given and
	// the route tables were evaluated over Azure's system default route.
	RoutesFromTables bool
}

// KMSPort is the port the KMS client connects to.
const KMSPort = knowledge.KMSPort

// Analyze evaluates every Azure document against the cloud's KMS addresses.
func Analyze(docs []evidence.AzureDoc, cloud knowledge.AzureCloud) Result {
	res := Result{Cloud: cloud, Endpoints: Endpoints(cloud)}
	port := cloud.Port
	if port == 0 {
		port = KMSPort
	}
	haveEffective := slices.ContainsFunc(docs, func(d evidence.AzureDoc) bool { return d.Kind == evidence.AzureEffectiveRoutes })
	srcIP := soleNICIP(docs)
	for i := range docs {
		d := &docs[i]
		switch d.Kind {
		case evidence.AzureEffectiveRoutes:
			res.Routes = append(res.Routes, checkRoutes(d, res.Endpoints))
		case evidence.AzureRouteTable:
			if !haveEffective {
				res.RoutesFromTables = true
				res.Routes = append(res.Routes, checkRoutes(d, res.Endpoints))
			}
		case evidence.AzureNSG, evidence.AzureEffectiveNSG:
			res.NSGs = append(res.NSGs, EvaluateNSG(d, res.Endpoints, port, srcIP))
		}
	}
	res.Outbound, res.OutboundOK = outbound(docs)
	return res
}

// soleNICIP is the private address of the NIC the traffic comes from, when
// the exported NICs hold exactly one; zero otherwise. It is the same for
// every NSG.
func soleNICIP(docs []evidence.AzureDoc) netip.Addr {
	var ips []netip.Addr
	for _, d := range docs {
		if d.Kind != evidence.AzureNIC {
			continue
		}
		for _, ic := range d.IPConfigs {
			if a, err := netip.ParseAddr(ic.PrivateIP); err == nil {
				ips = append(ips, a)
			}
		}
	}
	if len(ips) == 1 {
		return ips[0]
	}
	return netip.Addr{}
}

func findDoc(docs []evidence.AzureDoc, kind, id, name string) *evidence.AzureDoc {
	for i := range docs {
		d := &docs[i]
		if d.Kind != kind {
			continue
		}
		if id != "" && d.ID != "" && strings.EqualFold(d.ID, id) {
			return d
		}
		if name != "" && strings.EqualFold(d.Name, name) {
			return d
		}
	}
	return nil
}

// Ways out to the Internet (OutboundOK.Via).
const (
	ViaPublicIP   = "public_ip"
	ViaNATGateway = "nat_gateway"
	ViaPublicLB   = "public_lb"
)

// OutboundOK is a NIC IP configuration whose way out is known.
type OutboundOK struct {
	NIC      *evidence.AzureDoc
	IPConfig evidence.AzureIPConfig
	Via      string
}

func outbound(docs []evidence.AzureDoc) ([]OutboundProblem, []OutboundOK) {
	var out []OutboundProblem
	var oks []OutboundOK
	for i := range docs {
		nic := &docs[i]
		if nic.Kind != evidence.AzureNIC {
			continue
		}
		for _, ic := range nic.IPConfigs {
			if ic.PublicIPID != "" {
				oks = append(oks, OutboundOK{NIC: nic, IPConfig: ic, Via: ViaPublicIP})
				continue
			}
			subnet := findDoc(docs, evidence.AzureSubnet, ic.SubnetID, "")
			if subnet != nil && subnet.NATGatewayID != "" {
				oks = append(oks, OutboundOK{NIC: nic, IPConfig: ic, Via: ViaNATGateway})
				continue
			}
			var ilb *evidence.AzureDoc
			viaPublicLB := false
			for _, pool := range ic.BackendPools {
				lbID := pool
				if j := strings.Index(knowledge.ASCIILower(pool), "/backendaddresspools/"); j >= 0 { // offsets of pool
					lbID = pool[:j]
				}
				lb := findDoc(docs, evidence.AzureLB, lbID, IDPart(pool, "loadBalancers"))
				if lb == nil {
					continue
				}
				if lb.PublicFrontends > 0 {
					viaPublicLB = true
				} else if strings.EqualFold(lb.SKU, "Standard") {
					ilb = lb
				}
			}
			switch {
			case viaPublicLB:
				oks = append(oks, OutboundOK{NIC: nic, IPConfig: ic, Via: ViaPublicLB})
			case ilb != nil:
				out = append(out, OutboundProblem{NIC: nic, IPConfig: ic, LB: ilb, Subnet: subnet, Case: OutboundInternalLB})
			case subnet != nil && subnet.DefaultOutboundAccess != nil && !*subnet.DefaultOutboundAccess:
				out = append(out, OutboundProblem{NIC: nic, IPConfig: ic, Subnet: subnet, Case: OutboundPrivateSubnet})
			}
		}
	}
	return out, oks
}
