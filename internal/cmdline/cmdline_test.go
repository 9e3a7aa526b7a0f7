package cmdline

import (
	"errors"
	"strings"
	"testing"
)

// The shell models below read a command line the way each shell does, as
// far as kmsdoctor's lines go, and fail on anything the shell would treat
// as code: an operator outside quotes, an expansion, a parameter.

var errCode = errors.New("the shell would run or expand part of it")

// parseCmd splits a line as cmd and then the program's argument parser
// (CommandLineToArgvW) do.
func parseCmd(line string) ([]string, error) {
	in := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '%' || c == '!': // expanded in and out of quotes
			return nil, errCode
		case c == '"':
			in = !in
		case !in && strings.IndexByte("&|<>()^", c) >= 0:
			return nil, errCode
		case c < 0x20 || c > 0x7e:
			return nil, errCode
		}
	}
	var args []string
	var cur strings.Builder
	have, quoted := false, false
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == '\\':
			n := 0
			for i < len(line) && line[i] == '\\' {
				n++
				i++
			}
			if i < len(line) && line[i] == '"' {
				cur.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					cur.WriteByte('"')
					i++
				}
			} else {
				cur.WriteString(strings.Repeat(`\`, n))
			}
			have = true
			continue
		case c == '"':
			if quoted && i+1 < len(line) && line[i+1] == '"' {
				cur.WriteByte('"')
				i += 2
				continue
			}
			quoted = !quoted
			have = true
		case c == ' ' && !quoted:
			if have {
				args = append(args, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteByte(c)
			have = true
		}
		i++
	}
	if have {
		args = append(args, cur.String())
	}
	return args, nil
}

// parseBash splits a line into words as a POSIX shell does.
func parseBash(line string, dq string) ([]string, error) {
	var args []string
	var cur strings.Builder
	have := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				return nil, errCode
			}
			cur.WriteString(line[i+1 : i+1+j])
			i += j + 1
			have = true
		case c == '"':
			j := strings.IndexByte(line[i+1:], '"')
			if j < 0 {
				return nil, errCode
			}
			body := line[i+1 : i+1+j]
			if strings.ContainsAny(body, dq) {
				return nil, errCode
			}
			cur.WriteString(body)
			i += j + 1
			have = true
		case c == '\\' && i+1 < len(line) && line[i+1] >= 0x21 && line[i+1] <= 0x7e:
			cur.WriteByte(line[i+1])
			i++
			have = true
		case c == ' ':
			if have {
				args = append(args, cur.String())
				cur.Reset()
				have = false
			}
		case strings.IndexByte("|&;<>()$`\\*?[]#~=%!{}^,\t\n", c) >= 0 || c < 0x20 || c > 0x7e:
			return nil, errCode
		default:
			cur.WriteByte(c)
			have = true
		}
	}
	if have {
		args = append(args, cur.String())
	}
	return args, nil
}

