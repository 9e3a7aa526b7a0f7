package probe

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/beevik/ntp"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// NTPPort is the default SNTP port of --ntp-server.
const NTPPort = "123"

// Clock measures this machine's clock offset against an SNTP server with
// github.com/beevik/ntp, resolving a server name with the system resolver.
// Offset is reference - local.
func Clock(server string, timeout time.Duration) evidence.ClockSample {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	env := SystemEnv()
	return clock(ctx, env, []resolver{sysResolver{r: env.System}}, server, timeout)
}

// clock reads the offset from server (HOST[:PORT]). A host name is
// resolved first, within ctx, by the resolvers of the run (the
// --dns-server ones when given), so that neither a slow system resolver
// nor the NTP library's own lookup can outlast the deadline. Every failure
// is in the sample's Err: a clock that could not be read is evidence too.
func clock(ctx context.Context, env Env, resolvers []resolver, server string, timeout time.Duration) evidence.ClockSample {
	out := evidence.ClockSample{Server: server, Source: src("ntp")}
	host, port := splitNTP(server)
	addr, err := resolveNTP(ctx, resolvers, host)
	if err != nil {
		out.Err = err.Error()
		return out
	}
	if d, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(d))
	}
	off, err := env.NTP(ctx, net.JoinHostPort(addr, port), timeout)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		out.Err = err.Error()
		return out
	}
	out.Offset = off
	return out
}

// splitNTP splits HOST[:PORT], [IPv6]:PORT or a bare IPv6 address.
func splitNTP(s string) (host, port string) {
	if h, p, err := net.SplitHostPort(s); err == nil {
		return h, p
	}
	return strings.Trim(s, "[]"), NTPPort
}

// resolveNTP is the first address any resolver gives for host (host
// itself when it is an address).
func resolveNTP(ctx context.Context, resolvers []resolver, host string) (string, error) {
	if ip := net.ParseIP(host); ip != nil {
		return ip.String(), nil
	}
	var why []string
	for _, rv := range resolvers {
		l := rv.host(ctx, host)
		if len(l.Addrs) > 0 {
			return l.Addrs[0], nil
		}
		w := rv.name() + ": " + l.Outcome
		if l.Err != "" {
			w += " (" + l.Err + ")"
		}
		why = append(why, w)
	}
	if err := ctx.Err(); err != nil {
		why = append(why, err.Error())
	}
	return "", fmt.Errorf("%s: no address: %s", host, strings.Join(why, "; "))
}

// ntpEra is the span of one NTP era: the 32 bits of seconds of a timestamp.
const ntpEra = time.Duration(1<<32) * time.Second

var ntpEra0 = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// eraOf is the NTP era of t (0 from 1900 to 2036).
func eraOf(t time.Time) int64 {
	d := t.Sub(ntpEra0)
	if d < 0 {
		return -1
	}
	return int64(d / ntpEra)
}

// sameEra reads an offset the library computed as if the server's
// timestamps were in the era of this machine's clock (RFC 5905 section 6:
// a timestamp does not carry its era). The library assumes a timestamp
// that reads before 1970 is after 2036, so a server answering 1926 would
// show 36 years ahead instead of 100 years behind.
func sameEra(off time.Duration, serverEra uint8, now time.Time) time.Duration {
	return off + time.Duration(eraOf(now)-int64(serverEra))*ntpEra
}

// sysNTP queries with github.com/beevik/ntp; server is an address (clock
// resolves names), so the query is one UDP round trip bounded by timeout,
// and its socket is closed when ctx ends.
func sysNTP(ctx context.Context, server string, timeout time.Duration) (time.Duration, error) {
	dial := func(_, remote string) (net.Conn, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, "udp", remote)
		if err != nil {
			return nil, err
		}
		context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Now()) })
		return c, nil
	}
	r, err := ntp.QueryWithOptions(server, ntp.QueryOptions{Timeout: timeout, Dialer: dial})
	if err == nil {
		err = r.Validate()
	}
	if err != nil {
		return 0, err
	}
	return sameEra(r.ClockOffset, r.Era, time.Now()), nil
}
