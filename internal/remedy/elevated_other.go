//go:build !windows

package remedy

import "errors"

// ProcessElevated is false off Windows: fix never changes anything there.
func ProcessElevated() (bool, error) { return false, errors.New("not Windows") }
