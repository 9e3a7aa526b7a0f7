// Package probe runs the live checks of `kmsdoctor check`: DNS discovery
// the way a KMS client does it (SRV _vlmcs._tcp, then A/AAAA), TCP
// connection series like psping, one DCE/RPC bind for the KMS interface,
// and an SNTP clock reading. Everything runs concurrently under one
// deadline, and the results are evidence only: the diagnose rules decide
// what they mean.
//
// The probe never sends a KMS activation request; at the protocol level the
// only bytes it writes to a KMS port are one bind PDU (internal/dcerpc).
package probe

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// DefaultPort is the KMS port.
const DefaultPort = knowledge.KMSPort

// Config is what to check.
type Config struct {
	Hosts      []Target // as ParseHost reads --host
	Domain     string   // SRV discovery in this domain
	Azure      string   // public, china, germany, usgov
	DNSServers []string // ip:port; empty means the system resolver
	NTPServer  string   // HOST[:PORT]; empty means no clock check
	Attempts   int      // TCP attempts per endpoint (default 4)
	Timeout    time.Duration
	// ResolvConf is read for the search domain when there is no target
	// (default /etc/resolv.conf).
	ResolvConf string
	// Progress, when set, is called (never concurrently) as each probe
	// finishes.
	Progress func(Step)
	// Stagger is the delay between the starts of two TCP attempts
	// (default 10ms).
	Stagger time.Duration
}

// Step is one finished probe, for live progress display.
type Step struct {
	Probe   string // dns, tcp, rpc, ntp
	Target  string
	Outcome string
}

// Target is one KMS endpoint to test, by name or address.
type Target struct {
	Host string
	Port int
}

// ParseHost reads NAME[:PORT], IP, [IPv6]:PORT; the port defaults to 1688.
func ParseHost(s string) (Target, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Target{}, fmt.Errorf("empty host")
	}
	if ip := net.ParseIP(strings.Trim(s, "[]")); ip != nil {
		return Target{Host: ip.String(), Port: DefaultPort}, nil
	}
	h, port := s, DefaultPort
	if strings.Contains(s, ":") {
		var p string
		var err error
		h, p, err = net.SplitHostPort(s)
		if err != nil {
			return Target{}, fmt.Errorf("%q: %v", s, err)
		}
		port, err = strconv.Atoi(p)
		if err != nil || port < 1 || port > 65535 {
			return Target{}, fmt.Errorf("%q: bad port %q", s, p)
		}
		if ip := net.ParseIP(h); ip != nil {
			return Target{Host: ip.String(), Port: port}, nil
		}
	}
	h = strings.TrimSuffix(h, ".")
	if h == "" || !validDomain(h) {
		return Target{}, fmt.Errorf("%q is not a host name", s)
	}
	return Target{Host: h, Port: port}, nil
}

func src(probe string) report.Source { return report.Source{Probe: probe} }

// runner holds one run's state.
type runner struct {
	cfg   Config
	mu    sync.Mutex
	set   *evidence.Set
	resvs []resolver
}

func (r *runner) progress(s Step) {
	if r.cfg.Progress != nil {
		r.cfg.Progress(s)
	}
}

