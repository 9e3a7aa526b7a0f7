// Package dcerpc encodes the one DCE/RPC connection-oriented PDU kmsdoctor
// sends (a bind for the KMS interface) and decodes the answers a server can
// give to it (bind_ack and bind_nak). It works on bytes only; the network
// side is in internal/probe.
//
// It is hand-written because no maintained Go library covers the
// connection-oriented DCE/RPC PDUs without also bringing SMB, NTLM and
// Kerberos; we need two PDU types, about 150 lines. Field layouts follow
// C706 chapter 12 and MS-RPCE 2.2.2 / 2.2.4.12.
//
// kmsdoctor never sends anything after the bind: no request PDU, so no KMS
// activation request, is ever built here.
package dcerpc

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
)

// PDU types (C706 12.6.4).
const (
	PTypeBind    = 11
	PTypeBindAck = 12
	PTypeBindNak = 13
)

// Header flags.
const (
	FlagFirstFrag = 0x01
	FlagLastFrag  = 0x02
)

// HeaderLen is the size of the common header of every connection-oriented
// PDU.
const HeaderLen = 16

// MaxFrag is the largest reply fragment the decoder accepts; a bind_ack is
// well under 1 KiB, so anything larger is not an answer to our bind.
const MaxFrag = 8192

// UUID is a DCE UUID in its string byte order (the order it is written in
// "51c82175-844e-..."); the wire order is applied by Encode/decode.
type UUID [16]byte

// ParseUUID reads the canonical 8-4-4-4-12 form.
func ParseUUID(s string) (UUID, error) {
	var u UUID
	h := strings.ReplaceAll(s, "-", "")
	if len(s) != 36 || len(h) != 32 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return u, fmt.Errorf("dcerpc: bad UUID %q", s)
	}
	if _, err := hex.Decode(u[:], []byte(h)); err != nil {
		return u, fmt.Errorf("dcerpc: bad UUID %q", s)
	}
	return u, nil
}

func mustUUID(s string) UUID {
	u, err := ParseUUID(s)
	if err != nil {
		panic(err)
	}
	return u
}

