package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// The dashboard's part of the store (fleet.DashboardStore): users,
// sessions, the machines page's filter and the trend. Its tables come
// from the migrations numbered 0100.

var _ fleet.DashboardStore = (*Store)(nil)

// CreateUser: see fleet.DashboardStore.
func (s *Store) CreateUser(ctx context.Context, name, passwordHash string, now time.Time) (fleet.User, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 200 || strings.ContainsAny(name, "\x00\r\n") {
		return fleet.User{}, fleet.Errorf(fleet.EINVALID, "user name %q: use 1 to 200 characters on one line", name)
	}
	if passwordHash == "" {
		return fleet.User{}, fleet.Errorf(fleet.EINVALID, "user %q: no password hash", name)
	}
	u := fleet.User{Name: name, CreatedAt: fromUnix(now.Unix())}
	err := s.w.QueryRowContext(ctx, s.q(`INSERT INTO users (name, password_hash, created_at) VALUES (?, ?, ?)
ON CONFLICT (name) DO NOTHING RETURNING id`), name, passwordHash, now.Unix()).Scan(&u.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return fleet.User{}, fleet.Errorf(fleet.ECONFLICT, "a user named %q exists", name)
	}
	return u, err
}

// UserByName: see fleet.DashboardStore.
func (s *Store) UserByName(ctx context.Context, name string) (fleet.User, string, error) {
	var (
		u       fleet.User
		hash    string
		created int64
	)
	err := s.r.QueryRowContext(ctx, s.q(`SELECT id, name, password_hash, created_at FROM users WHERE name = ?`), clean(strings.TrimSpace(name))).
		Scan(&u.ID, &u.Name, &hash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", fleet.Errorf(fleet.ENOTFOUND, "no user %q", name)
	}
	u.CreatedAt = fromUnix(created)
	return u, hash, err
}

// CreateSession: see fleet.DashboardStore.
func (s *Store) CreateSession(ctx context.Context, idHash string, se fleet.Session) error {
	_, err := s.w.ExecContext(ctx, s.q(`INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`),
		idHash, se.UserID, se.CSRF, unix(se.CreatedAt), unix(se.ExpiresAt))
	return err
}

// SessionByHash: see fleet.DashboardStore.
func (s *Store) SessionByHash(ctx context.Context, idHash string, now time.Time) (fleet.Session, error) {
	var (
		se           fleet.Session
		created, exp int64
	)
	err := s.r.QueryRowContext(ctx, s.q(`SELECT s.user_id, u.name, s.csrf, s.created_at, s.expires_at FROM sessions s
JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ?`), idHash, now.Unix()).
		Scan(&se.UserID, &se.User, &se.CSRF, &created, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return se, fleet.Errorf(fleet.EUNAUTHORIZED, "no session")
	}
	se.CreatedAt, se.ExpiresAt = fromUnix(created), fromUnix(exp)
	return se, err
}

// DeleteSession: see fleet.DashboardStore.
func (s *Store) DeleteSession(ctx context.Context, idHash string) error {
	_, err := s.w.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE id_hash = ?`), idHash)
	return err
}

// PruneSessions: see fleet.DashboardStore.
func (s *Store) PruneSessions(ctx context.Context, now time.Time) (int, error) {
	res, err := s.w.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE expires_at <= ?`), now.Unix())
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// FilterMachines: see fleet.DashboardStore. Like Machines, the conditions
// are fixed fragments and only their values vary; the page is keyed by
// id, so every page costs the same however deep it is.
func (s *Store) FilterMachines(ctx context.Context, f fleet.DashFilter) ([]fleet.Machine, int64, error) {
	if f.Limit == 0 {
		f.Limit = 100
	}
	if f.Limit < 1 || f.Limit > fleet.MaxBatch {
		return nil, 0, fleet.Errorf(fleet.EINVALID, "limit %d: use 1 to %d", f.Limit, fleet.MaxBatch)
	}
	where := []string{"id > ?"}
	args := []any{f.After}
	add := func(cond string, vs ...any) {
		where, args = append(where, cond), append(args, vs...)
	}
	if f.Status != "" {
		add("license_status = ?", f.Status)
	}
	if f.Verdict != "" {
		add("status = ?", f.Verdict)
	}
	if f.Primary != "" {
		add("primary_id = ?", f.Primary)
	}
	if f.ExpiringWithin > 0 {
		add(s.expiringCond(), unix(f.Now), unix(f.Now.Add(f.ExpiringWithin)))
	}
	if f.Code != "" {
		add("EXISTS (SELECT 1 FROM machine_codes c WHERE c.machine_id = machines.id AND lower(c.code) = ?)", strings.ToLower(clean(f.Code)))
	}
	if f.Domain != "" {
		// PostgreSQL: the index of the prefix search (0012) serves it;
		// 0106 dropped the one on lower(domain) in the default collation
		// (equality is the same in both).
		cond := "lower(domain) = ?"
		if s.pg() {
			cond = `lower(domain) COLLATE "C" = ?`
		}
		add(cond, strings.ToLower(clean(strings.TrimSuffix(f.Domain, "."))))
	}
	if f.Cloud != "" {
		add("cloud = ?", strings.ToLower(clean(f.Cloud)))
	}
	if f.KMSHost != "" {
		add("kms_host = ?", strings.ToLower(clean(strings.TrimSuffix(f.KMSHost, "."))))
	}
	if f.Q != "" {
		return s.searchPage(ctx, where, args, f.Q, f.Limit) // search.go
	}
	return s.machinePage(ctx, where, args, f.Limit)
}

// Trend: see fleet.DashboardStore.
func (s *Store) Trend(ctx context.Context, since time.Time) ([]fleet.DayCount, error) {
	days := map[int64]*fleet.DayCount{}
	var order []int64
	day := func(d int64) *fleet.DayCount {
		if days[d] == nil {
			days[d] = &fleet.DayCount{Day: time.Unix(d*86400, 0).UTC()}
			order = append(order, d)
		}
		return days[d]
	}
	for i, q := range []string{
		`SELECT received_at / 86400, COUNT(*) FROM report_ids WHERE received_at >= ? GROUP BY received_at / 86400`,
		`SELECT received_at / 86400, COUNT(*) FROM reports WHERE received_at >= ? AND status = 'problem' GROUP BY received_at / 86400`,
	} {
		rows, err := s.r.QueryContext(ctx, s.q(q), unix(since))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var d, n int64
			if err := rows.Scan(&d, &n); err != nil {
				rows.Close()
				return nil, err
			}
			if i == 0 {
				day(d).Reports = int(n)
			} else {
				day(d).Problems = int(n)
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	out := make([]fleet.DayCount, 0, len(order))
	for _, d := range order {
		out = append(out, *days[d])
	}
	slices.SortFunc(out, func(a, b fleet.DayCount) int { return a.Day.Compare(b.Day) })
	return out, nil
}
