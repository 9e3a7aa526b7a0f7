package sqlstore

import (
	"context"
	"database/sql"

	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

var _ fleet.ProbeStore = (*Store)(nil)

const probeCols = `id, target, interval_s, next_run_at, last_run_at, last_report_id, last_success, last_duration_ms, runs`

func scanProbe(sc scanner) (fleet.Probe, error) {
	var (
		p                       fleet.Probe
		iv, next, last, dur, ok int64
	)
	err := sc.Scan(&p.ID, &p.Target, &iv, &next, &last, &p.LastReportID, &ok, &dur, &p.Runs)
	p.Interval, p.NextRun, p.LastRun = time.Duration(iv)*time.Second, fromUnix(next), fromUnix(last)
	p.LastSuccess, p.LastDuration = ok != 0, time.Duration(dur)*time.Millisecond
	return p, err
}

// AddProbe: see fleet.ProbeStore.
func (s *Store) AddProbe(ctx context.Context, target string, interval time.Duration, now time.Time) (fleet.Probe, error) {
	target = strings.ToLower(strings.TrimSpace(target))
	if target == "" || len(target) > 300 || strings.ContainsRune(target, 0) {
		return fleet.Probe{}, fleet.Errorf(fleet.EINVALID, "probe target %q: give HOST[:PORT]", target)
	}
	if interval < fleet.MinProbeInterval {
		return fleet.Probe{}, fleet.Errorf(fleet.EINVALID, "probe interval %s: at least %s", interval, fleet.MinProbeInterval)
	}
	return scanProbe(s.w.QueryRowContext(ctx, s.q(`INSERT INTO probes (target, interval_s, next_run_at) VALUES (?, ?, ?)
ON CONFLICT (target) DO UPDATE SET interval_s = excluded.interval_s RETURNING `+probeCols), target, int64(interval/time.Second), now.Unix()))
}

// RemoveProbe: see fleet.ProbeStore.
func (s *Store) RemoveProbe(ctx context.Context, target string) error {
	res, err := s.w.ExecContext(ctx, s.q(`DELETE FROM probes WHERE target = ?`), strings.ToLower(strings.TrimSpace(target)))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = fleet.Errorf(fleet.ENOTFOUND, "no probe of %q", target)
		}
		return err
	}
	return nil
}

// Probes: see fleet.ProbeStore.
func (s *Store) Probes(ctx context.Context) ([]fleet.Probe, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+probeCols+` FROM probes ORDER BY target`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []fleet.Probe{}
	for rows.Next() {
		p, err := scanProbe(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// claimDue selects the due rows; on PostgreSQL it locks them and skips the
// rows another server's claim holds, so that concurrent claims never
// return the same probe.
const (
	claimDue         = `SELECT ` + probeCols + ` FROM probes WHERE next_run_at <= ? ORDER BY next_run_at, id LIMIT ?`
	claimDuePostgres = claimDue + ` FOR UPDATE SKIP LOCKED`
)

// ClaimProbes: see fleet.ProbeStore.
func (s *Store) ClaimProbes(ctx context.Context, now time.Time, limit int) ([]fleet.Probe, error) {
	if limit < 1 {
		limit = 1
	}
	query := claimDue
	if s.d.Numbered { // PostgreSQL
		query = claimDuePostgres
	}
	var out []fleet.Probe
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, s.q(query), now.Unix(), limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			p, err := scanProbe(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range out {
			p := &out[i]
			// The next slot after now, on the probe's own grid, so that
			// a server that was down does not run the missed ones.
			next := p.NextRun
			if iv := p.Interval; iv > 0 {
				next = next.Add(iv * (now.Sub(next)/iv + 1))
			} else {
				next = now.Add(fleet.DefaultProbeInterval)
			}
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE probes SET next_run_at = ? WHERE id = ?`), next.Unix(), p.ID); err != nil {
				return err
			}
			p.NextRun = fromUnix(next.Unix())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FinishProbe: see fleet.ProbeStore.
func (s *Store) FinishProbe(ctx context.Context, id int64, at time.Time, reportID string, success bool, took time.Duration) error {
	res, err := s.w.ExecContext(ctx, s.q(`UPDATE probes SET last_run_at = ?, last_report_id = ?, last_success = ?, last_duration_ms = ?,
runs = runs + 1 WHERE id = ?`), at.Unix(), clean(reportID), b2i(success), took.Milliseconds(), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = fleet.Errorf(fleet.ENOTFOUND, "no probe %d", id)
		}
		return err
	}
	return nil
}
