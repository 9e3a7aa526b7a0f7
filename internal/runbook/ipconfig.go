package runbook

import (
	"net"
	"regexp"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// ipconfig and ipconfig /all: the DNS set-up of each adapter (the
// connection-specific DNS suffix and the DNS servers) and the global
// primary suffix and search list, in English, Japanese and Chinese. These
// are the suffix and servers KMS discovery uses for its SRV lookup; the
// output observes no stage itself (evidence.DNSClientConfig).
//
// Each line is "Label . . . . . : value"; a value spread over several
// lines (DNS servers, search list) continues on indented lines without a
// label. Labels are one row per language; Confirmed rows were seen in real
// outputs (testdata/SOURCES.md).

type ipField int

const (
	ipNone ipField = iota
	ipSuffix
	ipPrimary
	ipSearch
	ipServers
	ipMedia
)

var ipLabels = []struct {
	Text      string
	Field     ipField
	Lang      string
	Confirmed bool
}{
	{"Connection-specific DNS Suffix", ipSuffix, "en", true},
	{"Primary Dns Suffix", ipPrimary, "en", true},
	{"DNS Suffix Search List", ipSearch, "en", true},
	{"DNS Servers", ipServers, "en", true},
	{"Media State", ipMedia, "en", true},
	{"接続固有の DNS サフィックス", ipSuffix, "ja", true},
	{"プライマリ DNS サフィックス", ipPrimary, "ja", true},
	{"DNS サフィックス検索一覧", ipSearch, "ja", false},
	{"DNS サーバー", ipServers, "ja", true},
	{"メディアの状態", ipMedia, "ja", true},
	{"连接特定的 DNS 后缀", ipSuffix, "zh-CN", true},
	{"主 DNS 后缀", ipPrimary, "zh-CN", true},
	{"DNS 后缀搜索列表", ipSearch, "zh-CN", true},
	{"DNS 服务器", ipServers, "zh-CN", true},
	{"媒体状态", ipMedia, "zh-CN", true},
	{"連線特定 DNS 尾碼", ipSuffix, "zh-TW", false},
	{"主要 DNS 尾碼", ipPrimary, "zh-TW", false},
	{"DNS 尾碼搜尋清單", ipSearch, "zh-TW", false},
	{"DNS 伺服器", ipServers, "zh-TW", false},
	{"媒體狀態", ipMedia, "zh-TW", false},
}

// ipHeaders begin the output ("Windows IP Configuration"); Windows 2000
// printed its name in it.
var ipHeaders = []string{"Windows IP Configuration", "Windows 2000 IP Configuration", "Windows IP 構成", "Windows IP 配置", "Windows IP 設定"}

var (
	// "   Label . . . . : value" (the leader may be dots, blanks or both;
	// Japanese puts the colon right after the dots).
	ipLineRe = regexp.MustCompile(`^\s*([^:：]*?[^\s.:：])[\s.]*[:：]\s?(.*)$`)
	// A labelled line with a dotted leader, as ipconfig writes them.
	ipLeaderRe = regexp.MustCompile(`\. ?\.\s*[:：]|\. \. |\s\.\s*[:：]`)
)

// ipLabel returns the field of label (blanks and case ignored).
func ipLabel(label string) ipField {
	k := strings.ToLower(strings.Join(strings.Fields(label), ""))
	for _, l := range ipLabels {
		if strings.ToLower(strings.ReplaceAll(l.Text, " ", "")) == k {
			return l.Field
		}
	}
	return ipNone
}

// isIPHeader reports whether t (trimmed) is the first line of ipconfig.
func isIPHeader(t string) bool {
	for _, h := range ipHeaders {
		if strings.EqualFold(t, h) {
			return true
		}
	}
	return false
}

// DetectIpconfig reports whether text is ipconfig output: its header, or a
// DNS label of ipconfig on a line with its dotted leader.
func DetectIpconfig(text string) bool {
	if !strings.Contains(text, "DNS") && !strings.Contains(text, "IP ") {
		return false
	}
	for l := range strings.SplitSeq(text, "\n") {
		t := strings.TrimSpace(strings.TrimRight(l, "\r"))
		if isIPHeader(t) {
			return true
		}
		if ipLeaderRe.MatchString(t) {
			if m := ipLineRe.FindStringSubmatch(t); m != nil {
				switch ipLabel(m[1]) {
				case ipSuffix, ipPrimary, ipServers:
					return true
				}
			}
		}
	}
	return false
}

// StartsIpconfig reports whether line begins an ipconfig output.
func StartsIpconfig(line string) bool { return isIPHeader(strings.TrimSpace(line)) }

// ReadIpconfig reads one ipconfig output into s: an entry per connected
// adapter that has a DNS suffix or servers, and the global suffixes
// (Adapter "") when set.
func ReadIpconfig(file string, first int, text string, s *evidence.Set) error {
	ls, ns := lines(first, text)
	global := evidence.DNSClientConfig{Source: src(file, first)}
	var (
		cur          *evidence.DNSClientConfig
		out          []evidence.DNSClientConfig
		disconnected bool
		last         ipField // the field a continuation line adds to
	)
	end := func() {
		if cur != nil && !disconnected && (cur.Suffix != "" || len(cur.Servers) > 0) {
			out = append(out, *cur)
		}
		cur, disconnected = nil, false
	}
	for i, l := range ls {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		n := ns[i]
		indented := l != strings.TrimLeft(l, " \t")
		if !indented && (strings.HasSuffix(t, ":") || strings.HasSuffix(t, "：")) && !ipLeaderRe.MatchString(t) {
			// An adapter heading: "Ethernet adapter Ethernet0:".
			end()
			name := strings.TrimRight(t, ":：")
			cur = &evidence.DNSClientConfig{Adapter: name, Source: src(file, n)}
			last = ipNone
			continue
		}
		m := ipLineRe.FindStringSubmatch(l)
		if m == nil || !ipLeaderRe.MatchString(t) {
			// A continuation line of a list value.
			if indented && last != ipNone {
				addIP(&global, cur, last, t)
			}
			continue
		}
		noteRedacted(s, file, n, t)
		f, v := ipLabel(m[1]), strings.TrimSpace(m[2])
		last = ipNone
		switch f {
		case ipServers, ipSearch:
			last = f
			if v != "" {
				addIP(&global, cur, f, v)
			}
		case ipSuffix:
			if cur != nil {
				cur.Suffix = v
			}
		case ipPrimary:
			global.Suffix = v
		case ipMedia:
			disconnected = true // any media state shown is "disconnected"
		}
	}
	end()
	if global.Suffix != "" || len(global.SearchList) > 0 {
		s.DNSConfig = append(s.DNSConfig, global)
	}
	s.DNSConfig = append(s.DNSConfig, out...)
	return nil
}

// addIP adds value v to list field f: servers of the current adapter, the
// search list of the global part.
func addIP(global, cur *evidence.DNSClientConfig, f ipField, v string) {
	switch f {
	case ipServers:
		if cur != nil && net.ParseIP(strings.SplitN(v, "%", 2)[0]) != nil {
			cur.Servers = append(cur.Servers, v)
		}
	case ipSearch:
		global.SearchList = append(global.SearchList, v)
	}
}
