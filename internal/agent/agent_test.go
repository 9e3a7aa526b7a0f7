package agent

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/server"
	"github.com/kmsdoctor/kmsdoctor/internal/store/sqlite"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

func spoolReport(t *testing.T, s Spool, computer string) string {
	t.Helper()
	r := storetest.Report(computer, "licensed", storetest.T0)
	raw, _ := json.Marshal(r)
	if err := s.Add(r.ID, raw); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// TestServerDownThenUp spools reports while no server listens: Flush
// retries with backoff, the server comes up, every report is delivered
// once and the spool is empty; the same report spooled again (an
// acknowledgement lost) is a duplicate, not a second record.
func TestServerDownThenUp(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "fleet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tok, h := fleet.NewToken()
	st.CreateAgent(context.Background(), "a", fleet.RoleAgent, h, storetest.T0)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // down

	sp := Spool{Dir: filepath.Join(t.TempDir(), "spool")}
	ids := []string{spoolReport(t, sp, "pc01"), spoolReport(t, sp, "pc02")}
	var failures atomic.Int32
	up := make(chan struct{})
	go func() {
		for failures.Load() < 3 {
			time.Sleep(5 * time.Millisecond)
		}
		srv := server.New(server.Config{}, st)
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Error(err)
			close(up)
			return
		}
		hs := &http.Server{Handler: srv.Handler()}
		close(up)
		hs.Serve(ln)
	}()
	p := &Poster{URL: "http://" + addr, Token: tok}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := Flush(ctx, sp, p, Backoff{Min: 10 * time.Millisecond, Max: 50 * time.Millisecond}, func(error, time.Duration) { failures.Add(1) })
	<-up
	if err != nil || res.Accepted != 2 || res.Duplicates != 0 {
		t.Fatalf("Flush: %+v %v", res, err)
	}
	if left, _ := sp.Pending(); len(left) != 0 {
		t.Errorf("left in the spool: %v", left)
	}
	// the acknowledgement was lost: the agent sends it again
	r, _ := st.Report(context.Background(), ids[0])
	sp.Add(ids[0], r.Body)
	res, err = Flush(ctx, sp, p, Backoff{Min: time.Millisecond}, nil)
	if err != nil || res.Duplicates != 1 || res.Accepted != 0 {
		t.Errorf("again: %+v %v", res, err)
	}
	sum, _ := st.Summary(context.Background(), storetest.T0)
	if sum.Reports != 2 {
		t.Errorf("stored %d reports, want 2", sum.Reports)
	}
}

func TestRejectedAndPermanent(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "fleet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tok, h := fleet.NewToken()
	st.CreateAgent(context.Background(), "a", fleet.RoleAgent, h, storetest.T0)
	srv := server.New(server.Config{}, st)
	defer srv.Close()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	hs := &http.Server{Handler: srv.Handler()}
	go hs.Serve(ln)
	defer hs.Close()

	sp := Spool{Dir: t.TempDir()}
	spoolReport(t, sp, "pc01")
	time.Sleep(10 * time.Millisecond) // order by modification time
	sp.Add("bad", []byte(`{"tool":"kmsdoctor","schema":2}`))
	p := &Poster{URL: "http://" + ln.Addr().String(), Token: tok}
	res, err := Flush(context.Background(), sp, p, Backoff{Min: time.Millisecond, Attempts: 3}, nil)
	if err != nil || res.Accepted != 1 {
		t.Errorf("Flush: %+v %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(sp.Dir, Rejected, "bad.json")); err != nil {
		t.Errorf("the bad report was not moved to %s: %v", Rejected, err)
	}
	spoolReport(t, sp, "pc02")
	_, err = Flush(context.Background(), sp, &Poster{URL: p.URL, Token: "wrong"}, Backoff{Min: time.Millisecond}, nil)
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 401 || !Permanent(err) {
		t.Errorf("bad token: %v", err)
	}
	if left, _ := sp.Pending(); len(left) != 1 {
		t.Errorf("the report left the spool without an acknowledgement: %v", left)
	}
}

func TestBackoff(t *testing.T) {
	b := Backoff{Min: 100 * time.Millisecond, Max: time.Second}
	for n, hi := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 5: time.Second, 50: time.Second} {
		for range 20 {
			if w := b.Wait(n); w < hi/2 || w > hi {
				t.Errorf("Wait(%d) = %v, want %v..%v", n, w, hi/2, hi)
			}
		}
	}
	if fileName("a/b") == "a/b.json" || fileName("abc-1") != "abc-1.json" {
		t.Error("fileName")
	}
}
