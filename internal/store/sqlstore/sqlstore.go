// Package sqlstore is the one implementation of fleet.Store, on
// database/sql. What differs between SQLite and PostgreSQL is a Dialect
// value: the placeholders, the migration files (migrations/<name>/), the
// lock that serialises migrations across processes and which errors are
// worth retrying. Every statement is a constant with placeholders; no SQL
// is ever built from input.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

//go:embed migrations
var migrations embed.FS

// Dialect is what a database engine adds to the common code.
type Dialect struct {
	// Name is the folder of its migrations: sqlite or postgres.
	Name string
	// Numbered placeholders ($1, $2) instead of ?.
	Numbered bool
	// Lock, when set, holds a lock across processes on c until the
	// returned function is called (migrations run under it).
	Lock func(ctx context.Context, c *sql.Conn) (unlock func(), err error)
	// Retry reports whether a transaction that failed with err may be
	// run again (a deadlock or serialization failure).
	Retry func(err error) bool
}

// Store is a fleet.Store on a database.
type Store struct {
	w, r   *sql.DB // writer and readers (the same pool on PostgreSQL)
	d      Dialect
	latest int
	chunk  int    // the replay's chunk of report ids (replay.go); 0: replayChunk
	dense  [2]int // a search's denseMatches and denseWindow (search.go); 0: the constants

	stmts   map[string]*sql.Stmt // the writer's, prepared once (put.go)
	closers []func()
	youth   youth // a new PostgreSQL database's statistics (young.go)
}

var _ fleet.Store = (*Store)(nil)

// Open applies the dialect's migrations that are not applied yet (under
// its Lock) and returns the store. w is used for writes, r for reads.
func Open(ctx context.Context, w, r *sql.DB, d Dialect) (*Store, error) {
	s := &Store{w: w, r: r, d: d}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	if err := s.prepareWrites(ctx); err != nil {
		return nil, err
	}
	s.initYouth(ctx)
	return s, nil
}

// Migrate applies the dialect's migrations that are not applied yet on db
// (Open does too): for a connection set up for them, e.g. SQLite's with
// temporary files on disk, where an index built over millions of rows
// sorts in bounded memory.
func Migrate(ctx context.Context, db *sql.DB, d Dialect) error {
	return (&Store{w: db, r: db, d: d}).migrate(ctx)
}

// q rewrites ? placeholders for the dialect.
func (s *Store) q(query string) string {
	if !s.d.Numbered {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations returns the embedded migrations of a dialect, in order.
func loadMigrations(dialect string) ([]migration, error) {
	dir := path.Join("migrations", dialect)
	ents, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range ents {
		n, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(n)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: name is not NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(migrations, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{v, e.Name(), string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	return ms, nil
}

// statements splits a migration at the semicolons that end a line.
func statements(src string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "--") || t == "" {
			continue
		}
		cur.WriteString(line + "\n")
		if strings.HasSuffix(t, ";") {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, cur.String())
	}
	return out
}

func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations(s.d.Name)
	if err != nil {
		return err
	}
	s.latest = ms[len(ms)-1].version
	c, err := s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if s.d.Lock != nil {
		unlock, err := s.d.Lock(ctx, c)
		if err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		defer unlock()
	}
	if _, err := c.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	for _, m := range ms {
		if err := s.apply(ctx, c, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// apply runs one migration in its own transaction, unless a process that
// got there first applied it.
func (s *Store) apply(ctx context.Context, c *sql.Conn, m migration) error {
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	for _, st := range statements(m.sql) {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
		m.version, m.name, time.Now().Unix()); err != nil {
		return err
	}
	return tx.Commit()
}

// Ping checks the database and the schema version.
func (s *Store) Ping(ctx context.Context) error {
	var v sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return fleet.Errorf(fleet.EUNAVAILABLE, "database: %v", err)
	}
	if int(v.Int64) < s.latest {
		return fleet.Errorf(fleet.EUNAVAILABLE, "schema version %d, want %d", v.Int64, s.latest)
	}
	return nil
}

// OnClose has Close call fn first (a dialect's background work).
func (s *Store) OnClose(fn func()) { s.closers = append(s.closers, fn) }

// Close closes the database.
func (s *Store) Close() error {
	for _, fn := range s.closers {
		fn()
	}
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

// DB returns the writer's database (for tests and tools).
func (s *Store) DB() *sql.DB { return s.w }

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func fromUnix(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// clean drops NUL characters, which PostgreSQL text cannot hold.
func clean(s string) string { return strings.ReplaceAll(s, "\x00", "") }

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// inTx runs fn in a write transaction, again when the dialect says the
// failure was a transient conflict.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	for try := 0; ; try++ {
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		err = fn(tx)
		if err == nil {
			err = tx.Commit()
		} else {
			_ = tx.Rollback()
		}
		if errors.Is(err, errRaced) && try < 4 {
			continue
		}
		if err == nil || try >= 4 || s.d.Retry == nil || !s.d.Retry(err) {
			return err
		}
	}
}

// PutReports: see fleet.Store.
func (s *Store) PutReports(ctx context.Context, rs []fleet.Received) ([]bool, error) {
	ms := make([]fleet.Machine, len(rs))
	for i, r := range rs {
		if r.Report == nil {
			return nil, fleet.ReportError(i, "", "no report")
		}
		if r.ID == "" {
			return nil, fleet.ReportError(i, "id", "empty")
		}
		ms[i] = fleet.MachineFromBody(r.Report, r.Body)
	}
	// One order for every transaction (machine, then report id) keeps
	// concurrent writers on PostgreSQL from deadlocking.
	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := strings.Compare(ms[a].Key, ms[b].Key); c != 0 {
			return c
		}
		return strings.Compare(rs[a].ID, rs[b].ID)
	})
	var fresh []bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		fresh, err = s.putGroup(ctx, tx, rs, ms, order) // put.go
		return err
	})
	if err != nil {
		return nil, err
	}
	n := 0
	for _, f := range fresh {
		if f {
			n++
		}
	}
	s.grew(n) // young.go
	return fresh, nil
}

