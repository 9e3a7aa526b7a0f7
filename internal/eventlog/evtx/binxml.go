package evtx

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Binary XML tokens (libyal "Windows XML Event Log (EVTX)" format notes,
// section "Binary XML"). Bit 0x40 is the "more data" flag: on an element it
// says attributes follow, on an attribute that another attribute follows.
const (
	tokEOF           = 0x00
	tokOpenStart     = 0x01
	tokCloseStart    = 0x02
	tokCloseEmpty    = 0x03
	tokEndElement    = 0x04
	tokValue         = 0x05
	tokAttribute     = 0x06
	tokCDATA         = 0x07
	tokCharRef       = 0x08
	tokEntityRef     = 0x09
	tokPITarget      = 0x0a
	tokPIData        = 0x0b
	tokTemplate      = 0x0c
	tokNormalSubst   = 0x0d
	tokOptionalSubst = 0x0e
	tokFragment      = 0x0f
)

// Node kinds of a parsed binary XML fragment.
const (
	nElement = iota
	nText
	nSubst
	nCharRef
	nEntityRef
	nCDATA
	nPI
	nInstance
	nValue // a typed literal value (a Value token of a type other than string)
)

// node is one parsed binary XML node. Templates are parsed once per chunk
// into nodes and then rendered once per record with its substitution values.
type node struct {
	kind     uint8
	vtype    uint8 // nSubst: declared value type; nValue: value type
	optional bool  // nSubst: optional substitution (omitted when empty)
	id       uint16
	name     string // element/attribute/entity/PI target name
	text     string // nText, nCDATA, nPI data
	raw      []byte // nValue: the value bytes
	attrs    []attr
	children []node
	inst     *instance
}

type attr struct {
	name  string
	value []node
}

// instance is a template instance: a template and its substitution values.
type instance struct {
	tmpl   *template
	values []value
}

type value struct {
	vtype uint8
	data  []byte // slice of the chunk
	pos   int    // offset of data in the chunk (nested binary XML needs it)
}

type template struct {
	nodes []node
	busy  bool // being parsed: a reference to it now is a cycle
}

// errBinXML wraps every binary XML decoding failure.
var errBinXML = errors.New("binary XML")

func bxErr(pos int, format string, a ...any) error {
	return fmt.Errorf("%w at chunk offset %d: %s", errBinXML, pos, fmt.Sprintf(format, a...))
}

// maxDepth bounds element nesting and nested binary XML, so hostile input
// cannot exhaust the stack.
const maxDepth = 64

// chunkParser decodes the binary XML of one chunk. Names and templates are
// referenced by their offset in the chunk and are cached per chunk.
type chunkParser struct {
	c         []byte
	names     map[uint32]string
	templates map[uint32]*template
	// noDep is set for fragments whose open-element tokens lack the 2-byte
	// dependency identifier (seen in some files written by older Windows).
	depth int
}

func newChunkParser(c []byte) *chunkParser {
	return &chunkParser{c: c, names: make(map[uint32]string, 64), templates: make(map[uint32]*template, 16)}
}

func (p *chunkParser) u8(pos int) (byte, error) {
	if pos < 0 || pos >= len(p.c) {
		return 0, bxErr(pos, "unexpected end of data")
	}
	return p.c[pos], nil
}

func (p *chunkParser) u16(pos int) (uint16, error) {
	if pos < 0 || pos+2 > len(p.c) {
		return 0, bxErr(pos, "unexpected end of data")
	}
	return binary.LittleEndian.Uint16(p.c[pos:]), nil
}

func (p *chunkParser) u32(pos int) (uint32, error) {
	if pos < 0 || pos+4 > len(p.c) {
		return 0, bxErr(pos, "unexpected end of data")
	}
	return binary.LittleEndian.Uint32(p.c[pos:]), nil
}

// readName reads the name at chunk offset off. If off is the current
// position pos, the name is stored inline and the new position after it is
// returned; otherwise pos is returned unchanged.
func (p *chunkParser) readName(off uint32, pos int) (string, int, error) {
	inline := int(off) == pos
	if !inline {
		if s, ok := p.names[off]; ok {
			return s, pos, nil
		}
	}
	o := int(off)
	// next offset u32, hash u16, character count u16, UTF-16LE, NUL.
	n, err := p.u16(o + 6)
	if err != nil {
		return "", pos, bxErr(pos, "name offset %d out of range", off)
	}
	end := o + 8 + 2*int(n) + 2
	if end > len(p.c) {
		return "", pos, bxErr(o, "name of %d characters runs past the chunk", n)
	}
	s := decodeUTF16(p.c[o+8 : o+8+2*int(n)])
	p.names[off] = s
	if inline {
		return s, end, nil
	}
	return s, pos, nil
}

// parseFragment parses tokens from pos up to end (exclusive) and returns the
// top-level nodes and the position after the last token read.
func (p *chunkParser) parseFragment(pos, end int) ([]node, int, error) {
	var out []node
	for pos < end {
		t, _ := p.u8(pos)
		switch t {
		case tokEOF:
			return out, pos + 1, nil
		case tokFragment:
			pos += 4
		case tokTemplate:
			n, np, err := p.parseInstance(pos, end)
			if err != nil {
				return nil, pos, err
			}
			out = append(out, n)
			pos = np
		case tokOpenStart, tokOpenStart | 0x40:
			n, np, err := p.parseElement(pos, end)
			if err != nil {
				return nil, pos, err
			}
			out = append(out, n)
			pos = np
		default:
			n, np, ok, err := p.parseContentToken(pos, end)
			if err != nil {
				return nil, pos, err
			}
			if !ok {
				return nil, pos, bxErr(pos, "unexpected token 0x%02x at fragment level", t)
			}
			out = append(out, n)
			pos = np
		}
	}
	return out, pos, nil
}

// parseContentToken parses one value-like token: value text, substitution,
// character or entity reference, CDATA or processing instruction. ok is false
// when the token at pos is none of these.
func (p *chunkParser) parseContentToken(pos, end int) (node, int, bool, error) {
	t, err := p.u8(pos)
	if err != nil {
		return node{}, pos, false, err
	}
	switch t &^ 0x40 {
	case tokValue:
		vt, err := p.u8(pos + 1)
		if err != nil {
			return node{}, pos, false, err
		}
		if vt == typeString {
			n, err := p.u16(pos + 2)
			if err != nil {
				return node{}, pos, false, err
			}
			e := pos + 4 + 2*int(n)
			if e > end {
				return node{}, pos, false, bxErr(pos, "value text of %d characters runs past the record", n)
			}
			return node{kind: nText, text: decodeUTF16(p.c[pos+4 : e])}, e, true, nil
		}
		// Other value types carry a fixed-size payload.
		sz := fixedSize(vt)
		if sz < 0 {
			return node{}, pos, false, bxErr(pos, "value token of unsupported type 0x%02x", vt)
		}
		e := pos + 2 + sz
		if e > end {
			return node{}, pos, false, bxErr(pos, "value runs past the record")
		}
		return node{kind: nValue, vtype: vt, raw: p.c[pos+2 : e]}, e, true, nil
	case tokNormalSubst, tokOptionalSubst:
		id, err := p.u16(pos + 1)
		if err != nil {
			return node{}, pos, false, err
		}
		vt, err := p.u8(pos + 3)
		if err != nil {
			return node{}, pos, false, err
		}
		return node{kind: nSubst, id: id, vtype: vt, optional: t == tokOptionalSubst}, pos + 4, true, nil
	case tokCharRef:
		v, err := p.u16(pos + 1)
		if err != nil {
			return node{}, pos, false, err
		}
		return node{kind: nCharRef, id: v}, pos + 3, true, nil
	case tokEntityRef:
		off, err := p.u32(pos + 1)
		if err != nil {
			return node{}, pos, false, err
		}
		name, np, err := p.readName(off, pos+5)
		if err != nil {
			return node{}, pos, false, err
		}
		return node{kind: nEntityRef, name: name}, np, true, nil
	case tokCDATA:
		n, err := p.u16(pos + 1)
		if err != nil {
			return node{}, pos, false, err
		}
		e := pos + 3 + 2*int(n)
		if e > end {
			return node{}, pos, false, bxErr(pos, "CDATA runs past the record")
		}
		return node{kind: nCDATA, text: decodeUTF16(p.c[pos+3 : e])}, e, true, nil
	case tokPITarget:
		off, err := p.u32(pos + 1)
		if err != nil {
			return node{}, pos, false, err
		}
		name, np, err := p.readName(off, pos+5)
		if err != nil {
			return node{}, pos, false, err
		}
		nd := node{kind: nPI, name: name}
		if t2, _ := p.u8(np); t2 == tokPIData {
			n, err := p.u16(np + 1)
			if err != nil {
				return node{}, pos, false, err
			}
			e := np + 3 + 2*int(n)
			if e > end {
				return node{}, pos, false, bxErr(np, "PI data runs past the record")
			}
			nd.text = decodeUTF16(p.c[np+3 : e])
			np = e
		}
		return nd, np, true, nil
	}
	return node{}, pos, false, nil
}

// parseElement parses an element starting at its open-start token.
func (p *chunkParser) parseElement(pos, end int) (node, int, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return node{}, pos, bxErr(pos, "elements nested deeper than %d", maxDepth)
	}
	start := pos
	t := p.c[pos]
	// token, dependency id u16, data size u32, name offset u32. Some
	// writers leave out the dependency id; the name offset tells which
	// layout is in use: an inline name starts right after the header.
	// Records written without a template (seen in forwarded/exported logs
	// and in the files the anchor parsers reject) use the short layout.
	nameOff, err := p.u32(pos + 7)
	if err != nil {
		return node{}, pos, err
	}
	hdr := 11
	if int(nameOff) != pos+11 {
		alt, _ := p.u32(pos + 5)
		_, depKnown := p.names[nameOff]
		_, altKnown := p.names[alt]
		switch {
		case int(alt) == pos+9:
			nameOff, hdr = alt, 9
		case depKnown:
		case altKnown:
			nameOff, hdr = alt, 9
		case int(nameOff) >= pos && int(alt) < pos:
			nameOff, hdr = alt, 9
		}
	}
	name, np, err := p.readName(nameOff, pos+hdr)
	if err != nil {
		return node{}, pos, err
	}
	pos = np
	n := node{kind: nElement, name: name}
	if t&0x40 != 0 {
		pos += 4 // attribute list size
		for {
			at, err := p.u8(pos)
			if err != nil {
				return node{}, pos, err
			}
			if at&^0x40 != tokAttribute {
				break
			}
			off, err := p.u32(pos + 1)
			if err != nil {
				return node{}, pos, err
			}
			aname, np, err := p.readName(off, pos+5)
			if err != nil {
				return node{}, pos, err
			}
			pos = np
			a := attr{name: aname}
			for {
				v, np, ok, err := p.parseContentToken(pos, end)
				if err != nil {
					return node{}, pos, err
				}
				if !ok {
					break
				}
				a.value = append(a.value, v)
				pos = np
			}
			n.attrs = append(n.attrs, a)
		}
	}
	ct, err := p.u8(pos)
	if err != nil {
		return node{}, pos, err
	}
	switch ct {
	case tokCloseEmpty:
		return n, pos + 1, nil
	case tokCloseStart:
		pos++
	default:
		return node{}, pos, bxErr(pos, "element %q (at %d): expected close-start token, found 0x%02x", name, start, ct)
	}
	for {
		if pos >= end {
			return node{}, pos, bxErr(pos, "element %q (at %d) is not closed", name, start)
		}
		t := p.c[pos]
		switch {
		case t == tokEndElement:
			return n, pos + 1, nil
		case t&^0x40 == tokOpenStart:
			c, np, err := p.parseElement(pos, end)
			if err != nil {
				return node{}, pos, err
			}
			n.children = append(n.children, c)
			pos = np
		case t == tokTemplate:
			c, np, err := p.parseInstance(pos, end)
			if err != nil {
				return node{}, pos, err
			}
			n.children = append(n.children, c)
			pos = np
		default:
			c, np, ok, err := p.parseContentToken(pos, end)
			if err != nil {
				return node{}, pos, err
			}
			if !ok {
				return node{}, pos, bxErr(pos, "element %q: unexpected token 0x%02x", name, t)
			}
			n.children = append(n.children, c)
			pos = np
		}
	}
}

