// Package cloudnet holds what the readers and evaluators of AWS and Google
// Cloud network exports share (internal/cloudnet/aws, internal/cloudnet/gcp):
// finding the JSON in a pasted text, the line of a value, and matching a
// TCP port and an address against a rule. Like internal/azure, the analysis
// is offline: it answers from the exported JSON whether TCP 1688 can reach
// the cloud's KMS, and never talks to the cloud.
package cloudnet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// maxLead is how many lines (a prompt, the command echoed) may come before
// the JSON in a pasted text.
const maxLead = 3

// JSONStart finds the line where the JSON of text begins and returns the
// text from there and the number of lines skipped.
func JSONStart(text string) (string, int, bool) {
	rest := strings.TrimPrefix(text, "\uFEFF")
	lines, lead := 0, 0
	for {
		t := strings.TrimLeft(rest, " \t\r")
		if t != "" && (t[0] == '{' || t[0] == '[') {
			return rest, lines, true
		}
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			return "", 0, false
		}
		if strings.TrimSpace(rest[:i]) != "" {
			lead++
			if lead > maxLead {
				return "", 0, false
			}
		}
		lines++
		rest = rest[i+1:]
	}
}

// SyntaxPlace is the line and column of a JSON syntax error at byte off of
// text.
func SyntaxPlace(text []byte, off int64) (line, col int) {
	if off > int64(len(text)) {
		off = int64(len(text))
	}
	before := text[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// LineOf returns the 0-based line offset within text of the first JSON
// string equal to s, after the first occurrence of after (when not empty),
// or -1.
func LineOf(text []byte, s, after string) int {
	if s == "" {
		return -1
	}
	start := 0
	if after != "" {
		if q, err := quoteJSON(after); err == nil {
			if i := bytes.Index(text, q); i >= 0 {
				start = i
			}
		}
	}
	q, err := quoteJSON(s)
	if err != nil {
		return -1
	}
	i := bytes.Index(text[start:], q)
	if i < 0 {
		return -1
	}
	return bytes.Count(text[:start+i], []byte{'\n'})
}

// quoteJSON is s as a JSON string the way exports write it: < > & as they
// are (json.Marshal would write them as \u003c...).
func quoteJSON(s string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte{'\n'}), nil
}

// PortMatches reports whether a port spec ("1688", "1000-2000"; "" for
// all) holds port.
func PortMatches(spec string, port int) bool {
	spec = strings.TrimSpace(spec)
	if spec == "" || spec == "*" {
		return true
	}
	lo, hi, found := strings.Cut(spec, "-")
	a, err := strconv.Atoi(strings.TrimSpace(lo))
	if err != nil {
		return false
	}
	b := a
	if found {
		if b, err = strconv.Atoi(strings.TrimSpace(hi)); err != nil {
			return false
		}
	}
	return a <= port && port <= b
}

// AnyPort reports whether one of specs holds port (no specs: all ports).
func AnyPort(specs []string, port int) bool {
	if len(specs) == 0 {
		return true
	}
	for _, s := range specs {
		if PortMatches(s, port) {
			return true
		}
	}
	return false
}

// Contains reports whether the CIDR (or single address) cidr holds addr.
func Contains(cidr string, addr netip.Addr) bool {
	cidr = strings.TrimSpace(cidr)
	if p, err := netip.ParsePrefix(cidr); err == nil {
		return p.Masked().Contains(addr)
	}
	if a, err := netip.ParseAddr(cidr); err == nil {
		return a == addr
	}
	return false
}

// PrefixLen is the length of cidr's prefix, -1 when it is not a CIDR.
func PrefixLen(cidr string) int {
	if p, err := netip.ParsePrefix(strings.TrimSpace(cidr)); err == nil {
		return p.Bits()
	}
	if a, err := netip.ParseAddr(strings.TrimSpace(cidr)); err == nil {
		return a.BitLen()
	}
	return -1
}

// HostPrefix is addr as a single-address CIDR (a.b.c.d/32).
func HostPrefix(a netip.Addr) string { return netip.PrefixFrom(a, a.BitLen()).String() }

// LastSeg is the last path segment of a URL or id.
func LastSeg(s string) string {
	s = strings.TrimRight(s, "/")
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// Decode finds the JSON of a pasted text whose first line is line of file
// (after a prompt or the command echoed), and decodes it into a generic
// value. It returns the JSON bytes and the line they start on, and an error
// naming file, line and column when the JSON is broken.
func Decode(file string, line int, text string) (raw []byte, start int, v any, err error) {
	if line < 1 {
		line = 1
	}
	body, lead, ok := JSONStart(text)
	if !ok {
		return nil, line, nil, fmt.Errorf("%s:%d: no JSON", file, line)
	}
	line += lead
	raw = []byte(body)
	if err := json.Unmarshal(raw, &v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			l, c := SyntaxPlace(raw, se.Offset)
			return nil, line, nil, fmt.Errorf("%s:%d:%d: %v", file, line+l-1, c, err)
		}
		return nil, line, nil, fmt.Errorf("%s:%d: %v", file, line, err)
	}
	return raw, line, v, nil
}
