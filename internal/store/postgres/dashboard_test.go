package postgres

import (
	"context"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

func TestDashboardStore(t *testing.T) {
	storetest.RunDashboard(t, func(t *testing.T) fleet.Store {
		s, err := Open(context.Background(), newDSN(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
