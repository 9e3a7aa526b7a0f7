package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// The one-time replay of the stored history into the daily rollups
// (RefreshRollups, rollup.go), in bounded memory: it reads the report ids
// in chunks of at most replayChunk rows (a short read of its own each,
// without bodies), keeps each machine's state in a small value without
// pointers or strings (names are numbers of an intern table), and reads
// the bodies it must decode in batches of replayBatch, only for the
// machines whose content changed since the last day it counted. Its
// memory grows with the machines (~42 bytes each), not with the reports.

// replayChunk is the most report ids one query of the replay reads (more
// only when that many share one second); SetReplayChunk changes it.
const replayChunk = 20000

// replayBatch is the bodies one query of the replay reads.
const replayBatch = 64

// bodiesSQL reads replayBatch bodies by seq (the unused places are 0,
// which no row has).
var bodiesSQL = `SELECT seq, body FROM reports WHERE seq IN (?` + strings.Repeat(", ?", replayBatch-1) + `)`

// SetReplayChunk sets the most report ids one query of the history
// replay reads (n < 1: the default); for tests of chunk boundaries.
func (s *Store) SetReplayChunk(n int) { s.chunk = n }

// replayed is a machine's state during the replay; license, verdict and
// host are numbers of the replay's names.
type replayed struct {
	seen, gen, seq                   int64
	license, verdict, host           int32
	known, server, pending, hasCount bool
}

// states holds the replayed machines by id in pages of 64 (ids are
// mostly dense): ~42 bytes a machine, no pointer but one a page.
type states map[int64]*[64]replayed

// at is machine id's state (known is false the first time).
func (st states) at(id int64) *replayed {
	p := st[id>>6]
	if p == nil {
		p = new([64]replayed)
		st[id>>6] = p
	}
	return &p[id&63]
}

// each calls fn for every known machine.
func (st states) each(fn func(id int64, m *replayed)) {
	for k, p := range st {
		for i := range p {
			if p[i].known {
				fn(k<<6|int64(i), &p[i])
			}
		}
	}
}

// names interns the few distinct strings of the replay.
type names struct {
	idx  map[string]int32
	list []string
}

func (n *names) id(s string) int32 {
	if i, ok := n.idx[s]; ok {
		return i
	}
	n.idx[s] = int32(len(n.list))
	n.list = append(n.list, s)
	return int32(len(n.list) - 1)
}

// replay is the state of one backfill.
type replay struct {
	s                 *Store
	ms                states
	counts            map[int64]fleet.HostCount // the machines whose report has the host's count
	nm                names
	noHost, unknown   int32 // ids of "" and of the unknown license state
	noVerdict         int32
	reports, problems map[int64]int
	pending           int
}

// backfill fills the days from first to before today from the stored
// history: it replays the report ids in the order they were received
// (received_at, then the row they name), keeps each machine's latest
// state as the writer does, and counts every day at its end. Days already
// counted are left as they are.
func (s *Store) backfill(ctx context.Context, first, today int64) error {
	if first < today {
		if err := s.replay(ctx, first, today); err != nil {
			return err
		}
	}
	_, err := s.w.ExecContext(ctx, s.q(`INSERT INTO rollup_state (name, value) VALUES ('backfilled', ?)
ON CONFLICT (name) DO UPDATE SET value = excluded.value`), today)
	return err
}

func (s *Store) replay(ctx context.Context, first, today int64) error {
	rp := &replay{s: s, ms: states{}, counts: map[int64]fleet.HostCount{}, nm: names{idx: map[string]int32{}},
		reports: map[int64]int{}, problems: map[int64]int{}}
	rp.noHost = rp.nm.id("")
	rp.unknown = rp.nm.id(fleet.LicenseUnknown)
	rp.noVerdict = rp.nm.id(report.StatusUnknown)
	chunk := s.chunk
	if chunk < 1 {
		chunk = replayChunk
	}
	cur, end := first, today*day
	var lo int64
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MIN(received_at), 0) FROM report_ids`).Scan(&lo); err != nil {
		return err
	}
	for lo < end {
		// The chunk is [lo, hi): hi is the received_at of the row after
		// the first chunk rows, or one second on when they all share lo.
		hi := end
		err := s.r.QueryRowContext(ctx, s.q(`SELECT received_at FROM report_ids WHERE received_at >= ? AND received_at < ?
