package evtx

import (
	"encoding/binary"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// renderer walks a record's parsed binary XML with its substitution values,
// fills an evidence.Event and, when asked, writes the event's XML.
type renderer struct {
	p         *chunkParser
	wantXML   bool
	xml       []byte
	ev        *evidence.Event
	stack     []string
	text      []byte // text of the open elements, innermost last
	scratch   []byte
	depth     int
	timeSet   bool
	size      int // what rendering this record cost so far, in bytes (see MaxRecordSize)
	xmlRecID  uint64
	xmlRecSet bool
}

func (r *renderer) reset(ev *evidence.Event) {
	r.ev = ev
	r.xml = r.xml[:0]
	r.stack = r.stack[:0]
	r.text = r.text[:0]
	r.timeSet = false
	r.xmlRecSet = false
	r.size = 0
}

// over reports whether the record has cost more than MaxRecordSize: every
// node costs nodeCost, and every byte of element and attribute names, text
// and attribute values counts, whether or not XML is written; with XML the
// XML written counts too.
func (r *renderer) over() bool { return r.size+len(r.xml) > MaxRecordSize }

func (r *renderer) nodes(ns []node, vals []value) error {
	r.depth++
	defer func() { r.depth-- }()
	if r.depth > maxDepth {
		return bxErr(0, "nested binary XML deeper than %d", maxDepth)
	}
	for i := range ns {
		n := &ns[i]
		r.size += nodeCost
		if r.over() {
			return errExpand
		}
		switch n.kind {
		case nElement:
			if err := r.element(n, vals); err != nil {
				return err
			}
		case nInstance:
			if err := r.nodes(n.inst.tmpl.nodes, n.inst.values); err != nil {
				return err
			}
		case nSubst:
			if int(n.id) >= len(vals) {
				continue
			}
			v := vals[n.id]
			if v.vtype == typeBinXML && len(v.data) > 0 {
				sub, _, err := r.p.parseFragment(v.pos, v.pos+len(v.data))
				if err != nil {
					return err
				}
				if err := r.nodes(sub, nil); err != nil {
					return err
				}
				continue
			}
			r.content(n, vals)
		default:
			r.content(n, vals)
		}
	}
	return nil
}

// appendContent appends the text of a content node (not an element).
func appendContent(dst []byte, n *node, vals []value) []byte {
	switch n.kind {
	case nText, nCDATA:
		return append(dst, n.text...)
	case nValue:
		return appendValue(dst, n.vtype, n.raw)
	case nSubst:
		if int(n.id) < len(vals) {
			v := vals[n.id]
			return appendValue(dst, v.vtype, v.data)
		}
	case nCharRef:
		return append(dst, string(rune(n.id))...)
	case nEntityRef:
		switch n.name {
		case "lt":
			return append(dst, '<')
		case "gt":
			return append(dst, '>')
		case "amp":
			return append(dst, '&')
		case "quot":
			return append(dst, '"')
		case "apos":
			return append(dst, '\'')
		}
	}
	return dst
}

// errExpand reports a record whose rendering exceeds MaxRecordSize.
var errExpand = bxErr(0, "record renders to more than %d KiB", MaxRecordSize>>10)

func (r *renderer) content(n *node, vals []value) {
	start := len(r.text)
	r.text = appendContent(r.text, n, vals)
	r.size += len(r.text) - start
	if !r.wantXML {
		return
	}
	switch n.kind {
	case nCDATA:
		r.xml = append(r.xml, "<![CDATA["...)
		r.xml = append(r.xml, n.text...)
		r.xml = append(r.xml, "]]>"...)
	case nEntityRef:
		r.xml = append(r.xml, '&')
		r.xml = AppendXMLName(r.xml, n.name)
		r.xml = append(r.xml, ';')
	case nPI:
		r.xml = append(r.xml, "<?"...)
		r.xml = AppendXMLName(r.xml, n.name)
		r.xml = append(r.xml, ' ')
		r.xml = append(r.xml, n.text...)
		r.xml = append(r.xml, "?>"...)
	default:
		r.xml = AppendXMLText(r.xml, r.text[start:])
	}
}

// emptyValue reports whether an optional substitution has nothing to show.
func emptyValue(n *node, vals []value) bool {
	if int(n.id) >= len(vals) {
		return true
	}
	v := vals[n.id]
	return v.vtype == typeNull || len(v.data) == 0
}

// element renders an element. An element whose whole content is one array
// substitution is written once per array item, as Windows renders it (a
// string array in <Data> becomes several <Data> elements).
func (r *renderer) element(n *node, vals []value) error {
	if len(n.children) == 1 && n.children[0].kind == nSubst {
		id := int(n.children[0].id)
		// A substitution with no value (type NULL, or an empty optional
		// one) leaves out its element, as Windows and evtxexport do.
		if id >= len(vals) || vals[id].vtype == typeNull || (n.children[0].optional && len(vals[id].data) == 0) {
			return nil
		}
		if id < len(vals) && vals[id].vtype&typeArray != 0 {
			items := splitArray(vals[id])
			if len(items) > 0 { // an empty array renders one empty element, as evtxexport does
				tmp := append([]value(nil), vals...)
				for _, it := range items {
					tmp[id] = it
					if err := r.elementOnce(n, tmp); err != nil {
						return err
					}
				}
				return nil
			}
		}
	}
	return r.elementOnce(n, vals)
}

func (r *renderer) elementOnce(n *node, vals []value) error {
	r.stack = append(r.stack, n.name)
	d := len(r.stack)
	r.size += 2 * len(n.name) // the start and end tags
	if r.over() {
		return errExpand
	}
	var dataName string
	if r.wantXML {
		r.xml = append(r.xml, '<')
		r.xml = AppendXMLName(r.xml, n.name)
		if d == 1 && n.name == "Event" && len(n.attrs) == 0 {
			r.xml = append(r.xml, " xmlns='http://schemas.microsoft.com/win/2004/08/events/event'"...)
		}
	}
	for i := range n.attrs {
		a := &n.attrs[i]
		if len(a.value) == 1 && a.value[0].kind == nSubst && a.value[0].optional && emptyValue(&a.value[0], vals) {
			continue
		}
		r.scratch = r.scratch[:0]
		for j := range a.value {
			r.scratch = appendContent(r.scratch, &a.value[j], vals)
		}
		r.size += len(a.name) + len(r.scratch)
		if r.over() {
			return errExpand
		}
		if r.wantXML {
			r.xml = append(r.xml, ' ')
			r.xml = AppendXMLName(r.xml, a.name)
			r.xml = append(r.xml, '=', '\'')
			r.xml = AppendXMLText(r.xml, r.scratch)
			r.xml = append(r.xml, '\'')
		}
		r.attribute(d, n.name, a, vals, &dataName)
	}
	var mark int
	if r.wantXML {
		r.xml = append(r.xml, '>')
		mark = len(r.xml)
	}
	textStart := len(r.text)
	hasChild := false
	for i := range n.children {
		if n.children[i].kind == nElement || n.children[i].kind == nInstance ||
			(n.children[i].kind == nSubst && int(n.children[i].id) < len(vals) && vals[n.children[i].id].vtype == typeBinXML) {
			hasChild = true
		}
	}
	if err := r.nodes(n.children, vals); err != nil {
		return err
	}
	if r.over() {
		return errExpand
	}
	if !hasChild {
		r.leaf(d, n.name, r.text[textStart:], dataName)
	}
	r.text = r.text[:textStart]
	if r.wantXML {
		if len(r.xml) == mark {
			r.xml = append(r.xml[:mark-1], '/', '>')
		} else {
			r.xml = append(r.xml, '<', '/')
			r.xml = AppendXMLName(r.xml, n.name)
			r.xml = append(r.xml, '>')
		}
	}
	r.stack = r.stack[:d-1]
	return nil
}

// attribute picks the attributes the Event model keeps.
func (r *renderer) attribute(d int, elem string, a *attr, vals []value, dataName *string) {
	ev := r.ev
	if d == 3 && r.stack[1] == "System" {
		switch elem {
		case "Provider":
			if a.name == "Name" {
				ev.Provider = string(r.scratch)
			} else if a.name == "EventSourceName" && ev.Provider == "" {
				ev.Provider = string(r.scratch)
			}
		case "TimeCreated":
			if a.name == "SystemTime" {
				if len(a.value) == 1 && a.value[0].kind == nSubst && int(a.value[0].id) < len(vals) {
					v := vals[a.value[0].id]
					if v.vtype == typeFiletime && len(v.data) == 8 {
						ev.Time = filetime(binary.LittleEndian.Uint64(v.data))
						r.timeSet = true
						return
					}
				}
				for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
					if t, err := time.Parse(layout, string(r.scratch)); err == nil {
						ev.Time = t.UTC()
						r.timeSet = true
						break
					}
				}
			}
		case "Security":
			if a.name == "UserID" {
				ev.UserID = string(r.scratch)
			}
		case "EventID":
			if a.name == "Qualifiers" {
				ev.Qualifiers = atoi(r.scratch)
			}
		}
		return
	}
	if a.name == "Name" && d == 3 && r.stack[1] == "EventData" {
		*dataName = string(r.scratch)
	}
}

