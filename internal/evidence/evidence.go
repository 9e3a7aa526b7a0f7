// Package evidence is the model of everything kmsdoctor has observed, whatever
// it came from: a live probe (`check`), a pasted runbook output, slmgr text,
// an event log or exported Azure configuration (`analyze`). Readers and probes
// fill a Set; the diagnose rules read it. Data flows one way: inputs ->
// evidence -> findings -> report. This package holds data types only, and
// the wording of a Skip from the message catalogue (NewSkip, Skip.Text).
package evidence

import (
	"maps"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Source says where one fact came from (file and line, or a probe).
type Source = report.Source

// Context is what the user told us about the machine under diagnosis.
type Context struct {
	// AzureCloud is "public", "china", "germany" or "usgov" when the
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
	TCP       []TCPProbe
	RPC       []RPCBind
	Clock     []ClockSample
	TimeSync  []TimeSync
	Notes     []Note
	Probes    []ProbeRun // every live probe run, with its duration

	// Licensing state from slmgr output (license.go).
	Products []Product

	// Event log records (events.go).
	Events []Event

	// Exported Azure network configuration (azure.go).
	Azure []AzureDoc

	// Error codes seen in text (an slmgr /ato failure, a pasted dialog...).
	Codes []CodeSeen

	// Inputs kmsdoctor could read but not recognise, and parts of inputs it
	// had to skip (a damaged chunk, an unparsable line).
	Unrecognized []Source
	Skipped      []Skip
}

// CodeSeen is an error code found in an input, with the text around it.
type CodeSeen struct {
	Code    string // 0x + 8 upper-case hex digits
	Context string
	Source  Source
}

// Skip records a part of an input that could not be read.
type Skip struct {
	Source Source
	What   string // what was skipped, in English, e.g. "chunk 3: bad chunk signature ..."
	Count  int    // how many records/lines, when known

	// Key and Args are What as a catalogue message ("skip.evtx.bad_magic"),
	// for the user's language; What is its English text. An Args value may
	// be a Msg or a []Msg, a part that is itself a message.
	Key  string
	Args map[string]any
}

// NewSkip records a skip worded by catalogue message key; What is the
// message's English text.
func NewSkip(src Source, count int, key string, args map[string]any) Skip {
	s := Skip{Source: src, Count: count, Key: key, Args: args}
	s.What = s.Text(i18n.EN)
	return s
}

// Text is what was skipped in language l; What when the skip has no key.
func (s Skip) Text(l i18n.Lang) string {
	if s.Key == "" {
		return s.What
	}
	return Msg{Key: s.Key, Args: s.Args}.Text(l)
}

// Msg is a catalogue message with its arguments: a part of a Skip's text
// that is itself a sentence, such as one of several problems of a row.
type Msg struct {
	Key  string
	Args map[string]any
}

// Text is the message in language l; Msg and []Msg arguments are worded in
// l too (a []Msg joined by "; ").
func (m Msg) Text(l i18n.Lang) string {
	args := i18n.Args(m.Args)
	copied := false
	for k, v := range m.Args {
		var t string
		switch v := v.(type) {
		case Msg:
			t = v.Text(l)
		case []Msg:
			parts := make([]string, len(v))
			for i, p := range v {
				parts[i] = p.Text(l)
			}
			t = strings.Join(parts, "; ")
		default:
			continue
		}
		if !copied { // never write into the caller's map
			args, copied = maps.Clone(args), true
		}
		args[k] = t
	}
	return i18n.T(l, m.Key, args)
}

// Note is a fact from a probe that has no better home (e.g. "no DNS search
// domain configured").
type Note struct {
	Kind   string
	Detail string
	Source Source
}

// Merge appends every list of o to s.
func (s *Set) Merge(o *Set) {
	s.Inputs = append(s.Inputs, o.Inputs...)
	s.Resolvers = append(s.Resolvers, o.Resolvers...)
	s.SRV = append(s.SRV, o.SRV...)
	s.Names = append(s.Names, o.Names...)
	s.TCP = append(s.TCP, o.TCP...)
	s.RPC = append(s.RPC, o.RPC...)
	s.Clock = append(s.Clock, o.Clock...)
	s.TimeSync = append(s.TimeSync, o.TimeSync...)
	s.Notes = append(s.Notes, o.Notes...)
	s.Probes = append(s.Probes, o.Probes...)
	s.Products = append(s.Products, o.Products...)
	s.Events = append(s.Events, o.Events...)
	s.Azure = append(s.Azure, o.Azure...)
	s.Codes = append(s.Codes, o.Codes...)
	s.Unrecognized = append(s.Unrecognized, o.Unrecognized...)
	s.Skipped = append(s.Skipped, o.Skipped...)
}
