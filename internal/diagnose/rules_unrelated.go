package diagnose

import (
	"net"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Inputs that are about DNS but observe no stage: an nslookup of an SRV
// name that is not _vlmcs._tcp (a _kerberos or _ldap record), and the DNS
// set-up ipconfig shows (the suffix and the servers KMS discovery uses).
// Each is said as information about the input, with the exact lookup that
// would observe KMS discovery; the dns stage stays not observed (it is
// observed by an SRV lookup of _vlmcs._tcp only), so the verdict stays
// what the rest of the evidence makes it.

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDDNSSRVOtherName = def(Def{ID: "dns.srv.other_name", Severity: report.Info, Rank: 1004, InputOnly: true})
	IDDNSClientConfig = def(Def{ID: "dns.client.config", Severity: report.Info, Rank: 1005, InputOnly: true})
)

// maxListed bounds the names and servers a finding lists.
const maxListed = 5

// dns.srv.other_name: one finding per lookup file, naming what was looked
// up and giving the _vlmcs._tcp lookup of the same domain.
var _ = register("dns.srv.other_name", []string{IDDNSSRVOtherName}, func(s *evidence.Set, out *Out) {
	type file struct {
		names   []report.Message
		domain  string
		sources []report.Source
	}
	var order []string
	files := map[string]*file{}
	for _, l := range s.OtherSRV {
		f, ok := files[l.Source.File]
		if !ok {
			f = &file{}
			files[l.Source.File] = f
			order = append(order, l.Source.File)
		}
		if len(f.names) < maxListed {
			f.names = append(f.names, report.Raw(l.Name))
		}
		if f.domain == "" {
			f.domain = l.Domain
		}
		if len(f.sources) < maxSources {
			f.sources = append(f.sources, l.Source)
		}
	}
	for _, name := range order {
		f := files[name]
		d := domainOr(s, f.domain)
		out.Add(F{ID: IDDNSSRVOtherName, Args: report.Args{"file": name, "names": report.Join("report.list_sep", f.names...),
			"domain": domainLabel(d)},
			Evidence: map[string]any{"file": name, "lookups": len(f.names), "domain": d}, Sources: f.sources,
			Fix: []report.Step{Say("fix.dns.srv.other_name", nil),
				Here(report.ShellCmd, report.Read, lit("nslookup -type=srv"), srvName(d))}})
	}
})

// dns.client.config: one finding per ipconfig output, with its suffix and
// servers and the lookup KMS discovery makes from them.
var _ = register("dns.client.config", []string{IDDNSClientConfig}, func(s *evidence.Set, out *Out) {
	type file struct {
		configs []evidence.DNSClientConfig
		suffix  string
		servers []string
		sources []report.Source
	}
	var order []string
	files := map[string]*file{}
	for _, c := range s.DNSConfig {
		f, ok := files[c.Source.File]
		if !ok {
			f = &file{}
			files[c.Source.File] = f
			order = append(order, c.Source.File)
		}
		f.configs = append(f.configs, c)
		for _, v := range c.Servers {
			if len(f.servers) < maxListed {
				f.servers = append(f.servers, v)
			}
		}
		if len(f.sources) < maxSources {
			f.sources = append(f.sources, c.Source)
		}
	}
	for _, f := range files {
		f.suffix = suffixOf(f.configs)
	}
	for _, name := range order {
		f := files[name]
		servers := make([]report.Message, len(f.servers))
		for i, v := range f.servers {
			servers[i] = report.Raw(v)
		}
		args := report.Args{"file": name, "suffix": domainLabel(f.suffix), "servers": report.Join("report.list_sep", servers...)}
		dk := "finding.dns.client.config.detail"
		lookup := Here(report.ShellCmd, report.Read, lit("nslookup -type=srv"), srvName(f.suffix))
		if srv := firstServer(f.servers); srv != "" {
			dk = "finding.dns.client.config.detail_servers"
			lookup = Here(report.ShellCmd, report.Read, lit("nslookup -type=srv"), srvName(f.suffix), host(srv, holeDNSServer))
		}
		out.Add(F{ID: IDDNSClientConfig, DetailKey: dk, Args: args,
			Evidence: map[string]any{"file": name, "suffix": f.suffix, "servers": f.servers}, Sources: f.sources,
			Fix: []report.Step{Say("fix.dns.client.config", nil), lookup}})
	}
})

// firstServer is the first IPv4 server of list, else the first IPv6 one
// without its zone ("fe80::1%12"), "" when none.
func firstServer(list []string) string {
	for _, v := range list {
		if ip := net.ParseIP(v); ip != nil && ip.To4() != nil {
			return v
		}
	}
	for _, v := range list {
		if v, _, _ = strings.Cut(v, "%"); net.ParseIP(v) != nil {
			return v
		}
	}
	return ""
}

// suffixOf is the DNS suffix of an ipconfig output: an adapter's own
// (connection-specific) suffix, else the primary suffix, else the first of
// the search list; "" when none.
func suffixOf(cs []evidence.DNSClientConfig) string {
	for _, c := range cs {
		if c.Adapter != "" && c.Suffix != "" {
			return c.Suffix
		}
	}
	for _, c := range cs {
		if c.Suffix != "" {
			return c.Suffix
		}
		if len(c.SearchList) > 0 {
			return c.SearchList[0]
		}
	}
	return ""
}

// configDomain is the DNS suffix an ipconfig output or another SRV lookup
// gives, for the next steps when no _vlmcs lookup names a domain; "" when
// none.
func configDomain(s *evidence.Set) string {
	if d := suffixOf(s.DNSConfig); d != "" {
		return d
	}
	for _, l := range s.OtherSRV {
		if l.Domain != "" {
			return l.Domain
		}
	}
	return ""
}
