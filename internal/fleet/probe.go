package fleet

import (
	"context"
	"time"
)

// Scheduled probes: the server runs `check` against each configured KMS
// host every Interval and stores the result as a report of role probe.

// ProbeCommand is the command of a scheduled probe's report: the checks
// of `check`, run by the server; its subject's computer is the target.
const ProbeCommand = "serve-probe"

// DefaultProbeInterval is the interval of a probe given without one.
const DefaultProbeInterval = 5 * time.Minute

// MinProbeInterval is the shortest interval a probe may have.
const MinProbeInterval = 10 * time.Second

// Probe is one scheduled probe target and its last run.
type Probe struct {
	ID     int64  `json:"id"`
	Target string `json:"target"` // host:port, as probe.ParseHost normalises it
	// Interval is the time between two runs.
	Interval time.Duration `json:"-"`
	// NextRun is when the next run is due.
	NextRun time.Time `json:"next_run"`
	// LastRun, LastReportID, LastSuccess and LastDuration describe the
	// last finished run (zero before the first).
	LastRun      time.Time     `json:"last_run,omitzero"`
	LastReportID string        `json:"last_report_id,omitempty"`
	LastSuccess  bool          `json:"last_success"`
	LastDuration time.Duration `json:"-"`
	Runs         int64         `json:"runs"`
}

// ProbeStore keeps the probe schedule. Both stores implement it next to
// fleet.Store (a *sqlstore.Store is both); the claim is what makes a
// probe run once per interval across several servers on one database.
type ProbeStore interface {
	// AddProbe schedules target (host:port) every interval, due now when
	// it is new; an existing target keeps its schedule and takes the new
	// interval. Errors: EINVALID (empty target, interval under
	// MinProbeInterval).
	AddProbe(ctx context.Context, target string, interval time.Duration, now time.Time) (Probe, error)
	// RemoveProbe unschedules target. Errors: ENOTFOUND.
	RemoveProbe(ctx context.Context, target string) error
	// Probes lists the schedule by target. No domain errors.
	Probes(ctx context.Context) ([]Probe, error)
	// ClaimProbes returns up to limit probes due at now and moves their
	// NextRun one interval on, atomically: of several servers claiming
	// at once, each due probe goes to exactly one (PostgreSQL: FOR UPDATE
	// SKIP LOCKED; SQLite: its single writer). No domain errors.
	ClaimProbes(ctx context.Context, now time.Time, limit int) ([]Probe, error)
	// FinishProbe records the outcome of a claimed run. Errors:
	// ENOTFOUND.
	FinishProbe(ctx context.Context, id int64, at time.Time, reportID string, success bool, took time.Duration) error
}
