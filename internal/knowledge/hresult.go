package knowledge

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrBadCode is returned by ParseCode for text that is not an error code.
var ErrBadCode = errors.New("not an error code")

// ParseCode reads an error code in any form users paste it: 0xC004F074,
// C004F074, c004f074, signed decimal -1073418124 (as events print it) or
// unsigned decimal 3221549172. Surrounding spaces, a trailing "h" or "L"
// and the "0X" spelling are tolerated. Hex without 0x must have 8 digits or
// contain a letter, so that a plain decimal is read as decimal.
//
// Hex of five to seven digits is refused: it is too long for a Win32 error
// (at most four digits) and too short for a 32-bit code, so it is almost
// always a code with a digit left out (0xC004F74), and reading it as
// 0x0C004F74 would explain a different code. Suggest finds what was meant.
func ParseCode(s string) (uint32, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(strings.TrimSuffix(t, "L"), "l")
	if t == "" {
		return 0, fmt.Errorf("%w: empty", ErrBadCode)
	}
	bad := func() (uint32, error) { return 0, fmt.Errorf("%w: %q", ErrBadCode, s) }
	switch {
	case strings.HasPrefix(t, "0x") || strings.HasPrefix(t, "0X"):
		h := t[2:]
		if h == "" || len(h) > 8 || len(h) > 4 && len(h) < 8 {
			return bad()
		}
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			return bad()
		}
		return uint32(v), nil
	case strings.HasPrefix(t, "-"):
		v, err := strconv.ParseInt(t, 10, 64)
		if err != nil || v < -(1<<31) {
			return bad()
		}
		return uint32(int32(v)), nil
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "h"), "H")
	if isDecimal(t) && len(t) != 8 {
		// A decimal such as 9003 or the unsigned 3221549172.
		v, err := strconv.ParseUint(t, 10, 64)
		if err != nil || v > 0xFFFFFFFF {
			return bad()
		}
		return uint32(v), nil
	}
	if len(t) > 8 || len(t) > 4 && len(t) < 8 {
		return bad()
	}
	v, err := strconv.ParseUint(t, 16, 32)
	if err != nil {
		return bad()
	}
	return uint32(v), nil
}

func isDecimal(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// FormatCode prints v the canonical way: 0x and 8 upper-case hex digits.
func FormatCode(v uint32) string { return fmt.Sprintf("0x%08X", v) }

// NormalizeCode parses and reformats a code; it returns "" for text that is
// not a code.
func NormalizeCode(s string) string {
	v, err := ParseCode(s)
	if err != nil {
		return ""
	}
	return FormatCode(v)
}

// Decoded is the structure of a 32-bit status code.
type Decoded struct {
	Value uint32
	// Kind is "HRESULT", "NTSTATUS" or "Win32".
	Kind string
	// Failure is true when the severity bit says error.
	Failure      bool
	Severity     string // success, informational, warning, error
	Facility     uint32
	FacilityName string // e.g. FACILITY_WIN32, or "Software Licensing"
	Code         uint16
	// Name is the symbolic name when known (E_ACCESSDENIED, STATUS_ACCESS_DENIED...).
	Name string
	// Win32 is the Win32 error number inside a FACILITY_WIN32 HRESULT (or the
	// value itself for a bare Win32 error), with its name.
	Win32     uint32
	Win32Name string
	IsWin32   bool
}

const facilityWin32 = 7

// Decode splits v into its fields. 0x8007xxxx carries a Win32 error;
// 0xC000xxxx-0xC00Fxxxx with a known NTSTATUS name is an NTSTATUS; 0xC004xxxx
// above 0x8000 is a Software Licensing (SL_E_*) code; a value below 0x10000
// is a bare Win32 error number.
func Decode(v uint32) Decoded {
	d := Decoded{Value: v, Code: uint16(v & 0xFFFF)}
	if v < 0x10000 {
		d.Kind = "Win32"
		d.Win32, d.IsWin32 = v, true
		d.Win32Name = win32Names[v]
		d.Name = d.Win32Name
		d.Severity = "error"
		d.Failure = v != 0
		if v == 0 {
			d.Severity = "success"
		}
		return d
	}
	if name, ok := ntstatusNames[v]; ok && v&0xC0000000 != 0 && v>>16&0xFFF != 4 {
		d.Kind = "NTSTATUS"
		d.Name = name
		d.Facility = v >> 16 & 0xFFF
		d.Severity = [...]string{"success", "informational", "warning", "error"}[v>>30]
		d.Failure = v>>30 == 3
		d.FacilityName = ntFacility(d.Facility)
		return d
	}
	d.Kind = "HRESULT"
	d.Failure = v&0x80000000 != 0
	d.Severity = "success"
	if d.Failure {
		d.Severity = "error"
	}
	d.Facility = v >> 16 & 0x7FF
	d.FacilityName = facilityNames[d.Facility]
	if v>>16 == 0xC004 && d.Code >= 0x8000 {
		d.FacilityName = "Software Licensing (SL_E_*)"
	}
	if d.FacilityName == "" {
		d.FacilityName = fmt.Sprintf("facility %d", d.Facility)
	}
	d.Name = hresultNames[v]
	if d.Facility == facilityWin32 && d.Failure {
		d.IsWin32 = true
		d.Win32 = uint32(d.Code)
		d.Win32Name = win32Names[d.Win32]
	}
	return d
}

func ntFacility(f uint32) string {
	if f == 0 {
		return ""
	}
	return fmt.Sprintf("NTSTATUS facility %d", f)
}

// Summary is a one-line English-neutral description such as
// "HRESULT, FACILITY_WIN32, Win32 error 9003 DNS_ERROR_RCODE_NAME_ERROR".
func (d Decoded) Summary() string {
	parts := []string{d.Kind}
	if d.FacilityName != "" {
		parts = append(parts, d.FacilityName)
	}
	if d.IsWin32 {
		w := fmt.Sprintf("Win32 %d", d.Win32)
		if d.Win32Name != "" {
			w += " " + d.Win32Name
		}
		parts = append(parts, w)
	} else if d.Name != "" {
		parts = append(parts, d.Name)
	}
	return strings.Join(parts, ", ")
}
