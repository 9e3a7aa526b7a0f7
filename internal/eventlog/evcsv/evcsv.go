// Package evcsv reads event logs saved as CSV: Event Viewer's "Save All
// Events As... CSV" (columns Level, Date and Time, Source, Event ID, Task
// Category and an unnamed last column with the message; English or
// Japanese headers) and PowerShell's Export-Csv of Get-WinEvent or
// Get-EventLog (named columns such as Id, ProviderName, TimeCreated,
// Message). The file may be UTF-8 (with or without BOM), UTF-16 or Shift_JIS
// (decoded with package textenc).
// Columns are found by header name, so their order does not matter.
//
// CSV carries no EventData items: the message text becomes the one Data
// value, which is where the "Info:" string of the activation events is.
package evcsv

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/evtext"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/textenc"
)

const (
	cLevel = iota + 1
	cTime
	cSource
	cID
	cMessage
	cComputer
	cRecord
	cChannel
)

var columns = map[string]int{
	"level": cLevel, "レベル": cLevel, "leveldisplayname": cLevel, "entrytype": cLevel,
	"date and time": cTime, "日付と時刻": cTime, "timecreated": cTime, "timegenerated": cTime,
	"source": cSource, "ソース": cSource, "providername": cSource,
	"event id": cID, "イベント id": cID, "id": cID, "eventid": cID,
	"message": cMessage, "メッセージ": cMessage, "description": cMessage, "説明": cMessage,
	"machinename": cComputer, "computer": cComputer, "コンピューター": cComputer,
	"recordid": cRecord, "index": cRecord,
	"logname": cChannel, "log name": cChannel, "ログの名前": cChannel,
}

var levelWords = map[string]int{
	"critical": 1, "error": 2, "warning": 3, "information": 4, "verbose": 5,
	"重大": 1, "エラー": 2, "警告": 3, "情報": 4, "詳細": 5,
}

func norm(h string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.Trim(h, "\uFEFF\" ")), " "))
}

// header maps column index -> field; ok when it identifies an event CSV.
func header(rec []string) (map[int]int, bool) {
	m := map[int]int{}
	have := map[int]bool{}
	for i, h := range rec {
		f, ok := columns[norm(h)]
		if !ok || have[f] {
			continue
		}
		if f == cLevel && norm(h) == "level" && have[cLevel] {
			continue
		}
		m[i] = f
		have[f] = true
	}
	if !have[cID] || !have[cSource] || !have[cTime] {
		return nil, false
	}
	// Event Viewer's own export: the message is the unnamed column after
	// the named ones.
	if !have[cMessage] {
		m[len(rec)] = cMessage
	}
	return m, true
}

// Detect reports whether text (the start of an input, decoded to UTF-8)
// starts an event CSV: its first line is a header naming at least the
// event id, source and time columns.
func Detect(text string) bool {
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(strings.TrimPrefix(line, "\uFEFF"))
		if strings.HasPrefix(line, "#TYPE") || line == "" {
			continue
		}
		// A header names at least three columns: without two commas it is
		// none, and no CSV reader (with its buffer) is made for the line.
		if strings.Count(line, ",") < 2 {
			return false
		}
		r := csv.NewReader(strings.NewReader(line))
		r.LazyQuotes = true
		rec, err := r.Read()
		if err != nil {
			return false
		}
		_, ok := header(rec)
		return ok
	}
	return false
}

// Read emits every row of an event CSV. A malformed row becomes a Skip
// naming its line; err is for input that is not an event CSV at all. It is
// an eventlog.ReadFunc.
func Read(ctx context.Context, r io.Reader, name string, opt eventlog.Options, emitPrepared eventlog.Emit) ([]evidence.Skip, error) {
	emit := eventlog.Sequential(opt, emitPrepared)
	br := bufio.NewReader(textenc.NewReader(r))
	line := 1
	// Skip PowerShell's "#TYPE ..." line and blank lines before the header.
	for {
		b, err := br.Peek(5)
		if len(b) > 0 && (string(b) == "#TYPE" || b[0] == '\n' || b[0] == '\r' || strings.HasPrefix(string(b), "\uFEFF")) {
			if strings.HasPrefix(string(b), "\uFEFF") {
				br.Discard(3)
				continue
			}
			if _, err := br.ReadString('\n'); err != nil {
				return nil, fmt.Errorf("%s: line %d: no header row", name, line)
			}
			line++
			continue
		}
		if err != nil && len(b) == 0 {
			return nil, fmt.Errorf("%s: line %d: empty file", name, line)
		}
		break
	}
	rc := &rowCap{r: br, line: line}
	cr := csv.NewReader(rc)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	hdr, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: line %d: header row: %v", name, line, err)
	}
	cols, ok := header(hdr)
	if !ok {
		return nil, fmt.Errorf("%s: line %d: not an event log CSV (needs Source, Event ID and a date column)", name, line)
	}
	first := line - 1
	var skips []evidence.Skip
	n := 0
	for {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return skips, err
			}
		}
		rec, err := cr.Read()
		for _, ln := range rc.cut {
			skips = append(skips, evidence.NewSkip(evidence.Source{File: name, Line: ln}, 0,
				"skip.evcsv.row_too_large", map[string]any{"line": ln, "mib": MaxRow >> 20}))
		}
		rc.cut = rc.cut[:0]
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			skips = append(skips, evidence.NewSkip(evidence.Source{File: name, Line: first + pe.StartLine}, 1,
				"skip.evcsv.bad_row", map[string]any{"line": first + pe.StartLine, "err": eventlog.Cut(pe.Err)}))
			continue
		}
		if err != nil {
			ln, _ := cr.FieldPos(0)
			skips = append(skips, evidence.NewSkip(evidence.Source{File: name, Line: first + ln}, 0,
				"skip.text.unreadable", map[string]any{"line": first + ln, "err": eventlog.Cut(err)}))
			break
		}
		ln, _ := cr.FieldPos(0)
		ln += first
		ev, bad := row(rec, cols)
		if len(bad) > 0 {
			skips = append(skips, evidence.NewSkip(evidence.Source{File: name, Line: ln}, 1,
				"skip.evcsv.row_problems", map[string]any{"line": ln, "problems": bad}))
			if ev == nil {
				continue
			}
		}
		ev.Source = evidence.Source{File: name, Line: ln}
		n++
		if err := emit(ev); err != nil {
			return skips, err
		}
	}
	return skips, nil
}

