package slmgr

import (
	"strconv"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// `ospp.vbs /dhistorykms` lists the KMS activation requests of Office
// (Application log event 12288 whose N-policy is 5), one block each:
//
//	Searching for KMS activation events on machine: PC01
//	Event ID: 12288
//	Coordinated Universal Time Written: 11/2/2026 9:14:03 AM
//	ERROR/HOST: 0xC004F074, 0x0, kms01.corp.example.com
//	ERROR DESCRIPTION: ...
//	---------------------------------------
//
// or "No KMS activation events found on machine: PC01". ERROR/HOST is the
// request's Info up to its first colon (ospp cuts it there), so it holds
// the result code, the status flags and the KMS host's name without its
// port. The layout is OSPP.VBS "Version Info: 2016 1.0" (performLicAction);
// the time is CDate of the event's TimeWritten, printed in the machine's
// locale. Hand-written, as the rest of this package.

const (
	histSearch   = "searching for kms activation events on machine:"
	histNone     = "no kms activation events found on machine:"
	histTime     = "coordinated universal time written:"
	histErrHost  = "error/host:"
	histEventID  = "event id:"
	histDescribe = "error description:"
)

// DetectHistory reports whether text is `ospp.vbs /dhistorykms` output.
func DetectHistory(text string) bool {
	low := strings.ToLower(text)
	if strings.Contains(low, histSearch) || strings.Contains(low, histNone) {
		return true
	}
	return strings.Contains(low, histErrHost) && strings.Contains(low, histTime)
}

// StartsHistory reports whether line begins a /dhistorykms output.
func StartsHistory(line string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(line)), histSearch)
}

// historyLayouts are the date layouts CDate prints in the locales seen
// (en-US first: ospp builds the date as MM/DD/YYYY), then ISO-like ones.
var historyLayouts = []string{
	"1/2/2006 3:04:05 PM", "1/2/2006 15:04:05", "2006/01/02 15:04:05", "2006/1/2 15:04:05",
	"2006-01-02 15:04:05", "02.01.2006 15:04:05", "2.1.2006 15:04:05", "02/01/2006 15:04:05",
	"1/2/2006 3:04 PM", "2006/01/02 15:04",
}

func parseHistoryTime(v string) (time.Time, bool) {
	v = strings.Join(strings.Fields(v), " ")
	for _, l := range historyLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ReadHistory parses a /dhistorykms output (one segment whose first line
// is line of file) into s.
func ReadHistory(file string, line int, text string, s *evidence.Set) error {
	h := evidence.OfficeKMSHistory{Source: evidence.Source{File: file, Line: line}}
	var cur *evidence.OfficeKMSRequest
	flush := func() {
		if cur == nil {
			return
		}
		if len(h.Requests) < evidence.MaxOfficeKMSRequests {
			h.Requests = append(h.Requests, *cur)
		} else {
			h.Truncated = true
		}
		cur = nil
	}
	rest := text
	for n := line; rest != ""; n++ {
		var l string
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			l, rest = rest, ""
		}
		l = strings.TrimSpace(strings.TrimRight(l, "\r"))
		low := strings.ToLower(l)
		switch {
		case strings.HasPrefix(low, histSearch):
			h.Machine = strings.TrimSpace(l[len(histSearch):])
			h.Source.Line = n
		case strings.HasPrefix(low, histNone):
			if h.Machine == "" {
				h.Machine = strings.TrimSpace(l[len(histNone):])
			}
		case strings.HasPrefix(low, histTime):
			flush()
			v := strings.TrimSpace(l[len(histTime):])
			cur = &evidence.OfficeKMSRequest{Machine: h.Machine, TimeText: v, Source: evidence.Source{File: file, Line: n}}
			if t, ok := parseHistoryTime(v); ok {
				cur.Time = t
			}
		case strings.HasPrefix(low, histErrHost):
			if cur == nil {
				cur = &evidence.OfficeKMSRequest{Machine: h.Machine, Source: evidence.Source{File: file, Line: n}}
			}
			readErrHost(cur, strings.TrimSpace(l[len(histErrHost):]))
		case strings.HasPrefix(low, "---------------"):
			flush()
		}
	}
	flush()
	s.OfficeKMSHistory = append(s.OfficeKMSHistory, h)
	return nil
}

// readErrHost reads "0xC004F074, 0x0, kms01.corp.example.com": the result
// code, the flags and the host (a single token; when the request named no
// host ospp's cut falls in a later field, which is not a host).
func readErrHost(r *evidence.OfficeKMSRequest, v string) {
	fs := strings.Split(v, ",")
	code := strings.TrimSpace(fs[0])
	r.HRText = code
	if strings.HasPrefix(code, "0x") || strings.HasPrefix(code, "0X") {
		if hr, err := strconv.ParseUint(code[2:], 16, 32); err == nil {
			r.HR = uint32(hr)
			r.HRText = "0x" + strings.ToUpper(strconv.FormatUint(hr, 16))
			if hr != 0 {
				r.HRText = "0x" + strings.ToUpper(leftPad8(strconv.FormatUint(hr, 16)))
			}
		}
	}
	if len(fs) >= 3 {
		h := strings.TrimSpace(fs[2])
		if isHostValue(h) && len(h) <= 255 && !strings.ContainsAny(h, "/\\<>\"'") {
			r.Host = h
		}
	}
}

func leftPad8(s string) string {
	for len(s) < 8 {
		s = "0" + s
	}
	return s
}
