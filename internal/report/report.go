// Package report is kmsdoctor's one report model: what `check` and `analyze`
// produce, what `--json` emits, what `render` reads back and what a fleet
// server stores. It imports only the standard library (a test enforces it).
//
// The model is language-neutral: a finding's title and detail are Messages
// (a catalogue key and raw arguments) and its fix is a list of typed Steps.
// The worded fields (Title, Detail, Fix, Commands, Step.Text) are filled at
// the edge, by internal/render, in the language the reader asks for; a
// stored report can therefore be shown in any language from its JSON alone.
package report

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"
)

// Tool is the value of the "tool" key.
const Tool = "kmsdoctor"

// Schema is the version of the report document this package writes.
const Schema = 2

// Version is the kmsdoctor version; the build may override it with -ldflags.
var Version = "0.1.0"

// Severity of a finding, most severe first.
type Severity string

// The severities of the spec.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
	OK      Severity = "ok"
)

// Weight orders severities: error 0, warning 1, info 2, ok 3.
func (s Severity) Weight() int {
	switch s {
	case Error:
		return 0
	case Warning:
		return 1
	case Info:
		return 2
	}
	return 3
}

// IsProblem is true for error and warning.
func (s Severity) IsProblem() bool { return s == Error || s == Warning }

// Source says where a piece of evidence came from: a file and a line (or a
// byte offset for binary files), or a live probe (File empty, Probe set).
// An event from an event log also carries its EventRecordID and its time
// (RFC 3339, in UTC when the log records UTC), which is how a reader finds
// it again in Event Viewer.
type Source struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Offset int64  `json:"offset,omitempty"`
	Probe  string `json:"probe,omitempty"`
	// Excerpt is the text of the cited line (trimmed, at most 200 bytes),
	// for a report to quote.
	Excerpt string `json:"excerpt,omitempty"`
	Record  uint64 `json:"record,omitempty"`
	Time    string `json:"time,omitempty"`
}

// String prints a source as file#record, file:line, file@offset or probe
// name.
func (s Source) String() string {
	switch {
	case s.File != "" && s.Record > 0:
		return fmt.Sprintf("%s#%d", s.File, s.Record)
	case s.File != "" && s.Line > 0:
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	case s.File != "" && s.Offset > 0:
		return fmt.Sprintf("%s@%d", s.File, s.Offset)
	case s.File != "":
		return s.File
	}
	return s.Probe
}

// FindingMessage is the language-neutral form of a finding's title and detail.
type FindingMessage struct {
	Title  Message `json:"title"`
	Detail Message `json:"detail"`
}

// Finding is one observation with its meaning and fix.
type Finding struct {
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	// Subject is the computer the finding is about, when the inputs name it.
	Subject string `json:"subject,omitempty"`
	// Title, Detail, Fix and Commands are Message and Steps worded in the
	// report's language; internal/render fills them.
	Title    string         `json:"title"`
	Detail   string         `json:"detail"`
	Codes    []string       `json:"codes"`
	Evidence map[string]any `json:"evidence"`
	// Fix lists the steps that clear the finding, in order. Steps that are
	// commands to run verbatim are also listed in Commands.
	Fix      []string `json:"fix"`
	Commands []string `json:"commands,omitempty"`
	Sources  []Source `json:"sources,omitempty"`

	Message FindingMessage `json:"message"`
	// InferredFrom is the error code the finding rests on when it rests on a
	// code alone, not on direct evidence.
	InferredFrom string `json:"inferred_from,omitempty"`
	Steps        []Step `json:"steps"`
}

// Stage is one step of KMS activation that the evidence can show healthy or
// failing.
type Stage string

// The stages, in the order a client goes through them.
const (
	StageLicense   Stage = "license"
	StageKMSConfig Stage = "kms_config"
	StageDNS       Stage = "dns"
	StageTCP       Stage = "tcp"
	StageRPC       Stage = "rpc"
	StageTime      Stage = "time"
	StageKMSHost   Stage = "kms_host"
	StageEvents    Stage = "events"
)

// Stages lists every stage in order.
var Stages = []Stage{StageLicense, StageKMSConfig, StageDNS, StageTCP, StageRPC, StageTime, StageKMSHost, StageEvents}

// Stage states.
const (
	StageOK          = "ok"
	StageProblem     = "problem"
	StageNotObserved = "not_observed"
)

// Verdict sums a report (or one machine) up.
type Verdict struct {
	Status  string   `json:"status"` // ok, problem, unknown
	Primary string   `json:"primary"`
	Codes   []string `json:"codes"`
	// Stages maps each Stage to ok, problem or not_observed.
	Stages map[Stage]string `json:"stages"`
	// Next lists, when the status is not problem, the read-only steps that
	// would observe the stages the evidence did not show (On says where
	// each runs), in stage order.
	Next []Step `json:"next,omitempty"`
}

// Verdict statuses.
const (
	StatusOK      = "ok"
	StatusProblem = "problem"
	StatusUnknown = "unknown"
)

// IsProblem is true when the verdict found something wrong; the exit code
// follows it.
func (v Verdict) IsProblem() bool { return v.Status == StatusProblem }

