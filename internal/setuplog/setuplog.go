// Package setuplog recognises the lines of the logs Windows Setup and the
// servicing stack write, as users paste them: setupact.log and
// setuperr.log (Panther), CBS.log and DISM.log share one layout, a time, a
// comma, a level and the component ("2020-07-09 14:25:20, Error
// MOUPG CDlpActionProductKeyValidate::...: Result = 0x8A010101").
//
// Their codes are Setup's and servicing's own: a product key that Setup's
// PidGenX rejects (0x8a010101), an edition DISM cannot set, a disk that is
// full (0xC19001DF). A key validated during setup is no KMS activation,
// and none of these lines says anything of the licence of the machine once
// installed. The prose kind blanks them (Blank) before it reads the words
// around them, so that their codes and words ("Failed to validate the
// product key") are not read as an activation failure.
//
// Hand-written: the layout is a fixed prefix matched by one expression; no
// library reads these logs.
package setuplog

import (
	"regexp"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// lineRe is a line of such a log: the time, a comma, the level. A copy from
// a search tool's results may put "Line 1234: " before it.
var lineRe = regexp.MustCompile(`^\s*(?:Line \d+:\s*)?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, (?:Info|Error|Warning|Fatal Error|Perf|Failure)\b`)

// candidate: text may hold such a line (it has one of the levels after a
// comma), the cheap test before lines are matched.
func candidate(text string) bool {
	return strings.Contains(text, ", Error") || strings.Contains(text, ", Info") ||
		strings.Contains(text, ", Warning") || strings.Contains(text, ", Fatal") ||
		strings.Contains(text, ", Perf") || strings.Contains(text, ", Failure")
}

// IsLine reports whether line is a line of a setup or servicing log.
func IsLine(line string) bool { return lineRe.MatchString(line) }

// Lines returns the 0-based indexes of the lines of text that are a setup
// or servicing log's.
func Lines(text string) []int {
	if !candidate(text) {
		return nil
	}
	var out []int
	for i, rest := 0, text; rest != ""; i++ {
		l := rest
		if j := strings.IndexByte(rest, '\n'); j >= 0 {
			l, rest = rest[:j], rest[j+1:]
		} else {
			rest = ""
		}
		if lineRe.MatchString(l) {
			out = append(out, i)
		}
	}
	return out
}

// Blank returns text with the lines of a setup or servicing log written
// over with spaces (knowledge.BlankLines: the other lines, every line and
// offset stay), or text itself when it has none.
func Blank(text string) string {
	return knowledge.BlankLines(text, Lines(text))
}