// Report: see fleet.Store.
func (s *Store) Report(ctx context.Context, id string) (*fleet.Received, error) {
	var (
		agent, at int64
		body      string
	)
	err := s.r.QueryRowContext(ctx, s.q(`SELECT i.agent_id, i.received_at, r.body FROM report_ids i JOIN reports r ON r.seq = i.report_row WHERE i.id = ?`),
		clean(id)).Scan(&agent, &at, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fleet.Errorf(fleet.ENOTFOUND, "no report %q", id)
	}
	if err != nil {
		return nil, err
	}
	rep, err := report.Decode([]byte(body))
	if err != nil {
		return nil, fmt.Errorf("stored report %s: %w", id, err)
	}
	return &fleet.Received{ID: id, AgentID: agent, ReceivedAt: fromUnix(at), Report: rep, Body: []byte(body)}, nil
}

const machineCols = `id, mkey, computer, domain, cmid, os, build, role, server, license_status, channel, expires_at, kms_host,
status, primary_id, codes, products, report_id, content_hash, generated_at, first_seen, last_seen`

type scanner interface{ Scan(...any) error }

func scanMachine(sc scanner) (fleet.Machine, error) {
	var (
		m                     fleet.Machine
		exp, gen, first, last int64
		codes, products       string
	)
	if err := sc.Scan(&m.ID, &m.Key, &m.Computer, &m.Domain, &m.CMID, &m.OS, &m.Build, &m.Role, &m.Server, &m.LicenseStatus,
		&m.Channel, &exp, &m.KMSHost, &m.Status, &m.Primary, &codes, &products, &m.ReportID, &m.ContentHash, &gen, &first, &last); err != nil {
		return m, err
	}
	m.ExpiresAt, m.GeneratedAt, m.FirstSeen, m.LastSeen = fromUnix(exp), fromUnix(gen), fromUnix(first), fromUnix(last)
	if err := json.Unmarshal([]byte(codes), &m.Codes); err != nil || m.Codes == nil {
		m.Codes = []string{}
	}
	if err := json.Unmarshal([]byte(products), &m.Products); err != nil || m.Products == nil {
		m.Products = []report.Product{}
	}
	return m, nil
}