// Subject is the machine a report or finding describes.
type Subject struct {
	Computer string `json:"computer,omitempty"`
	Domain   string `json:"domain,omitempty"`
	CMID     string `json:"cmid,omitempty"`
	OS       string `json:"os,omitempty"`
	Build    string `json:"build,omitempty"`
	// Role is client, kms_host or probe.
	Role string `json:"role,omitempty"`
	// Cloud is azure, aws, gcp, oci or empty.
	Cloud string `json:"cloud,omitempty"`
}

// Roles of a subject.
const (
	RoleClient  = "client"
	RoleKMSHost = "kms_host"
	RoleProbe   = "probe"
)

// Label is the subject's display name: the computer name, else the CMID.
func (s Subject) Label() string {
	if s.Computer != "" {
		return s.Computer
	}
	return s.CMID
}

// Product is the licensing state of one product the evidence shows.
type Product struct {
	Name          string `json:"name"`
	Application   string `json:"application,omitempty"` // windows, office
	Channel       string `json:"channel,omitempty"`     // VOLUME_KMSCLIENT, RETAIL, ...
	LicenseStatus string `json:"license_status,omitempty"`
	GraceMinutes  int    `json:"grace_minutes,omitempty"`
	ExpiresAt     string `json:"expires_at,omitempty"`
	// KMSConfigured is the KMS host:port set with slmgr /skms; KMSDiscovered
	// the one found through DNS.
	KMSConfigured string `json:"kms_configured,omitempty"`
	KMSDiscovered string `json:"kms_discovered,omitempty"`
	Activation    string `json:"activation,omitempty"` // kms, mak, retail, oem, avma, ...
}

// Machine is one machine of a report whose inputs describe several.
type Machine struct {
	Subject  Subject   `json:"subject"`
	Products []Product `json:"products"`
	Inputs   []string  `json:"inputs"`
	Verdict  Verdict   `json:"verdict"`
}

// ProbeRun records one probe of `check`: what it tested, how long it took
// and how it failed.
type ProbeRun struct {
	Probe      string  `json:"probe"`
	Target     string  `json:"target,omitempty"`
	DurationMS float64 `json:"duration_ms"`
	Error      string  `json:"error,omitempty"`
}

// Report is the document of the spec.
type Report struct {
	Tool        string     `json:"tool"`
	Version     string     `json:"version"`
	Schema      int        `json:"schema"`
	ID          string     `json:"id"`
	GeneratedAt time.Time  `json:"generated_at"`
	Lang        string     `json:"lang,omitempty"`
	Command     string     `json:"command,omitempty"`
	Inputs      []string   `json:"inputs"`
	Subject     Subject    `json:"subject"`
	Products    []Product  `json:"products"`
	Findings    []Finding  `json:"findings"`
	Machines    []Machine  `json:"machines,omitempty"`
	Probes      []ProbeRun `json:"probes,omitempty"`
	Verdict     Verdict    `json:"verdict"`
}

// New returns an empty report stamped now, with a new random id.
func New(command string, now time.Time) *Report {
	return &Report{Tool: Tool, Version: Version, Schema: Schema, ID: NewID(), GeneratedAt: now.UTC().Truncate(time.Second),
		Command: command, Inputs: []string{}, Products: []Product{}, Findings: []Finding{},
		Verdict: Verdict{Status: StatusUnknown, Codes: []string{}, Stages: NotObserved()}}
}

// NotObserved is a stage map with every stage not observed.
func NotObserved() map[Stage]string {
	m := make(map[Stage]string, len(Stages))
	for _, s := range Stages {
		m[s] = StageNotObserved
	}
	return m
}

// NewID returns a random (version 4) UUID.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Decode reads a report document (schema 1 or 2). Schema 1 reports have no
// messages; they keep their worded text.
func Decode(raw []byte) (*Report, error) {
	var r Report
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	if r.Tool != Tool {
		return nil, fmt.Errorf("not a kmsdoctor report (tool %q)", r.Tool)
	}
	if r.Schema > Schema {
		return nil, fmt.Errorf("report schema %d is newer than this kmsdoctor reads (%d)", r.Schema, Schema)
	}
	return &r, nil
}

// MarshalJSON makes sure lists and maps are never null.
func (f Finding) MarshalJSON() ([]byte, error) {
	type plain Finding
	p := plain(f)
	if p.Codes == nil {
		p.Codes = []string{}
	}
	if p.Evidence == nil {
		p.Evidence = map[string]any{}
	}
	if p.Fix == nil {
		p.Fix = []string{}
	}
	if p.Steps == nil {
		p.Steps = []Step{}
	}
	return json.Marshal(p)
}

// MarshalJSON makes sure lists are never null.
func (v Verdict) MarshalJSON() ([]byte, error) {
	type plain Verdict
	p := plain(v)
	if p.Codes == nil {
		p.Codes = []string{}
	}
	if p.Stages == nil {
		p.Stages = NotObserved()
	}
	return json.Marshal(p)
}

// MarshalJSON makes sure lists are never null.
func (m Machine) MarshalJSON() ([]byte, error) {
	type plain Machine
	p := plain(m)
	if p.Products == nil {
		p.Products = []Product{}
	}
	if p.Inputs == nil {
		p.Inputs = []string{}
	}
	return json.Marshal(p)
}

// MarshalJSON makes sure lists are never null.
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report
	p := plain(r)
	if p.Inputs == nil {
		p.Inputs = []string{}
	}
	if p.Findings == nil {
		p.Findings = []Finding{}
	}
	if p.Products == nil {
		p.Products = []Product{}
	}
	return json.Marshal(p)
}
