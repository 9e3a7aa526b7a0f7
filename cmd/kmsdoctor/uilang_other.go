//go:build !windows

package main

// displayLang is "" off Windows: LANG and friends decide.
func displayLang() string { return "" }
