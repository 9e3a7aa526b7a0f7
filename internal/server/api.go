package server

import (
	"context"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// kmsWindow is the span of "clients over 30 days".
const kmsWindow = 30 * 24 * time.Hour

func (s *Server) getSummary(w http.ResponseWriter, r *http.Request) {
	sum, err := s.cache.summary.get(r.Context(), r.URL.Query().Get("fresh") != "", func(ctx context.Context) (fleet.Summary, error) {
		return s.fleetSummary(ctx, s.now()) // counted.go
	}) // cache.go
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sum)
}

// machinesPage is the answer of GET /api/v1/machines.
type machinesPage struct {
	Machines   []fleet.Machine `json:"machines"`
	NextCursor string          `json:"next_cursor,omitempty"`
}

func (s *Server) getMachines(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := fleet.MachineFilter{Status: q.Get("status"), Verdict: q.Get("verdict"), Primary: q.Get("primary"), Q: q.Get("q"), Now: s.now()}
	var err error
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 || f.Limit > fleet.MaxBatch {
			s.writeError(w, r, fleet.Errorf(fleet.EINVALID, "limit %q: use 1 to %d", trim(v), fleet.MaxBatch))
			return
		}
	}
	if v := q.Get("expiring_within"); v != "" {
		if f.ExpiringWithin, err = parseSpan(v); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	if v := q.Get("cursor"); v != "" {
		if f.After, err = decodeCursor(v); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	ms, next, err := s.store.Machines(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := machinesPage{Machines: ms}
	if next != 0 {
		p.NextCursor = encodeCursor(next)
	}
	writeJSON(w, http.StatusOK, p)
}

// parseSpan reads 30d, 14d or a Go duration (720h).
func parseSpan(v string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(v, "d"); ok {
		if n, err := strconv.Atoi(d); err == nil && n > 0 && n <= 3650 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	} else if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return d, nil
	}
	return 0, fleet.Errorf(fleet.EINVALID, "expiring_within %q: use days (30d) or a duration (720h)", trim(v))
}

// Cursors are opaque to clients: base64url of "m" and the last id.
func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("m" + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil && len(b) > 1 && b[0] == 'm' {
		if id, err := strconv.ParseInt(string(b[1:]), 10, 64); err == nil && id > 0 {
			return id, nil
		}
	}
	return 0, fleet.Errorf(fleet.EINVALID, "cursor %q: use the next_cursor of a previous page", trim(c))
}

func (s *Server) getMachine(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		s.writeError(w, r, fleet.Errorf(fleet.ENOTFOUND, "no machine %q", trim(r.PathValue("id"))))
		return
	}
	m, refs, err := s.store.Machine(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"machine": m, "products": m.Products, "history": refs})
}

func (s *Server) getKMSHosts(w http.ResponseWriter, r *http.Request) {
	a, err := s.cache.kms.get(r.Context(), r.URL.Query().Get("fresh") != "", func(ctx context.Context) (kmsAnswer, error) {
		since := s.now().Add(-kmsWindow)
		hosts, err := s.fleetKMSHosts(ctx, since)
		if err == nil {
			hosts, err = s.withHostCounts(ctx, hosts, since) // answers.go
		}
		if err != nil {
			return kmsAnswer{}, err
		}
		dups, err := s.fleetDuplicateCMIDs(ctx, since)
		return kmsAnswer{hosts, dups}, err
	}) // cache.go
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"window_days": 30, "kms_hosts": a.hosts, "duplicate_cmids": a.dups})
}
