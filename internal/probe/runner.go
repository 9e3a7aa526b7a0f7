package probe

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// Probe is one entry of the registry (registry.go).
type Probe struct {
	// Name names the probe in evidence.ProbeRun and in other probes' After.
	Name string
	// After lists the probes whose evidence this one reads (Plan.Evidence);
	// it starts once all of them have finished. Each must come before it in
	// the registry.
	After []string
	// Progress is the name shown for its runs in the live progress of
	// `check` (Step.Probe); "" shows none.
	Progress string
	// Jobs returns the probe's runs for this plan, one per target; none
	// when it has nothing to do. It reads p and does no I/O.
	Jobs func(env Env, p *Plan) []Job
}

// Job is one run of a probe on one target.
type Job struct {
	Target string
	// Timeout, when positive, ends the job's context that long after it
	// starts (never later than the run's deadline).
	Timeout time.Duration
	// Run does the I/O and returns its own evidence. It must return soon
	// after ctx ends: the runner waits a short grace and then cuts it off.
	Run func(ctx context.Context) Result
	// CutOff, when set, is the evidence the job leaves when the runner
	// cuts it off (err is the ProbeRun's error), so that a check that could
	// not finish is still a finding, never silence.
	CutOff func(err string) *evidence.Set
}

// Result is what one job found.
type Result struct {
	Set     *evidence.Set // this job's evidence
	Outcome string        // for the progress line; "" shows none
	Err     string        // the error the run ended with, "" when none
	Target  string        // when set, the ProbeRun's target instead of Job.Target
}

// Plan is one run as the probes see it: the config with its defaults, the
// deadline, the resolvers, the targets given, and the evidence of each
// probe that has finished.
type Plan struct {
	Config   Config
	Deadline time.Time // when every probe's context ends
	Budget   time.Duration
	// Given are the targets given (--host, then the --azure preset's
	// hosts), before discovery.
	Given []Target
	// Direct are the cloud's published KMS addresses (--azure), tested
	// directly when none of its KMS names resolves: they tell a DNS fault
	// (custom DNS not forwarding to Azure's) from a blocked path.
	Direct []Target

	resolvers []resolver
	results   map[string]*slot // one per probe, made before any starts

	conns *connPool
}

// slot holds a probe's merged evidence, written once before the probe's
// dependents start (the close of its done channel orders the two).
type slot struct{ set *evidence.Set }

// Evidence is the merged evidence of the probe named, which must be one
// the asking probe comes After (an empty Set when it ran no job).
func (p *Plan) Evidence(name string) *evidence.Set {
	if s := p.results[name]; s != nil && s.set != nil {
		return s.set
	}
	return &evidence.Set{}
}

// Run performs the check and returns the evidence. It returns no later than
// cfg.Timeout after it is called (or ctx's own deadline, if earlier).
func Run(ctx context.Context, cfg Config) *evidence.Set {
	return RunEnv(ctx, cfg, SystemEnv())
}

// RunEnv is Run with the I/O of env (nil fields: SystemEnv's).
func RunEnv(ctx context.Context, cfg Config, env Env) *evidence.Set {
	return run(ctx, cfg, env, probes)
}

func (c Config) withDefaults() Config {
	if c.Attempts <= 0 {
		c.Attempts = 4
	}
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.Stagger <= 0 {
		c.Stagger = 10 * time.Millisecond
	}
	if c.ResolvConf == "" {
		c.ResolvConf = "/etc/resolv.conf"
	}
	return c
}

// runner runs the probes of one plan.
type runner struct {
	env   Env
	plan  *Plan
	grace time.Duration // how long a job may outlive its context
	mu    sync.Mutex    // serialises Config.Progress
}

func run(ctx context.Context, cfg Config, env Env, probes []Probe) *evidence.Set {
	if err := checkRegistry(probes); err != nil {
		panic(err)
	}
	cfg = cfg.withDefaults()
	env = env.withDefaults()
	env.Dial = limitDial(env.Dial, MaxOpenDials)
	// The probes' contexts end margin before cfg.Timeout; the runner cuts
	// off what is still running half of it later, and keeps the rest for
	// building the report.
	margin := min(cfg.Timeout/20, 200*time.Millisecond)
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout-margin)
	defer cancel()
	deadline, _ := ctx.Deadline()
	p := newPlan(cfg, env, deadline)
	defer p.conns.close()
	r := &runner{env: env, plan: p, grace: margin / 2}

	done := make(map[string]chan struct{}, len(probes))
	for _, pr := range probes {
		done[pr.Name] = make(chan struct{})
		p.results[pr.Name] = &slot{}
	}
	var wg sync.WaitGroup
	for _, pr := range probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[pr.Name])
			for _, a := range pr.After {
				<-done[a]
			}
			p.results[pr.Name].set = r.runProbe(ctx, pr)
		}()
	}
	wg.Wait()

	set := &evidence.Set{Context: evidence.Context{Live: true, Domain: cfg.Domain, AzureCloud: strings.ToLower(cfg.Azure), Cloud: cfg.Cloud}}
	for _, pr := range probes {
		mergeSet(set, p.results[pr.Name].set)
	}
	targets := p.Targets()
	finishResolvers(set, p.resolvers)
	sortEvidence(set, p.resolvers, targets)
	set.Inputs = inputs(cfg, p.Domain(), targets)
	return set
}

