package knowledge

import (
	"errors"
	"testing"
)

func TestParseCode(t *testing.T) {
	tests := []struct {
		in   string
		want uint32
		ok   bool
	}{
		{"0xC004F074", 0xC004F074, true},
		{"0XC004F074", 0xC004F074, true},
		{"C004F074", 0xC004F074, true},
		{"c004f074", 0xC004F074, true},
		{" c004f074 ", 0xC004F074, true},
		{"-1073418124", 0xC004F074, true},
		{"3221549172", 0xC004F074, true},
		{"0x8007232B", 0x8007232B, true},
		{"8007232b", 0x8007232B, true},
		{"-2147015893", 0x8007232B, true},
		{"2", 2, true},
		{"9003", 9003, true},
		{"0x2", 2, true},
		{"80070005", 0x80070005, true}, // eight digits: hex, as slmgr prints codes
		{"", 0, false},
		{"0x", 0, false},
		{"0x123456789", 0, false},
		{"hello", 0, false},
		{"-99999999999", 0, false},
		{"4294967296", 0, false},
		{"-", 0, false},
		{"0xG0000000", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseCode(tt.in)
		if tt.ok {
			if err != nil || got != tt.want {
				t.Errorf("ParseCode(%q) = %#x, %v; want %#x", tt.in, got, err, tt.want)
			}
			continue
		}
		if !errors.Is(err, ErrBadCode) {
			t.Errorf("ParseCode(%q) = %#x, %v; want ErrBadCode", tt.in, got, err)
		}
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		v        uint32
		kind     string
		win32    uint32
		name     string
		facility string
	}{
		{0x80070002, "HRESULT", 2, "ERROR_FILE_NOT_FOUND", "FACILITY_WIN32"},
		{0x8007232B, "HRESULT", 9003, "DNS_ERROR_RCODE_NAME_ERROR", "FACILITY_WIN32"},
		{0x80070005, "HRESULT", 5, "ERROR_ACCESS_DENIED", "FACILITY_WIN32"},
		{0x800706BA, "HRESULT", 1722, "RPC_S_SERVER_UNAVAILABLE", "FACILITY_WIN32"},
		{0xC0000022, "NTSTATUS", 0, "", ""},
		{0xC004F074, "HRESULT", 0, "", "Software Licensing (SL_E_*)"},
		{0x00000005, "Win32", 5, "ERROR_ACCESS_DENIED", ""},
	}
	for _, tt := range tests {
		d := Decode(tt.v)
		if d.Kind != tt.kind || d.Win32 != tt.win32 || d.Win32Name != tt.name || d.FacilityName != tt.facility {
			t.Errorf("Decode(%#x) = %+v", tt.v, d)
		}
	}
	if d := Decode(0xC0000022); d.Name != "STATUS_ACCESS_DENIED" || !d.Failure {
		t.Errorf("Decode(0xC0000022) = %+v", d)
	}
}

func FuzzParseCode(f *testing.F) {
	for _, s := range []string{"0xC004F074", "c004f074", "-1073418124", "3221549172", "2", "", "0x", "-", "ffffffff", "0x8007232Bh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseCode(s)
		if err != nil {
			return
		}
		// A parsed code must round-trip through its canonical form.
		back, err := ParseCode(FormatCode(v))
		if err != nil || back != v {
			t.Fatalf("round trip of %q: %#x -> %q -> %#x, %v", s, v, FormatCode(v), back, err)
		}
		_ = Decode(v).Summary()
	})
}
