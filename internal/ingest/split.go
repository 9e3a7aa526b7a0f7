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
// "> nslookup ...", "$ psping ...", a Unix shell's "root@host:~# nslookup"
// or "user@host:~/dir$ ...", and any of these after a time in brackets
// ("[16:04:48] $ nslookup ...", as a terminal logger writes it).
var promptRe = regexp.MustCompile(`^\s*(?:\[[0-9:. -]{5,30}\]\s*)?(PS [^>]{0,200}>|[A-Za-z]:\\[^>]{0,200}>|>|\$|[A-Za-z0-9_.-]{1,64}@[A-Za-z0-9_.-]{1,64}:[^\s$#]{0,200}[$#])\s*\S`)

// Split cuts a text into segments at prompt lines (except those a kind
// continues, Kind.Continues) and at the first line of an output a kind
// recognises (Kind.Starts). A text with none of these is
// one segment.
func Split(text string) []Segment {
	var segs []Segment
	segments(text, func(sg Segment) { segs = append(segs, sg) })
	return segs
}

// segments calls yield with each segment of text in order (Split without
// holding them all: a paste of millions of prompt lines is millions of
// segments).
func segments(text string, yield func(Segment)) {
	yielded := false
	// start is the offset of the current segment and startLine its line;
	// hasStart is true once the current segment holds the first line of a
	// recognised output: a second one starts a new segment, while the
	// first one stays with the prompt (and any warning) before it.
	start, startLine := 0, 1
	hasStart := false
	flush := func(end, line int) {
		if end > start {
			yield(Segment{Line: startLine, Text: text[start:end]})
			yielded = true
		}
		start, startLine = end, line
	}
	blocks := quoteBlocks(text)
	for n := range indentBlocks(text) {
		if blocks == nil {
			blocks = map[int]bool{}
		}
		blocks[n] = true
	}
	inBlock := false
	line := 1
	for off := 0; off < len(text); line++ {
		next := len(text)
		if i := strings.IndexByte(text[off:], '\n'); i >= 0 {
			next = off + i + 1
		}
		t := strings.TrimRight(text[off:next], "\r\n")
		lineOff := off
		off = next
		// A Markdown code fence ("```", "```text", "~~~") opens or closes
		// a block that holds an output as the user pasted it: the words
		// around it are other segments, and the fence line is a segment
		// of its own (which no kind reads).
		if isFence(t) {
			flush(lineOff, line)
			flush(off, line+1)
			hasStart = false
			continue
		}
		// A block of quoted lines is a segment of its own: the reader
		// unquotes it (readText) and splits it again.
		if b := blocks[line]; b != inBlock {
			flush(lineOff, line)
			hasStart, inBlock = false, b
		}
		if inBlock || strings.TrimSpace(t) == "" {
			continue
		}
		if isPrompt(t) && !continuesAny(t) {
			flush(lineOff, line)
			hasStart = false
			continue
		}
		if startsAny(t) {
			if hasStart {
				flush(lineOff, line)
			}
			hasStart = true
		}
	}
	flush(len(text), line)
	if !yielded {
		yield(Segment{Line: 1, Text: text})
	}
}

// quoteBlocks returns the lines (1-based) of text that belong to a block
// quoted as a reply quotes it inside a ticket's words: at least minQuoted
// consecutive lines behind "> " (blank lines and a bare ">" within it
// allowed), none of them a prompt line a kind continues (an interactive
// nslookup session's "> set type=srv" is no quote). Text quoted on every
// line is unquoted whole before it is split (unquote); this is for a quote
// among other lines.
func quoteBlocks(text string) map[int]bool {
	var out map[int]bool
	run := []int{}
	quotedLines := 0
	end := func() {
		if quotedLines >= minQuoted {
			if out == nil {
				out = map[int]bool{}
			}
			for _, n := range run {
				out[n] = true
			}
		}
		run, quotedLines = run[:0], 0
	}
	n := 0
	eachLine(text, func(_ int, l string) bool {
		n++
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			if len(run) > 0 {
				end() // a blank line ends a quote (a quoted blank is ">")
			}
		case strings.HasPrefix(t, ">") && !strings.HasPrefix(t, ">>") && !continuesAny(l):
			run = append(run, n)
			if strings.TrimSpace(t[1:]) != "" {
				quotedLines++
			}
		default:
			end()
		}
		return true
	})
	end()
	return out
}

// fenceRe is a Markdown code fence line: three backticks or tildes, an
// optional language word.
var fenceRe = regexp.MustCompile("^ {0,3}(?:```+|~~~+)[A-Za-z0-9_+.-]*\\s*$")

func isFence(line string) bool {
	return (strings.Contains(line, "```") || strings.Contains(line, "~~~")) && fenceRe.MatchString(line)
}

// indentBlocks returns the lines (1-based) of text that belong to a
// Markdown code block written by indentation among a ticket's words: after
// a blank line that follows a line not indented (or at the start), at
// least minQuoted consecutive lines
// indented by four blanks or a tab (blank lines within allowed), up to the
// next line that is not indented. ipconfig's three-blank indentation and
// an output's own indented lines, which follow a line of theirs without a
// blank line between, are no such block.
func indentBlocks(text string) map[int]bool {
	var out map[int]bool
	type entry struct {
		n     int
		blank bool
	}
	var run []entry
	content := 0
	open := false
	prevBlank := true
	// lastIndented: the last non-blank line before was indented (the block
	// would continue an output's own indented structure, such as slmgr
	// /ao-list's records, which blank lines separate).
	lastIndented := false
	end := func() {
		// The blank lines that ended the block are not the block's.
		for len(run) > 0 && run[len(run)-1].blank {
			run = run[:len(run)-1]
		}
		if content >= minQuoted {
			if out == nil {
				out = map[int]bool{}
			}
			for _, e := range run {
				out[e.n] = true
			}
		}
		run, content, open = run[:0], 0, false
	}
	n := 0
	eachLine(text, func(_ int, l string) bool {
		n++
		blank := strings.TrimSpace(l) == ""
		indented := strings.HasPrefix(l, "    ") || strings.HasPrefix(l, "\t")
		switch {
		case blank:
			if open {
				run = append(run, entry{n, true})
			}
		case indented && (open || prevBlank && !lastIndented):
			open = true
			run = append(run, entry{n, false})
			content++
		default:
			if open {
				end()
			}
		}
		prevBlank = blank
		if !blank {
			lastIndented = indented
		}
		return true
	})
	if open {
		end()
	}
	return out
}

// dedent removes the indentation every non-blank line of text shares
// when it is at least four blanks or a tab (a Markdown code block), keeping
// one line per line; text is returned as it is otherwise.
func dedent(text string) string {
	prefix := ""
	first := true
	eachLine(text, func(_ int, l string) bool {
		if strings.TrimSpace(l) == "" {
			return true
		}
		ws := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if first {
			prefix, first = ws, false
			return true
		}
		for !strings.HasPrefix(ws, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
		return prefix != ""
	})
	if !(strings.HasPrefix(prefix, "    ") || strings.HasPrefix(prefix, "\t")) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	eachLine(text, func(i int, l string) bool {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.TrimPrefix(l, prefix))
		return true
	})
	if strings.HasSuffix(text, "\n") {
		b.WriteByte('\n')
	}
	return b.String()
}

// isPrompt reports whether line is a shell prompt that starts a command
// (promptRe); only the start of a long line is looked at.
func isPrompt(line string) bool {
	if strings.Trim(line, "> \t") == "" {
		return false // ">>", PowerShell's continuation prompt: no command
	}
	return promptRe.MatchString(line[:min(len(line), 512)])
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
