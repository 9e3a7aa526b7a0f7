//go:build windows

package probe

import (
	"errors"
	"syscall"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Winsock error numbers (winerror.h); Go's syscall package on Windows does
// not map them onto its ECONNREFUSED-style constants.
const (
	wsaENETDOWN     = 10050
	wsaENETUNREACH  = 10051
	wsaECONNABORTED = 10053
	wsaECONNRESET   = 10054
	wsaETIMEDOUT    = 10060
	wsaECONNREFUSED = 10061
	wsaEHOSTDOWN    = 10064
	wsaEHOSTUNREACH = 10065
)

// classifyErrno maps the socket errors of a connect to a TCP outcome, or ""
// when the error is none of them. The Errno is looked for anywhere in err's
// chain (inside a *net.OpError and *os.SyscallError, say).
func classifyErrno(err error) string {
	var en syscall.Errno
	if !errors.As(err, &en) {
		return ""
	}
	switch en {
	case wsaECONNREFUSED:
		return evidence.TCPRefused
	case wsaETIMEDOUT:
		return evidence.TCPTimeout
	case wsaEHOSTUNREACH, wsaENETUNREACH, wsaEHOSTDOWN, wsaENETDOWN:
		return evidence.TCPUnreachable
	case wsaECONNRESET, wsaECONNABORTED:
		return evidence.TCPReset
	}
	return ""
}
