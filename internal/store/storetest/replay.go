package storetest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// runReplayChunks checks the replay of the history into the daily rollups
// across the chunks it reads the history in: a store that counted each
// day live at its end (the rollup timer) and stores that got the same
// history and replayed it at once, in chunks of 1, 2, 5 and the default
// number of report ids, hold the same numbers for every day. The history
// has reports sharing a second, content sent again, a late report and a
// KMS host's count.
func runReplayChunks(t *testing.T, open func(t *testing.T) fleet.Store) {
	ctx := context.Background()
	const day = 24 * time.Hour
	base := T0.Truncate(day).Add(-6 * day)
	states := []string{"licensed", "licensed", "unlicensed", "notification", "licensed", "oob_grace"}
	var days [][]fleet.Received
	for k := range 6 {
		d := base.Add(time.Duration(k) * day)
		var rs []fleet.Received
		for i := range 12 {
			if (i+k)%5 == 4 { // not every machine reports every day
				continue
			}
			at := d.Add(10*time.Hour + time.Duration(i/3)*time.Second) // three machines a second
			st := states[(i*k+i)%len(states)]
			if i%3 == 0 {
				st = "licensed" // the same content again
			}
			r := Report(fmt.Sprintf("pc%02d", i), st, at)
			if i%4 == 0 {
				r.Subject.OS = "Windows Server 2022 Standard"
			}
			if (i+k)%3 == 0 {
				r.Products[0].KMSConfigured = "kms02.corp.example:1688"
			}
			rs = append(rs, Rec(r, at))
		}
		rs = append(rs, Rec(viaJSON(t, HostReport("kms01", 20+k, d.Add(11*time.Hour))), d.Add(11*time.Hour)))
		if k >= 2 { // generated the day before, received now
			late := Report("pc01", "unlicensed", d.Add(-14*time.Hour))
			rs = append(rs, Rec(late, d.Add(12*time.Hour)))
		}
		days = append(days, rs)
	}
	today := base.Add(6*day + time.Minute)
	type key struct {
		series, key string
		day         time.Time
	}
	points := func(st fleet.Store) map[key]int {
		ps, err := st.(fleet.RollupStore).Rollups(ctx, base)
		if err != nil {
			t.Fatal(err)
		}
		out := map[key]int{}
		for _, p := range ps {
			if p.Day.Before(today.Truncate(day)) {
				out[key{p.Series, p.Key, p.Day}] = p.N
			}
		}
		return out
	}

	live := open(t)
	defer live.Close()
	for k, rs := range days {
		for _, r := range rs {
			put(t, live, r)
		}
		end := base.Add(time.Duration(k+1)*day - time.Second)
		if err := live.(fleet.RollupStore).RefreshRollups(ctx, end, 1); err != nil { // today only: no replay
			t.Fatal(err)
		}
	}
	want := points(live)
	if len(want) == 0 || want[key{fleet.SeriesReports, "", base.Add(2 * day)}] == 0 {
		t.Fatalf("live rollups: %v", want)
	}
	for _, chunk := range []int{1, 2, 5, 0} {
		t.Run(fmt.Sprintf("chunk%d", chunk), func(t *testing.T) {
			st := open(t)
			defer st.Close()
			c, ok := st.(interface{ SetReplayChunk(int) })
			if !ok {
				t.Fatalf("%T has no SetReplayChunk", st)
			}
			c.SetReplayChunk(chunk)
			for _, rs := range days {
				for _, r := range rs {
					put(t, st, r)
				}
			}
			if err := st.(fleet.RollupStore).RefreshRollups(ctx, today, 10); err != nil {
				t.Fatal(err)
			}
			got := points(st)
			for _, k := range slices.SortedFunc(maps.Keys(want), func(a, b key) int { return a.day.Compare(b.day) }) {
				if got[k] != want[k] {
					t.Errorf("%s %s %s: replayed %d, counted live %d", k.day.Format(time.DateOnly), k.series, k.key, got[k], want[k])
				}
			}
			for k, n := range got {
				if _, ok := want[k]; !ok && n != 0 {
					t.Errorf("%s %s %s: replayed %d, not counted live", k.day.Format(time.DateOnly), k.series, k.key, n)
				}
			}
		})
	}
}
