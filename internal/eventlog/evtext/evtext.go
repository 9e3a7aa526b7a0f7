// Package evtext reads the text Event Viewer puts on the clipboard for an
// event ("Copy details as text"): a block of labelled lines (Log Name,
// Source, Date, Event ID, ... Computer), the Description, and usually the
// event's XML ("Event Xml:"). Admins paste one or several of these into
// tickets and chat. Labels are recognised in English, Japanese, Czech and
// German (the languages met in real copies); the appended XML, when present, is
// decoded with package wevtxml and wins over the labels, since it carries the
// exact values (UTC time, record id, every Data item).
//
// An event pasted without the header (its Description, or its Info line,
// alone) is read too: the known Security-SPP message sentences and the
// shape of a 12288 or a 12290 Info line (one per line, a list mark before
// each allowed) give its id. Placeholders in the Info strings
// ("<CMID>", "<DateTime>") are listed in Event.Redacted. So is Security-SPP's
// 1066 inside a program's log (its bracketed prefix skipped), and an
// Application Error 1000 (a program's crash) pasted from its labelled lines
// (English, a translation's wording, Portuguese): events that say nothing
// about activation, read as events rather than left unrecognised.
//
// The Date label is written in the copying machine's local time and format;
// it is read in the common formats and kept as if it were UTC.
package evtext

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/wevtxml"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence/redact"
	"github.com/kmsdoctor/kmsdoctor/internal/textenc"
)

// messages are the first sentences of the Security-SPP events a user may
// paste without the Event Viewer header (the Description alone, or its
// Info: line alone), with the event id they belong to. English, from
// Microsoft's Volume Activation operations guide (KMS events table);
// matched without regard to case.
//
// Next is the label of the part that follows the sentence in the message
// ("Info:" before the Info strings, "hr=" before the code): a header-less
// block stays open through blank lines until that part has been read, since
// copies from web pages and chats often put blank lines inside a message.
var messages = []struct {
	Text string
	ID   int
	Next string
}{
	// "machine." in the logs of Windows 7 and later, "computer." in the
	// Volume Activation 2.0 guide: the sentence is matched up to there.
	{"The client has sent an activation request to the key management service", 12288, "Info:"},
	{"The client has processed an activation response from the key management service", 12289, "Info:"},
	{"An activation request has been processed.", 12290, "Info:"},
	// 12293 "... domain failed.%nInfo:%n%1", 12294 "... domain is
	// successful." (headlessID tells them apart).
	{"Publishing the Key Management Service (KMS) to DNS in the", 12293, "Info:"},
	{"License Activation (slui.exe) failed with the following error code:", 8198, "hr="},
	// 1066's first line, above the status of each SPP plug-in DLL (a
	// Docker Desktop log carries it, cmd/kmsdoctor/testdata/analyze
	// dockerforwin2312; its text in the Security-SPP events list).
	{"Initialization status for service objects.", 1066, ""},
}

// logPrefixRe is what a program's log puts before a line it copied from
// the event log: bracketed time and component fields ("[09:43:57.380]
// [WindowsDaemon  ][Info   ] ").
var logPrefixRe = regexp.MustCompile(`^(?:\[[^\]\n]{1,40}\]\s*){2,4}`)

// faultLabels begin the lines of an Application Error event (1000, a
// program's crash) pasted without its header, as users paste them
// (cmd/kmsdoctor/testdata/analyze: English idlemaster15, eventlogexpert425;
// a translation's wording, windynamicdesktop72; Portuguese, winutil798):
// the event says nothing about activation, but it is an event, not words.
var faultLabels = []string{
	"faulting application name", "faulting module name", "faulting application path", "faulting module path",
	"faulting application start time", "faulting process id", "faulting package",
	"faulty module name", "faulty module path", "path of the failed application", "start time of the failed application",
	"failed process id",
	"nome do aplicativo com falha", "nome do módulo com falha", "caminho do aplicativo com falha",
	"caminho do módulo com falha", "hora de início do aplicativo com falha", "id do processo com falha",
}

// faultEvent is the id of Application Error's crash event.
const faultEvent = 1000

