// Package store opens the fleet store a DSN names: sqlite:///PATH (or a
// plain path) for an SQLite file, postgres:// or postgresql:// for
// PostgreSQL.
package store

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/store/postgres"
	"github.com/kmsdoctor/kmsdoctor/internal/store/sqlite"
)

// Open opens the store of dsn; "" is DefaultDSN().
func Open(ctx context.Context, dsn string) (fleet.Store, error) {
	if dsn == "" {
		dsn = DefaultDSN()
	}
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return postgres.Open(ctx, dsn)
	case strings.HasPrefix(dsn, "sqlite://"):
		return sqlite.Open(ctx, strings.TrimPrefix(dsn, "sqlite://"))
	case strings.Contains(dsn, "://"):
		return nil, fleet.Errorf(fleet.EINVALID, "database %q: use sqlite:///PATH or postgres://...", dsn)
	}
	return sqlite.Open(ctx, dsn)
}

// DefaultDSN is an SQLite file in the user's data directory:
// $XDG_DATA_HOME/kmsdoctor/fleet.db (~/.local/share), %LOCALAPPDATA% on
// Windows, ~/Library/Application Support on macOS.
func DefaultDSN() string {
	dir := os.Getenv("XDG_DATA_HOME")
	switch {
	case dir != "":
	case runtime.GOOS == "windows" && os.Getenv("LOCALAPPDATA") != "":
		dir = os.Getenv("LOCALAPPDATA")
	case runtime.GOOS == "darwin":
		dir, _ = os.UserConfigDir()
	default:
		if h, err := os.UserHomeDir(); err == nil {
			dir = filepath.Join(h, ".local", "share")
		}
	}
	if dir == "" {
		dir = "."
	}
	return "sqlite://" + filepath.Join(dir, "kmsdoctor", "fleet.db")
}
