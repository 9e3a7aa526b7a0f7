package server

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/probe"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Checker runs `check` against one KMS endpoint (host:port) and returns
// its report, within timeout.
type Checker func(ctx context.Context, target string, timeout time.Duration) (*report.Report, error)

// NormalizeTarget reads HOST[:PORT] as `check --host` does and returns
// host:port (port 1688 by default). Errors: EINVALID.
func NormalizeTarget(s string) (string, error) {
	t, err := probe.ParseHost(s)
	if err != nil {
		return "", fleet.Errorf(fleet.EINVALID, "probe target %s", trim(err.Error()))
	}
	return strings.ToLower(net.JoinHostPort(t.Host, strconv.Itoa(t.Port))), nil
}

// CheckTarget is the Checker of the server: the probes of `check` against
// the target in process (internal/probe: DNS of the name, TCP, the RPC
// bind; never an activation request), then the rules (internal/diagnose).
// The report's subject is the target, with role probe.
func CheckTarget(ctx context.Context, target string, timeout time.Duration) (*report.Report, error) {
	t, err := probe.ParseHost(target)
	if err != nil {
		return nil, fleet.Errorf(fleet.EINVALID, "probe target %s", err.Error())
	}
	cfg := probe.Config{Hosts: []probe.Target{t}, Attempts: 3, Timeout: timeout}
	if err := cfg.Validate(); err != nil {
		return nil, fleet.Errorf(fleet.EINVALID, "probe: %v", err)
	}
	start := time.Now()
	set := probe.Run(ctx, cfg)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := report.New(fleet.ProbeCommand, start)
	diagnose.Run(set, r)
	r.Subject.Computer, r.Subject.Role = strings.ToLower(net.JoinHostPort(t.Host, strconv.Itoa(t.Port))), report.RoleProbe
	return r, nil
}

// ProbeSuccess is what probe_success says: the KMS endpoint took the TCP
// connection and the RPC bind, and the verdict found no problem.
func ProbeSuccess(r *report.Report) bool {
	return r.Verdict.Status != report.StatusProblem && r.Verdict.Stages[report.StageTCP] == report.StageOK &&
		r.Verdict.Stages[report.StageRPC] == report.StageOK
}

// probeState is the server's side of the probes: the checker, the limit
// of /probe requests at once, and the metrics of the scheduled probes.
type probeState struct {
	check    Checker
	sem      chan struct{}
	success  *prometheus.GaugeVec
	duration *prometheus.GaugeVec
	runs     *prometheus.CounterVec
	lastRun  *prometheus.GaugeVec
}

// maxProbesAtOnce bounds the /probe requests served at once.
const maxProbesAtOnce = 8

func (s *Server) initProbes() {
	p := &probeState{
		check: CheckTarget,
		sem:   make(chan struct{}, maxProbesAtOnce),
		success: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "kmsdoctor_probe_success",
			Help: "1 when the last scheduled probe of the KMS endpoint succeeded (TCP, RPC bind, no problem found)."}, []string{"target"}),
		duration: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "kmsdoctor_probe_duration_seconds",
			Help: "Duration of the last scheduled probe of the KMS endpoint."}, []string{"target"}),
		lastRun: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "kmsdoctor_probe_last_run_timestamp_seconds",
			Help: "When the last scheduled probe of the KMS endpoint finished (Unix time)."}, []string{"target"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kmsdoctor_probe_runs_total",
			Help: "Scheduled probes run by this server, by result (success, failure, error)."}, []string{"result"}),
	}
	for _, r := range []string{"success", "failure", "error"} {
		p.runs.WithLabelValues(r)
	}
	s.metrics.reg.MustRegister(p.success, p.duration, p.lastRun, p.runs)
	s.probes = p
}

// SetChecker replaces the checker (tests use a loopback stub through the
// real one, or a fake). Call it before serving.
func (s *Server) SetChecker(c Checker) { s.probes.check = c }

