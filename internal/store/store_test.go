package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	for _, dsn := range []string{"sqlite://" + filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")} {
		s, err := Open(context.Background(), dsn)
		if err != nil {
			t.Fatalf("%s: %v", dsn, err)
		}
		s.Close()
	}
	if _, err := Open(context.Background(), "mysql://x"); fleet.ErrorCode(err) != fleet.EINVALID {
		t.Errorf("mysql: %v", err)
	}
	t.Setenv("XDG_DATA_HOME", dir)
	if got := DefaultDSN(); got != "sqlite://"+filepath.Join(dir, "kmsdoctor", "fleet.db") || !strings.HasPrefix(got, "sqlite://") {
		t.Errorf("DefaultDSN %s", got)
	}
}
