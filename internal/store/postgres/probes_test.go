package postgres

import (
	"context"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

func TestProbes(t *testing.T) {
	storetest.RunProbes(t, func(t *testing.T) fleet.Store {
		s, err := Open(context.Background(), newDSN(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestProbeRace: two replicas' stores on one database race on the due
// probes (FOR UPDATE SKIP LOCKED).
func TestProbeRace(t *testing.T) {
	dsn := newDSN(t)
	a, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	storetest.ProbeRace(t, a, b)
}

func TestAnswers(t *testing.T) {
	storetest.RunAnswers(t, func(t *testing.T) fleet.Store {
		s, err := Open(context.Background(), newDSN(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
