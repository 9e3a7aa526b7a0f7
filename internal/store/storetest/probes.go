package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// RunProbes checks a store's fleet.ProbeStore; open returns a new, empty
// store (closed by RunProbes).
func RunProbes(t *testing.T, open func(t *testing.T) fleet.Store) {
	t.Run("Schedule", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		ps := s.(fleet.ProbeStore)
		ctx := context.Background()
		if _, err := ps.AddProbe(ctx, "", time.Minute, T0); fleet.ErrorCode(err) != fleet.EINVALID {
			t.Errorf("empty target: %v", err)
		}
		if _, err := ps.AddProbe(ctx, "kms01:1688", time.Second, T0); fleet.ErrorCode(err) != fleet.EINVALID {
			t.Errorf("1s interval: %v", err)
		}
		p, err := ps.AddProbe(ctx, "KMS01:1688", time.Minute, T0)
		if err != nil || p.Target != "kms01:1688" || !p.NextRun.Equal(T0) || p.Interval != time.Minute {
			t.Fatalf("AddProbe: %+v %v", p, err)
		}
		if _, err := ps.AddProbe(ctx, "kms02:1688", time.Minute, T0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, err := ps.ClaimProbes(ctx, T0.Add(10*time.Second), 10)
		if err != nil || len(got) != 1 || got[0].Target != "kms01:1688" || !got[0].NextRun.Equal(T0.Add(time.Minute)) {
			t.Fatalf("claim: %+v %v", got, err)
		}
		if again, _ := ps.ClaimProbes(ctx, T0.Add(20*time.Second), 10); len(again) != 0 {
			t.Errorf("claimed twice in one interval: %+v", again)
		}
		// A server down for a while runs the probe once, on its grid.
		late, _ := ps.ClaimProbes(ctx, T0.Add(5*time.Minute+30*time.Second), 10)
		if len(late) != 1 || !late[0].NextRun.Equal(T0.Add(6*time.Minute)) {
			t.Errorf("late claim: %+v", late)
		}
		if err := ps.FinishProbe(ctx, p.ID, T0.Add(11*time.Second), "r1", true, 1500*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if err := ps.FinishProbe(ctx, 999999, T0, "r", true, 0); fleet.ErrorCode(err) != fleet.ENOTFOUND {
			t.Errorf("FinishProbe unknown: %v", err)
		}
		// Adding an existing target keeps its schedule.
		if p2, err := ps.AddProbe(ctx, "kms01:1688", 2*time.Minute, T0.Add(time.Hour)); err != nil || p2.ID != p.ID || !p2.NextRun.Equal(T0.Add(6*time.Minute)) {
			t.Errorf("re-add: %+v %v", p2, err)
		}
		all, err := ps.Probes(ctx)
		if err != nil || len(all) != 2 || all[0].LastReportID != "r1" || !all[0].LastSuccess || all[0].LastDuration != 1500*time.Millisecond ||
			all[0].Runs != 1 || all[0].Interval != 2*time.Minute {
			t.Fatalf("Probes: %+v %v", all, err)
		}
		if err := ps.RemoveProbe(ctx, "kms02:1688"); err != nil {
			t.Fatal(err)
		}
		if err := ps.RemoveProbe(ctx, "kms02:1688"); fleet.ErrorCode(err) != fleet.ENOTFOUND {
			t.Errorf("remove twice: %v", err)
		}
	})
}

// ProbeRace has two stores on one database (two servers) claim the same
// due probes at once, slot after slot: every probe must go to exactly one
// of them in every interval. a and b are closed by the caller.
func ProbeRace(t *testing.T, a, b fleet.Store) {
	ctx := context.Background()
	const targets, slots = 8, 15
	for i := range targets {
		if _, err := a.(fleet.ProbeStore).AddProbe(ctx, "kms"+string(rune('a'+i))+":1688", time.Minute, T0); err != nil {
			t.Fatal(err)
		}
	}
	type key struct {
		target string
		slot   int
	}
	var (
		mu   sync.Mutex
		runs = map[key]int{}
	)
	for slot := range slots {
		now := T0.Add(time.Duration(slot)*time.Minute + 5*time.Second)
		var wg sync.WaitGroup
		for _, s := range []fleet.Store{a, b, a, b} { // two claimers per server
			wg.Add(1)
			go func() {
				defer wg.Done()
				got, err := s.(fleet.ProbeStore).ClaimProbes(ctx, now, 3)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, p := range got {
					runs[key{p.Target, slot}]++
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		// Claims take at most 3 each: what is left is claimed now.
		for _, s := range []fleet.Store{a, b} {
			got, _ := s.(fleet.ProbeStore).ClaimProbes(ctx, now, targets)
			for _, p := range got {
				runs[key{p.Target, slot}]++
			}
		}
	}
	for i := range targets {
		for slot := range slots {
			if n := runs[key{"kms" + string(rune('a'+i)) + ":1688", slot}]; n != 1 {
				t.Errorf("probe %d in slot %d ran %d times, want once", i, slot, n)
			}
		}
	}
}
