package evtx

import (
	"encoding/binary"
	"math"
	"strconv"
	"time"
)

// Value types of substitutions and value tokens.
const (
	typeNull     = 0x00
	typeString   = 0x01
	typeANSI     = 0x02
	typeInt8     = 0x03
	typeUint8    = 0x04
	typeInt16    = 0x05
	typeUint16   = 0x06
	typeInt32    = 0x07
	typeUint32   = 0x08
	typeInt64    = 0x09
	typeUint64   = 0x0a
	typeFloat32  = 0x0b
	typeFloat64  = 0x0c
	typeBool     = 0x0d
	typeBinary   = 0x0e
	typeGUID     = 0x0f
	typeSizeT    = 0x10
	typeFiletime = 0x11
	typeSystime  = 0x12
	typeSID      = 0x13
	typeHex32    = 0x14
	typeHex64    = 0x15
	typeHandle   = 0x20
	typeBinXML   = 0x21
	typeEvtXML   = 0x23
	typeArray    = 0x80
)

// fixedSize is the payload size of a value token of type t, or -1 when the
// type has no fixed size.
func fixedSize(t uint8) int {
	switch t {
	case typeNull:
		return 0
	case typeInt8, typeUint8:
		return 1
	case typeInt16, typeUint16:
		return 2
	case typeInt32, typeUint32, typeFloat32, typeBool, typeHex32:
		return 4
	case typeInt64, typeUint64, typeFloat64, typeFiletime, typeHex64:
		return 8
	case typeGUID, typeSystime:
		return 16
	}
	return -1
}

// filetimeEpoch is 1601-01-01 in Unix seconds.
const filetimeEpoch = -11644473600

func filetime(v uint64) time.Time {
	return time.Unix(filetimeEpoch+int64(v/1e7), int64(v%1e7)*100).UTC()
}

const hexdigits = "0123456789ABCDEF"

// appendValue appends the text form of a value, as wevtutil writes it.
func appendValue(dst []byte, t uint8, b []byte) []byte {
	if t&typeArray != 0 {
		return appendArray(dst, t&^typeArray, b)
	}
	le := binary.LittleEndian
	switch t {
	case typeNull:
		return dst
	case typeString:
		return appendUTF16(dst, b)
	case typeANSI:
		for len(b) > 0 && b[len(b)-1] == 0 {
			b = b[:len(b)-1]
		}
		return append(dst, b...)
	case typeInt8:
		if len(b) >= 1 {
			return strconv.AppendInt(dst, int64(int8(b[0])), 10)
		}
	case typeUint8:
		if len(b) >= 1 {
			return strconv.AppendUint(dst, uint64(b[0]), 10)
		}
	case typeInt16:
		if len(b) >= 2 {
			return strconv.AppendInt(dst, int64(int16(le.Uint16(b))), 10)
		}
	case typeUint16:
		if len(b) >= 2 {
			return strconv.AppendUint(dst, uint64(le.Uint16(b)), 10)
		}
	case typeInt32:
		if len(b) >= 4 {
			return strconv.AppendInt(dst, int64(int32(le.Uint32(b))), 10)
		}
	case typeUint32:
		if len(b) >= 4 {
			return strconv.AppendUint(dst, uint64(le.Uint32(b)), 10)
		}
	case typeInt64:
		if len(b) >= 8 {
			return strconv.AppendInt(dst, int64(le.Uint64(b)), 10)
		}
	case typeUint64:
		if len(b) >= 8 {
			return strconv.AppendUint(dst, le.Uint64(b), 10)
		}
	case typeFloat32:
		if len(b) >= 4 {
			return strconv.AppendFloat(dst, float64(math.Float32frombits(le.Uint32(b))), 'g', -1, 32)
		}
	case typeFloat64:
		if len(b) >= 8 {
			return strconv.AppendFloat(dst, math.Float64frombits(le.Uint64(b)), 'g', -1, 64)
		}
	case typeBool:
		if len(b) >= 4 {
			if le.Uint32(b) != 0 {
				return append(dst, "true"...)
			}
			return append(dst, "false"...)
		}
	case typeBinary:
		for _, c := range b {
			dst = append(dst, hexdigits[c>>4], hexdigits[c&15])
		}
		return dst
	case typeGUID:
		if len(b) >= 16 {
			dst = append(dst, '{')
			dst = appendHexUpper(dst, uint64(le.Uint32(b)), 8)
			dst = append(dst, '-')
			dst = appendHexUpper(dst, uint64(le.Uint16(b[4:])), 4)
			dst = append(dst, '-')
			dst = appendHexUpper(dst, uint64(le.Uint16(b[6:])), 4)
			dst = append(dst, '-')
			for i := 8; i < 16; i++ {
				if i == 10 {
					dst = append(dst, '-')
				}
				dst = append(dst, hexdigits[b[i]>>4], hexdigits[b[i]&15])
			}
			return append(dst, '}')
		}
	case typeSizeT, typeHex32, typeHex64:
		switch len(b) {
		case 4:
			dst = append(dst, "0x"...)
			return appendHexN(dst, uint64(le.Uint32(b)), 8)
		case 8:
			dst = append(dst, "0x"...)
			return appendHexN(dst, le.Uint64(b), 16)
		}
	case typeFiletime:
		if len(b) >= 8 {
			return appendTime(dst, filetime(le.Uint64(b)))
		}
	case typeSystime:
		if len(b) >= 16 {
			t := time.Date(int(le.Uint16(b)), time.Month(le.Uint16(b[2:])), int(le.Uint16(b[6:])),
				int(le.Uint16(b[8:])), int(le.Uint16(b[10:])), int(le.Uint16(b[12:])),
				int(le.Uint16(b[14:]))*1e6, time.UTC)
			return appendTime(dst, t)
		}
	case typeSID:
		return appendSID(dst, b)
	}
	// Unknown or short: show the bytes in hex rather than lose them.
	for _, c := range b {
		dst = append(dst, hexdigits[c>>4], hexdigits[c&15])
	}
	return dst
}