ORDER BY received_at LIMIT 1 OFFSET ?`), lo, end, chunk).Scan(&hi)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if hi <= lo {
			hi = lo + 1
		}
		if err := rp.chunk(ctx, lo, hi, &cur, today); err != nil {
			return err
		}
		lo = hi
	}
	for ; cur < today; cur++ {
		if err := rp.snap(ctx, cur); err != nil {
			return err
		}
	}
	return nil
}

// chunk replays the report ids received in [lo, hi), counting the days
// that end before them, as it reads them (report_ids_replay gives their
// order, so nothing is sorted). The body comes with the id that brought
// it, and is decoded at once when it is its machine's latest content; an
// id naming an earlier row (content sent again) that becomes the latest
// is decoded before the day is counted (decode).
func (rp *replay) chunk(ctx context.Context, lo, hi int64, cur *int64, today int64) error {
	// A report id names the reports row of its content; the id whose
	// report stored the row is the one that brought the content.
	rows, err := rp.s.r.QueryContext(ctx, rp.s.q(`SELECT i.machine_id, i.received_at, CASE WHEN r.report_id = i.id THEN 1 ELSE 0 END, r.seq, r.generated_at, r.status,
CASE WHEN r.report_id = i.id THEN r.body END
FROM report_ids i JOIN reports r ON r.seq = i.report_row WHERE i.received_at >= ? AND i.received_at < ? AND i.machine_id > 0
ORDER BY i.received_at, i.report_row`), lo, hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		id, at, fresh, seq, gen int64
		status                  string
		body                    []byte
	)
	for rows.Next() {
		if err := rows.Scan(&id, &at, &fresh, &seq, &gen, &status, &body); err != nil {
			return err
		}
		for at >= (*cur+1)*day && *cur < today {
			if err := rp.snap(ctx, *cur); err != nil {
				return err
			}
			*cur++
		}
		m := rp.ms.at(id)
		if !m.known {
			*m = replayed{known: true, license: rp.unknown, verdict: rp.noVerdict, host: rp.noHost}
		}
		m.seen = max(m.seen, at)
		rp.reports[at/day]++
		if fresh == 1 && status == report.StatusProblem {
			rp.problems[at/day]++
		}
		// An id whose content equalled its machine's latest names that
		// row: the same content, generated when it was (its generation
		// time is not kept; it was received at at).
		if fresh == 0 && at < gen {
			gen = at
		}
		if gen < m.gen {
			continue
		}
		m.gen = gen
		if seq == m.seq {
			continue
		}
		m.seq = seq
		if fresh == 1 {
			if m.pending {
				m.pending = false
				rp.pending--
			}
			rp.apply(id, m, body)
			continue
		}
		if !m.pending {
			rp.pending++
		}
		m.pending = true
	}
	if err := rows.Close(); err != nil {
		return err
	}
	return rows.Err()
}

// apply sets machine id's state from its latest content's body (one that
// does not decode leaves the state before).
func (rp *replay) apply(id int64, m *replayed, body []byte) {
	rep, err := report.Decode(body)
	if err != nil {
		return
	}
	fm := fleet.MachineFrom(rep)
	m.license, m.verdict, m.host, m.server = rp.nm.id(fm.LicenseStatus), rp.nm.id(fm.Status), rp.nm.id(fm.KMSHost), fm.Server
	m.hasCount = false
	delete(rp.counts, id)
	if n, end, ok := fleet.HostCountFrom(rep); ok {
		m.hasCount = true
		rp.counts[id] = fleet.HostCount{Host: fm.Key, Computer: strings.ToLower(fm.Computer), Count: n, WindowEnd: end}
	}
}

// decode sets the state of the machines whose content changed from their
// latest rows' bodies, read replayBatch at a time in the order of seq.
func (rp *replay) decode(ctx context.Context) error {
	if rp.pending == 0 {
		return nil
	}
	type want struct{ seq, id int64 }
	ws := make([]want, 0, rp.pending)
	rp.ms.each(func(id int64, m *replayed) {
		if m.pending {
			ws = append(ws, want{m.seq, id})
		}
	})
	slices.SortFunc(ws, func(a, b want) int { return cmp.Compare(a.seq, b.seq) })
	st, err := rp.s.r.PrepareContext(ctx, rp.s.q(bodiesSQL))
	if err != nil {
		return err
	}
	defer st.Close()
	args := make([]any, replayBatch)
	bySeq := make(map[int64]int64, replayBatch)
	for len(ws) > 0 {
		n := min(len(ws), replayBatch)
		clear(bySeq)
		for k := range args {
			args[k] = int64(0)
			if k < n {
				args[k] = ws[k].seq
				bySeq[ws[k].seq] = ws[k].id
			}
		}
		if err := rp.bodies(ctx, st, args, bySeq); err != nil {
			return err
		}
		for _, w := range ws[:n] { // a body not read or not decoded keeps the state before
			rp.ms.at(w.id).pending = false
		}
		ws = ws[n:]
	}
	rp.pending = 0
	return nil
}

func (rp *replay) bodies(ctx context.Context, st *sql.Stmt, args []any, bySeq map[int64]int64) error {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			seq  int64
			body []byte
		)
		if err := rows.Scan(&seq, &body); err != nil {
			return err
		}
		if id, ok := bySeq[seq]; ok {
			rp.apply(id, rp.ms.at(id), body)
		}
	}
	return rows.Err()
}

// snap counts day d from the machines' state at its end and writes its
// points (leaving a day already counted as it is).
func (rp *replay) snap(ctx context.Context, d int64) error {
	if err := rp.decode(ctx); err != nil {
		return err
	}
	end := (d + 1) * day
	n := len(rp.nm.list)
	byName := make([]int, n) // machines per license state and per verdict (their names differ)
	verdicts := make([]int, n)
	clients, servers := make([]int, n), make([]int, n)
	var counts []fleet.HostCount
	rp.ms.each(func(id int64, m *replayed) {
		byName[m.license]++
		verdicts[m.verdict]++
		if m.seen < end-kmsWindow {
			return
		}
		if m.host != rp.noHost {
			if m.server {
				servers[m.host]++
			} else {
				clients[m.host]++
			}
		}
		if m.hasCount {
			counts = append(counts, rp.counts[id])
		}
	})
	states, vs := map[string]int{}, map[string]int{}
	for _, st := range fleet.LicenseStates {
		states[st] = 0
	}
	for _, v := range []string{report.StatusOK, report.StatusProblem, report.StatusUnknown} {
		vs[v] = 0
	}
	var hosts []fleet.KMSHost
	for i, name := range rp.nm.list {
		if byName[i] > 0 {
			states[name] += byName[i]
		}
		if verdicts[i] > 0 {
			vs[name] += verdicts[i]
		}
		if clients[i]+servers[i] > 0 {
			hosts = append(hosts, fleet.NewKMSHost(name, clients[i], servers[i]))
		}
	}
	slices.SortFunc(counts, func(a, b fleet.HostCount) int { return strings.Compare(a.Host, b.Host) })
	ps := fleetPoints(states, vs, rp.reports[d], rp.problems[d], fleet.MergeHostCounts(hosts, counts))
	return rp.s.inTx(ctx, func(tx *sql.Tx) error {
		return rp.s.insertPoints(ctx, tx, d, end-1, ps, true)
	})
}