// parsePS splits a line of cmdlet arguments as PowerShell's argument mode
// does, for words that are bare or wholly single-quoted.
func parsePS(line string) ([]string, error) {
	var args []string
	for i := 0; i < len(line); {
		if line[i] == ' ' {
			i++
			continue
		}
		if line[i] == '\'' {
			var b strings.Builder
			i++
			for {
				if i >= len(line) {
					return nil, errCode
				}
				if line[i] == '\'' {
					if i+1 < len(line) && line[i+1] == '\'' {
						b.WriteByte('\'')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(line[i])
				i++
			}
			if i < len(line) && line[i] != ' ' {
				return nil, errCode
			}
			args = append(args, b.String())
			continue
		}
		j := strings.IndexByte(line[i:], ' ')
		if j < 0 {
			j = len(line) - i
		}
		w := line[i : i+j]
		if strings.ContainsAny(w, "$`'\"@{}()[];,|&<>#:=%!*?~+") || w[0] == '-' || w[0] == '.' ||
			w[0] >= '0' && w[0] <= '9' && strings.Count(w, ".") != 3 && !(allDigits(w) && len(w) <= 9 && (w[0] != '0' || w == "0")) {
			return nil, errCode
		}
		for k := 0; k < len(w); k++ {
			if w[k] < 0x21 || w[k] > 0x7e {
				return nil, errCode
			}
		}
		args = append(args, w)
		i += j
	}
	return args, nil
}

// readAs parses a quoted argument for sh; az must read the same in cmd and
// in bash.
func readAs(sh Shell, q string) ([]string, error) {
	switch sh {
	case Cmd:
		return parseCmd(q)
	case PowerShell:
		return parsePS(q)
	case Bash:
		return parseBash(q, "$`\\\"!")
	case Az:
		a, err := parseCmd(q)
		if err != nil {
			return nil, err
		}
		b, err := parseBash(q, "$`\\\"!")
		if err != nil {
			return nil, err
		}
		if strings.Join(a, "\x00") != strings.Join(b, "\x00") {
			return nil, errCode
		}
		return a, nil
	}
	return nil, errCode
}

var shells = []Shell{Cmd, PowerShell, Bash, Az}

var hostile = []string{
	"kms&calc.exe&.corp.test", "kms01&calc.exe&", "&calc.exe&", "$(calc)", "`calc`", "a;calc", "a|calc",
	"%PATH%", "!x!", "a'b", `a"b`, "a\nb", "a\x00b", "-x", "--help", "a b", `C:\dir\`, `a\"b`, "a^b",
	"ｋｍｓ＆calc", "kms–x", "‘x’", "“x”", "(x)", "<x>", "x>y", "$env:PATH", "@x", "1e5", "0x10", "1kb",
	"a,b", "a=b", "~root", "*", "#x", "{x}", "[x]", strings.Repeat("a", 300), "", "kms1.corp.test", "10.0.0.5",
	"fe80::1", "rg(1)", "host:1688", `\\srv\share`,
}

func TestQuoteHostile(t *testing.T) {
	for _, sh := range shells {
		for _, v := range hostile {
			q, ok := Quote(sh, v)
			if !ok {
				continue
			}
			args, err := readAs(sh, q)
			if err != nil || len(args) != 1 || args[0] != v {
				t.Errorf("%s: Quote(%q) = %s, read back as %q (%v)", sh, v, q, args, err)
			}
		}
	}
}

func TestQuoteTable(t *testing.T) {
	tests := []struct {
		sh   Shell
		v    string
		want string // "" = refused
	}{
		{Cmd, "kms1.corp.test", "kms1.corp.test"},
		{Cmd, "kms1.corp.test:1688", "kms1.corp.test:1688"},
		{Cmd, "kms&calc.exe&.corp.test", `"kms&calc.exe&.corp.test"`},
		{Cmd, "a b", `"a b"`},
		{Cmd, "%PATH%", ""},
		{Cmd, "!x!", ""},
		{Cmd, `a"b`, ""},
		{Cmd, "a^b", ""},
		{Cmd, "a\nb", ""},
		{Cmd, `C:\dir\`, `C:\dir\`},
		{Cmd, `C:\my dir\`, ""},
		{Cmd, "ｋｍｓ", ""},
		{PowerShell, "kms1.corp.test", "kms1.corp.test"},
		{PowerShell, "10.0.0.5", "10.0.0.5"},
		{PowerShell, "fe80::1", "'fe80::1'"},
		{PowerShell, "1e5", "'1e5'"},
		{PowerShell, "kms01&calc.exe&", "'kms01&calc.exe&'"},
		{PowerShell, "$(calc)", "'$(calc)'"},
		{PowerShell, "a'b", "'a''b'"},
		{PowerShell, "-x", "'-x'"},
		{PowerShell, "‘x’", ""},
		{Bash, "a'b", `'a'\''b'`},
		{Bash, "$(calc)", "'$(calc)'"},
		{Az, "rg-spoke", "rg-spoke"},
		{Az, "rg(1)", `"rg(1)"`},
		{Az, "a'b", `"a'b"`},
		{Az, "$(calc)", ""},
		{Az, "%PATH%", ""},
		{Cmd, strings.Repeat("a", 300), ""},
		{Cmd, "[2001:db8::1]:1688", "[2001:db8::1]:1688"},
		{PowerShell, "1688", "1688"},
		{PowerShell, "01688", "'01688'"},
	}
	for _, tt := range tests {
		got, ok := Quote(tt.sh, tt.v)
		if !ok {
			got = ""
		}
		if got != tt.want {
			t.Errorf("%s: Quote(%q) = %q, %v; want %q", tt.sh, tt.v, got, ok, tt.want)
		}
	}
}

func TestValidators(t *testing.T) {
	hosts := map[string]string{
		"kms1.corp.test": "kms1.corp.test", "kms1.corp.test.": "kms1.corp.test", "KMS1": "KMS1", "10.0.0.5": "10.0.0.5",
		"fe80::1": "fe80::1", "[2001:db8::1]": "2001:db8::1",
		"kms&calc.exe&.corp.test": "", "kms01&calc.exe&": "", "-x": "", "a..b": "", "a-.b": "", "": "",
		"ｋｍｓ.corp": "", "kms_1.corp": "", "a b": "", "1.2.3.999": "", "fe80::1%eth0": "", strings.Repeat("a", 64) + ".test": "",
	}
	for in, want := range hosts {
		got, ok := Host(in)
		if ok != (want != "") || got != want {
			t.Errorf("Host(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := Domain("10.0.0.1"); ok {
		t.Error("an address is not a domain")
	}
	if d, ok := Domain("corp.test."); !ok || d != "corp.test" {
		t.Errorf("Domain = %q %v", d, ok)
	}
	if _, ok := Domain("-x"); ok {
		t.Error("Domain(-x)")
	}
	if k, ok := ProductKey("nrg8b-vkk3q-cxvcj-9g2xf-6q84j"); !ok || k != "NRG8B-VKK3Q-CXVCJ-9G2XF-6Q84J" {
		t.Errorf("ProductKey = %q %v", k, ok)
	}
	for _, k := range []string{"NRG8B-VKK3Q-CXVCJ-9G2XF-6Q84", "NRG8B-VKK3Q-CXVCJ-9G2XF&6Q84J", "<GVLK>"} {
		if _, ok := ProductKey(k); ok {
			t.Errorf("ProductKey(%q) accepted", k)
		}
	}
	if c, ok := Code("0xc004f074"); !ok || c != "0xC004F074" {
		t.Errorf("Code = %q", c)
	}
	for _, c := range []string{"0xC004F07", "C004F074", "0xC004F07G", "0xC004F074&x"} {
		if _, ok := Code(c); ok {
			t.Errorf("Code(%q) accepted", c)
		}
	}
	for _, p := range []int{0, -1, 65536} {
		if _, ok := Port(p); ok {
			t.Errorf("Port(%d)", p)
		}
	}
	if p, ok := PortString("1688"); !ok || p != 1688 {
		t.Error("PortString")
	}
	for n, ok := range map[string]bool{"rg-spoke": true, "rg(1)": true, "rg.": false, "-rg": false, "rg;x": false, "rg x": false, "": false} {
		if _, got := Name(n); got != ok {
			t.Errorf("Name(%q) = %v", n, got)
		}
	}
}

func TestBuild(t *testing.T) {
	l := Build(Cmd, Lit("dnscmd /RecordDelete"), Val("corp.test", "<DOMAIN>"), Lit("_vlmcs._tcp SRV 0 0 1688"),
		Invalid("kms&calc.exe&.corp.test", "<KMS-HOST>"), Lit("/f"))
	if l.Run != "dnscmd /RecordDelete corp.test _vlmcs._tcp SRV 0 0 1688 <KMS-HOST> /f" {
		t.Errorf("run %q", l.Run)
	}
	if len(l.Holes) != 1 || l.Holes[0] != "<KMS-HOST>" || len(l.Refused) != 1 || l.Refused[0].Value != "kms&calc.exe&.corp.test" {
		t.Errorf("holes %v refused %v", l.Holes, l.Refused)
	}
	l = Build(Cmd, Lit("nslookup -type=srv"), Cat(Lit("_vlmcs._tcp."), Val("corp.test", "<DOMAIN>")))
	if l.Run != "nslookup -type=srv _vlmcs._tcp.corp.test" || len(l.Holes) != 0 {
		t.Errorf("run %q %v", l.Run, l.Holes)
	}
	l = Build(Cmd, Lit("nslookup -type=srv"), Cat(Lit("_vlmcs._tcp."), Hole("<DOMAIN>")))
	if l.Run != "nslookup -type=srv _vlmcs._tcp.<DOMAIN>" || len(l.Holes) != 1 {
		t.Errorf("run %q %v", l.Run, l.Holes)
	}
	l = Build(PowerShell, Lit("Test-NetConnection"), Hole("<KMS-HOST>"), Lit("-Port 1688"))
	if l.Run != "Test-NetConnection '<KMS-HOST>' -Port 1688" {
		t.Errorf("run %q", l.Run)
	}
	l = Build(Cmd, Lit("x"), Val("%PATH%", "<V>"))
	if l.Run != "x <V>" || len(l.Refused) != 1 {
		t.Errorf("run %q %v", l.Run, l.Refused)
	}
	l = Build(Cmd, Lit("x"), Cat(Lit("/sethst:"), Val("a b", "<H>")))
	if l.Run != `x "/sethst:a b"` {
		t.Errorf("run %q", l.Run)
	}
	if a, _ := parseCmd(l.Run); len(a) != 2 || a[1] != "/sethst:a b" {
		t.Errorf("read back %q", a)
	}
}

// FuzzQuote: whatever the value, Quote refuses it or writes one argument
// the shell reads back as the value, with nothing left to run or expand.
func FuzzQuote(f *testing.F) {
	for _, v := range hostile {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, sh := range shells {
			q, ok := Quote(sh, v)
			if !ok {
				continue
			}
			args, err := readAs(sh, q)
			if err != nil || len(args) != 1 || args[0] != v {
				t.Fatalf("%s: Quote(%q) = %s, read back as %q (%v)", sh, v, q, args, err)
			}
		}
	})
}