func newPlan(cfg Config, env Env, deadline time.Time) *Plan {
	p := &Plan{Config: cfg, Deadline: deadline, Budget: time.Until(deadline), results: map[string]*slot{}, conns: &connPool{}}
	dnsTimeout := min(2*time.Second, p.Budget/4)
	if len(cfg.DNSServers) == 0 {
		p.resolvers = []resolver{sysResolver{r: env.System}}
	}
	for _, s := range cfg.DNSServers {
		p.resolvers = append(p.resolvers, dnsResolver{addr: s, timeout: dnsTimeout, exchange: env.Exchange})
	}
	p.Given = slices.Clone(cfg.Hosts)
	if c, ok := knowledge.LookupCloud(cfg.Cloud); ok && c.Provider != "azure" {
		// The cloud's KMS (IPv4; the IPv6 address serves IPv6-only subnets).
		for _, h := range c.Hosts {
			p.Given = append(p.Given, Target{Host: h, Port: c.Port})
		}
		if len(c.Hosts) == 0 {
			for _, a := range c.Addrs {
				p.Given = append(p.Given, Target{Host: a, Port: c.Port})
			}
		}
	}
	if cfg.Azure != "" {
		if c, ok := knowledge.Azure(cfg.Azure); ok {
			for _, h := range c.Hosts {
				p.Given = append(p.Given, Target{Host: h, Port: c.Port})
			}
			for _, a := range c.Addrs {
				p.Direct = append(p.Direct, Target{Host: a, Port: c.Port})
			}
		}
	}
	return p
}

// checkRegistry makes sure every name is unique and every probe comes
// after probes listed before it (so there is no cycle to wait on).
func checkRegistry(probes []Probe) error {
	seen := map[string]bool{}
	for _, pr := range probes {
		if pr.Name == "" || seen[pr.Name] {
			return fmt.Errorf("probe: registry: name %q empty or twice", pr.Name)
		}
		for _, a := range pr.After {
			if !seen[a] {
				return fmt.Errorf("probe: registry: %s comes after %q, which is not registered before it", pr.Name, a)
			}
		}
		if pr.Jobs == nil {
			return fmt.Errorf("probe: registry: %s has no Jobs", pr.Name)
		}
		seen[pr.Name] = true
	}
	return nil
}

// mergeSet appends o to s, and takes the domain o found, if any.
func mergeSet(s, o *evidence.Set) {
	if o == nil {
		return
	}
	s.Merge(o)
	if o.Context.Domain != "" {
		s.Context.Domain = o.Context.Domain
	}
}

// runProbe runs the jobs of one probe concurrently and merges their
// evidence in job order, followed by one ProbeRun per job.
func (r *runner) runProbe(ctx context.Context, pr Probe) *evidence.Set {
	jobs := pr.Jobs(r.env, r.plan)
	res := make([]Result, len(jobs))
	runs := make([]evidence.ProbeRun, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i], runs[i] = r.runJob(ctx, pr, j)
		}()
	}
	wg.Wait()
	out := &evidence.Set{}
	for _, x := range res {
		mergeSet(out, x.Set)
	}
	out.Probes = append(out.Probes, runs...)
	return out
}

// runJob runs one job under its own context and records it. A job still
// running grace after its context ended is cut off: its evidence is lost
// (but for what its CutOff leaves) and its ProbeRun says so.
func (r *runner) runJob(ctx context.Context, pr Probe, j Job) (Result, evidence.ProbeRun) {
	jctx, cancel := ctx, context.CancelFunc(func() {})
	if j.Timeout > 0 {
		jctx, cancel = context.WithTimeout(ctx, j.Timeout)
	}
	defer cancel()
	start := time.Now()
	ch := make(chan Result, 1)
	go func() { ch <- j.Run(jctx) }()
	var res Result
	select {
	case res = <-ch:
	case <-jctx.Done():
		t := time.NewTimer(r.grace)
		select {
		case res = <-ch:
		case <-t.C:
			res = Result{Outcome: "error", Err: "cut off: " + jctx.Err().Error()}
			if j.CutOff != nil {
				res.Set = j.CutOff(res.Err)
			}
		}
		t.Stop()
	}
	d := time.Since(start)
	run := evidence.ProbeRun{Probe: pr.Name, Target: cmp.Or(res.Target, j.Target), Start: start.Round(0), Duration: d, Err: res.Err}
	if pr.Progress != "" && res.Outcome != "" && r.plan.Config.Progress != nil {
		r.mu.Lock()
		r.plan.Config.Progress(Step{Probe: pr.Progress, Target: run.Target, Outcome: res.Outcome, Duration: d})
		r.mu.Unlock()
	}
	return res, run
}

// connPool hands the connections the TCP probe opened to the RPC probe;
// whatever is left (or arrives after the run) is closed.
type connPool struct {
	mu     sync.Mutex
	conns  map[string]net.Conn
	closed bool
}

func (c *connPool) put(key string, conn net.Conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.conns[key] != nil {
		conn.Close()
		return
	}
	if c.conns == nil {
		c.conns = map[string]net.Conn{}
	}
	c.conns[key] = conn
}

func (c *connPool) take(key string) net.Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	conn := c.conns[key]
	delete(c.conns, key)
	return conn
}

func (c *connPool) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for _, conn := range c.conns {
		conn.Close()
	}
	c.conns = nil
}
