package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/kmsdoctor/kmsdoctor/internal/dcerpc"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// runBounded runs the probes and fails the test if the runner overruns
// cfg.Timeout by far (a hang guard, not a timing assertion).
func runBounded(t *testing.T, ctx context.Context, cfg Config, env Env, probes []Probe) *evidence.Set {
	t.Helper()
	done := make(chan *evidence.Set, 1)
	go func() { done <- run(ctx, cfg, env, probes) }()
	select {
	case s := <-done:
		return s
	case <-time.After(cfg.Timeout + 5*time.Second):
		t.Fatal("the runner overran its timeout")
		return nil
	}
}

// note is a job that records a Note naming its target.
func note(target string) Job {
	return Job{Target: target, Run: func(context.Context) Result {
		return Result{Set: &evidence.Set{Notes: []evidence.Note{{Kind: target}}}}
	}}
}

func TestRunner(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	var mu sync.Mutex
	var log []string
	logf := func(f string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		log = append(log, fmt.Sprintf(f, a...))
	}
	tests := []struct {
		name   string
		probes []Probe
		want   []evidence.ProbeRun // Probe, Target, Err (substring) of each run, in order
		notes  []string
		log    []string
	}{
		{
			name: "dependencies run in order and see the evidence before them",
			probes: []Probe{
				{Name: "a", Jobs: func(Env, *Plan) []Job {
					return []Job{{Target: "a1", Run: func(context.Context) Result {
						time.Sleep(20 * time.Millisecond) // would let b overtake a if it did not wait
						logf("a done")
						return Result{Set: &evidence.Set{Notes: []evidence.Note{{Kind: "a1"}}}}
					}}}
				}},
				{Name: "b", After: []string{"a"}, Jobs: func(_ Env, p *Plan) []Job {
					logf("b plans after %d note(s) of a", len(p.Evidence("a").Notes))
					return []Job{note("b1"), note("b2")}
				}},
				{Name: "c", After: []string{"b"}, Jobs: func(_ Env, p *Plan) []Job {
					logf("c plans after %d note(s) of b", len(p.Evidence("b").Notes))
					return nil
				}},
			},
			want:  []evidence.ProbeRun{{Probe: "a", Target: "a1"}, {Probe: "b", Target: "b1"}, {Probe: "b", Target: "b2"}},
			notes: []string{"a1", "b1", "b2"},
			log:   []string{"a done", "b plans after 1 note(s) of a", "c plans after 2 note(s) of b"},
		},
		{
			name: "a job that outlives its deadline is cut off",
			probes: []Probe{
				{Name: "stuck", Jobs: func(Env, *Plan) []Job {
					return []Job{{Target: "x", Run: func(context.Context) Result {
						<-release // ignores its context
						return Result{Set: &evidence.Set{Notes: []evidence.Note{{Kind: "late"}}}}
					}}, note("y")}
				}},
				{Name: "next", After: []string{"stuck"}, Jobs: func(Env, *Plan) []Job { return []Job{note("z")} }},
			},
			want:  []evidence.ProbeRun{{Probe: "stuck", Target: "x", Err: "cut off: context deadline exceeded"}, {Probe: "stuck", Target: "y"}, {Probe: "next", Target: "z"}},
			notes: []string{"y", "z"},
		},
		{
			name: "a job's own timeout ends its context",
			probes: []Probe{
				{Name: "short", Jobs: func(Env, *Plan) []Job {
					return []Job{{Target: "x", Timeout: time.Millisecond, Run: func(ctx context.Context) Result {
						<-ctx.Done()
						return Result{Err: ctx.Err().Error(), Target: "x (done)"}
					}}}
				}},
			},
			want: []evidence.ProbeRun{{Probe: "short", Target: "x (done)", Err: "context deadline exceeded"}},
		},
		{
			name:   "a probe with no job records nothing",
			probes: []Probe{{Name: "idle", Jobs: func(Env, *Plan) []Job { return nil }}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log = nil
			set := runBounded(t, context.Background(), Config{Timeout: 300 * time.Millisecond}, Env{}, tt.probes)
			if len(set.Probes) != len(tt.want) {
				t.Fatalf("probe runs %+v, want %+v", set.Probes, tt.want)
			}
			for i, w := range tt.want {
				g := set.Probes[i]
				if g.Probe != w.Probe || g.Target != w.Target || (w.Err == "") != (g.Err == "") || !strings.Contains(g.Err, w.Err) {
					t.Errorf("run %d: %+v, want %+v", i, g, w)
				}
				if g.Duration < 0 || g.Start.IsZero() {
					t.Errorf("run %d: start %v duration %v", i, g.Start, g.Duration)
				}
			}
			var notes []string
			for _, n := range set.Notes {
				notes = append(notes, n.Kind)
			}
			if !slices.Equal(notes, tt.notes) {
				t.Errorf("notes %v, want %v", notes, tt.notes)
			}
			if tt.log != nil && !slices.Equal(log, tt.log) {
				t.Errorf("order %q, want %q", log, tt.log)
			}
		})
	}
}

func TestRunnerCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	probes := []Probe{{Name: "wait", Jobs: func(Env, *Plan) []Job {
		return []Job{{Target: "x", Run: func(ctx context.Context) Result {
			<-ctx.Done()
			return Result{Err: ctx.Err().Error()}
		}}}
	}}}
	set := runBounded(t, ctx, Config{Timeout: time.Minute}, Env{}, probes)
	if len(set.Probes) != 1 || set.Probes[0].Err != context.Canceled.Error() {
		t.Fatalf("%+v", set.Probes)
	}
}

func TestCheckRegistry(t *testing.T) {
	jobs := func(Env, *Plan) []Job { return nil }
	if err := checkRegistry(probes); err != nil {
		t.Fatal(err)
	}
	for name, ps := range map[string][]Probe{
		"unknown after": {{Name: "a", After: []string{"b"}, Jobs: jobs}},
		"after later":   {{Name: "a", After: []string{"b"}, Jobs: jobs}, {Name: "b", Jobs: jobs}},
		"twice":         {{Name: "a", Jobs: jobs}, {Name: "a", Jobs: jobs}},
		"no jobs":       {{Name: "a"}},
	} {
		if err := checkRegistry(ps); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// fakeNet is an Env without a network: a DNS zone answered in memory, KMS
// hosts that accept the bind, everything else refusing, and a clock.
type fakeNet struct {
	zone   map[string][]dns.RR
	kms    map[string]bool // ip:port that answer the bind
	offset time.Duration
	domain string
	mu     sync.Mutex
	dials  []string
	// ntpAsked is every server the clock was read from.
	ntpAsked []string
}

func (f *fakeNet) env() Env {
	return Env{
		Dial: func(ctx context.Context, network, addr string, _ time.Duration) (net.Conn, error) {
			f.mu.Lock()
			f.dials = append(f.dials, addr)
			f.mu.Unlock()
			if !f.kms[addr] {
				return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", errRefused)}
			}
			client, server := net.Pipe()
			go func() {
				defer server.Close()
				buf := make([]byte, dcerpc.BindLen)
				if _, err := io.ReadFull(server, buf); err == nil {
					server.Write(impacketAccept)
				}
			}()
			ra, _ := net.ResolveTCPAddr("tcp", addr)
			return remoteConn{client, ra}, nil
		},
		Exchange: func(_ context.Context, q *dns.Msg, _, _ string, _ time.Duration) (*dns.Msg, error) {
			m := new(dns.Msg)
			m.SetReply(q)
			rrs, ok := f.zone[strings.ToLower(q.Question[0].Name)]
			if !ok {
				m.Rcode = dns.RcodeNameError
			}
			for _, rr := range rrs {
				if rr.Header().Rrtype == q.Question[0].Qtype {
					m.Answer = append(m.Answer, rr)
				}
			}
			return m, nil
		},
		System: noLookup{},
		NTP: func(_ context.Context, server string, _ time.Duration) (time.Duration, error) {
			f.mu.Lock()
			f.ntpAsked = append(f.ntpAsked, server)
			f.mu.Unlock()
			return f.offset, nil
		},
		SystemDomain: func(string) (string, string) { return f.domain, "fake resolv.conf" },
	}
}

// remoteConn is a pipe that says it is connected to addr.
type remoteConn struct {
	net.Conn
	addr net.Addr
}

func (c remoteConn) RemoteAddr() net.Addr { return c.addr }

// noLookup is a system resolver that knows nothing.
type noLookup struct{}

func (noLookup) LookupSRV(_ context.Context, _, _, name string) (string, []*net.SRV, error) {
	return "", nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

func (noLookup) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// TestRunEnv runs the real registry on a fake network: SRV discovery in
// the system's search domain through a --dns-server, two SRV targets (one
// healthy, one refusing), and a clock reading.
func TestRunEnv(t *testing.T) {
	f := &fakeNet{
		zone: map[string][]dns.RR{
			"_vlmcs._tcp.corp.test.": {rr(t, "_vlmcs._tcp.corp.test. 60 IN SRV 0 100 1688 kms1.corp.test."), rr(t, "_vlmcs._tcp.corp.test. 60 IN SRV 10 100 1688 kms2.corp.test.")},
			"kms1.corp.test.":        {rr(t, "kms1.corp.test. 60 IN A 192.0.2.1")},
			"kms2.corp.test.":        {rr(t, "kms2.corp.test. 60 IN A 192.0.2.2")},
			"ntp.test.":              {rr(t, "ntp.test. 60 IN A 192.0.2.123")},
		},
		kms:    map[string]bool{"192.0.2.1:1688": true},
		offset: 5 * time.Hour,
		domain: "corp.test",
	}
	var steps []string
	cfg := Config{DNSServers: []string{"192.0.2.53:53"}, NTPServer: "ntp.test", Attempts: 2, Timeout: 3 * time.Second,
		Progress: func(s Step) { steps = append(steps, s.Probe+" "+s.Target+" "+s.Outcome) }}
	set := runBounded(t, context.Background(), cfg, f.env(), probes)

	if set.Context.Domain != "corp.test" || len(set.SRV) != 1 || len(set.SRV[0].Records) != 2 {
		t.Fatalf("discovery: %+v %+v", set.Context, set.SRV)
	}
	if len(set.Names) != 2 || set.Names[0].Name != "kms1.corp.test" || set.Names[1].Name != "kms2.corp.test" {
		t.Fatalf("names: %+v", set.Names)
	}
	if len(set.TCP) != 2 || set.TCP[0].Outcome != evidence.TCPOK || set.TCP[1].Outcome != evidence.TCPRefused {
		t.Fatalf("tcp: %+v", set.TCP)
	}
	if len(set.RPC) != 1 || set.RPC[0].Outcome != evidence.RPCAccepted || set.RPC[0].Addr != "192.0.2.1:1688" {
		t.Fatalf("rpc: %+v", set.RPC)
	}
	if len(set.Clock) != 1 || set.Clock[0].Offset != 5*time.Hour || set.Clock[0].Server != "ntp.test" {
		t.Fatalf("clock: %+v", set.Clock)
	}
	// The time server's name was resolved through --dns-server.
	if !slices.Equal(f.ntpAsked, []string{"192.0.2.123:123"}) {
		t.Fatalf("ntp asked %q", f.ntpAsked)
	}
	if len(set.Resolvers) != 1 || !set.Resolvers[0].Reachable {
		t.Fatalf("resolvers: %+v", set.Resolvers)
	}
	want := []string{
		"domain fake resolv.conf",
		"srv _vlmcs._tcp.corp.test @192.0.2.53:53",
		"name kms1.corp.test @192.0.2.53:53",
		"name kms2.corp.test @192.0.2.53:53",
		"tcp 192.0.2.1:1688",
		"tcp 192.0.2.2:1688",
		"rpc 192.0.2.1:1688",
		"ntp ntp.test",
	}
	var got []string
	for _, p := range set.Probes {
		got = append(got, p.Probe+" "+p.Target)
		if p.Duration < 0 {
			t.Errorf("%+v: negative duration", p)
		}
		if (p.Err != "") != (p.Probe == ProbeTCP && p.Target == "192.0.2.2:1688") {
			t.Errorf("%+v: error", p)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("probe runs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The domain lookup shows no progress line; every other run does.
	if len(steps) != len(want)-1 || slices.ContainsFunc(steps, func(s string) bool { return strings.HasPrefix(s, "domain") }) {
		t.Errorf("progress: %q", steps)
	}
	if strings.Join(set.Inputs, ",") != "_vlmcs._tcp.corp.test,kms1.corp.test:1688,kms2.corp.test:1688,dns 192.0.2.53:53,ntp ntp.test" {
		t.Errorf("inputs: %q", set.Inputs)
	}
}

// TestRunEnvNoDomain: with no target and no search domain, no network is
// touched and the evidence says why.
func TestRunEnvNoDomain(t *testing.T) {
	f := &fakeNet{}
	set := runBounded(t, context.Background(), Config{Timeout: time.Second}, f.env(), probes)
	if len(set.Notes) != 1 || set.Notes[0].Kind != evidence.NoteNoDomain || set.Notes[0].Detail != "fake resolv.conf" {
		t.Fatalf("notes: %+v", set.Notes)
	}
	if len(set.Probes) != 1 || set.Probes[0].Probe != ProbeDomain || len(f.dials) != 0 || len(set.SRV) != 0 {
		t.Fatalf("runs %+v dials %v", set.Probes, f.dials)
	}
}

func TestConfigValidate(t *testing.T) {
	ok := Config{Hosts: []Target{mustHost(t, "kms1.corp.example"), mustHost(t, "[2001:db8::1]:1689")}, DNSServers: []string{"10.0.0.1:53"},
		Azure: "public", Domain: "corp.example", Attempts: 4, Timeout: 10 * time.Second}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		field string
		edit  func(*Config)
	}{
		{"host", func(c *Config) { c.Hosts = []Target{{Host: "bad/name", Port: 1688}} }},
		{"host", func(c *Config) { c.Hosts = []Target{{Host: "kms", Port: 0}} }},
		{"dns_server", func(c *Config) { c.DNSServers = []string{"10.0.0.1"} }},
		{"azure", func(c *Config) { c.Azure = "mars" }},
		{"attempts", func(c *Config) { c.Attempts = 0 }},
		{"attempts", func(c *Config) { c.Attempts = MaxAttempts + 1 }},
		{"timeout", func(c *Config) { c.Timeout = time.Nanosecond }},
		{"timeout", func(c *Config) { c.Timeout = MaxTimeout + 1 }},
		{"domain", func(c *Config) { c.Domain = "corp example" }},
		{"domain", func(c *Config) { c.Domain = `corp\example` }},
	}
	for _, tt := range tests {
		c := ok
		tt.edit(&c)
		var ce *ConfigError
		if err := c.Validate(); !errors.As(err, &ce) || ce.Field != tt.field {
			t.Errorf("%+v: %v, want a %s error", c, err, tt.field)
		}
	}
}

// TestAzureDirect: when no KMS name of the --azure cloud resolves, check
// tests the cloud's published KMS addresses directly; when one resolves,
// it does not.
func TestAzureDirect(t *testing.T) {
	cfg := Config{Azure: "public", DNSServers: []string{"192.0.2.53:53"}, Attempts: 1, Timeout: 3 * time.Second}
	f := &fakeNet{kms: map[string]bool{"20.118.99.224:1688": true}}
	set := runBounded(t, context.Background(), cfg, f.env(), probes)
	var tcp []string
	for _, p := range set.TCP {
		tcp = append(tcp, p.Addr+" "+p.Outcome)
	}
	if !slices.Equal(tcp, []string{"20.118.99.224:1688 ok", "40.83.235.53:1688 refused"}) {
		t.Errorf("unresolved names: tcp %q", tcp)
	}
	f = &fakeNet{zone: map[string][]dns.RR{"azkms.core.windows.net.": {rr(t, "azkms.core.windows.net. 60 IN A 20.118.99.224")}},
		kms: map[string]bool{"20.118.99.224:1688": true}}
	set = runBounded(t, context.Background(), cfg, f.env(), probes)
	if len(set.TCP) != 1 || set.TCP[0].Host != "azkms.core.windows.net" {
		t.Errorf("resolved name: tcp %+v", set.TCP)
	}
}
