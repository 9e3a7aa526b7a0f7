// Package fleet is the fleet server's domain: the machines of a fleet as
// their latest reports describe them, the reports received, the agents and
// their tokens, the fleet-wide answers (Summary, KMSHost, CMIDGroup), the
// error codes, and the Store interface that internal/store implements once
// for SQLite and PostgreSQL. It imports only internal/report,
// internal/jsonspan (for the content hash of a report as sent) and the
// standard library; MachineFrom is the one place a report becomes a
// machine's columns, so that both stores take them from the same code.
package fleet

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// MaxBatch is the most reports one POST may carry.
const MaxBatch = 1000

// DefaultRetention is how long report history is kept.
const DefaultRetention = 180 * 24 * time.Hour

// KMS activation thresholds: a KMS host activates Windows client editions
// once its count reaches 25, and server editions (and Office) at 5.
const (
	ClientThreshold = 25
	ServerThreshold = 5
)

// License states of a machine (the product license_status values of the
// report, plus unknown when no product is known).
const (
	LicenseUnknown = "unknown"
)

// LicenseStates lists the states Summary.ByStatus always carries, worst
// first.
var LicenseStates = []string{"unlicensed", "notification", "nongenuine_grace", "oot_grace", "oob_grace", "extended_grace",
	"licensed", LicenseUnknown}

// Machine is one machine of the fleet in the state of its latest report.
type Machine struct {
	ID int64 `json:"id"`
	// Key is the machine's identity: the computer name and domain in
	// lower case, else "cmid:" and the CMID, else "report:" and the
	// report id. The CMID alone is not an identity: clones share it.
	Key      string `json:"key"`
	Computer string `json:"computer,omitempty"`
	Domain   string `json:"domain,omitempty"`
	CMID     string `json:"cmid,omitempty"`
	OS       string `json:"os,omitempty"`
	Build    string `json:"build,omitempty"`
	Role     string `json:"role,omitempty"`
	Server   bool   `json:"server_edition"`
	// LicenseStatus is the worst license_status of the Windows products
	// (of all products when no Windows product is listed), or unknown.
	LicenseStatus string `json:"license_status"`
	Channel       string `json:"channel,omitempty"`
	// ExpiresAt is the earliest end of a grace period or of a volume
	// activation among the products; zero when none is known.
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	// KMSHost is the KMS host the machine uses: configured, else
	// discovered, lower case.
	KMSHost string   `json:"kms_host,omitempty"`
	Status  string   `json:"status"` // the verdict: ok, problem, unknown
	Primary string   `json:"primary,omitempty"`
	Codes   []string `json:"codes"`

	ReportID    string    `json:"report_id"`
	ContentHash string    `json:"content_hash"`
	GeneratedAt time.Time `json:"generated_at"`
	FirstSeen   time.Time `json:"first_seen,omitzero"`
	LastSeen    time.Time `json:"last_seen,omitzero"`

	Products []report.Product `json:"products"`
}

// Received is a report as the server received it.
type Received struct {
	ID         string
	AgentID    int64
	ReceivedAt time.Time
	Report     *report.Report
	// Body is the report's JSON as it was sent; it is stored unchanged.
	Body []byte
}

// ReportRef is one entry of a machine's history: a report whose content
// differed from the one before it.
type ReportRef struct {
	ID          string    `json:"id"`
	GeneratedAt time.Time `json:"generated_at"`
	ReceivedAt  time.Time `json:"received_at"`
	Status      string    `json:"status"`
	Primary     string    `json:"primary,omitempty"`
	ContentHash string    `json:"content_hash"`
}

// Token roles.
const (
	RoleAgent  = "agent"  // may only post reports
	RoleReader = "reader" // may only read the API
)

// Agent is the holder of a token.
type Agent struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
	Revoked   bool      `json:"revoked"`
}

// Summary is the fleet at a glance (GET /api/v1/summary).
type Summary struct {
	Machines int `json:"machines"`
	// ByStatus counts machines by license state (every LicenseStates key).
	ByStatus map[string]int `json:"by_status"`
	// Expiring counts machines whose ExpiresAt falls within 7, 14 and 30
	// days ("7d", "14d", "30d").
	Expiring          map[string]int `json:"expiring"`
	FailuresByPrimary map[string]int `json:"failures_by_primary"`
	FailuresByCode    map[string]int `json:"failures_by_code"`
	// Reports counts the distinct report ids received.
	Reports int `json:"reports"`
	// ByVerdict counts machines by verdict status (ok, problem, unknown).
	ByVerdict map[string]int `json:"by_verdict"`
}

// ExpiringWindows are the keys and spans of Summary.Expiring.
var ExpiringWindows = []struct {
	Key  string
	Span time.Duration
}{{"7d", 7 * 24 * time.Hour}, {"14d", 14 * 24 * time.Hour}, {"30d", 30 * 24 * time.Hour}}

