package ingest

import (
	"regexp"
	"strings"
)

// Segment is one part of a text: the output of one command, as well as it
// can be told apart.
type Segment struct {
	Line int // 1-based line of the first line of Text in the file
	Text string
}

// promptRe matches a shell prompt line that starts a command, as pasted
// into tickets: "PS C:\Users\x> Test-NetConnection ...", "C:\>nslookup ...",
// "> nslookup ...", "$ psping ...".
var promptRe = regexp.MustCompile(`^\s*(PS [^>]{0,200}>|[A-Za-z]:\\[^>]{0,200}>|>|\$)\s*\S`)

// Split cuts a text into segments at prompt lines (except those a kind
// continues, Kind.Continues) and at the first line of an output a kind
// recognises (Kind.Starts). A text with none of these is
// one segment.
func Split(text string) []Segment {
	lines := strings.SplitAfter(text, "\n")
	var segs []Segment
	start := 0
	// hasStart is true once the current segment holds the first line of a
	// recognised output: a second one starts a new segment, while the
	// first one stays with the prompt (and any warning) before it.
	hasStart := false
	flush := func(end int) {
		if end > start {
			segs = append(segs, Segment{Line: start + 1, Text: strings.Join(lines[start:end], "")})
		}
		start = end
	}
	for i, l := range lines {
		t := strings.TrimRight(l, "\r\n")
		if strings.TrimSpace(t) == "" {
			continue
		}
		if promptRe.MatchString(t) && !continuesAny(t) {
			flush(i)
			hasStart = false
			continue
		}
		if startsAny(t) {
			if hasStart {
				flush(i)
			}
			hasStart = true
		}
	}
	flush(len(lines))
	if len(segs) == 0 {
		segs = append(segs, Segment{Line: 1, Text: text})
	}
	return segs
}

// continuesAny: a prompt line that a kind says belongs to its output
// (Kind.Continues) does not cut the text.
func continuesAny(line string) bool {
	for _, k := range Kinds {
		if k.Continues != nil && k.Continues(line) {
			return true
		}
	}
	return false
}

func startsAny(line string) bool {
	for _, k := range Kinds {
		if k.Starts != nil && k.Starts(line) {
			return true
		}
	}
	return false
}