// faultLine reports whether t (trimmed) is a line of an Application Error
// event: one of faultLabels at its start.
func faultLine(t string) bool {
	for _, l := range faultLabels {
		if hasPrefixFold(t, l) {
			return true
		}
	}
	return false
}

// providerOf is the provider of a header-less event of id.
func providerOf(id int) string {
	if id == faultEvent {
		return "Application Error"
	}
	return "Microsoft-Windows-Security-SPP"
}

// wevtutilHeadRe is the line wevtutil qe /f:text prints before each event.
var wevtutilHeadRe = regexp.MustCompile(`^Event\[\d+\]:\s*$`)

// info12288Re is the shape of a 12288's Info strings: two HRESULTs, the
// KMS host:port, the client machine id (or a placeholder), ... The port may
// be a redaction ("<KMS Host FQDN>:1688", "_kms.server:_1688", "host:xxxx"):
// whether the value is a placeholder is for package redact to say.
var info12288Re = regexp.MustCompile(`^0x[0-9A-Fa-f]{1,8}, 0x[0-9A-Fa-f]{1,8}, [^,]+:[^,\s]{1,40}, [^,]+, `)

// info12290Re is the shape of a KMS host's 12290 Info strings: the
// result, the required count, the client's name, its machine id (a GUID),
// the request time (or a placeholder: "Date/Time" in Microsoft's articles),
// the VM flag, the license state, the time to its expiry and the
// activation id (a GUID). The blank after each comma is optional: the
// articles copy the line without it (KB 2012025's Office entries, "0x0,5,
// Ignite1.ignite.local,930bd202-...,Date/Time,0,5,0,6f327760-...").
var info12290Re = regexp.MustCompile(`^0x[0-9A-Fa-f]{1,8}, ?\d{1,3}, ?[^,\s]{1,255}, ?\{?[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}?, ?[^,]{1,40}, ?\d, ?\d, ?\d{1,9}, ?\{?[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}?\s*$`)

// listMarkRe is the mark of a list item a page or a chat puts before a
// copied Info line ("- ", "* ", "1. ").
var listMarkRe = regexp.MustCompile(`^(?:[-*•]|\d{1,2}[.)])\s+`)

// infoLine reports the event id of a header-less Info line (its list mark
// already removed): 12288's or 12290's shape, 0 for neither.
func infoLine(t string) int {
	switch {
	case info12288Re.MatchString(t):
		return 12288
	case info12290Re.MatchString(t):
		return 12290
	}
	return 0
}

// unlist removes a list mark before an Info line.
func unlist(t string) string {
	if m := listMarkRe.FindString(t); m != "" && infoLine(t[len(m):]) != 0 {
		return t[len(m):]
	}
	return t
}

// headlessID returns the event id of a pasted line that starts an event
// without its header: a known message sentence, or a 12288 Info line; next
// is the label of the part the message still has to come ("" for none, and
// for an Info line).
func headlessID(line string) (id int, next string) {
	t := strings.TrimSpace(line)
	if strings.HasPrefix(t, "[") {
		t = t[len(logPrefixRe.FindString(t)):]
	}
	if faultLine(t) {
		return faultEvent, ""
	}
	for _, m := range messages {
		if hasPrefixFold(t, m.Text) {
			if m.ID == 12293 && strings.Contains(strings.ToLower(t), "successful") {
				return 12294, ""
			}
			return m.ID, m.Next
		}
	}
	if id := infoLine(unlist(t)); id != 0 {
		return id, ""
	}
	return 0, ""
}

// infoLabels are the labels of the Info strings in the messages (English,
// Japanese).
var infoLabels = []string{"Info:", "情報:", "情報："}

// Field names the labels map to.
const (
	fLog = iota + 1
	fSource
	fDate
	fID
	fTask
	fLevel
	fKeywords
	fUser
	fComputer
	fDesc
	fXML
	fOpcode
)

