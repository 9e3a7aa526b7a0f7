package server

import (
	"cmp"
	"context"
	"encoding/csv"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// The fleet pages: overview, machines (and their CSV), a machine, the KMS
// hosts. Each reads through the store only.

// count is one labelled number of the overview.
type count struct {
	Key   string
	N     int
	Share float64 // of the largest in its list, for the bar
}

func counts(m map[string]int, order []string) []count {
	var out []count
	for _, k := range order {
		out = append(out, count{Key: k, N: m[k]})
	}
	if order == nil {
		for k, n := range m {
			out = append(out, count{Key: k, N: n})
		}
		slices.SortFunc(out, func(a, b count) int { return cmp.Or(b.N-a.N, strings.Compare(a.Key, b.Key)) })
		if len(out) > 15 {
			out = out[:15]
		}
	}
	top := 0
	for _, c := range out {
		top = max(top, c.N)
	}
	for i := range out {
		if top > 0 {
			out[i].Share = float64(out[i].N) / float64(top)
		}
	}
	return out
}

type overviewData struct {
	Sum       fleet.Summary
	States    []count
	Verdicts  []count
	Expiring  []count
	Primaries []count
	Codes     []count
	Charts    []chart
	CountedAt time.Time
	trend     trend
}

func (d *dashboard) overview(w http.ResponseWriter, r *http.Request, p *page) {
	v, at, err := d.overviewCache.get(func() (any, error) { return d.countOverview(r.Context()) })
	if err != nil {
		d.fail(w, r, p, err)
		return
	}
	data := v.(overviewData)
	data.Charts = overviewCharts(p, data.trend) // dashboard_charts.go
	data.CountedAt = at
	p.Data = data
	d.render(w, r, "overview", p)
}

// countOverview counts the overview: from the counts the writer keeps
// when the store has them (fleet.RollupStore), else by counting.
func (d *dashboard) countOverview(ctx context.Context) (overviewData, error) {
	now := d.s.now()
	var (
		sum fleet.Summary
		err error
	)
	sum, err = d.s.fleetSummary(ctx, now) // counted.go
	if err != nil {
		return overviewData{}, err
	}
	t, err := d.s.trend(ctx, trendSpan)
	if err != nil {
		return overviewData{}, err
	}
	return overviewData{Sum: sum, trend: t,
		States:    counts(sum.ByStatus, fleet.LicenseStates),
		Verdicts:  counts(sum.ByVerdict, []string{report.StatusProblem, report.StatusUnknown, report.StatusOK}),
		Expiring:  counts(sum.Expiring, []string{"7d", "14d", "30d"}),
		Primaries: counts(sum.FailuresByPrimary, nil),
		Codes:     counts(sum.FailuresByCode, nil),
	}, nil
}

// filterOf reads the machines page's query.
func (d *dashboard) filterOf(r *http.Request) (fleet.DashFilter, error) {
	q := r.URL.Query()
	f := fleet.DashFilter{MachineFilter: fleet.MachineFilter{Status: q.Get("status"), Verdict: q.Get("verdict"),
		Primary: q.Get("primary"), Q: strings.TrimSpace(q.Get("q")), Now: d.s.now(), Limit: 100},
		Code: strings.TrimSpace(q.Get("code")), Domain: strings.TrimSpace(q.Get("domain")), Cloud: q.Get("cloud"),
		KMSHost: strings.TrimSpace(q.Get("kms"))}
	var err error
	if v := q.Get("expiring"); v != "" {
		if f.ExpiringWithin, err = parseSpan(v); err != nil {
			return f, err
		}
	}
	if v := q.Get("cursor"); v != "" {
		if f.After, err = decodeCursor(v); err != nil {
			return f, err
		}
	}
	return f, nil
}

// filterKeys are the query keys of the filter, in the form's order.
var filterKeys = []string{"q", "status", "verdict", "primary", "code", "domain", "cloud", "kms", "expiring"}

type machinesData struct {
	Machines []fleet.Machine
	Form     map[string]string
	Next     string // the next page's URL
	CSV      string
	States   []string
	Clouds   []string
	Filtered bool
}

func (d *dashboard) machines(w http.ResponseWriter, r *http.Request, p *page) {
	f, err := d.filterOf(r)
	if err != nil {
		d.fail(w, r, p, err)
		return
	}
	ms, next, err := d.s.dashStore().FilterMachines(r.Context(), f)
	if err != nil {
		d.fail(w, r, p, err)
		return
	}
	data := machinesData{Machines: ms, Form: map[string]string{}, States: fleet.LicenseStates,
		Clouds: []string{"azure", "aws", "gcp", "oci"}}
	var kv []string
	for _, k := range filterKeys {
		v := r.URL.Query().Get(k)
		data.Form[k] = v
		kv = append(kv, k, v)
		data.Filtered = data.Filtered || v != ""
	}
	data.CSV = p.Query("/machines.csv", kv...)
	if next != 0 {
		data.Next = p.Query("/machines", append(kv, "cursor", encodeCursor(next))...)
	}
	p.Data = data
	d.render(w, r, "machines", p)
}

// csvCell keeps a spreadsheet from reading a value as a formula.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// machinesCSV streams every machine of the filter, page by page.
func (d *dashboard) machinesCSV(w http.ResponseWriter, r *http.Request, p *page) {
	f, err := d.filterOf(r)
	if err != nil {
		d.fail(w, r, p, err)
		return
	}
	f.Limit, f.After = fleet.MaxBatch, 0
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="kmsdoctor-machines.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"id", "computer", "domain", "cmid", "os", "license_status", "channel", "expires_at", "kms_host",
		"status", "primary", "codes", "last_seen", "report_id"})
	rfc := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	for {
		ms, next, err := d.s.dashStore().FilterMachines(r.Context(), f)
		if err != nil {
			d.s.log.ErrorContext(r.Context(), "csv", "err", err.Error())
			break
		}
		for _, m := range ms {
			_ = cw.Write([]string{strconv.FormatInt(m.ID, 10), csvCell(m.Computer), csvCell(m.Domain), csvCell(m.CMID), csvCell(m.OS),
				m.LicenseStatus, csvCell(m.Channel), rfc(m.ExpiresAt), csvCell(m.KMSHost), m.Status, csvCell(m.Primary),
				csvCell(strings.Join(m.Codes, " ")), rfc(m.LastSeen), csvCell(m.ReportID)})
		}
		if next == 0 || r.Context().Err() != nil {
			break
		}
		f.After = next
	}
	cw.Flush()
}

