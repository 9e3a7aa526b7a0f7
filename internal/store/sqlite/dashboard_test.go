package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

func TestDashboardStore(t *testing.T) {
	storetest.RunDashboard(t, func(t *testing.T) fleet.Store {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "fleet.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