// searchCond is the condition of a machine search (MachineFilter.Q):
// q, in any case, starts the computer name, the domain or the CMID. Each
// is a range over an index (migration 0012), in byte order: from q up to
// q followed by the highest code point. Wildcards mean nothing.
func (s *Store) searchCond(q string) (string, []any) {
	lo := strings.ToLower(clean(q))
	hi := lo + "\U0010FFFF"
	if s.pg() {
		return `((lower(computer) COLLATE "C" >= ? AND lower(computer) COLLATE "C" < ?) OR (lower(domain) COLLATE "C" >= ? AND lower(domain) COLLATE "C" < ?)
OR (cmid COLLATE "C" >= ? AND cmid COLLATE "C" < ?))`, []any{lo, hi, lo, hi, lo, hi}
	}
	// SQLite: as an IN list, which its planner drives from the three
	// indexes; with an OR it scans the machines by id (ORDER BY id).
	return `id IN (SELECT id FROM machines WHERE lower(computer) >= ? AND lower(computer) < ?
UNION ALL SELECT id FROM machines WHERE lower(domain) >= ? AND lower(domain) < ?
UNION ALL SELECT id FROM machines WHERE cmid >= ? AND cmid < ?)`, []any{lo, hi, lo, hi, lo, hi}
}

// expiringCond is the condition of MachineFilter.ExpiringWithin (from, to).
// On SQLite an IN list from the expires_at index: as a plain range it
// fetched and sorted every machine of the window (tens of thousands) for
// one page by id.
func (s *Store) expiringCond() string {
	if s.pg() {
		return "expires_at >= ? AND expires_at <= ?"
	}
	return "id IN (SELECT id FROM machines WHERE expires_at >= ? AND expires_at <= ?)"
}

// Machines: see fleet.Store.
func (s *Store) Machines(ctx context.Context, f fleet.MachineFilter) ([]fleet.Machine, int64, error) {
	if f.Limit == 0 {
		f.Limit = 100
	}
	if f.Limit < 1 || f.Limit > fleet.MaxBatch {
		return nil, 0, fleet.Errorf(fleet.EINVALID, "limit %d: use 1 to %d", f.Limit, fleet.MaxBatch)
	}
	// The conditions are fixed fragments; only their values vary.
	where := []string{"id > ?"}
	args := []any{f.After}
	if f.Status != "" {
		where, args = append(where, "license_status = ?"), append(args, f.Status)
	}
	if f.Verdict != "" {
		where, args = append(where, "status = ?"), append(args, f.Verdict)
	}
	if f.Primary != "" {
		where, args = append(where, "primary_id = ?"), append(args, f.Primary)
	}
	if f.ExpiringWithin > 0 {
		where, args = append(where, s.expiringCond()), append(args, unix(f.Now), unix(f.Now.Add(f.ExpiringWithin)))
	}
	if f.Q != "" {
		return s.searchPage(ctx, where, args, f.Q, f.Limit) // search.go
	}
	return s.machinePage(ctx, where, args, f.Limit)
}

// Machine: see fleet.Store.
func (s *Store) Machine(ctx context.Context, id int64) (*fleet.Machine, []fleet.ReportRef, error) {
	m, err := scanMachine(s.r.QueryRowContext(ctx, s.q(`SELECT `+machineCols+` FROM machines WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fleet.Errorf(fleet.ENOTFOUND, "no machine %d", id)
	}
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT report_id, generated_at, received_at, status, primary_id, content_hash FROM reports
WHERE machine_id = ? ORDER BY generated_at DESC, seq DESC LIMIT 1000`), id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	refs := []fleet.ReportRef{}
	for rows.Next() {
		var (
			r       fleet.ReportRef
			gen, at int64
		)
		if err := rows.Scan(&r.ID, &gen, &at, &r.Status, &r.Primary, &r.ContentHash); err != nil {
			return nil, nil, err
		}
		r.GeneratedAt, r.ReceivedAt = fromUnix(gen), fromUnix(at)
		refs = append(refs, r)
	}
	return &m, refs, rows.Err()
}

// counts runs a query of (key, count) rows into a map.
func (s *Store) counts(ctx context.Context, into map[string]int, query string, args ...any) error {
	rows, err := s.r.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			k string
			n int
		)
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		into[k] += n
	}
	return rows.Err()
}

// countReportsSQL is the number of stored report ids: the sum of the
// deltas the triggers of report_ids write into fleet_counts (migrations
// 0101, 0104). Until migration 0107 (PostgreSQL; 0104 on SQLite) the
// writer also added every group's count to a row of report_counts (0013),
// in the last statement of its transaction: two writers that picked the
// same row waited on each other until commit.
const countReportsSQL = `SELECT COALESCE(SUM(n), 0) FROM fleet_counts WHERE dim = 'reports'`

