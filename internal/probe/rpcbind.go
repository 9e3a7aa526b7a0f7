package probe

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
	"unicode"

	"github.com/kmsdoctor/kmsdoctor/internal/dcerpc"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// bindCallID is the call id of the one bind BindKMS sends; a reply with
// another call id answers some other call, not ours (C706 12.6.3.1: the
// call id of a bind_ack or bind_nak is the bind's).
const bindCallID = 1

// BindKMS sends one DCE/RPC bind for the KMS interface on c and reads the
// answer until deadline. It sends nothing else: no request PDU, so no
// activation request, ever follows. It closes c.
func BindKMS(c net.Conn, host string, deadline time.Time) evidence.RPCBind {
	defer c.Close()
	out := evidence.RPCBind{Host: host, Addr: c.RemoteAddr().String(), Source: src("rpc")}
	_ = c.SetDeadline(deadline)
	if _, err := c.Write(dcerpc.Bind(bindCallID, dcerpc.KMS, dcerpc.NDR)); err != nil {
		out.Outcome, out.Err = writeOutcome(err), err.Error()
		return out
	}
	b, err := dcerpc.ReadFragment(c)
	switch {
	case errors.Is(err, dcerpc.ErrNotRPC):
		// Read a little more of what answered, briefly, to show it.
		_ = c.SetReadDeadline(minTime(deadline, time.Now().Add(50*time.Millisecond)))
		more := make([]byte, 48)
		n, _ := io.ReadAtLeast(c, more, 1)
		out.Outcome, out.Reply = evidence.RPCNotRPC, printable(append(b, more[:n]...))
		return out
	case err == nil:
	case isTimeout(err) && len(b) == 0:
		out.Outcome, out.Err = evidence.RPCSilent, err.Error()
		return out
	case errors.Is(err, io.EOF) || classifyErrno(err) == evidence.TCPReset:
		out.Outcome, out.Err = evidence.RPCClosed, err.Error()
		return out
	default:
		// A cut or oversized PDU: DCE/RPC, but not a usable answer.
		out.Outcome, out.Err = evidence.RPCError, err.Error()
		return out
	}
	r, err := dcerpc.ParseReply(b)
	if err != nil {
		out.Outcome, out.Err = evidence.RPCError, err.Error()
		return out
	}
	if r.Header.CallID != bindCallID {
		out.Outcome, out.Err = evidence.RPCError, fmt.Sprintf("reply to call id %d, not to the bind (call id %d)", r.Header.CallID, bindCallID)
		return out
	}
	out.SecAddr = r.SecAddr
	if r.Accepted() {
		out.Outcome = evidence.RPCAccepted
	} else {
		out.Outcome, out.Reason = evidence.RPCRejected, r.Reason()
	}
	return out
}

func writeOutcome(err error) string {
	if classifyErrno(err) == evidence.TCPReset || errors.Is(err, io.EOF) {
		return evidence.RPCClosed
	}
	if isTimeout(err) {
		return evidence.RPCSilent
	}
	return evidence.RPCError
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// printable shows the first line-ish of a foreign reply: printable ASCII
// kept, anything else as '.', at most 64 characters.
func printable(b []byte) string {
	if len(b) > 64 {
		b = b[:64]
	}
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c == '\r' || c == '\n':
			sb.WriteByte(' ')
		case c < 128 && unicode.IsPrint(rune(c)):
			sb.WriteByte(c)
		default:
			sb.WriteByte('.')
		}
	}
	return strings.Join(strings.Fields(sb.String()), " ")
}