// row converts one record; bad says what was wrong (the event is nil when
// it is unusable).
func row(rec []string, cols map[int]int) (*evidence.Event, []evidence.Msg) {
	e := &evidence.Event{}
	var bad []evidence.Msg
	for i, f := range cols {
		if i >= len(rec) {
			if f == cID {
				// A short row: an event without an id is no event (never
				// one with id 0).
				return nil, []evidence.Msg{{Key: "skip.problem.no_event_id"}}
			}
			continue
		}
		v := strings.TrimSpace(rec[i])
		switch f {
		case cLevel:
			if n, err := strconv.Atoi(v); err == nil {
				e.Level = n
			} else {
				e.Level = levelWords[strings.ToLower(v)]
			}
		case cTime:
			if t, ok := evtext.ParseDate(v); ok {
				e.Time, e.LocalTime = t, evidence.OffsetUnknown(t)
			} else if v != "" {
				bad = append(bad, evidence.Msg{Key: "skip.problem.bad_date", Args: map[string]any{"value": eventlog.Quote(v)}})
			}
		case cSource:
			e.Provider = v
		case cID:
			if v == "" {
				return nil, []evidence.Msg{{Key: "skip.problem.no_event_id"}}
			}
			id, err := strconv.Atoi(v)
			if err != nil {
				return nil, []evidence.Msg{{Key: "skip.problem.bad_event_id", Args: map[string]any{"value": eventlog.Quote(v)}}}
			}
			e.EventID = id
		case cMessage:
			if v != "" {
				e.Data = []string{strings.ReplaceAll(rec[i], "\r\n", "\n")}
			}
		case cComputer:
			e.Computer = v
		case cRecord:
			if n, err := strconv.ParseUint(v, 10, 64); err == nil {
				e.RecordID = n
			}
		case cChannel:
			e.Channel = v
		}
	}
	return e, bad
}

// MaxRow bounds one row of a CSV (a record, with its quoted line breaks):
// the rest of a longer row is dropped before the CSV reader sees it and
// reported (skip.evcsv.row_too_large), so a 1 GB field costs MaxRow.
const MaxRow = 4 << 20

// rowCap passes a CSV stream through, cutting every row at MaxRow bytes. It
// follows quoting to tell the line break that ends a row from one inside a
// quoted field; a row cut inside quotes gets its closing quote back.
type rowCap struct {
	r        io.Reader
	line     int   // line of the next byte
	n        int   // bytes of the current row passed on
	quoted   bool  // inside a quoted field (of the input)
	dropping bool  // past MaxRow: dropping the rest of the row
	cut      []int // lines of rows cut since the caller last looked
	buf      []byte
}

func (c *rowCap) Read(p []byte) (int, error) {
	if cap(c.buf) < len(p) {
		c.buf = make([]byte, len(p))
	}
	for {
		m, err := c.r.Read(c.buf[:len(p)])
		out := 0
		for _, b := range c.buf[:m] {
			if !c.dropping && c.n >= MaxRow && (b != '\n' || c.quoted) {
				c.dropping = true
				c.cut = append(c.cut, c.line)
				if c.quoted {
					p[out] = '"' // close the field open at the cut (b is dropped: there is room)
					out++
				}
			}
			if b == '"' {
				c.quoted = !c.quoted
			}
			end := b == '\n' && !c.quoted
			if b == '\n' {
				c.line++
			}
			if c.dropping && !end {
				continue
			}
			c.dropping = false
			p[out] = b
			out++
			c.n++
			if end {
				c.n = 0
			}
		}
		if out > 0 || err != nil {
			return out, err
		}
	}
}
