package sqlstore

import (
	"context"
	"sync/atomic"
	"time"
)

// A new PostgreSQL database plans the writer's statements on tables that
// have no statistics yet and hold a few rows: sequential scans are right
// then, and PostgreSQL keeps those plans (a prepared statement's generic
// plan, a trigger function's queries) until the tables are analysed.
// Autovacuum analyses them only when its launcher comes by the database,
// which on a busy cluster took minutes; meanwhile every group of reports
// scanned machines and machine_codes whole (pg_stat_user_tables: 1,204
// sequential scans of machines in the first 10 s of a new database). So
// while a store is young (fewer than youngUntil report ids when it
// opened), the writer analyses the tables it writes each time the ids
// stored by this process double from 1,000 (1,000, 2,000, 4,000 ... up to
// 64,000): ANALYZE samples at most 30,000 rows a table, and it makes
// PostgreSQL plan the statements again. Marks ten times apart (stop 21)
// left a plan made on 1,000 rows in use up to 10,000: the lookup of a
// group's report ids then scanned report_ids whole (pg_stat_user_tables:
// 574 sequential scans in 935 groups of the first 10 s; 1.3 ms a lookup
// on average, against 0.17 ms later). Best effort: an error is left to
// autovacuum.
const youngUntil = 100000

const analyzeSQL = `ANALYZE machines, machine_codes, report_ids, reports, machine_renewals, kms_host_counts, cmid_counts, fleet_counts`

// youth is the state of that; zero when the store is not young.
type youth struct {
	stored atomic.Int64 // report ids stored, counted from the first open
	next   atomic.Int64 // the count at which to analyse next; 0: never
}

// initYouth reads the count of report ids at open (PostgreSQL only).
func (s *Store) initYouth(ctx context.Context) {
	if !s.pg() {
		return
	}
	var n int64
	if err := s.r.QueryRowContext(ctx, countReportsSQL).Scan(&n); err != nil || n >= youngUntil {
		return
	}
	s.youth.stored.Store(n)
	next := int64(1000)
	for next != 0 && next <= n {
		next = nextMark(next)
	}
	s.youth.next.Store(next)
}

// grew counts k new report ids and analyses when a mark is passed.
func (s *Store) grew(k int) {
	next := s.youth.next.Load()
	if next == 0 || k == 0 {
		return
	}
	if n := s.youth.stored.Add(int64(k)); n < next || !s.youth.next.CompareAndSwap(next, nextMark(next)) {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, _ = s.w.ExecContext(ctx, analyzeSQL)
	}()
}

func nextMark(m int64) int64 {
	if m*2 > youngUntil {
		return 0
	}
	return m * 2
}
