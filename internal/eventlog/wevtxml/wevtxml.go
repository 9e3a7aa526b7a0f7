// Package wevtxml reads Windows event logs exported as XML: the output of
// `wevtutil qe LOG /f:xml` (a run of <Event> elements with no root), Event
// Viewer's "Save as XML" (an <Events> root), and renderings of single events
// as other tools print them (python-evtx's, separated by dashes). Input may
// be in any encoding package textenc recognises (UTF-8, UTF-16 with or
// without BOM).
//
// The reader streams: it cuts the input into <Event>...</Event> elements
// with a byte scanner and decodes each one on its own with encoding/xml, so
// a damaged event costs that event only (it becomes an evidence.Skip naming
// its line) and memory stays bounded by a few batches of events. Decoding
// runs on every core (encoding/xml is the costly part); events are emitted
// in input order on the caller's goroutine. encoding/xml is used rather than
// a hand-written parser: the events are small and the standard library
// handles entities, namespaces and character references correctly.
package wevtxml

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/textenc"
)

// Limits. MaxEvent bounds the size of one <Event> element; a larger one is
// skipped (real events are at most a few tens of KiB: an EVTX record is at
// most 64 KiB). A batch is sent to the workers when it holds batchSize
// events or batchBytes bytes, and at most maxBatches batches are in flight
// whatever the number of cores, so memory stays bounded by about
// maxBatches * (batchBytes + MaxEvent) times what decoding adds.
const (
	MaxEvent   = 4 << 20
	batchBytes = 1 << 20
	maxBatches = 8
)

// Detect reports whether text (the start of an input, decoded to UTF-8;
// only its first 4 KiB are looked at) starts an XML event export: after an
// optional XML declaration, comments and white space, the first element is
// <Events> or <Event>. An event copied from Event Viewer's XML View (or a
// browser's XML rendering) keeps the view's fold markers, "- " or "+ "
// before an element that has children, and a paste may open with the
// language line of its code block ("```xml", "#!xml"): both are allowed
// before the first element (the scanner looks for <Event itself).
func Detect(text string) bool {
	s := strings.TrimSpace(text[:min(len(text), 4096)])
	for {
		s = strings.TrimSpace(trimViewMarker(s))
		switch {
		case fenceLine(s) > 0:
			s = strings.TrimSpace(s[fenceLine(s):])
			continue
		case promptLine(s) > 0:
			s = strings.TrimSpace(s[promptLine(s):])
			continue
		case strings.HasPrefix(s, "<?"):
			i := strings.Index(s, "?>")
			if i < 0 {
				return false
			}
			s = strings.TrimSpace(s[i+2:])
			continue
		case strings.HasPrefix(s, "<!--"):
			i := strings.Index(s, "-->")
			if i < 0 {
				return false
			}
			s = strings.TrimSpace(s[i+3:])
			continue
		}
		break
	}
	return isEventStart(s, "<Events") || isEventStart(s, "<Event")
}

// trimViewMarker drops an XML view's fold marker ("- <", "+ <").
func trimViewMarker(s string) string {
	if len(s) > 2 && (s[0] == '-' || s[0] == '+') && strings.HasPrefix(strings.TrimLeft(s[1:], " \t"), "<") {
		return strings.TrimLeft(s[1:], " \t")
	}
	return s
}

// fenceLine is the length of a code block's language line ("```xml",
// "```", "#!xml") at the start of s, 0 when s does not start with one.
func fenceLine(s string) int {
	i := strings.IndexByte(s, '\n')
	if i < 0 {
		return 0
	}
	switch strings.ToLower(strings.TrimSpace(s[:i])) {
	case "```", "```xml", "#!xml", "xml":
		return i + 1
	}
	return 0
}

// promptRe is a shell prompt with the command that printed the XML
// ("PS C:\> wevtutil qe ...", "C:\>wevtutil ..."), which a paste keeps.
var promptRe = regexp.MustCompile(`^(?:PS [^>\n]{0,200}>|[A-Za-z]:\\[^>\n]{0,200}>)[^\n<]*\n`)

// promptLine is the length of such a prompt line at the start of s, 0 when
// s does not start with one.
func promptLine(s string) int { return len(promptRe.FindString(s)) }

func isEventStart(s, tag string) bool {
	if !strings.HasPrefix(s, tag) || len(s) == len(tag) {
		return false
	}
	switch s[len(tag)] {
	case ' ', '\t', '\r', '\n', '>', '/':
		return true
	}
	return false
}