// Run performs the check and returns the evidence. It returns no later than
// cfg.Timeout after it is called (or ctx's own deadline, if earlier).
func Run(ctx context.Context, cfg Config) *evidence.Set {
	if cfg.Attempts <= 0 {
		cfg.Attempts = 4
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Stagger <= 0 {
		cfg.Stagger = 10 * time.Millisecond
	}
	if cfg.ResolvConf == "" {
		cfg.ResolvConf = "/etc/resolv.conf"
	}
	// Keep a little of the budget for building the report.
	margin := min(cfg.Timeout/20, 200*time.Millisecond)
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout-margin)
	defer cancel()
	deadline, _ := ctx.Deadline()
	budget := time.Until(deadline)

	r := &runner{cfg: cfg, set: &evidence.Set{Context: evidence.Context{Live: true, Domain: cfg.Domain}}}
	r.set.Context.AzureCloud = strings.ToLower(cfg.Azure)
	dnsTimeout := min(2*time.Second, budget/4)
	if len(cfg.DNSServers) == 0 {
		r.resvs = []resolver{sysResolver{r: &net.Resolver{}}}
	}
	for _, s := range cfg.DNSServers {
		r.resvs = append(r.resvs, dnsResolver{addr: s, timeout: dnsTimeout})
	}

	var wg sync.WaitGroup
	if cfg.NTPServer != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cs := Clock(cfg.NTPServer, min(3*time.Second, budget*8/10))
			r.mu.Lock()
			r.set.Clock = append(r.set.Clock, cs)
			r.progress(Step{Probe: "ntp", Target: cfg.NTPServer, Outcome: outcomeOrErr(cs.Err, "ok")})
			r.mu.Unlock()
		}()
	}

	targets := slices.Clone(cfg.Hosts)
	if cfg.Azure != "" {
		if c, ok := knowledge.Azure(cfg.Azure); ok {
			for _, h := range c.Hosts {
				targets = append(targets, Target{Host: h, Port: c.Port})
			}
		}
	}
	domain := cfg.Domain
	if domain == "" && len(targets) == 0 {
		var where string
		domain, where = systemDomain(cfg.ResolvConf)
		r.set.Context.Domain = domain
		if domain == "" {
			r.set.Notes = append(r.set.Notes, evidence.Note{Kind: evidence.NoteNoDomain, Detail: where, Source: src("dns")})
		}
	}
	if domain != "" {
		targets = append(targets, r.discover(ctx, domain)...)
	}
	targets = dedupTargets(targets)
	r.probeTargets(ctx, targets)
	wg.Wait()
	r.finishResolvers()
	r.sortEvidence(targets)
	r.set.Inputs = inputs(cfg, domain, targets)
	return r.set
}

// inputs names what the check looked at, for the report's "inputs": the
// SRV name queried, each endpoint, the resolvers and the time server.
func inputs(cfg Config, domain string, targets []Target) []string {
	var in []string
	if domain != "" {
		in = append(in, "_vlmcs._tcp."+domain)
	}
	for _, t := range targets {
		in = append(in, net.JoinHostPort(t.Host, strconv.Itoa(t.Port)))
	}
	for _, s := range cfg.DNSServers {
		in = append(in, "dns "+s)
	}
	if cfg.NTPServer != "" {
		in = append(in, "ntp "+cfg.NTPServer)
	}
	return in
}

// sortEvidence puts the concurrently gathered evidence in a stable order:
// targets as given or discovered, resolvers as given, addresses as
// resolved, so that the report does not depend on which probe finished
// first.
func (r *runner) sortEvidence(targets []Target) {
	tIdx := func(host string) int {
		for i, t := range targets {
			if strings.EqualFold(t.Host, host) {
				return i
			}
		}
		return len(targets)
	}
	rIdx := func(name string) int {
		for i, rv := range r.resvs {
			if rv.name() == name {
				return i
			}
		}
		return len(r.resvs)
	}
	slices.SortStableFunc(r.set.Names, func(a, b evidence.NameLookup) int {
		return cmp.Or(cmp.Compare(tIdx(a.Name), tIdx(b.Name)), cmp.Compare(rIdx(a.Resolver), rIdx(b.Resolver)))
	})
	// TCP series and RPC binds: by target, then by dialled address.
	byEndpoint := func(hostA, addrA, hostB, addrB string) int {
		return cmp.Or(cmp.Compare(tIdx(hostA), tIdx(hostB)), strings.Compare(addrA, addrB))
	}
	slices.SortStableFunc(r.set.TCP, func(a, b evidence.TCPProbe) int { return byEndpoint(a.Host, a.Addr, b.Host, b.Addr) })
	slices.SortStableFunc(r.set.RPC, func(a, b evidence.RPCBind) int { return byEndpoint(a.Host, a.Addr, b.Host, b.Addr) })
}

func outcomeOrErr(err, ok string) string {
	if err != "" {
		return "error"
	}
	return ok
}

