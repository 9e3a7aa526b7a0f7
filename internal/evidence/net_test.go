package evidence

import (
	"encoding/json"
	"testing"
	"time"
)

func TestProbeRunJSON(t *testing.T) {
	in := ProbeRun{Probe: "tcp", Target: "10.0.0.5:1688", Start: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), Duration: 1500 * time.Microsecond, Err: "refused"}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"probe":"tcp","target":"10.0.0.5:1688","start":"2026-11-23T12:00:00Z","duration_ms":1.5,"error":"refused"}`
	if string(b) != want {
		t.Fatalf("got %s\nwant %s", b, want)
	}
	var out ProbeRun
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Fatalf("round trip: %+v, %v", out, err)
	}
}

func TestMergeProbes(t *testing.T) {
	s := &Set{Probes: []ProbeRun{{Probe: "srv"}}}
	s.Merge(&Set{Probes: []ProbeRun{{Probe: "tcp"}}})
	if len(s.Probes) != 2 || s.Probes[1].Probe != "tcp" {
		t.Fatalf("%+v", s.Probes)
	}
}
