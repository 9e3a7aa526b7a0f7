//go:build !windows

package winsys

// New returns ErrUnsupported: the Windows APIs exist only on Windows.
func New() (System, error) { return System{}, ErrUnsupported }
