package server

import (
	"context"
	"net/http"
	"runtime"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// metrics are the server's Prometheus series, on a registry of its own.
// The fleet gauges are computed on a timer from Store.Summary, not per
// scrape, so that replicas on one database agree and a scrape costs
// nothing.
type metrics struct {
	reg           *prometheus.Registry
	received      *prometheus.CounterVec
	ingestSeconds prometheus.Histogram
	groupReports  prometheus.Histogram
	machines      *prometheus.GaugeVec
	expiring      *prometheus.GaugeVec
	failures      *prometheus.GaugeVec
	kmsClients    *prometheus.GaugeVec
	duplicates    prometheus.Gauge
	gaugeErrors   prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		received: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kmsdoctor_reports_received_total",
			Help: "Reports received, by result (accepted, duplicate, rejected)."}, []string{"result"}),
		ingestSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "kmsdoctor_ingest_duration_seconds",
			Help: "Time from request to acknowledgement of POST /api/v1/reports.", Buckets: prometheus.ExponentialBuckets(0.001, 2, 14)}),
		groupReports: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "kmsdoctor_ingest_transaction_reports",
			Help: "Reports stored per write transaction.", Buckets: prometheus.ExponentialBuckets(1, 4, 6)}),
		machines: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "kmsdoctor_machines",
			Help: "Machines by license state of their latest report."}, []string{"license_status"}),
		expiring: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "kmsdoctor_machines_expiring",
			Help: "Machines whose grace or activation ends within the window."}, []string{"within"}),
		failures: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "kmsdoctor_activation_failures",
			Help: "Machines with a problem verdict, by error code."}, []string{"code"}),
		kmsClients: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "kmsdoctor_kms_host_clients",
			Help: "Distinct machines naming the KMS host over 30 days."}, []string{"host"}),
		duplicates: prometheus.NewGauge(prometheus.GaugeOpts{Name: "kmsdoctor_duplicate_cmids",
			Help: "CMIDs shared by several machines over 30 days."}),
		gaugeErrors: prometheus.NewCounter(prometheus.CounterOpts{Name: "kmsdoctor_fleet_gauge_errors_total",
			Help: "Failed computations of the fleet gauges."}),
	}
	info := prometheus.NewGauge(prometheus.GaugeOpts{Name: "kmsdoctor_build_info", Help: "The build.",
		ConstLabels: prometheus.Labels{"version": report.Version, "goversion": runtime.Version()}})
	info.Set(1)
	m.reg.MustRegister(m.received, m.ingestSeconds, m.groupReports, m.machines, m.expiring, m.failures, m.kmsClients, m.duplicates,
		m.gaugeErrors, info, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, r := range []string{"accepted", "duplicate", "rejected"} {
		m.received.WithLabelValues(r)
	}
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func (m *metrics) observeGroup(reports, _ int) { m.groupReports.Observe(float64(reports)) }

// updateGauges computes the fleet gauges from the store.
func (s *Server) updateGauges(ctx context.Context) {
	now := s.now()
	sum, err := s.fleetSummary(ctx, now)
	if err != nil {
		s.metrics.gaugeErrors.Inc()
		s.log.Error("fleet gauges", "err", err.Error())
		return
	}
	hosts, err := s.fleetKMSHosts(ctx, now.Add(-kmsWindow))
	if err != nil {
		s.metrics.gaugeErrors.Inc()
		return
	}
	dups, err := s.fleetDuplicateCMIDs(ctx, now.Add(-kmsWindow))
	if err != nil {
		s.metrics.gaugeErrors.Inc()
		return
	}
	m := s.metrics
	m.machines.Reset()
	for k, v := range sum.ByStatus {
		m.machines.WithLabelValues(k).Set(float64(v))
	}
	for _, w := range fleet.ExpiringWindows {
		m.expiring.WithLabelValues(w.Key).Set(float64(sum.Expiring[w.Key]))
	}
	m.failures.Reset()
	for k, v := range sum.FailuresByCode {
		m.failures.WithLabelValues(k).Set(float64(v))
	}
	m.kmsClients.Reset()
	for _, h := range hosts {
		m.kmsClients.WithLabelValues(h.Host).Set(float64(h.Clients + h.Servers))
	}
	m.duplicates.Set(float64(len(dups)))
}
