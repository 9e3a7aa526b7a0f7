package runbook

import (
	"fmt"
	"os"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func TestReadPortqry(t *testing.T) {
	real, err := os.ReadFile("testdata/en_portqry_smtp25_listening_notkms_kb310298_partial.txt")
	if err != nil {
		t.Fatal(err)
	}
	const kms = "Querying target system called:\n\n kms.example.test\n\nAttempting to resolve name to IP address...\n\n\nName resolved to 10.0.0.5\n\nquerying...\n\nTCP port 1688 (unknown service): %s\n"
	for _, tc := range []struct {
		name, in      string
		tcp           int
		outcome, host string
		addr          string
		notes         int
	}{
		{"real, another port", string(real), 0, "", "", "", 1},
		{"listening", fmt.Sprintf(kms, "LISTENING"), 1, evidence.TCPOK, "kms.example.test", "10.0.0.5:1688", 0},
		{"not listening", fmt.Sprintf(kms, "NOT LISTENING"), 1, evidence.TCPRefused, "kms.example.test", "10.0.0.5:1688", 0},
		{"filtered", fmt.Sprintf(kms, "FILTERED"), 1, evidence.TCPTimeout, "kms.example.test", "10.0.0.5:1688", 0},
		{"command line, udp", "C:\\PortQry> portqry -n 10.1.2.3 -e 1688 -p both\nTCP port 1688 (unknown service): LISTENING\nUDP port 1688 (unknown service): LISTENING or FILTERED\n", 1, evidence.TCPOK, "10.1.2.3", "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !DetectPortqry(tc.in) {
				t.Fatal("not detected")
			}
			var s evidence.Set
			if err := ReadPortqry("f", 1, tc.in, &s); err != nil {
				t.Fatal(err)
			}
			if len(s.TCP) != tc.tcp || len(s.Notes) != tc.notes {
				t.Fatalf("tcp %+v notes %+v", s.TCP, s.Notes)
			}
			if tc.tcp == 1 && (s.TCP[0].Outcome != tc.outcome || s.TCP[0].Host != tc.host || s.TCP[0].Addr != tc.addr) {
				t.Errorf("tcp %+v", s.TCP[0])
			}
		})
	}
	for _, in := range []string{"the port 1688 is open", "TCP port 1688 is LISTENING I think"} {
		if DetectPortqry(in) {
			t.Errorf("DetectPortqry(%q)", in)
		}
	}
}

func FuzzReadPortqry(f *testing.F) {
	f.Add("Querying target system called:\n\n x\n\nTCP port 1688 (unknown service): LISTENING\n")
	f.Add("portqry -n h -e 1688\nTCP port 1688 (x): FILTERED\n")
	f.Fuzz(func(t *testing.T, text string) {
		if DetectPortqry(text) {
			var s evidence.Set
			_ = ReadPortqry("f", 1, text, &s)
		}
	})
}
