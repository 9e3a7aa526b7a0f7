// Package textout lays out human output for a terminal: headings, wrapped
// paragraphs that respect East Asian display width (a Japanese character takes
// two columns and a line may break between any two of them), bullet lists and
// commands set apart on their own lines. Colour is used only when the writer
// is a terminal and NO_COLOR is unset.
package textout

import (
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/term"
	"golang.org/x/text/width"
)

// Style decides colour and line width.
type Style struct {
	Color bool
	Width int
}

// Plain is the style used for files, pipes and golden tests.
var Plain = Style{Width: 80}

// Detect returns the style for w: colour only on a terminal without
// NO_COLOR (on Windows, once the console accepts escape sequences); width
// from the terminal, bounded to 60..100 columns.
func Detect(w io.Writer) Style {
	s := Plain
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return s
	}
	if _, no := os.LookupEnv("NO_COLOR"); !no && os.Getenv("TERM") != "dumb" && enableVT(f) {
		s.Color = true
	}
	if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
		s.Width = min(max(cols, 60), 100)
	}
	return s
}

// IsTerminal reports whether w is a terminal (for live progress output).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

const (
	reset  = "\x1b[0m"
	bold   = "\x1b[1m"
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	green  = "\x1b[32m"
	cyan   = "\x1b[36m"
	dim    = "\x1b[2m"
)

func (s Style) paint(code, text string) string {
	if !s.Color || text == "" {
		return text
	}
	return code + text + reset
}

// Bold, Red, Yellow, Green, Cyan and Dim colour text when colour is on.
func (s Style) Bold(t string) string   { return s.paint(bold, t) }
func (s Style) Red(t string) string    { return s.paint(red+bold, t) }
func (s Style) Yellow(t string) string { return s.paint(yellow+bold, t) }
func (s Style) Green(t string) string  { return s.paint(green+bold, t) }
func (s Style) Cyan(t string) string   { return s.paint(cyan, t) }
func (s Style) Dim(t string) string    { return s.paint(dim, t) }

// Cols is the display width of s in terminal columns.
func Cols(s string) int {
	n := 0
	for _, r := range s {
		n += runeCols(r)
	}
	return n
}

func runeCols(r rune) int {
	if r < 0x20 || unicode.Is(unicode.Mn, r) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

func isWide(r rune) bool { return runeCols(r) == 2 }

// Wrap breaks text into lines of at most w display columns. Latin words
// break at spaces; wide (CJK) characters may break between any two of them,
// following the basic kinsoku rules: no line starts with closing punctuation,
// a small kana or a prolonged sound mark, no line ends with an opening
// bracket, and the last line of a Japanese paragraph is not an orphan of one
// or two characters. A word longer than the line (a URL, a command) is kept
// whole.
func Wrap(text string, w int) []string {
	if w < 10 {
		w = 10
	}
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, wrapLine(para, w)...)
	}
	return lines
}

// noStart holds the characters a Japanese line must not start with (the
// basic kinsoku rules of JIS X 4051): closing brackets, 、。 and the other
// sentence marks, small kana, the prolonged sound mark and iteration marks,
// plus ASCII closing punctuation written right after a word.
const noStart = "、。，．・：；？！）」』】〕〉》］｝〟’”ー゛゜ヽヾゝゞ々〻" +
	"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ" +
	")]},.:;!?%"

// closers are the marks that close a sentence or a bracket; they do not
// count as characters of an orphan line.
const closers = "、。，．・：；？！）」』】〕〉》］｝〟’”)]},.:;!?"

// noEnd holds the characters a line must not end with: opening brackets.
const noEnd = "（「『【〔〈《［｛〝‘“([{"

func startsNoStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune(noStart, r)
}

func endsNoEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(noEnd, r)
}

// tokens splits a line into breakable units: a run of non-space narrow
// characters is one unit, each wide character is its own unit, and spaces
// are separate units.
func tokens(s string) []string {
	var out []string
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		j := n
		switch {
		case r == ' ':
		case isWide(r):
		default:
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if r2 == ' ' || isWide(r2) {
					break
				}
				j += n2
			}
		}
		out = append(out, s[:j])
		s = s[j:]
	}
	return out
}