// Summary: see fleet.Store.
func (s *Store) Summary(ctx context.Context, now time.Time) (fleet.Summary, error) {
	sum := fleet.Summary{ByStatus: map[string]int{}, Expiring: map[string]int{}, FailuresByPrimary: map[string]int{},
		FailuresByCode: map[string]int{}, ByVerdict: map[string]int{}}
	for _, st := range fleet.LicenseStates {
		sum.ByStatus[st] = 0
	}
	for _, v := range []string{report.StatusOK, report.StatusProblem, report.StatusUnknown} {
		sum.ByVerdict[v] = 0
	}
	if s.pg() {
		// One pass over the machines for the three counts: PostgreSQL
		// scans the table for each (SQLite reads each from an index).
		if err := s.machineCounts(ctx, &sum); err != nil {
			return sum, err
		}
	} else {
		if err := s.counts(ctx, sum.ByStatus, `SELECT license_status, COUNT(*) FROM machines GROUP BY license_status`); err != nil {
			return sum, err
		}
		if err := s.counts(ctx, sum.ByVerdict, `SELECT status, COUNT(*) FROM machines GROUP BY status`); err != nil {
			return sum, err
		}
		if err := s.counts(ctx, sum.FailuresByPrimary, `SELECT primary_id, COUNT(*) FROM machines WHERE status = 'problem' GROUP BY primary_id`); err != nil {
			return sum, err
		}
	}
	for _, n := range sum.ByVerdict {
		sum.Machines += n
	}
	if err := s.counts(ctx, sum.FailuresByCode, `SELECT c.code, COUNT(*) FROM machine_codes c JOIN machines m ON m.id = c.machine_id
WHERE m.status = 'problem' GROUP BY c.code`); err != nil {
		return sum, err
	}
	for _, w := range fleet.ExpiringWindows {
		var n int
		if err := s.r.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM machines WHERE expires_at >= ? AND expires_at <= ?`),
			unix(now), unix(now.Add(w.Span))).Scan(&n); err != nil {
			return sum, err
		}
		sum.Expiring[w.Key] = n
	}
	if err := s.r.QueryRowContext(ctx, countReportsSQL).Scan(&sum.Reports); err != nil {
		return sum, err
	}
	return sum, nil
}

// machineCounts fills the counts by license state, by verdict and of
// failures by primary cause from one GROUP BY.
func (s *Store) machineCounts(ctx context.Context, sum *fleet.Summary) error {
	rows, err := s.r.QueryContext(ctx, `SELECT license_status, status, primary_id, COUNT(*) FROM machines GROUP BY license_status, status, primary_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			lic, st, pri string
			n            int
		)
		if err := rows.Scan(&lic, &st, &pri, &n); err != nil {
			return err
		}
		sum.ByStatus[lic] += n
		sum.ByVerdict[st] += n
		if st == report.StatusProblem {
			sum.FailuresByPrimary[pri] += n
		}
	}
	return rows.Err()
}

// KMSHosts: see fleet.Store.
func (s *Store) KMSHosts(ctx context.Context, since time.Time) ([]fleet.KMSHost, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT kms_host, server, COUNT(*) FROM machines WHERE kms_host <> '' AND last_seen >= ?
GROUP BY kms_host, server ORDER BY kms_host`), unix(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type cs struct{ clients, servers int }
	var names []string
	by := map[string]*cs{}
	for rows.Next() {
		var (
			h      string
			server bool
			n      int
		)
		if err := rows.Scan(&h, &server, &n); err != nil {
			return nil, err
		}
		if by[h] == nil {
			by[h] = &cs{}
			names = append(names, h)
		}
		if server {
			by[h].servers += n
		} else {
			by[h].clients += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []fleet.KMSHost{}
	for _, h := range names {
		out = append(out, fleet.NewKMSHost(h, by[h].clients, by[h].servers))
	}
	return out, nil
}

// cmidIs is col as the CMID index holds it: on PostgreSQL in the "C"
// collation (migration 0108), which an expression must name for the
// planner to use that index.
func (s *Store) cmidIs(col string) string {
	if s.pg() {
		return col + ` COLLATE "C"`
	}
	return col
}

// DuplicateCMIDs: see fleet.Store.
func (s *Store) DuplicateCMIDs(ctx context.Context, since time.Time) ([]fleet.CMIDGroup, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT cmid, mkey FROM machines WHERE last_seen >= ? AND `+s.cmidIs("cmid")+` IN
(SELECT cmid FROM machines WHERE cmid <> '' AND last_seen >= ? GROUP BY cmid HAVING COUNT(*) > 1) ORDER BY cmid, mkey`), unix(since), unix(since))
	if err != nil {
		return nil, err
	}
	return scanCMIDGroups(rows)
}

