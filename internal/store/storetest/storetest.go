// Package storetest is the conformance suite of fleet.Store: Run checks a
// store implementation against the contract of the interface's comments.
// Both stores of internal/store run it, SQLite always and PostgreSQL on a
// cluster of its own (Postgres).
package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// T0 is the time of the suite's reports.
var T0 = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)

// Report returns a report of computer (in corp.example) with a fresh id.
func Report(computer, status string, at time.Time) *report.Report {
	r := report.New("check", at)
	r.Subject = report.Subject{Computer: computer, Domain: "corp.example", CMID: "cmid-" + computer, OS: "Windows 11 Enterprise", Role: report.RoleClient}
	r.Products = []report.Product{{Name: "Windows", Application: "windows", Channel: "VOLUME_KMSCLIENT", LicenseStatus: status,
		KMSConfigured: "kms01.corp.example:1688"}}
	r.Verdict = report.Verdict{Status: report.StatusOK, Codes: []string{}, Stages: report.NotObserved()}
	if status != "licensed" {
		r.Verdict.Status, r.Verdict.Primary, r.Verdict.Codes = report.StatusProblem, "dns.srv.missing", []string{"0xC004F074"}
	}
	return r
}

// Rec wraps r as received at at.
func Rec(r *report.Report, at time.Time) fleet.Received {
	return fleet.Received{ID: r.ID, ReceivedAt: at, Report: r}
}

// Run runs the suite; open returns a new, empty store (closed by Run).
func Run(t *testing.T, open func(t *testing.T) fleet.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s fleet.Store)
	}{
		{"PutAndDuplicates", testPut},
		{"History", testHistory},
		{"Invalid", testInvalid},
		{"Machines", testMachines},
		{"SearchPaging", testSearchPaging}, // search.go
		{"Summary", testSummary},
		{"KMSHostsAndCMIDs", testKMS},
		{"Agents", testAgents},
		{"Prune", testPrune},
		{"Concurrent", testConcurrent},
		{"GroupAsOneByOne", testGroup},
		{"Ping", func(t *testing.T, s fleet.Store) {
			if err := s.Ping(context.Background()); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tc.fn(t, s)
		})
	}
}

func put(t *testing.T, s fleet.Store, rs ...fleet.Received) []bool {
	t.Helper()
	fresh, err := s.PutReports(context.Background(), rs)
	if err != nil {
		t.Fatalf("PutReports: %v", err)
	}
	return fresh
}

func code(t *testing.T, err error, want string) {
	t.Helper()
	if got := fleet.ErrorCode(err); got != want {
		t.Errorf("error %v: code %q, want %q", err, got, want)
	}
}

