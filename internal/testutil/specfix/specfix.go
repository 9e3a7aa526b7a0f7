// Package specfix reads the table "Findings fix can apply on the client"
// of docs/spec.md, which two tests check: internal/diagnose's
// TestClientFixable (against the rules) and cmd/kmsdoctor's TestFixGolden
// (against the plan goldens).
package specfix

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var opRE = regexp.MustCompile("`([a-z_]+(?:/office)?)`")

// Read returns, from the table of the spec at path (| `id` | `op`, ...
// (prose) | `op` |), finding id -> the ops fix applies, and finding id ->
// the destructive ops it applies with --allow-destructive. The ops of a
// cell are its `quoted` words; the rest is prose.
func Read(t testing.TB, path string) (applicable, destructive map[string][]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "Findings fix can apply on the client")
	if !ok {
		t.Fatalf("%s: no table of the findings fix can apply on the client", path)
	}
	applicable, destructive = map[string][]string{}, map[string][]string{}
	ops := func(cell string) []string {
		var out []string
		for _, m := range opRE.FindAllStringSubmatch(cell, -1) {
			out = append(out, m[1])
		}
		sort.Strings(out)
		return out
	}
	in := false
	for _, line := range strings.Split(rest, "\n") {
		if !strings.HasPrefix(line, "|") {
			if in {
				break
			}
			continue
		}
		in = true
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 3 || !strings.HasPrefix(strings.TrimSpace(cells[0]), "`") {
			continue
		}
		id := strings.Trim(strings.TrimSpace(cells[0]), "`")
		if a := ops(cells[1]); len(a) > 0 {
			applicable[id] = a
		}
		if d := ops(cells[2]); len(d) > 0 {
			destructive[id] = d
		}
	}
	return applicable, destructive
}
