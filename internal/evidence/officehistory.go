package evidence

import "time"

// OfficeKMSRequest is one entry of `ospp.vbs /dhistorykms`: a KMS
// activation request (event 12288 of the Application log) whose N-policy is
// 5, which is how ospp.vbs picks Office's requests (a Windows Server
// request has the same N-policy). ospp prints the time the event was
// written, and of the request's Info only what comes before the first
// colon: the result code, the status flags and the KMS host's name without
// its port.
type OfficeKMSRequest struct {
	Machine string    // "Searching for KMS activation events on machine: NAME"
	Time    time.Time // "Coordinated Universal Time Written:", as ospp labels it; zero when unreadable
	// TimeText is the time as printed (its layout is the machine's locale).
	TimeText string
	HR       uint32 // the result of the request (0 = the host answered)
	HRText   string // as printed, "0xC004F074"
	Host     string // the KMS host the request went to, "" when not shown
	Source   Source
}

// OfficeKMSHistory is one `ospp.vbs /dhistorykms` output: its requests in
// the order printed, or none ("No KMS activation events found").
type OfficeKMSHistory struct {
	Machine  string
	Requests []OfficeKMSRequest
	// Truncated is true when the reader kept only the first
	// MaxOfficeKMSRequests requests.
	Truncated bool
	Source    Source
}

// MaxOfficeKMSRequests bounds the requests kept from one /dhistorykms.
const MaxOfficeKMSRequests = 10000
