package ingest

import (
	"regexp"
	"strconv"
	"strings"
)

// Text quoted as users paste it: every line behind a reply's "> " (an
// e-mail or a Markdown quote), or behind the line numbers of a viewer or a
// paste site ("12  ", "12: ", "12 | "). unquote removes such a prefix when
// the text shows it on every line, so that every kind reads the output as
// Windows printed it. It keeps one line per line: the lines cited are those
// of the file. It reads the text once without allocating and builds a new
// one only when it strips.

var (
	quoteRe  = regexp.MustCompile(`^[ \t]*>[ \t]?`)
	numberRe = regexp.MustCompile(`^[ \t]*([0-9]{1,6})(?:[ \t]*[:.|][ \t]?|[ \t]+|\r?$)`)
)

// minQuoted is how many non-blank lines a text needs before a prefix on
// all of them is taken for quoting.
const minQuoted = 3

// eachLine calls f with every line of text (without its "\n") and its
// index, until f returns false.
func eachLine(text string, f func(i int, l string) bool) {
	for i := 0; text != ""; i++ {
		l, rest, _ := strings.Cut(text, "\n")
		if !f(i, l) {
			return
		}
		text = rest
	}
}

func blank(l string) bool { return strings.TrimSpace(l) == "" }

func unquote(text string) string {
	if u := untag(text); u != text {
		return u
	}
	nonBlank, quoted := 0, 0
	numbered, first := true, -1
	eachLine(text, func(i int, l string) bool {
		if !blank(l) {
			nonBlank++
			if l[0] == '>' || strings.TrimLeft(l, " \t")[0] == '>' {
				quoted++
			}
		}
		if numbered {
			m := numberRe.FindStringSubmatch(l)
			if m == nil {
				numbered = blank(l) && first >= 0 // a blank line left unnumbered
				if !numbered {
					return quoted == nonBlank // no need to go on when neither can hold
				}
				return true
			}
			n, _ := strconv.Atoi(m[1])
			if first < 0 {
				first = n - i
			}
			numbered = n == first+i
		}
		return numbered || quoted == nonBlank
	})
	if nonBlank < minQuoted {
		return text
	}
	var re *regexp.Regexp
	switch {
	case quoted == nonBlank:
		re = quoteRe
	case numbered && first >= 0:
		re = numberRe
	default:
		return text
	}
	return cutPrefixes(text, re)
}

// Lines that a tool which ran a command prints behind its own tag: Terraform
// ("aws_instance.win10 (remote-exec): "), Packer ("==> amazon-ebs: ",
// "    amazon-ebs: "), Vagrant ("==> default: ", "    default: "), a CI
// log's time ("2024-03-01T10:00:00.1234567Z "). untag removes the tag when
// every non-blank line has the same one (the same name; a time on each), so
// that the output behind it reads as Windows printed it. A tag is a name with
// a dot or a dash, a name that one of the lines gives behind Packer's and
// Vagrant's arrow ("==> "), or such a time: "Error: " or "Name: " on every
// line is slmgr's, never a tag.
var (
	toolTagRe = regexp.MustCompile(`^(==> |\s+)?([A-Za-z0-9_]+(?:[.-][A-Za-z0-9_.-]*)?(?: \((?:remote|local)-exec\))?): ?`)
	ciTimeRe  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ?`)
)

func untag(text string) string {
	tag, time, arrow := "", false, false
	nonBlank := 0
	// A plain loop, no closure: unquote runs on every segment of a paste
	// of millions (TestPasteAllocs).
	for rest := text; rest != ""; {
		l := rest
		if k := strings.IndexByte(rest, '\n'); k >= 0 {
			l, rest = rest[:k], rest[k+1:]
		} else {
			rest = ""
		}
		if blank(l) {
			continue
		}
		nonBlank++
		if nonBlank == 1 {
			time = ciTimeRe.MatchString(l)
			if time {
				continue
			}
		}
		if time {
			if !ciTimeRe.MatchString(l) {
				return text
			}
			continue
		}
		m := toolTagRe.FindStringSubmatch(l)
		if m == nil || nonBlank > 1 && m[2] != tag {
			return text
		}
		tag, arrow = m[2], arrow || m[1] == "==> "
	}
	if nonBlank < minQuoted || !time && !arrow && !strings.ContainsAny(tag, ".-") {
		return text
	}
	re := ciTimeRe
	if !time {
		re = toolTagRe
	}
	return cutPrefixes(text, re)
}

// cutPrefixes is text with what re matches at the start of each line cut
// off (re is anchored at the line's start).
func cutPrefixes(text string, re *regexp.Regexp) string {
	var b strings.Builder
	b.Grow(len(text))
	eachLine(text, func(i int, l string) bool {
		if i > 0 {
			b.WriteByte('\n')
		}
		if m := re.FindStringIndex(l); m != nil {
			l = l[m[1]:]
		}
		b.WriteString(l)
		return true
	})
	if strings.HasSuffix(text, "\n") {
		b.WriteByte('\n')
	}
	return b.String()
}
