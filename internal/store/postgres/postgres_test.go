package postgres

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

// pg is the package's own cluster, started by the first test that needs it.
var pg storetest.Lazy

func TestMain(m *testing.M) {
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// newDSN is an empty database: on the test's own cluster, or the one
// KMSDOCTOR_TEST_POSTGRES names (whose tables the suite then shares).
func newDSN(t *testing.T) string {
	if dsn := os.Getenv("KMSDOCTOR_TEST_POSTGRES"); dsn != "" {
		return dsn
	}
	cluster, why := pg.Get()
	if cluster == nil {
		t.Skip(why)
	}
	return cluster.NewDatabase(t)
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) fleet.Store {
		s, err := Open(context.Background(), newDSN(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestMigrationRace opens several stores on one empty database at once:
// the advisory lock lets one apply the migrations, and all end up ready.
func TestMigrationRace(t *testing.T) {
	dsn := newDSN(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(context.Background(), dsn)
			if err == nil {
				err = s.Ping(context.Background())
				s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("replica %d: %v", i, err)
		}
	}
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n, distinct int
	files, _ := filepath.Glob("../sqlstore/migrations/postgres/*.sql")
	if err := s.DB().QueryRow(`SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`).Scan(&n, &distinct); err != nil || n != len(files) || n != distinct {
		t.Errorf("schema_migrations has %d rows for %d versions (%v), want one for each of the %d migrations", n, distinct, err, len(files))
	}
}
