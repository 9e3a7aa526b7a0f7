package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// The dashboard's counted answers and daily rollups (fleet.RollupStore).
// The migrations numbered 0101 add the tables and the triggers that keep
// fleet_counts, kms_hours, expiry_days and cmid_counts as the writer
// changes the machines, so nothing here counts the machines table: the
// overview and the KMS hosts page cost about the same at 500 machines and
// at 500,000. rollup_days holds one row per series, key and UTC day;
// RefreshRollups (the server's rollup timer) writes today's rows, and
// fills days without rows by replaying the stored history.

var _ fleet.RollupStore = (*Store)(nil)

const day = 24 * 60 * 60

// CountedSummary: see fleet.RollupStore.
func (s *Store) CountedSummary(ctx context.Context, now time.Time) (fleet.Summary, error) {
	sum := fleet.Summary{ByStatus: map[string]int{}, Expiring: map[string]int{}, FailuresByPrimary: map[string]int{},
		FailuresByCode: map[string]int{}, ByVerdict: map[string]int{}}
	for _, st := range fleet.LicenseStates {
		sum.ByStatus[st] = 0
	}
	for _, v := range []string{report.StatusOK, report.StatusProblem, report.StatusUnknown} {
		sum.ByVerdict[v] = 0
	}
	rows, err := s.r.QueryContext(ctx, `SELECT dim, key, CAST(SUM(n) AS BIGINT) FROM fleet_counts GROUP BY dim, key`)
	if err != nil {
		return sum, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			dim, key string
			n        int
		)
		if err := rows.Scan(&dim, &key, &n); err != nil {
			return sum, err
		}
		if n == 0 {
			continue
		}
		switch dim {
		case "license":
			sum.ByStatus[key] += n
		case "verdict":
			sum.ByVerdict[key] += n
			sum.Machines += n
		case "primary":
			sum.FailuresByPrimary[key] += n
		case "code":
			sum.FailuresByCode[key] += n
		case "reports":
			sum.Reports += n
		}
	}
	if err := rows.Err(); err != nil {
		return sum, err
	}
	for _, w := range fleet.ExpiringWindows {
		n, err := s.expiring(ctx, unix(now), unix(now.Add(w.Span)))
		if err != nil {
			return sum, err
		}
		sum.Expiring[w.Key] = n
	}
	return sum, nil
}

// expiring counts the machines whose expires_at is in [from, to]: the
// whole days between from's and to's from expiry_days, the two partial
// days from the machines (an index range of a day each).
func (s *Store) expiring(ctx context.Context, from, to int64) (int, error) {
	exact := func(a, b int64) (int, error) {
		var n int
		err := s.r.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM machines WHERE expires_at >= ? AND expires_at <= ?`), a, b).Scan(&n)
		return n, err
	}
	d0, d1 := from/day, to/day
	if to < from || d0 >= d1-1 {
		return exact(from, to)
	}
	var whole int
	if err := s.r.QueryRowContext(ctx, s.q(`SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM expiry_days WHERE day > ? AND day < ?`), d0, d1).Scan(&whole); err != nil {
		return 0, err
	}
	a, err := exact(from, (d0+1)*day-1)
	if err != nil {
		return 0, err
	}
	b, err := exact(d1*day, to)
	return whole + a + b, err
}

// CountedKMSHosts: see fleet.RollupStore. The whole hours after since's
// hour come from kms_hours; since's own hour from the machines seen in it
// (two index ranges of machines_kms_server (0014), one per value of server,
// for each host with machines then).
func (s *Store) CountedKMSHosts(ctx context.Context, since time.Time) ([]fleet.KMSHost, error) {
	from := unix(since)
	first := from / 3600
	type cs struct{ clients, servers int }
	by := map[string]*cs{}
	var partial []string
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT host, server, CAST(SUM(n) AS BIGINT) FROM kms_hours WHERE hour > ? GROUP BY host, server`), first)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var (
			h         string
			server, n int64
		)
		if err := rows.Scan(&h, &server, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if by[h] == nil {
			by[h] = &cs{}
		}
		if server != 0 {
			by[h].servers += int(n)
		} else {
			by[h].clients += int(n)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.r.QueryContext(ctx, s.q(`SELECT host FROM kms_hours WHERE hour = ? GROUP BY host HAVING SUM(n) > 0`), first)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return nil, err
		}
		partial = append(partial, h)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, h := range partial {
		var clients, servers int
		err := s.r.QueryRowContext(ctx, s.q(`SELECT COALESCE(SUM(CASE WHEN server = 0 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN server <> 0 THEN 1 ELSE 0 END), 0)
FROM machines WHERE kms_host = ? AND server IN (0, 1) AND last_seen >= ? AND last_seen < ?`), h, from, (first+1)*3600).Scan(&clients, &servers)
		if err != nil {
			return nil, err
		}
		if by[h] == nil {
			by[h] = &cs{}
		}
		by[h].clients += clients
		by[h].servers += servers
	}
	out := []fleet.KMSHost{}
	for h, c := range by {
		if c.clients+c.servers > 0 {
			out = append(out, fleet.NewKMSHost(h, c.clients, c.servers))
		}
	}
	slices.SortFunc(out, func(a, b fleet.KMSHost) int { return strings.Compare(a.Host, b.Host) })
	return out, nil
}

