// Package probe runs the live checks of `kmsdoctor check`: DNS discovery
// the way a KMS client does it (SRV _vlmcs._tcp, then A/AAAA), TCP
// connection series like psping, one DCE/RPC bind for the KMS interface,
// and an SNTP clock reading. The results are evidence only: the diagnose
// rules decide what they mean.
//
// The probes are entries of one registry (registry.go), in the manner of
// the Prometheus blackbox_exporter's probers: a Probe has a Name, the
// probes it comes After, and Jobs, which reads the plan (the config and
// the evidence of the probes before it) and returns one Job per target. The
// runner (runner.go) starts a probe once everything it comes after has
// finished, runs its jobs concurrently, each with a context derived from
// the run's deadline (Config.Timeout), cuts off a job that outlives its
// context, records an evidence.ProbeRun (name, target, start, duration,
// error) for every job, and merges each job's own evidence.Set in job
// order: no probe writes to a shared Set. All I/O goes through Env, so the
// tests run the real registry on fakes.
//
// The probe never sends a KMS activation request; at the protocol level the
// only bytes it writes to a KMS port are one bind PDU (internal/dcerpc).
package probe

import (
	"cmp"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
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
	Azure      string   // public, china, usgov
	Cloud      string   // a --cloud value (knowledge.LookupCloud); its KMS is tested
	DNSServers []string // ip:port; empty means the system resolver
	NTPServer  string   // HOST[:PORT]; empty means no clock check
	Attempts   int      // TCP attempts per endpoint (default 4)
	Timeout    time.Duration
	// ResolvConf is read for the search domain when there is no target
	// (default /etc/resolv.conf).
	ResolvConf string
	// Progress, when set, is called (never concurrently) as each probe
	// run finishes.
	Progress func(Step)
	// Stagger is the delay between the starts of two TCP attempts
	// (default 10ms).
	Stagger time.Duration
}

// Step is one finished probe run, for live progress display.
type Step struct {
	Probe    string // dns, tcp, rpc, ntp
	Target   string
	Outcome  string
	Duration time.Duration
}

// Limits of Config.Validate.
const (
	MaxAttempts = 100
	MinTimeout  = 100 * time.Millisecond
	MaxTimeout  = 10 * time.Minute
)

// ConfigError is a Config field Validate refused: Field is "host",
// "dns_server", "azure", "attempts", "timeout" or "domain" (a flag of
// `check`, in the spelling of its catalogue key check.err.<field>), Value
// the value refused and Err the reason, when there is one beyond the
// range.
type ConfigError struct {
	Field string
	Value any
	Err   error
}

func (e *ConfigError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s %v: %v", e.Field, e.Value, e.Err)
	}
	return fmt.Sprintf("%s %v: out of range", e.Field, e.Value)
}

func (e *ConfigError) Unwrap() error { return e.Err }

// Validate checks a config as `check` builds it from its flags: every host
// a ParseHost result, every DNS server as NormalizeServer writes it, a known
// Azure cloud, 1 to MaxAttempts attempts, a timeout from MinTimeout to
// MaxTimeout and a domain without spaces, slashes or colons. It returns a
// *ConfigError for the first field refused, in that order. (Run itself
// takes a zero Attempts, Timeout or Stagger as the default.)
func (c Config) Validate() error {
	for _, h := range c.Hosts {
		if _, err := ParseHost(net.JoinHostPort(h.Host, strconv.Itoa(h.Port))); err != nil {
			return &ConfigError{Field: "host", Value: h.Host, Err: err}
		}
	}
	for _, s := range c.DNSServers {
		if n, err := NormalizeServer(s); err != nil || n != s {
			if err == nil {
				err = fmt.Errorf("%q is not written as %q", s, n)
			}
			return &ConfigError{Field: "dns_server", Value: s, Err: err}
		}
	}
	if c.Azure != "" {
		if _, ok := knowledge.Azure(c.Azure); !ok {
			return &ConfigError{Field: "azure", Value: c.Azure, Err: fmt.Errorf("unknown cloud")}
		}
	}
	if c.Cloud != "" {
		if _, ok := knowledge.LookupCloud(c.Cloud); !ok {
			return &ConfigError{Field: "cloud", Value: c.Cloud, Err: fmt.Errorf("unknown cloud")}
		}
	}
	if c.Attempts < 1 || c.Attempts > MaxAttempts {
		return &ConfigError{Field: "attempts", Value: c.Attempts}
	}
	if c.Timeout < MinTimeout || c.Timeout > MaxTimeout {
		return &ConfigError{Field: "timeout", Value: c.Timeout}
	}
	if strings.ContainsAny(c.Domain, " /\\:") {
		return &ConfigError{Field: "domain", Value: c.Domain}
	}
	return nil
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
func sortEvidence(set *evidence.Set, resvs []resolver, targets []Target) {
	tIdx := func(host string) int {
		for i, t := range targets {
			if strings.EqualFold(t.Host, host) {
				return i
			}
		}
		return len(targets)
	}
	rIdx := func(name string) int {
		for i, rv := range resvs {
			if rv.name() == name {
				return i
			}
		}
		return len(resvs)
	}
	slices.SortStableFunc(set.Names, func(a, b evidence.NameLookup) int {
		return cmp.Or(cmp.Compare(tIdx(a.Name), tIdx(b.Name)), cmp.Compare(rIdx(a.Resolver), rIdx(b.Resolver)))
	})
	// TCP series and RPC binds: by target, then by dialled address.
	byEndpoint := func(hostA, addrA, hostB, addrB string) int {
		return cmp.Or(cmp.Compare(tIdx(hostA), tIdx(hostB)), strings.Compare(addrA, addrB))
	}
	slices.SortStableFunc(set.TCP, func(a, b evidence.TCPProbe) int { return byEndpoint(a.Host, a.Addr, b.Host, b.Addr) })
	slices.SortStableFunc(set.RPC, func(a, b evidence.RPCBind) int { return byEndpoint(a.Host, a.Addr, b.Host, b.Addr) })
}

func outcomeOrErr(err, ok string) string {
	if err != "" {
		return "error"
	}
	return ok
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

// finishResolvers records whether each resolver answered anything.
func finishResolvers(set *evidence.Set, resvs []resolver) {
	for _, rv := range resvs {
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
		for _, l := range set.SRV {
			note(l.Resolver, l.Outcome, l.Err)
		}
		for _, l := range set.Names {
			note(l.Resolver, l.Outcome, l.Err)
		}
		if !seen {
			continue
		}
		if e.Reachable {
			e.Err = ""
		}
		set.Resolvers = append(set.Resolvers, e)
	}
}
