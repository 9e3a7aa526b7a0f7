package diagnose

import (
	"fmt"
	"net"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDCheckNoDomain          = def(Def{ID: "check.no_domain", Severity: report.Warning, Rank: 19, Stage: report.StageDNS})
	IDDNSResolverUnreachable = def(Def{ID: "dns.resolver.unreachable", Severity: report.Error, Rank: 20, Codes: []string{"0x8007232A"}, Stage: report.StageDNS})
	IDDNSResolverDisagree    = def(Def{ID: "dns.resolver.disagree", Severity: report.Warning, Rank: 22, Codes: []string{"0x8007232B", "0xC004F074"}, Stage: report.StageDNS})
	IDDNSSRVMissing          = def(Def{ID: "dns.srv.missing", Severity: report.Error, Rank: 25, Codes: []string{"0x8007232B", "0x8007251D", "0x8007007B"}, Stage: report.StageDNS})
	IDDNSHostUnresolvable    = def(Def{ID: "dns.host.unresolvable", Severity: report.Error, Rank: 30, Codes: []string{"0x8007232B", "0xC004F074"}, Stage: report.StageDNS})
	IDAzureKMSAddress        = def(Def{ID: "azure.kms_address.unexpected", Severity: report.Warning, Rank: 36, Codes: []string{"0xC004F074"}, Stage: report.StageDNS})
	IDDNSSRVStale            = def(Def{ID: "dns.srv.stale", Severity: report.Warning, Rank: 35, Codes: []string{"0x800706BA"}, Stage: report.StageDNS})
	IDTCPTimeout             = def(Def{ID: "tcp.timeout", Severity: report.Error, Rank: 40, Codes: []string{"0xC004F074", "0xC004F039"}, Stage: report.StageTCP})
	IDTCPRefused             = def(Def{ID: "tcp.refused", Severity: report.Error, Rank: 41, Codes: []string{"0x800706BA", "0xC004F074"}, Stage: report.StageTCP})
	IDTCPUnreachable         = def(Def{ID: "tcp.unreachable", Severity: report.Error, Rank: 39, Codes: []string{"0xC004F074", "0xC004F039"}, Stage: report.StageTCP})
	IDTCPLoss                = def(Def{ID: "tcp.loss", Severity: report.Warning, Rank: 42, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDRPCNotKMS              = def(Def{ID: "rpc.not_kms", Severity: report.Error, Rank: 50, Codes: []string{"0xC004F074"}, Stage: report.StageRPC})
	IDTimeSkew               = def(Def{ID: "time.skew", Severity: report.Error, Rank: 60, Codes: []string{"0xC004F06C"}, Stage: report.StageTime})
	IDKMSReachable           = def(Def{ID: "kms.reachable", Severity: report.OK, Rank: 90, Stage: report.StageRPC})
	IDDNSSRVFound            = def(Def{ID: "dns.srv.found", Severity: report.OK, Rank: 92, Stage: report.StageDNS})
	IDTCPOK                  = def(Def{ID: "tcp.ok", Severity: report.OK, Rank: 93, Stage: report.StageTCP})
	IDTimeOK                 = def(Def{ID: "time.ok", Severity: report.OK, Rank: 94, Stage: report.StageTime})
	IDTimeUnmeasured         = def(Def{ID: "time.unmeasured", Severity: report.Warning, Rank: 61, Stage: report.StageTime})
)

// Network rules: discovery and reachability, in the order the runbooks
// check them (resolver, SRV, name, TCP, RPC, time). They read only the
// evidence, so they fire alike for live probes (`check`) and for runbook
// outputs pasted into `analyze` (nslookup, Test-NetConnection, psping,
// w32tm), where there is no dialled address and the source is a file line.

// MaxClockSkew is the clock difference beyond which a KMS host rejects a
// client's request with 0xC004F06C.
const MaxClockSkew = 4 * time.Hour

// kmsPort is the default KMS port.
const kmsPort = knowledge.KMSPort

func srcs(s report.Source) []report.Source {
	if s == (report.Source{}) {
		return nil
	}
	return []report.Source{s}
}

// domainOr is the domain a lookup was for, else the one the context names,
// else "" (an unknown domain, which a command shows as the hole <DOMAIN>).
func domainOr(s *evidence.Set, lookupDomain string) string {
	if lookupDomain != "" {
		return lookupDomain
	}
	return s.Context.Domain
}

// domainLabel names a domain in a message; an unknown one is the hole the
// commands hold, <DOMAIN>.
func domainLabel(d string) string {
	if d == "" {
		return holeDomain
	}
	return d
}

// endpointName is host:port as a user would type it for slmgr /skms.
func endpointName(host string, port int) string {
	if port == 0 {
		port = kmsPort
	}
	if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
		host = "[" + host + "]"
	}
	return host + ":" + strconv.Itoa(port)
}

// tcpTarget is how a TCP probe names what was tested: the host name, and
// the dialled address when it differs.
func tcpTarget(p evidence.TCPProbe) string {
	h := p.Host
	if h == "" {
		h = p.Addr
	}
	if p.Addr != "" && p.Addr != h {
		if ah, _, err := net.SplitHostPort(p.Addr); err == nil && ah != h {
			return endpointName(h, p.Port) + " (" + p.Addr + ")"
		}
		return p.Addr
	}
	return endpointName(h, p.Port)
}

// workingHost returns the first endpoint that answered the RPC bind (or,
// without RPC evidence, TCP): the best host to name in a fix.
func workingHost(s *evidence.Set) (string, int) {
	for _, r := range s.RPC {
		if r.Outcome == evidence.RPCAccepted && r.Host != "" {
			return r.Host, portOf(r.Addr)
		}
	}
	for _, p := range s.TCP {
		if p.Outcome == evidence.TCPOK && p.Host != "" && len(s.RPC) == 0 {
			return p.Host, p.Port
		}
	}
	return "", 0
}

// namedHost is the first KMS host name (not an address) in the evidence,
// working or not: the host the user meant.
func namedHost(s *evidence.Set) string {
	for _, p := range s.TCP {
		if p.Host != "" && net.ParseIP(p.Host) == nil {
			return strings.ToLower(p.Host)
		}
	}
	for _, l := range s.Names {
		if l.Name != "" && net.ParseIP(l.Name) == nil && kmsName(s, l.Name) {
			return strings.ToLower(l.Name)
		}
	}
	return ""
}

func portOf(addr string) int {
	if _, p, err := net.SplitHostPort(addr); err == nil {
		n, _ := strconv.Atoi(p)
		return n
	}
	return kmsPort
}

var _ = register("net.no_domain", []string{IDCheckNoDomain}, func(s *evidence.Set, out *Out) {
	for _, n := range s.Notes {
		if n.Kind != evidence.NoteNoDomain {
			continue
		}
		out.Add(F{ID: IDCheckNoDomain, Args: report.Args{"where": n.Detail},
			Evidence: map[string]any{"resolv_conf": n.Detail}, Sources: srcs(n.Source),
			Fix: []report.Step{Say("fix.check.give_target", nil),
				Here(report.ShellCmd, report.Read, lit("kmsdoctor check --domain"), cmdline.Hole(holeDomain)),
				Here(report.ShellCmd, report.Read, lit("kmsdoctor check --host"), cmdline.Cat(cmdline.Hole(holeKMSHost), lit(":1688")))}})
	}
})

// resolverDown lists the resolvers that answered nothing: those the
// probes marked unreachable, and, for pasted outputs without a resolver
// list, those whose every lookup of a KMS name (kmsName) timed out.
func resolverDown(s *evidence.Set) map[string]string {
	down := map[string]string{}
	known := map[string]bool{}
	for _, r := range s.Resolvers {
		known[r.Server] = true
		if !r.Reachable {
			down[r.Server] = r.Err
		}
	}
	ok := map[string]bool{}
	seen := map[string]string{}
	note := func(server, outcome, err string) {
		if known[server] {
			return
		}
		if outcome == evidence.DNSUnreachable {
			if _, d := seen[server]; !d {
				seen[server] = err
			}
		} else {
			ok[server] = true
		}
	}
	for _, l := range s.SRV {
		note(l.Resolver, l.Outcome, l.Err)
	}
	for _, l := range s.Names {
		if kmsName(s, l.Name) { // a lookup of a name with no link to KMS says nothing of activation
			note(l.Resolver, l.Outcome, l.Err)
		}
	}
	for srv, err := range seen {
		if !ok[srv] {
			down[srv] = err
		}
	}
	return down
}

// resolverLabel names a DNS server for a message; the system resolver is
// worded in the reader's language.
func resolverLabel(server string) any {
	if server == "" || server == "system" {
		return report.Msg("check.resolver.system", nil)
	}
	return server
}

var _ = register("net.resolver", []string{IDDNSResolverUnreachable}, func(s *evidence.Set, out *Out) {
	down := resolverDown(s)
	servers := make([]string, 0, len(down))
	for k := range down {
		servers = append(servers, k)
	}
	sort.Strings(servers)
	for _, srv := range servers {
		var from []report.Source
		for _, r := range s.Resolvers {
			if r.Server == srv {
				from = append(from, srcs(r.Source)...)
			}
		}
		for _, l := range s.SRV {
			if l.Resolver == srv && l.Outcome == evidence.DNSUnreachable {
				from = append(from, srcs(l.Source)...)
			}
		}
		fix := []report.Step{Say("fix.dns.resolver.check", report.Args{"server": resolverLabel(srv)})}
		if srv != "" && srv != "system" {
			fix = append(fix, Here(report.ShellCmd, report.Read, lit("nslookup -type=srv"), srvName(domainOr(s, "")), host(hostOnly(srv), holeDNSServer)))
		} else {
			fix = append(fix, Here(report.ShellCmd, report.Read, lit("ipconfig /all")),
				Here(report.ShellCmd, report.Read, lit("nslookup -type=srv"), srvName(domainOr(s, ""))))
		}
		out.Add(F{ID: IDDNSResolverUnreachable, Args: report.Args{"server": resolverLabel(srv), "error": down[srv]},
			Evidence: map[string]any{"server": srv, "error": down[srv]}, Sources: dedupSources(from), Fix: fix})
	}
})

func dedupSources(ss []report.Source) []report.Source {
	var out []report.Source
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// answerKey sums one lookup up for comparison between resolvers: the
// sorted addresses or SRV targets, or the failure.
func answerKey(outcome string, items []string) string {
	if outcome != evidence.DNSFound {
		return "!" + outcome
	}
	items = slices.Clone(items)
	sort.Strings(items)
	return strings.Join(slices.Compact(items), ",")
}

var _ = register("net.resolver_disagree", []string{IDDNSResolverDisagree}, func(s *evidence.Set, out *Out) {
	type ans struct {
		resolver, key, outcome string
		items                  []string
		src                    report.Source
	}
	byQ := map[string][]ans{}
	var order []string
	add := func(q string, a ans) {
		if a.resolver == "" || a.outcome == evidence.DNSUnreachable {
			return // a server that did not answer is dns.resolver.unreachable
		}
		if _, ok := byQ[q]; !ok {
			order = append(order, q)
		}
		byQ[q] = append(byQ[q], a)
	}
	for _, l := range s.SRV {
		var ts []string
		for _, r := range l.Records {
			ts = append(ts, endpointName(strings.ToLower(r.Target), int(r.Port)))
		}
		add("_vlmcs._tcp."+strings.ToLower(l.Domain)+"/SRV", ans{l.Resolver, answerKey(l.Outcome, ts), l.Outcome, ts, l.Source})
	}
	for _, l := range s.Names {
		add(strings.ToLower(l.Name)+"/A", ans{l.Resolver, answerKey(l.Outcome, l.Addrs), l.Outcome, l.Addrs, l.Source})
	}
	for _, q := range order {
		as := byQ[q]
		var good, bad *ans
		for i := range as {
			if as[i].outcome == evidence.DNSFound && good == nil {
				good = &as[i]
			}
		}
		if good == nil {
			continue
		}
		for i := range as {
			if as[i].key != good.key && as[i].resolver != good.resolver {
				bad = &as[i]
				break
			}
		}
		if bad == nil {
			continue
		}
		name := strings.TrimSuffix(strings.TrimSuffix(q, "/SRV"), "/A")
		var badAns any = strings.Join(bad.items, ", ")
		if bad.outcome != evidence.DNSFound {
			badAns = outcomeText(bad.outcome)
		}
		args := report.Args{"name": name, "good": resolverLabel(good.resolver), "bad": resolverLabel(bad.resolver),
			"good_answer": strings.Join(good.items, ", "), "bad_answer": badAns}
		out.Add(F{ID: IDDNSResolverDisagree, Args: args,
			Evidence: map[string]any{"name": name, "resolvers": map[string]any{good.resolver: good.items, bad.resolver: bad.key}},
			Sources:  dedupSources(append(srcs(good.src), srcs(bad.src)...)),
			Fix: []report.Step{Say("fix.dns.resolver.disagree", args),
				lookup(name, bad.resolver), lookup(name, good.resolver)}})
	}
})

// lookup is the nslookup line that asks server about name (a host name, or
// _vlmcs._tcp.<domain>).
func lookup(name, server string) report.Step {
	q := host(name, holeKMSHost)
	if d, ok := strings.CutPrefix(name, "_vlmcs._tcp."); ok {
		q = srvName(d)
	}
	args := []cmdline.Arg{lit("nslookup"), q}
	if h := hostOnly(server); h != "" {
		args = append(args, host(h, holeDNSServer))
	}
	return Here(report.ShellCmd, report.Read, args...)
}

func hostOnly(server string) string {
	if server == "system" {
		return ""
	}
	if h, _, err := net.SplitHostPort(server); err == nil {
		return h
	}
	return server
}

func outcomeText(outcome string) report.Message {
	return report.Msg("check.dns.outcome."+outcome, nil)
}

var _ = register("net.srv", []string{IDDNSSRVMissing}, func(s *evidence.Set, out *Out) {
	for _, l := range s.SRV {
		missing := l.Outcome == evidence.DNSNXDomain || l.Outcome == evidence.DNSNoData ||
			(l.Outcome == evidence.DNSFound && len(l.Records) == 0)
		failed := l.Outcome == evidence.DNSError
		if !missing && !failed {
			continue
		}
		dom := domainOr(s, l.Domain)
		target, p := workingHost(s)
		if target == "" {
			target, p = namedHost(s), kmsPort
		}
		var hostLabel any = target
		targetArg := host(target, holeKMSHost)
		setKMS := SetKMS(target, p)
		if target == "" {
			// No host in the evidence: <KMS-HOST> in the domain.
			targetArg = cmdline.Cat(cmdline.Hole(holeKMSHost), lit("."), domain(dom))
			hostLabel = cmdline.Build(cmdline.Cmd, targetArg).Run
			setKMS = SetKMSHole(targetArg, p)
		}
		args := report.Args{"domain": domainLabel(dom), "resolver": resolverLabel(l.Resolver), "rcode": l.Rcode, "outcome": outcomeText(l.Outcome)}
		f := F{ID: IDDNSSRVMissing, Args: args, Sources: srcs(l.Source),
			Evidence: map[string]any{"domain": dom, "resolver": l.Resolver, "outcome": l.Outcome, "rcode": l.Rcode},
			Fix: []report.Step{Say("fix.dns.srv.add", report.Args{"domain": domainLabel(dom), "host": hostLabel}),
				OnDNSServer(report.ShellPowerShell, report.Change, lit("Add-DnsServerResourceRecord -Srv -ZoneName"), domain(dom),
					lit("-Name _vlmcs._tcp -DomainName"), targetArg, lit("-Priority 0 -Weight 0 -Port"), port(p)),
				Say("fix.dns.srv.or_skms", nil),
				setKMS}}
		if failed {
			f.DetailKey = "finding.dns.srv.missing.detail_error"
		}
		out.Add(f)
	}
})

// srvTargets maps each SRV target (lower case) to its lookups' domain.
func srvTargets(s *evidence.Set) map[string]string {
	m := map[string]string{}
	for _, l := range s.SRV {
		for _, r := range l.Records {
			m[strings.ToLower(strings.TrimSuffix(r.Target, "."))] = l.Domain
		}
	}
	return m
}

// srvDelete is the dnscmd line that deletes the SRV record naming target.
func srvDelete(s *evidence.Set, target string) report.Step {
	for _, l := range s.SRV {
		for _, r := range l.Records {
			if strings.EqualFold(strings.TrimSuffix(r.Target, "."), target) {
				return OnDNSServer(report.ShellCmd, report.Change, lit("dnscmd /RecordDelete"), domain(domainOr(s, l.Domain)),
					lit(fmt.Sprintf("_vlmcs._tcp SRV %d %d", r.Priority, r.Weight)), port(int(r.Port)), host(target, holeKMSHost), lit("/f"))
			}
		}
	}
	return OnDNSServer(report.ShellCmd, report.Change, lit("dnscmd /RecordDelete"), domain(domainOr(s, "")),
		lit("_vlmcs._tcp SRV 0 0 1688"), host(target, holeKMSHost), lit("/f"))
}

var _ = register("net.name", []string{IDDNSHostUnresolvable}, func(s *evidence.Set, out *Out) {
	fromSRV := srvTargets(s)
	for _, l := range s.Names {
		if len(l.Addrs) > 0 || (l.Outcome != evidence.DNSNXDomain && l.Outcome != evidence.DNSNoData && l.Outcome != evidence.DNSError) {
			continue
		}
		name := strings.ToLower(strings.TrimSuffix(l.Name, "."))
		args := report.Args{"name": name, "resolver": resolverLabel(l.Resolver), "outcome": outcomeText(l.Outcome)}
		f := F{ID: IDDNSHostUnresolvable, Args: args, Sources: srcs(l.Source),
			Evidence: map[string]any{"name": name, "resolver": l.Resolver, "outcome": l.Outcome}}
		if d, ok := fromSRV[name]; ok {
			f.DetailKey = "finding.dns.host.unresolvable.detail_srv"
			args["domain"] = d
			f.Fix = []report.Step{Say("fix.dns.host.srv_target", report.Args{"name": name, "domain": d}),
				listSRV(d), srvDelete(s, name)}
		} else if az, ok := azureOfName(name); ok {
			// A Microsoft name: nobody can add its record. Custom DNS
			// servers must forward to Azure's resolver.
			f.DetailKey = "finding.dns.host.unresolvable.detail_azure"
			args["cloud"] = az.Name
			args["direct"] = directResult(s, az)
			f.Evidence["azure"] = az.Name
			f.Fix = []report.Step{Say("fix.dns.host.azure_forward", report.Args{"name": name, "resolver": azureDNS}),
				Here(report.ShellCmd, report.Read, lit("nslookup"), host(name, holeKMSHost), lit(azureDNS))}
		} else {
			f.Fix = []report.Step{Say("fix.dns.host.add", report.Args{"name": name}), Here(report.ShellCmd, report.Read, lit("nslookup"), host(name, holeKMSHost))}
		}
		out.Add(f)
	}
})

// listSRV lists the KMS SRV records of a zone on its DNS server.
func listSRV(d string) report.Step {
	return OnDNSServer(report.ShellPowerShell, report.Read, lit("Get-DnsServerResourceRecord -ZoneName"), domain(d), lit("-Name _vlmcs._tcp -RRType Srv"))
}

var _ = register("net.azure_address", []string{IDAzureKMSAddress}, func(s *evidence.Set, out *Out) {
	if s.Context.AzureCloud == "" {
		return
	}
	c, ok := knowledge.Azure(s.Context.AzureCloud)
	if !ok {
		return
	}
	allowed := c.AllAddrs()
	check := func(name string, addrs []string, src report.Source) {
		if !c.IsKMSHostName(name) {
			return
		}
		var odd []string
		for _, a := range addrs {
			if !slices.Contains(allowed, a) && !slices.Contains(odd, a) {
				odd = append(odd, a)
			}
		}
		if len(odd) == 0 {
			return
		}
		args := report.Args{"name": strings.ToLower(name), "addrs": strings.Join(odd, ", "), "expected": strings.Join(c.Addrs, ", "), "cloud": c.Name}
		out.Add(F{ID: IDAzureKMSAddress, Args: args, Sources: srcs(src),
			Evidence: map[string]any{"name": strings.ToLower(name), "addrs": odd, "expected": c.AllAddrs(), "cloud": c.Name},
			Fix: []report.Step{Say("fix.azure.kms_address", args),
				Here(report.ShellPowerShell, report.Read, lit("Resolve-DnsName"), host(c.KMSHost, holeKMSHost)),
				Here(report.ShellPowerShell, report.Read, lit(`Get-Content $env:windir\System32\drivers\etc\hosts`)),
				SetKMS(c.KMSHost, c.Port)}})
	}
	for _, l := range s.Names {
		check(l.Name, l.Addrs, l.Source)
	}
	for _, p := range s.TCP {
		if h, _, err := net.SplitHostPort(p.Addr); err == nil {
			check(p.Host, []string{h}, p.Source)
		}
	}
})

// tcpByHost groups TCP probes by host name (or address).
func hostKey(p evidence.TCPProbe) string {
	if p.Host != "" {
		return strings.ToLower(strings.TrimSuffix(p.Host, "."))
	}
	if h, _, err := net.SplitHostPort(p.Addr); err == nil {
		return h
	}
	return p.Addr
}

var _ = register("net.srv_stale", []string{IDDNSSRVStale}, func(s *evidence.Set, out *Out) {
	targets := srvTargets(s)
	if len(targets) < 2 {
		return
	}
	okHosts, badHosts := map[string]bool{}, map[string]evidence.TCPProbe{}
	for _, p := range s.TCP {
		k := hostKey(p)
		if _, ok := targets[k]; !ok {
			continue
		}
		if p.Received > 0 {
			okHosts[k] = true
		} else {
			badHosts[k] = p
		}
	}
	// A target name with no address at all is stale too.
	for _, l := range s.Names {
		k := strings.ToLower(strings.TrimSuffix(l.Name, "."))
		if _, ok := targets[k]; ok && len(l.Addrs) == 0 && l.Outcome != evidence.DNSUnreachable {
			if _, seen := badHosts[k]; !seen {
				badHosts[k] = evidence.TCPProbe{Host: k, Port: kmsPort, Outcome: "unresolvable", Source: l.Source}
			}
		}
	}
	if len(okHosts) == 0 {
		return
	}
	var good []string
	for h := range okHosts {
		good = append(good, h)
	}
	sort.Strings(good)
	var bad []string
	for h := range badHosts {
		if !okHosts[h] {
			bad = append(bad, h)
		}
	}
	sort.Strings(bad)
	for _, h := range bad {
		p := badHosts[h]
		d := targets[h]
		args := report.Args{"host": h, "good": strings.Join(good, ", "), "domain": d}
		out.Add(F{ID: IDDNSSRVStale, Args: args, Sources: srcs(p.Source),
			Evidence: map[string]any{"stale": h, "outcome": p.Outcome, "working": good, "domain": d},
			Fix: []report.Step{Say("fix.dns.srv.stale", args),
				srvDelete(s, h)}})
	}
})

var _ = register("net.tcp", []string{IDTCPTimeout, IDTCPRefused, IDTCPUnreachable, IDTCPLoss}, func(s *evidence.Set, out *Out) {
	for _, p := range s.TCP {
		target := tcpTarget(p)
		h := p.Host
		if h == "" {
			h, _, _ = net.SplitHostPort(p.Addr)
		}
		pt := p.Port
		if pt == 0 {
			pt = portOf(p.Addr)
		}
		lost := p.Sent - p.Received
		args := report.Args{"target": target, "sent": p.Sent, "received": p.Received, "lost": lost, "port": pt, "error": p.Err}
		ev := map[string]any{"host": p.Host, "addr": p.Addr, "port": pt, "sent": p.Sent, "received": p.Received, "lost": lost, "outcome": p.Outcome}
		if p.Received > 0 {
			ev["min_ms"], ev["avg_ms"], ev["max_ms"] = ms(p.Min), ms(p.Avg), ms(p.Max)
		}
		if len(p.Failures) > 0 {
			ev["failures"] = p.Failures
		}
		// What to open and where: the KMS host's firewall rule, the
		// service that listens, then the network path.
		hostFW := []report.Step{Say("fix.tcp.host_firewall", report.Args{"port": pt}), firewallRulePS(pt), Say("fix.tcp.host_firewall_netsh", nil), firewallRule(pt),
			Say("fix.tcp.host_service", report.Args{"port": pt}), OnKMSHost(report.ShellCmd, report.Read, lit("sc query sppsvc")),
			OnKMSHost(report.ShellCmd, report.Read, lit("netstat -ano -p tcp")), Say("fix.tcp.path", report.Args{"port": pt}),
			Here(report.ShellCmd, report.Read, lit("tracert -d"), host(h, holeKMSHost))}
		var f F
		switch p.Outcome {
		case evidence.TCPOK:
			continue
		case evidence.TCPTimeout:
			f = F{ID: IDTCPTimeout, Fix: hostFW}
			if c, ok := cloudKMS(h); ok {
				// Microsoft runs the cloud's KMS: only the path can be fixed.
				f.Fix = []report.Step{Say("fix.tcp.path_cloud", report.Args{"port": pt, "cloud": c}), Here(report.ShellCmd, report.Read, lit("tracert -d"), host(h, holeKMSHost))}
			}
		case evidence.TCPRefused, evidence.TCPReset:
			f = F{ID: IDTCPRefused, Fix: []report.Step{Say("fix.tcp.refused", report.Args{"port": pt, "host": h}),
				OnKMSHost(report.ShellCmd, report.Read, lit("sc query sppsvc")), OnKMSHost(report.ShellCmd, report.Read, lit("slmgr.vbs /dlv")),
				OnKMSHost(report.ShellCmd, report.Change, lit("slmgr.vbs /sprt"), port(pt))}}
			if p.Outcome == evidence.TCPReset {
				f.DetailKey = "finding.tcp.refused.detail_reset"
			}
		case evidence.TCPUnreachable:
			f = F{ID: IDTCPUnreachable, Fix: []report.Step{Say("fix.tcp.unreachable", report.Args{"host": h}),
				Here(report.ShellCmd, report.Read, lit("tracert"), host(h, holeKMSHost)), Here(report.ShellCmd, report.Read, lit("route print"))}}
		case evidence.TCPLoss:
			f = F{ID: IDTCPLoss, Fix: []report.Step{Say("fix.tcp.loss", nil), Here(report.ShellCmd, report.Read, lit("psping -n 20"), endpoint(h, pt))}}
		default:
			// A failure whose kind the input does not tell
			// (Test-NetConnection's TcpTestSucceeded : False): the port
			// stage failed, worded as "did not connect", not as a
			// timeout; the fixes are those of a blocked port, its most
			// common cause.
			f = F{ID: IDTCPTimeout, TitleKey: "finding.tcp.timeout.title_error", DetailKey: "finding.tcp.timeout.detail_error", Fix: hostFW}
		}
		f.Args, f.Evidence, f.Sources = args, ev, srcs(p.Source)
		out.Add(f)
	}
})

// firewallRule opens the KMS port in the KMS host's firewall.
func firewallRule(p int) report.Step {
	if _, ok := cmdline.Port(p); !ok {
		return OnKMSHost(report.ShellCmd, report.Change, lit("netsh advfirewall firewall add rule"), cmdline.Invalid(strconv.Itoa(p), "<PORT>"))
	}
	return OnKMSHost(report.ShellCmd, report.Change,
		lit(fmt.Sprintf(`netsh advfirewall firewall add rule name="KMS (TCP %d)" dir=in action=allow protocol=TCP localport=%d`, p, p)))
}

// cloudKMS names the cloud whose KMS host h (a name or address) is.
func cloudKMS(h string) (string, bool) {
	for _, n := range knowledge.AzureCloudNames() {
		c, ok := knowledge.Azure(n)
		if ok && (c.IsKMSHostName(h) || slices.Contains(c.AllAddrs(), h)) {
			return c.Name, true
		}
	}
	return "", false
}

// firewallRulePS is the same rule with PowerShell's New-NetFirewallRule.
func firewallRulePS(p int) report.Step {
	if _, ok := cmdline.Port(p); !ok {
		return OnKMSHost(report.ShellPowerShell, report.Change, lit("New-NetFirewallRule -LocalPort"), cmdline.Invalid(strconv.Itoa(p), "<PORT>"))
	}
	return OnKMSHost(report.ShellPowerShell, report.Change,
		lit(fmt.Sprintf(`New-NetFirewallRule -DisplayName 'KMS (TCP %d)' -Direction Inbound -Protocol TCP -LocalPort %d -Action Allow`, p, p)))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

var _ = register("net.rpc", []string{IDRPCNotKMS}, func(s *evidence.Set, out *Out) {
	good, goodPort := workingHost(s)
	for _, r := range s.RPC {
		target := r.Addr
		if r.Host != "" && r.Addr != "" {
			if h, _, err := net.SplitHostPort(r.Addr); err == nil && h != r.Host {
				target = r.Host + " (" + r.Addr + ")"
			}
		}
		port := portOf(r.Addr)
		args := report.Args{"target": target, "reason": r.Reason, "reply": r.Reply, "sec_addr": r.SecAddr, "error": r.Err}
		ev := map[string]any{"host": r.Host, "addr": r.Addr, "outcome": r.Outcome}
		for k, v := range map[string]string{"reason": r.Reason, "reply": r.Reply, "sec_addr": r.SecAddr, "error": r.Err} {
			if v != "" {
				ev[k] = v
			}
		}
		var dk string
		switch r.Outcome {
		case evidence.RPCAccepted:
			continue
		case evidence.RPCRejected:
			dk = "finding.rpc.not_kms.detail_rejected"
			if r.SecAddr == "135" {
				dk = "finding.rpc.not_kms.detail_epmapper"
			}
		case evidence.RPCNotRPC:
			dk = "finding.rpc.not_kms.detail_not_rpc"
		case evidence.RPCSilent:
			dk = "finding.rpc.not_kms.detail_silent"
		case evidence.RPCClosed:
			dk = "finding.rpc.not_kms.detail_closed"
		default:
			dk = "finding.rpc.not_kms.detail_error"
		}
		fix := []report.Step{Say("fix.rpc.not_kms", report.Args{"target": target, "port": port})}
		if good != "" {
			fix = append(fix, SetKMS(good, goodPort))
		} else {
			fix = append(fix, SetKMSHole(cmdline.Hole(holeKMSHost), kmsPort))
		}
		if d := srvTargets(s)[strings.ToLower(r.Host)]; d != "" {
			fix = append(fix, listSRV(d))
		}
		ah, _, _ := net.SplitHostPort(r.Addr)
		for _, h := range []string{r.Host, ah} {
			if c, ok := cloudKMS(h); ok && h != "" {
				// The cloud's KMS is the real KMS host: something on the
				// path answers in its place.
				fix = []report.Step{Say("fix.rpc.not_kms_cloud", report.Args{"target": target, "port": port, "cloud": c}),
					Here(report.ShellCmd, report.Read, lit("tracert -d"), host(h, holeKMSHost)),
					Here(report.ShellCmd, report.Read, lit("netsh winhttp show proxy"))}
				break
			}
		}
		out.Add(F{ID: IDRPCNotKMS, DetailKey: dk, Args: args, Evidence: ev, Sources: srcs(r.Source), Fix: fix})
	}
})

var _ = register("net.time", []string{IDTimeSkew}, func(s *evidence.Set, out *Out) {
	for _, c := range s.Clock {
		if c.Err != "" {
			continue
		}
		off := c.Offset
		if off < 0 {
			off = -off
		}
		if off <= MaxClockSkew {
			continue
		}
		dir := "check.clock.behind"
		if c.Offset < 0 {
			dir = "check.clock.ahead"
		}
		args := report.Args{"server": c.Server, "offset": fmtOffset(off), "direction": report.Msg(dir, nil)}
		server := c.Server
		if h, _, err := net.SplitHostPort(server); err == nil {
			server = h
		}
		out.Add(F{ID: IDTimeSkew, Args: args, Sources: srcs(c.Source),
			Evidence: map[string]any{"server": c.Server, "offset_seconds": c.Offset.Seconds()},
			Fix:      timeFix(s, server)})
	}
})

func fmtOffset(d time.Duration) string {
	d = d.Round(time.Second)
	h := int(d.Hours())
	m := int(d.Minutes()) % 60
	return fmt.Sprintf("%dh%02dm", h, m)
}

var _ = register("net.reachable", []string{IDKMSReachable, IDTCPOK}, func(s *evidence.Set, out *Out) {
	for _, r := range s.RPC {
		if r.Outcome != evidence.RPCAccepted {
			continue
		}
		target := r.Addr
		if r.Host != "" {
			target = endpointName(r.Host, portOf(r.Addr))
		}
		args := report.Args{"target": target, "addr": r.Addr, "sent": "-", "received": "-", "min": "-", "avg": "-", "max": "-"}
		ev := map[string]any{"host": r.Host, "addr": r.Addr}
		for _, p := range s.TCP {
			if p.Addr == r.Addr && p.Addr != "" {
				args["sent"], args["received"] = p.Sent, p.Received
				args["min"], args["avg"], args["max"] = ms(p.Min), ms(p.Avg), ms(p.Max)
				ev["sent"], ev["received"], ev["min_ms"], ev["avg_ms"], ev["max_ms"] = p.Sent, p.Received, ms(p.Min), ms(p.Avg), ms(p.Max)
				break
			}
		}
		out.Add(F{ID: IDKMSReachable, Args: args, Evidence: ev, Sources: srcs(r.Source)})
	}
	if s.Context.Live {
		return
	}
	// Pasted Test-NetConnection / psping output has no RPC step: a clean
	// TCP series is all it can show.
	for _, p := range s.TCP {
		if p.Outcome != evidence.TCPOK || len(s.RPC) > 0 {
			continue
		}
		out.Add(F{ID: IDTCPOK, Args: report.Args{"target": tcpTarget(p)},
			Evidence: map[string]any{"host": p.Host, "addr": p.Addr, "port": p.Port}, Sources: srcs(p.Source)})
	}
})

var _ = register("net.srv_found", []string{IDDNSSRVFound}, func(s *evidence.Set, out *Out) {
	for _, l := range s.SRV {
		if l.Outcome != evidence.DNSFound || len(l.Records) == 0 {
			continue
		}
		var ts []string
		for _, r := range l.Records {
			ts = append(ts, endpointName(strings.ToLower(strings.TrimSuffix(r.Target, ".")), int(r.Port)))
		}
		dom := domainOr(s, l.Domain)
		out.Add(F{ID: IDDNSSRVFound, Args: report.Args{"domain": domainLabel(dom), "targets": strings.Join(ts, ", "), "count": len(ts)},
			Evidence: map[string]any{"domain": dom, "resolver": l.Resolver, "targets": ts}, Sources: srcs(l.Source)})
	}
})

// isDomainMember: the evidence says the machine is in an AD domain: a
// domain under test, an SRV lookup in one, or events whose computer name
// has a DNS suffix.
func isDomainMember(s *evidence.Set) bool {
	if s.Context.Domain != "" || srvDomain(s) != "" {
		return true
	}
	for i := range s.Events {
		if strings.Contains(s.Events[i].Computer, ".") {
			return true
		}
	}
	return false
}

// timeFix resynchronises the clock: a domain member follows the domain
// hierarchy; another machine is pointed at the given server (or a hole).
func timeFix(s *evidence.Set, server string) []report.Step {
	if isDomainMember(s) {
		return []report.Step{Say("fix.time.resync_domain", nil),
			Here(report.ShellCmd, report.Change, lit("w32tm /config /syncfromflags:domhier /update")),
			Here(report.ShellCmd, report.Change, lit("net stop w32time")), Here(report.ShellCmd, report.Change, lit("net start w32time")),
			ResyncTime(), Activate()}
	}
	return []report.Step{Say("fix.time.resync", nil),
		Here(report.ShellCmd, report.Change, lit("w32tm /config"), cmdline.Cat(lit("/manualpeerlist:"), host(server, holeTimeSrc)), lit("/syncfromflags:manual /update")),
		Say("fix.time.resync_domain_alt", nil),
		ResyncTime(), Activate()}
}

var _ = register("net.time_state", []string{IDTimeSkew, IDTimeOK, IDTimeUnmeasured}, func(s *evidence.Set, out *Out) {
	for _, c := range s.Clock {
		if c.Err != "" {
			out.Add(F{ID: IDTimeUnmeasured, Args: report.Args{"server": c.Server, "error": c.Err},
				Evidence: map[string]any{"server": c.Server, "error": c.Err}, Sources: srcs(c.Source),
				Fix: []report.Step{Say("fix.time.unmeasured", report.Args{"server": c.Server}),
					Here(report.ShellCmd, report.Read, lit("w32tm /stripchart"), cmdline.Cat(lit("/computer:"), host(hostOnly(c.Server), holeTimeSrc)), lit("/dataonly /samples:3")),
					Here(report.ShellCmd, report.Read, lit("w32tm /query /status"))}})
			continue
		}
		off := c.Offset
		if off < 0 {
			off = -off
		}
		if off <= MaxClockSkew {
			out.Add(F{ID: IDTimeOK, Args: report.Args{"server": c.Server, "offset": fmtOffset(off)},
				Evidence: map[string]any{"server": c.Server, "offset_seconds": c.Offset.Seconds()}, Sources: srcs(c.Source)})
		}
	}
	for _, t := range s.TimeSync {
		if t.Err != "" {
			// w32tm could not query the time service; a later status of the
			// same input that reads wins (the service was started since).
			if laterStatus(s, t.Source) {
				continue
			}
			out.Add(F{ID: IDTimeUnmeasured, TitleKey: "finding.time.unmeasured.title_w32tm", DetailKey: "finding.time.unmeasured.detail_w32tm",
				Args: report.Args{"error": t.Err}, Evidence: map[string]any{"error": t.Err}, Sources: srcs(t.Source),
				Fix: []report.Step{Say("fix.time.w32tm_error", report.Args{"error": t.Err}),
					Here(report.ShellCmd, report.Read, lit("sc query w32time")),
					Here(report.ShellCmd, report.Change, lit("net start w32time")),
					Here(report.ShellCmd, report.Read, lit("w32tm /query /status"))}})
			continue
		}
		if t.Stated != "" {
			// The clock named in words as the cause of the failure the
			// inputs show (a 0xC004F074 included, in the text or in an
			// slmgr output beside it): a risk to check, not a measured
			// difference. Without a failure it names the cause of
			// nothing. It explains no code but 0xC004F074.
			if len(observedCodes(s)) == 0 && len(s.StatedFailures) == 0 {
				continue
			}
			codes := []string{}
			if slices.ContainsFunc(s.Codes, func(c evidence.CodeSeen) bool { return c.Code == "0xC004F074" }) {
				codes = append(codes, "0xC004F074")
			}
			out.Add(F{ID: IDTimeSkew, Severity: report.Warning, TitleKey: "finding.time.skew.title_stated", DetailKey: "finding.time.skew.detail_stated",
				Args: report.Args{"text": t.Stated}, Evidence: map[string]any{"stated": t.Stated}, Codes: codes, Sources: srcs(t.Source),
				Fix: timeFix(s, "")})
			continue
		}
		if t.Resync {
			// The result of w32tm /resync, no status: it set the clock
			// from its source, or says why it could not.
			if !t.Unsynced {
				out.Add(F{ID: IDTimeOK, DetailKey: "finding.time.ok.detail_resync", Evidence: map[string]any{"resync": "ok"}, Sources: srcs(t.Source)})
				continue
			}
			out.Add(F{ID: IDTimeSkew, Severity: report.Warning, TitleKey: "finding.time.skew.title_unsynced", DetailKey: "finding.time.skew.detail_resync",
				Args: report.Args{"message": t.ResyncError}, Evidence: map[string]any{"resync": t.ResyncError}, Sources: srcs(t.Source),
				Fix: timeFix(s, "")})
			continue
		}
		var last any = t.LastSync
		if strings.TrimSpace(t.LastSync) == "" {
			last = report.Msg("time.not_shown", nil)
		}
		ev := map[string]any{"source": t.SourceName, "leap": t.Leap, "stratum": t.Stratum, "last_sync": t.LastSync}
		if !t.Unsynced {
			dk := "finding.time.ok.detail_w32tm"
			if strings.TrimSpace(t.SourceName) == "" && strings.TrimSpace(t.LastSync) == "" {
				dk = "finding.time.ok.detail_w32tm_nosource" // a paste of the verbose second block
			}
			out.Add(F{ID: IDTimeOK, DetailKey: dk, Args: report.Args{"source": t.SourceName, "last": last},
				Evidence: ev, Sources: srcs(t.Source)})
			continue
		}
		// Not a measured skew: a clock that follows no source may drift past
		// the 4 hours a KMS host accepts.
		out.Add(F{ID: IDTimeSkew, Severity: report.Warning, TitleKey: "finding.time.skew.title_unsynced", DetailKey: "finding.time.skew.detail_unsynced",
			Args: report.Args{"source": t.SourceName, "leap": t.Leap, "last": last}, Evidence: ev, Sources: srcs(t.Source),
			Fix: timeFix(s, "")})
	}
})

// laterStatus: a w32tm status that reads (no error) comes after src in the
// same input.
func laterStatus(s *evidence.Set, src report.Source) bool {
	for _, t := range s.TimeSync {
		if t.Err == "" && t.Source.File == src.File && t.Source.Line > src.Line {
			return true
		}
	}
	return false
}

// azureDNS is the address of Azure's recursive resolver (the platform's
// virtual public IP), to which a custom DNS server forwards.
const azureDNS = "168.63.129.16"

// azureOfName is the Azure cloud whose KMS name name is.
func azureOfName(name string) (knowledge.AzureCloud, bool) {
	for _, c := range knowledge.AzureCloudNames() {
		if az, ok := knowledge.Azure(c); ok && az.IsKMSHostName(name) {
			return az, true
		}
	}
	return knowledge.AzureCloud{}, false
}

// directResult words what the direct TCP test of the cloud's published KMS
// addresses showed (check tests them when the names do not resolve).
func directResult(s *evidence.Set, az knowledge.AzureCloud) report.Message {
	var ok, failed []string
	for _, t := range s.TCP {
		h, _, err := net.SplitHostPort(t.Addr)
		if err != nil || !slices.Contains(az.Addrs, h) || !strings.EqualFold(t.Host, h) {
			continue
		}
		if t.Outcome == evidence.TCPOK || t.Outcome == evidence.TCPLoss {
			ok = append(ok, t.Addr)
		} else {
			failed = append(failed, t.Addr)
		}
	}
	switch {
	case len(ok) > 0:
		return report.Msg("dns.azure.direct_ok", report.Args{"addrs": strings.Join(ok, ", ")})
	case len(failed) > 0:
		return report.Msg("dns.azure.direct_failed", report.Args{"addrs": strings.Join(failed, ", ")})
	}
	return report.Msg("dns.azure.direct_none", report.Args{"addrs": strings.Join(az.Addrs, ", ")})
}
