package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// testSearchPaging pages through searches (MachineFilter.Q) whose matches
// are spread, bunched at low and at high ids, under every way the store
// may read them (SetSearchDense: the walk by id over windows of 1, 4 or
// 100 machines, or the index list), and checks that every page holds the
// next matching machines by id, each once.
func testSearchPaging(t *testing.T, s fleet.Store) {
	ctx := context.Background()
	var names []string
	for i := range 40 {
		n := fmt.Sprintf("lab%02d", i)
		if i >= 6 && i < 20 && i%2 == 0 || i >= 34 {
			n = fmt.Sprintf("PC%02d", i)
		}
		st := "licensed"
		if i%3 == 0 {
			st = "unlicensed"
		}
		put(t, s, Rec(Report(n, st, T0), T0))
		names = append(names, n)
	}
	dense, _ := s.(interface{ SetSearchDense(int, int) })
	for _, d := range [][2]int{{0, 0}, {1, 1}, {3, 4}, {3, 100}, {1000, 1}} {
		if dense != nil {
			dense.SetSearchDense(d[0], d[1])
		}
		for _, q := range []string{"pc", "LAB", "lab0", "cmid-pc", "co", "pc3", "x"} {
			for _, status := range []string{"", "unlicensed"} {
				var want []string
				for i, n := range names {
					if (strings.HasPrefix(strings.ToLower(n), strings.ToLower(q)) || strings.HasPrefix("corp.example", strings.ToLower(q)) ||
						strings.HasPrefix("cmid-"+strings.ToLower(n), strings.ToLower(q))) && (status == "" || i%3 == 0) {
						want = append(want, strings.ToLower(n)+".corp.example")
					}
				}
				for _, limit := range []int{1, 2, 3, 5, 100} {
					var got []string
					f := fleet.MachineFilter{Q: q, Status: status, Limit: limit}
					for range 50 {
						ms, next, err := s.Machines(ctx, f)
						if err != nil {
							t.Fatal(err)
						}
						if len(ms) > limit || next != 0 && len(ms) != limit {
							t.Fatalf("%v q=%s limit %d: page of %d, next %d", d, q, limit, len(ms), next)
						}
						for _, m := range ms {
							got = append(got, m.Key)
						}
						if next == 0 {
							break
						}
						f.After = next
					}
					if ms, next, err := s.Machines(ctx, fleet.MachineFilter{Q: q, Status: status, Limit: limit, After: 1 << 40}); err != nil || len(ms) != 0 || next != 0 {
						t.Errorf("%v q=%s after every machine: %d machines, next %d, %v", d, q, len(ms), next, err)
					}
					if !slices.Equal(got, want) {
						t.Errorf("%v q=%s status=%s limit %d:\n got %v\nwant %v", d, q, status, limit, got, want)
					}
				}
			}
		}
	}
	if dense != nil {
		dense.SetSearchDense(0, 0)
	}
}
