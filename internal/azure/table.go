package azure

import (
	"fmt"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// The table form of `az network nic show-effective-route-table -o table`,
// which tickets often hold instead of the JSON. The CLI prints the columns
// Source, State, Address Prefix (prefixes joined by spaces), Next Hop Type
// and Next Hop IP, a header line, a line of dashes per column, then one
// row per route.
var tableCols = []string{"Source", "State", "Address Prefix", "Next Hop Type", "Next Hop IP"}

// Starts reports whether line is the header of an effective route table in
// table form, so that a pasted ticket can be cut there.
func Starts(line string) bool {
	// The header's first column first: most lines are not a header, and
	// splitting them would allocate for each.
	t := strings.TrimSpace(line)
	if c := tableCols[0]; len(t) < len(c) || !strings.EqualFold(t[:len(c)], c) {
		return false
	}
	f := splitCols(line)
	if len(f) < len(tableCols)-1 {
		return false
	}
	for i, c := range tableCols[:min(len(f), len(tableCols))] { // more columns than ours: compare ours
		if !strings.EqualFold(f[i], c) {
			return false
		}
	}
	return true
}

// splitCols splits a header on runs of two or more spaces.
func splitCols(line string) []string {
	var out []string
	for _, p := range strings.Split(strings.TrimSpace(line), "  ") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// findTable returns the index of the header line and the column starts
// taken from the dash line under it.
func findTable(lines []string) (int, []int, bool) {
	for i := 0; i+1 < len(lines); i++ {
		if !Starts(lines[i]) {
			continue
		}
		starts := dashStarts(lines[i+1])
		if len(starts) >= len(tableCols)-1 {
			return i, starts, true
		}
	}
	return 0, nil, false
}

func dashStarts(line string) []int {
	line = strings.TrimRight(line, "\r")
	var starts []int
	in := false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '-':
			if !in {
				starts = append(starts, i)
				in = true
			}
		case ' ':
			in = false
		default:
			return nil
		}
	}
	return starts
}

func detectTable(text string) bool {
	if !strings.Contains(text, "Next Hop Type") {
		return false // cheap test before splitting a large text into lines
	}
	_, _, ok := findTable(strings.Split(text, "\n"))
	return ok
}

// readTable reads the table form; line is the file line of text's first
// line.
func readTable(file string, line int, text string, set *evidence.Set) error {
	lines := strings.Split(text, "\n")
	h, starts, ok := findTable(lines)
	if !ok {
		return fmt.Errorf("%s:%d: no effective route table header", file, line)
	}
	d := evidence.AzureDoc{Kind: evidence.AzureEffectiveRoutes, Source: evidence.Source{File: file, Line: line + h}}
	for i := h + 2; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r")
		if strings.TrimSpace(l) == "" {
			break
		}
		cols := cutCols(l, starts)
		n := line + i
		if len(cols) < 4 || cols[0] == "" || cols[2] == "" || cols[3] == "" {
			set.Skipped = append(set.Skipped, evidence.NewSkip(evidence.Source{File: file, Line: n}, 1, "skip.azure.route_row", nil))
			continue
		}
		rt := evidence.AzureRoute{Origin: cols[0], State: cols[1], Prefixes: strings.Fields(cols[2]), NextHopType: cols[3], Index: len(d.Routes), Line: n}
		if len(cols) > 4 {
			rt.NextHopIPs = strings.Fields(cols[4])
		}
		d.Routes = append(d.Routes, rt)
	}
	if len(d.Routes) == 0 {
		return fmt.Errorf("%s:%d: effective route table without rows", file, line+h)
	}
	set.Azure = append(set.Azure, d)
	return nil
}

// cutCols cuts a row at the column starts of the dash line.
func cutCols(l string, starts []int) []string {
	out := make([]string, len(starts))
	for i, s := range starts {
		if s >= len(l) {
			break
		}
		e := len(l)
		if i+1 < len(starts) && starts[i+1] < e {
			e = starts[i+1]
		}
		out[i] = strings.TrimSpace(l[s:e])
	}
	return out
}