var labels = map[string]int{
	// English
	"log name": fLog, "source": fSource, "date": fDate, "event id": fID, "task category": fTask,
	"level": fLevel, "keywords": fKeywords, "user": fUser, "computer": fComputer, "description": fDesc,
	"event xml": fXML,
	// wevtutil qe /f:text (English, real outputs: testdata/SOURCES.md):
	// "Task:", "Opcode:", "Keyword:", "User Name:"; "Event[0]:" heads each
	// event and its Date is ISO 8601 local time ("2020-12-14T17:09:08.940").
	"task": fTask, "opcode": fOpcode, "keyword": fKeywords, "user name": fUser,
	// Japanese
	"ログの名前": fLog, "ログ名": fLog, "ソース": fSource, "日付": fDate, "イベント id": fID,
	"タスクのカテゴリ": fTask, "レベル": fLevel, "キーワード": fKeywords, "ユーザー": fUser,
	"コンピューター": fComputer, "コンピュータ": fComputer, "説明": fDesc, "イベント xml": fXML,
	// Czech
	"název protokolu": fLog, "zdroj": fSource, "datum": fDate, "id události": fID,
	"kategorie úlohy": fTask, "úroveň": fLevel, "klíčová slova": fKeywords, "uživatel": fUser,
	"počítač": fComputer, "popis": fDesc, "kód xml události": fXML,
	// German, as a real copy shows them (a SharePoint event pasted into a
	// blog post, testdata/SOURCES.md): "Computer:" is the English label,
	// "Datum:" the Czech one.
	"protokollname": fLog, "quelle": fSource, "ereignis-id": fID,
	"aufgabenkategorie": fTask, "ebene": fLevel, "schlüsselwörter": fKeywords, "benutzer": fUser,
	"beschreibung": fDesc,
}

var levels = map[string]int{
	"critical": 1, "error": 2, "warning": 3, "information": 4, "verbose": 5,
	"重大": 1, "エラー": 2, "警告": 3, "情報": 4, "詳細": 5,
	"kritická": 1, "chyba": 2, "upozornění": 3, "informace": 4, "podrobnosti": 5,
	"fehler": 2, // German, the same real copy
}

// label splits a line into a known label and its value.
func label(line string) (int, string, bool) { return labelIn(line, nil) }

