package server

import (
	"context"
	"sync"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// writer groups the reports of concurrent requests into one transaction:
// a writer goroutine takes a request, adds the ones already waiting (up to
// maxGroup reports) and stores them with one PutReports. Under load
// requests wait for one commit, not one each; alone, a request is stored
// at once. A request is answered only after its transaction committed.
type writer struct {
	store    fleet.Store
	reqs     chan *writeReq
	maxGroup int
	wg       sync.WaitGroup
	observe  func(reports, requests int) // metrics hook
}

type writeReq struct {
	ctx   context.Context
	rs    []fleet.Received
	fresh []bool
	err   error
	done  chan struct{}
}

func newWriter(st fleet.Store, writers, maxGroup int, observe func(int, int)) *writer {
	w := &writer{store: st, reqs: make(chan *writeReq, 4*maxGroup), maxGroup: maxGroup, observe: observe}
	for range max(writers, 1) {
		w.wg.Add(1)
		go w.loop()
	}
	return w
}

// put stores rs and returns which were new; it returns when they are
// committed, or when ctx ends (then they may or may not be stored).
func (w *writer) put(ctx context.Context, rs []fleet.Received) ([]bool, error) {
	req := &writeReq{ctx: ctx, rs: rs, done: make(chan struct{})}
	select {
	case w.reqs <- req:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case <-req.done:
		return req.fresh, req.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// close stops the writers once the requests already queued are stored.
func (w *writer) close() {
	close(w.reqs)
	w.wg.Wait()
}

// linger is how long a writer waits for more requests when the last
// group had several (requests are arriving faster than it commits): a
// bigger group costs about one commit, so the wait pays for itself
// under load, and a lone request is never kept waiting.
const linger = time.Millisecond

func (w *writer) loop() {
	defer w.wg.Done()
	busy := false
	var timer *time.Timer
	for req := range w.reqs {
		group := []*writeReq{req}
		n := len(req.rs)
		var deadline <-chan time.Time
		if busy {
			if timer == nil {
				timer = time.NewTimer(linger)
			} else {
				timer.Reset(linger)
			}
			deadline = timer.C
		}
	fill:
		for n < w.maxGroup {
			select {
			case r, ok := <-w.reqs:
				if !ok {
					break fill
				}
				group = append(group, r)
				n += len(r.rs)
				continue
			default:
			}
			if deadline == nil {
				break
			}
			select {
			case r, ok := <-w.reqs:
				if !ok {
					break fill
				}
				group = append(group, r)
				n += len(r.rs)
			case <-deadline:
				deadline = nil
				break fill
			}
		}
		if deadline != nil {
			timer.Stop() // Go 1.23 timers: no stale tick after Stop or Reset
		}
		busy = len(group) > 1
		w.store1(group, n)
	}
}

// store1 stores a group in one transaction; if that fails, each request
// again on its own, so that one request's failure is not the others'.
func (w *writer) store1(group []*writeReq, n int) {
	live := group[:0]
	for _, r := range group {
		if r.ctx.Err() != nil { // its client is gone: nothing was promised
			r.err = r.ctx.Err()
			close(r.done)
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	all := make([]fleet.Received, 0, n)
	for _, r := range live {
		all = append(all, r.rs...)
	}
	fresh, err := w.store.PutReports(context.Background(), all)
	if err != nil && len(live) > 1 {
		for _, r := range live {
			r.fresh, r.err = w.store.PutReports(context.Background(), r.rs)
			if w.observe != nil {
				w.observe(len(r.rs), 1)
			}
			close(r.done)
		}
		return
	}
	if w.observe != nil {
		w.observe(len(all), len(live))
	}
	off := 0
	for _, r := range live {
		if err == nil {
			r.fresh = fresh[off : off+len(r.rs)]
		}
		r.err = err
		off += len(r.rs)
		close(r.done)
	}
}
