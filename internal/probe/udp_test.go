package probe

import (
	"net"
	"testing"
)

// listenUDP opens a UDP socket on loopback for the DNS and NTP stubs (the
// Windows test file replaces it to skip under Wine, which has no UDP
// sockets Go can use).
var listenUDP = func(t *testing.T) net.PacketConn {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return c
}
