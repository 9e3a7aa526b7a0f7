package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// NormalizeText is the one clean-up applied to text that may hold error
// codes, for explain's arguments and for the parsers of analyze alike:
//
//   - full-width and other compatibility forms become ASCII (NFKC, then
//     golang.org/x/text/width.Fold, which keeps katakana full-width): ０ｘＣ００４Ｆ０７４ -> 0xC004F074, ： -> :;
//   - a code written with the letter O for the zero of its "0x" prefix
//     (OxC004F074, Ox...) gets its zero back, and so does a letter O among
//     the hex digits of a code that starts with 0x (0xC004FO74). Without
//     the 0x prefix a letter O is left alone: there it is a typo that
//     deserves a suggestion, not a silent guess.
//
// Japanese punctuation around a code (「」、。（）・) is left in place: it is
// not a word character, so FindCodes and TrimCode see past it.
func NormalizeText(s string) string {
	if !isPlainASCII(s) {
		s = width.Fold.String(norm.NFKC.String(s))
	}
	if !strings.ContainsAny(s, "xX") {
		return s
	}
	var b strings.Builder
	forTokens(s, func(tok string, word bool) {
		if word && codeLike(tok) {
			tok = "0" + tok[1:2] + strings.NewReplacer("O", "0", "o", "0").Replace(tok[2:])
		}
		b.WriteString(tok)
	})
	return b.String()
}

// forTokens calls f for each maximal run of ASCII letters, digits and "_"
// (word true) and for each run of anything else (word false), in order.
func forTokens(s string, f func(tok string, word bool)) {
	start := 0
	for start < len(s) {
		w := isWordByte(s[start])
		end := start + 1
		for end < len(s) && isWordByte(s[end]) == w {
			end++
		}
		f(s[start:end], w)
		start = end
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// codeLike is a word that is 0x, Ox or ox, then one to eight hex digits or
// letters O, with an optional "L" or "h" suffix.
func codeLike(tok string) bool {
	if len(tok) < 3 || (tok[0] != '0' && tok[0] != 'O' && tok[0] != 'o') || (tok[1] != 'x' && tok[1] != 'X') {
		return false
	}
	d := strings.TrimRight(tok[2:], "lLhH")
	if d == "" || len(d) > 8 || len(tok)-2-len(d) > 1 {
		return false
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == 'O' || c == 'o') {
			return false
		}
	}
	return true
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// FindCodes returns every full code (0x and eight hex digits) in text, in
// order and without repeats, after NormalizeText. Codes in prose, in
// parentheses or Japanese brackets, followed by 。 or 、, typed in
// full-width digits or with the letter O for a zero are all found.
func FindCodes(text string) []uint32 {
	if isPlainASCII(text) && !strings.ContainsAny(text, "xX") {
		return nil // the fast path: most lines of a log hold no code
	}
	var out []uint32
	seen := map[uint32]bool{}
	forTokens(NormalizeText(text), func(tok string, word bool) {
		if !word || !fullCode(tok) {
			return
		}
		v, err := ParseCode(tok)
		if err != nil || seen[v] {
			return
		}
		seen[v] = true
		out = append(out, v)
	})
	return out
}

// fullCode is 0x and exactly eight hex digits, with an optional "L" or "h".
func fullCode(tok string) bool {
	t := strings.TrimRight(tok, "lLhH")
	if len(tok)-len(t) > 1 || len(t) != 10 || t[0] != '0' || (t[1] != 'x' && t[1] != 'X') {
		return false
	}
	for i := 2; i < len(t); i++ {
		c := t[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// codePunct is what may surround a code an admin pastes: quotes, brackets
// and sentence punctuation, ASCII and Japanese.
const codePunct = "\"'`()[]{}<>,.;:!?。、，．・：；！？「」『』（）［］【】〈〉《》\u201c\u201d\u2018\u2019"

// TrimCode normalises one pasted token (NormalizeText) and strips the
// spaces and punctuation around it: "「０ｘＣ００４Ｆ０７４」。" -> "0xC004F074".
func TrimCode(s string) string {
	t := NormalizeText(s)
	return strings.TrimFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(codePunct, r)
	})
}

// Suggest returns the known codes nearest to s, a text that is not a code or
// not a known one: a typo such as C004FO74 (letter O), 0xC0004F074 (a digit
// too many) or 0xC004F74 (one too few). Nearness is the edit distance of the
// hex digits; only codes at the smallest distance, at most two edits away,
// are returned (three at most, in code order).
func Suggest(s string) []string {
	t := strings.ToUpper(TrimCode(s))
	if strings.HasPrefix(t, "0X") {
		t = t[2:]
	}
	t = strings.TrimRight(strings.ReplaceAll(t, "O", "0"), "LH")
	if t == "" || len(t) > 12 {
		return nil
	}
	for i := 0; i < len(t); i++ {
		if !(t[i] >= '0' && t[i] <= '9' || t[i] >= 'A' && t[i] <= 'F') {
			return nil
		}
	}
	best, out := 3, []string(nil)
	for _, e := range Codes() {
		d := editDistance(t, e.Code[2:])
		switch {
		case d < best:
			best, out = d, []string{e.Code}
		case d == best && len(out) < 3:
			out = append(out, e.Code)
		}
	}
	return out
}

// editDistance is the Levenshtein distance of two ASCII strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
