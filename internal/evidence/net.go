package evidence

import (
	"encoding/json"
	"time"
)

// Outcome values shared by DNS lookups.
const (
	DNSFound       = "found"       // records returned
	DNSNXDomain    = "nxdomain"    // the name does not exist
	DNSNoData      = "nodata"      // the name exists, no record of the type
	DNSUnreachable = "unreachable" // the server did not answer (timeout, refused, unreachable)
	DNSError       = "error"       // SERVFAIL, REFUSED or another failure
)

// Resolver is one DNS server and whether it answered at all.
type Resolver struct {
	Server    string // "system" or ip:port
	Reachable bool
	Err       string
	Source    Source
}

// SRVRecord is one _vlmcs._tcp answer.
type SRVRecord struct {
	Target   string
	Port     uint16
	Priority uint16
	Weight   uint16
}

// SRVLookup is one query of _vlmcs._tcp.DOMAIN.
type SRVLookup struct {
	Domain   string
	Resolver string
	Outcome  string // DNS* constants
	Rcode    string // NOERROR, NXDOMAIN, SERVFAIL, REFUSED... when known
	Records  []SRVRecord
	// Dropped counts the records past the probe's limit (probe.MaxSRVRecords)
	// that were not kept in Records nor tested.
	Dropped int `json:",omitempty"`
	Err     string
	Source  Source
}

// NameLookup is one A/AAAA lookup of a KMS host name.
type NameLookup struct {
	Name     string
	Resolver string
	Outcome  string
	Addrs    []string
	Err      string
	Source   Source
}

// TCP outcomes.
const (
	TCPOK          = "ok"
	TCPRefused     = "refused"     // RST / ICMP port unreachable
	TCPTimeout     = "timeout"     // no answer: filtered
	TCPUnreachable = "unreachable" // no route to host / network unreachable
	TCPReset       = "reset"       // connection reset after connect
	TCPLoss        = "loss"        // some attempts failed
	TCPError       = "error"
)

// TCPProbe is a series of connection attempts to one endpoint, like psping
// or Test-NetConnection.
type TCPProbe struct {
	Host     string // name as given or from SRV
	Addr     string // ip:port actually dialled
	Port     int
	Sent     int
	Received int
	Min      time.Duration
	Avg      time.Duration
	Max      time.Duration
	Outcome  string         // TCP* constants, for the series as a whole
	Failures map[string]int // outcome -> count for failed attempts
	Err      string         // last error text
	Source   Source
}

// RPC bind outcomes.
const (
	RPCAccepted = "accepted" // bind_ack accepting the KMS interface
	RPCRejected = "rejected" // bind_ack rejecting it, or bind_nak
	RPCNotRPC   = "not_rpc"  // an answer that is not DCE/RPC (HTTP proxy...)
	RPCSilent   = "silent"   // no answer before the deadline
	RPCClosed   = "closed"   // the peer closed or reset the connection
	RPCError    = "error"
)

// RPCBind is the answer to a DCE/RPC bind for the KMS interface.
type RPCBind struct {
	Host    string
	Addr    string
	Outcome string
	Reason  string // localisable reason code, e.g. "provider_rejection/abstract_syntax_not_supported"
	Reply   string // first bytes of a non-RPC reply, printable, for evidence
	SecAddr string // secondary address of a bind_ack (the port the server names, "135" for an endpoint mapper)
	Err     string
	Source  Source
}

// Note kinds raised by the live probes.
const (
	// NoteNoDomain: `check` had no target flag and the system has no DNS
	// search domain to look for an SRV record in.
	NoteNoDomain = "no_domain"
)

// Note kinds of a bundle written by `kmsdoctor collect`: the machine it was
// collected on (Detail: the computer name; Source.File: the bundle), and a
// collector that failed (Detail: "collector: error").
const (
	NoteBundleComputer  = "bundle.computer"
	NoteCollectorFailed = "bundle.collector_failed"
)