// labelIn is label with the labels learned from the input too
// (positional.go).
func labelIn(line string, learned map[string]int) (int, string, bool) {
	s := strings.TrimSpace(line)
	i := strings.IndexAny(s, ":：")
	if i <= 0 {
		return 0, "", false
	}
	name := strings.ToLower(strings.Join(strings.Fields(s[:i]), " "))
	f, ok := labels[name]
	if !ok {
		f, ok = learned[name]
	}
	if !ok {
		return 0, "", false
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return f, strings.TrimSpace(s[i+w:]), true
}

// Detect reports whether text (the start of an input, decoded to UTF-8)
// starts a copied event: a Log Name label and an Event ID label within its
// first lines.
func Detect(text string) bool {
	var log, id bool
	n := 0
	first := ""
	var head []string // the first lines, for a header in another language
	for line := range strings.Lines(text) {
		if n++; n > 60 {
			break
		}
		head = append(head, strings.TrimRight(line, "\r\n"))
		if f, _, ok := label(line); ok {
			log = log || f == fLog
			id = id || (f == fID && log)
		}
		if log && id {
			return true
		}
		if first == "" {
			first = strings.TrimSpace(line)
		}
		// A header-less event, unless the text is a table (an Event
		// Viewer CSV, whose quoted fields hold the same messages).
		if id, _ := headlessID(line); id != 0 && (strings.Count(first, ",") < 3 || isHeadless(first)) {
			return true
		}
	}
	for i := range head {
		if learnLabels(head[i:]) != nil {
			return true
		}
	}
	return false
}

func isHeadless(line string) bool { id, _ := headlessID(line); return id != 0 }

// isSentence reports whether line starts one of the known messages.
func isSentence(line string) bool {
	t := strings.TrimSpace(line)
	for _, m := range messages {
		if hasPrefixFold(t, m.Text) {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// wantValues is block.want once the Info label was read.
const wantValues = "\x00values"

// block is one copied event being read.
type block struct {
	line    int
	ev      evidence.Event
	desc    []string
	xml     []string
	xmlLine int
	state   int // 0 labels, 1 description, 2 xml
	bad     []evidence.Msg
	// headless: the event was pasted without the Event Viewer header
	// (its message, or its Info line, alone); it ends at a blank line once
	// the structure of its message has been read (see want).
	headless bool
	// want, of a headless block: the label of the part of the message
	// still to come ("Info:", "hr="), or wantValues when the Info label
	// was read and its values are still to come; "" when nothing is.
	want string
	done bool // a headless block read the whole structure of its message
	gap  bool // a headless block met a blank line since its last line
	size int  // bytes of description and XML kept
	cut  bool // more than MaxEvent: the rest was dropped
}

// MaxEvent bounds the description and XML kept of one copied event; the
// rest is dropped and reported (skip.evtext.too_large), so a huge pasted
// description costs MaxEvent, not its size.
const MaxEvent = 4 << 20

// keep reports whether line still fits in the block, counting it.
func (b *block) keep(line string) bool {
	if b.size+len(line)+1 > MaxEvent {
		b.cut = true
		return false
	}
	b.size += len(line) + 1 // and its line break
	return true
}

// Read emits every event of the copied text; it is an eventlog.ReadFunc.
// The input is decoded with textenc (UTF-8, UTF-16 or Shift_JIS). err is
// non-nil only when the input cannot be read or holds no copied event at
// all.
func Read(ctx context.Context, r io.Reader, name string, opt eventlog.Options, emitPrepared eventlog.Emit) ([]evidence.Skip, error) {
	emit := eventlog.Sequential(opt, emitPrepared)
	sc := bufio.NewScanner(textenc.NewReader(r))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var skips []evidence.Skip
	var cur *block
	n, lineNo := 0, 0
	// Lines read ahead to see a header in another language (positional.go)
	// and the labels learned from one.
	var ahead []string
	var learned map[string]int
	next := func() (string, bool) {
		if len(ahead) > 0 {
			l := ahead[0]
			ahead = ahead[1:]
			return l, true
		}
		if !sc.Scan() {
			return "", false
		}
		return sc.Text(), true
	}
	flush := func() error {
		if cur == nil {
			return nil
		}
		b := cur
		cur = nil
		if b.cut {
			skips = append(skips, evidence.NewSkip(evidence.Source{File: name, Line: b.line}, 0,
				"skip.evtext.too_large", map[string]any{"line": b.line, "mib": MaxEvent >> 20}))
		}
		ev, sk := b.finish(name)
		skips = append(skips, sk...)
		if ev == nil {
			return nil
		}
		n++
		return emit(ev)
	}
	for {
		raw, ok := next()
		if !ok {
			break
		}
		lineNo++
		if lineNo%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return skips, err
			}
		}
		line := strings.TrimRight(raw, "\r")
		if lineNo == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		// A header in a language labels does not hold: learn its labels
		// from Event Viewer's order, reading the next lines ahead.
		if (cur == nil || cur.state != 2) && !strings.HasPrefix(strings.TrimSpace(line), "<") && anyLabelRe.MatchString(line) {
			if f, _, known := labelIn(line, learned); !known || f != fLog {
				for len(ahead) < len(positionalWevtutil)-1 && sc.Scan() {
					ahead = append(ahead, sc.Text())
				}
				if l := learnLabels(append([]string{line}, ahead...)); l != nil {
					if learned == nil {
						learned = map[string]int{}
					}
					for k, v := range l {
						if _, std := labels[k]; !std {
							learned[k] = v
						}
					}
				}
			}
		}
		// wevtutil's "Event[N]:" heads the next event: it ends the current one.
		if wevtutilHeadRe.MatchString(line) {
			if cur != nil && cur.state != 2 {
				if err := flush(); err != nil {
					return skips, err
				}
			}
			continue
		}
		f, val, isLabel := labelIn(line, learned)
		// A Log Name label starts the next event, also after an event XML
		// that was cut off (XML lines start with '<').
		if isLabel && f == fLog && (cur == nil || cur.state != 2 || !strings.HasPrefix(strings.TrimSpace(line), "<")) {
			if err := flush(); err != nil {
				return skips, err
			}
			cur = &block{line: lineNo, ev: evidence.Event{Channel: val}}
			continue
		}
		if cur != nil && cur.headless {
			switch cur.headlessLine(line) {
			case lineKept:
				continue
			case lineEnds:
				if err := flush(); err != nil {
					return skips, err
				}
				continue
			case lineNext:
				if err := flush(); err != nil {
					return skips, err
				}
			}
		}
		if cur == nil {
			if id, next := headlessID(line); id != 0 {
				cur = &block{line: lineNo, state: 1, headless: true, want: next, done: next == "",
					ev: evidence.Event{Provider: providerOf(id), Channel: "Application", EventID: id}}
				cur.desc = append(cur.desc, unlist(strings.TrimSpace(line)))
			}
			continue
		}
		switch cur.state {
		case 0:
			if isLabel {
				cur.set(f, val)
				if f == fDesc {
					cur.state = 1
					if val != "" {
						cur.desc = append(cur.desc, val)
					}
				}
				if f == fXML {
					cur.state, cur.xmlLine = 2, lineNo+1
				}
			} else if strings.TrimSpace(line) != "" {
				cur.bad = append(cur.bad, evidence.Msg{Key: "skip.problem.unknown_label", Args: map[string]any{"line": lineNo}})
			}
		case 1:
			if isLabel && f == fXML {
				cur.state, cur.xmlLine = 2, lineNo+1
				continue
			}
			if cur.keep(line) {
				cur.desc = append(cur.desc, line)
			}
		case 2:
			if cur.keep(line) {
				cur.xml = append(cur.xml, line)
			}
			if strings.Contains(line, "</Event>") {
				if err := flush(); err != nil {
					return skips, err
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		if n == 0 {
			return skips, fmt.Errorf("%s: line %d: %w", name, lineNo+1, err)
		}
		skips = append(skips, evidence.NewSkip(evidence.Source{File: name, Line: lineNo + 1}, 0,
			"skip.evtext.unreadable", map[string]any{"line": lineNo, "err": eventlog.Cut(err)}))
	}
	if err := flush(); err != nil {
		return skips, err
	}
	if n == 0 && len(skips) == 0 {
		return nil, fmt.Errorf("%s: line 1: no copied event found (no %q label, no known event message)", name, "Log Name")
	}
	return skips, nil
}

func (b *block) set(f int, v string) {
	e := &b.ev
	switch f {
	case fSource:
		e.Provider = v
	case fDate:
		if t, ok := ParseDate(v); ok {
			e.Time, e.LocalTime = t, evidence.OffsetUnknown(t)
		} else if v != "" {
			b.bad = append(b.bad, evidence.Msg{Key: "skip.problem.bad_date", Args: map[string]any{"value": eventlog.Quote(v)}})
		}
	case fID:
		if id, err := strconv.Atoi(v); err == nil {
			e.EventID = id
		} else {
			b.bad = append(b.bad, evidence.Msg{Key: "skip.problem.bad_event_id", Args: map[string]any{"value": eventlog.Quote(v)}})
		}
	case fLevel:
		e.Level = levels[strings.ToLower(v)]
	case fKeywords:
		// Localised names ("Classic"), not the hex mask: not kept.
	case fComputer:
		e.Computer = v
	}
}

// What headlessLine did with a line.
const (
	lineKept = iota // the line belongs to the block (a blank one is dropped)
	lineEnds        // the block ends at this blank line
	lineNext        // the block ended before this line, which is read afresh
)

// headlessLine reads one line of a header-less block. A blank line ends
// the block once the structure of its message has been read (or, for a
// message without a known structure, after more than one line); before,
// blank lines are dropped and, after them, only the part still to come
// ("Info:", its values, "hr=") continues the message. A known message
// sentence always starts the next event.
func (b *block) headlessLine(line string) int {
	t := strings.TrimSpace(line)
	if t == "" {
		if b.done || b.want == "" && len(b.desc) > 1 {
			return lineEnds
		}
		b.gap = true
		return lineKept
	}
	gap := b.gap
	b.gap = false
	switch {
	case isSentence(t) || faultLine(t) && b.ev.EventID != faultEvent:
		return lineNext
	case b.done && infoLine(unlist(t)) != 0:
		// One Info line after another: a list of events.
		return lineNext
	case b.want == wantValues:
		b.want, b.done = "", true
	case b.want != "" && b.part(t):
	case b.want != "" && gap:
		return lineNext
	}
	if b.keep(line) {
		b.desc = append(b.desc, t)
	}
	return lineKept
}

// part reports whether t is the part of the message the block waits for,
// and moves the block on.
func (b *block) part(t string) bool {
	if b.want == "Info:" {
		for _, l := range infoLabels {
			if rest, ok := strings.CutPrefix(t, l); ok {
				if strings.TrimSpace(rest) == "" {
					b.want = wantValues
				} else {
					b.want, b.done = "", true
				}
				return true
			}
		}
		return false
	}
	if hasPrefixFold(t, b.want) {
		b.want, b.done = "", true
		return true
	}
	return false
}

// finish builds the event of a block; the XML wins where it is readable.
func (b *block) finish(name string) (*evidence.Event, []evidence.Skip) {
	var skips []evidence.Skip
	src := evidence.Source{File: name, Line: b.line}
	desc := strings.TrimSpace(strings.Join(b.desc, "\n"))
	if len(b.xml) > 0 {
		x := strings.Join(b.xml, "\n")
		if !strings.Contains(x, "</Event>") {
			skips = append(skips, evidence.NewSkip(evidence.Source{File: name, Line: b.xmlLine}, 1,
				"skip.evtext.xml_cut", map[string]any{"line": b.xmlLine}))
		} else if xe, err := wevtxml.ParseEvent([]byte(x[strings.Index(x, "<"):])); err != nil {
			skips = append(skips, evidence.NewSkip(evidence.Source{File: name, Line: b.xmlLine}, 1,
				"skip.evtext.xml_bad", map[string]any{"line": b.xmlLine, "err": eventlog.Cut(err)}))
		} else {
			xe.Source = src
			if xe.Computer == "" {
				xe.Computer = b.ev.Computer
			}
			if len(xe.Data) == 0 && desc != "" {
				xe.Data = []string{desc}
			}
			xe.Redacted = redactedOf(xe.Data)
			return xe, skips
		}
	}
	if b.ev.EventID == 0 {
		return nil, append(skips, evidence.NewSkip(src, 1, "skip.evtext.no_event_id", map[string]any{"line": b.line}))
	}
	e := b.ev
	e.Source = src
	if desc != "" {
		e.Data = []string{desc}
	}
	e.Redacted = redactedOf(e.Data)
	if len(b.bad) > 0 {
		skips = append(skips, evidence.NewSkip(src, 0, "skip.evtext.problems", map[string]any{"line": b.line, "problems": b.bad}))
	}
	return &e, skips
}

// redactedOf returns the placeholders among the comma-separated items of
// each line of data ("<CMID>", "<DateTime>"), for evidence.Event.Redacted.
func redactedOf(data []string) []string {
	var out []string
	for _, d := range data {
		for l := range strings.Lines(d) {
			out = append(out, redact.Find(l)...)
		}
	}
	return out
}

var dateLayouts = []string{
	"1/2/2006 3:04:05 PM", "1/2/2006 15:04:05", "2006/01/02 15:04:05", "2006/1/2 15:04:05", "2006/01/02 3:04:05 PM",
	"2006-01-02 15:04:05", "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2.1.2006 15:04:05", "02.01.2006 15:04:05",
	"2006/01/02 15:04", "1/2/2006 3:04 PM",
}

// ParseDate reads the Date label in the common Event Viewer formats. Event
// Viewer shows the machine's local time without its offset: a date without
// a zone is returned in evidence.UnknownOffset, never as UTC.
func ParseDate(s string) (time.Time, bool) {
	s = strings.Join(strings.Fields(s), " ")
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if !strings.Contains(l, "Z07") {
				t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), evidence.UnknownOffset)
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// Starts reports whether line begins a copied event (its Log Name label),
// so that analyze's ticket splitter cuts pasted events apart.
func Starts(line string) bool {
	f, _, ok := label(line)
	return ok && f == fLog
}
