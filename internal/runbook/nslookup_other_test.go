package runbook

import (
	"fmt"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestOCRVlmcs: _vlmcs._tcp as text recognition of a screenshot gives it
// (l read as 1, I or |) is the KMS record, never "another SRV name". The
// first case is the layout of a real OCR'd page (heldout2's programming4us
// artifact); the others are constructed.
func TestOCRVlmcs(t *testing.T) {
	tests := []struct{ name, text, domain string }{
		{"1 for l", "Server: dns01.domain.local\nAddress: 192.168.0.1\n_v1mcs._tcp.corp.example SRV service location:\npriority = 0\nweight = 0\nport = 1688\nsvr hostname = kms.corp.example\n", "corp.example"},
		{"capital I for l", "Server: dns01\nAddress: 10.0.0.1\n_vImcs._tcp.corp.example SRV service location:\n port = 1688\n svr hostname = kms.corp.example\n", "corp.example"},
		{"pipe for l, failure", "Server: dns01\nAddress: 10.0.0.1\n\n*** dns01 can't find _v|mcs._tcp.corp.example: Non-existent domain\n", "corp.example"},
	}
	for _, tt := range tests {
		if !DetectNslookup(tt.text) {
			t.Errorf("%s: not detected", tt.name)
			continue
		}
		var s evidence.Set
		if err := ReadNslookup("in.txt", 1, tt.text, &s); err != nil {
			t.Fatal(err)
		}
		if len(s.SRV) != 1 || s.SRV[0].Domain != tt.domain || len(s.OtherSRV) != 0 {
			t.Errorf("%s: SRV %+v, other %+v", tt.name, s.SRV, s.OtherSRV)
		}
	}
	// Other words keep their letters.
	if got := foldVlmcs("_v1mcsx._tcp and v1mcs"); got != "_v1mcsx._tcp and v1mcs" {
		t.Errorf("foldVlmcs changed %q", got)
	}
}

// TestHostTimeout: the "DNS request timed out." lines of "nslookup HOST"
// are one unanswered A lookup of HOST, not a _vlmcs query (constructed, in
// the layout of a real Chinese Windows output).
func TestHostTimeout(t *testing.T) {
	tail := "DNS request timed out.\n    timeout was 2 seconds.\n服务器:  UnKnown\nAddress:  192.0.2.53\n\nDNS request timed out.\n    timeout was 2 seconds.\nDNS request timed out.\n    timeout was 2 seconds.\n"
	for _, text := range []string{
		"nslookup example.com 192.0.2.53\n" + tail,
		// Options before the name, a prompt, and the closing line in
		// Chinese ("*** 请求 UnKnown 超时"), as heldout10's xray652 shows them.
		"C:\\Windows\\system32>nslookup -timeout=10 example.com 192.0.2.53\n" + tail + "*** 请求 UnKnown 超时\n",
		"nslookup -timeout=2 -retry=1 example.com 192.0.2.53\n" + tail,
		// The timeout lines localised (zh-CN, zh-TW).
		"nslookup example.com 192.0.2.53\nDNS 请求超时。\n服务器:  UnKnown\nAddress:  192.0.2.53\n\nDNS 请求超时。\n*** 请求 UnKnown 超时\n",
		"nslookup example.com 192.0.2.53\nDNS 要求逾時。\n伺服器:  UnKnown\nAddress:  192.0.2.53\n\nDNS 要求逾時。\n",
	} {
		var s evidence.Set
		if err := ReadNslookup("in.txt", 1, text, &s); err != nil {
			t.Fatal(err)
		}
		if len(s.SRV) != 0 || len(s.Names) != 1 || s.Names[0].Name != "example.com" || s.Names[0].Outcome != evidence.DNSUnreachable || s.Names[0].Resolver != "192.0.2.53" {
			t.Errorf("%q: SRV %+v, names %+v", text, s.SRV, s.Names)
		}
	}
}

// TestW32tmVerboseBlock: the second block of w32tm /query /status /verbose
// pasted alone is a status; its state machine and last sync error say
// whether the clock is synchronised (the first case is a real output,
// heldout7 jeanotes; the others are constructed from it).
func TestW32tmVerboseBlock(t *testing.T) {
	block := "Phase Offset: -0.0000049s\nClockRate: 0.0156250s\nState Machine: %s\nTime Source Flags: 8 (SignatureAuthenticated)\nServer Role: 0 (None)\nLast Sync Error: %s\nTime since Last Good Sync Time: 947.7096578s\n"
	tests := []struct {
		name, state, err string
		unsynced         bool
	}{
		{"synced", "2 (Sync)", "0 (The command completed successfully.)", false},
		{"unset", "0 (Unset)", "0 (The command completed successfully.)", true},
		{"sync error", "1 (Hold)", "1 (The computer did not resync because no time data was available.)", true},
	}
	for _, tt := range tests {
		text := fmt.Sprintf(block, tt.state, tt.err)
		if !DetectW32tm(text) {
			t.Errorf("%s: not detected", tt.name)
			continue
		}
		var s evidence.Set
		if err := ReadW32tm("in.txt", 1, text, &s); err != nil {
			t.Fatal(err)
		}
		if len(s.TimeSync) != 1 || s.TimeSync[0].Unsynced != tt.unsynced {
			t.Errorf("%s: %+v", tt.name, s.TimeSync)
		}
	}
}

// TestHostOtherType: a lookup of another record type than the address
// ("-type=AAAA", "-q=mx") that finds none says nothing of whether the
// name resolves; the same failure of the address lookup still does. The
// first case has the layout of a real WSL issue (heldout16's wslvpnkit214
// artifact); the others are constructed.
func TestHostOtherType(t *testing.T) {
	tests := []struct {
		name, text string
		failed     int // failed name lookups read
	}{
		{"AAAA no answer", "$ nslookup -type=AAAA www.google.com\nServer:         172.24.176.1\nAddress:        172.24.176.1#53\n\nNon-authoritative answer:\n*** Can't find www.google.com: No answer\n", 0},
		{"mx non-existent", "C:\\> nslookup -q=mx kms01.corp.example\nServer:  dns01\nAddress:  10.0.0.1\n\n*** dns01 can't find kms01.corp.example: Non-existent domain\n", 0},
		{"A non-existent", "C:\\> nslookup kms01.corp.example\nServer:  dns01\nAddress:  10.0.0.1\n\n*** dns01 can't find kms01.corp.example: Non-existent domain\n", 1},
		{"type=A non-existent", "C:\\> nslookup -type=A kms01.corp.example\nServer:  dns01\nAddress:  10.0.0.1\n\n*** dns01 can't find kms01.corp.example: Non-existent domain\n", 1},
	}
	for _, tt := range tests {
		var s evidence.Set
		if err := ReadNslookup("in.txt", 1, tt.text, &s); err != nil {
			t.Fatal(err)
		}
		failed := 0
		for _, l := range s.Names {
			if len(l.Addrs) == 0 && l.Outcome != evidence.DNSFound {
				failed++
			}
		}
		if failed != tt.failed {
			t.Errorf("%s: %d failed lookups %+v, want %d", tt.name, failed, s.Names, tt.failed)
		}
	}
}

// TestBindInteractiveSession: Linux nslookup's interactive session ("Default
// server:" in lower case, a query that times out) is nslookup's output and
// no lookup of a KMS name (the layout of a real paste, heldout16's
// 8htjc6tp artifact).
func TestBindInteractiveSession(t *testing.T) {
	text := "root@dns-1:~# nslookup\n> server 1.1.1.1\nDefault server: 1.1.1.1\nAddress: 1.1.1.1#53\n> example.fr\n;; connection timed out; no servers could be reached\n>\n"
	if !DetectNslookup(text) {
		t.Fatal("not detected")
	}
	var s evidence.Set
	if err := ReadNslookup("in.txt", 1, text, &s); err != nil {
		t.Fatal(err)
	}
	for _, l := range s.Names {
		if l.Outcome != evidence.DNSFound && l.Outcome != evidence.DNSUnreachable {
			t.Errorf("name lookup %+v", l)
		}
	}
}