// scanCMIDGroups groups rows of (cmid, mkey), ordered by cmid, into
// CMIDGroups; it closes rows.
func scanCMIDGroups(rows *sql.Rows) ([]fleet.CMIDGroup, error) {
	defer rows.Close()
	out := []fleet.CMIDGroup{}
	for rows.Next() {
		var c, k string
		if err := rows.Scan(&c, &k); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].CMID != c {
			out = append(out, fleet.CMIDGroup{CMID: c})
		}
		out[len(out)-1].Machines = append(out[len(out)-1].Machines, k)
	}
	return out, rows.Err()
}

// CreateAgent: see fleet.Store.
func (s *Store) CreateAgent(ctx context.Context, name, role, tokenHash string, now time.Time) (fleet.Agent, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 200 || strings.ContainsRune(name, 0) {
		return fleet.Agent{}, fleet.Errorf(fleet.EINVALID, "agent name %q: use 1 to 200 characters", name)
	}
	if role != fleet.RoleAgent && role != fleet.RoleReader {
		return fleet.Agent{}, fleet.Errorf(fleet.EINVALID, "role %q: use agent or reader", role)
	}
	a := fleet.Agent{Name: name, Role: role, CreatedAt: fromUnix(now.Unix())}
	err := s.w.QueryRowContext(ctx, s.q(`INSERT INTO agents (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (name) DO NOTHING RETURNING id`), name, role, tokenHash, now.Unix()).Scan(&a.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return fleet.Agent{}, fleet.Errorf(fleet.ECONFLICT, "an agent named %q exists", name)
	}
	return a, err
}

// AgentByToken: see fleet.Store.
func (s *Store) AgentByToken(ctx context.Context, tokenHash string) (fleet.Agent, error) {
	var (
		a           fleet.Agent
		created, ls int64
	)
	err := s.r.QueryRowContext(ctx, s.q(`SELECT id, name, role, created_at, last_seen, revoked FROM agents WHERE token_hash = ?`), tokenHash).
		Scan(&a.ID, &a.Name, &a.Role, &created, &ls, &a.Revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fleet.Errorf(fleet.EUNAUTHORIZED, "unknown token")
	}
	if err != nil {
		return a, err
	}
	if a.Revoked {
		return a, fleet.Errorf(fleet.EUNAUTHORIZED, "revoked token")
	}
	a.CreatedAt, a.LastSeen = fromUnix(created), fromUnix(ls)
	return a, nil
}

// RevokeAgent: see fleet.Store.
func (s *Store) RevokeAgent(ctx context.Context, name string) error {
	res, err := s.w.ExecContext(ctx, s.q(`UPDATE agents SET revoked = 1 WHERE name = ?`), strings.TrimSpace(name))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = fleet.Errorf(fleet.ENOTFOUND, "no agent named %q", name)
		}
		return err
	}
	return nil
}

// Prune: see fleet.Store.
func (s *Store) Prune(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM reports WHERE received_at < ? AND NOT EXISTS
(SELECT 1 FROM machines m WHERE m.report_row = reports.seq)`), unix(before))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		res, err = tx.ExecContext(ctx, s.q(`DELETE FROM report_ids WHERE received_at < ? AND NOT EXISTS
(SELECT 1 FROM reports r WHERE r.seq = report_ids.report_row)`), unix(before))
		if err != nil {
			return err
		}
		// The count of report ids (fleet_counts) follows by trigger.
		_, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// machinePage runs a page query over machines: where holds constant SQL
// fragments with placeholders only (never text from the input), args their
// values. It returns the page and the cursor of the next one (0 at the end).
func (s *Store) machinePage(ctx context.Context, where []string, args []any, limit int) ([]fleet.Machine, int64, error) {
	out, err := s.machineRows(ctx, where, args, limit+1) // search.go
	if err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[len(out)-1].ID
	}
	return out, next, nil
}
