// Package wintools reads the outputs of Windows tools that observe no
// activation stage but that tickets paste next to the ones that do:
// `systeminfo` (any display language: its values, not its labels, say what
// it is), `dism /online /Get-CurrentEdition` and `/Get-TargetEditions`
// (and PowerShell's Get-WindowsEdition), and PowerShell's list view of an
// object of another class than the licensing ones (Get-WmiObject
// Win32_Product, a custom object). Each becomes an evidence.NoteOtherTool
// naming what it showed: read, so a ticket that pastes it is not an
// unrecognised input, and nothing about the licence is inferred from it.
//
// The parsers are hand-written: no library reads these console texts.
package wintools

import (
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func src(file string, n int) evidence.Source { return evidence.Source{File: file, Line: n} }

// lines splits text into lines without their "\r".
func lines(text string) []string {
	ls := strings.Split(text, "\n")
	for i := range ls {
		ls[i] = strings.TrimRight(ls[i], "\r")
	}
	return ls
}

func note(s *evidence.Set, file string, n int, detail string) {
	s.Notes = append(s.Notes, evidence.Note{Kind: evidence.NoteOtherTool, Detail: detail, Source: src(file, n)})
}
