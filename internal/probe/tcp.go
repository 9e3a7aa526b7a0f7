package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Limits of the connection series, whatever the DNS answers say.
const (
	// MaxEndpoints is how many addresses (target and address pairs) the TCP
	// probe dials in one run; the rest are not tested.
	MaxEndpoints = 64
	// MaxOpenDials is how many connection attempts are in flight at once
	// across the run, so that a long target list cannot exhaust the file
	// descriptors (which would read as failed connections).
	MaxOpenDials = 64
)

// notDialled is the series of an address that is not a host to connect
// to: the unspecified address (0.0.0.0 or ::, which a connect on Linux
// takes for this machine), a multicast or the broadcast address. It is
// reported unreachable without a packet sent.
func notDialled(host, ip, addr string, port int) (evidence.TCPProbe, bool) {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return evidence.TCPProbe{}, false
	}
	a = a.Unmap()
	if !a.IsUnspecified() && !a.IsMulticast() && a != netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return evidence.TCPProbe{}, false
	}
	return evidence.TCPProbe{Host: host, Addr: addr, Port: port, Outcome: evidence.TCPUnreachable,
		Err: fmt.Sprintf("%s is not the address of a host: not dialled", a), Source: src("tcp")}, true
}

// limitDial bounds the attempts of dial in flight to n; an attempt that
// waits for a slot until ctx ends fails with ctx's error.
func limitDial(dial func(ctx context.Context, network, addr string, timeout time.Duration) (net.Conn, error), n int) func(ctx context.Context, network, addr string, timeout time.Duration) (net.Conn, error) {
	slots := make(chan struct{}, n)
	return func(ctx context.Context, network, addr string, timeout time.Duration) (net.Conn, error) {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		defer func() { <-slots }()
		return dial(ctx, network, addr, timeout)
	}
}

// attempt is one connection attempt.
type attempt struct {
	conn    net.Conn
	rtt     time.Duration
	outcome string
	err     error
}

// dialSeries makes n connection attempts to addr like psping -n: each
// attempt is started stagger after the previous one, but they do not wait
// for each other, so a filtered port costs one dial timeout, not n. The
// first successful connection is returned open (for the RPC bind); the
// others are closed at once.
func dialSeries(ctx context.Context, dial func(ctx context.Context, network, addr string, timeout time.Duration) (net.Conn, error), host, addr string, port, n int, dialTimeout, stagger time.Duration) (evidence.TCPProbe, net.Conn) {
	p := evidence.TCPProbe{Host: host, Addr: addr, Port: port, Sent: n, Source: src("tcp")}
	res := make([]attempt, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i > 0 {
				t := time.NewTimer(time.Duration(i) * stagger)
				select {
				case <-t.C:
				case <-ctx.Done():
					t.Stop()
					res[i] = attempt{outcome: evidence.TCPTimeout, err: ctx.Err()}
					return
				}
			}
			start := time.Now()
			c, err := dial(ctx, "tcp", addr, dialTimeout)
			res[i] = attempt{conn: c, rtt: time.Since(start), err: err}
			if err != nil {
				res[i].outcome = classifyDial(err)
			} else {
				res[i].outcome = evidence.TCPOK
			}
		}()
	}
	wg.Wait()
	var keep net.Conn
	var sum time.Duration
	for _, a := range res {
		if a.outcome == evidence.TCPOK {
			p.Received++
			sum += a.rtt
			if p.Min == 0 || a.rtt < p.Min {
				p.Min = a.rtt
			}
			if a.rtt > p.Max {
				p.Max = a.rtt
			}
			if keep == nil {
				keep = a.conn
			} else {
				a.conn.Close()
			}
			continue
		}
		if p.Failures == nil {
			p.Failures = map[string]int{}
		}
		p.Failures[a.outcome]++
		p.Err = a.err.Error()
	}
	if p.Received > 0 {
		p.Avg = sum / time.Duration(p.Received)
	}
	p.Outcome = seriesOutcome(p)
	return p, keep
}

// seriesOutcome sums the attempts up: ok, loss (some failed), or the most
// frequent failure (ties: refused, unreachable, reset, timeout, error).
func seriesOutcome(p evidence.TCPProbe) string {
	switch {
	case p.Received == p.Sent && p.Sent > 0:
		return evidence.TCPOK
	case p.Received > 0:
		return evidence.TCPLoss
	}
	best, bestN := evidence.TCPError, 0
	for _, o := range []string{evidence.TCPRefused, evidence.TCPUnreachable, evidence.TCPReset, evidence.TCPTimeout, evidence.TCPError} {
		if p.Failures[o] > bestN {
			best, bestN = o, p.Failures[o]
		}
	}
	return best
}

// classifyDial names a dial error: refused (RST or ICMP port unreachable,
// which Linux reports alike), timeout (no answer: filtered), unreachable
// (no route, ICMP host/admin prohibited), reset. Timeouts are recognised by
// net.Error.Timeout(), which also covers Go's dial deadline error.
func classifyDial(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return evidence.TCPTimeout
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return evidence.TCPTimeout
	}
	if o := classifyErrno(err); o != "" {
		return o
	}
	return evidence.TCPError
}