// KMSHost is a KMS host with the machines that reported using it.
type KMSHost struct {
	Host string `json:"host"`
	// Clients and Servers count the distinct machines of client and of
	// server editions whose latest report within the window names it.
	Clients         int  `json:"clients"`
	Servers         int  `json:"servers"`
	ClientThreshold int  `json:"client_threshold"`
	ServerThreshold int  `json:"server_threshold"`
	MeetsClients    bool `json:"meets_client_threshold"`
	MeetsServers    bool `json:"meets_server_threshold"`
	// HostCount is the count the host itself reported (its kmshost.count
	// finding, from its 12290 events), as of HostCountAt; nil when the
	// host sent no such report (see WithHostCount, renewal.go).
	HostCount   *int      `json:"host_count,omitempty"`
	HostCountAt time.Time `json:"host_count_at,omitzero"`
}

// NewKMSHost fills the thresholds of a host seen by clients and servers.
func NewKMSHost(host string, clients, servers int) KMSHost {
	n := clients + servers
	return KMSHost{Host: host, Clients: clients, Servers: servers, ClientThreshold: ClientThreshold,
		ServerThreshold: ServerThreshold, MeetsClients: n >= ClientThreshold, MeetsServers: n >= ServerThreshold}
}

// CMIDGroup is a CMID that several machines report: clones that were not
// generalised, which a KMS host counts as one.
type CMIDGroup struct {
	CMID     string   `json:"cmid"`
	Machines []string `json:"machines"` // their keys, sorted
}

// MachineFilter selects a page of machines. Zero fields select all.
type MachineFilter struct {
	Status         string        // license state
	Verdict        string        // ok, problem, unknown
	ExpiringWithin time.Duration // ExpiresAt between Now and Now+ExpiringWithin
	Now            time.Time
	Primary        string // verdict primary finding id
	Q              string // start of the computer name, the domain or the CMID, any case
	Limit          int    // 1..1000, default 100
	After          int64  // the cursor: machines with a larger ID
}

// Store keeps the fleet. Both implementations (internal/store) pass the
// conformance suite of internal/store/storetest.
type Store interface {
	// PutReports stores the reports in one transaction and updates each
	// one's machine (MachineFrom): the latest state when the report is not
	// older than the one stored, and a history row when its content hash
	// differs from the machine's. A report whose ID is already stored
	// (or that comes twice in rs) is skipped. It returns, for each report
	// of rs, whether it was new; nothing is stored when it fails.
	// Errors: EINVALID (a report without id or with a nil Report, Index
	// naming it).
	PutReports(ctx context.Context, rs []Received) ([]bool, error)
	// Report returns a stored report. Errors: ENOTFOUND.
	Report(ctx context.Context, id string) (*Received, error)
	// Machines returns a page of machines by ascending ID and the cursor
	// of the next page (0 when this is the last). Errors: EINVALID (a
	// limit out of range).
	Machines(ctx context.Context, f MachineFilter) ([]Machine, int64, error)
	// Machine returns one machine and its history, newest first.
	// Errors: ENOTFOUND.
	Machine(ctx context.Context, id int64) (*Machine, []ReportRef, error)
	// Summary counts the fleet as of now. No domain errors.
	Summary(ctx context.Context, now time.Time) (Summary, error)
	// KMSHosts lists the KMS hosts named by machines last seen since,
	// by host name. No domain errors.
	KMSHosts(ctx context.Context, since time.Time) ([]KMSHost, error)
	// DuplicateCMIDs lists the CMIDs shared by machines last seen since,
	// by CMID. No domain errors.
	DuplicateCMIDs(ctx context.Context, since time.Time) ([]CMIDGroup, error)
	// CreateAgent stores a token holder with the hash of its token.
	// Errors: EINVALID (empty name, unknown role), ECONFLICT (the name is
	// taken).
	CreateAgent(ctx context.Context, name, role, tokenHash string, now time.Time) (Agent, error)
	// AgentByToken returns the holder of a token hash. Errors:
	// EUNAUTHORIZED (unknown or revoked).
	AgentByToken(ctx context.Context, tokenHash string) (Agent, error)
	// RevokeAgent revokes the tokens of name. Errors: ENOTFOUND.
	RevokeAgent(ctx context.Context, name string) error
	// Prune deletes the history received before before, except each
	// machine's latest report, and returns how many reports it deleted.
	// No domain errors.
	Prune(ctx context.Context, before time.Time) (int, error)
	// Ping checks that the database answers and the schema is current.
	// Errors: EUNAVAILABLE.
	Ping(ctx context.Context) error
	Close() error
}

// NewToken returns a new random token (32 bytes, base64url) and its hash.
func NewToken() (token, hash string) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // never fails (Go 1.24+)
	token = "kmsd_" + base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token)
}

// HashToken is the stored form of a token: hex SHA-256. A token carries
// 256 random bits, so a fast hash is enough (no password stretching).
func HashToken(token string) string {
	s := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return hex.EncodeToString(s[:])
}
