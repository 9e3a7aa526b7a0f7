//go:build windows

package probe

import (
	"net"
	"os"
	"syscall"
	"testing"
)

// The socket errors a connect returns on Windows: Winsock's numbers, which
// is what classifyErrno must map (syscall's ECONNREFUSED-style constants
// are not what Windows returns).
var (
	errRefused     error = syscall.Errno(wsaECONNREFUSED)
	errHostUnreach error = syscall.Errno(wsaEHOSTUNREACH)
	errNetUnreach  error = syscall.Errno(wsaENETUNREACH)
	errReset       error = syscall.Errno(wsaECONNRESET)
)

func init() {
	// Wine 8 fails every UDP socket (Go asks WSAIoctl for
	// SIO_UDP_CONNRESET, which Wine does not implement: WSAEOPNOTSUPP),
	// so the tests that serve DNS or NTP on loopback UDP cannot run there;
	// scripts/wine-test.sh sets KMSDOCTOR_WINE.
	listenUDP = func(t *testing.T) net.PacketConn {
		t.Helper()
		c, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil && os.Getenv("KMSDOCTOR_WINE") != "" {
			t.Skipf("UDP on loopback under Wine: %v (Wine lacks SIO_UDP_CONNRESET)", err)
		}
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}
