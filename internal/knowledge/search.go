package knowledge

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// maxHits bounds a search: past ten, the hits are noise.
const maxHits = 10

// Hit is one search result.
type Hit struct {
	Entry *Entry
	Score float64 // 0..1: the share of the query found in the entry
	rank  float64
}

// Search finds entries whose title, message, causes or symbol match text,
// in either language. Matching is on character bigrams after folding case,
// full-width letters and spaces away, so "KMS に接続できませんでした",
// "kmsに接続できません" and "could not contact KMS" all find 0xC004F074. A
// text that is itself a code finds that code. Results are best first.
func Search(text string) []Hit {
	if v, err := ParseCode(text); err == nil {
		if e, ok := Lookup(v); ok {
			return []Hit{{Entry: e, Score: 1}}
		}
	}
	q := fold(text)
	qg := grams(q)
	if len(qg) == 0 {
		return nil
	}
	var hits []Hit
	for _, e := range Codes() {
		doc := searchText(e)
		head := fold(strings.Join([]string{e.Code, e.Symbol, e.Title.EN, e.Title.JA, e.Message.EN, e.Message.JA}, "\n"))
		found := 0
		for g := range qg {
			if strings.Contains(doc, g) {
				found++
			}
		}
		covered := float64(found) / float64(len(qg))
		if covered < 0.6 {
			continue
		}
		// Rank by coverage, then by where the words are: the whole phrase in
		// the title or message beats the phrase in a cause, which beats
		// scattered words.
		rank := covered
		switch {
		case strings.Contains(head, q):
			rank += 1
		case strings.Contains(doc, q):
			rank += 0.5
		}
		hf := 0
		for g := range qg {
			if strings.Contains(head, g) {
				hf++
			}
		}
		rank += 0.25 * float64(hf) / float64(len(qg))
		hits = append(hits, Hit{Entry: e, Score: covered, rank: rank})
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank > hits[j].rank })
	if len(hits) > maxHits {
		hits = hits[:maxHits]
	}
	return hits
}

func searchText(e *Entry) string {
	parts := []string{e.Code, e.Symbol, e.Title.EN, e.Title.JA, e.Message.EN, e.Message.JA}
	for _, c := range e.Causes {
		parts = append(parts, c.EN, c.JA)
	}
	return fold(strings.Join(parts, "\n"))
}

// fold lowercases, turns full-width ASCII into half-width, removes spaces
// and punctuation, so that spacing differences between Japanese and Latin
// text do not matter.
func fold(s string) string {
	s = width.Narrow.String(norm.NFKC.String(s))
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if r == 'ё' {
			r = 'е' // as foldOffsets: Russian writes ё as е or not
		}
		b.WriteRune(r)
	}
	return b.String()
}

// grams returns the set of rune bigrams of s (a single rune for very short
// queries).
func grams(s string) map[string]bool {
	rs := []rune(s)
	out := map[string]bool{}
	if len(rs) == 1 {
		out[s] = true
	}
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])] = true
	}
	return out
}
