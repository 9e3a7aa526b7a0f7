package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

func TestProbes(t *testing.T) {
	storetest.RunProbes(t, func(t *testing.T) fleet.Store {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "fleet.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestProbeRace: two processes' stores on one SQLite file.
func TestProbeRace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fleet.db")
	a, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	storetest.ProbeRace(t, a, b)
}

func TestAnswers(t *testing.T) {
	storetest.RunAnswers(t, func(t *testing.T) fleet.Store {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "fleet.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
