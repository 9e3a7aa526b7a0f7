package probe

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// SystemResolver is the Resolver name of the operating system's resolver.
const SystemResolver = "system"

// resolver answers the two questions a KMS client asks DNS.
type resolver interface {
	name() string
	srv(ctx context.Context, domain string) evidence.SRVLookup
	host(ctx context.Context, name string) evidence.NameLookup
}

// sysResolver uses Go's resolver with the system configuration, as a
// client's DNS client would (Env.System).
type sysResolver struct{ r Lookup }

func (sysResolver) name() string { return SystemResolver }

func (s sysResolver) srv(ctx context.Context, domain string) evidence.SRVLookup {
	out := evidence.SRVLookup{Domain: domain, Resolver: SystemResolver, Source: src("dns")}
	_, recs, err := s.r.LookupSRV(ctx, "vlmcs", "tcp", domain)
	for _, r := range recs {
		out.Records = append(out.Records, evidence.SRVRecord{Target: strings.TrimSuffix(r.Target, "."), Port: r.Port, Priority: r.Priority, Weight: r.Weight})
	}
	out.Records, out.Dropped = limitSRV(out.Records)
	out.Outcome, out.Err = classifyStdDNS(err, len(out.Records))
	return out
}

func (s sysResolver) host(ctx context.Context, name string) evidence.NameLookup {
	out := evidence.NameLookup{Name: name, Resolver: SystemResolver, Source: src("dns")}
	ips, err := s.r.LookupNetIP(ctx, "ip", name)
	for _, ip := range ips {
		out.Addrs = append(out.Addrs, ip.Unmap().String())
	}
	out.Addrs = limitAddrs(out.Addrs)
	out.Outcome, out.Err = classifyStdDNS(err, len(out.Addrs))
	return out
}

// classifyStdDNS maps a stdlib resolver error to an outcome. The stdlib
// cannot tell NXDOMAIN from NODATA (both are IsNotFound); it is reported as
// nxdomain. Its error text names the server from resolv.conf, which is the
// one the system resolver used, so it is kept as is.
func classifyStdDNS(err error, n int) (string, string) {
	if err == nil {
		if n == 0 {
			return evidence.DNSNoData, ""
		}
		return evidence.DNSFound, ""
	}
	var de *net.DNSError
	switch {
	case errors.As(err, &de) && de.IsNotFound:
		return evidence.DNSNXDomain, err.Error()
	case errors.As(err, &de) && de.IsTimeout, isRefused(err):
		return evidence.DNSUnreachable, err.Error()
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return evidence.DNSUnreachable, err.Error()
	}
	return evidence.DNSError, err.Error()
}

func isRefused(err error) bool { return classifyErrno(err) == evidence.TCPRefused }

// dnsResolver queries one DNS server directly (--dns-server), with
// github.com/miekg/dns, so we know exactly which server said what.
type dnsResolver struct {
	addr     string // ip:port
	timeout  time.Duration
	exchange func(ctx context.Context, m *dns.Msg, network, server string, timeout time.Duration) (*dns.Msg, error) // Env.Exchange
}

func (d dnsResolver) name() string { return d.addr }

// query sends one query with recursion desired; a truncated UDP answer
// is retried over TCP.
func (d dnsResolver) query(ctx context.Context, qname string, qtype uint16) (*dns.Msg, error) {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(qname), qtype)
	m.RecursionDesired = true
	r, err := d.exchange(ctx, m, "udp", d.addr, d.timeout)
	if err == nil && r.Truncated {
		r, err = d.exchange(ctx, m, "tcp", d.addr, d.timeout)
	}
	return r, err
}

// outcome classifies an answer: any exchange error (timeout, refused,
// closed, malformed reply) means the server gave no usable answer. The
// error text always names the server the query was sent to.
func (d dnsResolver) outcome(r *dns.Msg, err error, n int) (outcome, rcode, msg string) {
	if err != nil {
		return evidence.DNSUnreachable, "", fmt.Sprintf("%s: %v", d.addr, err)
	}
	rcode = dns.RcodeToString[r.Rcode]
	switch {
	case r.Rcode == dns.RcodeNameError:
		return evidence.DNSNXDomain, rcode, ""
	case r.Rcode != dns.RcodeSuccess:
		return evidence.DNSError, rcode, fmt.Sprintf("%s answered %s", d.addr, rcode)
	case n == 0:
		return evidence.DNSNoData, rcode, ""
	}
	return evidence.DNSFound, rcode, ""
}

func (d dnsResolver) srv(ctx context.Context, domain string) evidence.SRVLookup {
	out := evidence.SRVLookup{Domain: domain, Resolver: d.addr, Source: src("dns")}
	r, err := d.query(ctx, "_vlmcs._tcp."+domain, dns.TypeSRV)
	if err == nil {
		for _, rr := range r.Answer {
			if s, ok := rr.(*dns.SRV); ok {
				out.Records = append(out.Records, evidence.SRVRecord{Target: strings.TrimSuffix(s.Target, "."), Port: s.Port, Priority: s.Priority, Weight: s.Weight})
			}
		}
		out.Records, out.Dropped = limitSRV(OrderSRV(out.Records, nil))
	}
	out.Outcome, out.Rcode, out.Err = d.outcome(r, err, len(out.Records))
	return out
}

