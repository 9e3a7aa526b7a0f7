package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/kmsevents"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// The columns of `events --format table`, in display columns.
const (
	colTime     = 22
	colID       = 6
	colComputer = 26
	colResult   = 11
	colHost     = 28
)

// tableHeader is the first line of `events --format table` in language l.
func tableHeader(l i18n.Lang) string {
	p := i18n.Printer{Lang: l}
	return pad(p.T("events.table.time", nil), colTime) + pad(p.T("events.table.id", nil), colID) +
		pad(p.T("events.table.computer", nil), colComputer) + pad(p.T("events.table.result", nil), colResult) +
		pad(p.T("events.table.host", nil), colHost) + p.T("events.table.count", nil) + "\n"
}

// appendEventTable writes ev as one row: time (UTC), event id, computer,
// the result code decoded from the Info of a 12288, 12289 or 12290 (or the
// 12293 DNS result), the KMS host (12288) or the client (12290), and the
// count (12289: the host's count; 12290: the count the client needs). It
// runs on the readers' workers, so it touches nothing but ev and buf.
func appendEventTable(ev *evidence.Event, buf []byte) []byte {
	t := "-"
	if !ev.Time.IsZero() {
		t = ev.Time.UTC().Format("2006-01-02 15:04:05Z")
		if evidence.OffsetUnknown(ev.Time) {
			t = ev.Time.Format("2006-01-02 15:04:05") // local, no Z
		}
	}
	result, host, count := "", "", ""
	fs := kmsevents.InfoFields(ev)
	switch ev.EventID {
	case kmsevents.EvRequest:
		if q, err := kmsevents.DecodeRequest(fs); err == nil || len(fs) > 2 {
			result, host = hexCode(q.HR), q.Host
			if q.Port != 0 {
				host += ":" + strconv.Itoa(q.Port)
			}
		}
	case kmsevents.EvResponse:
		if r, err := kmsevents.DecodeResponse(fs); err == nil || len(fs) > 4 {
			result, count = hexCode(r.HR), strconv.Itoa(r.Count)
		}
	case kmsevents.EvHostRequest:
		if h, err := kmsevents.DecodeHostRequest(fs); err == nil || len(fs) > 2 {
			result, host, count = hexCode(h.HR), h.Client, strconv.Itoa(h.Required)
		}
	case kmsevents.EvDNSFailed:
		if d, err := kmsevents.DecodeDNS(ev); err == nil {
			result, host = hexCode(d.HR), d.Domain
		}
	case kmsevents.EvDNSPublished:
		if d, err := kmsevents.DecodeDNS(ev); err == nil {
			host = d.Domain
		}
	}
	line := pad(t, colTime) + pad(strconv.Itoa(ev.EventID), colID) + pad(text(ev.Computer), colComputer) +
		pad(result, colResult) + pad(text(host), colHost) + count
	buf = append(buf, strings.TrimRight(line, " ")...)
	return append(buf, '\n')
}

func hexCode(v uint32) string { return fmt.Sprintf("0x%08X", v) }

// pad left-aligns s in a column of w display columns, with at least one
// space after it.
func pad(s string, w int) string {
	if s == "" {
		s = "-"
	}
	n := textout.Cols(s)
	if n >= w {
		return s + " "
	}
	return s + strings.Repeat(" ", w-n)
}

// parseSince reads --since: a duration back from now (90m, 24h, 7d) or a
// date or time (2026-11-30, 2026-11-30T10:00:00Z, "2026-11-30 10:00"),
// UTC unless it gives its offset.
func parseSince(s string, now time.Time) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if d, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(d); err == nil && n >= 0 {
			return now.Add(-time.Duration(n) * 24 * time.Hour), true
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), true
	}
	for _, f := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(f, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// sameComputer matches --computer against an event's computer name: the
// full name or its first label, without regard to case.
func sameComputer(want, got string) bool {
	if strings.EqualFold(want, got) {
		return true
	}
	short, _, _ := strings.Cut(got, ".")
	return strings.EqualFold(want, short)
}
