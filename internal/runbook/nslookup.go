package runbook

import (
	"net"
	"regexp"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// nslookup labels, one row per language.
var (
	// zh-CN "服务器:" is confirmed from a real output (AdguardTeam/AdGuardHome
	// issue 5651), which also shows that zh-CN keeps "Address:" in English;
	// the other Chinese rows are not confirmed.
	//
	// Other languages, each seen in a real output pasted in a public
	// repository (testdata/SOURCES.md, "nslookup in other languages"):
	// de "Standardserver:" (de keeps "Server:" and "Name:"), fr "Serveur :"
	// and "Nom :" (French puts a space before the colon: lines are read
	// through foldColon), es "Servidor:" / "Servidor predeterminado:" /
	// "Nombre:", pt-BR "Servidor:" / "Nome:", it "Server predefinito:" /
	// "Nome:", ru "Сервер:" / "Имя:" (also as a console shows them when
	// the ANSI bytes are read as OEM: "╤хЁтхЁ:", "╚ь :"), ko "서버:" /
	// "이름:". All of them keep "Address:" and "Addresses:" in English.
	nsServerLabels = []string{"Server:", "Default Server:", "Default server:", "サーバー:", "既定のサーバー:", "服务器:", "默认服务器:", "伺服器:", "預設伺服器:",
		"Standardserver:", "Serveur:", "Servidor:", "Servidor predeterminado:", "Server predefinito:", "Сервер:", "╤хЁтхЁ:", "서버:"}
	nsAddressLabels = []string{"Address:", "Addresses:", "アドレス:", "地址:", "位址:"}
	// Failure lines: "*** dc1 can't find _vlmcs._tcp.x: Non-existent domain"
	// (ja: "*** dc1 が _vlmcs._tcp.x を見つけられません: Non-existent domain").
	// The rcode text after the last colon is not translated.
	nsRcodes = []struct{ Text, Outcome, Rcode string }{
		{"Non-existent domain", evidence.DNSNXDomain, "NXDOMAIN"},
		{"No response from server", evidence.DNSUnreachable, ""},
		{"Server failed", evidence.DNSError, "SERVFAIL"},
		{"Query refused", evidence.DNSError, "REFUSED"},
		{"No records", evidence.DNSNoData, "NOERROR"},
		{"Timed out", evidence.DNSUnreachable, ""},
	}
	// nsTimeoutLines are lines of their own saying a query timed out; a
	// "***" failure line may also say it with the shorter words.
	// zh-CN and zh-TW: "DNS 请求超时。", "DNS 要求逾時。", and the
	// failure line "*** 请求 UnKnown 超时" ("*** Request to UnKnown timed-out").
	nsTimeoutLines = []string{"DNS request timed out", "DNS 要求がタイムアウトしました", "DNS 请求超时", "DNS 要求逾時"}
	nsTimeouts     = append([]string{"timed-out", "タイムアウト", "超时", "逾時"}, nsTimeoutLines...)
)

var (
	srvNameRe = regexp.MustCompile(`(?i)(_vlmcs\._tcp(?:\.[A-Za-z0-9._*-]+)?)`)
	nsCmdRe   = regexp.MustCompile(`(?i)nslookup\b.*?(_vlmcs\._tcp(?:\.[A-Za-z0-9._*-]+)?)`)
	inetRe    = regexp.MustCompile(`^(\S+)\s+internet address = (.+)$`)
	// A host lookup: "nslookup kms01.corp.example.com [server]".
	// Options may come first ("nslookup -timeout=10 baidu.com 127.0.0.1").
	// nsTypeRe is a query type option of the command ("-type=AAAA",
	// "-q=mx", "-querytype=any").
	nsTypeRe    = regexp.MustCompile(`(?i)\s-(?:type|q|querytype)=(\S+)`)
	nsHostCmdRe = regexp.MustCompile(`(?i)\bnslookup\s+(?:-\S+\s+)*([A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z][A-Za-z0-9._-]*)(?:\s+\S+)?\s*$`)
	// The failure line in other languages, seen in real outputs: fr "***
	// dns.google ne parvient pas à trouver NAME : Non-existent domain",
	// pt-BR "*** dns.google não encontrou NAME: Non-existent domain".
	cantFindRe     = regexp.MustCompile(`(?i)can't find (\S+?):|が (\S+) を見つけられません|找不到 (\S+?):|ne parvient pas à trouver (\S+?)\s*:|não encontrou (\S+?):`)
	nsNameLabels   = []string{"Name:", "名前:", "名称:", "名稱:", "Nom:", "Nombre:", "Nome:", "Имя:", "╚ь:", "이름:"}
	nsAnswerLabels = []string{"Non-authoritative answer:", "権限のない回答:", "非权威应答:", "未經授權的回答:",
		"Nicht autorisierende Antwort:", "Réponse ne faisant pas autorité:", "Respuesta no autoritativa:",
		"Não é resposta autoritativa:", "Risposta da un server non autorevole:", "Не заслуживающий доверия ответ:", "권한 없는 응답:"}
	// An address pasted with its port ("10.0.0.1:53", "10.0.0.1#53",
	// "[fe80::1]:53"): the port is dropped.
	addrPortRe = regexp.MustCompile(`^(\d{1,3}(?:\.\d{1,3}){3})(?:[:#]\d{1,5})$|^\[([0-9A-Fa-f:.]+)\](?::\d{1,5})$`)
)

// DetectNslookup reports whether text is nslookup output about _vlmcs, or
// the lookup of a host name with its command line pasted.
func DetectNslookup(text string) bool {
	text = foldVlmcs(text)
	low := strings.ToLower(text)
	if !strings.Contains(low, "_vlmcs") {
		for _, l := range strings.Split(text, "\n") {
			if m := nsHostCmdRe.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
				return anyLineHasPrefix(text, nsServerLabels) ||
					anyLineHasPrefix(text, nsAddressLabels) && hostAnswered(text, m[1])
			}
		}
		return detectOtherSRV(text) || nsHeader(text) // nslookup_other.go
	}
	return strings.Contains(low, "srv service location") || strings.Contains(low, "can't find") ||
		strings.Contains(text, "を見つけられません") || strings.Contains(text, "找不到") || strings.Contains(low, "nslookup") ||
		anyLineHasPrefix(text, nsServerLabels) || strings.Contains(low, "non-existent domain")
}

