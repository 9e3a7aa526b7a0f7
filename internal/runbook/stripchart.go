package runbook

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// `w32tm /stripchart /computer:HOST /samples:N /dataonly` prints one line
// per sample: "10:41:13, +00.0156250s" (dataonly) or
// "10:41:13, d:+00.0312500s o:-14400.1234567s  [...]". o: is the NTP offset
// (reference minus local: positive means this machine is behind). The
// header names the reference ("Tracking kms01 [10.0.0.5:123]." in English,
// the same with Japanese words around it on a Japanese Windows); errors
// print "error: 0x800705B4".
var (
	stripTrackRe  = regexp.MustCompile(`(\S+) \[([0-9A-Fa-f.:]+)\]`)
	stripSampleRe = regexp.MustCompile(`^\d{1,2}:\d{2}:\d{2}(?:[^,]*,\s*(?:d:[+-]?[\d.]+s\s+o:)?|\s+d:[+-]?[\d.]+s\s+o:)([+-]?[\d.]+)s\b`)
	// The comma after the time is not always there ("09:56:13 error:
	// 0x800705B4", a real run in testdata/SOURCES.md).
	stripErrRe = regexp.MustCompile(`(?i)^\d{1,2}:\d{2}:\d{2}(?:[^,]*,)?\s*(?:error|エラー)[:：]?\s*(0x[0-9A-Fa-f]{8})`)
	// /rdtsc prints CSV lines, the same in every language: "RdtscStart,
	// RdtscEnd, FileTime, RoundtripDelay, NtpOffset" (the header is
	// translated, the numbers are not), and "..., FileTime, error: 0x800705B4".
	stripRdtscRe    = regexp.MustCompile(`^\d{6,}, \d{6,}, \d{15,}, [+-][\d.]+, ([+-][\d.]+)$`)
	stripRdtscErrRe = regexp.MustCompile(`(?i)^\d{6,}, \d{6,}, \d{15,}, \S*\s*(0x[0-9A-Fa-f]{8})$`)
	// /dataonly prints "10:41:13, +00.0156250s" and nothing graphic.
	stripDataOnlyRe = regexp.MustCompile(`^\d{1,2}:\d{2}:\d{2}, [+-]\d+\.\d+s$`)
)

// DetectStripchart reports whether text is `w32tm /stripchart` output.
func DetectStripchart(text string) bool {
	if !strings.Contains(text, "[") && !strings.Contains(strings.ToLower(text), "stripchart") {
		return false
	}
	n, data := 0, 0
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		if stripSampleRe.MatchString(t) && strings.Contains(t, "o:") || stripErrRe.MatchString(t) ||
			stripRdtscRe.MatchString(t) || stripRdtscErrRe.MatchString(t) {
			n++
		}
		if stripDataOnlyRe.MatchString(t) {
			data++
		}
	}
	tracked := stripTrackRe.MatchString(text)
	return n > 0 || data > 0 && tracked || data >= 3 ||
		strings.Contains(strings.ToLower(text), "w32tm /stripchart") && tracked
}

// StartsStripchart reports whether line begins a stripchart output.
func StartsStripchart(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "Tracking ") && stripTrackRe.MatchString(t) || strings.Contains(t, "を追跡しています") ||
		strings.HasSuffix(t, ":123].") && stripTrackRe.MatchString(t) // another language ("Отслеживание x [ip:123].")
}

// ClaimsStripchart reports whether line is a sample of a stripchart that
// failed ("09:56:13 error: 0x800705B4", a timeout): its code is the time
// sample's, never a licensing failure.
func ClaimsStripchart(line string) bool {
	t := strings.TrimSpace(line)
	return stripErrRe.MatchString(t) || stripRdtscErrRe.MatchString(t)
}

// ReadStripchart reads the samples of one stripchart run into s: the median
// offset becomes one ClockSample (an unanswered run one with Err).
func ReadStripchart(file string, first int, text string, s *evidence.Set) error {
	ls, ns := lines(first, text)
	server := ""
	var offs []time.Duration
	var errText string
	line := first
	for i, l := range ls {
		t := strings.TrimSpace(l)
		if server == "" {
			if m := stripTrackRe.FindStringSubmatch(t); m != nil && !stripSampleRe.MatchString(t) {
				server = m[1]
				continue
			}
		}
		if m := stripRdtscRe.FindStringSubmatch(t); m != nil {
			if f, err := strconv.ParseFloat(m[1], 64); err == nil {
				offs = append(offs, time.Duration(f*float64(time.Second)))
				line = ns[i]
			}
			continue
		}
		if m := stripRdtscErrRe.FindStringSubmatch(t); m != nil {
			errText = knowledge.NormalizeCode(m[1])
			line = ns[i]
			continue
		}
		if m := stripErrRe.FindStringSubmatch(t); m != nil {
			errText = knowledge.NormalizeCode(m[1])
			line = ns[i]
			continue
		}
		if m := stripSampleRe.FindStringSubmatch(t); m != nil {
			f, err := strconv.ParseFloat(m[1], 64)
			if err != nil {
				continue
			}
			offs = append(offs, time.Duration(f*float64(time.Second)))
			line = ns[i]
		}
	}
	switch {
	case len(offs) > 0:
		slices.Sort(offs)
		s.Clock = append(s.Clock, evidence.ClockSample{Server: server, Offset: offs[len(offs)/2], Source: src(file, line)})
	case errText != "":
		s.Clock = append(s.Clock, evidence.ClockSample{Server: server, Err: errText, Source: src(file, line)})
	}
	return nil
}
