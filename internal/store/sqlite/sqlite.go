// Package sqlite opens the fleet store in an SQLite file through
// modernc.org/sqlite (pure Go, nothing to install): WAL journal, a busy
// timeout, one writer connection (SQLite has one writer at a time; the
// server groups writes into transactions) and a small pool of readers.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/kmsdoctor/kmsdoctor/internal/store/sqlstore"
)

// Dialect is SQLite's.
var Dialect = sqlstore.Dialect{Name: "sqlite"}

// Open opens (creating it if need be) the store in the file path.
func Open(ctx context.Context, path string) (*sqlstore.Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: bad path %q", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
	}
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
	name := "file:" + (&url.URL{Path: path}).EscapedPath()
	// The writer keeps statement journals in memory and 32 MiB of pages:
	// with 500,000 machines the indexes the writer walks (report ids,
	// machine keys) no longer fit SQLite's default 2 MiB, and each insert
	// read pages back from the file. A page cache costs about 2.1 times
	// its size in RSS here (modernc's allocator puts each ~4.3 KB page in
	// an 8 KiB slot; measured: 16 MiB of pages, 35 MB): the writer's
	// ~70 MB and the four readers' 8 MiB (~19 MB each) keep the server
	// under 300 MiB with a large store (64 and 16 MiB took ~280 MB).
	// Checkpoints (copying the WAL into the file) run in the background
	// (checkpoint below), not in the writer's commits, where they held up
	// the acknowledgements of a large store by a few hundred ms; the
	// writer checkpoints itself only if the WAL passes 20,000 pages.
	// Migrations first, on a connection of their own whose sorts spill to
	// temporary files: the writer's in-memory temporary store held a
	// whole index build (5,000,000 report ids: ~400 MB) in memory.
	m, err := sql.Open("sqlite", name+"?"+pragmas+"&_pragma=temp_store(FILE)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	m.SetMaxOpenConns(1)
	err = sqlstore.Migrate(ctx, m, Dialect)
	m.Close()
	if err != nil {
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	w, err := sql.Open("sqlite", name+"?"+pragmas+"&_pragma=temp_store(MEMORY)&_pragma=cache_size(-32768)&_pragma=wal_autocheckpoint(20000)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", name+"?"+pragmas+"&_pragma=query_only(1)&_pragma=cache_size(-8192)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	s, err := sqlstore.Open(ctx, w, r, Dialect)
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	c, err := sql.Open("sqlite", name+"?"+pragmas)
	if err != nil {
		s.Close()
		return nil, err
	}
	c.SetMaxOpenConns(1)
	stop, done := make(chan struct{}), make(chan struct{})
	go checkpoint(c, stop, done)
	var once sync.Once
	s.OnClose(func() {
		once.Do(func() {
			close(stop)
			<-done
			c.Close()
		})
	})
	return s, nil
}

// checkpointEvery is how often the background checkpoint runs.
const checkpointEvery = 200 * time.Millisecond

// checkpoint copies the WAL into the database file every checkpointEvery
// (PASSIVE: it neither waits for nor blocks the writer and the readers)
// until stop closes.
func checkpoint(c *sql.DB, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, _ = c.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
		cancel()
	}
}
