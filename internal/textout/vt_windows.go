package textout

import (
	"os"

	"golang.org/x/sys/windows"
)

// enableVT turns on the console's handling of escape sequences (Windows 10
// and later; cmd and Windows PowerShell 5.1 do not turn it on themselves).
// Without it the colour codes would print as text, so colour stays off.
func enableVT(f *os.File) bool {
	h := windows.Handle(f.Fd())
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return false
	}
	if mode&windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
		return true
	}
	return windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) == nil
}
