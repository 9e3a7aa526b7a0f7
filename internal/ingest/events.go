package ingest

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/kmsevents"
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
func readEventsText(ctx context.Context, read eventlog.ReadFunc, file string, line int, text string, s *evidence.Set) error {
	shift := func(src *evidence.Source) {
		if src.Line > 0 {
			src.Line += line - 1
		}
	}
	k := newKeeper(file, s)
	skips, err := read(ctx, strings.NewReader(text), file, eventlog.Options{}, func(e *evidence.Event, _ []byte) error {
		shift(&e.Source)
		k.add(e)
		return nil
	})
	skips = append(skips, k.done()...)
	for _, sk := range skips {
		shift(&sk.Source)
		s.Skipped = append(s.Skipped, sk)
	}
	return err
}

// readEventsRaw reads a whole file with an event-log reader into s
// (analyze's binary event-log kinds: EVTX).
func readEventsRaw(ctx context.Context, read eventlog.ReadFunc, file string, raw []byte, s *evidence.Set) error {
	k := newKeeper(file, s)
	skips, err := read(ctx, bytes.NewReader(raw), file, eventlog.Options{}, func(e *evidence.Event, _ []byte) error {
		k.add(e)
		return nil
	})
	s.Skipped = append(s.Skipped, skips...)
	s.Skipped = append(s.Skipped, k.done()...)
	return err
}

// Limits of what analyze keeps of event logs. The rules read the data of
// the activation events only (kmsevents.Used); of every other event they
// read the computer, the time and the file, so a large Application or
// System log costs little. `kmsdoctor events` keeps nothing and is not
// bounded by these.
const (
	// MaxEvents bounds the events kept in one run; the activation events
	// past it are skipped (skip.ingest.too_many_events), other events are
	// dropped without a note.
	MaxEvents = 100_000
	// MaxOtherEvents bounds the other events kept per input (a file, an
	// entry, a segment of a text): past it, only the first event of each
	// computer not yet seen (up to maxOtherComputers) and the newest event
	// are kept.
	MaxOtherEvents    = 10_000
	maxOtherComputers = 64
	// MaxEventData bounds the bytes of Data kept per activation event (real
	// ones carry a few hundred); longer values are cut.
	MaxEventData = 1024
)

// keeper adds the events of one input to s, keeping what the rules read.
type keeper struct {
	file      string
	s         *evidence.Set
	others    int
	computers map[string]bool
	strs      map[string]string
	newest    *evidence.Event // the newest other event dropped
	kept      time.Time       // the newest time kept
	lost      int             // activation events dropped (MaxEvents)
	lostAt    evidence.Source
}

func newKeeper(file string, s *evidence.Set) *keeper {
	return &keeper{file: file, s: s, computers: map[string]bool{}, strs: map[string]string{}}
}

func (k *keeper) intern(v string) string {
	if w, ok := k.strs[v]; ok {
		return w
	}
	if len(k.strs) < 4096 {
		k.strs[v] = v
	}
	return v
}

func (k *keeper) add(e *evidence.Event) {
	e.XML = ""
	if kmsevents.Used(e) {
		if len(k.s.Events) >= MaxEvents {
			if k.lost == 0 {
				k.lostAt = e.Source
			}
			k.lost++
			return
		}
		trimData(e)
		k.keep(e)
		return
	}
	ev := evidence.Event{Provider: k.intern(e.Provider), EventID: e.EventID, Level: e.Level, Channel: k.intern(e.Channel),
		Computer: k.intern(e.Computer), RecordID: e.RecordID, Time: e.Time, Source: e.Source, Qualifiers: e.Qualifiers, Task: e.Task, Opcode: e.Opcode}
	newPC := !k.computers[strings.ToLower(ev.Computer)]
	switch {
	case len(k.s.Events) >= MaxEvents:
	case k.others < MaxOtherEvents, newPC && len(k.computers) < maxOtherComputers:
		k.others++
		k.computers[strings.ToLower(ev.Computer)] = true
		k.keep(&ev)
		return
	}
	if k.newest == nil || ev.Time.After(k.newest.Time) {
		k.newest = &ev
	}
}

func (k *keeper) keep(e *evidence.Event) {
	if e.Time.After(k.kept) {
		k.kept = e.Time
	}
	k.s.Events = append(k.s.Events, *e)
}

// done keeps the newest of the events dropped when it is newer than all
// that were kept (the rules read the newest time of the events), and
// returns the skip for activation events dropped.
func (k *keeper) done() []evidence.Skip {
	if k.newest != nil && k.newest.Time.After(k.kept) {
		k.keep(k.newest)
	}
	if k.lost == 0 {
		return nil
	}
	return []evidence.Skip{evidence.NewSkip(k.lostAt, k.lost, "skip.ingest.too_many_events",
		map[string]any{"count": k.lost, "max": MaxEvents})}
}

// trimData cuts the Data of an activation event to MaxEventData bytes in
// all, each value cut at a character boundary.
func trimData(e *evidence.Event) {
	left := MaxEventData
	cut := false
	for i, d := range e.Data {
		if len(d) > left {
			d = textenc.CutUTF8(d, left)
			e.Data[i] = d
			cut = true
		}
		left -= len(d)
	}
	if cut && e.Named != nil {
		for i, nm := range e.Names {
			if nm != "" && i < len(e.Data) {
				e.Named[nm] = e.Data[i]
			}
		}
	}
}
