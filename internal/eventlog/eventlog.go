// Package eventlog is what kmsdoctor's Windows event-log readers share: the
// one signature every reader exports (ReadFunc), its Options, and Stream,
// which reads an input with the reader chosen from its first bytes. The
// readers are the subpackages: EVTX (evtx), `wevtutil qe /f:xml` XML
// (wevtxml), Event Viewer CSV (evcsv) and the text Event Viewer copies for
// one event (evtext). Every reader emits evidence.Event in the order of the
// input; damage inside an input comes back as evidence.Skip, and the error
// is only for input that cannot be read at all.
//
// Which formats there are and how each is recognised is not decided here
// but in the one input registry, internal/ingest's Kinds: `kmsdoctor events`
// streams through ingest.ReadEvents (Stream with the registry's event
// kinds) and `analyze` reads the same kinds through ingest. This package
// imports no reader and nothing of ingest.
package eventlog

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/textenc"
)

// Options tune reading. Only the EVTX reader uses Workers and runs Keep and
// Prepare on worker goroutines; the other readers call them on the calling
// goroutine (see Sequential).
type Options struct {
	// XML asks readers that can for Event.XML (wevtutil-style).
	XML bool
	// Workers for EVTX chunk decoding; 0 means GOMAXPROCS.
	Workers int
	// Keep filters events before Prepare and emit (nil keeps all).
	Keep func(*evidence.Event) bool
	// Prepare serialises an event; its result is passed to emit with the
	// event (nil without Prepare). With EVTX it runs on worker goroutines,
	// so it must touch nothing but ev and buf.
	Prepare func(ev *evidence.Event, buf []byte) []byte
}

// Emit receives each kept event, in input order, with what Options.Prepare
// returned for it. An error stops the reader, which returns it.
type Emit func(ev *evidence.Event, prepared []byte) error

// ReadFunc is the entry point every reader package exports as Read: it
// reads the whole of r, called name in errors and skips, and emits its
// events. The skips are the damage it read past; the error is non-nil only
// when r cannot be read at all (or emit or ctx stopped it).
type ReadFunc func(ctx context.Context, r io.Reader, name string, opt Options, emit Emit) ([]evidence.Skip, error)

// Sequential returns the emit a reader that hands out events on the
// calling goroutine uses: it applies opt.Keep and opt.Prepare, then calls
// emit.
func Sequential(opt Options, emit Emit) func(*evidence.Event) error {
	return func(ev *evidence.Event) error {
		if opt.Keep != nil && !opt.Keep(ev) {
			return nil
		}
		var p []byte
		if opt.Prepare != nil {
			p = opt.Prepare(ev, nil)
		}
		return emit(ev, p)
	}
}

// ErrUnknownFormat is returned (wrapped, naming the input) for input no
// reader recognises.
var ErrUnknownFormat = errors.New("not an event log kmsdoctor can read (EVTX, wevtutil XML, Event Viewer CSV or copied event text)")

// HeadSize is how much of the start of an input Stream shows pick.
const HeadSize = 4096

// Stream reads r with the reader pick chooses from r's first HeadSize bytes
// (fewer if r is shorter); pick returns nil when no reader recognises them,
// and Stream then returns ErrUnknownFormat. Nothing but the head is held
// back: the reader gets the whole of r as a stream.
func Stream(ctx context.Context, r io.Reader, name string, opt Options, pick func(head []byte) ReadFunc, emit Emit) ([]evidence.Skip, error) {
	br := bufio.NewReaderSize(r, 64*1024)
	head, err := br.Peek(HeadSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("%s: offset 0: %w", name, err)
	}
	read := pick(head)
	if read == nil {
		return nil, fmt.Errorf("%s: offset 0: %w", name, ErrUnknownFormat)
	}
	return read(ctx, br, name, opt, emit)
}

// MaxQuoted bounds a value quoted in a damage message (a skip's {value} or
// {err}): a 50 MB event id must not make a 50 MB line on stderr.
const MaxQuoted = 120

// Quote quotes v for a damage message (strconv.Quote), cut to MaxQuoted
// bytes of v with "..." after the cut.
func Quote(v string) string {
	if len(v) <= MaxQuoted {
		return strconv.Quote(v)
	}
	return strconv.Quote(textenc.CutUTF8(v, MaxQuoted)) + "..."
}

// Cut returns the text of v (an error, a string, else fmt.Sprint of it)
// for a damage message, cut to 4*MaxQuoted bytes (an error can quote its
// input whole, as strconv's do).
func Cut(v any) string {
	var s string
	switch v := v.(type) {
	case error:
		s = v.Error()
	case string:
		s = v
	default:
		s = fmt.Sprint(v)
	}
	if len(s) <= 4*MaxQuoted {
		return s
	}
	return textenc.CutUTF8(s, 4*MaxQuoted) + "..."
}
