//go:build windows

package remedy

import "golang.org/x/sys/windows"

// ProcessElevated reports whether this process runs elevated (its token is
// an administrator's full token).
func ProcessElevated() (bool, error) {
	return windows.GetCurrentProcessToken().IsElevated(), nil
}
