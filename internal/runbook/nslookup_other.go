package runbook

import (
	"regexp"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// SRV lookups of other names. An nslookup of _kerberos._udp or _ldap._tcp
// pasted into a KMS ticket says nothing about KMS discovery: it is read as
// nslookup output (not left unrecognised) into evidence.OtherSRVLookup, so
// that the report can say which lookup is the KMS one. The BIND layout of
// an SRV answer ("name<TAB>service = 0 100 88 target.", macOS and Linux
// nslookup) is read here for any name, _vlmcs._tcp included.

var (
	// A service name: "_kerberos._udp.NETWORK.LOCAL", "_ldap._tcp.dc._msdcs.corp.com".
	srvAnyRe = regexp.MustCompile(`(?i)(?:^|[\s>])(_[a-z0-9-]+\._(?:tcp|udp)(?:\.[A-Za-z0-9_-]+)*\.?)`)
	// BIND's SRV answer line.
	bindSRVRe = regexp.MustCompile(`^(\S+)\s+service\s*=\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)$`)
	// "_vlmcs._tcp" as a screenshot's text recognition gives it: the l
	// read as 1, I or | ("_v1mcs._tcp.domain.1oca1").
	ocrVlmcsRe = regexp.MustCompile(`(?i)_v[1I|]mcs\._tcp`)
	// A query of type SRV asked in the session or on the command line.
	srvTypeRe = regexp.MustCompile(`(?i)(?:set\s+(?:q|querytype|type)\s*=\s*srv|-(?:q|querytype|type)\s*=\s*srv)\b`)
)

// foldVlmcs reads the OCR forms of _vlmcs._tcp as _vlmcs._tcp (the rest of
// the name is kept as pasted).
func foldVlmcs(text string) string {
	if !strings.Contains(text, "mcs") || ocrVlmcsRe.FindStringIndex(text) == nil {
		return text
	}
	return ocrVlmcsRe.ReplaceAllString(text, "_vlmcs._tcp")
}

// detectOtherSRV reports whether text is nslookup output of an SRV lookup
// of a name that is not _vlmcs._tcp.
func detectOtherSRV(text string) bool {
	if srvAnyRe.FindStringIndex(text) == nil {
		return false
	}
	low := strings.ToLower(text)
	answer := strings.Contains(low, "service =") || strings.Contains(low, "srv service location") ||
		srvTypeRe.MatchString(text)
	return answer && (anyLineHasPrefix(text, nsServerLabels) || strings.Contains(low, "nslookup"))
}

// otherSRVName returns the SRV name of line t when it is not _vlmcs._tcp,
// "" otherwise.
func otherSRVName(t string) string {
	m := srvAnyRe.FindStringSubmatch(t)
	if m == nil || strings.HasPrefix(strings.ToLower(m[1]), "_vlmcs.") {
		return ""
	}
	return strings.TrimSuffix(m[1], ".")
}

// srvDomainOf is the domain of a service name: the labels after the last
// one that begins with "_" ("_kerberos._udp.NETWORK.LOCAL" ->
// "network.local", "_ldap._tcp.dc._msdcs.corp.com" -> "corp.com"),
// lower-cased; "" when none.
func srvDomainOf(name string) string {
	labels := strings.Split(strings.TrimSuffix(name, "."), ".")
	last := -1
	for i, l := range labels {
		if strings.HasPrefix(l, "_") {
			last = i
		}
	}
	return strings.ToLower(strings.Join(labels[last+1:], "."))
}

// otherSRV collects the lookups of other SRV names of one output.
type otherSRV struct {
	file    string
	s       *evidence.Set
	pending string // asked (prompt or command line), no answer read yet
	pendN   int
}

// ask records a name asked at line n.
func (o *otherSRV) ask(name string, n int) {
	o.flush("")
	o.pending, o.pendN = name, n
}

// add records the outcome of name at line n.
func (o *otherSRV) add(name, resolver, outcome string, n int) {
	if strings.EqualFold(name, o.pending) {
		o.pending = ""
	}
	for i := range o.s.OtherSRV {
		l := &o.s.OtherSRV[i]
		if l.Source.File == o.file && strings.EqualFold(l.Name, name) && l.Outcome == outcome {
			return // one entry per name and outcome (several answer lines)
		}
	}
	o.s.OtherSRV = append(o.s.OtherSRV, evidence.OtherSRVLookup{Name: name, Domain: srvDomainOf(name),
		Resolver: resolver, Outcome: outcome, Source: src(o.file, n)})
}

// flush records a name asked whose answer the output does not show.
func (o *otherSRV) flush(resolver string) {
	if o.pending != "" {
		name := o.pending
		o.pending = ""
		o.add(name, resolver, "", o.pendN)
	}
}
