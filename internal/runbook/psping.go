package runbook

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// psping itself is English-only; the per-attempt error texts come from
// Windows and are localised, so they are tables.
var (
	pspingRefused = []string{"refused the network connection", "actively refused", "拒否"}
	pspingTimeout = []string{"timeout period expired", "timed out", "did not properly respond after a period of time",
		"タイムアウト", "一定の時間を過ぎても正しく応答しなかった"}
	pspingUnreach = []string{"unreachable", "到達できません"}
	pspingStatsRe = regexp.MustCompile(`(?i)TCP connect statistics for (\S+?):?\s*$`)
	pspingSentRe  = regexp.MustCompile(`(?i)Sent = (\d+), Received = (\d+), Lost = (\d+)`)
	pspingMinRe   = regexp.MustCompile(`(?i)Minimum = ([\d.]+)ms, Maximum = ([\d.]+)ms, Average = ([\d.]+)ms`)
	pspingConnRe  = regexp.MustCompile(`(?i)^Connecting to (\S+:\d{1,5})(?: \(warmup\))?:\s+(.*)$`)
	pspingTCPRe   = regexp.MustCompile(`(?i)^TCP connect to (\S+?):\s*$`)
)

// DetectPsping reports whether text is psping TCP output.
func DetectPsping(text string) bool {
	if strings.Contains(text, "PsPing") || strings.Contains(text, "TCP connect statistics for") {
		return true
	}
	for _, l := range strings.Split(text, "\n") {
		if pspingConnRe.MatchString(strings.TrimSpace(l)) {
			return true
		}
	}
	return false
}

// StartsPsping reports whether line begins a psping output.
func StartsPsping(line string) bool { return strings.HasPrefix(strings.TrimSpace(line), "PsPing v") }

// ReadPsping reads psping TCP ping results into s.
func ReadPsping(file string, first int, text string, s *evidence.Set) error {
	ls, ns := lines(first, text)
	var p *evidence.TCPProbe
	start := func(hp string, n int) {
		h, port := splitHostPort(hp)
		p = &evidence.TCPProbe{Host: h, Addr: hp, Port: port, Failures: map[string]int{}, Source: src(file, n)}
	}
	flush := func() {
		if p == nil {
			return
		}
		if p.Port == KMSPort {
			finishPsping(p)
			s.TCP = append(s.TCP, *p)
		} else {
			s.Notes = append(s.Notes, evidence.Note{Kind: "psping.other_port", Detail: p.Host, Source: p.Source})
		}
		p = nil
	}
	for i, l := range ls {
		t := strings.TrimSpace(l)
		n := ns[i]
		if m := pspingTCPRe.FindStringSubmatch(t); m != nil {
			flush()
			start(m[1], n)
			continue
		}
		if p == nil {
			// A partial paste without the "TCP connect to" line: start at
			// the first attempt or at the statistics.
			var hp string
			if m := pspingConnRe.FindStringSubmatch(t); m != nil {
				hp = m[1]
			} else if m := pspingStatsRe.FindStringSubmatch(t); m != nil {
				hp = m[1]
			}
			if hp == "" {
				continue
			}
			start(hp, n)
		}
		if m := pspingConnRe.FindStringSubmatch(t); m != nil {
			if strings.Contains(t, "(warmup)") {
				continue
			}
			rest := strings.ToLower(m[2])
			switch {
			case strings.HasPrefix(rest, "from "):
				// success: "from 10.0.0.4:49704: 1.92ms"
			case containsAny(rest, pspingRefused):
				p.Failures[evidence.TCPRefused]++
				p.Err = m[2]
			case containsAny(rest, pspingTimeout):
				p.Failures[evidence.TCPTimeout]++
				p.Err = m[2]
			case containsAny(rest, pspingUnreach):
				p.Failures[evidence.TCPUnreachable]++
				p.Err = m[2]
			default:
				p.Failures[evidence.TCPError]++
				p.Err = m[2]
			}
			continue
		}
		if m := pspingStatsRe.FindStringSubmatch(t); m != nil {
			p.Source = src(file, n)
			continue
		}
		if m := pspingSentRe.FindStringSubmatch(t); m != nil {
			p.Sent, _ = strconv.Atoi(m[1])
			p.Received, _ = strconv.Atoi(m[2])
			p.Source = src(file, n)
			continue
		}
		if m := pspingMinRe.FindStringSubmatch(t); m != nil {
			p.Min, p.Max, p.Avg = ms(m[1]), ms(m[2]), ms(m[3])
		}
	}
	flush()
	return nil
}

func finishPsping(p *evidence.TCPProbe) {
	if p.Sent == 0 {
		// No statistics line (a partial paste): count the attempts seen.
		fails := 0
		for _, c := range p.Failures {
			fails += c
		}
		p.Sent = fails
	}
	switch {
	case p.Sent > 0 && p.Received == p.Sent:
		p.Outcome = evidence.TCPOK
	case p.Received > 0:
		p.Outcome = evidence.TCPLoss
	default:
		best, bestN := evidence.TCPError, 0
		for _, k := range []string{evidence.TCPTimeout, evidence.TCPRefused, evidence.TCPUnreachable, evidence.TCPError} {
			if p.Failures[k] > bestN {
				best, bestN = k, p.Failures[k]
			}
		}
		p.Outcome = best
	}
	if len(p.Failures) == 0 {
		p.Failures = nil
	}
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, strings.ToLower(x)) {
			return true
		}
	}
	return false
}

func ms(v string) time.Duration {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0
	}
	return time.Duration(f * float64(time.Millisecond))
}
