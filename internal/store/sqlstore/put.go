package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// The write path of PutReports, set by set: a group of reports costs a
// fixed number of statements, not a dozen per report. Each step takes
// the rows of the whole group; PostgreSQL runs it as one statement over
// unnest() arrays (one round trip), SQLite as a loop over a statement
// prepared once (no round trips there, and no parsing per row). The
// decisions (is a report new, does it change its machine's content, is it
// the machine's latest) are taken in Go, in the same order as before:
// by machine key, then report id.

// mstate is a machine's row as the group goes along.
type mstate struct {
	id, gen, row int64
	hash         string
	seen, seenDB int64 // last_seen wanted (the group's latest) and stored
	isNew        bool  // not stored yet: inserted whole by updateMachines
	first        int64 // first_seen of a new machine
	rowPlan      int   // the plan whose history row is the machine's report_row (-1: row)
	full, last   int   // the plan that sets its content, the latest plan (-1: none)
}

// plan is what one new report does.
type plan struct {
	i       int  // index in rs
	hist    bool // a history row of its own
	rowPlan int  // else: the plan whose row it points to (-1: rowDB)
	rowDB   int64
	seq     int64
}

// writeStmts are the statements SQLite's writer runs per row; Open
// prepares them before the first transaction (the writer has one
// connection, which a transaction holds).
var writeStmts = []string{
	insertIDSQL, touchAgentSQL, selectMachineSQL, maxMachineSQL, insertMachineSQL, insertHistorySQL, updateMachineSQL, updateLightSQL, touchMachineSQL,
	deleteCodesSQL, deleteHostCountSQL, deleteRenewalSQL, insertCodeSQL, insertHostCountSQL, insertRenewalSQL, linkIDSQL,
}

const (
	insertIDSQL        = `INSERT INTO report_ids (id, agent_id, received_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`
	touchAgentSQL      = `UPDATE agents SET last_seen = ? WHERE id = ? AND last_seen < ?`
	updateLightSQL     = `UPDATE machines SET report_id = ?, generated_at = ?, last_seen = ? WHERE id = ?`
	touchMachineSQL    = `UPDATE machines SET last_seen = ? WHERE id = ?`
	deleteCodesSQL     = `DELETE FROM machine_codes WHERE machine_id = ?`
	deleteHostCountSQL = `DELETE FROM kms_host_counts WHERE machine_id = ?`
	deleteRenewalSQL   = `DELETE FROM machine_renewals WHERE machine_id = ?`
	insertCodeSQL      = `INSERT INTO machine_codes (machine_id, code) VALUES (?, ?)`
	insertHostCountSQL = `INSERT INTO kms_host_counts (machine_id, host, computer, count, window_end) VALUES (?, ?, ?, ?, ?)`
	insertRenewalSQL   = `INSERT INTO machine_renewals (machine_id, last_success, renewal_s, overdue_at) VALUES (?, ?, ?, ?)`
	linkIDSQL          = `UPDATE report_ids SET machine_id = ?, report_row = ? WHERE id = ?`
)

// prepareWrites prepares writeStmts on the writer (SQLite only; pgx
// keeps its own cache of prepared statements per connection).
func (s *Store) prepareWrites(ctx context.Context) error {
	if s.pg() {
		return nil
	}
	s.stmts = map[string]*sql.Stmt{}
	for _, q := range writeStmts {
		st, err := s.w.PrepareContext(ctx, s.q(q))
		if err != nil {
			return fmt.Errorf("prepare %q: %w", q, err)
		}
		s.stmts[q] = st
	}
	return nil
}

// rowOne runs a prepared query of one row in tx.
func (s *Store) rowOne(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	if st, ok := s.stmts[query]; ok {
		return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, s.q(query), args...)
}

// exec runs a prepared statement in tx.
func (s *Store) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if st, ok := s.stmts[query]; ok {
		return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, s.q(query), args...)
}

func (s *Store) pg() bool { return s.d.Numbered }

