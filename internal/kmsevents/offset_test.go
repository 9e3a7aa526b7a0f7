package kmsevents

import (
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/evtext"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func localEvent(t *testing.T, file, date string, id int, info string) evidence.Event {
	t.Helper()
	tm, ok := evtext.ParseDate(date)
	if !ok || !evidence.OffsetUnknown(tm) {
		t.Fatalf("ParseDate(%q) = %v, %v: want a local time of unknown offset", date, tm, ok)
	}
	return evidence.Event{EventID: id, Time: tm, LocalTime: true, Data: []string{info}, Source: evidence.Source{File: file, Line: 1}}
}

func TestInferOffsets(t *testing.T) {
	req := "0x0, 0x0, kms01:1688, 3d5e3f6c-1c5a-4b8e-9f0d-2a4c6e8b0d1f, 2024/03/01 1:00, 0, 2, 1440, 55c92734-d682-4d71-983e-d6ec3f16059f, 25"
	jst := localEvent(t, "jst.txt", "2024/03/01 10:00:12", EvRequest, req)
	other := localEvent(t, "jst.txt", "2024/03/01 11:30:00", 8198, "hr=0xC004F074")
	alone := localEvent(t, "alone.txt", "2024/03/01 10:00:12", 8198, "hr=0xC004F074")
	in := []evidence.Event{jst, other, alone}
	out := InferOffsets(in)
	if !evidence.OffsetUnknown(in[0].Time) {
		t.Fatal("InferOffsets modified its input")
	}
	for i, want := range []string{"2024-03-01T10:00:12+09:00", "2024-03-01T11:30:00+09:00", ""} {
		got := out[i].Time
		if want == "" {
			if !evidence.OffsetUnknown(got) {
				t.Errorf("event %d: %v, want its offset still unknown", i, got)
			}
			continue
		}
		if got.Format(time.RFC3339) != want || evidence.OffsetUnknown(got) {
			t.Errorf("event %d: %s, want %s", i, got.Format(time.RFC3339), want)
		}
		if name, _ := got.Zone(); name != "UTC+09:00" {
			t.Errorf("event %d: zone %q, want UTC+09:00", i, name)
		}
	}
	// Two events of one file that disagree leave it unknown.
	bad := localEvent(t, "jst.txt", "2024/03/01 05:00:00", EvRequest, req)
	if out := InferOffsets([]evidence.Event{jst, bad}); !evidence.OffsetUnknown(out[0].Time) {
		t.Errorf("disagreeing offsets: %v, want unknown", out[0].Time)
	}
	// UTC times (EVTX) are left alone.
	u := evidence.Event{EventID: EvRequest, Time: time.Date(2024, 3, 1, 1, 0, 0, 0, time.UTC), Data: []string{req}}
	if out := InferOffsets([]evidence.Event{u}); out[0].Time.Location() != time.UTC {
		t.Errorf("UTC event changed: %v", out[0].Time)
	}
}
