package diagnose

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/azure"
	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDAzureRouteForced  = def(Def{ID: "azure.route.forced_tunnel", Severity: report.Error, Rank: 37, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDAzureNSGBlocks    = def(Def{ID: "azure.nsg.blocks_kms", Severity: report.Error, Rank: 38, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDAzureNSGImplicit  = def(Def{ID: "azure.nsg.implicit_allow", Severity: report.Info, Rank: 38, Stage: report.StageTCP})
	IDAzureOutboundNone = def(Def{ID: "azure.outbound.none", Severity: report.Error, Rank: 39, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDAzurePathClear    = def(Def{ID: "azure.path.clear", Severity: report.OK, Rank: 39, Stage: report.StageTCP})
)

// The Azure rules read exported network configuration (evidence.Set.Azure)
// and answer, for every KMS address of the selected cloud at once, whether
// the route, the NSGs and the outbound path let TCP 1688 out. The analysis
// itself (longest prefix match, NSG priority order, outbound) lives in
// internal/azure; these rules only word the findings and the fixes.
var _ = register("azure.network", []string{IDAzureNSGBlocks, IDAzureNSGImplicit, IDAzurePathClear, IDAzureRouteForced, IDAzureOutboundNone}, func(s *evidence.Set, out *Out) {
	if len(s.Azure) == 0 {
		return
	}
	res := azure.Analyze(s.Azure, azure.Cloud(s.Context.AzureCloud))
	problems := false
	var clear []report.Message

	for _, rc := range res.Routes {
		groups := map[string][]azure.Hop{}
		var order []string
		var legacyOK []string
		for _, h := range rc.Hops {
			if h.Internet() {
				if h.Legacy {
					legacyOK = append(legacyOK, h.Addr.String())
				}
				continue
			}
			if h.Legacy {
				continue // a retired address no longer matters
			}
			k := routeKey(h)
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			groups[k] = append(groups[k], h)
		}
		for _, k := range order {
			problems = true
			emitForcedTunnel(s, out, res, rc, groups[k], legacyOK)
		}
		if len(order) == 0 {
			var per []string
			for _, h := range rc.Hops {
				if !h.Legacy {
					per = append(per, h.Addr.String()+" -> "+routeLabel(h)+" ("+originLabel(h)+")")
				}
			}
			if len(per) > 0 {
				key := "azure.clear.routes"
				if rc.Doc.Kind == evidence.AzureRouteTable {
					key = "azure.clear.routes_table"
				}
				clear = append(clear, report.Msg(key, report.Args{"routes": strings.Join(per, ", "), "where": docLabel(rc.Doc)}))
			}
		}
	}

	for _, nc := range res.NSGs {
		type group struct {
			v     azure.NSGVerdict
			addrs []netip.Addr
		}
		var blocked, implicit, uncertain []*group
		find := func(gs []*group, v azure.NSGVerdict) ([]*group, *group) {
			for _, g := range gs {
				if g.v.Rule.Name == v.Rule.Name && g.v.Rule.Priority == v.Rule.Priority && g.v.Case == v.Case {
					return gs, g
				}
			}
			g := &group{v: v}
			return append(gs, g), g
		}
		var allowRule *azure.NSGVerdict
		for _, v := range nc.Verdicts {
			if v.Legacy {
				continue
			}
			var g *group
			switch {
			case !v.Blocked() && v.Uncertain != nil:
				u := v
				u.Rule, u.Case = *v.Uncertain, caseUncertainTag
				uncertain, g = find(uncertain, u)
			case v.Blocked():
				blocked, g = find(blocked, v)
			case v.Case == azure.NSGImplicitAllow:
				implicit, g = find(implicit, v)
			default:
				vv := v
				if allowRule == nil {
					allowRule = &vv
				}
				continue
			}
			g.addrs = append(g.addrs, v.Addr)
		}
		for _, g := range blocked {
			problems = true
			emitNSG(out, nc, g.v, g.addrs, IDAzureNSGBlocks)
		}
		for _, g := range uncertain {
			problems = true
			emitNSG(out, nc, g.v, g.addrs, IDAzureNSGBlocks)
		}
		for _, g := range implicit {
			emitNSG(out, nc, g.v, g.addrs, IDAzureNSGImplicit)
			clear = append(clear, report.Msg("azure.clear.nsg_implicit", report.Args{"nsg": nsgLabel(nc.Doc), "rule": g.v.Rule.Name}))
		}
		if len(blocked) == 0 && len(implicit) == 0 && allowRule != nil {
			clear = append(clear, report.Msg("azure.clear.nsg", report.Args{"nsg": nsgLabel(nc.Doc), "rule": allowRule.Rule.Name, "priority": allowRule.Rule.Priority}))
		}
	}

	for _, p := range res.Outbound {
		problems = true
		emitOutbound(out, p)
	}
	for _, ok := range res.OutboundOK {
		clear = append(clear, report.Msg("azure.clear.outbound."+ok.Via, report.Args{"nic": ok.NIC.Name, "ipconfig": ok.IPConfig.Name}))
	}

	if !problems && len(clear) > 0 {
		out.Add(F{ID: IDAzurePathClear,
			Args:     report.Args{"addrs": strings.Join(res.Cloud.Addrs, ", "), "cloud": res.Cloud.Name, "checks": report.Join("azure.list_sep", clear...)},
			Evidence: map[string]any{"cloud": res.Cloud.Name, "addresses": res.Cloud.Addrs, "routes": routeEvidence(res.Routes), "nsgs": nsgEvidence(res.NSGs)},
			Sources:  azureSources(s.Azure)})
	}
})

func routeKey(h azure.Hop) string {
	if !h.Found {
		return "-"
	}
	return h.Prefix.String() + "|" + h.Route.NextHopType + "|" + strings.Join(h.Route.NextHopIPs, ",") + "|" + h.Route.Origin + "|" + h.Route.Name
}

func routeLabel(h azure.Hop) string {
	if !h.Found {
		return "-"
	}
	s := h.Prefix.String()
	if h.Route.Name != "" {
		s += " \"" + h.Route.Name + "\""
	}
	return s
}

func originLabel(h azure.Hop) string {
	if h.Implied {
		return "Default"
	}
	if h.Route.Origin == "" {
		return "-"
	}
	return h.Route.Origin
}

func docLabel(d *evidence.AzureDoc) string {
	name := d.Name
	if name == "" {
		name = d.Source.File
	} else {
		name += " [" + d.Source.File + "]"
	}
	return name
}

// nsgLabel names an NSG: its name (or file), and what it is associated
// with, as a message when that is known.
func nsgLabel(d *evidence.AzureDoc) any {
	s := d.Name
	if s == "" {
		s = d.Source.File
	}
	if d.Association != "" {
		return report.Msg("azure.nsg_label", report.Args{"name": s,
			"assoc": report.Msg("azure.assoc."+d.Association, report.Args{"name": lastSeg(d.AssociationID)})})
	}
	return s
}

func lastSeg(id string) string {
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		return id[i+1:]
	}
	return id
}

func hopAddrs(hs []azure.Hop) []netip.Addr {
	as := make([]netip.Addr, len(hs))
	for i, h := range hs {
		as[i] = h.Addr
	}
	return as
}

func addrStrings(as []netip.Addr) []string {
	ss := make([]string, len(as))
	for i, a := range as {
		ss[i] = a.String()
	}
	return ss
}

func emitForcedTunnel(s *evidence.Set, out *Out, res azure.Result, rc azure.RouteCheck, hops []azure.Hop, legacyOK []string) {
	h := hops[0]
	addrs := hopAddrs(hops)
	addrText := strings.Join(addrStrings(addrs), ", ")
	hopType, hopIP := "None", ""
	if h.Found {
		hopType = h.Route.NextHopType
		if len(h.Route.NextHopIPs) > 0 {
			hopIP = " (" + strings.Join(h.Route.NextHopIPs, ", ") + ")"
		}
	}
	args := report.Args{"where": docLabel(rc.Doc), "addrs": addrText, "route": routeLabel(h), "origin": originLabel(h), "hop": hopType, "hop_ip": hopIP, "cloud": res.Cloud.Name}
	f := F{ID: IDAzureRouteForced, Args: args, Sources: []report.Source{at(rc.Doc.Source, h.Route.Line)}}
	if rc.Doc.Kind == evidence.AzureRouteTable {
		f.DetailKey = "finding.azure.route.forced_tunnel.detail_table"
	}
	if !h.Found {
		f.DetailKey = "finding.azure.route.forced_tunnel.detail_noroute"
	}
	t := azure.RouteTableFor(s.Azure, rc, h)
	if t.Source.File != "" && t.Source != rc.Doc.Source {
		f.Sources = append(f.Sources, t.Source)
	}
	az, ps := azure.RouteCommands(t, addrs)
	fa := report.Args{"table": t.Table, "rg": t.ResourceGroup, "addrs": addrText}
	if len(legacyOK) > 0 {
		f.Fix = append(f.Fix, Say("fix.azure.route.legacy_only", report.Args{"legacy": strings.Join(legacyOK, ", "), "addrs": addrText}))
	}
	switch {
	case t.Known:
		f.Fix = append(f.Fix, Say("fix.azure.route.add", fa))
	case strings.EqualFold(h.Route.Origin, "User"):
		// A user route comes from a route table that exists already.
		f.Fix = append(f.Fix, Say("fix.azure.route.add_user_unknown", fa))
	default:
		f.Fix = append(f.Fix, Say("fix.azure.route.add_unknown", fa))
		for _, c := range azure.NewRouteTableCommands(t) {
			f.Fix = append(f.Fix, cmdStep(c))
		}
	}
	for _, c := range az {
		f.Fix = append(f.Fix, cmdStep(c))
	}
	f.Fix = append(f.Fix, Say("fix.azure.route.powershell", nil))
	for _, c := range ps {
		f.Fix = append(f.Fix, cmdStep(c))
	}
	if strings.EqualFold(hopType, "VirtualAppliance") {
		f.Fix = append(f.Fix, Say("fix.azure.route.appliance", report.Args{"hop_ip": strings.TrimSpace(hopIP), "addrs": addrText}))
	}
	f.Fix = append(f.Fix, Say("fix.azure.route.verify", nil))
	f.Evidence = map[string]any{
		"document": rc.Doc.Name, "kind": rc.Doc.Kind, "file": rc.Doc.Source.File, "cloud": res.Cloud.Name,
		"route": h.Prefix.String(), "route_name": h.Route.Name, "next_hop_type": hopType, "next_hop_ip": h.Route.NextHopIPs,
		"source": originLabel(h), "addresses": addrStrings(addrs),
		"route_table": t.Table, "resource_group": t.ResourceGroup, "hops": hopEvidence(rc.Hops),
	}
	out.Add(f)
}

func hopEvidence(hs []azure.Hop) []map[string]any {
	var out []map[string]any
	for _, h := range hs {
		m := map[string]any{"address": h.Addr.String(), "legacy": h.Legacy, "found": h.Found}
		if h.Found {
			m["prefix"] = h.Prefix.String()
			m["next_hop_type"] = h.Route.NextHopType
			m["next_hop_ip"] = h.Route.NextHopIPs
			m["source"] = originLabel(h)
			m["route_name"] = h.Route.Name
			m["implied_default"] = h.Implied
		}
		out = append(out, m)
	}
	return out
}

func routeEvidence(rcs []azure.RouteCheck) []map[string]any {
	var out []map[string]any
	for _, rc := range rcs {
		out = append(out, map[string]any{"document": rc.Doc.Name, "kind": rc.Doc.Kind, "file": rc.Doc.Source.File, "hops": hopEvidence(rc.Hops)})
	}
	return out
}

func nsgEvidence(ncs []azure.NSGCheck) []map[string]any {
	var out []map[string]any
	for _, nc := range ncs {
		var vs []map[string]any
		for _, v := range nc.Verdicts {
			m := map[string]any{"address": v.Addr.String(), "legacy": v.Legacy, "case": v.Case}
			if v.Matched {
				m["rule"] = v.Rule.Name
				m["priority"] = v.Rule.Priority
				m["access"] = v.Rule.Access
			}
			vs = append(vs, m)
		}
		out = append(out, map[string]any{"nsg": nc.Doc.Name, "kind": nc.Doc.Kind, "file": nc.Doc.Source.File,
			"association": nc.Doc.Association, "default_rules_assumed": nc.AddedDefaults, "unresolved_tags": nc.Unresolved, "verdicts": vs})
	}
	return out
}

func emitNSG(out *Out, nc azure.NSGCheck, v azure.NSGVerdict, addrs []netip.Addr, id string) {
	r := v.Rule
	args := report.Args{"nsg": nsgLabel(nc.Doc), "rule": r.Name, "priority": r.Priority, "dest": strings.Join(r.Dest, ", "),
		"ports": strings.Join(r.DestPorts, ", "), "addrs": strings.Join(addrStrings(addrs), ", "), "zero": "", "zero_priority": ""}
	if nc.Zero != nil {
		args["zero"], args["zero_priority"] = nc.Zero.Name, strconv.Itoa(nc.Zero.Priority)
	}
	f := F{ID: id, Args: args, Sources: []report.Source{at(nc.Doc.Source, r.Line)}}
	if id == IDAzureNSGBlocks && v.Case == azure.NSGExplicitZero {
		f.DetailKey = "finding.azure.nsg.blocks_kms.detail_zero"
	}
	if v.Case == caseUncertainTag {
		f.DetailKey = "finding.azure.nsg.blocks_kms.detail_tag"
		f.Severity = report.Warning
		f.Fix = append(f.Fix, Say("fix.azure.nsg.check_tag", args))
	}
	rg := nc.Doc.ResourceGroup
	name := nc.Doc.Name
	prio := azure.FreePriority(nc.Doc.Rules, r.Priority)
	if prio == 0 {
		f.Fix = append(f.Fix, Say("fix.azure.nsg.no_priority", args))
	} else {
		az, ps := azure.NSGCommands(rg, name, prio, azure.KMSPort, addrs)
		key := "fix.azure.nsg.add"
		if id == IDAzureNSGImplicit {
			key = "fix.azure.nsg.add_optional"
		}
		f.Fix = append(f.Fix, Say(key, report.Args{"nsg": nsgLabel(nc.Doc), "priority": prio, "rule": r.Name}), cmdStep(az),
			Say("fix.azure.nsg.powershell", nil), cmdStep(ps))
	}
	if id == IDAzureNSGBlocks {
		f.Fix = append(f.Fix, Say("fix.azure.nsg.verify", nil))
	}
	f.Evidence = map[string]any{"nsg": nc.Doc.Name, "file": nc.Doc.Source.File, "association": nc.Doc.Association, "association_id": nc.Doc.AssociationID,
		"rule": r.Name, "priority": r.Priority, "access": r.Access, "destination": r.Dest, "ports": r.DestPorts, "case": v.Case,
		"addresses": addrStrings(addrs), "explicit_zero_rule": args["zero"], "default_rules_assumed": nc.AddedDefaults,
		"new_rule_priority": prio}
	out.Add(f)
}

func emitOutbound(out *Out, p azure.OutboundProblem) {
	args := report.Args{"nic": p.NIC.Name, "ipconfig": p.IPConfig.Name, "lb": "", "subnet": lastSeg(p.IPConfig.SubnetID)}
	f := F{ID: IDAzureOutboundNone, Args: args, Sources: []report.Source{p.NIC.Source}}
	if p.LB != nil {
		args["lb"] = p.LB.Name
		f.Sources = append(f.Sources, p.LB.Source)
		if p.Subnet == nil {
			f.DetailKey = "finding.azure.outbound.none.detail_nat_unknown"
			f.Severity = report.Warning
		}
	} else {
		f.DetailKey = "finding.azure.outbound.none.detail_private"
	}
	if p.Subnet != nil {
		f.Sources = append(f.Sources, p.Subnet.Source)
	}
	cmds := azure.OutboundCommands(p)
	if p.Subnet == nil {
		f.Fix = append(f.Fix, Say("fix.azure.outbound.check_nat", nil), cmdStep(azure.CheckNATCommand(p)))
	}
	f.Fix = append(f.Fix, Say("fix.azure.outbound.natgw", args))
	for _, c := range cmds {
		f.Fix = append(f.Fix, cmdStep(c))
	}
	f.Fix = append(f.Fix, Say("fix.azure.outbound.other", nil))
	lbName, sku := "", ""
	if p.LB != nil {
		lbName, sku = p.LB.Name, p.LB.SKU
	}
	f.Evidence = map[string]any{"nic": p.NIC.Name, "ip_configuration": p.IPConfig.Name, "private_ip": p.IPConfig.PrivateIP,
		"subnet": p.IPConfig.SubnetID, "load_balancer": lbName, "lb_sku": sku, "public_ip": false,
		"nat_gateway": natState(p.Subnet), "case": p.Case}
	out.Add(f)
}

func natState(sn *evidence.AzureDoc) string {
	if sn == nil {
		return "unknown"
	}
	if sn.NATGatewayID != "" {
		return sn.NATGatewayID
	}
	return "none"
}

func azureSources(ds []evidence.AzureDoc) []report.Source {
	var out []report.Source
	seen := map[report.Source]bool{}
	for _, d := range ds {
		if !seen[d.Source] {
			seen[d.Source] = true
			out = append(out, d.Source)
		}
	}
	return out
}

// caseUncertainTag marks an NSG verdict decided by a deny rule whose service
// tag cannot be expanded offline.
const caseUncertainTag = "uncertain_tag"

// at is src pointing at line, when the line is known.
func at(src report.Source, line int) report.Source {
	if line > 0 {
		src.Line = line
	}
	return src
}

// cmdStep is the step of an Azure command line: run against the cloud,
// with its shell and effect.
func cmdStep(c azure.Command) report.Step {
	sh := report.ShellAz
	if c.Shell == cmdline.PowerShell {
		sh = report.ShellPowerShell
	}
	eff := report.Change
	if c.Read {
		eff = report.Read
	}
	return lineStep(report.OnCloud, sh, eff, c.Line)
}
