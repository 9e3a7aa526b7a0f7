//go:build linux

package lab_test

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/lab"
	"github.com/kmsdoctor/kmsdoctor/internal/probe"
)

// TestInsideBind is the client half of TestBindDissectedByTshark: it runs
// only in the child started in the client namespace.
func TestInsideBind(t *testing.T) {
	addr, ok := lab.Inside()
	if !ok {
		t.Skip("runs only inside the lab's client namespace")
	}
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	b := probe.BindKMS(c, "kms1.corp.test", time.Now().Add(2*time.Second))
	if b.Outcome != evidence.RPCAccepted {
		t.Fatalf("bind to impacket: %+v", b)
	}
}

// TestBindDissectedByTshark captures the bind kmsdoctor sends to impacket's
// KMS server and has tshark (Wireshark's dissector) decode it: a DCE/RPC
// Bind for the KMS interface v1.0 over 32-bit NDR, with no malformed-packet
// or expert warning, answered by a Bind_ack that accepts it.
func TestBindDissectedByTshark(t *testing.T) {
	l := lab.Start(t)
	pcap := filepath.Join(l.Dir, "bind.pcapng")
	stop, err := l.StartInServer("Capture started", "tshark", "-i", l.ServerIface(), "-f", "tcp port 1688 and tcp[tcpflags] & tcp-push != 0", "-c", "2", "-w", pcap)
	if err != nil {
		t.Fatal(err)
	}
	out, err := l.RunClient("^TestInsideBind$", lab.Server+":1688", 20*time.Second)
	if err != nil {
		t.Fatalf("client: %v\n%s", err, out)
	}
	if log := stop(); !strings.Contains(log, "captured") {
		t.Logf("tshark capture: %s", log)
	}
	dec, err := l.InServer("tshark", "-r", pcap, "-V", "-d", "tcp.port==1688,dcerpc", "-Y", "dcerpc", "-O", "dcerpc")
	if err != nil {
		t.Fatalf("tshark -r: %v\n%s", err, dec)
	}
	for _, want := range []string{
		"Packet type: Bind (11)",
		"Packet Flags: 0x03",
		"Frag Length: 72",
		"Abstract Syntax: 51c82175-844e-4750-b0d8-ec255555bc06 V1.0",
		"Interface UUID: 51c82175-844e-4750-b0d8-ec255555bc06",
		"Transfer Syntax[1]: 32bit NDR V2",
		"Interface Ver: 1",
		"Interface Ver Minor: 0",
		"32bit NDR",
		"Packet type: Bind_ack (12)",
		"Ack result: Acceptance (0)",
	} {
		if !strings.Contains(dec, want) {
			t.Errorf("tshark output lacks %q", want)
		}
	}
	for _, bad := range []string{"Malformed", "Expert Info", "[Error"} {
		if strings.Contains(dec, bad) {
			t.Errorf("tshark reports %q", bad)
		}
	}
	if t.Failed() {
		sum, _ := l.InServer("tshark", "-r", pcap)
		t.Logf("client:\n%s\ncapture summary:\n%s\ndecoded:\n%s", out, sum, dec)
	}
}
