package evtx

import (
	"bytes"
	"context"
	"encoding/binary"
	"runtime"
	"testing"
	"unicode/utf16"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// bxw writes binary XML into a chunk, tracking chunk offsets.
type bxw struct{ b []byte }

func (w *bxw) u8(v byte)    { w.b = append(w.b, v) }
func (w *bxw) u16(v uint16) { w.b = binary.LittleEndian.AppendUint16(w.b, v) }
func (w *bxw) u32(v uint32) { w.b = binary.LittleEndian.AppendUint32(w.b, v) }

// name writes an inline name entry.
func (w *bxw) name(s string) {
	u := utf16.Encode([]rune(s))
	w.u32(0)
	w.u16(0)
	w.u16(uint16(len(u)))
	for _, c := range u {
		w.u16(c)
	}
	w.u16(0)
}

// open writes an open-start token with an inline name (off < 0) or a
// reference to the name at off.
func (w *bxw) open(name string, off int) int {
	w.u8(tokOpenStart)
	w.u16(0)
	w.u32(0)
	at := len(w.b) + 4
	if off < 0 {
		w.u32(uint32(at))
		w.name(name)
		return at
	}
	w.u32(uint32(off))
	return off
}

// bombEVTX builds an EVTX file of chunks whose first record defines a
// template holding refs empty elements that all share one name of nameLen
// characters, and whose other records (as many as fit) instantiate it: the
// expansion bomb of issue 11 (names and attributes not counted).
func bombEVTX(chunks, nameLen, refs int) []byte {
	file := make([]byte, fileHeaderSize)
	copy(file, fileMagic)
	long := string(bytes.Repeat([]byte("N"), nameLen))
	for range chunks {
		w := &bxw{b: make([]byte, chunkHeaderSize)}
		copy(w.b, chunkMagic)
		defOff := 0
		for id := uint64(1); ; id++ {
			start := len(w.b)
			w.b = append(w.b, recordMagic...)
			w.u32(0) // size, patched
			w.b = binary.LittleEndian.AppendUint64(w.b, id)
			w.b = binary.LittleEndian.AppendUint64(w.b, 0)
			w.b = append(w.b, tokFragment, 1, 1, 0)
			w.u8(tokTemplate)
			w.u8(1)
			w.u32(1)
			if defOff == 0 {
				defOff = len(w.b) + 4
				w.u32(uint32(defOff))
				w.u32(0)
				w.b = append(w.b, make([]byte, 16)...)
				sizeAt := len(w.b)
				w.u32(0)
				dstart := len(w.b)
				w.b = append(w.b, tokFragment, 1, 1, 0)
				w.open("Event", -1)
				w.u8(tokCloseStart)
				w.open("System", -1)
				w.u8(tokCloseStart)
				w.open("EventRecordID", -1)
				w.u8(tokCloseStart)
				w.u8(tokValue)
				w.u8(typeString)
				w.u16(1)
				w.u16('1')
				w.u8(tokEndElement)
				w.u8(tokEndElement)
				off := -1
				for range refs {
					off = w.open(long, off)
					w.u8(tokCloseEmpty)
				}
				w.u8(tokEndElement)
				w.u8(tokEOF)
				binary.LittleEndian.PutUint32(w.b[sizeAt:], uint32(len(w.b)-dstart))
			} else {
				w.u32(uint32(defOff))
			}
			w.u32(0) // no values
			w.u8(tokEOF)
			w.u32(0)
			size := len(w.b) - start
			binary.LittleEndian.PutUint32(w.b[start+4:], uint32(size))
			binary.LittleEndian.PutUint32(w.b[len(w.b)-4:], uint32(size))
			if len(w.b)+64 > chunkSize {
				break
			}
		}
		binary.LittleEndian.PutUint32(w.b[48:], uint32(len(w.b)))
		c := make([]byte, chunkSize)
		copy(c, w.b)
		file = append(file, c...)
	}
	return file
}

// TestExpansionBounded: a chunk whose records repeat a long name through a
// template renders to at most MaxChunkSize, with or without XML, and the
// loss is reported.
func TestExpansionBounded(t *testing.T) {
	for _, tc := range []struct{ nameLen, refs int }{{2000, 400}, {200, 3000}, {20000, 2}} {
		in := bombEVTX(2, tc.nameLen, tc.refs)
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
	in := bombEVTX(4, 2000, 400)
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
	in := bombEVTX(16, 2000, 400)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := Read(context.Background(), bytes.NewReader(in), "bomb.evtx", eventlog.Options{XML: true}, func(*evidence.Event, []byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