// CountedHostCounts: see fleet.RollupStore. CROSS JOIN keeps SQLite's
// planner from walking the machines by last_seen to join the few rows of
// kms_host_counts.
func (s *Store) CountedHostCounts(ctx context.Context, since time.Time) ([]fleet.HostCount, error) {
	return s.HostCounts(ctx, since) // derived.go: already read by the machine's id
}

// CountedDuplicateCMIDs: see fleet.RollupStore. Only the CMIDs that
// cmid_counts says more than one machine has are looked at.
func (s *Store) CountedDuplicateCMIDs(ctx context.Context, since time.Time) ([]fleet.CMIDGroup, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT m.cmid, m.mkey FROM cmid_counts c CROSS JOIN machines m
WHERE c.n > 1 AND `+s.cmidIs("m.cmid")+` = c.cmid AND m.last_seen >= ? ORDER BY m.cmid, m.mkey`), unix(since))
	if err != nil {
		return nil, err
	}
	out, err := scanCMIDGroups(rows) // sqlstore.go
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(out, func(g fleet.CMIDGroup) bool { return len(g.Machines) < 2 }), nil
}

// StoppedByHost: see fleet.RollupStore. The condition is the one of
// StoppedRenewing (derived.go).
func (s *Store) StoppedByHost(ctx context.Context, now time.Time, margin time.Duration, perHost int) ([]fleet.HostStopped, error) {
	if perHost < 1 || perHost > fleet.MaxBatch {
		return nil, fleet.Errorf(fleet.EINVALID, "limit %d: use 1 to %d", perHost, fleet.MaxBatch)
	}
	cut := unix(now.Add(-margin))
	out := []fleet.HostStopped{}
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT kms_host, COUNT(*) FROM machine_renewals WHERE overdue_at < ? GROUP BY kms_host ORDER BY kms_host`), cut)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		h := fleet.HostStopped{Machines: []fleet.StoppedRenewing{}}
		if err := rows.Scan(&h.Host, &h.Total); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, h)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.stoppedOf(ctx, &out[i], cut, perHost); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// stoppedOf fills the first machines of a host's stopped renewals.