func testPut(t *testing.T, s fleet.Store) {
	ctx := context.Background()
	a, b := Report("pc01", "licensed", T0), Report("pc02", "unlicensed", T0)
	if got := put(t, s, Rec(a, T0), Rec(b, T0), Rec(a, T0)); !slices.Equal(got, []bool{true, true, false}) {
		t.Errorf("first batch: %v, want new, new, duplicate", got)
	}
	if got := put(t, s, Rec(b, T0)); !slices.Equal(got, []bool{false}) {
		t.Errorf("again: %v, want duplicate", got)
	}
	got, err := s.Report(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Report.Subject.Computer != "pc01" || !got.ReceivedAt.Equal(T0) {
		t.Errorf("Report: %+v", got)
	}
	_, err = s.Report(ctx, "nosuch")
	code(t, err, fleet.ENOTFOUND)
	ms, next, err := s.Machines(ctx, fleet.MachineFilter{})
	if err != nil || len(ms) != 2 || next != 0 {
		t.Fatalf("Machines: %d, next %d, %v", len(ms), next, err)
	}
	if ms[0].Key != "pc01.corp.example" || ms[0].LicenseStatus != "licensed" || ms[1].Status != "problem" || ms[1].Codes[0] != "0xC004F074" {
		t.Errorf("machines: %+v", ms)
	}
	if ms[0].ReportID != a.ID || len(ms[0].Products) != 1 || ms[0].KMSHost != "kms01.corp.example" || !ms[0].GeneratedAt.Equal(T0) {
		t.Errorf("latest state: %+v", ms[0])
	}
}

func testHistory(t *testing.T, s fleet.Store) {
	ctx := context.Background()
	r1 := Report("pc01", "licensed", T0)
	r2 := Report("pc01", "licensed", T0.Add(time.Hour))       // same content
	r3 := Report("pc01", "notification", T0.Add(2*time.Hour)) // changed
	old := Report("pc01", "oob_grace", T0.Add(-time.Hour))    // changed, but older: history only
	put(t, s, Rec(r1, T0))
	put(t, s, Rec(r2, T0.Add(time.Hour)))
	put(t, s, Rec(r3, T0.Add(2*time.Hour)), Rec(old, T0.Add(2*time.Hour)))
	ms, _, err := s.Machines(ctx, fleet.MachineFilter{})
	if err != nil || len(ms) != 1 {
		t.Fatalf("Machines: %v %v", ms, err)
	}
	m, refs, err := s.Machine(ctx, ms[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.LicenseStatus != "notification" || m.ReportID != r3.ID || !m.LastSeen.Equal(T0.Add(2*time.Hour)) || !m.FirstSeen.Equal(T0) {
		t.Errorf("latest: %+v", m)
	}
	var ids []string
	for _, r := range refs {
		ids = append(ids, r.ID)
	}
	if want := []string{r3.ID, r1.ID, old.ID}; !slices.Equal(ids, want) {
		t.Errorf("history %v, want %v (newest first, no row for the unchanged report)", ids, want)
	}
	// the unchanged report is still known by its id
	if got, err := s.Report(ctx, r2.ID); err != nil || got.Report.Products[0].LicenseStatus != "licensed" {
		t.Errorf("Report(unchanged): %v %v", got, err)
	}
	r4 := Report("pc01", "notification", T0.Add(3*time.Hour)) // same as r3: latest id moves on
	put(t, s, Rec(r4, T0.Add(3*time.Hour)))
	if m, refs, _ := s.Machine(ctx, ms[0].ID); m.ReportID != r4.ID || len(refs) != 3 {
		t.Errorf("after an unchanged newer report: id %s, %d history rows", m.ReportID, len(refs))
	}
	_, _, err = s.Machine(ctx, 999999)
	code(t, err, fleet.ENOTFOUND)
}

func testInvalid(t *testing.T, s fleet.Store) {
	ok := Report("pc01", "licensed", T0)
	noID := Report("pc02", "licensed", T0)
	noID.ID = ""
	_, err := s.PutReports(context.Background(), []fleet.Received{Rec(ok, T0), Rec(noID, T0)})
	code(t, err, fleet.EINVALID)
	if e, _ := err.(*fleet.Error); e == nil || e.Index != 1 || e.Field != "id" {
		t.Errorf("error %#v: want index 1, field id", err)
	}
	if sum, _ := s.Summary(context.Background(), T0); sum.Machines != 0 {
		t.Error("a failed batch stored something")
	}
}

func testMachines(t *testing.T, s fleet.Store) {
	ctx := context.Background()
	var rs []fleet.Received
	for i := range 25 {
		st := "licensed"
		if i%5 == 0 {
			st = "oob_grace"
		}
		r := Report(fmt.Sprintf("pc%02d", i), st, T0)
		if st == "oob_grace" {
			r.Products[0].GraceMinutes = (i + 1) * 24 * 60 // expires in i+1 days
		}
		rs = append(rs, Rec(r, T0))
	}
	rs[7].Report.Subject.Computer = "Special_50%"
	put(t, s, rs...)
	var all []fleet.Machine
	after := int64(0)
	for pages := 0; ; pages++ {
		ms, next, err := s.Machines(ctx, fleet.MachineFilter{Limit: 10, After: after})
		if err != nil || pages > 5 {
			t.Fatalf("page %d: %v", pages, err)
		}
		all = append(all, ms...)
		if next == 0 {
			break
		}
		after = next
	}
	if len(all) != 25 {
		t.Errorf("paged %d machines, want 25", len(all))
	}
	count := func(f fleet.MachineFilter) int {
		t.Helper()
		ms, _, err := s.Machines(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return len(ms)
	}
	if n := count(fleet.MachineFilter{Status: "oob_grace"}); n != 5 {
		t.Errorf("status oob_grace: %d, want 5", n)
	}
	if n := count(fleet.MachineFilter{Verdict: "problem", Primary: "dns.srv.missing"}); n != 5 {
		t.Errorf("primary: %d, want 5", n)
	}
	// pc00 expires in 1 day, pc05 in 6, pc10 in 11, pc15 in 16, pc20 in 21
	if n := count(fleet.MachineFilter{ExpiringWithin: 7 * 24 * time.Hour, Now: T0}); n != 2 {
		t.Errorf("expiring within 7d: %d, want 2", n)
	}
	if n := count(fleet.MachineFilter{Q: "PC1"}); n != 10 {
		t.Errorf("q=PC1: %d, want 10", n)
	}
	if n := count(fleet.MachineFilter{Q: "special_50%"}); n != 1 {
		t.Errorf("q with wildcards: %d, want 1 (they are literal)", n)
	}
	if n := count(fleet.MachineFilter{Q: "s%"}); n != 0 {
		t.Errorf("q=s%%: %d, want 0 (no name starts with s%%)", n)
	}
	if n := count(fleet.MachineFilter{Q: "_50%"}); n != 0 {
		t.Errorf("q=_50%%: %d, want 0 (q starts a name, it is not a substring search)", n)
	}
	if n := count(fleet.MachineFilter{Q: "Corp.Ex"}); n != 25 {
		t.Errorf("q=Corp.Ex: %d, want 25 (the domain's start)", n)
	}
	if n := count(fleet.MachineFilter{Q: "cmid-pc2"}); n != 5 {
		t.Errorf("q=cmid-pc2: %d, want 5 (the CMID's start)", n)
	}
	if n := count(fleet.MachineFilter{Q: "EXAMPLE"}); n != 0 {
		t.Errorf("q=EXAMPLE: %d, want 0 (the domain starts with corp)", n)
	}
	if n := count(fleet.MachineFilter{Q: "'; DROP TABLE machines; --"}); n != 0 {
		t.Errorf("hostile q: %d", n)
	}
	_, _, err := s.Machines(ctx, fleet.MachineFilter{Limit: 5000})
	code(t, err, fleet.EINVALID)
}

func testSummary(t *testing.T, s fleet.Store) {
	a := Report("pc01", "licensed", T0)
	b := Report("pc02", "oot_grace", T0)
	b.Products[0].GraceMinutes = 10 * 24 * 60
	c := Report("pc03", "unlicensed", T0)
	c.Verdict.Codes = []string{"0xC004F074", "0xC004F038"}
	c.Verdict.Primary = "kms.count.insufficient"
	d := Report("pc04", "", T0)
	d.Products = nil
	put(t, s, Rec(a, T0), Rec(b, T0), Rec(c, T0), Rec(d, T0))
	sum, err := s.Summary(context.Background(), T0)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Machines != 4 || sum.Reports != 4 {
		t.Errorf("machines %d reports %d", sum.Machines, sum.Reports)
	}
	wantStatus := map[string]int{"licensed": 1, "oot_grace": 1, "unlicensed": 1, "unknown": 1, "oob_grace": 0, "nongenuine_grace": 0,
		"notification": 0, "extended_grace": 0}
	for k, v := range wantStatus {
		if sum.ByStatus[k] != v {
			t.Errorf("by_status[%s] = %d, want %d (%v)", k, sum.ByStatus[k], v, sum.ByStatus)
		}
	}
	if sum.Expiring["7d"] != 0 || sum.Expiring["14d"] != 1 || sum.Expiring["30d"] != 1 {
		t.Errorf("expiring %v", sum.Expiring)
	}
	if sum.FailuresByPrimary["dns.srv.missing"] != 2 || sum.FailuresByPrimary["kms.count.insufficient"] != 1 {
		t.Errorf("by primary %v", sum.FailuresByPrimary)
	}
	if sum.FailuresByCode["0xC004F074"] != 3 || sum.FailuresByCode["0xC004F038"] != 1 {
		t.Errorf("by code %v", sum.FailuresByCode)
	}
	if sum.ByVerdict["ok"] != 1 || sum.ByVerdict["problem"] != 3 {
		t.Errorf("by verdict %v", sum.ByVerdict)
	}
}

func testKMS(t *testing.T, s fleet.Store) {
	var rs []fleet.Received
	for i := range 6 {
		r := Report(fmt.Sprintf("srv%d", i), "licensed", T0)
		r.Subject.OS = "Windows Server 2022 Datacenter"
		r.Subject.CMID = "clone" // all clones
		rs = append(rs, Rec(r, T0))
	}
	r := Report("pc01", "licensed", T0)
	r.Products[0].KMSConfigured, r.Products[0].KMSDiscovered = "", "KMS02.corp.example:1688"
	rs = append(rs, Rec(r, T0))
	stale := Report("old", "licensed", T0.Add(-60*24*time.Hour))
	stale.Subject.CMID = "clone"
	rs = append(rs, Rec(stale, T0.Add(-60*24*time.Hour)))
	put(t, s, rs...)
	since := T0.Add(-30 * 24 * time.Hour)
	hosts, err := s.KMSHosts(context.Background(), since)
	if err != nil {
		t.Fatal(err)
	}
	want := []fleet.KMSHost{fleet.NewKMSHost("kms01.corp.example", 0, 6), fleet.NewKMSHost("kms02.corp.example", 1, 0)}
	if !slices.Equal(hosts, want) {
		t.Errorf("KMS hosts %+v, want %+v", hosts, want)
	}
	if !hosts[0].MeetsServers || hosts[0].MeetsClients {
		t.Errorf("thresholds: %+v", hosts[0])
	}
	groups, err := s.DuplicateCMIDs(context.Background(), since)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 || groups[0].CMID != "clone" || len(groups[0].Machines) != 6 || groups[0].Machines[0] != "srv0.corp.example" {
		t.Errorf("duplicate CMIDs: %+v", groups)
	}
}

func testAgents(t *testing.T, s fleet.Store) {
	ctx := context.Background()
	tok, h := fleet.NewToken()
	a, err := s.CreateAgent(ctx, "site-a", fleet.RoleAgent, h, T0)
	if err != nil || a.ID == 0 || a.Role != fleet.RoleAgent {
		t.Fatalf("CreateAgent: %+v %v", a, err)
	}
	_, err = s.CreateAgent(ctx, "site-a", fleet.RoleReader, "other", T0)
	code(t, err, fleet.ECONFLICT)
	_, err = s.CreateAgent(ctx, "", fleet.RoleReader, "x", T0)
	code(t, err, fleet.EINVALID)
	_, err = s.CreateAgent(ctx, "x", "admin", "y", T0)
	code(t, err, fleet.EINVALID)
	got, err := s.AgentByToken(ctx, fleet.HashToken(tok))
	if err != nil || got.ID != a.ID || got.Name != "site-a" {
		t.Errorf("AgentByToken: %+v %v", got, err)
	}
	_, err = s.AgentByToken(ctx, fleet.HashToken("wrong"))
	code(t, err, fleet.EUNAUTHORIZED)
	r := Rec(Report("pc01", "licensed", T0), T0.Add(time.Minute))
	r.AgentID = a.ID
	put(t, s, r)
	if got, _ := s.AgentByToken(ctx, h); !got.LastSeen.Equal(T0.Add(time.Minute)) {
		t.Errorf("last seen %v", got.LastSeen)
	}
	if err := s.RevokeAgent(ctx, "site-a"); err != nil {
		t.Fatal(err)
	}
	_, err = s.AgentByToken(ctx, h)
	code(t, err, fleet.EUNAUTHORIZED)
	code(t, s.RevokeAgent(ctx, "nosuch"), fleet.ENOTFOUND)
}

func testPrune(t *testing.T, s fleet.Store) {
	ctx := context.Background()
	old := T0.Add(-200 * 24 * time.Hour)
	r1 := Report("pc01", "oob_grace", old)
	r2 := Report("pc01", "licensed", old.Add(time.Hour)) // the latest, though old
	r3 := Report("pc02", "oob_grace", old)
	r4 := Report("pc02", "licensed", T0)
	put(t, s, Rec(r1, old), Rec(r2, old.Add(time.Hour)), Rec(r3, old), Rec(r4, T0))
	n, err := s.Prune(ctx, T0.Add(-fleet.DefaultRetention))
	if err != nil || n != 2 {
		t.Fatalf("Prune: %d %v, want 2 (r1, r3)", n, err)
	}
	for id, want := range map[string]string{r1.ID: fleet.ENOTFOUND, r3.ID: fleet.ENOTFOUND, r2.ID: "", r4.ID: ""} {
		_, err := s.Report(ctx, id)
		code(t, err, want)
	}
	if sum, _ := s.Summary(ctx, T0); sum.Machines != 2 || sum.Reports != 2 {
		t.Errorf("after prune: %d machines, %d reports, want 2 and 2", sum.Machines, sum.Reports)
	}
}

// testConcurrent posts the same reports from several goroutines: each id
// is new exactly once.
func testConcurrent(t *testing.T, s fleet.Store) {
	var rs []fleet.Received
	for i := range 40 {
		rs = append(rs, Rec(Report(fmt.Sprintf("pc%02d", i%10), "licensed", T0.Add(time.Duration(i)*time.Minute)), T0))
	}
	var (
		mu    sync.Mutex
		fresh = map[string]int{}
		wg    sync.WaitGroup
	)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			batch := slices.Clone(rs)
			slices.Reverse(batch[:w*10])
			for i := 0; i < len(batch); i += 8 {
				got, err := s.PutReports(context.Background(), batch[i:min(i+8, len(batch))])
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for j, ok := range got {
					if ok {
						fresh[batch[i+j].ID]++
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, r := range rs {
		if fresh[r.ID] != 1 {
			t.Errorf("report %s new %d times", r.ID, fresh[r.ID])
		}
	}
	if sum, _ := s.Summary(context.Background(), T0); sum.Machines != 10 || sum.Reports != 40 {
		t.Errorf("machines %d reports %d, want 10 and 40", sum.Machines, sum.Reports)
	}
}

// testGroup: reports of one machine stored in one PutReports leave the
// same machine and history as stored one by one (in the store's order,
// by report id): older, newer, same and changed content, a duplicate.
func testGroup(t *testing.T, s fleet.Store) {
	ctx := context.Background()
	mk := func(name, prefix string) []fleet.Received {
		var rs []fleet.Received
		add := func(id, status string, gen, recv time.Duration) {
			r := Report(name, status, T0.Add(gen))
			r.ID = prefix + id
			rs = append(rs, Rec(r, T0.Add(recv)))
		}
		add("1", "licensed", time.Hour, time.Hour)         // first
		add("2", "licensed", 2*time.Hour, 2*time.Hour)     // newer, same content
		add("3", "unlicensed", 0, 3*time.Hour)             // older, new content: history only
		add("4", "oot_grace", 3*time.Hour, 30*time.Minute) // newest so far, received earliest
		add("5", "licensed", 4*time.Hour, 4*time.Hour)     // back to the first content
		rs = append(rs, rs[0])                             // a duplicate in the same call
		return rs
	}
	one := mk("one-by-one", "s")
	for _, r := range one {
		put(t, s, r)
	}
	fresh := put(t, s, mk("grouped", "g")...)
	if want := []bool{true, true, true, true, true, false}; !slices.Equal(fresh, want) {
		t.Errorf("fresh %v, want %v", fresh, want)
	}
	get := func(q string) (fleet.Machine, []string) {
		ms, _, err := s.Machines(ctx, fleet.MachineFilter{Q: q})
		if err != nil || len(ms) != 1 {
			t.Fatalf("machine %s: %v %v", q, ms, err)
		}
		m, refs, err := s.Machine(ctx, ms[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		var h []string
		for _, r := range refs {
			h = append(h, r.ID[1:]+":"+r.Status)
		}
		return *m, h
	}
	a, ha := get("one-by-one")
	b, hb := get("grouped")
	if a.LicenseStatus != b.LicenseStatus || a.ReportID[1:] != b.ReportID[1:] || !a.GeneratedAt.Equal(b.GeneratedAt) ||
		!a.LastSeen.Equal(b.LastSeen) || !a.FirstSeen.Equal(b.FirstSeen) {
		t.Errorf("grouped machine %+v\nwant (one by one) %+v", b, a)
	}
	if !slices.Equal(ha, hb) {
		t.Errorf("grouped history %v, want (one by one) %v", hb, ha)
	}
	if a.ReportID != "s5" || a.LicenseStatus != "licensed" || !a.LastSeen.Equal(T0.Add(4*time.Hour)) || len(ha) != 4 {
		t.Errorf("machine %s %s last seen %v, history %v", a.ReportID, a.LicenseStatus, a.LastSeen, ha)
	}
}
