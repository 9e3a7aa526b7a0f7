package fleet

import (
	"context"
	"slices"
	"strings"
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

// Series of the daily rollups the dashboard's charts draw (RollupPoint).
// Every number is of one UTC day; the fleet-wide ones are as the machines
// table stood when the day was last counted.
const (
	// SeriesLicense: machines by license state (key: the state).
	SeriesLicense = "license"
	// SeriesVerdict: machines by verdict (key: ok, problem, unknown).
	SeriesVerdict = "verdict"
	// SeriesReports: reports received that day (key "").
	SeriesReports = "reports"
	// SeriesProblemReports: reports received that day whose content
	// changed and whose verdict is a problem (key "").
	SeriesProblemReports = "problem_reports"
	// SeriesKMSClients, SeriesKMSServers: a KMS host's distinct client
	// and server machines over the 30 days up to the day (key: the host).
	SeriesKMSClients = "kms_clients"
	SeriesKMSServers = "kms_servers"
	// SeriesKMSHostCount: the count the host reported itself, from its
	// 12290 events (key: the host as KMSHost.Host names it).
	SeriesKMSHostCount = "kms_host_count"
)

// RollupPoint is one number of a series on a UTC day.
type RollupPoint struct {
	Series    string
	Key       string
	Day       time.Time // 00:00 UTC of the day
	N         int
	CountedAt time.Time
}

// HostStopped lists a KMS host's clients that stopped renewing (see
// StoppedRenewing): how many, and the first of them, longest overdue
// first. Host is "" for machines that name no KMS host.
type HostStopped struct {
	Host     string            `json:"host"`
	Total    int               `json:"total"`
	Machines []StoppedRenewing `json:"machines"`
}

// RollupStore answers the dashboard from what the writer keeps counted
// (a *sqlstore.Store is one): the same answers as Store's Summary,
// KMSHosts and DuplicateCMIDs without counting the machines, the daily
// rollups of the charts and the stopped renewals by host.
type RollupStore interface {
	// CountedSummary equals Store.Summary.
	CountedSummary(ctx context.Context, now time.Time) (Summary, error)
	// CountedKMSHosts equals Store.KMSHosts.
	CountedKMSHosts(ctx context.Context, since time.Time) ([]KMSHost, error)
	// CountedHostCounts equals AnswerStore.HostCounts, read from the few
	// KMS hosts' rows rather than from the machines.
	CountedHostCounts(ctx context.Context, since time.Time) ([]HostCount, error)
	// CountedDuplicateCMIDs equals Store.DuplicateCMIDs.
	CountedDuplicateCMIDs(ctx context.Context, since time.Time) ([]CMIDGroup, error)
	// StoppedByHost is AnswerStore.StoppedRenewing grouped by the KMS
	// host the machines name, at most perHost machines each (1..1000).
	StoppedByHost(ctx context.Context, now time.Time, margin time.Duration, perHost int) ([]HostStopped, error)
	// RefreshRollups counts now's day of every series; the first time,
	// it also fills the days days before it from the stored history.
	RefreshRollups(ctx context.Context, now time.Time, days int) error
	// Rollups returns the stored points from since's day on, by series,
	// key and day.
	Rollups(ctx context.Context, since time.Time) ([]RollupPoint, error)
}

// MergeHostCounts adds to the hosts the clients name the counts the hosts
// reported themselves: matched by the host's full name or its computer
// name; a host no client names is listed with its own count. The result
// is sorted by host.
func MergeHostCounts(hosts []KMSHost, counts []HostCount) []KMSHost {
	for _, c := range counts {
		i := slices.IndexFunc(hosts, func(h KMSHost) bool { return h.Host == c.Host })
		if i < 0 && c.Computer != "" {
			i = slices.IndexFunc(hosts, func(h KMSHost) bool { return h.Host == c.Computer })
		}
		if i < 0 {
			hosts = append(hosts, NewKMSHost(c.Host, 0, 0))
			i = len(hosts) - 1
		}
		hosts[i] = hosts[i].WithHostCount(c)
	}
	slices.SortFunc(hosts, func(a, b KMSHost) int { return strings.Compare(a.Host, b.Host) })
	return hosts
}

// Count is the number the thresholds hold against: the larger of the
// host's own count and its distinct machines.
func (h KMSHost) Count() int {
	n := h.Clients + h.Servers
	if h.HostCount != nil {
		n = max(n, *h.HostCount)
	}
	return n
}
