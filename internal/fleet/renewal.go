package fleet

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// What the stores derive from a machine's latest report beyond its
// columns (issue 16, item 4): a KMS host's own count of its clients (the
// kmshost.count finding, from its 12290 events), and a client's last
// successful activation or renewal with its renewal interval (the
// last_success and renewal_interval_minutes evidence of the event
// findings).

// Finding ids whose evidence the fleet reads (internal/diagnose defines
// them; fleet does not import it).
const (
	FindingKMSHostCount = "kmshost.count"
)

// DefaultRenewalInterval is a KMS client's renewal interval when its
// events do not say (VLRenewalInterval, 7 days).
const DefaultRenewalInterval = 7 * 24 * time.Hour

// DefaultRenewalMargin is how long after a missed renewal a machine is
// listed as having stopped renewing: one agent round (24h) and a day of
// retries.
const DefaultRenewalMargin = 48 * time.Hour

// HostCount is a KMS host's own count of its clients, from its latest
// report.
type HostCount struct {
	Host      string    // the host machine's key (computer.domain)
	Computer  string    // its computer name, lower case
	Count     int       // the current count the host reported
	WindowEnd time.Time // the time of the newest 12290 counted
}

// Renewal is when a machine last activated or renewed with its KMS host.
type Renewal struct {
	LastSuccess time.Time
	Interval    time.Duration
}

// StoppedRenewing is a machine whose last successful activation or
// renewal is older than its renewal interval and the margin.
type StoppedRenewing struct {
	MachineID       int64     `json:"machine_id"`
	Key             string    `json:"key"`
	KMSHost         string    `json:"kms_host,omitempty"`
	LastSuccess     time.Time `json:"last_success"`
	RenewalInterval int       `json:"renewal_interval_minutes"`
	// OverdueSince is LastSuccess plus the renewal interval.
	OverdueSince time.Time `json:"overdue_since"`
	LastSeen     time.Time `json:"last_seen"`
}

// AnswerStore is what the stores answer beyond fleet.Store (a
// *sqlstore.Store is both).
type AnswerStore interface {
	// HostCounts lists the counts KMS hosts last seen since reported
	// themselves, by host. No domain errors.
	HostCounts(ctx context.Context, since time.Time) ([]HostCount, error)
	// StoppedRenewing lists, by machine id after the cursor after, up to
	// limit machines whose last success plus renewal interval is before
	// now minus margin, and how many there are in all. Errors: EINVALID
	// (limit out of 1..MaxBatch).
	StoppedRenewing(ctx context.Context, now time.Time, margin time.Duration, after int64, limit int) ([]StoppedRenewing, int, error)
}

// HostCountFrom is the count a KMS host's report gives (ok false when it
// has no kmshost.count finding).
func HostCountFrom(r *report.Report) (count int, windowEnd time.Time, ok bool) {
	for _, f := range r.Findings {
		if f.ID != FindingKMSHostCount {
			continue
		}
		n, ok := number(f.Evidence["count"])
		if !ok {
			continue
		}
		return n, evidenceTime(f.Evidence["window_end"]), true
	}
	return 0, time.Time{}, false
}

// RenewalFrom is the newest last_success of a report's findings, with the
// renewal interval the same finding names (DefaultRenewalInterval when
// none does); ok false when no finding names a success.
func RenewalFrom(r *report.Report) (Renewal, bool) {
	var best Renewal
	for _, f := range r.Findings {
		t := evidenceTime(f.Evidence["last_success"])
		if t.IsZero() || !t.After(best.LastSuccess) {
			continue
		}
		best = Renewal{LastSuccess: t, Interval: DefaultRenewalInterval}
		if m, ok := number(f.Evidence["renewal_interval_minutes"]); ok && m > 0 {
			best.Interval = time.Duration(m) * time.Minute
		}
	}
	return best, !best.LastSuccess.IsZero()
}

// number reads an evidence number: an int in process, a float64 or a
// json.Number from JSON.
func number(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		return int(n), n == float64(int(n))
	case json.Number:
		i, err := strconv.Atoi(n.String())
		return i, err == nil
	}
	return 0, false
}

// evidenceTime reads an evidence time: a time.Time in process, else the
// text of one (RFC 3339, or the rules' "2006-01-02 15:04 UTC").
func evidenceTime(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t.UTC()
	case string:
		t = strings.TrimSpace(t)
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04 UTC", "2006-01-02"} {
			if x, err := time.Parse(layout, t); err == nil {
				return x.UTC()
			}
		}
	}
	return time.Time{}
}

// WithHostCount adds a host's own count to what its clients said: the
// thresholds then hold against the larger of the two.
func (h KMSHost) WithHostCount(c HostCount) KMSHost {
	n := c.Count
	h.HostCount, h.HostCountAt = &n, c.WindowEnd
	best := max(n, h.Clients+h.Servers)
	h.MeetsClients, h.MeetsServers = best >= ClientThreshold, best >= ServerThreshold
	return h
}
