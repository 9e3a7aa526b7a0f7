package render

import (
	"reflect"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// strict is textout.Clean for a value of a report: no escape sequence at
// all survives, not even a colour one (textout keeps its own colours, but
// a report's values never carry any).
func strict(s string) string {
	return textout.Clean(strings.ReplaceAll(s, "\x1b", "\uFFFD"))
}

// sanitize cleans every string of r that a writer prints (control
// characters, escape sequences, bidi overrides, invalid UTF-8; see
// textout.Clean). It runs after Localize, on the worded report, so that
// nothing from an input reaches a terminal, a ticket or a page. Maps and
// interfaces (evidence, message arguments) are not printed and are left
// as they are.
func sanitize(r *report.Report) {
	cleanValue(reflect.ValueOf(r).Elem())
}

func cleanValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			if s := v.String(); strict(s) != s {
				v.SetString(strict(s))
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			cleanValue(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				cleanValue(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			cleanValue(v.Index(i))
		}
	}
}

// mdText is a value set in Markdown text: on one line, cleaned, and with
// every character that could open a code span, a link, an image, an
// autolink, raw HTML, an entity or a table cell escaped with a backslash.
// Ordinary text (names, addresses, paths, sentences) is left as it is.
func mdText(s string) string {
	s = textout.CleanLine(strict(s))
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '`', '[', ']', '<', '>', '|':
			b.WriteByte('\\')
		case '\\':
			// A backslash escapes the punctuation after it; elsewhere (C:\Windows)
			// it is a literal and stays single.
			if i+1 < len(s) && isASCIIPunct(s[i+1]) {
				b.WriteByte('\\')
			}
		case '&':
			// &name; or &#n; would be read as an entity.
			if i+1 < len(s) && (s[i+1] == '#' || isAlnum(s[i+1])) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// mdBlock is a paragraph or list item: on one line, and not starting with
// what would make it a heading, quote, list, rule or setext underline.
func mdBlock(s string) string {
	s = strings.TrimLeft(textout.CleanLine(s), " ")
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '>', '-', '+', '*', '=', '_', '~', ':':
		return `\` + s
	}
	if n := len(s) - len(strings.TrimLeft(s, "0123456789")); n > 0 && n < len(s) && (s[n] == '.' || s[n] == ')') {
		return s[:n] + `\` + s[n:]
	}
	return s
}

// mdCode is s as an inline code span: delimited by more backticks than any
// run inside it, and padded when it starts or ends with one.
func mdCode(s string) string {
	s = textout.CleanLine(strict(s))
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdFence is a command as a fenced code block: the fence is longer than
// any run of backticks in it (at least three), so the command cannot close
// it.
func mdFence(s string) string { return mdFenceLang(s, "") }

// mdFenceLang is mdFence with an info string naming the language (the
// shell) for highlighting.
func mdFenceLang(s, lang string) string {
	s = textout.CleanLine(strict(s))
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	return fence + lang + "\n" + s + "\n" + fence + "\n"
}

func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
