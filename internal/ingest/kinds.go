package ingest

import (
	"context"
	"github.com/kmsdoctor/kmsdoctor/internal/collected"

	"github.com/kmsdoctor/kmsdoctor/internal/azure"
	"github.com/kmsdoctor/kmsdoctor/internal/bundle"
	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet/aws"
	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet/gcp"
	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet/oci"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/evcsv"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/evtext"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/evtx"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/wevtxml"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/prose"
	"github.com/kmsdoctor/kmsdoctor/internal/runbook"
	"github.com/kmsdoctor/kmsdoctor/internal/slmgr"
	"github.com/kmsdoctor/kmsdoctor/internal/spp"
	"github.com/kmsdoctor/kmsdoctor/internal/vnextdiag"
	"github.com/kmsdoctor/kmsdoctor/internal/wintools"
)

// Kind is one kind of input kmsdoctor can read, for `analyze` and, when it
// is an event-log kind, for `kmsdoctor events`. A kind is either a text
// kind (Detect and Read get the decoded text of one segment of a file) or a
// binary kind (DetectRaw and ReadRaw get the bytes of the whole file, as
// stored).
//
// Text kinds:
//   - Detect(text) reports whether text (one segment, already decoded to
//     UTF-8 with package textenc, line endings normalised to "\n") holds
//     output of this kind. It must be cheap and must not be fooled by a
//     single common word: look for the lines or values only this kind
//     prints. Every text kind whose Detect accepts a segment reads it, so a
//     reader must ignore lines it does not know rather than fail on them.
//   - Read(file, line, text, set) adds what text says to set. file is the
//     display name of the input (e.g. "bundle.zip!logs/dlv.txt") and line the
//     1-based line number of text's first line in that file, so the reader
//     can fill evidence.Source{File: file, Line: line + i}. It returns an
//     error only when nothing at all could be read; a partly damaged input
//     adds an evidence.Skip and returns nil.
//   - Starts(line), optional, reports whether line begins an output of this
//     kind; the splitter then cuts a pasted ticket text there (the first
//     such line after a prompt stays with the prompt).
//   - Continues(line), optional, reports whether a line that looks like a
//     shell prompt is part of this kind's output rather than a new command
//     (nslookup's interactive "> set type=srv"); the splitter does not cut
//     there.
//
// A reader that panics costs its input (an input.damaged finding), never
// the run.
//
// Binary kinds (EVTX):
//   - DetectRaw(raw) looks at the leading bytes (magic).
//   - ReadRaw(file, raw, set) reads the whole file; the Source of each fact
//     should carry the byte Offset.
//
// Event-log kinds set Events, the reader package's eventlog.ReadFunc, and
// give no Read or ReadRaw: analyze reads a segment (text kind) or the whole
// file (binary kind) through Events, and `kmsdoctor events` streams an
// input with the first event-log kind whose DetectRaw accepts its first
// eventlog.HeadSize bytes, or whose Detect accepts them decoded with
// textenc.DecodePrefix (see ReadEvents). One Detect serves both commands.
type Kind struct {
	Name string

	Detect func(text string) bool
	Read   func(file string, line int, text string, s *evidence.Set) error
	Starts func(line string) bool
	// Continues: see above.
	Continues func(line string) bool
	// LastResort: the kind is tried only on a segment no other text kind
	// recognised (the codes of a prose ticket).
	LastResort bool
	// Alongside (a last-resort kind's): reads a segment that only CodeFree
	// kinds recognised and read (what they left: the codes of error lines,
	// a code's message text: an nslookup and an /ato error in one ticket).
	Alongside func(file string, line int, text string, s *evidence.Set) error
	// Beside (a last-resort kind's): reads, in a segment other kinds read
	// whatever their outputs, what no output of theirs carries: the words
	// that name a failure's cause (an slmgr error with "because the clock
	// was wrong" below it) and a KMS server's log pasted with it.
	Beside func(file string, line int, text string, s *evidence.Set) error
	// CodeFree: the kind's output never carries an activation error code
	// (nslookup, Test-NetConnection, psping, w32tm, ipconfig).
	CodeFree bool
	// Claims, optional (a CodeFree kind's): line is a line of this kind's
	// output that carries a code of its own (a stripchart sample that timed
	// out, "error: 0x800705B4"); Alongside does not see it, as the code
	// belongs to the component that printed it.
	Claims func(line string) bool

	// KeepsStrings: the kind's input is JSON (or CSV, XML) whose strings it
	// reads itself (a cloud's resources, a bundle's items, vnextdiag's
	// licences, an event's fields), so ingest does not read the outputs
	// embedded in them on their own (embedded.go).
	KeepsStrings bool

	DetectRaw func(raw []byte) bool
	ReadRaw   func(file string, raw []byte, s *evidence.Set) error

	// Events: see above.
	Events eventlog.ReadFunc
}

// Binary reports whether k reads raw bytes.
func (k Kind) Binary() bool { return k.DetectRaw != nil }

// readText reads one segment with k (a text kind).
func (k Kind) readText(ctx context.Context, file string, line int, text string, s *evidence.Set) error {
	if k.Read == nil {
		return readEventsText(ctx, k.Events, file, line, text, s)
	}
	return k.Read(file, line, text, s)
}

// readRaw reads a whole file with k (a binary kind).
func (k Kind) readRaw(ctx context.Context, file string, raw []byte, s *evidence.Set) error {
	if k.ReadRaw == nil {
		return readEventsRaw(ctx, k.Events, file, raw, s)
	}
	return k.ReadRaw(file, raw, s)
}

