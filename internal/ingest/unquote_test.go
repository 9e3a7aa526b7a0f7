package ingest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func TestUnquote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"> a\n> b\n>\n> c\n", "a\nb\n\nc\n"},
		{">a\n>b\n>c", "a\nb\nc"},
		{"1  a\n2  b\n3\n4: c\n", "a\nb\n\nc\n"},
		{"10 | a\n11 | b\n12 | c", "a\nb\nc"},
		{"1. a\n2. b\n\n3. c", "1. a\n2. b\n\n3. c"}, // a list, not line numbers
		// Not quoting: an nslookup session, numbers that do not count up,
		// too few lines, times.
		{"> set type=srv\nServer: x\nAddress: 10.0.0.1\n> _vlmcs._tcp\n", "> set type=srv\nServer: x\nAddress: 10.0.0.1\n> _vlmcs._tcp\n"},
		{"12:00:01 a\n12:00:03 b\n12:00:05 c\n", "12:00:01 a\n12:00:03 b\n12:00:05 c\n"},
		{"> a\n> b\n", "> a\n> b\n"},
		{"1 a\n3 b\n4 c\n", "1 a\n3 b\n4 c\n"},
		{"", ""},
	} {
		if got := unquote(tc.in); got != tc.want {
			t.Errorf("unquote(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzUnquote: unquote keeps one line per line and never grows the text.
func FuzzUnquote(f *testing.F) {
	f.Add("> a\n> b\n> c\n")
	f.Add("1  a\n2  b\n3  c")
	f.Fuzz(func(t *testing.T, in string) {
		out := unquote(in)
		if strings.Count(out, "\n") != strings.Count(in, "\n") || len(out) > len(in) {
			t.Fatalf("unquote(%q) = %q", in, out)
		}
	})
}

// TestQuotedPasteRead: a zh-CN slmgr /ato success quoted with "> " and
// with line numbers (constructed from the real heldout3 vircloud paste) is
// read as the plain paste: the product is Licensed, the line is the file's.
func TestQuotedPasteRead(t *testing.T) {
	plain := "[C:\\Program Files\\Microsoft Office\\Office16]$ slmgr /ato\n\n正在激活 Windows(R), EnterpriseS edition\n(*-*-*-*-*)...\n成功地激活了产品\n"
	quoted, numbered := "", ""
	for i, l := range strings.Split(strings.TrimSuffix(plain, "\n"), "\n") {
		quoted += "> " + l + "\n"
		numbered += strconv.Itoa(i+1) + "  " + l + "\n"
	}
	for name, text := range map[string]string{"plain": plain, "quoted": quoted, "numbered": numbered, "crlf quoted": strings.ReplaceAll(quoted, "\n", "\r\n")} {
		var s evidence.Set
		if !Text("t.txt", text, &s) || len(s.Products) != 1 || s.Products[0].Status != evidence.StatusLicensed || s.Products[0].Lines["status"] != 5 {
			t.Errorf("%s: products %+v", name, s.Products)
		}
	}
}

// TestTwoOutputsOneTicket: an nslookup and a zh-CN slmgr /ato error pasted
// in one file (constructed from the real heldout4 itblogno and heldout
// dockerkms41 pastes): the nslookup kind reads the segment, and the /ato
// line, in a layout slmgr does not match, still gives its code; an ospp
// output's information code (0x4004F040) and its message text do not.
func TestTwoOutputsOneTicket(t *testing.T) {
	ns := "_vlmcs._tcp.contoso.com         SRV service location:\n          priority       = 0\n          weight         = 0\n          port           = 1688\n          svr hostname   = kmshost.contoso.com\nkmshost.contoso.com        internet address = 10.0.0.99\n"
	ato := "正在激活Windows（R)，ProfessionalWorkstationedition (82bbc092-bc50-4e16-8e18-b74fc486aec3). 错误：0xC004F074软件授权服务报告无法激活计算机。无法联系任何密钥管理服务 (KMS)。有关其他信息，请参阅应用程序事件日志。\n"
	var s evidence.Set
	Text("t.txt", ns+"\n"+ato, &s)
	if len(s.SRV) != 1 || len(s.Codes) != 1 || s.Codes[0].Code != "0xC004F074" || s.Codes[0].Source.Line != 8 {
		t.Errorf("srv %d, codes %+v", len(s.SRV), s.Codes)
	}
	// A MAS check line (heldout mas1496) names its code with no error
	// word; a w32tm ReferenceId is no code.
	s = evidence.Set{}
	Text("t.txt", ns+"\nChecking SoftwareLicensingService       [Not Working] [0xC0000022]\n", &s)
	if len(s.Codes) != 1 || s.Codes[0].Code != "0xC0000022" {
		t.Errorf("mas line: codes %+v", s.Codes)
	}
	s = evidence.Set{}
	Text("t.txt", "Leap Indicator: 0(no warning)\nStratum: 3 (secondary reference - syncd by (S)NTP)\nReferenceId: 0xC0A80001 (source IP:  192.168.0.1)\nSource: pool.ntp.org\n", &s)
	if len(s.TimeSync) != 1 || len(s.Codes) != 0 {
		t.Errorf("w32tm: sync %d, codes %+v", len(s.TimeSync), s.Codes)
	}
	// A stripchart sample that timed out (heldout6 ntpnotes) is the time
	// sample's code (Kind.Claims), not a licensing failure; the run is
	// measured by its other samples.
	s = evidence.Set{}
	Text("t.txt", "Tracking time.windows.com [13.66.62.111:123].\nThe current time is 4/3/2017 9:56:11 AM.\n09:56:11 d:+00.0623991s o:-00.6887759s  [                         * |                           ]\n09:56:13 error: 0x800705B4\n09:56:16 d:+00.0467987s o:-02.6877832s  [                    *      |                           ]\n", &s)
	if len(s.Clock) != 1 || s.Clock[0].Err != "" || len(s.Codes) != 0 {
		t.Errorf("stripchart: clock %+v, codes %+v", s.Clock, s.Codes)
	}
}
