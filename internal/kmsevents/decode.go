// Package kmsevents reads the meaning out of the Windows activation events
// that matter for KMS: the client's request and response (12288, 12289), the
// KMS host's request log (12290) and DNS publishing result (12293, 12294),
// and the Software Protection Platform failures 8198, 8200 and 8208.
//
// The Info string of 12288, 12289 and 12290 is one comma-separated list whose
// fields are documented by Microsoft (Volume Activation technical reference,
// "KMS Events"; KMS troubleshooting articles); the layouts are listed in the
// Decode* functions. On top of the decoding it pairs requests with responses,
// tells a persistent failure from transient ones, projects the expiry of the
// last successful activation and computes the KMS host analytics (count per
// required-count class over 30 days, duplicate CMIDs, clients below the
// threshold). Everything here is pure computation over evidence.Event.
//
// Judgements and their thresholds (client.go): a 12288 with no 12289 from
// the same computer within PairWindow (10 minutes) and before its next
// request is unanswered; a run of failed attempts after the last success is
// persistent when it has at least PersistentMin (2) attempts spanning
// PersistentSpan (24 hours) or more, "failing" when it is shorter, and
// failures followed by a success are transient. The expiry is the last
// success + 180 days. The KMS host count is the number of distinct CMIDs in
// the 30 days up to the newest 12290.
package kmsevents

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence/redact"
)

// Event ids handled here.
const (
	EvRequest      = 12288 // client: request sent
	EvResponse     = 12289 // client: response processed
	EvHostRequest  = 12290 // KMS host: request processed
	EvDNSFailed    = 12293 // KMS host: publishing to DNS failed
	EvDNSPublished = 12294 // KMS host: publishing to DNS succeeded
	EvADActivation = 12308 // client: activated through Active Directory (ADBA)
	EvSPPFailure   = 8198  // Security-SPP: activation failed
	EvSPPAcquire   = 8200  // Security-SPP: license acquisition failure
	EvSPPGenuine   = 8208  // Security-SPP: genuine ticket acquisition failed
)

// Status flag bits of 12288/12289 (Volume Activation 2.0 Operations Guide).
const (
	FlagOtherPC                  = 0x00000008
	FlagNoBindingServerReg       = 0x01000000
	FlagInvalidRegistration      = 0x02000000
	FlagNotEnoughCount           = 0x04000000
	FlagNotWindowsSLP            = 0x08000000
	HRNotEnoughCount             = 0xC004F038
	HRNoInternetGenuine          = 0x80072EE7
	HRSPPContact1, HRSPPContact2 = 0xC0020017, 0x8007139F
)

// License states of the Licensing Status field.
var licenseStates = []string{"unlicensed", "licensed", "oob_grace", "oot_grace", "nongenuine_grace", "notification", "extended_grace"}

// LicenseState names a Licensing Status value; unknown values give "".
func LicenseState(n int) string {
	if n >= 0 && n < len(licenseStates) {
		return licenseStates[n]
	}
	return ""
}

// Request is the Info of a 12288.
type Request struct {
	HR           uint32
	Flags        uint32
	Host         string // as logged, host or address; "" when redacted
	HostHidden   bool   // the author replaced the host with a placeholder
	Port         int
	CMID         string
	ClientTime   time.Time // zero when absent or unreadable
	VM           int
	LicenseState int
	MinutesLeft  int
	ActID        string
	Required     int // minimum count this client needs (N-Policy)
}

// Response is the Info of a 12289.
type Response struct {
	HR                 uint32
	Flags              uint32
	Activated          bool // fBound
	Count              int
	ActivationInterval int // minutes
	RenewalInterval    int // minutes
	ClientTime         time.Time
}

// HostRequest is the Info of a 12290.
type HostRequest struct {
	HR           uint32
	Required     int
	Client       string
	CMID         string
	ClientTime   time.Time
	VM           int
	LicenseState int
	MinutesLeft  int
	ActID        string
}

