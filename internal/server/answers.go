package server

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// The fleet answers added with the probes (issue 16, item 4): KMS host
// counts from the hosts' own reports, the machines that stopped renewing,
// and one stored report.

// answerGauges are the series of these answers, computed on the gauge
// timer like the others.
type answerGauges struct {
	hostCount *prometheus.GaugeVec
	stopped   prometheus.Gauge
}

func (s *Server) initAnswers() {
	g := &answerGauges{
		hostCount: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "kmsdoctor_kms_host_count",
			Help: "A KMS host's count over 30 days: the larger of its own (12290 events) and its distinct reporting machines."}, []string{"host"}),
		stopped: prometheus.NewGauge(prometheus.GaugeOpts{Name: "kmsdoctor_machines_stopped_renewing",
			Help: "Machines whose last successful KMS activation or renewal is older than their renewal interval and 48h."}),
	}
	s.metrics.reg.MustRegister(g.hostCount, g.stopped)
	s.answers = g
	s.every(s.cfg.GaugeInterval, s.answerGaugesUpdate)
}

func (s *Server) answerGaugesUpdate(ctx context.Context) {
	now := s.now()
	hosts, err := s.fleetKMSHosts(ctx, now.Add(-kmsWindow))
	if err == nil {
		hosts, err = s.withHostCounts(ctx, hosts, now.Add(-kmsWindow))
	}
	if err != nil {
		s.metrics.gaugeErrors.Inc()
		return
	}
	s.answers.hostCount.Reset()
	for _, h := range hosts {
		n := h.Clients + h.Servers
		if h.HostCount != nil {
			n = max(n, *h.HostCount)
		}
		s.answers.hostCount.WithLabelValues(h.Host).Set(float64(n))
	}
	if as, ok := s.store.(fleet.AnswerStore); ok {
		if _, total, err := as.StoppedRenewing(ctx, now, fleet.DefaultRenewalMargin, 0, 1); err == nil {
			s.answers.stopped.Set(float64(total))
		} else {
			s.metrics.gaugeErrors.Inc()
		}
	}
}

// withHostCounts adds to the hosts the clients name the counts the hosts
// reported themselves: matched by the host's full name or its computer
// name; a host no client names is listed with its own count.
func (s *Server) withHostCounts(ctx context.Context, hosts []fleet.KMSHost, since time.Time) ([]fleet.KMSHost, error) {
	counts, err := s.fleetHostCounts(ctx, since) // counted.go
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		i := slices.IndexFunc(hosts, func(h fleet.KMSHost) bool { return h.Host == c.Host })
		if i < 0 && c.Computer != "" {
			i = slices.IndexFunc(hosts, func(h fleet.KMSHost) bool { return h.Host == c.Computer })
		}
		if i < 0 {
			hosts = append(hosts, fleet.NewKMSHost(c.Host, 0, 0))
			i = len(hosts) - 1
		}
		hosts[i] = hosts[i].WithHostCount(c)
	}
	slices.SortFunc(hosts, func(a, b fleet.KMSHost) int { return strings.Compare(a.Host, b.Host) })
	return hosts, nil
}

// stoppedPage is the answer of GET /api/v1/stopped-renewing.
type stoppedPage struct {
	MarginHours float64                 `json:"margin_hours"`
	Total       int                     `json:"total"`
	Machines    []fleet.StoppedRenewing `json:"machines"`
	NextCursor  string                  `json:"next_cursor,omitempty"`
}

// getStoppedRenewing is GET /api/v1/stopped-renewing?margin=&limit=&cursor=:
// the machines whose last successful activation or renewal (from their
// events) is older than their renewal interval plus the margin (48h).
func (s *Server) getStoppedRenewing(w http.ResponseWriter, r *http.Request) {
	as, ok := s.store.(fleet.AnswerStore)
	if !ok {
		s.writeError(w, r, fleet.Errorf(fleet.EUNAVAILABLE, "this store does not answer that"))
		return
	}
	q := r.URL.Query()
	margin, limit, after := fleet.DefaultRenewalMargin, 100, int64(0)
	var err error
	if v := q.Get("margin"); v != "" {
		if margin, err = parseSpan(v); err != nil {
			s.writeError(w, r, fleet.Errorf(fleet.EINVALID, "margin %q: use days (2d) or a duration (48h)", trim(v)))
			return
		}
	}
	if v := q.Get("limit"); v != "" {
		if err := json.Unmarshal([]byte(v), &limit); err != nil || limit < 1 || limit > fleet.MaxBatch {
			s.writeError(w, r, fleet.Errorf(fleet.EINVALID, "limit %q: use 1 to %d", trim(v), fleet.MaxBatch))
			return
		}
	}
	if v := q.Get("cursor"); v != "" {
		if after, err = decodeCursor(v); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	ms, total, err := as.StoppedRenewing(r.Context(), s.now(), margin, after, limit+1)
	if err != nil && limit == fleet.MaxBatch {
		ms, total, err = as.StoppedRenewing(r.Context(), s.now(), margin, after, limit)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := stoppedPage{MarginHours: margin.Hours(), Total: total, Machines: ms}
	if len(ms) > limit {
		p.Machines = ms[:limit]
		p.NextCursor = encodeCursor(ms[limit-1].MachineID)
	}
	writeJSON(w, http.StatusOK, p)
}

// getReport is GET /api/v1/reports/{id}: a stored report as the agent
// sent it, with when it was received. A report whose content equalled its
// machine's latest was stored as an id only: the answer is then the
// report it matched, whose id same_content_as names.
func (s *Server) getReport(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rec, err := s.store.Report(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := map[string]any{"id": id, "received_at": rec.ReceivedAt, "report": json.RawMessage(rec.Body)}
	if rec.Report != nil && rec.Report.ID != id {
		out["same_content_as"] = rec.Report.ID
	}
	if !json.Valid(rec.Body) {
		out["report"] = rec.Report
	}
	writeJSON(w, http.StatusOK, out)
}
