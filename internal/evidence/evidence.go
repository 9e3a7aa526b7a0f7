// Package evidence is the model of everything kmsdoctor has observed, whatever
// it came from: a live probe (`check`), a pasted runbook output, slmgr text,
// an event log or exported Azure configuration (`analyze`). Readers and probes
// fill a Set; the diagnose rules read it. Data flows one way: inputs ->
// evidence -> findings -> report. This package holds data types only; it
// imports nothing of the project but the report model (for Source and
// Message), and never words anything.
package evidence

import (
	"reflect"

	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Source says where one fact came from (file and line, or a probe).
type Source = report.Source

// Context is what the user told us about the machine under diagnosis.
type Context struct {
	// Cloud is the --cloud value (azure, azure-china, azure-usgov, aws,
	// gcp, oci) when the user said which cloud the machine runs in.
	Cloud string
	// AzureCloud is "public", "china" or "usgov" when the
	// artifacts come from (or the check targets) an Azure VM; empty otherwise.
	AzureCloud string
	// Live is true for `check`, false for `analyze`.
	Live bool
	// Domain is the DNS domain under test, when known.
	Domain string
}

// Set is all the evidence of one run.
type Set struct {
	Context Context
	Inputs  []string

	// Network discovery and reachability (net.go).
	Resolvers []Resolver
	SRV       []SRVLookup
	Names     []NameLookup
	// Lookups of other SRV names and the DNS set-up ipconfig shows
	// (dnsconfig.go): facts about DNS that observe no stage.
	OtherSRV  []OtherSRVLookup
	DNSConfig []DNSClientConfig
	TCP       []TCPProbe
	RPC       []RPCBind
	Clock     []ClockSample
	TimeSync  []TimeSync
	Notes     []Note
	Probes    []ProbeRun // every live probe run, with its duration

	// Licensing state from slmgr output (license.go).
	Products []Product
	// Active Directory activation objects listed by slmgr /ao-list.
	ActivationObjects []ActivationObject
	// Logs of a KMS server pasted in a text (license.go).
	KMSServerLogs []KMSServerLog `json:",omitempty"`

	// Event log records (events.go).
	Events []Event
	// ospp.vbs /dhistorykms outputs (officehistory.go).
	OfficeKMSHistory []OfficeKMSHistory

	// Exported Azure network configuration (azure.go).
	Azure []AzureDoc
	// Exported AWS and Google Cloud network configuration (cloudnet.go).
	CloudNet []CloudDoc

	// Facts collect read on the machine (machine.go).
	StoreFiles []StoreFile
	StoreACLs  []StoreACL
	Proxies    []ProxySetting
	Office     []OfficeInstall

	// Error codes seen in text (an slmgr /ato failure, a pasted dialog...).
	Codes []CodeSeen

	// Failures stated in words with no code and no message text of a code
	// ("activation failed", "激活失败", "ライセンス認証できません").
	StatedFailures []StatedFailure `json:",omitempty"`

	// Harmless are licensing events Microsoft documents as harmless (to be
	// ignored, no failure of activation) that a text mentions or an event
	// log holds (knowledge.HarmlessEvents).
	Harmless []HarmlessEvent `json:",omitempty"`

	// Resolved are error codes a text showed before it stated a later
	// success of the product ("0xC004C032 at first ... now the license is
	// valid for 90 days"): the later state wins; they are information.
	Resolved []CodeSeen `json:",omitempty"`

	// Inputs kmsdoctor could read but not recognise, and parts of inputs it
	// had to skip (a damaged chunk, an unparsable line).
	Unrecognized []Source
	Skipped      []Skip

	// Documents are the unrecognised inputs whose words read as a document
	// about no particular machine (a page, a guide, a KB article, a table
	// of contents; knowledge.AboutNoMachine): the report says what they are
	// and what to give kmsdoctor instead.
	Documents []Source `json:",omitempty"`

	// Files given by mistake: a document or a picture instead of the text
	// of a command's output (Word, Excel, PowerPoint, PDF, PNG, JPEG).
	WrongFormat []WrongFormat
}

// WrongFormat is an input that is a document or an image, not text.
// Format is "docx", "xlsx", "pptx", "ooxml", "ole2" (Office 97-2003),
// "pdf", "png" or "jpeg".
type WrongFormat struct {
	Source Source
	Format string
}

// CodeSeen is an error code found in an input, with the text around it.
type CodeSeen struct {
	Code    string // 0x + 8 upper-case hex digits
	Context string
	Source  Source
	// FromText: the code was not shown; it was read from its message text
	// ("No Key Management Service (KMS) could be contacted").
	FromText bool `json:",omitempty"`
	// Lang is the language of that text (knowledge.MessageMatch.Lang: en,
	// ja, zh, zh-CN, zh-TW, de, fr, it, es, pt-BR, pt-PT, ko, ru, cs, pl, sv,
	// hu, tr, nl).
	Lang string `json:",omitempty"`
}

// StatedFailure is a failure stated in words, with no code.
type StatedFailure struct {
	Context string
	Source  Source
}

// HarmlessEvent is a documented harmless event: its id, its provider,
// the article that says it can be ignored, and where it was seen.
type HarmlessEvent struct {
	ID       int
	Provider string
	KB       string
	Source   Source
}

// Skip records a part of an input that could not be read.
type Skip struct {
	Source Source
	Count  int // how many records/lines, when known

	// Key and Args say what was skipped as a catalogue message
	// ("skip.evtx.bad_magic"); internal/render words it. An Args value may
	// be a Msg or a List, a part that is itself a message.
	Key  string
	Args map[string]any
}

// NewSkip records a skip worded by catalogue message key.
func NewSkip(src Source, count int, key string, args map[string]any) Skip {
	return Skip{Source: src, Count: count, Key: key, Args: args}
}

// Message is what was skipped, as a message (normalised: it reads the same
// from a stored report).
func (s Skip) Message() report.Message { return report.Message{Key: s.Key, Args: s.Args}.Normalize() }

// Msg is a catalogue message with its arguments: a part of a Skip's text
// that is itself a sentence, such as one of several problems of a row.
type Msg = report.Message

// Note is a fact from a probe that has no better home (e.g. "no DNS search
// domain configured").
type Note struct {
	Kind   string
	Detail string
	Source Source
	// Inferred: the note was read from the structure of a message in a
	// language kmsdoctor has no table for (slmgr /skms's sentence with the
	// host:port it set), not matched against a known text.
	Inferred bool `json:",omitempty"`
}

// Merge appends every list of o to s. It walks the fields by reflection,
// so a list added to Set is merged without anyone remembering to.
func (s *Set) Merge(o *Set) {
	dv, sv := reflect.ValueOf(s).Elem(), reflect.ValueOf(o).Elem()
	for i := range dv.NumField() {
		if f := dv.Field(i); f.Kind() == reflect.Slice {
			f.Set(reflect.AppendSlice(f, sv.Field(i)))
		}
	}
}
