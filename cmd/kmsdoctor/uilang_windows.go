//go:build windows

package main

import "golang.org/x/sys/windows"

var getUserDefaultUILanguage = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetUserDefaultUILanguage")

// displayLang is "ja" when the user's Windows display language
// (GetUserDefaultUILanguage) is Japanese, else "en".
func displayLang() string {
	if getUserDefaultUILanguage.Find() != nil {
		return ""
	}
	id, _, _ := getUserDefaultUILanguage.Call()
	const langJapanese = 0x11 // PRIMARYLANGID of ja-JP (0x0411)
	if uint16(id)&0x3ff == langJapanese {
		return "ja"
	}
	return "en"
}
