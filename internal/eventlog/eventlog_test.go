package eventlog

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// The formats themselves are tested with the registry that picks them, in
// internal/ingest (events_test.go); here Stream and Sequential are.

func TestStreamPicksFromHead(t *testing.T) {
	in := strings.Repeat("x", 3*HeadSize)
	var gotHead int
	read := func(ctx context.Context, r io.Reader, name string, opt Options, emit Emit) ([]evidence.Skip, error) {
		b, err := io.ReadAll(r)
		if string(b) != in || err != nil {
			t.Errorf("reader got %d bytes, err %v", len(b), err)
		}
		return nil, emit(&evidence.Event{EventID: 1}, nil)
	}
	n := 0
	_, err := Stream(context.Background(), strings.NewReader(in), "in", Options{}, func(head []byte) ReadFunc {
		gotHead = len(head)
		return read
	}, func(*evidence.Event, []byte) error { n++; return nil })
	if err != nil || n != 1 || gotHead != HeadSize {
		t.Errorf("err %v, %d events, head %d bytes", err, n, gotHead)
	}
}

func TestStreamUnreadable(t *testing.T) {
	none := func([]byte) ReadFunc { return nil }
	for _, tt := range []struct {
		name string
		r    io.Reader
		want error
	}{
		{"unknown", strings.NewReader("License Status: Licensed\n"), ErrUnknownFormat},
		{"empty", strings.NewReader(""), ErrUnknownFormat},
		{"read error", iotest.ErrReader(io.ErrUnexpectedEOF), io.ErrUnexpectedEOF},
	} {
		_, err := Stream(context.Background(), tt.r, "in.txt", Options{}, none, nil)
		if !errors.Is(err, tt.want) || !strings.HasPrefix(err.Error(), "in.txt: offset 0: ") {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}

func TestSequential(t *testing.T) {
	var got []string
	emit := Sequential(Options{
		Keep:    func(ev *evidence.Event) bool { return ev.EventID != 2 },
		Prepare: func(ev *evidence.Event, buf []byte) []byte { return append(buf, byte('0'+ev.EventID)) },
	}, func(_ *evidence.Event, p []byte) error {
		got = append(got, string(p))
		return nil
	})
	for id := 1; id <= 3; id++ {
		if err := emit(&evidence.Event{EventID: id}); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Join(got, ",") != "1,3" {
		t.Errorf("got %q", got)
	}
	stop := errors.New("stop")
	if err := Sequential(Options{}, func(*evidence.Event, []byte) error { return stop })(&evidence.Event{}); err != stop {
		t.Errorf("emit error lost: %v", err)
	}
}