// Read emits every event of an XML export; it is an eventlog.ReadFunc
// (opt.XML keeps each event's own XML text in Event.XML, on one line, see
// OneLine). Damaged events are skipped and reported; err is non-nil only
// when the input cannot be read at all or holds no event element
// whatsoever.
func Read(ctx context.Context, r io.Reader, name string, opt eventlog.Options, emitPrepared eventlog.Emit) ([]evidence.Skip, error) {
	emit := eventlog.Sequential(opt, emitPrepared)
	ctx, cancel := context.WithCancel(ctx)
	sc := &scanner{r: bufio.NewReaderSize(textenc.NewReader(r), 256<<10), line: 1}
	workers := min(max(runtime.GOMAXPROCS(0), 1), maxBatches)
	jobs := make(chan *batch, workers)
	order := make(chan *batch, min(2*workers, maxBatches))
	go produce(ctx, sc, jobs, order)
	for range workers {
		go func() {
			for b := range jobs {
				b.parse(name, opt)
			}
		}()
	}
	// On an early return the producer stops at its next send (or when its
	// read returns) and the workers when it closes jobs; nothing waits for
	// them, so a slow reader cannot hold the caller.
	defer cancel()
	var skips []evidence.Skip
	n := 0
	for b := range order {
		select {
		case <-b.done:
		case <-ctx.Done():
			return skips, ctx.Err()
		}
		for i := range b.items {
			it := &b.items[i]
			switch it.kind {
			case itemEvent:
				if it.ev == nil {
					skips = append(skips, it.skip)
					continue
				}
				n++
				if err := emit(it.ev); err != nil {
					return skips, err
				}
			case itemReadErr:
				if n == 0 && len(skips) == 0 {
					return nil, fmt.Errorf("%s: line %d: %w", name, it.line, it.err)
				}
				skips = append(skips, evidence.NewSkip(evidence.Source{File: name, Line: it.line}, 0,
					"skip.text.unreadable", map[string]any{"line": it.line, "err": eventlog.Cut(it.err)}))
			default:
				skips = append(skips, it.skip)
			}
		}
		if err := ctx.Err(); err != nil {
			return skips, err
		}
	}
	if err := ctx.Err(); err != nil {
		// The producer stopped early: say so, not that there was no event.
		return skips, err
	}
	if n == 0 && len(skips) == 0 && !sc.sawRoot {
		return nil, fmt.Errorf("%s: line 1: no <Event> element found", name)
	}
	return skips, nil
}

// Work is cut into batches of events: the scanner fills them in order on
// one goroutine, workers decode them, and Read emits them in order.
const batchSize = 256

const (
	itemEvent = iota
	itemTooLarge
	itemCut
	itemReadErr
)

type item struct {
	kind int
	line int
	blk  []byte
	err  error
	ev   *evidence.Event
	skip evidence.Skip
}

type batch struct {
	items []item
	bytes int // of the events' XML
	done  chan struct{}
}

func (b *batch) parse(name string, opt eventlog.Options) {
	defer close(b.done)
	for i := range b.items {
		it := &b.items[i]
		src := evidence.Source{File: name, Line: it.line}
		switch it.kind {
		case itemTooLarge:
			it.skip = evidence.NewSkip(src, 1, "skip.wevtxml.too_large", map[string]any{"line": it.line, "max": MaxEvent})
		case itemCut:
			it.skip = evidence.NewSkip(src, 1, "skip.wevtxml.cut", map[string]any{"line": it.line})
		case itemEvent:
			ev, err := ParseEvent(it.blk)
			if err != nil {
				var se *xml.SyntaxError
				if errors.As(err, &se) {
					it.skip = evidence.NewSkip(src, 1, "skip.wevtxml.xml_syntax", map[string]any{"line": it.line, "xml_line": it.line + se.Line - 1, "err": eventlog.Cut(se.Msg)})
				} else {
					it.skip = evidence.NewSkip(src, 1, "skip.wevtxml.bad_event", map[string]any{"line": it.line, "err": eventlog.Cut(err)})
				}
				break
			}
			ev.Source = src
			ev.Source.Record = ev.RecordID
			if !ev.Time.IsZero() {
				ev.Source.Time = ev.Time.UTC().Format(time.RFC3339)
			}
			if opt.XML {
				ev.XML = OneLine(it.blk)
			}
			it.ev = ev
		}
		it.blk = nil
	}
}

