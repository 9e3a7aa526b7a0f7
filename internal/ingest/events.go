package ingest

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/textenc"
)

// EventKinds returns the kinds of Kinds that `kmsdoctor events` can stream
// (those with Events), in registry order.
func EventKinds() []Kind {
	var ks []Kind
	for _, k := range Kinds {
		if k.Events != nil {
			ks = append(ks, k)
		}
	}
	return ks
}

// EventKind returns the event-log kind that recognises head, the first
// eventlog.HeadSize bytes of an input (fewer if it is shorter): a binary
// kind by DetectRaw on the bytes, a text kind by Detect on them decoded
// with textenc.DecodePrefix. ok is false when none does.
func EventKind(head []byte) (k Kind, ok bool) {
	var text string
	decoded := false
	for _, k := range EventKinds() {
		if k.Binary() {
			if k.DetectRaw(head) {
				return k, true
			}
			continue
		}
		if !decoded {
			text, _ = textenc.DecodePrefix(head)
			decoded = true
		}
		if k.Detect != nil && k.Detect(text) {
			return k, true
		}
	}
	return Kind{}, false
}

func pickEvents(head []byte) eventlog.ReadFunc {
	if k, ok := EventKind(head); ok {
		return k.Events
	}
	return nil
}

// ReadEvents streams the event log r, called name in messages, with the
// event-log kind of Kinds that recognises its start (EventKind); the input
// is never held in memory whole. It returns an error wrapping
// eventlog.ErrUnknownFormat when no kind does.
func ReadEvents(ctx context.Context, r io.Reader, name string, opt eventlog.Options, emit eventlog.Emit) ([]evidence.Skip, error) {
	return eventlog.Stream(ctx, r, name, opt, pickEvents, emit)
}

// ReadEventFile opens path and reads it with ReadEvents.
func ReadEventFile(ctx context.Context, path string, opt eventlog.Options, emit eventlog.Emit) ([]evidence.Skip, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError names the file
	}
	defer f.Close()
	return ReadEvents(ctx, f, path, opt, emit)
}

// readEventsText reads one decoded segment, which starts at line of file,
// with an event-log reader into s, shifting the line numbers of events and
// skips to the file's (analyze's text event-log kinds).
func readEventsText(read eventlog.ReadFunc, file string, line int, text string, s *evidence.Set) error {
	shift := func(src *evidence.Source) {
		if src.Line > 0 {
			src.Line += line - 1
		}
	}
	skips, err := read(context.Background(), strings.NewReader(text), file, eventlog.Options{}, func(e *evidence.Event, _ []byte) error {
		shift(&e.Source)
		s.Events = append(s.Events, *e)
		return nil
	})
	for _, sk := range skips {
		shift(&sk.Source)
		s.Skipped = append(s.Skipped, sk)
	}
	return err
}

// readEventsRaw reads a whole file with an event-log reader into s
// (analyze's binary event-log kinds: EVTX).
func readEventsRaw(read eventlog.ReadFunc, file string, raw []byte, s *evidence.Set) error {
	skips, err := read(context.Background(), bytes.NewReader(raw), file, eventlog.Options{}, func(e *evidence.Event, _ []byte) error {
		s.Events = append(s.Events, *e)
		return nil
	})
	s.Skipped = append(s.Skipped, skips...)
	return err
}
