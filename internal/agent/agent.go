// Package agent is the sending side of the fleet: a spool directory where
// a report waits until the server acknowledged it, and a poster that sends
// the spool to POST /api/v1/reports (gzip, batches) and retries with
// exponential backoff and jitter. A report leaves the spool only after a
// 200, so a crash or a server down loses nothing; the server is idempotent
// by report id, so a report sent twice is stored once.
package agent

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Spool is a directory of reports waiting to be acknowledged: one file
// <id>.json per report, written atomically.
type Spool struct{ Dir string }

// Rejected is the subdirectory where reports the server refused (400)
// are moved, so that they do not block the spool and are not lost.
const Rejected = "rejected"

// fileName is the spool file of a report id (a hash when the id is not
// a safe file name).
func fileName(id string) string {
	safe := id != "" && len(id) <= 100 && !strings.ContainsFunc(id, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')
	})
	if !safe {
		s := sha256.Sum256([]byte(id))
		id = hex.EncodeToString(s[:16])
	}
	return id + ".json"
}

// Add writes a report (its JSON, with its id) into the spool; it is on
// disk (synced) when Add returns.
func (s Spool) Add(id string, raw []byte) error {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(s.Dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(raw)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(s.Dir, fileName(id)))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Pending lists the spooled reports, oldest first.
func (s Spool) Pending() ([]string, error) {
	ents, err := os.ReadDir(s.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	type f struct {
		path string
		mod  time.Time
	}
	var fs []f
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		fs = append(fs, f{filepath.Join(s.Dir, e.Name()), info.ModTime()})
	}
	slices.SortFunc(fs, func(a, b f) int {
		if c := a.mod.Compare(b.mod); c != 0 {
			return c
		}
		return strings.Compare(a.path, b.path)
	})
	out := make([]string, len(fs))
	for i, x := range fs {
		out[i] = x.path
	}
	return out, nil
}

// Poster sends reports to a fleet server.
type Poster struct {
	URL    string // the server's base URL
	Token  string
	Client *http.Client
	// Batch is the most reports one request carries (100).
	Batch int
}

// Result is the server's count of one request.
type Result struct {
	Accepted   int `json:"accepted"`
	Duplicates int `json:"duplicates"`
}

// StatusError is an answer other than 200.
type StatusError struct {
	Status  int
	Code    string
	Message string
	Index   *int
	Field   string
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("HTTP %d", e.Status)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Index != nil {
		s += fmt.Sprintf(" (report %d", *e.Index)
		if e.Field != "" {
			s += ", field " + e.Field
		}
		s += ")"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Permanent reports whether retrying the same request cannot help: a 4xx
// other than 408 and 429.
func Permanent(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Status >= 400 && se.Status < 500 && se.Status != 408 && se.Status != 429
}

// Post sends raws (report JSON documents) in one gzip request.
func (p *Poster) Post(ctx context.Context, raws [][]byte) (Result, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(`{"reports":[`))
	for i, r := range raws {
		if i > 0 {
			zw.Write([]byte(","))
		}
		zw.Write(bytes.TrimSpace(r))
	}
	zw.Write([]byte(`]}`))
	if err := zw.Close(); err != nil {
		return Result{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(p.URL, "/")+"/api/v1/reports", &buf)
	if err != nil {
		return Result{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(p.Token))
	c := p.Client
	if c == nil {
		c = &http.Client{Timeout: 2 * time.Minute}
	}
	resp, err := c.Do(req)
	if err != nil {
		return Result{}, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		se := &StatusError{Status: resp.StatusCode}
		var e struct {
			Error struct {
				Code, Message, Field string
				Index                *int
			}
		}
		if json.Unmarshal(body, &e) == nil {
			se.Code, se.Message, se.Index, se.Field = e.Error.Code, e.Error.Message, e.Error.Index, e.Error.Field
		}
		return Result{}, se
	}
	var res Result
	if err := json.Unmarshal(body, &res); err != nil {
		return Result{}, fmt.Errorf("the server's answer is not the expected JSON: %w", err)
	}
	return res, nil
}

// Backoff is the wait between attempts: Min, doubling up to Max, each
// with up to 50% random jitter so that agents do not retry in step.
type Backoff struct {
	Min, Max time.Duration
	// Attempts bounds the tries of one Flush (0: until ctx ends).
	Attempts int
}

// Wait is the wait after the n-th failed attempt (n from 1).
func (b Backoff) Wait(n int) time.Duration {
	d := max(b.Min, time.Millisecond)
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, max(b.Max, b.Min))
	return d/2 + rand.N(d/2+1)
}

// Flush sends the whole spool, a batch at a time; each batch leaves the
// spool once the server acknowledged it. A report the server refuses as
// invalid (400, naming its index) is moved to Rejected; other failures
// are retried with backoff until Attempts or ctx ends. It returns the
// server's counts and the last error when the spool could not be
// emptied. onError, when set, hears each failure before the wait.
func Flush(ctx context.Context, s Spool, p *Poster, b Backoff, onError func(error, time.Duration)) (Result, error) {
	var total Result
	batch := p.Batch
	if batch <= 0 {
		batch = 100
	}
	failures := 0
	for {
		paths, err := s.Pending()
		if err != nil || len(paths) == 0 {
			return total, err
		}
		paths = paths[:min(batch, len(paths))]
		raws := make([][]byte, 0, len(paths))
		kept := paths[:0]
		for _, path := range paths {
			raw, err := os.ReadFile(path)
			if err != nil {
				return total, err
			}
			if len(bytes.TrimSpace(raw)) == 0 { // a torn write: nothing to send
				os.Remove(path)
				continue
			}
			raws, kept = append(raws, raw), append(kept, path)
		}
		if len(raws) == 0 {
			continue
		}
		res, err := p.Post(ctx, raws)
		if err == nil {
			failures = 0
			total.Accepted += res.Accepted
			total.Duplicates += res.Duplicates
			for _, path := range kept {
				if err := os.Remove(path); err != nil {
					return total, err
				}
			}
			continue
		}
		var se *StatusError
		if errors.As(err, &se) && se.Status == http.StatusBadRequest && se.Index != nil && *se.Index >= 0 && *se.Index < len(kept) {
			if rerr := reject(s, kept[*se.Index]); rerr != nil {
				return total, rerr
			}
			if onError != nil {
				onError(err, 0)
			}
			continue
		}
		if Permanent(err) {
			return total, err
		}
		failures++
		if b.Attempts > 0 && failures >= b.Attempts {
			return total, err
		}
		wait := b.Wait(failures)
		if onError != nil {
			onError(err, wait)
		}
		select {
		case <-ctx.Done():
			return total, ctx.Err()
		case <-time.After(wait):
		}
	}
}

func reject(s Spool, path string) error {
	dir := filepath.Join(s.Dir, Rejected)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.Rename(path, filepath.Join(dir, filepath.Base(path)))
}
