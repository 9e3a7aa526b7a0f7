package ingest

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func TestEventAdapters(t *testing.T) {
	read := func(_ context.Context, r io.Reader, name string, _ eventlog.Options, emit eventlog.Emit) ([]evidence.Skip, error) {
		b, _ := io.ReadAll(r)
		if string(b) == "bad" {
			return nil, errors.New(name + ": line 1: bad")
		}
		emit(&evidence.Event{EventID: 1, Source: evidence.Source{File: name, Line: 2}}, nil)
		emit(&evidence.Event{EventID: 2, Source: evidence.Source{File: name, Offset: 4096}}, nil)
		return []evidence.Skip{{Source: evidence.Source{File: name, Line: 3}, Key: "x"}}, nil
	}
	s := &evidence.Set{}
	if err := readEventsText(context.Background(), read, "f.txt", 10, "text", s); err != nil {
		t.Fatal(err)
	}
	if len(s.Events) != 2 || s.Events[0].Source.Line != 11 || s.Events[1].Source.Line != 0 || s.Events[1].Source.Offset != 4096 ||
		len(s.Skipped) != 1 || s.Skipped[0].Source.Line != 12 {
		t.Errorf("lines not shifted: %+v %+v", s.Events, s.Skipped)
	}
	if err := readEventsText(context.Background(), read, "f.txt", 1, "bad", s); err == nil {
		t.Error("error lost")
	}
	s = &evidence.Set{}
	if err := readEventsRaw(context.Background(), read, "f.evtx", []byte("raw"), s); err != nil || len(s.Events) != 2 || len(s.Skipped) != 1 {
		t.Errorf("raw: %v %+v", err, s)
	}
}
