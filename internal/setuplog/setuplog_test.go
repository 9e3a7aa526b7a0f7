package setuplog

import (
	"os"
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
	}{
		// setuperr.log with and without a component, setupact.log's
		// padding, CBS.log, a search tool's "Line N: ", the words around.
		{"2020-07-09 14:25:20, Error CallPidGenX: PidGenX function failed on this product key. (hr = 0x8a010101)", []int{0}},
		{"Log:\n2019-01-14 17:26:10, Info                  MOUPG  SetupNotify::Remapping disk full error [0x80070070] -> [0xC19001DF]\nthanks", []int{1}},
		{"2016-09-20 10:00:00, Info                  CBS    Exec: Processing complete.", []int{0}},
		{"Line 20: 2026-05-02 20:53:41, Error                 MOUPG  ProductKey: Failed to report Host OS channel to telemetry.", []int{0}},
		// Not a setup log: vlmcsd's time, an event's date, a CSV, prose.
		{"2020-11-20 23:45:27: Application ID : 0ff1ce15-a989-479d-af46-f275c6370663", nil},
		{"Date:          2024-03-01T10:00:00\nError, yes", nil},
		{"Error,3/5/2024 9:00:00 AM,Microsoft-Windows-Security-SPP,8198,None", nil},
		{"On 2024-01-01 10:00:00, Error 0xC004F074 came back", nil},
	} {
		got := Lines(tc.in)
		if len(got) != len(tc.want) {
			t.Errorf("Lines(%q) = %v, want %v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Lines(%q) = %v, want %v", tc.in, got, tc.want)
			}
		}
	}
}

// TestSample: the setuperr.log lines of testdata (a real log, see
// SOURCES.md) are all blanked, and the lines stay.
func TestSample(t *testing.T) {
	raw, err := os.ReadFile("testdata/setuperr_pidgenx.txt")
	if err != nil {
		t.Fatal(err)
	}
	in := string(raw)
	out := Blank(in)
	if strings.Count(out, "\n") != strings.Count(in, "\n") || strings.TrimSpace(out) != "" {
		t.Errorf("Blank left %q", out)
	}
}

// FuzzBlank: Blank never panics and keeps the count of lines.
func FuzzBlank(f *testing.F) {
	f.Add("2020-07-09 14:25:20, Error CallPidGenX: x\nwords\n")
	f.Add("Line 1: 2020-07-09 14:25:20, Info x")
	f.Fuzz(func(t *testing.T, in string) {
		if out := Blank(in); strings.Count(out, "\n") != strings.Count(in, "\n") {
			t.Fatalf("Blank(%q) = %q", in, out)
		}
	})
}
