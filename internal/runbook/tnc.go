package runbook

import (
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// Test-NetConnection prints its result object with property names, which
// PowerShell does not translate; only the prefix of the WARNING lines is
// localised ("WARNUNG:", "警告:"), their text stays English, and the ping
// status is the name of an IPStatus value ("DestinationHostUnreachable").
var (
	tncWarnPrefixes = []string{"WARNING:", "警告:", "WARNUNG:"}
	// tncUnreachable: the ping was answered by an ICMP destination
	// unreachable for the host or its network ("Ping to X failed --
	// Status: DestinationHostUnreachable", "... failed with status:
	// DestinationNetworkUnreachable"): no route to the host, so the failed
	// TCP test was not a filtered or refused port. TimedOut says nothing
	// (ICMP is often dropped).
	tncUnreachable = regexp.MustCompile(`(?i)\bPing to \S+ failed\b.*\bDestination(?:Host|Net|Network)Unreachable\b`)
	tncNameFail    = regexp.MustCompile(`(?i)Name resolution of (\S+) failed`)
	tncTCPFail     = regexp.MustCompile(`(?i)TCP connect to \(?([^ )]+)\s*:\s*(\d+)\)? failed`)
	tncCmdRe       = regexp.MustCompile(`(?i)\b(?:Test-NetConnection|TNC)\s+(?:-ComputerName\s+)?(\S+).*?-Port\s+(\d+)`)
	rttRe          = regexp.MustCompile(`(\d+)\s*ms`)
)

// DetectTNC reports whether text is Test-NetConnection output.
func DetectTNC(text string) bool {
	return strings.Contains(text, "TcpTestSucceeded") || tncNameFail.MatchString(text) && strings.Contains(text, "ComputerName") ||
		strings.Contains(text, "ComputerName") && strings.Contains(text, "RemoteAddress") && strings.Contains(text, "PingSucceeded")
}

// StartsTNC reports whether line begins a Test-NetConnection result.
func StartsTNC(line string) bool {
	k, _, ok := kv(line, ":")
	return ok && k == "ComputerName"
}

// KMSPort is the port Test-NetConnection and psping results must target to
// count as evidence about KMS; results for other ports are noted only.
const KMSPort = knowledge.KMSPort

// ReadTNC reads Test-NetConnection results (one or more) into s.
func ReadTNC(file string, first int, text string, s *evidence.Set) error {
	ls, ns := lines(first, text)
	type result struct {
		host, addr string
		port       int
		tcp        string // True/False/""
		nameFail   bool
		warn       string
		unreach    bool // the ping got an ICMP host/network unreachable
		line       int
		rtt        time.Duration
	}
	var cur *result
	var all []*result
	var cmdHost string
	var cmdPort int
	var pendingWarn []string
	var pendingNameFail, pendingUnreach bool
	for i, l := range ls {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		n := ns[i]
		noteRedacted(s, file, n, t)
		if m := tncCmdRe.FindStringSubmatch(t); m != nil {
			cmdHost = m[1]
			cmdPort, _ = strconv.Atoi(m[2])
			cur = nil
			continue
		}
		for _, w := range tncWarnPrefixes {
			if strings.HasPrefix(t, w) {
				pendingWarn = append(pendingWarn, strings.TrimSpace(strings.TrimPrefix(t, w)))
				if tncNameFail.MatchString(t) {
					pendingNameFail = true
				}
				if tncUnreachable.MatchString(t) {
					pendingUnreach = true
				}
			}
		}
		k, v, ok := kv(t, ":")
		if !ok {
			continue
		}
		switch k {
		case "ComputerName":
			cur = &result{host: v, line: n, port: cmdPort}
			if cur.host == "" {
				cur.host = cmdHost
			}
			cur.nameFail, cur.unreach = pendingNameFail, pendingUnreach
			cur.warn = strings.Join(pendingWarn, "; ")
			pendingWarn, pendingNameFail, pendingUnreach = nil, false, false
			all = append(all, cur)
		case "RemoteAddress":
			if cur != nil {
				cur.addr = v
			}
		case "RemotePort":
			if cur != nil {
				cur.port, _ = strconv.Atoi(v)
			}
		case "TcpTestSucceeded":
			if cur != nil {
				cur.tcp = v
				cur.line = n
			}
		case "PingReplyDetails (RTT)":
			if cur != nil {
				if m := rttRe.FindStringSubmatch(v); m != nil {
					ms, _ := strconv.Atoi(m[1])
					cur.rtt = time.Duration(ms) * time.Millisecond
				}
			}
		}
	}
	for _, r := range all {
		// Language-neutral: a result with no RemoteAddress and no TCP test
		// after a warning is a name that did not resolve (the warning text
		// itself may be translated).
		if !r.nameFail && r.addr == "" && r.tcp == "" && r.warn != "" {
			r.nameFail = true
		}
		if r.nameFail {
			s.Names = append(s.Names, evidence.NameLookup{Name: r.host, Resolver: "system", Outcome: evidence.DNSNXDomain,
				Err: r.warn, Source: src(file, r.line)})
			continue
		}
		if r.port != KMSPort && r.port != 0 || r.tcp == "" {
			s.Notes = append(s.Notes, evidence.Note{Kind: "tnc.other_port",
				Detail: r.host + ":" + strconv.Itoa(r.port) + " TcpTestSucceeded=" + r.tcp, Source: src(file, r.line)})
			continue
		}
		p := evidence.TCPProbe{Host: r.host, Port: KMSPort, Sent: 1, Source: src(file, r.line)}
		if r.addr != "" {
			p.Addr = net.JoinHostPort(r.addr, strconv.Itoa(KMSPort))
		}
		if strings.EqualFold(r.tcp, "True") {
			p.Received, p.Outcome = 1, evidence.TCPOK
		} else {
			// Test-NetConnection does not say whether the port was
			// refused or filtered; an ICMP unreachable answer to its ping
			// says that there is no route to the host at all.
			p.Outcome = evidence.TCPError
			if r.unreach {
				p.Outcome = evidence.TCPUnreachable
			}
			p.Failures = map[string]int{p.Outcome: 1}
			p.Err = "TcpTestSucceeded : " + r.tcp
			if r.warn != "" {
				p.Err += " (" + r.warn + ")"
			}
		}
		s.TCP = append(s.TCP, p)
	}
	return nil
}
