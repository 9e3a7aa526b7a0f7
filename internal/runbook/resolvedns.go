package runbook

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// PowerShell's Resolve-DnsName (`Resolve-DnsName -Type SRV
// _vlmcs._tcp.contoso.com`), the runbooks' modern nslookup. Its property
// names are English in every language; it prints a table
//
//	Name                      Type   TTL   Section    NameTarget          Priority Weight Port
//	----                      ----   ---   -------    ----------          -------- ------ ----
//	_vlmcs._tcp.contoso.com   SRV    600   Answer     kms01.contoso.com   0        0      1688
//
// or, piped to Format-List, "Name : ..." records. SRV answers for
// _vlmcs._tcp are an SRV lookup found; the additional A records of the
// answer are left out. A failure ("DNS name does not exist") is the
// prose reader's (a code's message text), like nslookup's.

var rdnHeadRe = regexp.MustCompile(`^\s*Name\s+Type\s+TTL\s+Section\b`)

type rdnRow struct {
	name, typ, target string
	port, prio, wt    int
	line              int
}

// DetectResolveDNS reports whether text holds Resolve-DnsName's SRV
// answers for _vlmcs._tcp (table or list).
func DetectResolveDNS(text string) bool {
	if !strings.Contains(text, "NameTarget") || !strings.Contains(strings.ToLower(text), "_vlmcs._tcp") {
		return false
	}
	return len(rdnRows(text, 1)) > 0
}

// StartsResolveDNS reports whether line begins Resolve-DnsName's table.
func StartsResolveDNS(line string) bool { return rdnHeadRe.MatchString(line) }

func rdnRows(text string, first int) []rdnRow {
	ls, ns := lines(first, text)
	var out []rdnRow
	for i := 0; i < len(ls); i++ {
		if rdnHeadRe.MatchString(ls[i]) && i+1 < len(ls) && strings.HasPrefix(strings.TrimSpace(ls[i+1]), "----") {
			cols := strings.Fields(ls[i])
			for j := i + 2; j < len(ls) && strings.TrimSpace(ls[j]) != ""; j++ {
				f := strings.Fields(ls[j])
				r := rdnRow{line: ns[j]}
				// The columns by name; a value never holds blanks.
				for k, c := range cols {
					if k >= len(f) {
						break
					}
					switch c {
					case "Name":
						r.name = f[k]
					case "Type":
						r.typ = f[k]
					case "NameTarget":
						r.target = f[k]
					case "Priority":
						r.prio, _ = strconv.Atoi(f[k])
					case "Weight":
						r.wt, _ = strconv.Atoi(f[k])
					case "Port":
						r.port, _ = strconv.Atoi(f[k])
					}
				}
				if strings.EqualFold(r.typ, "SRV") && len(f) == len(cols) {
					out = append(out, r)
				}
				i = j
			}
			continue
		}
		// The list view: a record from its Name line.
		if k, v, ok := kv(ls[i], ":"); ok && k == "Name" {
			r := rdnRow{name: v, line: ns[i]}
			for j := i + 1; j < len(ls) && strings.TrimSpace(ls[j]) != ""; j++ {
				k, v, ok := kv(ls[j], ":")
				if !ok {
					break
				}
				switch k {
				case "Type", "QueryType":
					r.typ = v
				case "NameTarget":
					r.target = v
				case "Priority":
					r.prio, _ = strconv.Atoi(v)
				case "Weight":
					r.wt, _ = strconv.Atoi(v)
				case "Port":
					r.port, _ = strconv.Atoi(v)
				}
				i = j
			}
			if strings.EqualFold(r.typ, "SRV") && r.target != "" {
				out = append(out, r)
			}
		}
	}
	return out
}

// ReadResolveDNS reads the SRV answers of Resolve-DnsName into s.
func ReadResolveDNS(file string, first int, text string, s *evidence.Set) error {
	var lk *evidence.SRVLookup
	for _, r := range rdnRows(text, first) {
		d := domainOf(r.name)
		if d == "" || r.target == "" || r.port <= 0 || r.port > 65535 {
			continue
		}
		if lk == nil || !strings.EqualFold(lk.Domain, d) {
			s.SRV = append(s.SRV, evidence.SRVLookup{Domain: d, Resolver: "system", Outcome: evidence.DNSFound, Source: src(file, r.line)})
			lk = &s.SRV[len(s.SRV)-1]
		}
		lk.Records = append(lk.Records, evidence.SRVRecord{Target: strings.TrimSuffix(r.target, "."), Port: uint16(r.port),
			Priority: uint16(max(r.prio, 0)), Weight: uint16(max(r.wt, 0))})
	}
	return nil
}
