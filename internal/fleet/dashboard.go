package fleet

import (
	"context"
	"time"
)

// This file is the dashboard's part of the domain: its users and their
// sessions, the machine filter of its machines page and the daily counts
// of its trend chart. A store that keeps the dashboard implements
// DashboardStore besides Store (both stores of internal/store do); the
// server finds it with a type assertion, so Store itself is unchanged.

// User is a person who may log in to the dashboard.
type User struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Session is a logged-in user's session. Its id is known only to the
// browser; the store keeps the id's hash (HashToken).
type Session struct {
	UserID int64
	User   string
	// CSRF is the session's anti-forgery token, which every form of the
	// logged-in pages carries.
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// DashFilter selects a page of machines by what the dashboard filters
// on: the fields of MachineFilter and a code of the verdict, the domain,
// the cloud of the subject and the KMS host (exact, any case).
type DashFilter struct {
	MachineFilter
	Code    string
	Domain  string
	Cloud   string
	KMSHost string
}

// DayCount is one day (UTC) of the trend: the reports received and, among
// the reports whose content changed, those with a problem verdict.
type DayCount struct {
	Day      time.Time `json:"day"`
	Reports  int       `json:"reports"`
	Problems int       `json:"problems"`
}

// DashboardStore keeps the dashboard's users and sessions and answers its
// queries.
type DashboardStore interface {
	// CreateUser stores a user with the hash of the password. Errors:
	// EINVALID (empty name), ECONFLICT (the name is taken).
	CreateUser(ctx context.Context, name, passwordHash string, now time.Time) (User, error)
	// UserByName returns a user and the hash of the password. Errors:
	// ENOTFOUND.
	UserByName(ctx context.Context, name string) (User, string, error)
	// CreateSession stores a session under the hash of its id.
	CreateSession(ctx context.Context, idHash string, s Session) error
	// SessionByHash returns the session of an id hash that has not
	// expired at now. Errors: EUNAUTHORIZED (unknown or expired).
	SessionByHash(ctx context.Context, idHash string, now time.Time) (Session, error)
	// DeleteSession ends a session (no error when there is none).
	DeleteSession(ctx context.Context, idHash string) error
	// PruneSessions deletes the sessions expired at now.
	PruneSessions(ctx context.Context, now time.Time) (int, error)
	// FilterMachines is Store.Machines with the dashboard's filter.
	FilterMachines(ctx context.Context, f DashFilter) ([]Machine, int64, error)
	// Trend counts the reports of each day since since, oldest first.
	Trend(ctx context.Context, since time.Time) ([]DayCount, error)
}