// leaf stores the text of an element without child elements.
func (r *renderer) leaf(d int, elem string, text []byte, dataName string) {
	ev := r.ev
	if d < 3 {
		return
	}
	switch r.stack[1] {
	case "System":
		if d != 3 {
			return
		}
		switch elem {
		case "EventID":
			ev.EventID = atoi(text)
		case "Level":
			ev.Level = atoi(text)
		case "Task":
			ev.Task = atoi(text)
		case "Opcode":
			ev.Opcode = atoi(text)
		case "Keywords":
			ev.Keywords = string(text)
		case "EventRecordID":
			r.xmlRecID = uint64(atoi(text))
			r.xmlRecSet = true
		case "Channel":
			ev.Channel = string(text)
		case "Computer":
			ev.Computer = string(text)
		}
	case "EventData":
		if d != 3 {
			return
		}
		if elem != "Data" {
			if elem == "Binary" {
				return
			}
			dataName = elem
		}
		ev.Data = append(ev.Data, string(text))
		ev.Names = append(ev.Names, dataName)
	case "UserData":
		if d < 4 {
			return
		}
		ev.Data = append(ev.Data, string(text))
		ev.Names = append(ev.Names, elem)
	}
}

func atoi(b []byte) int {
	n := 0
	neg := false
	for i, c := range b {
		if i == 0 && c == '-' {
			neg = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		return -n
	}
	return n
}

// AppendXMLText appends s escaped for XML text or a quoted attribute. Line
// breaks become character references so that each event stays on one line,
// and the control characters XML 1.0 forbids even as references (all below
// U+0020 but tab, LF and CR) become U+FFFD, so the output always parses; the
// JSON output keeps such characters as they are.
func AppendXMLText[S ~string | ~[]byte](dst []byte, s S) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '<':
			dst = append(dst, "&lt;"...)
		case c == '>':
			dst = append(dst, "&gt;"...)
		case c == '&':
			dst = append(dst, "&amp;"...)
		case c == '\'':
			dst = append(dst, "&apos;"...)
		case c == '"':
			dst = append(dst, "&quot;"...)
		case c == '\n':
			dst = append(dst, "&#10;"...)
		case c == '\r':
			dst = append(dst, "&#13;"...)
		case c < 0x20 && c != '\t':
			dst = append(dst, "\uFFFD"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// AppendXMLName appends name as a valid XML name: a name taken from a
// hostile file may hold any character, so every character that may not be
// in a name (space, quotes, <, &, control characters...) becomes '_', and a
// name that does not start with a letter, '_' or ':' gets a '_' in front.
// The output then always parses, whatever the names of the input.
func AppendXMLName(dst []byte, name string) []byte {
	if name == "" {
		return append(dst, '_')
	}
	for i, c := range name {
		ok := c == '_' || c == ':' || unicode.IsLetter(c)
		if i > 0 {
			ok = ok || c == '-' || c == '.' || unicode.IsDigit(c)
		} else if !ok {
			dst = append(dst, '_')
			ok = c == '-' || c == '.' || unicode.IsDigit(c)
		}
		if c == utf8.RuneError || !ok {
			dst = append(dst, '_')
			continue
		}
		dst = utf8.AppendRune(dst, c)
	}
	return dst
}