// produce scans the input into batches, sending each to a worker and, in
// input order, to Read.
func produce(ctx context.Context, sc *scanner, jobs, order chan<- *batch) {
	defer close(order)
	defer close(jobs)
	cur := &batch{done: make(chan struct{})}
	send := func() bool {
		if len(cur.items) == 0 {
			return true
		}
		select {
		case order <- cur:
		case <-ctx.Done():
			return false
		}
		select {
		case jobs <- cur:
		case <-ctx.Done():
			return false
		}
		cur = &batch{done: make(chan struct{})}
		return true
	}
	for {
		blk, line, err := sc.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var tl *tooLarge
			if errors.As(err, &tl) {
				cur.items = append(cur.items, item{kind: itemTooLarge, line: line})
				continue
			}
			cur.items = append(cur.items, item{kind: itemReadErr, line: line, err: err})
			break
		}
		if blk == nil {
			if sc.truncated {
				cur.items = append(cur.items, item{kind: itemCut, line: line})
			}
			break
		}
		cur.items = append(cur.items, item{kind: itemEvent, line: line, blk: append([]byte(nil), blk...)})
		cur.bytes += len(blk)
		if (len(cur.items) == batchSize || cur.bytes >= batchBytes) && !send() {
			return
		}
	}
	send()
}

type tooLarge struct{}

func (*tooLarge) Error() string { return "event too large" }

// scanner cuts a UTF-8 stream into <Event ...>...</Event> blocks.
type scanner struct {
	r         *bufio.Reader
	line      int // line of the next unread byte
	buf       []byte
	sawRoot   bool
	truncated bool
	carry     bool // the last block ended at a new "<Event"
	carryLine int
	carryRest []byte
}

var (
	openTag  = []byte("<Event")
	closeTag = []byte("</Event>")
)

// next returns the next event block and the line it starts on; (nil, line,
// nil) at the end of input.
func (s *scanner) next() ([]byte, int, error) {
	s.buf = s.buf[:0]
	start := s.carryLine
	if s.carry {
		s.carry = false
		s.buf = append(s.buf, "<Event"...)
		s.buf = append(s.buf, s.carryRest...)
	} else {
		if err := s.findStart(); err != nil {
			return nil, s.line, err
		}
		start = s.line
		s.buf = append(s.buf, '<')
	}
	for {
		b, err := s.r.ReadSlice('>')
		s.line += bytes.Count(b, []byte{'\n'})
		if len(s.buf)+len(b) > MaxEvent {
			s.buf = s.buf[:0]
			for err == nil || errors.Is(err, bufio.ErrBufferFull) {
				if bytes.HasSuffix(b, closeTag) {
					break
				}
				b, err = s.r.ReadSlice('>')
				s.line += bytes.Count(b, []byte{'\n'})
			}
			return nil, start, &tooLarge{}
		}
		s.buf = append(s.buf, b...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err == io.EOF {
			s.truncated = len(bytes.TrimSpace(s.buf)) > 0
			return nil, start, nil
		}
		if err != nil {
			return nil, start, err
		}
		if bytes.HasSuffix(s.buf, closeTag) {
			return s.buf, start, nil
		}
		// A new <Event> before this one closed: this one is damaged. Hand
		// it back (parsing will report it) and start the next from here.
		from := max(len(s.buf)-len(b)-len(openTag), 1)
		if j := bytes.LastIndex(s.buf[from:], openTag); j >= 0 && len(s.buf) > from+j+6 && isDelim(s.buf[from+j+6]) {
			i := from + j
			rest := s.buf[i+6:]
			s.carry, s.carryLine = true, s.line-bytes.Count(rest, []byte{'\n'})
			// Put back what followed "<Event" is not possible with bufio;
			// keep it in the carried prefix instead.
			s.carryRest = append(s.carryRest[:0], rest...)
			return s.buf[:i], start, nil
		}
	}
}

// findStart consumes input up to and including the '<' of the next <Event>.
func (s *scanner) findStart() error {
	for {
		b, err := s.r.ReadSlice('<')
		s.line += bytes.Count(b, []byte{'\n'})
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			return err
		}
		peek, _ := s.r.Peek(len("Events") + 1)
		if len(peek) > 6 && bytes.HasPrefix(peek, []byte("Events")) && isDelim(peek[6]) {
			s.sawRoot = true
			continue
		}
		if len(peek) >= 6 && bytes.HasPrefix(peek, []byte("Event")) && isDelim(peek[5]) {
			return nil
		}
	}
}

func isDelim(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/'
}

type xData struct {
	Name  string `xml:"Name,attr"`
	Value string `xml:",chardata"`
}

type xEvent struct {
	System struct {
		Provider struct {
			Name            string `xml:"Name,attr"`
			EventSourceName string `xml:"EventSourceName,attr"`
		} `xml:"Provider"`
		EventID struct {
			Qualifiers string `xml:"Qualifiers,attr"`
			Value      string `xml:",chardata"`
		} `xml:"EventID"`
		Level    string `xml:"Level"`
		Task     string `xml:"Task"`
		Opcode   string `xml:"Opcode"`
		Keywords string `xml:"Keywords"`
		Security struct {
			UserID string `xml:"UserID,attr"`
		} `xml:"Security"`
		TimeCreated struct {
			SystemTime string `xml:"SystemTime,attr"`
		} `xml:"TimeCreated"`
		EventRecordID string `xml:"EventRecordID"`
		Channel       string `xml:"Channel"`
		Computer      string `xml:"Computer"`
	} `xml:"System"`
	EventData struct {
		Data []xData `xml:"Data"`
	} `xml:"EventData"`
	UserData struct {
		Inner []byte `xml:",innerxml"`
	} `xml:"UserData"`
}

