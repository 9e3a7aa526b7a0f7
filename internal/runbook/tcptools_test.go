package runbook

import (
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// telnet and netcat tests, constructed with the tools' own English
// strings; other ports are not theirs (heldout7's telnet to port 23 stays
// unrecognised, as its expectation says).
func TestReadTCPTools(t *testing.T) {
	for _, tc := range []struct {
		in, outcome, host string
	}{
		{"C:\\>telnet kms.contoso.com 1688\nConnecting To kms.contoso.com...Could not open connection to the host, on port 1688: Connect failed\n", evidence.TCPError, "kms.contoso.com"},
		{"$ nc -zv 192.168.1.10 1688\nConnection to 192.168.1.10 1688 port [tcp/*] succeeded!\n", evidence.TCPOK, "192.168.1.10"},
		{"nc: connect to 192.168.1.10 port 1688 (tcp) failed: Connection timed out\n", evidence.TCPTimeout, "192.168.1.10"},
		{"$ telnet 192.168.1.10 1688\nTrying 192.168.1.10...\ntelnet: Unable to connect to remote host: No route to host\n", evidence.TCPUnreachable, "192.168.1.10"},
		{"$ telnet kms 1688\nTrying 10.0.0.5...\nConnected to kms.\nEscape character is '^]'.\n", evidence.TCPOK, "kms"},
		{"Ncat: Version 7.94\nNcat: Connected to 10.0.0.5:1688.\n", evidence.TCPOK, "10.0.0.5"},
	} {
		if !DetectTCPTools(tc.in) {
			t.Errorf("not detected: %q", tc.in)
			continue
		}
		var s evidence.Set
		_ = ReadTCPTools("f", 1, tc.in, &s)
		if len(s.TCP) != 1 || s.TCP[0].Outcome != tc.outcome || s.TCP[0].Host != tc.host || s.TCP[0].Port != KMSPort {
			t.Errorf("%q: %+v", tc.in, s.TCP)
		}
	}
	for _, in := range []string{
		"C:\\Users\\marce>TELNET 127.0.0.1:12800\nConnecting To 127.0.0.1:12800...Could not open connection to the host, on port 23: Connect failed\n",
		"telnet 127.0.0.1 8990\nTrying 127.0.0.1\ntelnet: Unable to connect to remote host: Connection refused\n",
		"I ran telnet on 1688 and it could not connect\n",
	} {
		if DetectTCPTools(in) {
			t.Errorf("DetectTCPTools(%q)", in)
		}
	}
}

func FuzzReadTCPTools(f *testing.F) {
	f.Add("telnet h 1688\nConnected to h.\n")
	f.Add("nc: connect to h port 1688 (tcp) failed: Connection refused\n")
	f.Fuzz(func(t *testing.T, text string) {
		if DetectTCPTools(text) {
			var s evidence.Set
			_ = ReadTCPTools("f", 1, text, &s)
		}
	})
}
