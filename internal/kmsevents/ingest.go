package kmsevents

import (
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// ReadFunc is the entry point every event log reader package exports.
type ReadFunc func(ctx context.Context, r io.Reader, name string, emit func(*evidence.Event) error) ([]evidence.Skip, error)

// TextKind adapts a reader to analyze's text kinds (internal/ingest): it
// reads one decoded segment that starts at line of file into s, shifting
// the line numbers of events and skips to the file's.
func TextKind(read ReadFunc) func(file string, line int, text string, s *evidence.Set) error {
	return func(file string, line int, text string, s *evidence.Set) error {
		shift := func(src *evidence.Source) {
			if src.Line > 0 {
				src.Line += line - 1
			}
		}
		skips, err := read(context.Background(), strings.NewReader(text), file, func(e *evidence.Event) error {
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
}

// RawKind adapts a reader to analyze's binary kinds (EVTX).
func RawKind(read ReadFunc) func(file string, raw []byte, s *evidence.Set) error {
	return func(file string, raw []byte, s *evidence.Set) error {
		skips, err := read(context.Background(), bytes.NewReader(raw), file, func(e *evidence.Event) error {
			s.Events = append(s.Events, *e)
			return nil
		})
		s.Skipped = append(s.Skipped, skips...)
		return err
	}
}