// putGroup stores the reports of rs in tx (in the order of order) and
// returns which were new.
func (s *Store) putGroup(ctx context.Context, tx *sql.Tx, rs []fleet.Received, ms []fleet.Machine, order []int) ([]bool, error) {
	fresh := make([]bool, len(rs))
	ids := make([]string, len(rs))
	for i := range rs {
		ids[i] = clean(rs[i].ID)
	}
	// 1. The report ids: the first of each id in rs is a candidate; the
	// ones the table did not hold are new.
	seen := make(map[string]bool, len(rs))
	var cand []int
	for _, i := range order {
		if !seen[ids[i]] {
			seen[ids[i]] = true
			cand = append(cand, i)
		}
	}
	var inserted map[string]bool
	var err error
	if s.pg() {
		// PostgreSQL: the new ids are written once, whole, at the end
		// (insertLinkedIDs); here they are only looked up.
		inserted, err = s.unknownIDs(ctx, tx, ids, cand)
	} else {
		inserted, err = s.insertIDs(ctx, tx, rs, ids, cand)
	}
	if err != nil {
		return nil, err
	}
	var fr []int
	for _, i := range cand {
		if inserted[ids[i]] {
			fresh[i] = true
			fr = append(fr, i)
		}
	}
	if len(fr) == 0 {
		return fresh, s.touchAgents(ctx, tx, rs)
	}
	// 2. Their machines, created or seen again (fr is sorted by key).
	var keys []string
	var first, last []int64
	for _, i := range fr {
		k, at := clean(ms[i].Key), unix(rs[i].ReceivedAt)
		if n := len(keys); n > 0 && keys[n-1] == k {
			last[n-1] = max(last[n-1], at) // first_seen: the first in order, as one by one
			continue
		}
		keys, first, last = append(keys, k), append(first, at), append(last, at)
	}
	state, err := s.upsertMachines(ctx, tx, keys, first, last)
	if err != nil {
		return nil, err
	}
	// 3. What each report does, in order.
	plans := make([]plan, len(fr))
	for p, i := range fr {
		m := ms[i]
		c := state[clean(m.Key)]
		if c == nil {
			return nil, fmt.Errorf("report %d: machine %q not returned", i, m.Key)
		}
		pl := plan{i: i, hist: c.hash != m.ContentHash, rowPlan: c.rowPlan, rowDB: c.row}
		switch newer := unix(m.GeneratedAt) >= c.gen; {
		case newer && pl.hist:
			c.hash, c.gen, c.rowPlan, c.full, c.last = m.ContentHash, unix(m.GeneratedAt), p, p, p
		case newer:
			c.gen, c.last = unix(m.GeneratedAt), p
		}
		plans[p] = pl
	}
	// 4. The history rows.
	if err := s.insertHistory(ctx, tx, rs, ms, ids, state, plans); err != nil {
		return nil, err
	}
	rowOf := func(p int) int64 {
		pl := plans[p]
		switch {
		case pl.hist:
			return pl.seq
		case pl.rowPlan >= 0:
			return plans[pl.rowPlan].seq
		}
		return pl.rowDB
	}
	// 5. The machines' latest state and what is derived from it.
	if err := s.updateMachines(ctx, tx, rs, ms, ids, keys, state, plans); err != nil {
		return nil, err
	}
	// 6. Each new report id points to its machine and its content's row.
	mids, rows := make([]int64, len(plans)), make([]int64, len(plans))
	for p, pl := range plans {
		mids[p], rows[p] = state[clean(ms[pl.i].Key)].id, rowOf(p)
	}
	if s.pg() {
		err = s.insertLinkedIDs(ctx, tx, rs, ids, plans, mids, rows)
	} else {
		err = s.linkIDs(ctx, tx, ids, plans, mids, rows)
	}
	if err != nil {
		return nil, err
	}
	// Last: the agents' last_seen (see touchAgents).
	return fresh, s.touchAgents(ctx, tx, rs)
}

