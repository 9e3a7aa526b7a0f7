//go:build !windows

package probe

import (
	"errors"
	"syscall"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
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
	case syscall.ECONNREFUSED:
		return evidence.TCPRefused
	case syscall.ETIMEDOUT:
		return evidence.TCPTimeout
	case syscall.EHOSTUNREACH, syscall.ENETUNREACH, syscall.EHOSTDOWN, syscall.ENETDOWN, syscall.EACCES, syscall.EPERM:
		return evidence.TCPUnreachable
	case syscall.ECONNRESET, syscall.ECONNABORTED, syscall.EPIPE:
		return evidence.TCPReset
	}
	return ""
}
