package report

// Step is one step of a finding's fix, typed so that `fix` can tell what it
// may apply: a sentence for a person (Say), a command (Run), or both. Where
// it runs (On), what it changes (Effect) and the shell its command line is
// quoted for (Shell) are always set for a command. Op and OpArgs are set only
// on steps `fix` knows how to carry out itself; Holes lists the placeholders
// still in Run, and a step with holes is never applied.
type Step struct {
	// Text is Say worded in the report's language (filled by internal/render).
	Text string   `json:"text,omitempty"`
	Say  *Message `json:"say,omitempty"`
	// Run is the exact command line, quoted for Shell.
	Run    string `json:"run,omitempty"`
	Shell  Shell  `json:"shell,omitempty"`
	On     Where  `json:"on,omitempty"`
	Effect Effect `json:"effect,omitempty"`
	Op     Op     `json:"op,omitempty"`
	// OpArgs are the validated values of Op (host, port, key, domain).
	OpArgs map[string]string `json:"args,omitempty"`
	Holes  []string          `json:"holes,omitempty"`
}

// IsCommand reports whether the step is a command line to run.
func (s Step) IsCommand() bool { return s.Run != "" }

// Applicable reports whether `fix` may carry the step out on this machine
// by itself: a known op, run here, no holes, not destructive.
func (s Step) Applicable() bool {
	return s.Op != "" && s.On == OnThisMachine && len(s.Holes) == 0 && s.Effect != Destructive
}

// Shell is the interpreter a step's command line is written for.
type Shell string

// The shells.
const (
	ShellCmd        Shell = "cmd"
	ShellPowerShell Shell = "powershell"
	ShellAz         Shell = "az" // the Azure CLI, as typed in cmd or bash
	ShellBash       Shell = "bash"
)

// Where says which machine or person a step is for.
type Where string

// The places a step runs.
const (
	OnThisMachine Where = "this_machine"
	OnKMSHost     Where = "kms_host"
	OnDNSServer   Where = "dns_server"
	OnCloud       Where = "cloud"
	OnAdmin       Where = "admin" // a person's decision, nothing to run
)

// Effect says what a step changes.
type Effect string

// The effects, least to most severe.
const (
	Read        Effect = "read"
	Change      Effect = "change"
	Destructive Effect = "destructive"
)

// Op names an operation `fix` can carry out.
type Op string

// The operations of the spec.
const (
	OpSetKMS        Op = "set_kms"
	OpClearKMS      Op = "clear_kms"
	OpSetKMSDomain  Op = "set_kms_domain"
	OpInstallKey    Op = "install_key"
	OpActivate      Op = "activate"
	OpResyncTime    Op = "resync_time"
	OpFlushDNS      Op = "flush_dns"
	OpRebuildTokens Op = "rebuild_tokens"
	OpRearm         Op = "rearm"
)