func (s *Store) insertIDs(ctx context.Context, tx *sql.Tx, rs []fleet.Received, ids []string, cand []int) (map[string]bool, error) {
	out := make(map[string]bool, len(cand))
	if s.pg() {
		a, ag, at := make([]string, len(cand)), make([]int64, len(cand)), make([]int64, len(cand))
		for k, i := range cand {
			a[k], ag[k], at[k] = ids[i], rs[i].AgentID, unix(rs[i].ReceivedAt)
		}
		rows, err := tx.QueryContext(ctx, `INSERT INTO report_ids (id, agent_id, received_at)
SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[]) ON CONFLICT (id) DO NOTHING RETURNING id`, a, ag, at)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			out[id] = true
		}
		return out, rows.Err()
	}
	for _, i := range cand {
		res, err := s.exec(ctx, tx, insertIDSQL,
			ids[i], rs[i].AgentID, unix(rs[i].ReceivedAt))
		if err != nil {
			return nil, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out[ids[i]] = true
		}
	}
	return out, nil
}

// touchAgents moves the last_seen of the groups' agents on. Many machines
// often share one agent token (a site's), so every group of the writers
// touches the same row: on PostgreSQL the UPDATE locked that row until
// commit, and with the touch at the start of the group the second writer
// waited for the whole of the first one's transaction (pg_stat_statements:
// 1.26 ms a call under load, more than any insert of the group). The touch
// now comes last and, on PostgreSQL, skips a row another transaction holds:
// that one is setting the same agent's last_seen to the time of its own
// group, received at about the same moment.
func (s *Store) touchAgents(ctx context.Context, tx *sql.Tx, rs []fleet.Received) error {
	seen := map[int64]int64{}
	for _, r := range rs {
		if a := r.AgentID; a > 0 && unix(r.ReceivedAt) > seen[a] {
			seen[a] = unix(r.ReceivedAt)
		}
	}
	q := touchAgentSQL
	if s.pg() {
		q = `UPDATE agents SET last_seen = $1 WHERE id = (SELECT id FROM agents WHERE id = $2 AND last_seen < $3 FOR UPDATE SKIP LOCKED)`
	}
	for _, a := range slices.Sorted(mapKeys(seen)) {
		if _, err := s.exec(ctx, tx, q, seen[a], a, seen[a]); err != nil {
			return err
		}
	}
	return nil
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

const (
	selectMachineSQL = `SELECT id, generated_at, content_hash, report_row, last_seen FROM machines WHERE mkey = ?`
	maxMachineSQL    = `SELECT COALESCE(MAX(id), 0) FROM machines`
	insertMachineSQL = `INSERT INTO machines (id, mkey, computer, domain, cmid, os, build, role, server, license_status, channel, expires_at, kms_host,
status, primary_id, codes, products, report_id, report_row, content_hash, generated_at, first_seen, last_seen, cloud)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

// upsertMachines returns the stored state of the machines of keys (sorted),
// locked for this transaction, and an id for each one not stored yet. No
// machine is written here: a stored one gets its one UPDATE in
// updateMachines, a new one is inserted there whole, once its report_row
// is known (on PostgreSQL every UPDATE writes a row version and, when an
// indexed column changes, an entry in each of the table's indexes: a new
// machine inserted with defaults and then updated wrote all of them twice).
func (s *Store) upsertMachines(ctx context.Context, tx *sql.Tx, keys []string, first, last []int64) (map[string]*mstate, error) {
	out := make(map[string]*mstate, len(keys))
	var miss []int
	if !s.pg() {
		for n, k := range keys {
			c := &mstate{rowPlan: -1, full: -1, last: -1, seen: last[n]}
			err := s.rowOne(ctx, tx, selectMachineSQL, k).Scan(&c.id, &c.gen, &c.hash, &c.row, &c.seenDB)
			if errors.Is(err, sql.ErrNoRows) {
				miss, err = append(miss, n), nil
				continue
			}
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
	} else {
		// PostgreSQL: lock the stored ones in key order, as every writer
		// does. One that another transaction inserts meanwhile makes the
		// insert of updateMachines fall short: errRaced, and the group
		// runs again (then it is stored and locked here).
		pos := make(map[string]int, len(keys))
		for n, k := range keys {
			pos[k] = n
		}
		rows, err := tx.QueryContext(ctx, `SELECT mkey, id, generated_at, content_hash, report_row, last_seen FROM machines
WHERE mkey = ANY($1::text[]) ORDER BY mkey FOR UPDATE`, keys)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k string
			c := &mstate{rowPlan: -1, full: -1, last: -1}
			if err := rows.Scan(&k, &c.id, &c.gen, &c.hash, &c.row, &c.seenDB); err != nil {
				rows.Close()
				return nil, err
			}
			if n, ok := pos[k]; ok {
				c.seen = last[n]
				out[k] = c
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for n, k := range keys {
			if out[k] == nil {
				miss = append(miss, n)
			}
		}
	}
	if len(miss) == 0 {
		return out, nil
	}
	ids, err := s.newMachineIDs(ctx, tx, len(miss))
	if err != nil {
		return nil, err
	}
	for j, n := range miss {
		out[keys[n]] = &mstate{id: ids[j], rowPlan: -1, full: -1, last: -1, isNew: true, first: first[n], seen: last[n], seenDB: last[n]}
	}
	return out, nil
}

// newMachineIDs returns n ids for new machines: from the identity's
// sequence on PostgreSQL, after the largest stored id on SQLite (its one
// writer holds the database's write lock for the whole transaction).
func (s *Store) newMachineIDs(ctx context.Context, tx *sql.Tx, n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	if !s.pg() {
		var top int64
		if err := s.rowOne(ctx, tx, maxMachineSQL).Scan(&top); err != nil {
			return nil, err
		}
		for k := range n {
			ids = append(ids, top+1+int64(k))
		}
		return ids, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('machines', 'id')) FROM generate_series(1, $1::int)`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) != n {
		return nil, fmt.Errorf("%d machine ids for %d new machines", len(ids), n)
	}
	return ids, nil
}

