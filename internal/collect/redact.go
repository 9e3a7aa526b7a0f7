package collect

import (
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strings"
)

// Redactor replaces identifying values with stable pseudonyms: the same
// value gets the same pseudonym in every file of a bundle. Computer names,
// domains, client machine ids and user names are the values collectors
// declared (Out.Secret); IP addresses are found by pattern (except
// loopback, unspecified and link-local ones, which identify nothing).
type Redactor struct {
	names map[string]string // lower-case value -> pseudonym
	count map[string]int
	ips   map[string]string
}

// NewRedactor returns an empty Redactor.
func NewRedactor() *Redactor {
	return &Redactor{names: map[string]string{}, count: map[string]int{}, ips: map[string]string{}}
}

// Add declares value of kind ("computer", "domain", "cmid", "user").
func (r *Redactor) Add(kind, value string) {
	v := strings.TrimSuffix(strings.TrimSpace(value), ".")
	if len(v) < 2 {
		return
	}
	k := strings.ToLower(v)
	if _, ok := r.names[k]; ok {
		return
	}
	r.count[kind]++
	n := r.count[kind]
	var p string
	switch kind {
	case "computer":
		p = fmt.Sprintf("computer-%d", n)
	case "domain":
		p = fmt.Sprintf("domain-%d.example", n)
	case "cmid":
		p = fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
	case "user":
		p = fmt.Sprintf("user-%d", n)
	default:
		p = fmt.Sprintf("%s-%d", kind, n)
	}
	r.names[k] = p
}

var (
	ipv4Re = regexp.MustCompile(`(?:^|[^0-9.])((?:\d{1,3}\.){3}\d{1,3})(?:$|[^0-9.])`)
	ipv6Re = regexp.MustCompile(`(?i)\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}(?:%\w+)?`)
)

func keepIP(a netip.Addr) bool {
	return a.IsLoopback() || a.IsUnspecified() || a.IsLinkLocalUnicast() || a.IsMulticast()
}

func (r *Redactor) ip(s string) string {
	a, err := netip.ParseAddr(strings.SplitN(s, "%", 2)[0])
	if err != nil || keepIP(a) {
		return s
	}
	key := a.String()
	if p, ok := r.ips[key]; ok {
		return p
	}
	r.count["ip"]++
	n := r.count["ip"]
	var p string
	if a.Is4() {
		p = fmt.Sprintf("192.0.2.%d", n%254+1)
		if n >= 254 {
			p = fmt.Sprintf("198.51.100.%d", n%254+1)
		}
	} else {
		p = fmt.Sprintf("2001:db8::%x", n)
	}
	r.ips[key] = p
	return p
}

// String redacts s.
func (r *Redactor) String(s string) string {
	keys := make([]string, 0, len(r.names))
	for k := range r.names {
		keys = append(keys, k)
	}
	// Longest first, so that "pc01.corp.example" goes before "corp.example".
	sort.Slice(keys, func(i, j int) bool {
		return len(keys[i]) > len(keys[j]) || (len(keys[i]) == len(keys[j]) && keys[i] < keys[j])
	})
	for _, k := range keys {
		s = replaceFold(s, k, r.names[k])
	}
	s = ipv4Re.ReplaceAllStringFunc(s, func(m string) string {
		sub := ipv4Re.FindStringSubmatchIndex(m)
		return m[:sub[2]] + r.ip(m[sub[2]:sub[3]]) + m[sub[3]:]
	})
	s = ipv6Re.ReplaceAllStringFunc(s, func(m string) string {
		if strings.Count(m, ":") < 2 || !strings.ContainsAny(m, "0123456789") {
			return m
		}
		return r.ip(m)
	})
	return s
}

// Bytes redacts data (text: JSON, XML, command output).
func (r *Redactor) Bytes(data []byte) []byte { return []byte(r.String(string(data))) }

// replaceFold replaces every case-insensitive occurrence of old (lower
// case) in s.
func replaceFold(s, old, repl string) string {
	ls := strings.ToLower(s)
	if len(ls) != len(s) || !strings.Contains(ls, old) {
		return s
	}
	var b strings.Builder
	i := 0
	for {
		j := strings.Index(ls[i:], old)
		if j < 0 {
			break
		}
		b.WriteString(s[i : i+j])
		b.WriteString(repl)
		i += j + len(old)
	}
	b.WriteString(s[i:])
	return b.String()
}
