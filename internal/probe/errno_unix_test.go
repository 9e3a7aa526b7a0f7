//go:build !windows

package probe

import "syscall"

// The socket errors a connect returns, as this platform numbers them (the
// Windows test file has the Winsock numbers).
var (
	errRefused     error = syscall.ECONNREFUSED
	errHostUnreach error = syscall.EHOSTUNREACH
	errNetUnreach  error = syscall.ENETUNREACH
	errReset       error = syscall.ECONNRESET
)
