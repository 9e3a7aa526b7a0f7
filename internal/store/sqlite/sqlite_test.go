package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) fleet.Store {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "fleet.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "fleet.db")
	for range 2 { // the second open finds the migrations applied
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	if _, err := Open(context.Background(), "x?mode=memory"); err == nil {
		t.Error("a path with ? opened")
	}
}

// BenchmarkPutReports: groups of 1 and 16 reports into an SQLite file.
func BenchmarkPutReports(b *testing.B) {
	for _, size := range []int{1, 16} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			s, err := Open(context.Background(), filepath.Join(b.TempDir(), "fleet.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			storetest.BenchPut(b, s, size)
		})
	}
}
