// Package runbook reads the outputs of the commands KMS troubleshooting
// runbooks ask for and users paste into tickets: `nslookup -type=srv
// _vlmcs._tcp.DOMAIN`, `Test-NetConnection HOST -Port 1688`, `psping
// HOST:1688`, `w32tm /query /status` (also pasted without its first lines)
// and `w32tm /stripchart` (graph, /dataonly, /rdtsc), in English and
// Japanese, with Chinese labels for nslookup and w32tm. Values replaced by
// a placeholder before pasting are noted as evidence.NoteRedacted. Each
// reader fills the same evidence types the live probes of `check` fill
// (SRVLookup, NameLookup, TCPProbe, TimeSync), so the same rules apply.
//
// The parsers are hand-written (no library reads these texts) and
// table-driven where the text is localised: a label in another language is
// one more row. Values that Windows does not translate (nslookup's rcode
// names, PowerShell property names, "Sent = 4, Received = 4", "Local CMOS
// Clock") are matched directly, so they work in any language.
package runbook

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence/redact"
)

func src(file string, n int) evidence.Source { return evidence.Source{File: file, Line: n} }

// lines splits text and pairs each line with its number in the file.
func lines(first int, text string) ([]string, []int) {
	ls := strings.Split(text, "\n")
	ns := make([]int, len(ls))
	for i := range ls {
		ls[i] = strings.TrimRight(ls[i], "\r")
		ns[i] = first + i
	}
	return ls, ns
}

// kv splits "Key : value" / "key = value" lines.
func kv(l, sep string) (string, string, bool) {
	i := strings.Index(l, sep)
	if i < 0 {
		return "", "", false
	}
	return strings.TrimSpace(l[:i]), strings.TrimSpace(l[i+len(sep):]), true
}

// foldColon writes the first colon of t as a label's colon is matched: the
// blank French typography puts before it ("Serveur :", "Source :", with a
// space or a no-break space) is dropped, and a full-width colon (Japanese,
// Chinese) becomes ":". Only the first one: values keep their text.
func foldColon(t string) string {
	i := strings.IndexAny(t, ":：")
	if i < 0 {
		return t
	}
	rest := t[i:]
	if strings.HasPrefix(rest, "：") {
		rest = ":" + rest[len("："):]
	}
	head := strings.TrimRight(t[:i], " \u00a0\u202f")
	if head == "" {
		return t // a value that starts with a colon (an IPv6 address "::1")
	}
	return head + rest
}

var hostPortRe = regexp.MustCompile(`^(.+):(\d{1,5})$`)

// splitHostPort splits "host:port" and "[v6]:port" (a bare IPv6 address
// before the last colon is taken as it is); without a port, port is 0.
func splitHostPort(hp string) (string, int) {
	hp = strings.TrimSpace(hp)
	if m := hostPortRe.FindStringSubmatch(hp); m != nil && (strings.HasPrefix(m[1], "[") || !strings.Contains(m[1], "]")) {
		p, _ := strconv.Atoi(m[2])
		return strings.Trim(m[1], "[]"), p
	}
	return hp, 0
}

// noteRedacted adds an evidence.NoteRedacted for line t (line n of file)
// when its value ("Key : value", "key = value", "name internet address =
// value") is a redaction placeholder such as "*my DNS server IP*" or
// "<KMS host>". The reader still reads the line; the note says the value is
// not real.
func noteRedacted(s *evidence.Set, file string, n int, t string) {
	v := ""
	switch {
	case strings.Contains(t, " = "):
		_, v, _ = kv(t, " = ")
	case strings.Contains(t, ":") && !strings.HasPrefix(t, "*"):
		_, v, _ = kv(t, ":")
	}
	if redact.Placeholder(v) {
		s.Notes = append(s.Notes, evidence.Note{Kind: evidence.NoteRedacted, Detail: t, Source: src(file, n)})
	}
}