// Note kinds raised by the readers of pasted outputs.
const (
	// NoteRedacted: a value of an output was replaced by a placeholder
	// before it was pasted (`<KMS Host FQDN>`, `*my DNS server IP*`,
	// `xxxxx`, `***`; see package evidence/redact). Detail is the line as
	// pasted, Source its file and line. The reader did not take the
	// placeholder for a value (a host named "xxxxx") nor for damage; it is
	// information, never a fault.
	NoteRedacted = "redacted"

	// What slmgr prints after a command that changes a setting (package
	// slmgr, actions.go): Detail is the value it names. NoteKMSNameSet is
	// /skms ("Key Management Service machine name set to HOST:PORT
	// successfully."): the KMS host the machine is configured to use, the
	// kms_config stage; the others say what was done, nothing about the
	// licence: /ckms, /skms-domain (Detail: the domain), /ckms-domain,
	// /ipk (Detail: the key's last five characters), /upk, /cpky.
	NoteKMSNameSet = "slmgr.kms_name_set"
	// NoteKMSConfigured: the KMS host the licensing service row of a WMI
	// list names (KeyManagementServiceMachine, else the discovered one),
	// when no product row came with it (package spp). Detail: host:port.
	NoteKMSConfigured    = "wmi.kms_configured"
	NoteKMSNameCleared   = "slmgr.kms_name_cleared"
	NoteKMSDomainSet     = "slmgr.kms_domain_set"
	NoteKMSDomainCleared = "slmgr.kms_domain_cleared"
	NoteKeyInstalled     = "slmgr.key_installed"
	NoteKeyUninstalled   = "slmgr.key_uninstalled"
	NoteKeyCleared       = "slmgr.key_cleared"
	// NoteSlmgrUsage: slmgr's text about itself (its usage, an unknown
	// option, a remote machine of another version): nothing about the
	// machine's licence.
	NoteSlmgrUsage = "slmgr.usage"

	// NoteOtherTool: the output of a Windows tool that observes no
	// activation stage, read so that a ticket pasting it is not taken for
	// an unrecognised input (package wintools: systeminfo, dism's edition,
	// a PowerShell list of another class). Detail names the tool and what
	// it showed ("systeminfo: Microsoft Windows 7 Professional").
	NoteOtherTool = "other_tool"
	// NoteEvaluationEdition: dism /Get-CurrentEdition (or
	// Get-WindowsEdition) shows an evaluation edition (an edition ID with
	// "Eval": ServerStandardEvalCor, EnterpriseEval). Detail is the
	// edition ID; Source its line.
	NoteEvaluationEdition = "edition.evaluation"
	// NoteOfficeNoKey: ospp.vbs /dstatus printed "<No installed product
	// keys detected>": no Office licence has a product key installed
	// (volume Office before its first start or without a PIDKEY, or
	// Microsoft 365 Apps, which ospp.vbs does not show).
	NoteOfficeNoKey = "ospp.no_key"
	// NoteOtherPort: a port test of another port than KMS's (PortQry).
	NoteOtherPort = "other_port"
)

// ClockSample is the offset of this machine's clock from a reference.
type ClockSample struct {
	Server string
	Offset time.Duration // reference - local; positive means local is behind
	Err    string
	Source Source
}

// TimeSync is what `w32tm /query /status` shows.
type TimeSync struct {
	SourceName string // "Source:" value
	LastSync   string
	Stratum    int
	Unsynced   bool // "Local CMOS Clock" / "Free-running System Clock" / never synced
	Leap       string
	// Err is the code w32tm printed instead of a status ("The following
	// error occurred: The service has not been started. (0x80070426)");
	// the other fields are then empty.
	Err string `json:",omitempty"`
	// Resync: the result of `w32tm /resync`, not a status; Unsynced when
	// it did not resync, with w32tm's line in ResyncError.
	Resync      bool   `json:",omitempty"`
	ResyncError string `json:",omitempty"`
	// Stated: no output, the clock named in words as the cause of a
	// failure (package prose, knowledge.ClockCause); the line that says it.
	Stated string `json:",omitempty"`
	Source Source
}

// ProbeRun is one run of one live probe of `check` (a DNS query to one
// resolver, one TCP series, one RPC bind...): which probe, on what, when it
// started, how long it took and the error it ended with ("" when none; a
// run the runner had to cut off at its deadline says so here).
type ProbeRun struct {
	Probe    string        `json:"probe"`
	Target   string        `json:"target"`
	Start    time.Time     `json:"start"`
	Duration time.Duration `json:"duration_ms"` // milliseconds in JSON
	Err      string        `json:"error"`
}

// probeRunJSON is ProbeRun as JSON: the duration in (fractional)
// milliseconds.
type probeRunJSON struct {
	Probe    string    `json:"probe"`
	Target   string    `json:"target"`
	Start    time.Time `json:"start"`
	Duration float64   `json:"duration_ms"`
	Err      string    `json:"error"`
}

// MarshalJSON writes Duration as milliseconds.
func (p ProbeRun) MarshalJSON() ([]byte, error) {
	return json.Marshal(probeRunJSON{p.Probe, p.Target, p.Start, float64(p.Duration) / float64(time.Millisecond), p.Err})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (p *ProbeRun) UnmarshalJSON(b []byte) error {
	var j probeRunJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*p = ProbeRun{j.Probe, j.Target, j.Start, time.Duration(j.Duration * float64(time.Millisecond)), j.Err}
	return nil
}
