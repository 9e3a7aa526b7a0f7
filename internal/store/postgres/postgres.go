// Package postgres opens the fleet store in PostgreSQL through
// github.com/jackc/pgx/v5 (its database/sql driver, with pgx's pool of
// connections behind database/sql's), for several `serve` processes on one
// database. Migrations run under pg_advisory_lock, so replicas starting
// together apply them once.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"

	"github.com/kmsdoctor/kmsdoctor/internal/store/sqlstore"
)

// lockKey is the advisory lock key of the migrations ("kmsdoct" in ASCII).
const lockKey = 0x6b6d73646f6374

// Dialect is PostgreSQL's.
var Dialect = sqlstore.Dialect{Name: "postgres", Numbered: true, Lock: lock, Retry: retry}

func lock(ctx context.Context, c *sql.Conn) (func(), error) {
	if _, err := c.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, int64(lockKey)); err != nil {
		return nil, err
	}
	return func() { _, _ = c.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, int64(lockKey)) }, nil
}

// retry is true for a serialization failure or a deadlock.
func retry(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// PoolSize is the most connections one process opens.
const PoolSize = 16

// Open connects to dsn (postgres://...) and migrates.
func Open(ctx context.Context, dsn string) (*sqlstore.Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(PoolSize)
	db.SetMaxIdleConns(PoolSize)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s, err := sqlstore.Open(ctx, db, db, Dialect)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return s, nil
}
