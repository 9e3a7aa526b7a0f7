package runbook

import (
	"net"
	"regexp"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// PortQry (`portqry -n HOST -e 1688`, Microsoft's port scanner) prints,
// in English whatever the display language:
//
//	Querying target system called:
//
//	 kms.contoso.com
//
//	Attempting to resolve name to IP address...
//
//	Name resolved to 10.0.0.5
//
//	querying...
//
//	TCP port 1688 (unknown service): LISTENING
//
// LISTENING is a connection accepted, NOT LISTENING a refusal (a reset),
// FILTERED no answer. A TCP result for KMS's port is a TCP probe; any other
// port is noted only (evidence.NoteOtherPort).

var (
	pqResultRe = regexp.MustCompile(`(?i)^\s*(TCP|UDP) port (\d{1,5}) \(([^)]*)\)\s*:\s*(LISTENING or FILTERED|NOT LISTENING|LISTENING|FILTERED)\s*$`)
	pqCmdRe    = regexp.MustCompile(`(?i)\bportqry(?:\.exe)?\b.*\s-n\s+(\S+)`)
	pqNameRe   = regexp.MustCompile(`(?i)^\s*Name resolved to (\S+)`)
)

// DetectPortqry reports whether text holds a PortQry result line.
func DetectPortqry(text string) bool {
	if !strings.Contains(text, " port ") {
		return false
	}
	for _, l := range strings.Split(text, "\n") {
		if pqResultRe.MatchString(strings.TrimRight(l, "\r")) {
			return true
		}
	}
	return false
}

// StartsPortqry reports whether line begins a PortQry output.
func StartsPortqry(line string) bool {
	t := strings.TrimSpace(line)
	return strings.EqualFold(t, "Querying target system called:") || pqCmdRe.MatchString(t)
}

// ReadPortqry reads PortQry's results into s.
func ReadPortqry(file string, first int, text string, s *evidence.Set) error {
	ls, ns := lines(first, text)
	host, addr := "", ""
	for i, l := range ls {
		t := strings.TrimSpace(l)
		if m := pqCmdRe.FindStringSubmatch(t); m != nil {
			host, addr = strings.Trim(m[1], `"'`), ""
			continue
		}
		if strings.EqualFold(t, "Querying target system called:") {
			// The name follows on the next line that is not blank.
			for j := i + 1; j < len(ls); j++ {
				if n := strings.TrimSpace(ls[j]); n != "" {
					host, addr = n, ""
					break
				}
			}
			continue
		}
		if m := pqNameRe.FindStringSubmatch(t); m != nil {
			addr = m[1]
			continue
		}
		m := pqResultRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		noteRedacted(s, file, ns[i], t)
		port, _ := strconv.Atoi(m[2])
		state := strings.ToUpper(m[4])
		if !strings.EqualFold(m[1], "TCP") || port != KMSPort {
			s.Notes = append(s.Notes, evidence.Note{Kind: evidence.NoteOtherPort,
				Detail: "PortQry " + strings.ToUpper(m[1]) + " " + net.JoinHostPort(host, m[2]) + ": " + state, Source: src(file, ns[i])})
			continue
		}
		p := evidence.TCPProbe{Host: host, Port: KMSPort, Sent: 1, Source: src(file, ns[i])}
		if net.ParseIP(addr) != nil {
			p.Addr = net.JoinHostPort(addr, strconv.Itoa(KMSPort))
		}
		if p.Host == "" {
			p.Host = addr
		}
		switch state {
		case "LISTENING":
			p.Received, p.Outcome = 1, evidence.TCPOK
		case "NOT LISTENING":
			p.Outcome = evidence.TCPRefused
		default: // FILTERED
			p.Outcome = evidence.TCPTimeout
		}
		if p.Outcome != evidence.TCPOK {
			p.Failures = map[string]int{p.Outcome: 1}
			p.Err = "PortQry: " + state
		}
		s.TCP = append(s.TCP, p)
	}
	return nil
}
