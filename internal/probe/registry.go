package probe

import (
	"context"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// Names of the registered probes (evidence.ProbeRun.Probe).
const (
	ProbeDomain = "domain" // the system's search domain, when nothing else names a target
	ProbeSRV    = "srv"    // _vlmcs._tcp.DOMAIN, once per resolver
	ProbeName   = "name"   // A/AAAA of each target name, once per resolver
	ProbeTCP    = "tcp"    // a TCP connection series to each address
	ProbeRPC    = "rpc"    // one DCE/RPC bind on each connection that opened
	ProbeNTP    = "ntp"    // one SNTP clock reading
)

// probes is the registry: every probe of `check`, each after the probes it reads.
// The --azure preset is not a probe: it is config, resolved into
// Plan.Given before any probe runs.
var probes = []Probe{
	{Name: ProbeDomain, Jobs: domainJobs},
	{Name: ProbeSRV, After: []string{ProbeDomain}, Progress: "dns", Jobs: srvJobs},
	{Name: ProbeName, After: []string{ProbeSRV}, Progress: "dns", Jobs: nameJobs},
	{Name: ProbeTCP, After: []string{ProbeName}, Progress: "tcp", Jobs: tcpJobs},
	{Name: ProbeRPC, After: []string{ProbeTCP}, Progress: "rpc", Jobs: rpcJobs},
	{Name: ProbeNTP, Progress: "ntp", Jobs: ntpJobs},
}

// Domain is the domain searched for the SRV record: Config.Domain, else
// the system's search domain when the domain probe looked it up.
func (p *Plan) Domain() string {
	if p.Config.Domain != "" {
		return p.Config.Domain
	}
	return p.Evidence(ProbeDomain).Context.Domain
}

// Targets is every endpoint to test: the given ones, then those of the SRV
// answers in the order of the resolvers, without repeats.
func (p *Plan) Targets() []Target {
	ts := slices.Clone(p.Given)
	for _, l := range p.Evidence(ProbeSRV).SRV {
		for _, rec := range l.Records {
			ts = append(ts, Target{Host: rec.Target, Port: int(rec.Port)})
		}
	}
	return dedupTargets(ts)
}

// domainJobs reads the system's search domain when there is neither
// --domain nor a target.
func domainJobs(env Env, p *Plan) []Job {
	if p.Config.Domain != "" || len(p.Given) > 0 {
		return nil
	}
	return []Job{{Target: p.Config.ResolvConf, Run: func(context.Context) Result {
		d, where := env.SystemDomain(p.Config.ResolvConf)
		s := &evidence.Set{Context: evidence.Context{Domain: d}}
		if d == "" {
			s.Notes = append(s.Notes, evidence.Note{Kind: evidence.NoteNoDomain, Detail: where, Source: src("dns")})
		}
		return Result{Set: s, Target: where}
	}}}
}

// srvJobs asks every resolver for the SRV record.
func srvJobs(_ Env, p *Plan) []Job {
	domain := p.Domain()
	if domain == "" {
		return nil
	}
	var jobs []Job
	for _, rv := range p.resolvers {
		jobs = append(jobs, Job{Target: "_vlmcs._tcp." + domain + " @" + rv.name(), Run: func(ctx context.Context) Result {
			l := rv.srv(ctx, domain)
			return Result{Set: &evidence.Set{SRV: []evidence.SRVLookup{l}}, Outcome: l.Outcome, Err: l.Err}
		}})
	}
	return jobs
}

// nameJobs looks every target name up with every resolver.
func nameJobs(_ Env, p *Plan) []Job {
	var jobs []Job
	for _, t := range p.Targets() {
		if net.ParseIP(t.Host) != nil {
			continue
		}
		for _, rv := range p.resolvers {
			jobs = append(jobs, Job{Target: t.Host + " @" + rv.name(), Run: func(ctx context.Context) Result {
				l := rv.host(ctx, t.Host)
				return Result{Set: &evidence.Set{Names: []evidence.NameLookup{l}}, Outcome: l.Outcome, Err: l.Err}
			}})
		}
	}
	return jobs
}

// addrs is where target t is dialled: its address, or the union of the
// addresses the resolvers gave for its name, in the order found.
func (p *Plan) addrs(t Target) []string {
	if ip := net.ParseIP(t.Host); ip != nil {
		return []string{ip.String()}
	}
	var out []string
	for _, l := range p.Evidence(ProbeName).Names {
		if l.Name != t.Host {
			continue
		}
		for _, a := range l.Addrs {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}

func connKey(host, addr string) string { return strings.ToLower(host) + " " + addr }

// tcpJobs runs the connection series to every address of every target; a
// connection that opened is kept for the RPC probe.
func tcpJobs(env Env, p *Plan) []Job {
	var jobs []Job
	targets := p.Targets()
	if len(p.Direct) > 0 {
		cloud, _ := knowledge.Azure(p.Config.Azure)
		resolved := false
		for _, t := range targets {
			if cloud.IsKMSHostName(t.Host) && len(p.addrs(t)) > 0 {
				resolved = true
			}
		}
		if !resolved {
			// No KMS name of the cloud resolved: test its addresses.
			targets = dedupTargets(append(targets, p.Direct...))
		}
	}
	for _, t := range targets {
		for _, a := range p.addrs(t) {
			if len(jobs) == MaxEndpoints {
				return jobs
			}
			addr := net.JoinHostPort(a, strconv.Itoa(t.Port))
			if tp, bad := notDialled(t.Host, a, addr, t.Port); bad {
				jobs = append(jobs, Job{Target: addr, Run: func(context.Context) Result {
					return Result{Set: &evidence.Set{TCP: []evidence.TCPProbe{tp}}, Outcome: tp.Outcome, Err: tp.Err}
				}})
				continue
			}
			jobs = append(jobs, Job{Target: addr, Run: func(ctx context.Context) Result {
				left := time.Until(p.Deadline)
				tp, c := dialSeries(ctx, env.Dial, t.Host, addr, t.Port, p.Config.Attempts, min(3*time.Second, left/2), p.Config.Stagger)
				if c != nil {
					p.conns.put(connKey(t.Host, addr), c)
				}
				return Result{Set: &evidence.Set{TCP: []evidence.TCPProbe{tp}}, Outcome: tp.Outcome, Err: tp.Err}
			}})
		}
	}
	return jobs
}

// rpcJobs sends the KMS bind on every connection the TCP probe opened.
func rpcJobs(_ Env, p *Plan) []Job {
	var jobs []Job
	for _, tp := range p.Evidence(ProbeTCP).TCP {
		c := p.conns.take(connKey(tp.Host, tp.Addr))
		if c == nil {
			continue
		}
		jobs = append(jobs, Job{Target: tp.Addr, Run: func(ctx context.Context) Result {
			// Unblock the bind when the run ends early (Ctrl-C).
			stop := context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Now()) })
			defer stop()
			b := BindKMS(c, tp.Host, minTime(p.Deadline, time.Now().Add(3*time.Second)))
			return Result{Set: &evidence.Set{RPC: []evidence.RPCBind{b}}, Outcome: b.Outcome, Err: b.Err}
		}})
	}
	return jobs
}

// ntpJobs reads the clock of --ntp-server.
func ntpJobs(env Env, p *Plan) []Job {
	if p.Config.NTPServer == "" {
		return nil
	}
	timeout := min(3*time.Second, p.Budget*8/10)
	return []Job{{Target: p.Config.NTPServer, Timeout: timeout, Run: func(ctx context.Context) Result {
		cs := clock(ctx, env, p.resolvers, p.Config.NTPServer, timeout)
		return Result{Set: &evidence.Set{Clock: []evidence.ClockSample{cs}}, Outcome: outcomeOrErr(cs.Err, "ok"), Err: cs.Err}
	}, CutOff: func(err string) *evidence.Set {
		return &evidence.Set{Clock: []evidence.ClockSample{{Server: p.Config.NTPServer, Err: err, Source: src("ntp")}}}
	}}}
}