// DNSPublish is a 12293 (failure) or 12294 (success).
type DNSPublish struct {
	OK     bool
	HR     uint32
	Domain string
}

// FieldError says which field of an Info string could not be read.
type FieldError struct {
	EventID int
	Field   int // 1-based
	Name    string
	Value   string
}

// maxQuoted bounds the value an error quotes.
const maxQuoted = 120

func (e *FieldError) Error() string {
	v := e.Value
	if len(v) > maxQuoted {
		// A damage message must not repeat a huge value whole.
		i := maxQuoted
		for i > 0 && !utf8.RuneStart(v[i]) {
			i--
		}
		return fmt.Sprintf("event %d: Info field %d (%s) %q... is not valid", e.EventID, e.Field, e.Name, v[:i])
	}
	return fmt.Sprintf("event %d: Info field %d (%s) %q is not valid", e.EventID, e.Field, e.Name, v)
}

// InfoFields returns the comma-separated fields of an event's Info string,
// trimmed. It accepts the forms readers give: one Data value holding the
// whole string (possibly wrapped in <string>...</string> as python-evtx
// renders it, or preceded by the message text and "Info:"), or one Data value
// per field.
func InfoFields(e *evidence.Event) []string {
	var s string
	switch len(e.Data) {
	case 0:
		return nil
	case 1:
		s = e.Data[0]
	default:
		if !strings.Contains(e.Data[0], ",") {
			out := make([]string, len(e.Data))
			for i, d := range e.Data {
				out[i] = strings.TrimSpace(d)
			}
			return out
		}
		s = e.Data[0]
	}
	return SplitInfo(s)
}

// SplitInfo splits one Info string into trimmed fields.
func SplitInfo(s string) []string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "Info:"); i >= 0 {
		s = s[i+len("Info:"):]
	} else if i := strings.LastIndex(s, "情報:"); i >= 0 {
		s = s[i+len("情報:"):]
	} else if i := infoLabelEnd(s); i >= 0 {
		s = s[i:]
	}
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "<string>")
	if i := strings.Index(s, "</string>"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	fs := strings.Split(s, ",")
	for i := range fs {
		fs[i] = strings.TrimSpace(fs[i])
	}
	// A trailing comma (as in Microsoft's sample) leaves an empty last field.
	for len(fs) > 0 && fs[len(fs)-1] == "" {
		fs = fs[:len(fs)-1]
	}
	if len(fs) == 0 {
		return nil
	}
	return fs
}

// infoLabelEnd is, in a message of several lines whose Info label is in
// another language ("信息:", "Infos :"), the offset after the last line
// that is a label alone (it ends with a colon and holds no comma); -1 when
// there is none.
func infoLabelEnd(s string) int {
	end := -1
	for off := 0; off < len(s); {
		n := strings.IndexByte(s[off:], '\n')
		if n < 0 {
			break
		}
		l := strings.TrimSpace(s[off : off+n])
		if l != "" && !strings.Contains(l, ",") && (strings.HasSuffix(l, ":") || strings.HasSuffix(l, "：")) {
			end = off + n + 1
		}
		off += n + 1
	}
	return end
}

// ParseHex reads 0x-prefixed (or bare) hexadecimal, as HRESULTs and flags are
// written.
func ParseHex(s string) (uint32, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if s == "" || len(s) > 8 {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 16, 32)
	return uint32(v), err == nil
}

var timeLayouts = []string{
	"2006/01/02 15:04", "2006/1/2 15:04", "2006/01/02 15:04:05", "2006/1/2 15:04:05",
	"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05Z",
}

// ParseClientTime reads the Client Time field (UTC, "2023/05/24 01:12").
func ParseClientTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

type fieldReader struct {
	id  int
	fs  []string
	err error
}

func (r *fieldReader) str(i int) string {
	if i < len(r.fs) {
		return r.fs[i]
	}
	return ""
}

func (r *fieldReader) hex(i int, name string) uint32 {
	if i >= len(r.fs) {
		return 0
	}
	v, ok := ParseHex(r.fs[i])
	if !ok && r.err == nil {
		r.err = &FieldError{EventID: r.id, Field: i + 1, Name: name, Value: r.fs[i]}
	}
	return v
}

