package evidence

// License status values, normalised from slmgr's text in any language.
const (
	StatusLicensed        = "licensed"
	StatusUnlicensed      = "unlicensed"
	StatusOOBGrace        = "oob_grace" // initial grace period
	StatusOOTGrace        = "oot_grace" // out-of-tolerance grace
	StatusNonGenuineGrace = "nongenuine_grace"
	StatusNotification    = "notification"
	StatusExtendedGrace   = "extended_grace"
)

// How a status was read when the output has no License Status line.
const (
	// StatusFromAto: the success message of slmgr /ato ("Product
	// activated successfully.", "成功地激活了产品").
	StatusFromAto = "ato"
	// StatusFromAtoInferred: slmgr /ato's progress line ("<verb> <product>
	// (<activation id>) ...") followed by one short sentence in a language
	// kmsdoctor has no table for, with no code, question or negation: read
	// as the success message from its place, not from its words;
	// Product.StatusText quotes the sentence.
	StatusFromAtoInferred = "ato_inferred"
	// StatusFromKMSValidity: a fragment of ospp.vbs /dstatus whose
	// remaining grace (more than 30 days, at most 180) with a KMS host and
	// its intervals can only be the validity of a KMS activation.
	StatusFromKMSValidity = "kms_validity"
	// StatusFromText: words of a success or a licensed state in a ticket
	// or a message (knowledge.StatesSuccess: "计算机已永久激活。",
	// "activado correctamente"), inferred from the words, not from an
	// output's status line; Product.StatusText quotes them.
	StatusFromText = "text"
)

// Product is one product block of slmgr /dlv, /dli or /xpr output.
type Product struct {
	Name           string // "Name:" e.g. "Windows(R), ServerStandard edition"
	Description    string // e.g. "Windows(R) Operating System, VOLUME_KMSCLIENT channel"
	Channel        string // RETAIL, OEM_DM, OEM_SLP, OEM_COA..., VOLUME_MAK, VOLUME_KMSCLIENT, VOLUME_KMS (CSVLK)...
	ActivationID   string
	ApplicationID  string
	ExtendedPID    string
	Build          string // release build, from the service version or the Extended PID
	ServiceVersion string // "Software licensing service version:"
	PartialKey     string
	Status         string // Status* constants
	StatusReason   string // notification reason / error code when shown
	// StatusFrom says how Status was read when no License Status line
	// gave it: StatusFromAto, StatusFromKMSValidity; "" for a status line.
	StatusFrom string `json:",omitempty"`
	// StatusText is the line a StatusFromText status was read from (the
	// sentence, for StatusFromAtoInferred).
	StatusText string `json:",omitempty"`
	// OSPP is true when the block has a label only ospp.vbs prints
	// (LICENSE NAME, REMAINING GRACE, "Last 5 characters of installed
	// product key"...): an Office licence, even when no name says so.
	OSPP               bool   `json:",omitempty"`
	GraceMinutes       int    // minutes left in a grace period, -1 if not shown
	ExpiryMinutes      int    // "Volume activation expiration", -1 if not shown
	RemainingRearm     int    // -1 if not shown
	KMSMachineName     string // registered name, host:port
	KMSDiscoveredName  string // DNS-discovered name, host:port
	KMSMachineIP       string
	KMSHostPID         string // "KMS machine extended PID": the PID of the host that activated this client
	ActivationInterval int    // minutes, -1 if not shown
	RenewalInterval    int    // minutes, -1 if not shown
	CMID               string
	KMSHost            *KMSHostInfo // non-nil on a KMS host (its /dlv shows the service block)
	// AD is non-nil when /dlv shows "AD Activation client information":
	// the product was activated by an activation object in Active
	// Directory (ADBA), not by a KMS host.
	AD *ADActivation
	// Other keeps the lines of the block the parser did not understand
	// (another language, a newer slmgr), as "line: text", at most 50.
	Other []string
	// Lines gives the line of individual facts ("status", "channel",
	// "kms_name", "expiry", "rearm", "count"...), for findings to cite.
	Lines  map[string]int
	Source Source
}

// Line returns the source of fact key of p (its own line when known, else
// the product's).
func (p *Product) Line(key string) Source {
	src := p.Source
	if l, ok := p.Lines[key]; ok {
		src.Line = l
	}
	return src
}

// KMSHostInfo is the "Key Management Service is enabled on this machine"
// block of a KMS host's /dlv.
type KMSHostInfo struct {
	CurrentCount     int // -1 if not shown
	ListeningPort    int
	DNSPublishing    bool
	RequestsReceived int
	FailedRequests   int
	Source           Source
}

// ADActivation is the "AD Activation client information" block of slmgr
// /dlv: the Active Directory activation object that activated a product.
type ADActivation struct {
	ObjectName   string // "Activation Object name:"
	DN           string // "AO DN:"
	ExtendedPID  string // "AO extended PID:"
	ActivationID string // "AO activation ID:"
	Source       Source
}

// ActivationObject is one activation object listed by slmgr /ao-list (the
// Active Directory forest's ADBA objects, made from a KMS host key).
type ActivationObject struct {
	Name         string // "Activation Object name:"
	ActivationID string
	PartialKey   string
	ExtendedPID  string
	DN           string
	Source       Source
}

// KMSServerLog is the log of a KMS server pasted in a text (vlmcsd,
// py-kms; package kmslog): the requests it received and answered. The
// states it prints of a request are the client's, reported to it.
type KMSServerLog struct {
	Server   string // "vlmcsd", "py-kms", "vlmcs"
	Requests int
	Answered int
	Count    int // the active clients the server counted, -1 if not shown
	Source   Source
}
