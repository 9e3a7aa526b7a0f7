package kmsevents

import (
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Office's activation events. On Windows 7 (and for Office 2010 on any
// Windows) Office is licensed by the Office Software Protection Platform
// service, whose events in the Application log have the source "Office
// Software Protection Platform Service": every event of that source is
// Office's. On Windows 8 and later Office is licensed by Windows' own
// Software Protection service, and its events (source
// Microsoft-Windows-Security-SPP) are Office's when they name Office's
// application id: 8198's command line "AppId=0ff1ce15-...", 1003's first
// value. (Facts: ospp.vbs 2016 1.0, which reads these sources, and
// research/windows-fix-clouds.md section 5.) A 12288 names no application
// id, only an activation id, so a 12288 of sppsvc is not told apart; ospp
// /dhistorykms picks them by their N-policy of 5.

// Office application ids: Office 2013 and later, and Office 2010.
const (
	OfficeAppID     = "0ff1ce15-a989-479d-af46-f275c6370663"
	Office2010AppID = "59a52881-a989-479d-af46-f275c6370663"
)

// IsOSPPProvider is true for the Office Software Protection Platform
// service's event source (osppsvc).
func IsOSPPProvider(p string) bool {
	p = strings.ToLower(p)
	return strings.Contains(p, "office software protection") || p == "osppsvc"
}

// OfficeApp returns the Office application id an event names ("" when it
// names none): in any value of its data, in lower or upper case.
func OfficeApp(e *evidence.Event) string {
	for _, d := range e.Data {
		if len(d) < len(OfficeAppID) {
			continue
		}
		// GUIDs are written in lower or in upper case: both forms, with
		// strings.Contains (fast), rather than a case-folding search.
		switch {
		case strings.Contains(d, OfficeAppID) || strings.Contains(d, officeAppIDUpper):
			return OfficeAppID
		case strings.Contains(d, Office2010AppID) || strings.Contains(d, office2010AppIDUpper):
			return Office2010AppID
		}
	}
	return ""
}

var (
	officeAppIDUpper     = strings.ToUpper(OfficeAppID)
	office2010AppIDUpper = strings.ToUpper(Office2010AppID)
)

// IsOfficeEvent is true for an event about Office's licence: any event of
// the OSPP service, and an SPP event that names Office's application id.
func IsOfficeEvent(e *evidence.Event) bool {
	if IsOSPPProvider(e.Provider) {
		return true
	}
	switch e.EventID {
	case EvRequest, EvResponse, EvHostRequest, EvDNSFailed, EvDNSPublished:
		return false // their Info names no application (and they are the bulk of a log)
	}
	return IsActivationProvider(e.Provider) && OfficeApp(e) != ""
}

// AnalyzeOfficeClients is AnalyzeClients over Office's events only (see
// IsOfficeEvent); AnalyzeClients itself leaves them out, so that Office's
// attempts never stand for Windows'.
func AnalyzeOfficeClients(events []evidence.Event) *ClientResult {
	var office []evidence.Event
	for i := range events {
		if IsOfficeEvent(&events[i]) {
			office = append(office, events[i])
		}
	}
	return analyzeClients(office, true)
}
