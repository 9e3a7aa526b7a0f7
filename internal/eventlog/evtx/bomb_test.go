package evtx

import (
	"bytes"
	"context"
	"runtime"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/eventtest"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestExpansionBounded: a chunk whose records repeat a long name through a
// template renders to at most MaxChunkSize, with or without XML, and the
// loss is reported.
func TestExpansionBounded(t *testing.T) {
	for _, tc := range []struct{ nameLen, refs int }{{2000, 400}, {200, 3000}, {20000, 2}} {
		in := eventtest.BombEVTX(2, tc.nameLen, tc.refs)
		for _, xml := range []bool{false, true} {
			out, n := 0, 0
			skips, err := Read(context.Background(), bytes.NewReader(in), "bomb.evtx", eventlog.Options{XML: xml}, func(ev *evidence.Event, _ []byte) error {
				n++
				out += len(ev.XML)
				for _, d := range ev.Data {
					out += len(d)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if out > 2*MaxChunkSize {
				t.Errorf("%+v xml=%v: %d events, %d bytes of output from %d bytes", tc, xml, n, out, len(in))
			}
			t.Logf("%+v xml=%v: %d events, %d bytes out of %d, %d skips", tc, xml, n, out, len(in), len(skips))
			if len(skips) == 0 {
				t.Errorf("%+v xml=%v: nothing reported as skipped", tc, xml)
			}
		}
	}
}

// TestExpansionAllocs: reading a bomb allocates a bounded multiple of
// MaxChunkSize per chunk, not what the chunk would expand to.
func TestExpansionAllocs(t *testing.T) {
	in := eventtest.BombEVTX(4, 2000, 400)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Read(context.Background(), bytes.NewReader(in), "bomb.evtx", eventlog.Options{XML: true, Workers: 1}, func(*evidence.Event, []byte) error { return nil })
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 4*8*MaxChunkSize {
		t.Errorf("4 chunks allocated %d MiB", got>>20)
	}
}

// BenchmarkBomb: `go test ./internal/eventlog/evtx -run '^$' -bench Bomb -benchmem`.
func BenchmarkBomb(b *testing.B) {
	in := eventtest.BombEVTX(16, 2000, 400)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := Read(context.Background(), bytes.NewReader(in), "bomb.evtx", eventlog.Options{XML: true}, func(*evidence.Event, []byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