// nsHeader reports whether text holds nslookup's header: a server line
// ("Server:", "Default Server:", "サーバー:"...) with an address line
// right after it, which every nslookup answer and the "server" command of
// an interactive session print first. An output with only that (another
// record type, another name) is nslookup's and says nothing of KMS.
func nsHeader(text string) bool {
	prevServer := false
	for rest := text; rest != ""; {
		var l string
		l, rest, _ = strings.Cut(rest, "\n")
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		head := labelHead(t)
		if prevServer && isLabel(head, nsAddressLabels) {
			return true
		}
		prevServer = isLabel(head, nsServerLabels)
	}
	return false
}

// labelHead is what comes before the first colon (any width) of t, blanks
// trimmed, "" when there is none (no allocation: nsHeader runs on every
// segment).
func labelHead(t string) string {
	i := strings.IndexAny(t, ":：")
	if i <= 0 {
		return ""
	}
	return strings.TrimRight(t[:i], " \u00a0\u202f")
}

// isLabel reports whether head followed by a colon is one of labels.
func isLabel(head string, labels []string) bool {
	if head == "" {
		return false
	}
	for _, lb := range labels {
		if len(lb) == len(head)+1 && strings.HasPrefix(lb, head) {
			return true
		}
	}
	return false
}

// hostAnswered reports whether a labelled line of text (any label, any
// language) has host as its value: the Name line of nslookup's answer,
// which says the name as it was asked.
func hostAnswered(text, host string) bool {
	for _, l := range strings.Split(text, "\n") {
		if isAnswerName(foldColon(strings.TrimSpace(l)), host) {
			return true
		}
	}
	return false
}

// isAnswerName reports whether t (folded) is "label: host" (a trailing dot
// and the case aside) under a label that is not nslookup's command.
func isAnswerName(t, host string) bool {
	label, v, ok := kv(t, ":")
	if !ok || label == "" || host == "" || strings.Contains(strings.ToLower(label), "nslookup") {
		return false
	}
	return strings.EqualFold(strings.TrimSuffix(v, "."), strings.TrimSuffix(host, "."))
}

