package eventtest

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
)

// The EVTX expansion bomb of issue 11, made by test code (never checked in),
// for the EVTX reader's tests and analyze's benchmarks.

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
	w.u8(0x01)
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

// BombEVTX builds an EVTX file of chunks whose first record defines a
// template holding refs empty elements that all share one name of nameLen
// characters, and whose other records (as many as fit) instantiate it: the
// expansion bomb of issue 11 (names and attributes not counted).
func BombEVTX(chunks, nameLen, refs int) []byte {
	file := make([]byte, 4096)
	copy(file, "ElfFile\x00")
	long := string(bytes.Repeat([]byte("N"), nameLen))
	for range chunks {
		w := &bxw{b: make([]byte, 512)}
		copy(w.b, "ElfChnk\x00")
		defOff := 0
		for id := uint64(1); ; id++ {
			start := len(w.b)
			w.b = append(w.b, "**\x00\x00"...)
			w.u32(0) // size, patched
			w.b = binary.LittleEndian.AppendUint64(w.b, id)
			w.b = binary.LittleEndian.AppendUint64(w.b, 0)
			w.b = append(w.b, 0x0f, 1, 1, 0)
			w.u8(0x0c)
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
				w.b = append(w.b, 0x0f, 1, 1, 0)
				w.open("Event", -1)
				w.u8(0x02)
				w.open("System", -1)
				w.u8(0x02)
				w.open("EventRecordID", -1)
				w.u8(0x02)
				w.u8(0x05)
				w.u8(0x01)
				w.u16(1)
				w.u16('1')
				w.u8(0x04)
				w.u8(0x04)
				off := -1
				for range refs {
					off = w.open(long, off)
					w.u8(0x03)
				}
				w.u8(0x04)
				w.u8(0x00)
				binary.LittleEndian.PutUint32(w.b[sizeAt:], uint32(len(w.b)-dstart))
			} else {
				w.u32(uint32(defOff))
			}
			w.u32(0) // no values
			w.u8(0x00)
			w.u32(0)
			size := len(w.b) - start
			binary.LittleEndian.PutUint32(w.b[start+4:], uint32(size))
			binary.LittleEndian.PutUint32(w.b[len(w.b)-4:], uint32(size))
			if len(w.b)+64 > 65536 {
				break
			}
		}
		binary.LittleEndian.PutUint32(w.b[48:], uint32(len(w.b)))
		c := make([]byte, 65536)
		copy(c, w.b)
		file = append(file, c...)
	}
	return file
}