func (r *fieldReader) num(i int, name string) int {
	if i >= len(r.fs) || r.fs[i] == "" {
		return -1
	}
	v, err := strconv.Atoi(r.fs[i])
	if err != nil {
		if r.err == nil {
			r.err = &FieldError{EventID: r.id, Field: i + 1, Name: name, Value: r.fs[i]}
		}
		return -1
	}
	return v
}

func (r *fieldReader) time(i int) time.Time {
	t, _ := ParseClientTime(r.str(i))
	return t // placeholders such as <DateTime> leave it zero
}

// DecodeRequest decodes the Info of a 12288: HRESULT, Status flags,
// Server:Port, CMID, Client Time, VM Info, Licensing Status, Time to
// Expiration (minutes), ActID, N-Policy (required count). At least the
// HRESULT must be present; a malformed field gives a *FieldError and the
// fields that could be read.
func DecodeRequest(fs []string) (Request, error) {
	r := &fieldReader{id: EvRequest, fs: fs}
	if len(fs) == 0 {
		return Request{}, &FieldError{EventID: EvRequest, Field: 1, Name: "result code"}
	}
	q := Request{HR: r.hex(0, "result code"), Flags: r.hex(1, "status flags"), CMID: r.str(3),
		ClientTime: r.time(4), VM: r.num(5, "VM info"), LicenseState: r.num(6, "licensing status"),
		MinutesLeft: r.num(7, "time to expiration"), ActID: r.str(8), Required: r.num(9, "required count")}
	q.Host, q.Port = splitHostPort(r.str(2))
	if redact.Placeholder(r.str(2)) {
		// "<KMS Host FQDN>:1688", "_key.management.server:_1688": the
		// author hid the host; it is no host name (Event.Redacted says
		// what was hidden).
		q.Host, q.HostHidden = "", true
	}
	return q, r.err
}

// DecodeResponse decodes the Info of a 12289: HRESULT, Status flags, fBound
// (1 = activated), unused, Count, Activation Interval, Renewal Interval
// (minutes), Client Time.
func DecodeResponse(fs []string) (Response, error) {
	r := &fieldReader{id: EvResponse, fs: fs}
	if len(fs) == 0 {
		return Response{}, &FieldError{EventID: EvResponse, Field: 1, Name: "result code"}
	}
	p := Response{HR: r.hex(0, "result code"), Flags: r.hex(1, "status flags"), Activated: r.num(2, "activation flag") == 1,
		Count: r.num(4, "count"), ActivationInterval: r.num(5, "activation interval"),
		RenewalInterval: r.num(6, "renewal interval"), ClientTime: r.time(7)}
	return p, r.err
}

// DecodeHostRequest decodes the Info of a 12290: HRESULT, minimum count
// needed, client name, CMID, client time, VM, license state, minutes to state
// expiry, activation id.
func DecodeHostRequest(fs []string) (HostRequest, error) {
	r := &fieldReader{id: EvHostRequest, fs: fs}
	if len(fs) == 0 {
		return HostRequest{}, &FieldError{EventID: EvHostRequest, Field: 1, Name: "result code"}
	}
	h := HostRequest{HR: r.hex(0, "result code"), Required: r.num(1, "required count"), Client: r.str(2),
		CMID: strings.ToLower(r.str(3)), ClientTime: r.time(4), VM: r.num(5, "VM info"),
		LicenseState: r.num(6, "license state"), MinutesLeft: r.num(7, "time to expiration"), ActID: r.str(8)}
	return h, r.err
}

// msgDomainRe is the domain in the message text of a 12293 or 12294 ("...
// to DNS in the 'contoso.com' domain failed."), as pasted without the
// event's data.
var msgDomainRe = regexp.MustCompile(`\bin the '([^'\s]{1,253})' domain\b`)

