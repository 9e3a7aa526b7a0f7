package kmsevents

import (
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// maxOffset is the widest UTC offset in use (UTC-12:00 to UTC+14:00).
const maxOffset = 14 * time.Hour

// InferOffsets gives the local times of Event Viewer copies their offset
// from UTC where the copies themselves tell it: the Client Time field of a
// 12288 or 12289 event is UTC, and the event's Date is the same moment on
// the machine's local clock. The offset found in a file applies to every
// event of that file (one machine, one clock); a file whose events disagree
// keeps its times unknown. It returns events itself when nothing changed,
// else a copy: the caller's events are never modified.
func InferOffsets(events []evidence.Event) []evidence.Event {
	votes := map[string]map[time.Duration]int{}
	for i := range events {
		e := &events[i]
		if !e.LocalTime || !evidence.OffsetUnknown(e.Time) {
			continue
		}
		var client time.Time
		switch e.EventID {
		case EvRequest:
			if q, err := DecodeRequest(InfoFields(e)); err == nil {
				client = q.ClientTime
			}
		case EvResponse:
			if p, err := DecodeResponse(InfoFields(e)); err == nil {
				client = p.ClientTime
			}
		}
		if client.IsZero() {
			continue
		}
		wall := time.Date(e.Time.Year(), e.Time.Month(), e.Time.Day(), e.Time.Hour(), e.Time.Minute(), e.Time.Second(), 0, time.UTC)
		// Client Time has minutes only; offsets are whole quarter hours.
		d := wall.Sub(client).Round(15 * time.Minute)
		if d < -12*time.Hour || d > maxOffset {
			continue
		}
		f := e.Source.File
		if votes[f] == nil {
			votes[f] = map[time.Duration]int{}
		}
		votes[f][d]++
	}
	zones := map[string]*time.Location{}
	for f, v := range votes {
		if len(v) != 1 {
			continue // the file's events disagree: leave them unknown
		}
		for d := range v {
			zones[f] = time.FixedZone(offsetName(d), int(d/time.Second))
		}
	}
	if len(zones) == 0 {
		return events
	}
	out := make([]evidence.Event, len(events))
	copy(out, events)
	for i := range out {
		e := &out[i]
		loc := zones[e.Source.File]
		if loc == nil || !e.LocalTime || !evidence.OffsetUnknown(e.Time) {
			continue
		}
		t := e.Time
		e.Time = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	}
	return out
}

// offsetName is an offset as UTC+09:00, UTC-05:30 or UTC.
func offsetName(d time.Duration) string {
	if d == 0 {
		return "UTC"
	}
	sign := '+'
	if d < 0 {
		sign, d = '-', -d
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	return "UTC" + string(sign) + two(h) + ":" + two(m)
}

func two(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }
