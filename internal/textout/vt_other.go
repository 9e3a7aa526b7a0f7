//go:build !windows

package textout

import "os"

// enableVT: terminals elsewhere handle escape sequences.
func enableVT(*os.File) bool { return true }
