package server

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// The trend charts: the daily rollups of the store (fleet.RollupStore,
// kept by the rollup timer here), drawn by the vendored uPlot
// (web/static/vendor/uplot) from a JSON block of the page, with the same
// numbers as a table for readers without script, and served as JSON by
// GET /api/v1/trends and GET /api/v1/kms-hosts/trends.

// trendSpan is the days the charts show; maxTrendDays bounds ?days=.
const (
	trendSpan    = 90
	maxTrendDays = 400
)

// rollupInterval is how often today's rollup rows are counted again.
var rollupInterval = time.Minute

// rollupStore is the store's fleet.RollupStore, nil when it has none.
func (s *Server) rollupStore() fleet.RollupStore {
	rs, _ := s.store.(fleet.RollupStore)
	return rs
}

// refreshRollups counts today's rollup rows (and, the first time, fills
// the earlier days from the history, which may take minutes on a large
// store: 6-7 minutes for 5,000,000 reports on two shared cores with the
// SQLite file in the OS cache, half an hour from a cold one; it has no time
// limit, runs in the background of the serving server, which is ready
// meanwhile, and stops with the server).
func (d *dashboard) refreshRollups(context.Context) {
	rs := d.s.rollupStore()
	if rs == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-d.s.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	if err := rs.RefreshRollups(ctx, d.s.now(), trendSpan); err != nil && ctx.Err() == nil {
		d.s.log.Error("rollups", "err", err.Error())
	}
}

// trend is the rollups of the days up to today: per series and key one
// value a day (nil: not counted that day).
type trend struct {
	Days   []time.Time // 00:00 UTC of each day, oldest first
	At     []time.Time // when each day was counted (zero: never)
	Series map[string]map[string][]*int
}

func (s *Server) trend(ctx context.Context, days int) (trend, error) {
	today := s.now().UTC().Truncate(24 * time.Hour)
	from := today.AddDate(0, 0, -(days - 1))
	t := trend{Series: map[string]map[string][]*int{}}
	for i := range days {
		t.Days = append(t.Days, from.AddDate(0, 0, i))
	}
	t.At = make([]time.Time, days)
	rs := s.rollupStore()
	if rs == nil {
		return t, nil
	}
	ps, err := rs.Rollups(ctx, from)
	if err != nil {
		return t, err
	}
	for _, p := range ps {
		i := int(p.Day.Sub(from) / (24 * time.Hour))
		if i < 0 || i >= days {
			continue
		}
		if t.Series[p.Series] == nil {
			t.Series[p.Series] = map[string][]*int{}
		}
		vs := t.Series[p.Series][p.Key]
		if vs == nil {
			vs = make([]*int, days)
			t.Series[p.Series][p.Key] = vs
		}
		n := p.N
		vs[i] = &n
		if p.CountedAt.After(t.At[i]) {
			t.At[i] = p.CountedAt
		}
	}
	return t, nil
}

// values is a series' values, nil for days not counted (none when the
// series has no key k).
func (t trend) values(series, key string) []*int {
	if vs := t.Series[series][key]; vs != nil {
		return vs
	}
	return make([]*int, len(t.Days))
}

// x is each day's time on the chart: when it was counted, else its end.
func (t trend) x() []int64 {
	out := make([]int64, len(t.Days))
	for i, d := range t.Days {
		out[i] = d.Add(24*time.Hour - time.Second).Unix()
		if !t.At[i].IsZero() {
			out[i] = t.At[i].Unix()
		}
	}
	return out
}

// hostCounts is a KMS host's count a day: the larger of its own count and
// its distinct machines, as the thresholds hold (fleet.KMSHost.Count).
func (t trend) hostCounts(host string) []*int {
	c, sv, own := t.values(fleet.SeriesKMSClients, host), t.values(fleet.SeriesKMSServers, host), t.values(fleet.SeriesKMSHostCount, host)
	out := make([]*int, len(t.Days))
	for i := range out {
		if c[i] == nil && sv[i] == nil && own[i] == nil {
			continue
		}
		n := 0
		for _, v := range []*int{c[i], sv[i]} {
			if v != nil {
				n += *v
			}
		}
		if own[i] != nil {
			n = max(n, *own[i])
		}
		out[i] = &n
	}
	return out
}

