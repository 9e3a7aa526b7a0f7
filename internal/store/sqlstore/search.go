package sqlstore

import (
	"context"
	"slices"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// A machine search (MachineFilter.Q) on SQLite. searchCond's IN list
// collects every matching id from the three indexes before the page by id
// is read: ~0.4 µs a match, 0.2 s for a prefix such as "pc" that matches
// all of 500,000 machines. When the prefix matches at least denseMatches
// machines (counted from the indexes, up to that many), the page is read
// instead by walking the machines by id from the cursor over the next
// denseWindow ids, testing the prefix on each row; only when that
// window holds fewer matches than the page (matches bunched at higher
// ids), the rest of the page comes from the IN list after the window. The
// answer is the same either way (the machines by ascending id).
const (
	denseMatches = 10000
	denseWindow  = 20000
)

// SetSearchDense sets denseMatches and denseWindow (0: the defaults);
// for tests of both ways of a search.
func (s *Store) SetSearchDense(matches, window int) { s.dense = [2]int{matches, window} }

// searchPage is machinePage with a search for q added to where (whose
// first condition is "id > ?", args[0] the cursor).
func (s *Store) searchPage(ctx context.Context, where []string, args []any, q string, limit int) ([]fleet.Machine, int64, error) {
	dense, window := denseMatches, denseWindow
	if s.dense[0] > 0 {
		dense, window = s.dense[0], s.dense[1]
	}
	c, a := s.searchCond(q)
	in := func(where []string, args []any) ([]string, []any) {
		return append(slices.Clip(where), c), append(slices.Clip(args), a...)
	}
	if s.pg() {
		w, ar := in(where, args)
		return s.machinePage(ctx, w, ar, limit)
	}
	lo, hi := a[0], a[1]
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM machines WHERE lower(computer) >= ? AND lower(computer) < ?
UNION ALL SELECT 1 FROM machines WHERE lower(domain) >= ? AND lower(domain) < ?
UNION ALL SELECT 1 FROM machines WHERE cmid >= ? AND cmid < ? LIMIT ?)`, lo, hi, lo, hi, lo, hi, dense).Scan(&n); err != nil {
		return nil, 0, err
	}
	if n < dense {
		w, ar := in(where, args)
		return s.machinePage(ctx, w, ar, limit)
	}
	// The window: the next denseWindow ids after the cursor (fewer
	// machines where ids are missing; counting them would read the rows).
	upper := args[0].(int64) + int64(window)
	w := append(slices.Clip(where), "id <= ?", `((lower(computer) >= ? AND lower(computer) < ?) OR (lower(domain) >= ? AND lower(domain) < ?)
OR (cmid >= ? AND cmid < ?))`)
	ar := append(slices.Clip(args), upper, lo, hi, lo, hi, lo, hi)
	out, err := s.machineRows(ctx, w, ar, limit+1)
	if err != nil {
		return nil, 0, err
	}
	if len(out) <= limit {
		var more int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM machines WHERE id > ? LIMIT 1)`, upper).Scan(&more); err != nil {
			return nil, 0, err
		}
		if more > 0 { // the rest of the page after the window
			after := slices.Clone(args)
			after[0] = upper
			w, ar := in(where, after)
			rest, err := s.machineRows(ctx, w, ar, limit+1-len(out))
			if err != nil {
				return nil, 0, err
			}
			out = append(out, rest...)
		}
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[len(out)-1].ID
	}
	return out, next, nil
}

// machineRows reads up to n machines matching where, by ascending id.
func (s *Store) machineRows(ctx context.Context, where []string, args []any, n int) ([]fleet.Machine, error) {
	args = append(slices.Clip(args), n)
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT `+machineCols+` FROM machines WHERE `+strings.Join(where, " AND ")+` ORDER BY id LIMIT ?`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []fleet.Machine{}
	for rows.Next() {
		m, err := scanMachine(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