// segments glues tokens where the kinsoku rules forbid a break: before a
// unit that starts with a noStart character and after one that ends with a
// noEnd character. Every boundary between two segments is a legal break.
func segments(s string) []string {
	var out []string
	for _, t := range tokens(s) {
		if n := len(out); n > 0 && t != " " && out[n-1] != " " &&
			(startsNoStart(t) || endsNoEnd(out[n-1])) {
			out[n-1] += t
			continue
		}
		out = append(out, t)
	}
	return out
}

func wrapLine(s string, w int) []string {
	if Cols(s) <= w {
		return []string{s}
	}
	var lines [][]string
	var cur []string
	curW := 0
	flush := func() {
		for len(cur) > 0 && cur[len(cur)-1] == " " {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			lines = append(lines, cur)
		}
		cur, curW = nil, 0
	}
	for _, t := range segments(s) {
		tw := Cols(t)
		if t == " " && curW == 0 {
			continue
		}
		if curW+tw > w && curW > 0 {
			flush()
			if t == " " {
				continue
			}
		}
		cur = append(cur, t)
		curW += tw
	}
	flush()
	fixOrphan(lines, w)
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.Join(l, "")
	}
	return out
}

// fixOrphan keeps the last line of a wrapped Japanese paragraph from being
// an orphan of one or two characters (such as "す。"): it moves segments
// from the end of the line before, as long as they fit.
func fixOrphan(lines [][]string, w int) {
	n := len(lines)
	if n < 2 {
		return
	}
	last, prev := lines[n-1], lines[n-2]
	for isOrphan(last) && len(prev) > 1 {
		seg := prev[len(prev)-1]
		if Cols(seg)+cols(last) > w {
			break
		}
		prev = prev[:len(prev)-1]
		if seg != " " || len(last) > 0 && last[0] != " " {
			last = append([]string{seg}, last...)
		}
	}
	for len(prev) > 0 && prev[len(prev)-1] == " " {
		prev = prev[:len(prev)-1]
	}
	lines[n-2], lines[n-1] = prev, last
}

func cols(segs []string) int {
	n := 0
	for _, s := range segs {
		n += Cols(s)
	}
	return n
}

// isOrphan reports whether a line holds Japanese text of at most two
// characters, not counting the punctuation that closes it.
func isOrphan(segs []string) bool {
	wide, n := false, 0
	for _, r := range strings.Join(segs, "") {
		if isWide(r) {
			wide = true
		}
		if !strings.ContainsRune(closers, r) {
			n++
		}
	}
	return wide && n <= 2
}

// Writer accumulates laid-out text.
type Writer struct {
	W     io.Writer
	Style Style
	err   error
}

// New returns a Writer on w with style s.
func New(w io.Writer, s Style) *Writer { return &Writer{W: w, Style: s} }

// Err is the first write error.
func (w *Writer) Err() error { return w.err }

// put writes s, cleaned: no control character or escape sequence from an
// input reaches the terminal (see Clean).
func (w *Writer) put(s string) {
	if w.err == nil {
		_, w.err = io.WriteString(w.W, Clean(s))
	}
}

// Line writes s and a newline.
func (w *Writer) Line(s string) { w.put(s + "\n") }

// Blank writes an empty line.
func (w *Writer) Blank() { w.put("\n") }

// Heading writes a bold heading.
func (w *Writer) Heading(s string) { w.Line(w.Style.Bold(s)) }

// Para writes text wrapped at the style width with the given indent.
func (w *Writer) Para(indent int, text string) {
	pad := strings.Repeat(" ", indent)
	for _, l := range Wrap(text, w.Style.Width-indent) {
		w.Line(pad + l)
	}
}

// Bullet writes a wrapped list item: marker at indent, continuation lines
// aligned under the text.
func (w *Writer) Bullet(indent int, marker, text string) {
	pad := strings.Repeat(" ", indent)
	cont := strings.Repeat(" ", indent+Cols(marker)+1)
	for i, l := range Wrap(text, w.Style.Width-indent-Cols(marker)-1) {
		if i == 0 {
			w.Line(pad + marker + " " + l)
		} else {
			w.Line(cont + l)
		}
	}
}

// Command writes a command on its own line, set apart with "$ " and never
// wrapped, so it can be copied as it is.
func (w *Writer) Command(indent int, cmd string) {
	w.Line(strings.Repeat(" ", indent) + w.Style.Dim("$ ") + w.Style.Cyan(cmd))
}