// Kinds is the registry, tried in order, by `analyze` and (its event-log
// kinds, those with Events) by `kmsdoctor events`. Add one line per reader;
// a reader that needs an adapter keeps it in its own package (the adapters
// of the event-log readers, which all share eventlog.ReadFunc, are in
// events.go).
var Kinds = []Kind{
	// Binary kinds first: they are detected by magic before any decoding.
	{Name: "bundle", DetectRaw: bundle.Detect, ReadRaw: readBundle},
	{Name: "evtx", DetectRaw: evtx.Detect, Events: evtx.Read},

	// Text kinds.
	{Name: "slmgr", Detect: slmgr.Detect, Read: slmgr.Read, Starts: slmgr.Starts},
	{Name: "ospp-dhistorykms", Detect: slmgr.DetectHistory, Read: slmgr.ReadHistory, Starts: slmgr.StartsHistory},
	{Name: "nslookup", Detect: runbook.DetectNslookup, Read: runbook.ReadNslookup, Starts: runbook.StartsNslookup, Continues: runbook.ContinuesNslookup, CodeFree: true},
	{Name: "test-netconnection", Detect: runbook.DetectTNC, Read: runbook.ReadTNC, Starts: runbook.StartsTNC, CodeFree: true},
	{Name: "psping", Detect: runbook.DetectPsping, Read: runbook.ReadPsping, Starts: runbook.StartsPsping, CodeFree: true},
	{Name: "w32tm", Detect: runbook.DetectW32tm, Read: runbook.ReadW32tm, Starts: runbook.StartsW32tm, Claims: runbook.ClaimsW32tm, CodeFree: true},
	{Name: "w32tm-stripchart", Detect: runbook.DetectStripchart, Read: runbook.ReadStripchart, Starts: runbook.StartsStripchart, Claims: runbook.ClaimsStripchart, CodeFree: true},
	{Name: "ipconfig", Detect: runbook.DetectIpconfig, Read: runbook.ReadIpconfig, Starts: runbook.StartsIpconfig, CodeFree: true},
	{Name: "resolve-dnsname", Detect: runbook.DetectResolveDNS, Read: runbook.ReadResolveDNS, Starts: runbook.StartsResolveDNS, CodeFree: true},
	{Name: "telnet-nc", Detect: runbook.DetectTCPTools, Read: runbook.ReadTCPTools, CodeFree: true},
	{Name: "portqry", Detect: runbook.DetectPortqry, Read: runbook.ReadPortqry, Starts: runbook.StartsPortqry, CodeFree: true},
	{Name: "systeminfo", Detect: wintools.DetectSysteminfo, Read: wintools.ReadSysteminfo, CodeFree: true},
	{Name: "dism-edition", Detect: wintools.DetectDism, Read: wintools.ReadDism},
	{Name: "powershell-list", Detect: wintools.DetectPSList, Read: wintools.ReadPSList, CodeFree: true},
	{Name: "spp-cim-json", Detect: spp.Detect, Read: spp.Read, KeepsStrings: true},
	{Name: "spp-cim-list", Detect: spp.DetectList, Read: spp.ReadList},
	{Name: "automation-facts", Detect: spp.DetectFacts, Read: spp.ReadFacts, KeepsStrings: true, CodeFree: true},
	{Name: "vnextdiag", Detect: vnextdiag.Detect, Read: vnextdiag.Read, Starts: vnextdiag.Starts, KeepsStrings: true},
	{Name: "azure-json", Detect: azure.Detect, Read: azure.Read, Starts: azure.Starts, KeepsStrings: true},
	{Name: "aws-ec2-json", Detect: aws.Detect, Read: aws.Read, KeepsStrings: true},
	{Name: "gcloud-json", Detect: gcp.Detect, Read: gcp.Read, KeepsStrings: true},
	{Name: "oci-json", Detect: oci.Detect, Read: oci.Read, KeepsStrings: true},
	// The items of a bundle only collect writes (each names itself).
	{Name: collected.KindStore, Detect: collected.Detect(collected.KindStore), Read: collected.Read(collected.KindStore), KeepsStrings: true},
	{Name: collected.KindProxy, Detect: collected.Detect(collected.KindProxy), Read: collected.Read(collected.KindProxy), KeepsStrings: true},
	{Name: collected.KindOffice, Detect: collected.Detect(collected.KindOffice), Read: collected.Read(collected.KindOffice), KeepsStrings: true},
	{Name: collected.KindCloud, Detect: collected.Detect(collected.KindCloud), Read: collected.Read(collected.KindCloud), KeepsStrings: true},
	{Name: collected.KindCheck, Detect: collected.Detect(collected.KindCheck), Read: collected.Read(collected.KindCheck), KeepsStrings: true},
	// Event-log text kinds, tried by `events` in this order after EVTX: XML
	// (its first element is <Event> or <Events>), CSV (Event Viewer's header
	// line), and the copied text (label lines) last, as it is the loosest.
	{Name: "wevtutil-xml", Detect: wevtxml.Detect, Events: wevtxml.Read, KeepsStrings: true},
	{Name: "eventviewer-csv", Detect: evcsv.Detect, Events: evcsv.Read, KeepsStrings: true},
	{Name: "eventviewer-text", Detect: evtext.Detect, Starts: evtext.Starts, Events: evtext.Read},
	// Last resort, and last: text that is no output kmsdoctor parses (a
	// ticket's prose, a dialog's text) but names error codes.
	{Name: "prose-codes", Detect: prose.Detect, Read: prose.Read, LastResort: true, Alongside: prose.ReadAlongside, Beside: prose.ReadBeside},
}