func body(r fleet.Received) string {
	if len(r.Body) == 0 {
		return clean(mustJSON(r.Report))
	}
	return clean(string(r.Body))
}

const insertHistorySQL = `INSERT INTO reports (machine_id, report_id, content_hash, generated_at, received_at, status, primary_id, body)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`

func (s *Store) insertHistory(ctx context.Context, tx *sql.Tx, rs []fleet.Received, ms []fleet.Machine, ids []string, state map[string]*mstate, plans []plan) error {
	var hp []int
	for p := range plans {
		if plans[p].hist {
			hp = append(hp, p)
		}
	}
	if len(hp) == 0 {
		return nil
	}
	if s.pg() {
		n := len(hp)
		mid, rid, hash, gen, at, st, pri, bod := make([]int64, n), make([]string, n), make([]string, n), make([]int64, n),
			make([]int64, n), make([]string, n), make([]string, n), make([]string, n)
		for k, p := range hp {
			i := plans[p].i
			m := ms[i]
			mid[k], rid[k], hash[k], gen[k], at[k] = state[clean(m.Key)].id, ids[i], m.ContentHash, unix(m.GeneratedAt), unix(rs[i].ReceivedAt)
			st[k], pri[k], bod[k] = clean(m.Status), clean(m.Primary), body(rs[i])
		}
		rows, err := tx.QueryContext(ctx, `INSERT INTO reports (machine_id, report_id, content_hash, generated_at, received_at, status, primary_id, body)
SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::text[]) RETURNING report_id, seq`,
			mid, rid, hash, gen, at, st, pri, bod)
		if err != nil {
			return err
		}
		defer rows.Close()
		seqs := make(map[string]int64, n)
		for rows.Next() {
			var (
				id  string
				seq int64
			)
			if err := rows.Scan(&id, &seq); err != nil {
				return err
			}
			seqs[id] = seq
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, p := range hp {
			seq, ok := seqs[ids[plans[p].i]]
			if !ok {
				return fmt.Errorf("report %d: history row not returned", plans[p].i)
			}
			plans[p].seq = seq
		}
		return nil
	}
	for _, p := range hp {
		i := plans[p].i
		m := ms[i]
		if err := s.rowOne(ctx, tx, insertHistorySQL, state[clean(m.Key)].id, ids[i], m.ContentHash, unix(m.GeneratedAt), unix(rs[i].ReceivedAt),
			clean(m.Status), clean(m.Primary), body(rs[i])).Scan(&plans[p].seq); err != nil {
			return err
		}
	}
	return nil
}

const updateMachineSQL = `UPDATE machines SET computer = ?, domain = ?, cmid = ?, os = ?, build = ?, role = ?, server = ?,
license_status = ?, channel = ?, expires_at = ?, kms_host = ?, status = ?, primary_id = ?, codes = ?, products = ?,
report_id = ?, report_row = ?, content_hash = ?, generated_at = ?, last_seen = ?, cloud = ? WHERE id = ?`

// cloudOf is the cloud the machine's latest report names (subject.cloud),
// kept in machines.cloud for the dashboard's filter. It used to be set by
// a trigger that parsed the stored body on every update (migration 0100;
// 0102 drops it): the writer has the report decoded already.
func cloudOf(r fleet.Received) string {
	if r.Report == nil {
		return ""
	}
	return strings.ToLower(clean(r.Report.Subject.Cloud))
}

// fullRow is a machine's new latest state.
type fullRow struct {
	id                                                    int64
	computer, domain, cmid, os, build, role               string
	server                                                int64
	license, channel                                      string
	expires                                               int64
	kms, status, primary, codes, products, reportID, hash string
	cloud                                                 string
	row, gen, seen                                        int64
	isNew                                                 bool // inserted, not updated
	key                                                   string
	first                                                 int64
	m                                                     fleet.Machine
	r                                                     fleet.Received
	derived                                               bool // what m and r say replaces the machine's codes and counts
}

func (s *Store) updateMachines(ctx context.Context, tx *sql.Tx, rs []fleet.Received, ms []fleet.Machine, ids []string, keys []string, state map[string]*mstate, plans []plan) error {
	var full, fresh []fullRow
	var light []int            // plans whose machine only gets a newer report id
	var touch, touchAt []int64 // machines only seen again
	for _, k := range keys {
		c := state[k]
		switch {
		case c.full >= 0:
			f, l := plans[c.full], plans[c.last]
			m := ms[f.i]
			row := fullRow{id: c.id, computer: clean(m.Computer), domain: clean(m.Domain), cmid: clean(m.CMID), os: clean(m.OS),
				build: clean(m.Build), role: clean(m.Role), server: int64(b2i(m.Server)), license: clean(m.LicenseStatus), channel: clean(m.Channel),
				expires: unix(m.ExpiresAt), kms: clean(m.KMSHost), status: clean(m.Status), primary: clean(m.Primary), codes: mustJSON(m.Codes),
				products: mustJSON(m.Products), reportID: ids[l.i], hash: m.ContentHash, row: f.seq, gen: unix(ms[l.i].GeneratedAt), seen: max(c.seen, c.seenDB),
				cloud: cloudOf(rs[f.i]), isNew: c.isNew, key: k, first: c.first, m: m, r: rs[f.i], derived: true}
			if c.isNew {
				fresh = append(fresh, row)
			} else {
				full = append(full, row)
			}
		case c.isNew:
			// A new machine whose reports carry no content (no history
			// row): the defaults of the schema, and its latest report.
			row := fullRow{id: c.id, license: "unknown", status: "unknown", codes: "[]", products: "[]", seen: c.seen, isNew: true, key: k, first: c.first}
			if c.last >= 0 {
				row.reportID, row.gen = ids[plans[c.last].i], unix(ms[plans[c.last].i].GeneratedAt)
			}
			fresh = append(fresh, row)
		case c.last >= 0:
			light = append(light, c.last)
		case c.seen > c.seenDB:
			touch, touchAt = append(touch, c.id), append(touchAt, c.seen)
		}
	}
	if err := s.updateLight(ctx, tx, ms, ids, state, plans, light); err != nil {
		return err
	}
	if err := s.touchMachines(ctx, tx, touch, touchAt); err != nil {
		return err
	}
	if err := s.writeMachines(ctx, tx, full, false); err != nil {
		return err
	}
	if err := s.writeMachines(ctx, tx, fresh, true); err != nil {
		return err
	}
	var derived []fullRow
	for _, f := range append(full, fresh...) {
		if f.derived {
			derived = append(derived, f)
		}
	}
	if len(derived) == 0 {
		return nil
	}
	return s.putDerivedRows(ctx, tx, derived)
}

// writeMachines updates the stored machines of rows or, with insert,
// inserts the new ones whole (in key order, as keys are). On PostgreSQL an
// insert that falls short met a machine another transaction stored
// meanwhile: errRaced.
func (s *Store) writeMachines(ctx context.Context, tx *sql.Tx, rows []fullRow, insert bool) error {
	if len(rows) == 0 {
		return nil
	}
	if !s.pg() {
		for _, f := range rows {
			var err error
			if insert {
				_, err = s.exec(ctx, tx, insertMachineSQL, f.id, f.key, f.computer, f.domain, f.cmid, f.os, f.build, f.role, f.server, f.license, f.channel,
					f.expires, f.kms, f.status, f.primary, f.codes, f.products, f.reportID, f.row, f.hash, f.gen, f.first, f.seen, f.cloud)
			} else {
				_, err = s.exec(ctx, tx, updateMachineSQL, f.computer, f.domain, f.cmid, f.os, f.build, f.role, f.server, f.license, f.channel,
					f.expires, f.kms, f.status, f.primary, f.codes, f.products, f.reportID, f.row, f.hash, f.gen, f.seen, f.cloud, f.id)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	n := len(rows)
	var (
		id, server, expires, row, gen, seen, first                                      = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
		computer, domain, cmid, os, build, role, license, channel, kms, status, primary = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		codes, products, reportID, hash, cloud, key                                     = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	)
	for k, f := range rows {
		id[k], computer[k], domain[k], cmid[k], os[k], build[k], role[k], server[k] = f.id, f.computer, f.domain, f.cmid, f.os, f.build, f.role, f.server
		license[k], channel[k], expires[k], kms[k], status[k], primary[k], codes[k] = f.license, f.channel, f.expires, f.kms, f.status, f.primary, f.codes
		products[k], reportID[k], row[k], hash[k], gen[k], seen[k], cloud[k] = f.products, f.reportID, f.row, f.hash, f.gen, f.seen, f.cloud
		key[k], first[k] = f.key, f.first
	}
	const cols = `unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::text[],
$11::bigint[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::bigint[], $19::text[], $20::bigint[], $21::bigint[], $22::text[]`
	args := []any{id, computer, domain, cmid, os, build, role, server, license, channel, expires, kms, status, primary, codes, products, reportID, row, hash, gen, seen, cloud}
	if !insert {
		_, err := tx.ExecContext(ctx, `UPDATE machines m SET computer = u.computer, domain = u.domain, cmid = u.cmid, os = u.os, build = u.build,
role = u.role, server = u.server, license_status = u.license_status, channel = u.channel, expires_at = u.expires_at, kms_host = u.kms_host,
status = u.status, primary_id = u.primary_id, codes = u.codes, products = u.products, report_id = u.report_id, report_row = u.report_row,
content_hash = u.content_hash, generated_at = u.generated_at, last_seen = u.last_seen, cloud = u.cloud
FROM `+cols+`)
AS u(id, computer, domain, cmid, os, build, role, server, license_status, channel, expires_at, kms_host, status, primary_id, codes, products,
report_id, report_row, content_hash, generated_at, last_seen, cloud) WHERE m.id = u.id`, args...)
		return err
	}
	return insertAll(ctx, tx, n, `INSERT INTO machines (id, computer, domain, cmid, os, build, role, server, license_status, channel, expires_at, kms_host,
status, primary_id, codes, products, report_id, report_row, content_hash, generated_at, last_seen, cloud, mkey, first_seen)
SELECT * FROM `+cols+`, $23::text[], $24::bigint[]) ON CONFLICT (mkey) DO NOTHING`, append(args, key, first)...)
}

// insertAll runs an INSERT ... ON CONFLICT DO NOTHING of n rows: fewer
// inserted means that another transaction stored one of them meanwhile
// (errRaced).
func insertAll(ctx context.Context, tx *sql.Tx, n int, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if k, err := res.RowsAffected(); err != nil {
		return err
	} else if int(k) != n {
		return errRaced
	}
	return nil
}

func (s *Store) updateLight(ctx context.Context, tx *sql.Tx, ms []fleet.Machine, ids []string, state map[string]*mstate, plans []plan, light []int) error {
	if len(light) == 0 {
		return nil
	}
	n := len(light)
	id, rid, gen, seen := make([]int64, n), make([]string, n), make([]int64, n), make([]int64, n)
	for k, p := range light {
		i := plans[p].i
		c := state[clean(ms[i].Key)]
		id[k], rid[k], gen[k], seen[k] = c.id, ids[i], unix(ms[i].GeneratedAt), max(c.seen, c.seenDB)
	}
	if s.pg() {
		_, err := tx.ExecContext(ctx, `UPDATE machines m SET report_id = u.rid, generated_at = u.gen, last_seen = u.seen
FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[]) AS u(id, rid, gen, seen) WHERE m.id = u.id`, id, rid, gen, seen)
		return err
	}
	for k := range light {
		if _, err := s.exec(ctx, tx, updateLightSQL, rid[k], gen[k], seen[k], id[k]); err != nil {
			return err
		}
	}
	return nil
}

// touchMachines moves the last_seen of machines on.
func (s *Store) touchMachines(ctx context.Context, tx *sql.Tx, id, at []int64) error {
	if len(id) == 0 {
		return nil
	}
	if s.pg() {
		_, err := tx.ExecContext(ctx, `UPDATE machines m SET last_seen = u.at FROM unnest($1::bigint[], $2::bigint[]) AS u(id, at) WHERE m.id = u.id`, id, at)
		return err
	}
	for k := range id {
		if _, err := s.exec(ctx, tx, touchMachineSQL, at[k], id[k]); err != nil {
			return err
		}
	}
	return nil
}

// putDerivedRows replaces the codes and what else the machines' new latest
// reports say (fleet.HostCountFrom, fleet.RenewalFrom).
func (s *Store) putDerivedRows(ctx context.Context, tx *sql.Tx, full []fullRow) error {
	var (
		ids, codeMID, hostMID, count, end, renMID, lastOK, every, overdue []int64
		codes, host, computer, renHost                                    []string
	)
	for _, f := range full {
		if !f.isNew {
			ids = append(ids, f.id) // a new machine has none to replace
		}
		for _, c := range slices.Compact(slices.Sorted(slices.Values(f.m.Codes))) {
			codeMID, codes = append(codeMID, f.id), append(codes, clean(c))
		}
		if n, e, ok := fleet.HostCountFrom(f.r.Report); ok {
			hostMID, host, computer = append(hostMID, f.id), append(host, clean(f.m.Key)), append(computer, clean(strings.ToLower(f.m.Computer)))
			count, end = append(count, int64(n)), append(end, unix(e))
		}
		if rn, ok := fleet.RenewalFrom(f.r.Report); ok {
			renMID, lastOK, renHost = append(renMID, f.id), append(lastOK, unix(rn.LastSuccess)), append(renHost, f.kms)
			every, overdue = append(every, int64(rn.Interval/time.Second)), append(overdue, unix(rn.LastSuccess.Add(rn.Interval)))
		}
	}
	if s.pg() {
		for _, q := range []string{`DELETE FROM machine_codes WHERE machine_id = ANY($1::bigint[])`,
			`DELETE FROM kms_host_counts WHERE machine_id = ANY($1::bigint[])`, `DELETE FROM machine_renewals WHERE machine_id = ANY($1::bigint[])`} {
			if len(ids) == 0 {
				break
			}
			if _, err := tx.ExecContext(ctx, q, ids); err != nil {
				return err
			}
		}
		if len(codeMID) > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO machine_codes (machine_id, code) SELECT * FROM unnest($1::bigint[], $2::text[])`, codeMID, codes); err != nil {
				return err
			}
		}
		if len(hostMID) > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO kms_host_counts (machine_id, host, computer, count, window_end)
SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])`, hostMID, host, computer, count, end); err != nil {
				return err
			}
		}
		if len(renMID) > 0 {
			// kms_host: the machine's, as SQLite's trigger sets it (0101;
			// PostgreSQL's trigger went in 0105).
			if _, err := tx.ExecContext(ctx, `INSERT INTO machine_renewals (machine_id, last_success, renewal_s, overdue_at, kms_host)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[])`, renMID, lastOK, every, overdue, renHost); err != nil {
				return err
			}
		}
		return nil
	}
	for _, id := range ids {
		for _, q := range []string{deleteCodesSQL, deleteHostCountSQL, deleteRenewalSQL} {
			if _, err := s.exec(ctx, tx, q, id); err != nil {
				return err
			}
		}
	}
	for k := range codeMID {
		if _, err := s.exec(ctx, tx, insertCodeSQL, codeMID[k], codes[k]); err != nil {
			return err
		}
	}
	for k := range hostMID {
		if _, err := s.exec(ctx, tx, insertHostCountSQL,
			hostMID[k], host[k], computer[k], count[k], end[k]); err != nil {
			return err
		}
	}
	for k := range renMID {
		if _, err := s.exec(ctx, tx, insertRenewalSQL,
			renMID[k], lastOK[k], every[k], overdue[k]); err != nil {
			return err
		}
	}
	return nil
}

// errRaced: another transaction stored one of the group's new report ids (or new machines)
// after this one looked it up; inTx runs the group again, and then the id
// is known.
var errRaced = errors.New("a report id or a new machine was stored meanwhile by another transaction")

// unknownIDs (PostgreSQL) returns which ids of cand report_ids does not
// hold. Writing them first and linking them to their machine and row at
// the end, as SQLite does, wrote each row twice: report_row is in the
// replay index (0103), so the second write could not be a HOT update and
// wrote every index again.
func (s *Store) unknownIDs(ctx context.Context, tx *sql.Tx, ids []string, cand []int) (map[string]bool, error) {
	a := make([]string, len(cand))
	for k, i := range cand {
		a[k] = ids[i]
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM report_ids WHERE id = ANY($1::text[])`, a)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	known := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		known[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(cand))
	for _, id := range a {
		if !known[id] {
			out[id] = true
		}
	}
	return out, nil
}

// insertLinkedIDs (PostgreSQL) writes the new report ids with their
// machine and row, in id order (every writer takes the ids' index entries
// in one order). An id another transaction inserted meanwhile is not
// written: errRaced, and the group is stored again.
func (s *Store) insertLinkedIDs(ctx context.Context, tx *sql.Tx, rs []fleet.Received, ids []string, plans []plan, mids, rows []int64) error {
	n := len(plans)
	by := make([]int, n)
	for p := range by {
		by[p] = p
	}
	slices.SortFunc(by, func(a, b int) int { return strings.Compare(ids[plans[a].i], ids[plans[b].i]) })
	id, ag, at, mid, row := make([]string, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	for k, p := range by {
		i := plans[p].i
		id[k], ag[k], at[k], mid[k], row[k] = ids[i], rs[i].AgentID, unix(rs[i].ReceivedAt), mids[p], rows[p]
	}
	return insertAll(ctx, tx, n, `INSERT INTO report_ids (id, agent_id, received_at, machine_id, report_row)
SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[]) ON CONFLICT (id) DO NOTHING`, id, ag, at, mid, row)
}

func (s *Store) linkIDs(ctx context.Context, tx *sql.Tx, ids []string, plans []plan, mids, rows []int64) error {
	if s.pg() {
		rid := make([]string, len(plans))
		for p, pl := range plans {
			rid[p] = ids[pl.i]
		}
		_, err := tx.ExecContext(ctx, `UPDATE report_ids r SET machine_id = u.mid, report_row = u.row
FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS u(id, mid, row) WHERE r.id = u.id`, rid, mids, rows)
		return err
	}
	for p, pl := range plans {
		if _, err := s.exec(ctx, tx, linkIDSQL, mids[p], rows[p], ids[pl.i]); err != nil {
			return err
		}
	}
	return nil
}