// ProbeConfig is the schedule StartProbes sets up.
type ProbeConfig struct {
	// Targets are added to the store's schedule (HOST[:PORT]); targets
	// added with `serve probe add` run too.
	Targets []string
	// Interval of the Targets (fleet.DefaultProbeInterval).
	Interval time.Duration
	// Tick is how often the server looks for due probes (10s).
	Tick time.Duration
	// Timeout of one run (10s).
	Timeout time.Duration
}

// StartProbes adds cfg.Targets to the schedule and starts claiming due
// probes every Tick until Close. On PostgreSQL several servers may run it
// on one database: the claim gives each due probe to one of them.
// Errors: EINVALID (a bad target or interval), EUNAVAILABLE (a store
// without a schedule).
func (s *Server) StartProbes(ctx context.Context, cfg ProbeConfig) error {
	ps, ok := s.store.(fleet.ProbeStore)
	if !ok {
		return fleet.Errorf(fleet.EUNAVAILABLE, "this store keeps no probe schedule")
	}
	if cfg.Interval <= 0 {
		cfg.Interval = fleet.DefaultProbeInterval
	}
	if cfg.Tick <= 0 {
		cfg.Tick = 10 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	for _, t := range cfg.Targets {
		n, err := NormalizeTarget(t)
		if err != nil {
			return err
		}
		if _, err := ps.AddProbe(ctx, n, cfg.Interval, s.now()); err != nil {
			return err
		}
	}
	s.every(cfg.Tick, func(ctx context.Context) { s.runDueProbes(ctx, ps, cfg.Timeout) })
	return nil
}

// runDueProbes claims the due probes, runs them one after the other,
// stores each report (role probe) and records the outcome, then sets the
// probe gauges from the schedule, so that every replica shows the same.
func (s *Server) runDueProbes(ctx context.Context, ps fleet.ProbeStore, timeout time.Duration) {
	for {
		due, err := ps.ClaimProbes(ctx, s.now(), 4)
		if err != nil {
			s.log.Error("probe claim", "err", err.Error())
			break
		}
		for _, p := range due {
			s.runProbe(ctx, ps, p, timeout)
		}
		if len(due) < 4 || ctx.Err() != nil {
			break
		}
	}
	s.probeGauges(ctx, ps)
}

func (s *Server) runProbe(ctx context.Context, ps fleet.ProbeStore, p fleet.Probe, timeout time.Duration) {
	start := time.Now()
	r, err := s.probes.check(ctx, p.Target, timeout)
	took := time.Since(start)
	if err != nil {
		s.probes.runs.WithLabelValues("error").Inc()
		s.log.Error("probe", "target", p.Target, "err", err.Error())
		_ = ps.FinishProbe(ctx, p.ID, s.now(), "", false, took)
		return
	}
	// Straight to the store, not through the writer: a probe may finish
	// while the server shuts down.
	if _, err := s.store.PutReports(ctx, []fleet.Received{{ID: r.ID, ReceivedAt: s.now().UTC(), Report: r}}); err != nil {
		s.probes.runs.WithLabelValues("error").Inc()
		s.log.Error("probe report", "target", p.Target, "err", err.Error())
		return
	}
	ok := ProbeSuccess(r)
	if ok {
		s.probes.runs.WithLabelValues("success").Inc()
	} else {
		s.probes.runs.WithLabelValues("failure").Inc()
	}
	if err := ps.FinishProbe(ctx, p.ID, s.now(), r.ID, ok, took); err != nil {
		s.log.Error("probe finish", "target", p.Target, "err", err.Error())
	}
	s.log.Info("probe", "target", p.Target, "report_id", r.ID, "success", ok, "duration_seconds", took.Seconds())
}

func (s *Server) probeGauges(ctx context.Context, ps fleet.ProbeStore) {
	all, err := ps.Probes(ctx)
	if err != nil {
		s.metrics.gaugeErrors.Inc()
		return
	}
	p := s.probes
	p.success.Reset()
	p.duration.Reset()
	p.lastRun.Reset()
	for _, pr := range all {
		if pr.LastRun.IsZero() {
			continue
		}
		p.success.WithLabelValues(pr.Target).Set(b2f(pr.LastSuccess))
		p.duration.WithLabelValues(pr.Target).Set(pr.LastDuration.Seconds())
		p.lastRun.WithLabelValues(pr.Target).Set(float64(pr.LastRun.Unix()))
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// getProbe is GET /probe?target=HOST[:PORT], in the manner of the
// blackbox exporter: Prometheus drives the probe; the answer is the
// metrics of one run (probe_success, probe_duration_seconds, a series per
// stage and per probe step). The run's timeout follows Prometheus's
// X-Prometheus-Scrape-Timeout-Seconds, less half a second (10s without).
// Nothing is stored.
func (s *Server) getProbe(w http.ResponseWriter, r *http.Request) {
	target, err := NormalizeTarget(r.URL.Query().Get("target"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	timeout := 10 * time.Second
	if v, err := strconv.ParseFloat(r.Header.Get("X-Prometheus-Scrape-Timeout-Seconds"), 64); err == nil && v > 0 {
		timeout = min(max(time.Duration(v*float64(time.Second))-500*time.Millisecond, probe.MinTimeout), time.Minute)
	}
	select {
	case s.probes.sem <- struct{}{}:
		defer func() { <-s.probes.sem }()
	default:
		s.writeError(w, r, fleet.Errorf(fleet.EUNAVAILABLE, "%d probes are running; retry later", maxProbesAtOnce))
		return
	}
	start := time.Now()
	rep, err := s.probes.check(r.Context(), target, timeout)
	took := time.Since(start)
	if err != nil && r.Context().Err() == nil && fleet.ErrorCode(err) == fleet.EINVALID {
		s.writeError(w, r, err)
		return
	}
	reg := prometheus.NewRegistry()
	gauge := func(name, help string, v float64) {
		g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
		g.Set(v)
		reg.MustRegister(g)
	}
	gauge("probe_duration_seconds", "How long the probe took.", took.Seconds())
	if err != nil || rep == nil {
		gauge("probe_success", "1 when the KMS endpoint took the TCP connection and the RPC bind and no problem was found.", 0)
		promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
		return
	}
	gauge("probe_success", "1 when the KMS endpoint took the TCP connection and the RPC bind and no problem was found.", b2f(ProbeSuccess(rep)))
	stage := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "probe_kms_stage",
		Help: "State of each activation stage in the probe's verdict: 1 ok, 0 problem, -1 not observed."}, []string{"stage"})
	for _, st := range report.Stages {
		v := -1.0
		switch rep.Verdict.Stages[st] {
		case report.StageOK:
			v = 1
		case report.StageProblem:
			v = 0
		}
		stage.WithLabelValues(string(st)).Set(v)
	}
	steps := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "probe_kms_step_duration_seconds",
		Help: "Duration of each step of the probe (dns, tcp, rpc, ...)."}, []string{"probe"})
	failed := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "probe_kms_step_failed",
		Help: "1 when a step of the probe ended in an error."}, []string{"probe"})
	for _, pr := range rep.Probes {
		steps.WithLabelValues(pr.Probe).Add(pr.DurationMS / 1000)
		if pr.Error != "" {
			failed.WithLabelValues(pr.Probe).Set(1)
		} else {
			failed.WithLabelValues(pr.Probe).Add(0)
		}
	}
	problem := 0.0
	if rep.Verdict.Status == report.StatusProblem {
		problem = 1
	}
	gauge("probe_kms_problem", "1 when the diagnosis of the probe found a problem.", problem)
	reg.MustRegister(stage, steps, failed)
	if rep.Verdict.Primary != "" {
		info := prometheus.NewGauge(prometheus.GaugeOpts{Name: "probe_kms_primary_finding_info", Help: "The primary finding of the probe's verdict.",
			ConstLabels: prometheus.Labels{"finding": rep.Verdict.Primary}})
		info.Set(1)
		reg.MustRegister(info)
	}
	w.Header().Set("X-Probe-Target", target)
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}
