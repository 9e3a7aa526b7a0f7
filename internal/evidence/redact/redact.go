// Package redact recognises the placeholders people type over private values
// before they paste an output into a ticket or a public post: `<DateTime>`,
// `<KMS Host FQDN>`, `*my DNS server IP*`, `xxxxx`, `XXXXX-XXXXX`, `***`,
// `[REDACTED]`, `10.x.x.x`, a GUID with a group written over
// (`.......-b604-4b8c-9a48-99d4348fcf37`), a host and port written over
// (`_key.management.server:_1688`). The parsers record such a value as redacted
// (evidence.NoteRedacted, or evidence.Event.Redacted) instead of reading it
// as a value or reporting it as damage: a redaction is not a fault of the
// machine and says nothing about it.
package redact

import (
	"regexp"
	"strings"
)

var (
	angleRe = regexp.MustCompile(`^<[^<>]{1,60}>$`)
	// "***", "*my DNS server IP*", and a GUID or key masked group by
	// group ("*-*-*-*-*", "(*-*-*-*-*)").
	starRe = regexp.MustCompile(`^\*+$|^\*[^*]{1,60}\*$|^\(?\*+(?:-\*+){2,}\)?$`)
	xRe    = regexp.MustCompile(`^[xX]{3,}(?:[-.:][xX]{2,})*$`)
	ipRe   = regexp.MustCompile(`^\d{1,3}(?:\.(?:\d{1,3}|[xX]{1,3}|\*{1,3})){3}$`)
	wordRe = regexp.MustCompile(`(?i)^[\[(<]?(?:redacted|removed|hidden|masked|censored|snip)[\])>]?$`)
	portRe = regexp.MustCompile(`:\d{1,5}$`)
	// markedPortRe: a port written over with marks ("host:_1688",
	// "host:*1688*", "host:xxxx", "host:<port>"): no output writes a port
	// so, only a person hiding it.
	markedPortRe = regexp.MustCompile(`:(?:[_*#]+\d{1,5}[_*#]*|\d{1,5}[_*#]+|[xX*#]{2,5}|<[^<>]{1,20}>)$`)
	// underscoreHostRe: a "host:port" whose host starts with an underscore
	// ("_key.management.server:1688"): a host name never does (RFC 1123),
	// so it is a description put in place of the name.
	underscoreHostRe = regexp.MustCompile(`^_[A-Za-z][\w.-]*:\S+$`)
	// srvOwnerRe: an SRV owner name (_vlmcs._tcp.contoso.com), which does
	// start with an underscore.
	srvOwnerRe = regexp.MustCompile(`(?i)^_[\w-]+\._(?:tcp|udp)\.`)
	// guidRe: a GUID (a CMID, an activation id) with one or more of its
	// groups written over with marks (".......-b604-4b8c-...",
	// "6f345b60-8a5c-427c-....-836a982589dc", "xxxxxxxx-...").
	guidRe   = regexp.MustCompile(`^\{?([^-{}]{1,12})-([^-]{1,6})-([^-]{1,6})-([^-]{1,6})-([^-{}]{1,14})\}?$`)
	hexRe    = regexp.MustCompile(`^[0-9A-Fa-f]+$`)
	maskRe   = regexp.MustCompile(`^[.xX*#?_]+$`)
	guidLens = []int{8, 4, 4, 4, 12}
)

// maskedGUID reports whether v is a GUID some of whose groups are marks:
// each group is its hexadecimal digits or a run of marks (".", "x", "*",
// "#", "?", "_"), and at least one group is marks.
func maskedGUID(v string) bool {
	m := guidRe.FindStringSubmatch(v)
	if m == nil {
		return false
	}
	masked := false
	for i, g := range m[1:] {
		switch {
		case hexRe.MatchString(g) && len(g) == guidLens[i]:
		case maskRe.MatchString(g):
			masked = true
		default:
			return false
		}
	}
	return masked
}

// Placeholder reports whether v, a whole value (a trailing ":port" is
// allowed), is a redaction placeholder rather than a real value.
func Placeholder(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return false
	}
	if p := portRe.FindStringIndex(v); p != nil && p[0] > 0 {
		if base := v[:p[0]]; Placeholder(base) {
			return true
		}
	}
	if markedPortRe.MatchString(v) || maskedGUID(v) ||
		underscoreHostRe.MatchString(v) && !srvOwnerRe.MatchString(v) {
		return true
	}
	if ipRe.MatchString(v) {
		return strings.ContainsAny(v, "xX*")
	}
	return angleRe.MatchString(v) || starRe.MatchString(v) || xRe.MatchString(v) || wordRe.MatchString(v)
}

// Find returns the placeholders among the comma-separated items of v (the
// Info strings of an event, "0xC004F06C, 0x00000000, host:1688, <CMID>,
// <DateTime>, ..."), in order, or nil.
func Find(v string) []string {
	var out []string
	for _, it := range strings.Split(v, ",") {
		if it = strings.TrimSpace(it); Placeholder(it) {
			out = append(out, it)
		}
	}
	return out
}