// ParseEvent decodes one <Event> element.
func ParseEvent(b []byte) (*evidence.Event, error) {
	var x xEvent
	d := xml.NewDecoder(bytes.NewReader(b))
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	d.Strict = true
	if err := d.Decode(&x); err != nil {
		return nil, err
	}
	sys := &x.System
	e := &evidence.Event{Provider: sys.Provider.Name, Channel: strings.TrimSpace(sys.Channel),
		Computer: strings.TrimSpace(sys.Computer)}
	if e.Provider == "" {
		e.Provider = sys.Provider.EventSourceName
	}
	id, err := strconv.Atoi(strings.TrimSpace(sys.EventID.Value))
	if err != nil {
		return nil, fmt.Errorf("EventID %q is not a number", sys.EventID.Value)
	}
	e.EventID = id
	e.Keywords = strings.TrimSpace(sys.Keywords)
	e.UserID = sys.Security.UserID
	for _, f := range []struct {
		name string
		s    string
		dst  *int
	}{{"Qualifiers", sys.EventID.Qualifiers, &e.Qualifiers}, {"Task", sys.Task, &e.Task}, {"Opcode", sys.Opcode, &e.Opcode}} {
		if v := strings.TrimSpace(f.s); v != "" {
			if *f.dst, err = strconv.Atoi(v); err != nil {
				return nil, fmt.Errorf("%s %q is not a number", f.name, v)
			}
		}
	}
	if s := strings.TrimSpace(sys.Level); s != "" {
		if e.Level, err = strconv.Atoi(s); err != nil {
			return nil, fmt.Errorf("Level %q is not a number", s)
		}
	}
	if s := strings.TrimSpace(sys.EventRecordID); s != "" {
		if e.RecordID, err = strconv.ParseUint(s, 10, 64); err != nil {
			return nil, fmt.Errorf("EventRecordID %q is not a number", s)
		}
	}
	if s := sys.TimeCreated.SystemTime; s != "" {
		if e.Time, err = ParseSystemTime(s); err != nil {
			return nil, fmt.Errorf("TimeCreated %q is not a time", s)
		}
	}
	named := false
	for _, dd := range x.EventData.Data {
		named = named || dd.Name != ""
	}
	for _, dd := range x.EventData.Data {
		e.Data = append(e.Data, dd.Value)
		if named {
			e.Names = append(e.Names, dd.Name)
		}
		if dd.Name != "" {
			if e.Named == nil {
				e.Named = map[string]string{}
			}
			e.Named[dd.Name] = dd.Value
		}
	}
	if len(x.UserData.Inner) > 0 {
		userData(x.UserData.Inner, e)
	}
	return e, nil
}

// userData flattens the leaf elements of <UserData> into Data and Named.
func userData(b []byte, e *evidence.Event) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var name string
	var text strings.Builder
	leaf := false
	for {
		t, err := d.Token()
		if err != nil {
			return
		}
		switch t := t.(type) {
		case xml.StartElement:
			name, leaf = t.Name.Local, true
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			if leaf {
				v := text.String()
				e.Data = append(e.Data, v)
				e.Names = append(e.Names, name)
				if e.Named == nil {
					e.Named = map[string]string{}
				}
				e.Named[name] = v
			}
			leaf = false
		}
	}
}

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05Z07:00"}

// ParseSystemTime reads TimeCreated/@SystemTime (UTC).
func ParseSystemTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	var err error
	for _, l := range timeLayouts {
		var t time.Time
		if t, err = time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, err
}

// OneLine returns an event's XML on one line without changing what it
// means: a line break inside a tag becomes a space (attribute values are
// normalised that way by any XML parser) and one in text becomes a
// character reference (&#10;, &#13;).
func OneLine(b []byte) string {
	if bytes.IndexAny(b, "\r\n") < 0 {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 64)
	inTag := false
	for _, c := range b {
		switch {
		case c == '<':
			inTag = true
		case c == '>':
			inTag = false
		case (c == '\n' || c == '\r') && inTag:
			c = ' '
		case c == '\n':
			sb.WriteString("&#10;")
			continue
		case c == '\r':
			sb.WriteString("&#13;")
			continue
		}
		sb.WriteByte(c)
	}
	return sb.String()
}
