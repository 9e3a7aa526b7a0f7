package evidence

import "time"

// Event is one Windows event record, from any of the readers (EVTX,
// wevtutil XML, Event Viewer CSV, copied event text). Readers fill what
// their format carries and leave the rest zero.
type Event struct {
	Provider string
	EventID  int
	Level    int
	Channel  string
	Computer string
	RecordID uint64
	// Time is when the event was logged. Event logs (EVTX, wevtutil XML)
	// record UTC. Event Viewer copies and CSV exports show the machine's
	// local clock with no offset: then LocalTime is true and Time is that
	// wall clock in the location UnknownOffset, until the offset is
	// inferred (kmsevents.InferOffsets) and Time gets its real zone.
	Time      time.Time
	LocalTime bool
	// Data holds the EventData values in order (the Info strings for
	// Security-SPP and KMS events); Named holds those that have a Name.
	Data   []string
	Named  map[string]string
	Source Source

	// Names is parallel to Data when the reader knows the names: Names[i]
	// is the Name of Data[i], "" when it has none. For UserData events it
	// holds the element names. May be nil.
	Names []string
	// Qualifiers is the EventID Qualifiers attribute (classic event
	// sources), 0 when absent.
	Qualifiers int
	Task       int
	Opcode     int
	Keywords   string // as written, e.g. "0x80000000000000"
	UserID     string // System/Security@UserID, a SID
	// Redacted lists the values of the event that were replaced by a
	// placeholder before it was pasted ("<CMID>", "<DateTime>", "xxxxx"; see
	// package evidence/redact), in order; nil when none. They are not real
	// values: a rule must not read "<DateTime>" as a time or "<CMID>" as a
	// client id, and must not count them as damage.
	Redacted []string
	// XML is the event rendered as wevtutil-style XML, filled only when the
	// caller asked for it (kmsdoctor events --format xml).
	XML string
}

// UnknownOffset is the location of a time read from the machine's local
// clock whose offset from UTC is not known (an Event Viewer copy). It
// compares as UTC; it must never be shown as UTC.
var UnknownOffset = time.FixedZone("local", 0)

// OffsetUnknown reports whether t is a local time of unknown offset.
func OffsetUnknown(t time.Time) bool { return t.Location() == UnknownOffset }
