// Package eventlog reads Windows event logs in every form admins export
// them and picks the reader by content, not by file name: EVTX (package
// evtx), `wevtutil qe /f:xml` XML, Event Viewer CSV and the text Event
// Viewer copies for one event. Every reader emits evidence.Event in the
// order of the input; damage inside an input comes back as evidence.Skip,
// and the error is only for input that cannot be read at all.
//
// `kmsdoctor events` and `analyze` both read event logs through ReadFile.
package eventlog

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/evcsv"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/evtext"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/evtx"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/wevtxml"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Format names an event log format.
type Format string

// The formats the dispatcher knows.
const (
	EVTX    Format = "evtx"
	XML     Format = "xml"
	CSV     Format = "csv"
	Text    Format = "text"
	Unknown Format = ""
)

// ErrUnknownFormat is returned (wrapped, naming the file) for input no
// reader recognises.
var ErrUnknownFormat = errors.New("not an event log kmsdoctor can read (EVTX, wevtutil XML, Event Viewer CSV or copied event text)")

// HeadSize is how much of the start of an input Detect looks at.
const HeadSize = 4096

// reader is one format's entry point, with the signature every reader
// package exports.
type reader struct {
	format Format
	detect func(head []byte) bool
	read   func(ctx context.Context, r io.Reader, name string, opt Options, emit func(*evidence.Event) error) ([]evidence.Skip, error)
}

// readers is tried in order: EVTX first (binary signature), then XML (its
// first element is <Event> or <Events>), CSV (Event Viewer's header line),
// and the copied text (label lines) last, as it is the loosest test.
var readers = []reader{
	{EVTX, evtx.Detect, nil}, // read by ReadOpts itself (parallel, Prepare)
	{XML, wevtxml.Detect, func(ctx context.Context, r io.Reader, name string, opt Options, emit func(*evidence.Event) error) ([]evidence.Skip, error) {
		return wevtxml.ReadWith(ctx, r, name, wevtxml.Options{XML: opt.XML}, emit)
	}},
	{CSV, evcsv.Detect, plain(evcsv.Read)},
	{Text, evtext.Detect, plain(evtext.Read)},
}

// plain adapts a reader without options.
func plain(read func(ctx context.Context, r io.Reader, name string, emit func(*evidence.Event) error) ([]evidence.Skip, error)) func(context.Context, io.Reader, string, Options, func(*evidence.Event) error) ([]evidence.Skip, error) {
	return func(ctx context.Context, r io.Reader, name string, _ Options, emit func(*evidence.Event) error) ([]evidence.Skip, error) {
		return read(ctx, r, name, emit)
	}
}

// Detect returns the format of an input from its first HeadSize bytes.
func Detect(head []byte) Format {
	for _, r := range readers {
		if r.detect(head) {
			return r.format
		}
	}
	return Unknown
}

// Options tune reading. Only the EVTX reader uses Workers and Prepare;
// the text formats are read on the calling goroutine and Prepare is then
// called there.
type Options struct {
	// XML asks readers that can for Event.XML (wevtutil-style).
	XML bool
	// Workers for EVTX chunk decoding; 0 means GOMAXPROCS.
	Workers int
	// Keep filters events before Prepare and emit (nil keeps all).
	Keep func(*evidence.Event) bool
	// Prepare serialises an event; with EVTX it runs on worker goroutines.
	Prepare func(ev *evidence.Event, buf []byte) []byte
}

// Read reads an event log of any supported format from r.
func Read(ctx context.Context, r io.Reader, name string, emit func(*evidence.Event) error) ([]evidence.Skip, error) {
	return ReadOpts(ctx, r, name, Options{}, func(ev *evidence.Event, _ []byte) error { return emit(ev) })
}

// ReadOpts is Read with options; emit gets what Prepare returned.
func ReadOpts(ctx context.Context, r io.Reader, name string, opt Options, emit func(*evidence.Event, []byte) error) ([]evidence.Skip, error) {
	br := bufio.NewReaderSize(r, 64*1024)
	head, err := br.Peek(HeadSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("%s: offset 0: %w", name, err)
	}
	for _, rd := range readers {
		if !rd.detect(head) {
			continue
		}
		if rd.format == EVTX {
			return evtx.ReadOpts(ctx, br, name, evtx.Options{Workers: opt.Workers, XML: opt.XML, Keep: opt.Keep, Prepare: opt.Prepare}, emit)
		}
		return rd.read(ctx, br, name, opt, func(ev *evidence.Event) error {
			if opt.Keep != nil && !opt.Keep(ev) {
				return nil
			}
			var p []byte
			if opt.Prepare != nil {
				p = opt.Prepare(ev, nil)
			}
			return emit(ev, p)
		})
	}
	return nil, fmt.Errorf("%s: offset 0: %w", name, ErrUnknownFormat)
}

// ReadFile opens path and reads it with ReadOpts.
func ReadFile(ctx context.Context, path string, opt Options, emit func(*evidence.Event, []byte) error) ([]evidence.Skip, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError names the file
	}
	defer f.Close()
	return ReadOpts(ctx, f, path, opt, emit)
}

// ReadAll reads every event of path into memory (for analyze, whose inputs
// are small next to what `events` streams).
func ReadAll(ctx context.Context, path string) ([]evidence.Event, []evidence.Skip, error) {
	var evs []evidence.Event
	skips, err := ReadFile(ctx, path, Options{}, func(ev *evidence.Event, _ []byte) error {
		evs = append(evs, *ev)
		return nil
	})
	return evs, skips, err
}
