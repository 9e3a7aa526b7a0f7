//go:build !windows

package winsys

// New returns ErrUnsupported: the Windows APIs exist only on Windows.
func New() (System, error) { return System{}, ErrUnsupported }

// NewMethods returns ErrUnsupported: WMI exists only on Windows.
func NewMethods() (Methods, error) { return nil, ErrUnsupported }

// OSVersion returns ErrUnsupported off Windows.
func OSVersion() (string, error) { return "", ErrUnsupported }