func (s *Store) stoppedOf(ctx context.Context, h *fleet.HostStopped, cut int64, limit int) error {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT m.kms_host, m.id, m.mkey, r.last_success, r.renewal_s, r.overdue_at, m.last_seen
FROM machine_renewals r CROSS JOIN machines m WHERE r.kms_host = ? AND r.overdue_at < ? AND m.id = r.machine_id
ORDER BY r.overdue_at, r.machine_id LIMIT ?`), h.Host, cut, limit)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			x                     fleet.StoppedRenewing
			last, iv, over, lseen int64
		)
		if err := rows.Scan(&x.KMSHost, &x.MachineID, &x.Key, &last, &iv, &over, &lseen); err != nil {
			return err
		}
		x.LastSuccess, x.RenewalInterval, x.OverdueSince, x.LastSeen = fromUnix(last), int(iv/60), fromUnix(over), fromUnix(lseen)
		h.Machines = append(h.Machines, x)
	}
	return rows.Err()
}

// Rollups: see fleet.RollupStore.
func (s *Store) Rollups(ctx context.Context, since time.Time) ([]fleet.RollupPoint, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT series, key, day, n, counted_at FROM rollup_days WHERE day >= ? ORDER BY series, key, day`),
		unix(since)/day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []fleet.RollupPoint{}
	for rows.Next() {
		var (
			p       fleet.RollupPoint
			d, at   int64
			n       int64
			ser, ky string
		)
		if err := rows.Scan(&ser, &ky, &d, &n, &at); err != nil {
			return nil, err
		}
		p.Series, p.Key, p.Day, p.N, p.CountedAt = ser, ky, time.Unix(d*day, 0).UTC(), int(n), fromUnix(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// kmsWindow is the span of a KMS host's count.
const kmsWindow = 30 * day

// point is one row of rollup_days.
type point struct {
	series, key string
	n           int
}

// RefreshRollups: see fleet.RollupStore. On PostgreSQL it first folds
// the delta rows of fleet_counts, kms_hours and expiry_days together. Days of the span
// without rows (the first run on a store with history, or days the
// server did not run) are filled by replaying the history, once: the
// replay writes every day of the span.
func (s *Store) RefreshRollups(ctx context.Context, now time.Time, days int) error {
	if s.d.Name == "postgres" {
		for _, q := range []string{
			`WITH d AS (DELETE FROM fleet_counts RETURNING dim, key, n) INSERT INTO fleet_counts (dim, key, n) SELECT dim, key, SUM(n) FROM d GROUP BY dim, key HAVING SUM(n) <> 0 OR dim = 'reports'`,
			`WITH d AS (DELETE FROM kms_hours RETURNING host, hour, server, n) INSERT INTO kms_hours (host, hour, server, n) SELECT host, hour, server, SUM(n) FROM d GROUP BY host, hour, server HAVING SUM(n) <> 0`,
			`WITH d AS (DELETE FROM expiry_days RETURNING day, n) INSERT INTO expiry_days (day, n) SELECT day, SUM(n) FROM d GROUP BY day HAVING SUM(n) <> 0`,
		} {
			if _, err := s.w.ExecContext(ctx, q); err != nil {
				return err
			}
		}
	}
	today := unix(now) / day
	first := today - int64(max(days, 1)) + 1
	var counted int
	if err := s.r.QueryRowContext(ctx, s.q(`SELECT COUNT(DISTINCT day) FROM rollup_days WHERE series = 'verdict' AND day >= ? AND day < ?`),
		first, today).Scan(&counted); err != nil {
		return err
	}
	if int64(counted) < today-first {
		if err := s.backfill(ctx, first, today); err != nil {
			return err
		}
	}
	ps, err := s.livePoints(ctx, now)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM rollup_days WHERE day = ? OR day < ?`), today, today-400); err != nil {
			return err
		}
		return s.insertPoints(ctx, tx, today, unix(now), ps, false)
	})
}

// insertPoints writes the points of a day; keep leaves a row already
// there (the backfill never overwrites a day counted live).
func (s *Store) insertPoints(ctx context.Context, tx *sql.Tx, d, at int64, ps []point, keep bool) error {
	q := `INSERT INTO rollup_days (series, key, day, n, counted_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (series, key, day) DO UPDATE SET n = excluded.n, counted_at = excluded.counted_at`
	if keep {
		q = `INSERT INTO rollup_days (series, key, day, n, counted_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (series, key, day) DO NOTHING`
	}
	st, err := tx.PrepareContext(ctx, s.q(q))
	if err != nil {
		return err
	}
	defer st.Close()
	for _, p := range ps {
		if _, err := st.ExecContext(ctx, clean(p.series), clean(p.key), d, p.n, at); err != nil {
			return err
		}
	}
	return nil
}

// livePoints counts today's points from the counts the writer keeps.
func (s *Store) livePoints(ctx context.Context, now time.Time) ([]point, error) {
	sum, err := s.CountedSummary(ctx, now)
	if err != nil {
		return nil, err
	}
	since := now.Add(-kmsWindow * time.Second)
	hosts, err := s.CountedKMSHosts(ctx, since)
	if err != nil {
		return nil, err
	}
	counts, err := s.CountedHostCounts(ctx, since)
	if err != nil {
		return nil, err
	}
	start := unix(now) / day * day
	var reports, problems int
	if err := s.r.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM report_ids WHERE received_at >= ? AND received_at < ?`), start, start+day).Scan(&reports); err != nil {
		return nil, err
	}
	if err := s.r.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM reports WHERE received_at >= ? AND received_at < ? AND status = 'problem'`),
		start, start+day).Scan(&problems); err != nil {
		return nil, err
	}
	return fleetPoints(sum.ByStatus, sum.ByVerdict, reports, problems, fleet.MergeHostCounts(hosts, counts)), nil
}

// fleetPoints is one day's points.
func fleetPoints(states, verdicts map[string]int, reports, problems int, hosts []fleet.KMSHost) []point {
	var ps []point
	for k, n := range states {
		ps = append(ps, point{fleet.SeriesLicense, k, n})
	}
	for k, n := range verdicts {
		ps = append(ps, point{fleet.SeriesVerdict, k, n})
	}
	ps = append(ps, point{fleet.SeriesReports, "", reports}, point{fleet.SeriesProblemReports, "", problems})
	for _, h := range hosts {
		ps = append(ps, point{fleet.SeriesKMSClients, h.Host, h.Clients}, point{fleet.SeriesKMSServers, h.Host, h.Servers})
		if h.HostCount != nil {
			ps = append(ps, point{fleet.SeriesKMSHostCount, h.Host, *h.HostCount})
		}
	}
	return ps
}