func (u UUID) String() string {
	h := hex.EncodeToString(u[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// wire writes u in the NDR order of drep: the first three fields follow the
// integer representation, the last 8 bytes are as written.
func (u UUID) wire(bo binary.ByteOrder, b []byte) {
	bo.PutUint32(b[0:], binary.BigEndian.Uint32(u[0:]))
	bo.PutUint16(b[4:], binary.BigEndian.Uint16(u[4:]))
	bo.PutUint16(b[6:], binary.BigEndian.Uint16(u[6:]))
	copy(b[8:16], u[8:16])
}

func uuidFrom(bo binary.ByteOrder, b []byte) UUID {
	var u UUID
	binary.BigEndian.PutUint32(u[0:], bo.Uint32(b[0:]))
	binary.BigEndian.PutUint16(u[4:], bo.Uint16(b[4:]))
	binary.BigEndian.PutUint16(u[6:], bo.Uint16(b[6:]))
	copy(u[8:], b[8:16])
	return u
}

// SyntaxID is an interface or transfer syntax with its version.
type SyntaxID struct {
	UUID  UUID
	Major uint16
	Minor uint16
}

func (s SyntaxID) String() string { return fmt.Sprintf("%s v%d.%d", s.UUID, s.Major, s.Minor) }

// KMS is the interface a KMS client binds to (SLsvc / sppsvc).
var KMS = SyntaxID{UUID: mustUUID("51c82175-844e-4750-b0d8-ec255555bc06"), Major: 1, Minor: 0}

// NDR is the NDR 2.0 transfer syntax (MS-RPCE 2.2.4.12).
var NDR = SyntaxID{UUID: mustUUID("8a885d04-1ceb-11c9-9fe8-08002b104860"), Major: 2, Minor: 0}

// BindLen is the size of the bind PDU Bind builds with one transfer syntax.
const BindLen = 72

// Bind returns a little-endian bind PDU with one presentation context that
// proposes abstract over the transfer syntax, as a KMS client's first PDU
// on a new connection. The PDU carries no authentication and no payload.
func Bind(callID uint32, abstract, transfer SyntaxID) []byte {
	le := binary.LittleEndian
	b := make([]byte, BindLen)
	b[0], b[1], b[2], b[3] = 5, 0, PTypeBind, FlagFirstFrag|FlagLastFrag
	b[4] = 0x10 // little-endian integers, ASCII, IEEE floats
	le.PutUint16(b[8:], BindLen)
	le.PutUint16(b[10:], 0) // auth_length
	le.PutUint32(b[12:], callID)
	le.PutUint16(b[16:], 5840) // max_xmit_frag
	le.PutUint16(b[18:], 5840) // max_recv_frag
	le.PutUint32(b[20:], 0)    // assoc_group_id: a new association
	b[24] = 1                  // n_context_elem
	le.PutUint16(b[28:], 0)    // p_cont_id
	b[30] = 1                  // n_transfer_syn
	abstract.UUID.wire(le, b[32:])
	le.PutUint32(b[48:], uint32(abstract.Major)|uint32(abstract.Minor)<<16)
	transfer.UUID.wire(le, b[52:])
	le.PutUint32(b[68:], uint32(transfer.Major)|uint32(transfer.Minor)<<16)
	return b
}

// Header is the common header of a connection-oriented PDU.
type Header struct {
	Version, Minor uint8
	PType          uint8
	Flags          uint8
	DRep           [4]byte
	FragLen        uint16
	AuthLen        uint16
	CallID         uint32
}

// ByteOrder is the integer representation the header declares.
func (h Header) ByteOrder() binary.ByteOrder {
	if h.DRep[0]&0xF0 == 0x10 {
		return binary.LittleEndian
	}
	return binary.BigEndian
}

// ErrNotRPC means the bytes do not start a DCE/RPC v5 connection-oriented PDU.
var ErrNotRPC = errors.New("not a DCE/RPC connection-oriented PDU")

// ParseError is a malformed PDU; Offset is the byte where reading failed.
type ParseError struct {
	Offset int
	Msg    string
}

func (e *ParseError) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

func perr(off int, format string, a ...any) error {
	return &ParseError{Offset: off, Msg: fmt.Sprintf(format, a...)}
}

// ParseHeader decodes the first 16 bytes. It returns an error wrapping
// ErrNotRPC when the version is not 5.0 or the type and lengths cannot be a
// PDU, so a caller can tell "something else answered" from "a broken PDU".
func ParseHeader(b []byte) (Header, error) {
	var h Header
	if len(b) < HeaderLen {
		return h, perr(len(b), "header: %d of %d bytes", len(b), HeaderLen)
	}
	h.Version, h.Minor, h.PType, h.Flags = b[0], b[1], b[2], b[3]
	copy(h.DRep[:], b[4:8])
	if h.Version != 5 || h.Minor > 1 || h.PType > 20 || (h.DRep[0]&0xF0 != 0x10 && h.DRep[0]&0xF0 != 0) {
		return h, fmt.Errorf("%w (offset 0: starts % x)", ErrNotRPC, b[:4])
	}
	bo := h.ByteOrder()
	h.FragLen = bo.Uint16(b[8:])
	h.AuthLen = bo.Uint16(b[10:])
	h.CallID = bo.Uint32(b[12:])
	if h.FragLen < HeaderLen {
		return h, fmt.Errorf("%w (offset 8: frag_length %d)", ErrNotRPC, h.FragLen)
	}
	return h, nil
}

// Result is one p_result of a bind_ack.
type Result struct {
	Result   uint16 // 0 acceptance, 1 user_rejection, 2 provider_rejection, 3 negotiate_ack
	Reason   uint16 // provider reason when Result is a rejection
	Transfer SyntaxID
}

// Accepted reports whether the context was accepted.
func (r Result) Accepted() bool { return r.Result == 0 }

// Reply is a decoded answer to a bind.
type Reply struct {
	Header Header
	// Bind_ack fields.
	MaxXmit, MaxRecv uint16
	AssocGroup       uint32
	SecAddr          string
	Results          []Result
	// Bind_nak fields.
	NakReason uint16
	Versions  [][2]uint8
}

// IsAck is true for a bind_ack.
func (r *Reply) IsAck() bool { return r.Header.PType == PTypeBindAck }

// IsNak is true for a bind_nak.
func (r *Reply) IsNak() bool { return r.Header.PType == PTypeBindNak }

// Accepted reports whether the reply is a bind_ack whose first result
// accepts the context (we propose exactly one).
func (r *Reply) Accepted() bool { return r.IsAck() && len(r.Results) > 0 && r.Results[0].Accepted() }

// Reason is a stable text code for a refusal: "provider_rejection/
// abstract_syntax_not_supported", "bind_nak/protocol_version_not_supported",
// "no_results"; empty when accepted.
func (r *Reply) Reason() string {
	switch {
	case r.IsNak():
		return "bind_nak/" + NakReasonName(r.NakReason)
	case r.Accepted():
		return ""
	case len(r.Results) == 0:
		return "no_results"
	}
	res := r.Results[0]
	return ResultName(res.Result) + "/" + ProviderReasonName(res.Reason)
}

// ResultName names a p_cont_def_result value.
func ResultName(v uint16) string {
	switch v {
	case 0:
		return "acceptance"
	case 1:
		return "user_rejection"
	case 2:
		return "provider_rejection"
	case 3:
		return "negotiate_ack"
	}
	return fmt.Sprintf("result_%d", v)
}

// ProviderReasonName names a p_provider_reason value.
func ProviderReasonName(v uint16) string {
	switch v {
	case 0:
		return "reason_not_specified"
	case 1:
		return "abstract_syntax_not_supported"
	case 2:
		return "proposed_transfer_syntaxes_not_supported"
	case 3:
		return "local_limit_exceeded"
	}
	return fmt.Sprintf("reason_%d", v)
}

// NakReasonName names a bind_nak reject reason (MS-RPCE 2.2.2.5).
func NakReasonName(v uint16) string {
	switch v {
	case 0:
		return "reason_not_specified"
	case 1:
		return "temporary_congestion"
	case 2:
		return "local_limit_exceeded"
	case 3:
		return "called_paddr_unknown"
	case 4:
		return "protocol_version_not_supported"
	case 5:
		return "default_context_not_supported"
	case 6:
		return "user_data_not_readable"
	case 7:
		return "no_psap_available"
	case 8:
		return "authentication_type_not_recognized"
	case 9:
		return "invalid_checksum"
	}
	return fmt.Sprintf("reason_%d", v)
}

// ParseReply decodes a bind_ack or bind_nak from one whole fragment.
// Errors wrap ErrNotRPC when the bytes are not DCE/RPC at all, and are a
// *ParseError (with the offset) when a PDU is damaged. It never panics.
func ParseReply(b []byte) (*Reply, error) {
	h, err := ParseHeader(b)
	if err != nil {
		return nil, err
	}
	if int(h.FragLen) > len(b) {
		return nil, perr(len(b), "frag_length %d but only %d bytes", h.FragLen, len(b))
	}
	b = b[:h.FragLen]
	bo := h.ByteOrder()
	r := &Reply{Header: h}
	switch h.PType {
	case PTypeBindNak:
		if len(b) < 18 {
			return nil, perr(len(b), "bind_nak: no reject reason")
		}
		r.NakReason = bo.Uint16(b[16:])
		if len(b) >= 19 {
			n := int(b[18])
			off := 19
			for i := 0; i < n; i++ {
				if off+2 > len(b) {
					return nil, perr(off, "bind_nak: %d protocol versions but the PDU ends", n)
				}
				r.Versions = append(r.Versions, [2]uint8{b[off], b[off+1]})
				off += 2
			}
		}
		return r, nil
	case PTypeBindAck:
	default:
		return nil, perr(2, "PDU type %d is neither bind_ack nor bind_nak", h.PType)
	}
	if len(b) < 26 {
		return nil, perr(len(b), "bind_ack: %d bytes, too short", len(b))
	}
	r.MaxXmit = bo.Uint16(b[16:])
	r.MaxRecv = bo.Uint16(b[18:])
	r.AssocGroup = bo.Uint32(b[20:])
	n := int(bo.Uint16(b[24:]))
	off := 26
	if off+n > len(b) {
		return nil, perr(24, "bind_ack: sec_addr length %d past the end", n)
	}
	r.SecAddr = strings.TrimRight(string(b[off:off+n]), "\x00")
	off += n
	off = (off + 3) &^ 3 // align to 4 from the PDU start
	if off+4 > len(b) {
		return nil, perr(off, "bind_ack: no result list")
	}
	nres := int(b[off])
	off += 4
	for i := 0; i < nres; i++ {
		if off+24 > len(b) {
			return nil, perr(off, "bind_ack: result %d of %d past the end", i+1, nres)
		}
		res := Result{Result: bo.Uint16(b[off:]), Reason: bo.Uint16(b[off+2:])}
		res.Transfer.UUID = uuidFrom(bo, b[off+4:])
		v := bo.Uint32(b[off+20:])
		res.Transfer.Major, res.Transfer.Minor = uint16(v), uint16(v>>16)
		r.Results = append(r.Results, res)
		off += 24
	}
	return r, nil
}

// ReadFragment reads one PDU fragment from r: the 16-byte header, then the
// rest of frag_length. When the first bytes are not a DCE/RPC header it
// returns what it read with an error wrapping ErrNotRPC, so the caller can
// show what answered instead. io.EOF means the peer closed before sending
// anything; io.ErrUnexpectedEOF a cut PDU.
func ReadFragment(r io.Reader) ([]byte, error) {
	hb := make([]byte, HeaderLen)
	n, err := io.ReadFull(r, hb)
	if err != nil {
		if n > 0 {
			if _, herr := ParseHeader(append(hb[:n:n], make([]byte, HeaderLen-n)...)); errors.Is(herr, ErrNotRPC) {
				return hb[:n], herr
			}
		}
		return hb[:n], err
	}
	h, err := ParseHeader(hb)
	if err != nil {
		return hb, err
	}
	if h.FragLen > MaxFrag {
		return hb, perr(8, "frag_length %d larger than %d", h.FragLen, MaxFrag)
	}
	b := make([]byte, h.FragLen)
	copy(b, hb)
	if n, err := io.ReadFull(r, b[HeaderLen:]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return b[:HeaderLen+n], err
	}
	return b, nil
}
