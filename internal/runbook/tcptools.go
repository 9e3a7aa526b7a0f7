package runbook

import (
	"net"
	"regexp"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// telnet and netcat tests of KMS's port, as runbooks for Linux KMS hosts
// and older Windows ask for them: Windows telnet ("Connecting To HOST...
// Could not open connection to the host, on port 1688: Connect failed"),
// Linux telnet after its command line ("telnet HOST 1688", then "Connected
// to HOST." or "telnet: Unable to connect to remote host: Connection
// refused"), OpenBSD netcat ("Connection to HOST 1688 port [tcp/*]
// succeeded!", "nc: connect to HOST port 1688 (tcp) failed: Connection
// refused") and ncat ("Ncat: Connected to ADDR:1688."). These tools print
// English whatever the locale. Only tests of port 1688 are read: a telnet
// to another port is none of kmsdoctor's business (it stays unrecognised).

var (
	winTelnetFailRe = regexp.MustCompile(`(?i)Connecting To (\S+?)\.\.\.\s*Could not open connection to the host, on port (\d+): Connect failed`)
	telnetCmdRe     = regexp.MustCompile(`(?i)(?:^|[\s>$#])telnet\s+(\S+)\s+(\d{1,5})\s*$`)
	telnetOKRe      = regexp.MustCompile(`(?i)^Connected to (\S+?)\.?$`)
	telnetFailRe    = regexp.MustCompile(`(?i)^telnet: (?:Unable to connect to remote host|connect to address \S+): (.+)$`)
	ncOKRe          = regexp.MustCompile(`(?i)^Connection to (\S+) (\d{1,5}) port \[[^\]]*\] succeeded!?$`)
	ncFailRe        = regexp.MustCompile(`(?i)^nc: connect to (\S+) port (\d{1,5}) \([a-z]+\) failed: (.+)$`)
	ncatOKRe        = regexp.MustCompile(`(?i)^Ncat: Connected to (\S+):(\d{1,5})\.$`)
)

// tcpOutcome is the TCP outcome of a connect error text.
func tcpOutcome(msg string) string {
	m := strings.ToLower(msg)
	switch {
	case strings.Contains(m, "refused"):
		return evidence.TCPRefused
	case strings.Contains(m, "timed out"), strings.Contains(m, "timeout"):
		return evidence.TCPTimeout
	case strings.Contains(m, "no route"), strings.Contains(m, "unreachable"):
		return evidence.TCPUnreachable
	}
	return evidence.TCPError
}

type tcpToolResult struct {
	host    string
	port    int
	outcome string
	err     string
	line    int
}

// tcpToolResults finds the results of telnet and netcat tests in text.
func tcpToolResults(text string, first int) []tcpToolResult {
	ls, ns := lines(first, text)
	var out []tcpToolResult
	cmdHost, cmdPort := "", 0
	for i, l := range ls {
		t := strings.TrimSpace(l)
		if m := winTelnetFailRe.FindStringSubmatch(t); m != nil {
			p, _ := strconv.Atoi(m[2])
			out = append(out, tcpToolResult{host: m[1], port: p, outcome: evidence.TCPError, err: "Connect failed", line: ns[i]})
			continue
		}
		if m := telnetCmdRe.FindStringSubmatch(t); m != nil {
			cmdHost, cmdPort = m[1], 0
			cmdPort, _ = strconv.Atoi(m[2])
			continue
		}
		if m := ncOKRe.FindStringSubmatch(t); m != nil {
			p, _ := strconv.Atoi(m[2])
			out = append(out, tcpToolResult{host: m[1], port: p, outcome: evidence.TCPOK, line: ns[i]})
			continue
		}
		if m := ncFailRe.FindStringSubmatch(t); m != nil {
			p, _ := strconv.Atoi(m[2])
			out = append(out, tcpToolResult{host: m[1], port: p, outcome: tcpOutcome(m[3]), err: m[3], line: ns[i]})
			continue
		}
		if m := ncatOKRe.FindStringSubmatch(t); m != nil {
			p, _ := strconv.Atoi(m[2])
			out = append(out, tcpToolResult{host: m[1], port: p, outcome: evidence.TCPOK, line: ns[i]})
			continue
		}
		if cmdPort == 0 {
			continue
		}
		if m := telnetOKRe.FindStringSubmatch(t); m != nil {
			out = append(out, tcpToolResult{host: cmdHost, port: cmdPort, outcome: evidence.TCPOK, line: ns[i]})
			cmdPort = 0
			continue
		}
		if m := telnetFailRe.FindStringSubmatch(t); m != nil {
			out = append(out, tcpToolResult{host: cmdHost, port: cmdPort, outcome: tcpOutcome(m[1]), err: m[1], line: ns[i]})
			cmdPort = 0
		}
	}
	return out
}

// DetectTCPTools reports whether text holds a telnet or netcat test of
// port 1688.
func DetectTCPTools(text string) bool {
	if !strings.Contains(text, "1688") {
		return false
	}
	for _, r := range tcpToolResults(text, 1) {
		if r.port == KMSPort {
			return true
		}
	}
	return false
}

// ReadTCPTools reads the telnet and netcat tests of port 1688 into s.
func ReadTCPTools(file string, first int, text string, s *evidence.Set) error {
	for _, r := range tcpToolResults(text, first) {
		if r.port != KMSPort {
			continue
		}
		p := evidence.TCPProbe{Host: r.host, Port: KMSPort, Sent: 1, Outcome: r.outcome, Source: src(file, r.line)}
		if net.ParseIP(r.host) != nil {
			p.Addr = net.JoinHostPort(r.host, strconv.Itoa(KMSPort))
		}
		if r.outcome == evidence.TCPOK {
			p.Received = 1
		} else {
			p.Failures = map[string]int{r.outcome: 1}
			p.Err = r.err
		}
		s.TCP = append(s.TCP, p)
	}
	return nil
}