// StartsNslookup reports whether line begins an nslookup output.
func StartsNslookup(line string) bool {
	return hasPrefixAny(foldColon(strings.TrimSpace(line)), nsServerLabels)
}

// ContinuesNslookup reports whether a prompt line belongs to an interactive
// nslookup session ("> set type=srv", "> _vlmcs._tcp.contoso.com") rather
// than starting a new command ("> server 223.5.5.5" too).
func ContinuesNslookup(line string) bool {
	t := strings.TrimSpace(line)
	if !strings.HasPrefix(t, ">") {
		return false
	}
	rest := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(t, ">")))
	return strings.HasPrefix(rest, "set ") || strings.HasPrefix(rest, "server ") || strings.HasPrefix(rest, "lserver ") ||
		strings.HasPrefix(rest, "_") && !strings.Contains(rest, "nslookup")
}

// hasPrefixAny reports whether t begins with one of prefixes.
func hasPrefixAny(t string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// anyLineHasPrefix reports whether a line of text, blanks trimmed, begins
// with one of prefixes.
func anyLineHasPrefix(text string, prefixes []string) bool {
	for _, l := range strings.Split(text, "\n") {
		if hasPrefixAny(foldColon(strings.TrimSpace(l)), prefixes) {
			return true
		}
	}
	return false
}

func domainOf(name string) string {
	name = strings.TrimSuffix(name, ".")
	low := knowledge.ASCIILower(name) // offsets of name
	if i := strings.Index(low, "_vlmcs._tcp."); i >= 0 {
		return name[i+len("_vlmcs._tcp."):]
	}
	return ""
}

// ReadNslookup reads one nslookup output into s.
func ReadNslookup(file string, first int, text string, s *evidence.Set) error {
	ls, ns := lines(first, foldVlmcs(text))
	var (
		lk       *evidence.SRVLookup
		server   string
		inServer bool
		rec      *evidence.SRVRecord
		cmdName  string
		hostCmd  string
		hostType string // the record type that command asked for ("" or "a": the address)
		hostLk   = -1   // index in s.Names of the host lookup being read
	)
	begin := func(n int, name string) *evidence.SRVLookup {
		if name == "" {
			name = cmdName
		}
		// Repeated "timed out" lines of one query are one lookup.
		if lk != nil && lk.Outcome == evidence.DNSUnreachable && lk.Domain == domainOf(name) {
			lk.Resolver = server
			lk.Source = src(file, n)
			return lk
		}
		s.SRV = append(s.SRV, evidence.SRVLookup{Domain: domainOf(name), Resolver: server, Source: src(file, n)})
		lk = &s.SRV[len(s.SRV)-1]
		return lk
	}
	sawSOA := false
	other := &otherSRV{file: file, s: s}
	inOther := false // reading the answer of another SRV name (its additional lines are no KMS host)
	for i, l := range ls {
		t := foldColon(strings.TrimSpace(l))
		if t == "" {
			continue
		}
		n := ns[i]
		noteRedacted(s, file, n, t)
		if name := otherSRVName(t); name != "" {
			low := strings.ToLower(t)
			switch {
			case strings.HasPrefix(t, ">") || strings.Contains(low, "nslookup"):
				other.ask(name, n)
				inOther = false
				continue
			case strings.Contains(low, "srv service location") || bindSRVRe.MatchString(t):
				other.add(name, server, evidence.DNSFound, n)
				inOther, rec = true, nil
				continue
			case strings.HasPrefix(t, "***"):
				outcome := evidence.DNSError
				for _, r := range nsRcodes {
					if strings.Contains(low, strings.ToLower(r.Text)) {
						outcome = r.Outcome
						break
					}
				}
				other.add(name, server, outcome, n)
				inOther, rec = false, nil
				continue
			}
		}
		if m := bindSRVRe.FindStringSubmatch(t); m != nil && srvNameRe.MatchString(m[1]) {
			// BIND layout of a _vlmcs answer: "name service = prio weight port target".
			name := srvNameRe.FindStringSubmatch(m[1])[1]
			if lk == nil || lk.Outcome != evidence.DNSFound || domainOf(name) != lk.Domain {
				begin(n, name)
			}
			pr, _ := strconv.Atoi(m[2])
			w, _ := strconv.Atoi(m[3])
			pt, _ := strconv.Atoi(m[4])
			lk.Outcome, lk.Rcode = evidence.DNSFound, "NOERROR"
			lk.Records = append(lk.Records, evidence.SRVRecord{Priority: uint16(pr), Weight: uint16(w), Port: uint16(pt), Target: strings.TrimSuffix(m[5], ".")})
			rec, inOther = nil, false
			continue
		}
		if inOther && (inetRe.MatchString(t) || strings.Contains(t, " = ")) {
			continue // the other record's fields and additional addresses
		}
		if m := nsCmdRe.FindStringSubmatch(t); m != nil {
			cmdName = m[1]
			continue
		}
		if m := nsHostCmdRe.FindStringSubmatch(t); m != nil && !strings.HasPrefix(strings.ToLower(m[1]), "-") {
			hostCmd, hostType = m[1], ""
			if tm := nsTypeRe.FindStringSubmatch(t); tm != nil {
				hostType = strings.ToLower(tm[1])
			}
			continue
		}
		if hasPrefixAny(t, nsAnswerLabels) {
			continue
		}
		if hostLk < 0 && server == "" && !inServer && hostCmd != "" && hasPrefixAny(t, nsAddressLabels) {
			// The server's address under a server label of a language
			// the table does not know ("Serwer: UnKnown", then this line).
			_, v, _ := kv(t, ":")
			server = stripAddrPort(v)
			continue
		}
		if !inServer && hostCmd != "" && (hasPrefixAny(t, nsNameLabels) || isAnswerName(t, hostCmd)) {
			_, v, _ := kv(t, ":")
			s.Names = append(s.Names, evidence.NameLookup{Name: strings.TrimSuffix(v, "."), Resolver: server,
				Outcome: evidence.DNSFound, Source: src(file, n)})
			hostLk = len(s.Names) - 1
			continue
		}
		if hostLk >= 0 && (hasPrefixAny(t, nsAddressLabels) || net.ParseIP(stripAddrPort(t)) != nil) {
			v := t
			if _, vv, ok := kv(t, ":"); ok && net.ParseIP(stripAddrPort(t)) == nil {
				v = vv
			}
			if v != "" {
				s.Names[hostLk].Addrs = append(s.Names[hostLk].Addrs, stripAddrPort(v))
			}
			continue
		}
		if StartsNslookup(t) {
			_, v, _ := kv(t, ":")
			server = v
			inServer = true
			continue
		}
		if inServer {
			matched := false
			for _, a := range nsAddressLabels {
				if strings.HasPrefix(t, a) {
					v := stripAddrPort(strings.TrimSpace(strings.TrimPrefix(t, a)))
					if v != "" {
						server = v
					}
					matched = true
				}
			}
			if matched {
				inServer = false
				continue
			}
		}
		low := strings.ToLower(t)
		if strings.Contains(low, "srv service location") {
			name := ""
			if m := srvNameRe.FindStringSubmatch(t); m != nil {
				name = m[1]
			}
			if lk == nil || lk.Outcome != evidence.DNSFound || (name != "" && domainOf(name) != lk.Domain) {
				begin(n, name)
			}
			lk.Outcome = evidence.DNSFound
			lk.Rcode = "NOERROR"
			inOther = false
			lk.Records = append(lk.Records, evidence.SRVRecord{})
			rec = &lk.Records[len(lk.Records)-1]
			continue
		}
		if rec != nil {
			if k, v, ok := kv(t, "="); ok {
				num, _ := strconv.Atoi(v)
				switch strings.ToLower(k) {
				case "priority":
					rec.Priority = uint16(num)
				case "weight":
					rec.Weight = uint16(num)
				case "port":
					rec.Port = uint16(num)
				case "svr hostname":
					rec.Target = strings.TrimSuffix(v, ".")
				default:
					goto other
				}
				continue
			}
		}
	other:
		if m := inetRe.FindStringSubmatch(t); m != nil {
			s.Names = append(s.Names, evidence.NameLookup{Name: strings.TrimSuffix(m[1], "."), Resolver: server,
				Outcome: evidence.DNSFound, Addrs: []string{m[2]}, Source: src(file, n)})
			continue
		}
		if strings.HasPrefix(t, "***") {
			outcome, rcode := evidence.DNSError, ""
			for _, r := range nsRcodes {
				if strings.Contains(low, strings.ToLower(r.Text)) {
					outcome, rcode = r.Outcome, r.Rcode
					break
				}
			}
			if containsAny(low, nsTimeouts) {
				outcome = evidence.DNSUnreachable
			}
			name := ""
			if m := srvNameRe.FindStringSubmatch(t); m != nil {
				name = m[1]
			}
			if name == "" && !strings.Contains(low, "_vlmcs") {
				host := hostCmd
				if m := cantFindRe.FindStringSubmatch(t); m != nil {
					host = m[1] + m[2] + m[3] + m[4] + m[5]
				}
				if k := len(s.Names) - 1; host != "" && outcome == evidence.DNSUnreachable && k >= 0 &&
					s.Names[k].Outcome == evidence.DNSUnreachable && strings.EqualFold(s.Names[k].Name, strings.TrimSuffix(host, ".")) {
					// The closing "*** Request to UnKnown timed-out" of the
					// timeouts read already: the same lookup.
					s.Names[k].Resolver, s.Names[k].Source = server, src(file, n)
					hostLk = -1
					continue
				}
				if host != "" && outcome != evidence.DNSUnreachable && strings.EqualFold(host, hostCmd) && hostType != "" && hostType != "a" {
					// "nslookup -type=AAAA www.example.com" then "*** Can't
					// find www.example.com: No answer": the name has no
					// record of that type, which says nothing of whether
					// it resolves (as a KMS host's name must, to an
					// address).
					hostLk = -1
					continue
				}
				if host != "" {
					s.Names = append(s.Names, evidence.NameLookup{Name: strings.TrimSuffix(host, "."), Resolver: server,
						Outcome: outcome, Err: strings.TrimSpace(strings.TrimPrefix(t, "***")), Source: src(file, n)})
					hostLk = -1
					continue
				}
				if outcome != evidence.DNSUnreachable {
					continue // about another name
				}
			}
			lk := begin(n, name)
			lk.Outcome, lk.Rcode, lk.Err = outcome, rcode, strings.TrimSpace(strings.TrimPrefix(t, "***"))
			rec = nil
			continue
		}
		if strings.Contains(low, "primary name server") {
			sawSOA = true
			continue
		}
		if containsAny(low, nsTimeoutLines) {
			if cmdName == "" && hostCmd != "" {
				// A timeout of "nslookup HOST": the A lookup of HOST went
				// unanswered (repeated lines are one lookup).
				if k := len(s.Names) - 1; k >= 0 && s.Names[k].Outcome == evidence.DNSUnreachable && strings.EqualFold(s.Names[k].Name, hostCmd) {
					s.Names[k].Resolver, s.Names[k].Source = server, src(file, n)
				} else {
					s.Names = append(s.Names, evidence.NameLookup{Name: strings.TrimSuffix(hostCmd, "."), Resolver: server,
						Outcome: evidence.DNSUnreachable, Err: t, Source: src(file, n)})
				}
				hostLk = -1
				continue
			}
			lk := begin(n, cmdName)
			lk.Outcome, lk.Err = evidence.DNSUnreachable, t
			rec = nil
		}
	}
	other.flush(server)
	// An SOA answer to the _vlmcs query says there is no SRV record; an SOA
	// asked for another name (nslookup -type=soa example.com) says nothing.
	if sawSOA && lk == nil && strings.Contains(strings.ToLower(foldVlmcs(text)), "_vlmcs") {
		lk := begin(first, cmdName)
		lk.Outcome, lk.Rcode = evidence.DNSNoData, "NOERROR"
	}
	return nil
}

// stripAddrPort drops the port of an address pasted with one
// ("10.0.0.1:53", "10.0.0.1#53", "[fe80::1]:53"); other values are returned
// as they are.
func stripAddrPort(v string) string {
	if m := addrPortRe.FindStringSubmatch(v); m != nil {
		return m[1] + m[2]
	}
	return v
}