// DecodeDNS decodes a 12293 (P1 HRESULT, P2 domain) or a 12294 (P1 domain);
// a message pasted without its data gives the domain of its text.
func DecodeDNS(e *evidence.Event) (DNSPublish, error) {
	d := DNSPublish{OK: e.EventID == EvDNSPublished}
	vals := e.Data
	if len(vals) == 1 {
		if m := msgDomainRe.FindStringSubmatch(vals[0]); m != nil {
			d.Domain = m[1]
			if d.OK {
				return d, nil
			}
			if c, found := FindCode(vals[0][len(m[0]):]); found {
				d.HR = c
				return d, nil
			}
			return d, &FieldError{EventID: EvDNSFailed, Field: 1, Name: "result code", Value: vals[0]}
		}
	}
	if len(vals) == 1 && strings.Contains(vals[0], ",") {
		vals = SplitInfo(vals[0])
	}
	if d.OK {
		if len(vals) > 0 {
			d.Domain = strings.TrimSpace(vals[0])
		}
		return d, nil
	}
	if len(vals) == 0 {
		return d, &FieldError{EventID: EvDNSFailed, Field: 1, Name: "result code"}
	}
	hr, ok := ParseHex(vals[0])
	if !ok {
		if c, found := FindCode(strings.Join(vals, " ")); found {
			hr, ok = c, true
		}
	}
	d.HR = hr
	if len(vals) > 1 {
		d.Domain = strings.TrimSpace(vals[1])
	}
	if !ok {
		return d, &FieldError{EventID: EvDNSFailed, Field: 1, Name: "result code", Value: vals[0]}
	}
	return d, nil
}

var codeRE = regexp.MustCompile(`(?i)0x[0-9a-f]{8}\b`)

// FindCode returns the first 0x........ code in s (the hr= of 8198, 8200
// and 8208 texts).
func FindCode(s string) (uint32, bool) {
	if i := indexFold(s, "hr="); i >= 0 {
		if m := codeRE.FindString(s[i:]); m != "" {
			v, ok := ParseHex(m)
			return v, ok
		}
	}
	if m := codeRE.FindString(s); m != "" {
		v, ok := ParseHex(m)
		return v, ok
	}
	return 0, false
}

// indexFold is a case-insensitive strings.Index for an ASCII needle that
// keeps byte offsets of s (lower-casing s first would not: invalid UTF-8
// grows).
func indexFold(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}

// EventCode returns the HRESULT carried by an 8198/8200/8208 event.
func EventCode(e *evidence.Event) (uint32, bool) {
	for _, d := range e.Data {
		if v, ok := FindCode(d); ok {
			return v, true
		}
	}
	return 0, false
}

func splitHostPort(s string) (string, int) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, ':'); i > 0 && !strings.Contains(s[:i], ":") {
		if p, err := strconv.Atoi(s[i+1:]); err == nil {
			return s[:i], p
		}
	}
	return s, 0
}

// FlagNames lists the names of the set flag bits, for evidence.
func FlagNames(f uint32) []string {
	var out []string
	for _, b := range []struct {
		bit  uint32
		name string
	}{{FlagOtherPC, "binding_other_pc"}, {FlagNoBindingServerReg, "no_binding_server_registration"},
		{FlagInvalidRegistration, "invalid_registration_data_type"}, {FlagNotEnoughCount, "not_enough_count"},
		{FlagNotWindowsSLP, "not_windows_slp"}} {
		if f&b.bit != 0 {
			out = append(out, b.name)
		}
	}
	return out
}

// Used reports whether the analyses of this package read more of e than its
// computer, time and source: an event of one of the ids handled here (Ev*)
// from an activation provider (IsActivationProvider). `analyze` keeps the
// data of these events only.
func Used(e *evidence.Event) bool {
	switch e.EventID {
	case EvRequest, EvResponse, EvHostRequest, EvDNSFailed, EvDNSPublished, EvSPPFailure, EvSPPAcquire, EvSPPGenuine:
		return IsActivationProvider(e.Provider)
	}
	return false
}
