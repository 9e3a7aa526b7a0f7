// Package redact recognises the placeholders people type over private values
// before they paste an output into a ticket or a public post: `<DateTime>`,
// `<KMS Host FQDN>`, `*my DNS server IP*`, `xxxxx`, `XXXXX-XXXXX`, `***`,
// `[REDACTED]`, `10.x.x.x`. The parsers record such a value as redacted
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
)

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