func (d dnsResolver) host(ctx context.Context, name string) evidence.NameLookup {
	out := evidence.NameLookup{Name: name, Resolver: d.addr, Source: src("dns")}
	type res struct {
		r   *dns.Msg
		err error
	}
	ch := make(chan res, 2)
	for _, t := range []uint16{dns.TypeA, dns.TypeAAAA} {
		go func() {
			r, err := d.query(ctx, name, t)
			ch <- res{r, err}
		}()
	}
	var first res
	bestRank := 99
	for range 2 {
		x := <-ch
		if x.err == nil {
			for _, rr := range x.r.Answer {
				switch a := rr.(type) {
				case *dns.A:
					out.Addrs = append(out.Addrs, a.A.String())
				case *dns.AAAA:
					out.Addrs = append(out.Addrs, a.AAAA.String())
				}
			}
		}
		// Keep the most informative of the two answers for the outcome:
		// an answer beats an error, NOERROR beats an rcode.
		rank := 3
		switch {
		case x.err != nil:
			rank = 2
		case x.r.Rcode == dns.RcodeSuccess:
			rank = 0
		case x.r.Rcode == dns.RcodeNameError:
			rank = 1
		}
		if rank < bestRank {
			bestRank, first = rank, x
		}
	}
	sort.Strings(out.Addrs)
	out.Addrs = limitAddrs(slices.Compact(out.Addrs))
	out.Outcome, _, out.Err = d.outcome(first.r, first.err, len(out.Addrs))
	return out
}

// Limits of what one DNS answer can make `check` do: a hostile or broken
// server can return thousands of records in one 64 KiB TCP answer, and
// every record would otherwise become a target with its own connection
// series.
const (
	// MaxSRVRecords is how many SRV records of one lookup are kept, in the
	// order a client tries them (OrderSRV); SRVLookup.Dropped counts the
	// rest.
	MaxSRVRecords = 16
	// MaxAddrs is how many addresses of one name lookup are dialled.
	MaxAddrs = 8
)

// limitSRV drops the records whose target is "." (RFC 2782: the service
// is decidedly not available at this domain; such a record is not a host
// to test) and keeps at most MaxSRVRecords of the rest, returning how many
// were cut.
func limitSRV(recs []evidence.SRVRecord) ([]evidence.SRVRecord, int) {
	recs = slices.DeleteFunc(recs, func(r evidence.SRVRecord) bool { return r.Target == "" || r.Target == "." })
	if len(recs) > MaxSRVRecords {
		return recs[:MaxSRVRecords:MaxSRVRecords], len(recs) - MaxSRVRecords
	}
	return recs, 0
}

// limitAddrs keeps at most MaxAddrs addresses.
func limitAddrs(a []string) []string {
	if len(a) > MaxAddrs {
		return a[:MaxAddrs:MaxAddrs]
	}
	return a
}

// OrderSRV orders SRV records as RFC 2782 says a client picks them: by
// priority ascending, and within one priority by a weighted random draw
// (weight 0 records last, as the RFC advises). rnd may be nil.
func OrderSRV(recs []evidence.SRVRecord, rnd *rand.Rand) []evidence.SRVRecord {
	if len(recs) < 2 {
		return recs
	}
	if rnd == nil {
		rnd = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	in := slices.Clone(recs)
	sort.SliceStable(in, func(i, j int) bool { return in[i].Priority < in[j].Priority })
	out := make([]evidence.SRVRecord, 0, len(in))
	for i := 0; i < len(in); {
		j := i
		for j < len(in) && in[j].Priority == in[i].Priority {
			j++
		}
		group := in[i:j]
		// Zero-weight records first in the list, so the running sums give
		// them a chance only when the draw is 0 (RFC 2782).
		sort.SliceStable(group, func(a, b int) bool { return group[a].Weight == 0 && group[b].Weight != 0 })
		for len(group) > 0 {
			total := 0
			for _, r := range group {
				total += int(r.Weight)
			}
			pick := 0
			if total > 0 {
				n := rnd.IntN(total + 1)
				sum := 0
				for k, r := range group {
					sum += int(r.Weight)
					if sum >= n {
						pick = k
						break
					}
				}
			}
			out = append(out, group[pick])
			group = append(group[:pick:pick], group[pick+1:]...)
		}
		i = j
	}
	return out
}

// SearchDomain returns the first search (or domain) entry of a resolv.conf;
// "" when there is none.
func SearchDomain(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	return parseResolvConf(f)
}

// parseResolvConf reads the search and domain lines of resolv.conf(5).
func parseResolvConf(r io.Reader) string {
	// resolv.conf(5): domain and search exclude each other, and the last
	// instance of either wins; its first name is the domain searched first.
	var d string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 || strings.HasPrefix(fs[0], "#") || strings.HasPrefix(fs[0], ";") {
			continue
		}
		if fs[0] == "search" || fs[0] == "domain" {
			d = fs[1]
		}
	}
	d = strings.TrimSuffix(d, ".")
	if d == "" || d == "." || !validDomain(d) {
		return ""
	}
	return d
}

// validDomain accepts a DNS domain name: labels of 1 to 63 letters, digits,
// '-' or '_', separated by single dots (no empty label).
func validDomain(d string) bool {
	if len(d) > 253 {
		return false
	}
	for _, l := range strings.Split(d, ".") {
		if l == "" || len(l) > 63 {
			return false
		}
	}
	for _, c := range d {
		if !(c == '.' || c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// NormalizeServer turns IP or IP:PORT into ip:port (default 53).
func NormalizeServer(s string) (string, error) {
	s = strings.TrimSpace(s)
	if ip := net.ParseIP(strings.Trim(s, "[]")); ip != nil {
		return net.JoinHostPort(ip.String(), "53"), nil
	}
	h, p, err := net.SplitHostPort(s)
	if err != nil || net.ParseIP(h) == nil {
		return "", fmt.Errorf("%q is not IP or IP:PORT", s)
	}
	if _, err := net.LookupPort("udp", p); err != nil {
		return "", fmt.Errorf("%q: bad port", s)
	}
	return net.JoinHostPort(h, p), nil
}
