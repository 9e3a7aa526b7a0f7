package server

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// postReports is POST /api/v1/reports (../shared/spec/fleet.md): an agent
// token, one report or {"reports": [...]}, gzip accepted; 200 with the
// counts only after the reports are committed.
func (s *Server) postReports(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	n, err := s.ingest(w, r)
	if err != nil {
		s.metrics.received.WithLabelValues("rejected").Add(float64(max(n, 1)))
		s.writeError(w, r, err)
		return
	}
	s.metrics.ingestSeconds.Observe(time.Since(start).Seconds())
}

func (s *Server) ingest(w http.ResponseWriter, r *http.Request) (int, error) {
	a, err := s.authenticate(r)
	if err != nil {
		return 0, err
	}
	info(r).agentID = a.ID
	if a.Role != fleet.RoleAgent {
		return 0, fleet.Errorf(fleet.EFORBIDDEN, "a %s token cannot post reports; use an agent token", a.Role)
	}
	if !s.ready.Load() {
		return 0, fleet.Errorf(fleet.EUNAVAILABLE, "shutting down; retry on another replica or later")
	}
	body, err := s.readBody(w, r)
	if err != nil {
		return 0, err
	}
	reps, raws, err := decodeBody(body)
	if err != nil {
		return 0, err
	}
	now := s.now().UTC()
	rs := make([]fleet.Received, len(reps))
	for i, rep := range reps {
		rs[i] = fleet.Received{ID: rep.ID, AgentID: a.ID, ReceivedAt: now, Report: rep, Body: raws[i]}
	}
	info(r).reports = len(rs)
	fresh, err := s.w.put(r.Context(), rs)
	if err != nil {
		if r.Context().Err() != nil {
			return len(rs), fleet.Errorf(fleet.EUNAVAILABLE, "request cancelled")
		}
		s.log.ErrorContext(r.Context(), "store reports", "err", err.Error(), "reports", len(rs))
		return len(rs), fleet.Errorf(fleet.EUNAVAILABLE, "the reports could not be stored now; retry later")
	}
	acc := 0
	for _, f := range fresh {
		if f {
			acc++
		}
	}
	s.metrics.received.WithLabelValues("accepted").Add(float64(acc))
	s.metrics.received.WithLabelValues("duplicate").Add(float64(len(rs) - acc))
	writeJSON(w, http.StatusOK, map[string]int{"accepted": acc, "duplicates": len(rs) - acc})
	return len(rs), nil
}

// readBody reads the body, gunzipping it when Content-Encoding says gzip,
// at most MaxBody bytes both before and after. Errors: ETOOLARGE,
// EINVALID.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.ContentLength > s.cfg.MaxBody {
		return nil, fleet.Errorf(fleet.ETOOLARGE, "body of %d bytes: at most %d", r.ContentLength, s.cfg.MaxBody)
	}
	var in io.Reader = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, _ := gzipReaders.Get().(*gzip.Reader)
		var err error
		if zr == nil {
			zr, err = gzip.NewReader(in)
		} else {
			err = zr.Reset(in)
		}
		if err != nil {
			return nil, tooLargeOr(err, fleet.Errorf(fleet.EINVALID, "Content-Encoding gzip, but the body is not gzip: %v", err))
		}
		defer func() {
			zr.Close()
			gzipReaders.Put(zr)
		}()
		in = zr
	default:
		return nil, fleet.Errorf(fleet.EINVALID, "Content-Encoding %q: send identity or gzip", trim(enc))
	}
	// Read into a reused buffer and copy out once: io.ReadAll grew a new
	// slice five times for a 3 KiB report.
	buf, _ := bodyBuffers.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			bodyBuffers.Put(buf)
		}
	}()
	buf.Reset()
	if _, err := buf.ReadFrom(io.LimitReader(in, s.cfg.MaxBody+1)); err != nil {
		return nil, tooLargeOr(err, fleet.Errorf(fleet.EINVALID, "reading the body: %v", err))
	}
	if int64(buf.Len()) > s.cfg.MaxBody {
		return nil, fleet.Errorf(fleet.ETOOLARGE, "body over %d bytes once decompressed", s.cfg.MaxBody)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// bodyBuffers are the buffers readBody reads into (at most 1 MiB kept).
var bodyBuffers sync.Pool

// gzipReaders are reused: a new reader allocates its decompressor's
// tables, which costs more than inflating a 3 KiB report.
var gzipReaders sync.Pool

func tooLargeOr(err error, other error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return fleet.Errorf(fleet.ETOOLARGE, "body over %d bytes", mb.Limit)
	}
	return other
}