// parseInstance parses a template instance: the (possibly inline)
// template definition and the substitution values.
func (p *chunkParser) parseInstance(pos, end int) (node, int, error) {
	start := pos
	// token, unknown u8, template id u32, definition offset u32.
	defOff, err := p.u32(pos + 6)
	if err != nil {
		return node{}, pos, err
	}
	pos += 10
	tmpl := p.templates[defOff]
	if int(defOff) == pos {
		// Inline definition: next u32, GUID, data size u32, data.
		size, err := p.u32(pos + 20)
		if err != nil {
			return node{}, pos, err
		}
		dend := pos + 24 + int(size)
		if dend > len(p.c) || size > chunkSize {
			return node{}, pos, bxErr(pos, "template definition of %d bytes runs past the chunk", size)
		}
		if tmpl == nil {
			if tmpl, err = p.parseTemplate(defOff, pos+24, dend); err != nil {
				return node{}, pos, err
			}
		}
		pos = dend
	} else if tmpl == nil {
		size, err := p.u32(int(defOff) + 20)
		if err != nil {
			return node{}, start, bxErr(start, "template definition offset %d out of range", defOff)
		}
		dend := int(defOff) + 24 + int(size)
		if dend > len(p.c) || size > chunkSize {
			return node{}, start, bxErr(start, "template definition at %d runs past the chunk", defOff)
		}
		if tmpl, err = p.parseTemplate(defOff, int(defOff)+24, dend); err != nil {
			return node{}, start, err
		}
	}
	if tmpl.busy {
		return node{}, start, bxErr(start, "template at %d instantiates itself", defOff)
	}
	count, err := p.u32(pos)
	if err != nil {
		return node{}, pos, err
	}
	pos += 4
	if int(count) > (end-pos)/4 {
		return node{}, pos, bxErr(pos, "%d substitution values do not fit in the record", count)
	}
	inst := &instance{tmpl: tmpl, values: make([]value, count)}
	dpos := pos + 4*int(count)
	for i := range inst.values {
		d := pos + 4*i
		sz := int(binary.LittleEndian.Uint16(p.c[d:]))
		vt := p.c[d+2]
		if dpos+sz > end {
			return node{}, pos, bxErr(d, "substitution value %d (%d bytes) runs past the record", i, sz)
		}
		inst.values[i] = value{vtype: vt, data: p.c[dpos : dpos+sz], pos: dpos}
		dpos += sz
	}
	return node{kind: nInstance, inst: inst}, dpos, nil
}

// parseTemplate parses the template definition whose data is pos..end and
// caches it under key. While it is parsed, a placeholder marks it busy, so
// a template that (directly or not) instantiates itself is an error rather
// than an endless or exponential recursion.
func (p *chunkParser) parseTemplate(key uint32, pos, end int) (*template, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, bxErr(pos, "templates nested deeper than %d", maxDepth)
	}
	t := &template{busy: true}
	p.templates[key] = t
	nodes, _, err := p.parseFragment(pos, end)
	if err != nil {
		delete(p.templates, key)
		return nil, err
	}
	t.nodes, t.busy = nodes, false
	return t, nil
}

// decodeUTF16 decodes UTF-16LE, dropping trailing NULs (appendUTF16 into a
// buffer sized for ASCII).
func decodeUTF16(b []byte) string {
	return string(appendUTF16(make([]byte, 0, len(b)/2), b))
}