// discover asks every resolver for the SRV record, concurrently, and
// returns the targets in the order of the first resolver that had any.
func (r *runner) discover(ctx context.Context, domain string) []Target {
	res := make([]evidence.SRVLookup, len(r.resvs))
	var wg sync.WaitGroup
	for i, rv := range r.resvs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = rv.srv(ctx, domain)
			r.mu.Lock()
			r.progress(Step{Probe: "dns", Target: "_vlmcs._tcp." + domain + " @" + rv.name(), Outcome: res[i].Outcome})
			r.mu.Unlock()
		}()
	}
	wg.Wait()
	var out []Target
	for _, l := range res {
		for _, rec := range l.Records {
			out = append(out, Target{Host: rec.Target, Port: int(rec.Port)})
		}
	}
	r.set.SRV = append(r.set.SRV, res...)
	return out
}

func dedupTargets(ts []Target) []Target {
	var out []Target
	for _, t := range ts {
		t.Host = strings.ToLower(t.Host)
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// probeTargets resolves each target name with each resolver and probes
// every address found, all concurrently.
func (r *runner) probeTargets(ctx context.Context, targets []Target) {
	var wg sync.WaitGroup
	for _, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var addrs []string
			if ip := net.ParseIP(t.Host); ip != nil {
				addrs = []string{ip.String()}
			} else {
				addrs = r.resolve(ctx, t.Host)
			}
			var ew sync.WaitGroup
			for _, a := range addrs {
				ew.Add(1)
				go func() {
					defer ew.Done()
					r.endpoint(ctx, t, net.JoinHostPort(a, strconv.Itoa(t.Port)))
				}()
			}
			ew.Wait()
		}()
	}
	wg.Wait()
}

// resolve looks name up with every resolver and returns the union of the
// addresses, in the order found.
func (r *runner) resolve(ctx context.Context, name string) []string {
	res := make([]evidence.NameLookup, len(r.resvs))
	var wg sync.WaitGroup
	for i, rv := range r.resvs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = rv.host(ctx, name)
		}()
	}
	wg.Wait()
	var addrs []string
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, l := range res {
		r.set.Names = append(r.set.Names, l)
		r.progress(Step{Probe: "dns", Target: name + " @" + l.Resolver, Outcome: l.Outcome})
		for _, a := range l.Addrs {
			if !slices.Contains(addrs, a) {
				addrs = append(addrs, a)
			}
		}
	}
	return addrs
}

// endpoint runs the TCP series and, on the first connection that opened,
// the RPC bind.
func (r *runner) endpoint(ctx context.Context, t Target, addr string) {
	deadline, _ := ctx.Deadline()
	left := time.Until(deadline)
	p, c := dialSeries(ctx, t.Host, addr, t.Port, r.cfg.Attempts, min(3*time.Second, left/2), r.cfg.Stagger)
	r.mu.Lock()
	r.set.TCP = append(r.set.TCP, p)
	r.progress(Step{Probe: "tcp", Target: addr, Outcome: p.Outcome})
	r.mu.Unlock()
	if c == nil {
		return
	}
	b := BindKMS(c, t.Host, minTime(deadline, time.Now().Add(3*time.Second)))
	r.mu.Lock()
	r.set.RPC = append(r.set.RPC, b)
	r.progress(Step{Probe: "rpc", Target: addr, Outcome: b.Outcome})
	r.mu.Unlock()
}

// finishResolvers records whether each resolver answered anything.
func (r *runner) finishResolvers() {
	for _, rv := range r.resvs {
		e := evidence.Resolver{Server: rv.name(), Source: src("dns")}
		seen := false
		note := func(resolver, outcome, err string) {
			if resolver != e.Server {
				return
			}
			seen = true
			if outcome != evidence.DNSUnreachable {
				e.Reachable = true
			} else if e.Err == "" {
				e.Err = err
			}
		}
		for _, l := range r.set.SRV {
			note(l.Resolver, l.Outcome, l.Err)
		}
		for _, l := range r.set.Names {
			note(l.Resolver, l.Outcome, l.Err)
		}
		if !seen {
			continue
		}
		if e.Reachable {
			e.Err = ""
		}
		r.set.Resolvers = append(r.set.Resolvers, e)
	}
}
