package storetest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// runRollups checks a store's fleet.RollupStore on a fresh store: the
// counted answers equal Store's as the fleet changes over four days, the
// rollups replay the history into the same numbers per day, and the
// stopped renewals are grouped by host.
func runRollups(t *testing.T, open func(t *testing.T) fleet.Store) {
	ctx := context.Background()
	st := open(t)
	defer st.Close()
	rs, ok := st.(fleet.RollupStore)
	if !ok {
		t.Fatalf("%T is no fleet.RollupStore", st)
	}
	const day = 24 * time.Hour
	type want struct {
		sum   fleet.Summary
		hosts []fleet.KMSHost
	}
	check := func(now time.Time) want {
		t.Helper()
		since := now.Add(-30 * day)
		sum, hosts := compareCounted(t, st, now, "at "+now.String())
		counts, err := st.(fleet.AnswerStore).HostCounts(ctx, since)
		if err != nil {
			t.Fatal(err)
		}
		if cc, err := rs.CountedHostCounts(ctx, since); err != nil || fmt.Sprint(cc) != fmt.Sprint(counts) {
			t.Errorf("at %s: CountedHostCounts %+v %v, HostCounts %+v", now, cc, err, counts)
		}
		return want{sum, fleet.MergeHostCounts(hosts, counts)}
	}
	server := func(r *report.Report) *report.Report {
		r.Subject.OS = "Windows Server 2022 Standard"
		r.Subject.CMID = "clone"
		return r
	}
	d3, d2, d1 := T0.Add(-3*day), T0.Add(-2*day), T0.Add(-day)
	// 40 days ago: a clone not seen since (outside every window).
	stale := server(Report("stale", "licensed", T0.Add(-40*day)))
	put(t, st, Rec(stale, T0.Add(-40*day)))
	check(T0.Add(-40 * day))
	// Day -3: five clients, three cloned servers.
	var batch []fleet.Received
	for i := range 5 {
		r := Report(fmt.Sprintf("pc%02d", i), "licensed", d3)
		// ending in 3 days and 2 hours, 12 days, 20 days: the windows
		// of 7, 14 and 30 days hold them whole days apart
		r.Products[0].ExpiresAt = d3.Add([]time.Duration{74 * time.Hour, 12 * day, 20 * day, 0, 0}[i]).Format(time.RFC3339)
		batch = append(batch, Rec(r, d3))
	}
	for i := range 3 {
		batch = append(batch, Rec(server(Report(fmt.Sprintf("srv%d", i), "licensed", d3)), d3))
	}
	put(t, st, batch...)
	w3 := check(d3)
	if e := w3.sum.Expiring; e["7d"] >= e["14d"] || e["14d"] >= e["30d"] {
		t.Errorf("expiring %v", w3.sum.Expiring)
	}
	for h := range 30 {
		check(d3.Add(time.Duration(h) * 17 * time.Hour))
	}
	// Day -2: pc03 fails with two codes, the KMS host reports its count.
	bad := Report("pc03", "unlicensed", d2)
	bad.Verdict.Codes = []string{"0xC004F074", "0xC004F038"}
	put(t, st, Rec(bad, d2), Rec(viaJSON(t, HostReport("kms01", 31, d2)), d2))
	w2 := check(d2)
	// Day -1: pc03 recovers, pc04 moves to kms02 and fails, pc00 sends
	// the same content again, srv2 gets its own CMID; an older report of
	// pc01 arrives late.
	pc04 := Report("pc04", "notification", d1)
	pc04.Products[0].KMSConfigured = "kms02.corp.example:1688"
	srv2 := server(Report("srv2", "licensed", d1))
	srv2.Subject.CMID = "own"
	again := Report("pc00", "licensed", d3)
	again.ID = "again-pc00"
	put(t, st, Rec(Report("pc03", "licensed", d1), d1), Rec(pc04, d1), Rec(srv2, d1), Rec(again, d1),
		Rec(Report("pc01", "unlicensed", d3.Add(-time.Hour)), d1))
	w1 := check(d1)
	// Today: one machine stopped renewing; a spooled agent posts two
	// days at once, the later first (the earlier one equals it, so it is
	// stored as an id naming the later one's row).
	put(t, st, Rec(viaJSON(t, RenewedReport("old", T0.Add(-10*day), 10080, T0)), T0))
	late := Report("late", "licensed", d1)
	early := Report("late", "licensed", d2)
	put(t, st, Rec(late, d1))
	put(t, st, Rec(early, d2))
	w0 := check(T0)
	for _, w := range []*want{&w2, &w1} { // the replay sees them on their days
		w.sum.ByStatus["licensed"]++
		w.sum.ByVerdict["ok"]++
		for i := range w.hosts {
			if w.hosts[i].Host == "kms01.corp.example" {
				w.hosts[i].Clients++
			}
		}
	}

	// Windows that start inside the hour machines were last seen in.
	for _, at := range []time.Time{d3.Add(30 * day), d3.Add(30*day + time.Second), d3.Add(30*day + 30*time.Minute), d2.Add(30*day - time.Second)} {
		check(at)
	}
	if err := rs.RefreshRollups(ctx, T0, 10); err != nil {
		t.Fatal(err)
	}
	check(T0)                                                               // after PostgreSQL's delta rows were folded
	if err := rs.RefreshRollups(ctx, T0.Add(time.Minute), 10); err != nil { // again: today's rows replaced
		t.Fatal(err)
	}
	ps, err := rs.Rollups(ctx, T0.Add(-9*day))
	if err != nil {
		t.Fatal(err)
	}
	at := func(series, key string, d time.Time) (int, bool) {
		for _, p := range ps {
			if p.Series == series && p.Key == key && p.Day.Equal(d.Truncate(day)) {
				return p.N, true
			}
		}
		return 0, false
	}
	for _, c := range []struct {
		name string
		d    time.Time
		w    want
	}{{"day -3", d3, w3}, {"day -2", d2, w2}, {"day -1", d1, w1}, {"today", T0, w0}} {
		for _, k := range slices.Sorted(maps.Keys(c.w.sum.ByStatus)) {
			if n, ok := at(fleet.SeriesLicense, k, c.d); !ok || n != c.w.sum.ByStatus[k] {
				t.Errorf("%s: license %s = %d (%v), want %d", c.name, k, n, ok, c.w.sum.ByStatus[k])
			}
		}
		for _, k := range slices.Sorted(maps.Keys(c.w.sum.ByVerdict)) {
			if n, ok := at(fleet.SeriesVerdict, k, c.d); !ok || n != c.w.sum.ByVerdict[k] {
				t.Errorf("%s: verdict %s = %d (%v), want %d", c.name, k, n, ok, c.w.sum.ByVerdict[k])
			}
		}
		for _, h := range c.w.hosts {
			n, _ := at(fleet.SeriesKMSClients, h.Host, c.d)
			m, _ := at(fleet.SeriesKMSServers, h.Host, c.d)
			if n != h.Clients || m != h.Servers {
				t.Errorf("%s: %s clients %d servers %d, want %+v", c.name, h.Host, n, m, h)
			}
			if hc, ok := at(fleet.SeriesKMSHostCount, h.Host, c.d); (h.HostCount != nil) != ok || ok && hc != *h.HostCount {
				t.Errorf("%s: %s host count %d (%v), want %v", c.name, h.Host, hc, ok, h.HostCount)
			}
		}
	}
	for _, c := range []struct {
		series string
		d      time.Time
		n      int
	}{
		{fleet.SeriesReports, d3, 8}, {fleet.SeriesReports, d2, 3}, {fleet.SeriesReports, d1, 6}, {fleet.SeriesReports, T0, 1},
		{fleet.SeriesProblemReports, d2, 1}, {fleet.SeriesProblemReports, d1, 2}, {fleet.SeriesProblemReports, d3, 0},
		{fleet.SeriesLicense, T0.Add(-9 * day), 1}, // the stale machine
	} {
		if n, ok := at(c.series, "", c.d); c.series == fleet.SeriesLicense {
			if n, ok := at(c.series, "licensed", c.d); !ok || n != c.n {
				t.Errorf("%s on %s = %d (%v), want %d", c.series, c.d, n, ok, c.n)
			}
		} else if !ok || n != c.n {
			t.Errorf("%s on %s = %d (%v), want %d", c.series, c.d, n, ok, c.n)
		}
	}
	if ps, _ := rs.Rollups(ctx, T0.Add(day)); len(ps) != 0 {
		t.Errorf("Rollups after today: %+v", ps)
	}

	// Stopped renewing, by host, as StoppedRenewing says.
	_, total, err := st.(fleet.AnswerStore).StoppedRenewing(ctx, T0, fleet.DefaultRenewalMargin, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	by, err := rs.StoppedByHost(ctx, T0, fleet.DefaultRenewalMargin, 10)
	if err != nil || total != 1 || len(by) != 1 || by[0].Host != "kms01.corp.example" || by[0].Total != 1 ||
		len(by[0].Machines) != 1 || by[0].Machines[0].Key != "old.corp.example" || by[0].Machines[0].RenewalInterval != 10080 {
		t.Errorf("StoppedByHost = %+v, %v (StoppedRenewing total %d)", by, err, total)
	}
	if _, err := rs.StoppedByHost(ctx, T0, fleet.DefaultRenewalMargin, 0); fleet.ErrorCode(err) != fleet.EINVALID {
		t.Errorf("StoppedByHost limit 0: %v", err)
	}
}

// runCountedSwaps: changes that cancel out inside one group stay counted
// right (PostgreSQL folds a statement's rows into one insert per count,
// migration 0105): the counted answers equal the live ones after each
// step of CountedSwaps.
func runCountedSwaps(t *testing.T, open func(t *testing.T) fleet.Store) {
	st := open(t)
	defer st.Close()
	CountedSwaps(t, st, func(step string) {
		t.Helper()
		compareCounted(t, st, T0, step)
	})
}

// compareCounted: st's counted answers (fleet.RollupStore) equal its live
// ones at now, over the 30 days before it; it returns the live summary and
// KMS hosts. label starts each error.
func compareCounted(t *testing.T, st fleet.Store, now time.Time, label string) (fleet.Summary, []fleet.KMSHost) {
	t.Helper()
	ctx := context.Background()
	rs := st.(fleet.RollupStore)
	since := now.Add(-30 * 24 * time.Hour)
	sum, err := st.Summary(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	got, err := rs.CountedSummary(ctx, now)
	if err != nil || fmt.Sprint(got) != fmt.Sprint(sum) {
		t.Errorf("%s: CountedSummary\n%+v %v, Summary\n%+v", label, got, err, sum)
	}
	hosts, err := st.KMSHosts(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	if ch, err := rs.CountedKMSHosts(ctx, since); err != nil || !slices.Equal(ch, hosts) {
		t.Errorf("%s: CountedKMSHosts %+v %v, KMSHosts %+v", label, ch, err, hosts)
	}
	dups, err := st.DuplicateCMIDs(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	if cd, err := rs.CountedDuplicateCMIDs(ctx, since); err != nil || fmt.Sprint(cd) != fmt.Sprint(dups) {
		t.Errorf("%s: CountedDuplicateCMIDs %+v %v, DuplicateCMIDs %+v", label, cd, err, dups)
	}
	return sum, hosts
}

// CountedSwaps stores groups whose changes cancel out inside one
// statement and calls after after each: two machines exchange their
// CMIDs, KMS hosts and states in one PutReports, a third fails and
// recovers in the same group, a failure changes its root cause only, and
// a shared CMID appears. The PostgreSQL tests also compare each count
// table with the machines after each step.
func CountedSwaps(t *testing.T, st fleet.Store, after func(step string)) {
	mk := func(name, cmid, host, status string, at time.Time, primary string, codes ...string) fleet.Received {
		r := Report(name, status, at)
		r.Subject.CMID = cmid
		r.Products[0].KMSConfigured = host + ":1688"
		r.Products[0].ExpiresAt = at.Add(time.Duration(len(name)+len(cmid)) * 24 * time.Hour).Format(time.RFC3339)
		if primary != "" {
			r.Verdict = report.Verdict{Status: report.StatusProblem, Primary: primary, Codes: codes, Stages: report.NotObserved()}
		}
		return Rec(r, at)
	}
	t1, t2, t3 := T0.Add(-3*time.Hour), T0.Add(-2*time.Hour), T0.Add(-time.Hour)
	put(t, st, mk("a", "x", "kms01.corp.example", "licensed", t1, ""), mk("b", "y", "kms02.corp.example", "unlicensed", t1, "kms.contact.undetermined", "0xC004F074"),
		mk("c", "z", "kms01.corp.example", "licensed", t1, ""))
	after("first")
	put(t, st, mk("a", "y", "kms02.corp.example", "unlicensed", t2, "kms.contact.undetermined", "0xC004F074"), mk("b", "x", "kms01.corp.example", "licensed", t2, ""),
		mk("c", "z", "kms01.corp.example", "notification", t2.Add(-time.Minute), "kms.count.insufficient", "0xC004F038"), mk("c", "y", "kms01.corp.example", "licensed", t2, ""))
	after("swapped")
	put(t, st, mk("a", "y", "kms02.corp.example", "unlicensed", t3, "dns.srv.missing", "0xC004F074", "0x8007232B"))
	after("root cause only")
	put(t, st, mk("a", "x", "kms01.corp.example", "licensed", T0, ""), mk("b", "x", "kms01.corp.example", "licensed", T0, ""),
		mk("c", "zz", "kms02.corp.example", "licensed", T0, ""))
	after("shared, then one of each")
}