type machineData struct {
	M       *fleet.Machine
	History []fleet.ReportRef
	Shown   string // the id of the report shown
	Report  template.HTML
	Cloud   string
}

func (d *dashboard) machine(w http.ResponseWriter, r *http.Request, p *page) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		d.fail(w, r, p, fleet.Errorf(fleet.ENOTFOUND, "no machine"))
		return
	}
	m, refs, err := d.s.store.Machine(r.Context(), id)
	if err != nil {
		d.fail(w, r, p, err)
		return
	}
	data := machineData{M: m, History: refs, Shown: m.ReportID}
	if v := r.URL.Query().Get("report"); v != "" && slices.ContainsFunc(refs, func(x fleet.ReportRef) bool { return x.ID == v }) {
		data.Shown = v
	}
	if rec, err := d.s.store.Report(r.Context(), data.Shown); err == nil {
		var b strings.Builder
		data.Cloud = rec.Report.Subject.Cloud
		if err := render.HTML(&b, rec.Report, p.L); err == nil {
			data.Report = template.HTML(b.String()) // html/template escaped every value of the fragment
		}
	} else if fleet.ErrorCode(err) != fleet.ENOTFOUND {
		d.fail(w, r, p, err)
		return
	}
	p.Title = p.T("web.title.machine_of", "name", cmp.Or(m.Computer, m.Key))
	p.Data = data
	d.render(w, r, "machine", p)
}

type kmsData struct {
	Hosts     []fleet.KMSHost
	Dups      []fleet.CMIDGroup
	Stopped   []fleet.HostStopped
	Margin    int // hours
	Chart     chart
	CountedAt time.Time
	trend     trend
}

// stoppedPerHost is how many machines of each host the page lists.
const stoppedPerHost = 20

func (d *dashboard) kmsHosts(w http.ResponseWriter, r *http.Request, p *page) {
	v, at, err := d.kmsCache.get(func() (any, error) { return d.countKMS(r.Context()) })
	if err != nil {
		d.fail(w, r, p, err)
		return
	}
	data := v.(kmsData)
	data.CountedAt = at
	data.Chart = kmsChart(p, data.trend) // dashboard_charts.go
	p.Data = data
	d.render(w, r, "kms", p)
}

// countKMS counts the KMS hosts page: from the counts the writer keeps
// when the store has them (fleet.RollupStore), else by counting.
func (d *dashboard) countKMS(ctx context.Context) (kmsData, error) {
	now := d.s.now()
	since := now.Add(-kmsWindow)
	var (
		data = kmsData{Margin: int(fleet.DefaultRenewalMargin.Hours())}
		err  error
	)
	data.Hosts, err = d.s.fleetKMSHosts(ctx, since) // counted.go
	if err != nil {
		return data, err
	}
	cs, err := d.s.fleetHostCounts(ctx, since)
	if err != nil {
		return data, err
	}
	data.Hosts = fleet.MergeHostCounts(data.Hosts, cs)
	data.Dups, err = d.s.fleetDuplicateCMIDs(ctx, since)
	if err != nil {
		return data, err
	}
	if rs := d.s.rollupStore(); rs != nil {
		// The machines the API's stopped-renewing answer lists, by host.
		if data.Stopped, err = rs.StoppedByHost(ctx, now, fleet.DefaultRenewalMargin, stoppedPerHost); err != nil {
			return data, err
		}
	}
	data.trend, err = d.s.trend(ctx, trendSpan)
	return data, err
}
