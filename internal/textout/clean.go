package textout

import (
	"strings"
	"unicode/utf8"
)

// Clean makes text from an input safe to print: every control character
// but newline and tab (C0, DEL, C1: escape sequences that set window
// titles, move the cursor or hide text), the bidirectional overrides and
// isolates (which reorder what a reader sees) and invalid UTF-8 become
// U+FFFD. The colour sequences this package writes itself are kept.
func Clean(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			if sgr := ownSGR(s[i:]); sgr != "" {
				b.WriteString(sgr)
				i += len(sgr)
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r) || (r == utf8.RuneError && n == 1) {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// CleanLine is Clean for a value printed on one line: newlines and tabs
// become spaces too.
func CleanLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(Clean(s))
}

func clean(s string) bool {
	for _, r := range s {
		if unsafeRune(r) || r == utf8.RuneError || r == 0x1b {
			return false
		}
	}
	return true
}

func unsafeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e || r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// ownSGR returns the colour sequence at the start of s when it is one this
// package writes, else "".
func ownSGR(s string) string {
	for _, c := range []string{reset, bold, red, yellow, green, cyan, dim} {
		if strings.HasPrefix(s, c) {
			return c
		}
	}
	return ""
}
