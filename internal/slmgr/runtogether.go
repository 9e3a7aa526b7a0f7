package slmgr

import (
	"regexp"
	"sort"
	"strings"
)

// Run-together output: a web copy of ospp.vbs /dstatus or slmgr /dlv often
// loses its line breaks, so that a whole record (or several) stands on one
// line: "...LICENSE NAME: Office 16, ...edition LICENSE DESCRIPTION: ...
// LICENSE STATUS: ---NOTIFICATIONS---ERROR CODE: 0xC004F009...". Such a line
// is cut before every known label (labels.go, every language, full-width
// colons too) and around ospp's separator lines, and each piece is read as
// a line of its own.

// splitOnly are texts that begin a line of ospp.vbs /dstatus and carry
// nothing the rules use: they only mark where a line began.
var splitOnly = []string{"PRODUCT ID:", "BETA EXPIRATION:"}

// labelSplitRE matches any label (the longest first, so that a label that
// begins with another is preferred at the same place; leftmost-first makes
// "LICENSE NAME:" win over the "Name:" inside it). Go's regexp runs in time
// linear in the line, whatever the number of labels: no quadratic scan.
var labelSplitRE = func() *regexp.Regexp {
	seen := map[string]bool{}
	var alts []string
	add := func(t string) {
		k := strings.ToLower(t)
		if seen[k] {
			return
		}
		seen[k] = true
		alts = append(alts, t)
	}
	for _, lb := range labels {
		add(lb.Text)
	}
	for _, t := range splitOnly {
		add(t)
	}
	sort.SliceStable(alts, func(i, j int) bool { return len(alts[i]) > len(alts[j]) })
	for i, t := range alts {
		colon := strings.HasSuffix(t, ":")
		t = strings.TrimSuffix(t, ":")
		q := regexp.QuoteMeta(t)
		q = strings.ReplaceAll(q, " ", `\s*`)
		if colon {
			q += `\s*[:：]`
		}
		alts[i] = q
	}
	return regexp.MustCompile(`(?i)` + strings.Join(alts, "|"))
}()

// sepSplitRE matches ospp's banner and separator lines: "---Processing---",
// "---Exiting---", a run of ten dashes or more (never a "---LICENSED---"
// status value).
var sepSplitRE = regexp.MustCompile(`-{3,}(?:Processing|Exiting)-{3,}|-{10,}|_{10,}`)

// minRunTogether is the number of labels a line must hold to be cut: a
// real line holds one; a value that happens to contain a label's words is
// not enough.
const minRunTogether = 3

// splitRunTogether returns the pieces of l, or l alone when it is not a
// run-together record.
func splitRunTogether(l string) []string {
	if len(l) < 40 || strings.Count(l, ":")+strings.Count(l, "：") < minRunTogether-1 {
		return []string{l} // a line of its own (most lines: one colon)
	}
	labs := labelSplitRE.FindAllStringIndex(l, -1)
	if len(labs) < minRunTogether {
		return []string{l}
	}
	cuts := make([]int, 0, 2*len(labs)+4)
	for _, m := range labs {
		cuts = append(cuts, m[0])
	}
	for _, m := range sepSplitRE.FindAllStringIndex(l, -1) {
		cuts = append(cuts, m[0], m[1])
	}
	sort.Ints(cuts)
	var out []string
	prev := 0
	for _, c := range cuts {
		if c <= prev {
			continue
		}
		if s := strings.TrimSpace(l[prev:c]); s != "" {
			out = append(out, s)
		}
		prev = c
	}
	if s := strings.TrimSpace(l[prev:]); s != "" {
		out = append(out, s)
	}
	return out
}
