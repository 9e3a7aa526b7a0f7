package dcerpc

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The 72-byte bind, as decoded field by field by tshark 4.0.17 in the lab
// study (research/lab-feasibility.md section 3).
const wantBind = `05000b03 10000000 4800 0000 01000000  d016 d016 00000000  01 00 0000  0000 01 00
7521c851 4e84 5047 b0d8ec255555bc06 01000000   045d888a eb1c c911 9fe808002b104860 02000000`

func TestBindBytes(t *testing.T) {
	got := Bind(1, KMS, NDR)
	if want := unhex(t, wantBind); !bytes.Equal(got, want) {
		t.Fatalf("bind PDU\n got %x\nwant %x", got, want)
	}
	h, err := ParseHeader(got)
	if err != nil || h.PType != PTypeBind || int(h.FragLen) != len(got) || h.CallID != 1 {
		t.Fatalf("header %+v %v", h, err)
	}
}

func TestUUID(t *testing.T) {
	for _, s := range []string{"51c82175-844e-4750-b0d8-ec255555bc06", "8a885d04-1ceb-11c9-9fe8-08002b104860"} {
		u, err := ParseUUID(s)
		if err != nil || u.String() != s {
			t.Errorf("%s: %v %v", s, u, err)
		}
	}
	for _, s := range []string{"", "51c82175844e4750b0d8ec255555bc06", "51c82175-844e-4750-b0d8-ec255555bcXX", "51c82175-844e-4750-b0d8ec-255555bc06"} {
		if _, err := ParseUUID(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestParseReply(t *testing.T) {
	tests := []struct {
		name     string
		hex      string
		ack, nak bool
		accepted bool
		reason   string
		secAddr  string
		notRPC   bool
		errOff   int // -1: no error
	}{
		{
			// samba-dcerpcd 4.17 on port 135 (endpoint mapper), recorded in the lab study.
			name: "samba epmapper provider rejection",
			hex:  "05000c03100000003c00000001000000d016d01619f90000040031333500000001000000020001000000000000000000000000000000000000000000",
			ack:  true, reason: "provider_rejection/abstract_syntax_not_supported", secAddr: "135", errOff: -1,
		},
		{
			// impacket DCERPCServer with the KMS interface registered: sec_addr "1688", pad 'A'.
			name: "impacket acceptance",
			hex:  "05000c0310000000 3c00 0000 01000000 b810b810 34120000 0500 3136383800 41 01000000 0000 0000 045d888a eb1c c911 9fe808002b104860 02000000",
			ack:  true, accepted: true, secAddr: "1688", errOff: -1,
		},
		{
			// impacket with NDR64 proposed: user_rejection, reason 2; sec_addr empty, 'AA' pad.
			name: "user rejection",
			hex:  "05000c0310000000 3800 0000 01000000 b810b810 34120000 0000 4141 01000000 0100 0200" + strings.Repeat("00", 20),
			ack:  true, reason: "user_rejection/proposed_transfer_syntaxes_not_supported", errOff: -1,
		},
		{
			name: "bind_nak protocol version",
			hex:  "05000d0310000000 1800 0000 01000000 0400 01 0500 000000",
			nak:  true, reason: "bind_nak/protocol_version_not_supported", errOff: -1,
		},
		{
			name: "big-endian ack",
			hex:  "05000c0300000000 003c 0000 00000001 10b810b8 00001234 0004 31333500 0000 01000000 0002 0001" + strings.Repeat("00", 20),
			ack:  true, reason: "provider_rejection/abstract_syntax_not_supported", secAddr: "135", errOff: -1,
		},
		{name: "http", hex: hex.EncodeToString([]byte("HTTP/1.0 400 Bad Request\r\n\r\n")), notRPC: true},
		{name: "short", hex: "05000c03", errOff: 4},
		{name: "cut results", hex: "05000c03100000003c00000001000000d016d01619f900000400313335000000010000000200", errOff: 38},
		{name: "sec_addr too long", hex: "05000c0310000000 1a00 0000 01000000 d016d016 00000000 ff00", errOff: 24},
		{name: "request pdu", hex: "0500000310000000 1800 0000 01000000 0000000000000000", errOff: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseReply(unhex(t, tt.hex))
			if tt.notRPC {
				if !errors.Is(err, ErrNotRPC) {
					t.Fatalf("err = %v, want ErrNotRPC", err)
				}
				return
			}
			if tt.errOff >= 0 {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.Offset != tt.errOff {
					t.Fatalf("err = %v, want ParseError at offset %d", err, tt.errOff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.IsAck() != tt.ack || r.IsNak() != tt.nak || r.Accepted() != tt.accepted || r.Reason() != tt.reason || r.SecAddr != tt.secAddr {
				t.Errorf("got ack=%v nak=%v accepted=%v reason=%q secaddr=%q", r.IsAck(), r.IsNak(), r.Accepted(), r.Reason(), r.SecAddr)
			}
			if tt.accepted && r.Results[0].Transfer != NDR {
				t.Errorf("transfer = %v", r.Results[0].Transfer)
			}
		})
	}
}

func TestReadFragment(t *testing.T) {
	ack := unhex(t, "05000c03100000003c00000001000000d016d01619f90000040031333500000001000000020001000000000000000000000000000000000000000000")
	tests := []struct {
		name    string
		in      []byte
		want    []byte
		wantErr error
	}{
		{"whole ack then more", append(append([]byte{}, ack...), "junk"...), ack, nil},
		{"eof", nil, nil, io.EOF},
		{"cut header", ack[:10], ack[:10], io.ErrUnexpectedEOF},
		{"cut body", ack[:30], ack[:30], io.ErrUnexpectedEOF},
		{"http", []byte("HTTP/1.1 400 Bad Request\r\n"), []byte("HTTP/1.1 400 Ba"), ErrNotRPC},
		{"short text", []byte("SSH"), []byte("SSH"), ErrNotRPC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadFragment(bytes.NewReader(tt.in))
			if !errors.Is(err, tt.wantErr) && !(tt.wantErr == nil && err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.name == "http" {
				got = got[:15]
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("got %q want %q", got, tt.want)
			}
		})
	}
}

func FuzzParseReply(f *testing.F) {
	f.Add(unhex(f, "05000c03100000003c00000001000000d016d01619f90000040031333500000001000000020001000000000000000000000000000000000000000000"))
	f.Add(unhex(f, "05000d0310000000 1800 0000 01000000 0400 01 0500 000000"))
	f.Add(Bind(1, KMS, NDR))
	f.Add([]byte("HTTP/1.0 200 OK\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseReply(b)
		if err == nil {
			if !r.IsAck() && !r.IsNak() {
				t.Fatalf("no error but neither ack nor nak")
			}
			_ = r.Reason()
		}
		fr, err := ReadFragment(bytes.NewReader(b))
		if err == nil && len(fr) > len(b) {
			t.Fatalf("fragment longer than input")
		}
	})
}

func BenchmarkParseReply(b *testing.B) {
	ack := unhex(b, "05000c03100000003c00000001000000d016d01619f90000040031333500000001000000020001000000000000000000000000000000000000000000")
	for b.Loop() {
		if _, err := ParseReply(ack); err != nil {
			b.Fatal(err)
		}
	}
}
