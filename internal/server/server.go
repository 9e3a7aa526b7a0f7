// Package server is the fleet server's HTTP side: the ingest API agents
// post reports to, the read API, Prometheus metrics, health endpoints and
// graceful shutdown, on the standard library's mux. It reads and writes
// only through fleet.Store (cmd wires the store in), and may import
// internal/render for the dashboard (a later issue).
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// Config is the server's settings; zero fields take the defaults.
type Config struct {
	// MaxBody bounds a POST body, compressed and decompressed (32 MiB).
	MaxBody int64
	// Writers is the number of writer goroutines (1; SQLite has one
	// writer, PostgreSQL can take a few).
	Writers int
	// MaxGroup is the most reports one transaction takes (1000).
	MaxGroup int
	// GaugeInterval is how often the fleet gauges are computed (30s).
	GaugeInterval time.Duration
	// Retention is how long history is kept (fleet.DefaultRetention);
	// pruned every PruneInterval (1h).
	Retention     time.Duration
	PruneInterval time.Duration
	// DrainDelay is how long /readyz answers 503 before the listener
	// closes on shutdown, so a load balancer stops sending (0).
	DrainDelay time.Duration
	// ShutdownTimeout bounds the wait for requests in flight (30s).
	ShutdownTimeout time.Duration
	Logger          *slog.Logger
	Now             func() time.Time
}

// Server is the fleet server.
type Server struct {
	cfg     Config
	store   fleet.Store
	log     *slog.Logger
	now     func() time.Time
	w       *writer
	metrics *metrics
	probes  *probeState   // probe.go
	answers *answerGauges // answers.go
	cache   answerCache   // cache.go
	mux     *http.ServeMux
	ready   atomic.Bool
	stop    chan struct{}
	bg      sync.WaitGroup
	closed  sync.Once

	authMu    sync.Mutex
	authCache map[string]authEntry
}

// New returns a server on st and starts its background work (the writer,
// the fleet gauges, retention); Close stops it.
func New(cfg Config, st fleet.Store) *Server {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 32 << 20
	}
	if cfg.MaxGroup <= 0 {
		cfg.MaxGroup = fleet.MaxBatch
	}
	if cfg.GaugeInterval <= 0 {
		cfg.GaugeInterval = 30 * time.Second
	}
	if cfg.Retention <= 0 {
		cfg.Retention = fleet.DefaultRetention
	}
	if cfg.PruneInterval <= 0 {
		cfg.PruneInterval = time.Hour
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, store: st, log: cfg.Logger, now: cfg.Now, stop: make(chan struct{}), authCache: map[string]authEntry{}}
	s.metrics = newMetrics()
	s.w = newWriter(st, cfg.Writers, cfg.MaxGroup, s.metrics.observeGroup)
	s.routes()
	s.ready.Store(true)
	s.every(cfg.GaugeInterval, s.updateGauges)
	s.every(cfg.PruneInterval, s.prune)
	return s
}

// Handler is the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.logRequests(s.mux) }

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("POST /api/v1/reports", s.postReports)
	m.HandleFunc("GET /api/v1/summary", s.reader(s.getSummary))
	m.HandleFunc("GET /api/v1/machines", s.reader(s.getMachines))
	m.HandleFunc("GET /api/v1/machines/{id}", s.reader(s.getMachine))
	m.HandleFunc("GET /api/v1/kms-hosts", s.reader(s.getKMSHosts))
	s.moreRoutes(m) // routes_more.go
	m.Handle("GET /metrics", s.metrics.handler())
	m.HandleFunc("GET /livez", s.livez)
	m.HandleFunc("GET /healthz", s.livez)
	m.HandleFunc("GET /readyz", s.readyz)
	// TODO(issue 16, dashboard): GET /login, POST /login, the pages and
	// `serve user create`; they are a separate issue.
	s.dashboardRoutes(m) // the dashboard (dashboard.go)
	s.mux = m
}

// every runs fn now and then every d until Close.
func (s *Server) every(d time.Duration, fn func(context.Context)) {
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			ctx, cancel := context.WithTimeout(context.Background(), max(d, time.Minute))
			fn(ctx)
			cancel()
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
}

func (s *Server) prune(ctx context.Context) {
	n, err := s.store.Prune(ctx, s.now().Add(-s.cfg.Retention))
	if err != nil {
		s.log.Error("retention", "err", err.Error())
	} else if n > 0 {
		s.log.Info("retention", "reports_deleted", n)
	}
}

// Close stops the background work after the writer stored what was
// queued. The HTTP server must be shut down first.
func (s *Server) Close() {
	s.closed.Do(func() {
		s.ready.Store(false)
		s.w.close()
		close(s.stop)
		s.bg.Wait()
	})
}

// Serve serves on ln until ctx ends, then shuts down gracefully: /readyz
// turns 503, after DrainDelay the listener closes, requests in flight
// finish (their reports committed), and the writer drains. With cert and
// key it serves TLS.
func (s *Server) Serve(ctx context.Context, ln net.Listener, cert, key string) error {
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	if cert != "" {
		hs.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	errc := make(chan error, 1)
	go func() {
		if cert != "" {
			errc <- hs.ServeTLS(ln, cert, key)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	s.log.Info("serving", "addr", ln.Addr().String(), "tls", cert != "")
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		s.log.Info("shutting down", "drain_seconds", s.cfg.DrainDelay.Seconds())
		s.ready.Store(false)
		time.Sleep(s.cfg.DrainDelay)
		sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
		err = hs.Shutdown(sctx)
		cancel()
	}
	s.Close()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	s.log.Info("stopped")
	return err
}

func (s *Server) livez(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "alive"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if err := s.checkReady(r.Context()); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready", "reason": fleet.ErrorMessage(err)})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) checkReady(ctx context.Context) error {
	if !s.ready.Load() {
		return fleet.Errorf(fleet.EUNAVAILABLE, "shutting down")
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		if fleet.ErrorCode(err) != fleet.EUNAVAILABLE {
			err = fleet.Errorf(fleet.EUNAVAILABLE, "database not reachable")
		}
		return err
	}
	return nil
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

type ctxKey struct{}

// logRequests logs each request as one JSON line (log/slog).
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			id = newRequestID()
		}
		sw.Header().Set("X-Request-Id", id)
		var info reqInfo
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), ctxKey{}, &info)))
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("request_id", id), slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", sw.status), slog.Float64("duration_seconds", time.Since(start).Seconds()),
			slog.Int64("agent_id", info.agentID), slog.Int("reports", info.reports))
	})
}

// reqInfo is what a handler tells the request log.
type reqInfo struct {
	agentID int64
	reports int
}

func info(r *http.Request) *reqInfo {
	if i, ok := r.Context().Value(ctxKey{}).(*reqInfo); ok {
		return i
	}
	return &reqInfo{}
}
