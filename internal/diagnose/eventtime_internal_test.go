package diagnose

import (
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// A local time of unknown offset is never worded as UTC; an inferred
// offset is shown with the time.
func TestEventTimeOffsets(t *testing.T) {
	local := time.Date(2023, 5, 24, 10, 12, 0, 0, evidence.UnknownOffset)
	if m, ok := fmtTime(local).(report.Message); !ok || m.Key != "kmsevents.local_time" || m.Args["time"] != "2023-05-24 10:12" {
		t.Errorf("fmtTime(local) = %#v", fmtTime(local))
	}
	if got := evTime(local); strings.Contains(got, "UTC") {
		t.Errorf("evTime(local) = %q: labelled UTC", got)
	}
	jst := time.Date(2023, 5, 24, 10, 12, 0, 0, time.FixedZone("UTC+09:00", 9*3600))
	if got := fmtTime(jst); got != "2023-05-24 10:12 (UTC+09:00)" {
		t.Errorf("fmtTime(jst) = %v", got)
	}
	if got := fmtTime(jst.UTC()); got != "2023-05-24 01:12 UTC" {
		t.Errorf("fmtTime(utc) = %v", got)
	}
}