func appendArray(dst []byte, t uint8, b []byte) []byte {
	if t == typeString {
		// NUL-terminated UTF-16 strings, one after the other.
		first := true
		for i := 0; i+1 < len(b); {
			j := i
			for j+1 < len(b) && (b[j] != 0 || b[j+1] != 0) {
				j += 2
			}
			if !first {
				dst = append(dst, ", "...)
			}
			first = false
			dst = appendUTF16(dst, b[i:j])
			i = j + 2
		}
		return dst
	}
	sz := fixedSize(t)
	if t == typeSizeT {
		sz = 8
	}
	if sz <= 0 {
		return appendValue(dst, typeBinary, b)
	}
	for i := 0; i+sz <= len(b); i += sz {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = appendValue(dst, t, b[i:i+sz])
	}
	return dst
}

// appendHexN writes v as n lower-case hex digits (HexInt32/HexInt64 and
// size_t values, as evtxexport and Event Viewer show them).
func appendHexN(dst []byte, v uint64, n int) []byte {
	for i := n - 1; i >= 0; i-- {
		dst = append(dst, hexLower[(v>>(4*uint(i)))&15])
	}
	return dst
}

const hexLower = "0123456789abcdef"

// appendHexUpper writes v as n upper-case hex digits (GUIDs).
func appendHexUpper(dst []byte, v uint64, n int) []byte {
	for i := n - 1; i >= 0; i-- {
		dst = append(dst, hexdigits[(v>>(4*uint(i)))&15])
	}
	return dst
}

// splitArray cuts an array value into its items; nil when the item type
// has no known size (the array is then shown whole).
func splitArray(v value) []value {
	t := v.vtype &^ typeArray
	b := v.data
	var out []value
	if t == typeString {
		out = []value{}
		for i := 0; i+1 < len(b); {
			j := i
			for j+1 < len(b) && (b[j] != 0 || b[j+1] != 0) {
				j += 2
			}
			out = append(out, value{vtype: t, data: b[i:j], pos: v.pos + i})
			i = j + 2
		}
		return out
	}
	sz := fixedSize(t)
	if t == typeSizeT {
		sz = 8
	}
	if sz <= 0 {
		return nil
	}
	out = []value{}
	for i := 0; i+sz <= len(b); i += sz {
		out = append(out, value{vtype: t, data: b[i : i+sz], pos: v.pos + i})
	}
	return out
}

// appendTime writes t as RFC 3339 UTC with 7 fractional digits (the 100 ns
// resolution of a FILETIME), as wevtutil does.
func appendTime(dst []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(dst, "2006-01-02T15:04:05.0000000Z")
}

func appendSID(dst []byte, b []byte) []byte {
	if len(b) < 8 || 8+4*int(b[1]) > len(b) {
		return appendValue(dst, typeBinary, b)
	}
	dst = append(dst, "S-"...)
	dst = strconv.AppendUint(dst, uint64(b[0]), 10)
	var auth uint64
	for _, c := range b[2:8] {
		auth = auth<<8 | uint64(c)
	}
	dst = append(dst, '-')
	dst = strconv.AppendUint(dst, auth, 10)
	for i := 0; i < int(b[1]); i++ {
		dst = append(dst, '-')
		dst = strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint32(b[8+4*i:])), 10)
	}
	return dst
}

// appendUTF16 appends UTF-16LE text as UTF-8, dropping trailing NULs.
func appendUTF16(dst []byte, b []byte) []byte {
	n := len(b) / 2
	for n > 0 && b[2*n-2] == 0 && b[2*n-1] == 0 {
		n--
	}
	for i := 0; i < n; i++ {
		c := uint16(b[2*i]) | uint16(b[2*i+1])<<8
		switch {
		case c < 0x80:
			dst = append(dst, byte(c))
		case c < 0x800:
			dst = append(dst, 0xc0|byte(c>>6), 0x80|byte(c&0x3f))
		case c >= 0xd800 && c < 0xdc00 && i+1 < n:
			c2 := uint16(b[2*i+2]) | uint16(b[2*i+3])<<8
			if c2 >= 0xdc00 && c2 < 0xe000 {
				r := (rune(c)-0xd800)<<10 | (rune(c2) - 0xdc00) + 0x10000
				dst = append(dst, 0xf0|byte(r>>18), 0x80|byte(r>>12&0x3f), 0x80|byte(r>>6&0x3f), 0x80|byte(r&0x3f))
				i++
				continue
			}
			dst = append(dst, "\uFFFD"...)
		case c >= 0xd800 && c < 0xe000:
			dst = append(dst, "\uFFFD"...)
		default:
			dst = append(dst, 0xe0|byte(c>>12), 0x80|byte(c>>6&0x3f), 0x80|byte(c&0x3f))
		}
	}
	return dst
}
