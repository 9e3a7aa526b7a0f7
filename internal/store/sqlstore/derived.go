package sqlstore

import (
	"context"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

var _ fleet.AnswerStore = (*Store)(nil)

// HostCounts: see fleet.AnswerStore. It reads kms_host_counts first and
// each row's machine by its id (CROSS JOIN keeps SQLite from walking every
// machine for the last_seen condition); CountedHostCounts is the same.
func (s *Store) HostCounts(ctx context.Context, since time.Time) ([]fleet.HostCount, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT k.host, k.computer, k.count, k.window_end FROM kms_host_counts k
CROSS JOIN machines m WHERE m.id = k.machine_id AND m.last_seen >= ? ORDER BY k.host`), unix(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []fleet.HostCount{}
	for rows.Next() {
		var (
			h   fleet.HostCount
			end int64
		)
		if err := rows.Scan(&h.Host, &h.Computer, &h.Count, &end); err != nil {
			return nil, err
		}
		h.WindowEnd = fromUnix(end)
		out = append(out, h)
	}
	return out, rows.Err()
}

// StoppedRenewing: see fleet.AnswerStore.
func (s *Store) StoppedRenewing(ctx context.Context, now time.Time, margin time.Duration, after int64, limit int) ([]fleet.StoppedRenewing, int, error) {
	if limit == 0 {
		limit = 100
	}
	if limit < 1 || limit > fleet.MaxBatch {
		return nil, 0, fleet.Errorf(fleet.EINVALID, "limit %d: use 1 to %d", limit, fleet.MaxBatch)
	}
	cut := unix(now.Add(-margin))
	var total int
	if err := s.r.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM machine_renewals WHERE overdue_at < ?`), cut).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT m.id, m.mkey, m.kms_host, r.last_success, r.renewal_s, r.overdue_at, m.last_seen
FROM machine_renewals r JOIN machines m ON m.id = r.machine_id WHERE r.overdue_at < ? AND m.id > ? ORDER BY m.id LIMIT ?`), cut, after, limit)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []fleet.StoppedRenewing{}
	for rows.Next() {
		var (
			x                     fleet.StoppedRenewing
			last, iv, over, lseen int64
		)
		if err := rows.Scan(&x.MachineID, &x.Key, &x.KMSHost, &last, &iv, &over, &lseen); err != nil {
			return nil, 0, err
		}
		x.LastSuccess, x.RenewalInterval, x.OverdueSince, x.LastSeen = fromUnix(last), int(iv/60), fromUnix(over), fromUnix(lseen)
		out = append(out, x)
	}
	return out, total, rows.Err()
}