// hosts are the KMS hosts of the trend, sorted.
func (t trend) hosts() []string {
	seen := map[string]bool{}
	for _, s := range []string{fleet.SeriesKMSClients, fleet.SeriesKMSServers, fleet.SeriesKMSHostCount} {
		for k := range t.Series[s] {
			seen[k] = true
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// chart is what a page's chart gets: its JSON block for the script and
// its table.
type chart struct {
	ID     string        `json:"id"`
	Title  string        `json:"title"`
	Y      string        `json:"y"`
	XLabel string        `json:"x_label"`
	X      []int64       `json:"x"` // Unix seconds
	Series []chartSeries `json:"series"`
	// Cols and Rows are the table (without the thresholds), newest day
	// first; a day not counted has no row.
	Cols []string   `json:"-"`
	Rows []chartRow `json:"-"`
}

type chartSeries struct {
	Label  string `json:"label"`
	Key    string `json:"key"` // picks the colour
	Values []*int `json:"values"`
	Dash   bool   `json:"dash,omitempty"` // a threshold
}

type chartRow struct {
	At     time.Time
	Values []*int
}

func newChart(p *page, id, title string, t trend, series []chartSeries) chart {
	c := chart{ID: id, Title: title, Y: p.T("web.chart.machines"), XLabel: p.T("web.chart.counted_at"), X: t.x(), Series: series}
	for _, s := range series {
		if !s.Dash {
			c.Cols = append(c.Cols, s.Label)
		}
	}
	for i := len(t.Days) - 1; i >= 0; i-- {
		r := chartRow{At: time.Unix(c.X[i], 0).UTC()}
		counted := false
		for _, s := range series {
			if !s.Dash {
				r.Values = append(r.Values, s.Values[i])
				counted = counted || s.Values[i] != nil
			}
		}
		if counted {
			c.Rows = append(c.Rows, r)
		}
	}
	return c
}

// overviewCharts are the overview's charts: license states and failures.
func overviewCharts(p *page, t trend) []chart {
	var states []chartSeries
	for _, st := range fleet.LicenseStates {
		vs := t.values(fleet.SeriesLicense, st)
		if slices.ContainsFunc(vs, func(v *int) bool { return v != nil && *v > 0 }) {
			states = append(states, chartSeries{Label: p.State(st), Key: st, Values: vs})
		}
	}
	failures := []chartSeries{
		{Label: p.T("web.chart.problem_machines"), Key: "problem", Values: t.values(fleet.SeriesVerdict, report.StatusProblem)},
		{Label: p.T("web.chart.unknown_machines"), Key: "unknown", Values: t.values(fleet.SeriesVerdict, report.StatusUnknown)},
		{Label: p.T("web.chart.problem_reports"), Key: "problem_reports", Values: t.values(fleet.SeriesProblemReports, "")},
	}
	return []chart{
		newChart(p, "states", p.T("web.chart.states", "days", len(t.Days)), t, states),
		newChart(p, "failures", p.T("web.chart.failures", "days", len(t.Days)), t, failures),
	}
}

// kmsChart is the KMS hosts page's chart: each host's count over 30 days,
// evaluated each day, against the thresholds.
func kmsChart(p *page, t trend) chart {
	var series []chartSeries
	for _, h := range t.hosts() {
		series = append(series, chartSeries{Label: h, Key: "host", Values: t.hostCounts(h)})
	}
	for _, th := range []struct {
		key string
		n   int
	}{{"threshold_clients", fleet.ClientThreshold}, {"threshold_servers", fleet.ServerThreshold}} {
		vs := make([]*int, len(t.Days))
		for i := range vs {
			n := th.n
			vs[i] = &n
		}
		series = append(series, chartSeries{Label: p.T("web.chart."+th.key, "n", th.n), Key: th.key, Values: vs, Dash: true})
	}
	return newChart(p, "kms", p.T("web.chart.kms", "days", len(t.Days)), t, series)
}

// trendDaysOf reads ?days= (1 to maxTrendDays, trendSpan by default).
func trendDaysOf(r *http.Request) (int, error) {
	v := r.URL.Query().Get("days")
	if v == "" {
		return trendSpan, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxTrendDays {
		return 0, fleet.Errorf(fleet.EINVALID, "days %q: use 1 to %d", trim(v), maxTrendDays)
	}
	return n, nil
}

// trendHead is what both trend answers start with.
type trendHead struct {
	Days      int       `json:"days"`
	Dates     []string  `json:"dates"`      // the UTC days, oldest first
	CountedAt []*string `json:"counted_at"` // RFC 3339, null: not counted
}

func headOf(t trend) trendHead {
	h := trendHead{Days: len(t.Days)}
	for i, d := range t.Days {
		h.Dates = append(h.Dates, d.Format("2006-01-02"))
		var at *string
		if !t.At[i].IsZero() {
			s := t.At[i].UTC().Format(time.RFC3339)
			at = &s
		}
		h.CountedAt = append(h.CountedAt, at)
	}
	return h
}

// getTrends is GET /api/v1/trends?days=: the fleet per day.
func (s *Server) getTrends(w http.ResponseWriter, r *http.Request) {
	days, err := trendDaysOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	t, err := s.trend(r.Context(), days)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	license, verdict := map[string][]*int{}, map[string][]*int{}
	for _, st := range fleet.LicenseStates {
		license[st] = t.values(fleet.SeriesLicense, st)
	}
	for _, v := range []string{report.StatusOK, report.StatusProblem, report.StatusUnknown} {
		verdict[v] = t.values(fleet.SeriesVerdict, v)
	}
	writeJSON(w, http.StatusOK, struct {
		trendHead
		ByStatus       map[string][]*int `json:"by_status"`
		ByVerdict      map[string][]*int `json:"by_verdict"`
		Reports        []*int            `json:"reports"`
		ProblemReports []*int            `json:"problem_reports"`
	}{headOf(t), license, verdict, t.values(fleet.SeriesReports, ""), t.values(fleet.SeriesProblemReports, "")})
}

// hostTrend is one KMS host of GET /api/v1/kms-hosts/trends.
type hostTrend struct {
	Host      string `json:"host"`
	Clients   []*int `json:"clients"`
	Servers   []*int `json:"servers"`
	HostCount []*int `json:"host_count"`
	Count     []*int `json:"count"`
}

// getKMSTrends is GET /api/v1/kms-hosts/trends?days=: each KMS host's
// distinct machines over the 30 days up to each day.
func (s *Server) getKMSTrends(w http.ResponseWriter, r *http.Request) {
	days, err := trendDaysOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	t, err := s.trend(r.Context(), days)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	hosts := []hostTrend{}
	for _, h := range t.hosts() {
		hosts = append(hosts, hostTrend{Host: h, Clients: t.values(fleet.SeriesKMSClients, h), Servers: t.values(fleet.SeriesKMSServers, h),
			HostCount: t.values(fleet.SeriesKMSHostCount, h), Count: t.hostCounts(h)})
	}
	writeJSON(w, http.StatusOK, struct {
		trendHead
		WindowDays      int         `json:"window_days"`
		ClientThreshold int         `json:"client_threshold"`
		ServerThreshold int         `json:"server_threshold"`
		Hosts           []hostTrend `json:"kms_hosts"`
	}{headOf(t), 30, fleet.ClientThreshold, fleet.ServerThreshold, hosts})
}
