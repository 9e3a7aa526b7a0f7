//go:build !linux

package lab

import (
	"testing"
	"time"
)

// Lab is the namespace lab; it exists only on Linux.
type Lab struct {
	ClientNS, ServerNS string
	Dir                string
}

// Skip skips t: network namespaces are a Linux feature.
func Skip(t testing.TB) {
	t.Helper()
	t.Skip("the network lab needs Linux network namespaces")
}

// Start skips t.
func Start(t testing.TB) *Lab { Skip(t); return nil }

// RunClient is never reached outside Linux.
func (l *Lab) RunClient(run, payload string, limit time.Duration) (string, error) {
	return "", errNotLinux
}

// RunClientArgs is never reached outside Linux.
func (l *Lab) RunClientArgs(payload string, limit time.Duration, testFlags ...string) (string, error) {
	return "", errNotLinux
}
