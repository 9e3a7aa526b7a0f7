package probe

import (
	"context"
	"net"
	"net/netip"
	"time"

	"github.com/miekg/dns"
)

// Env is all the I/O the probes do, so that tests can replace any of it
// with a fake. A nil field is taken from SystemEnv.
type Env struct {
	// Dial opens a connection, failing after timeout (net.Dialer.Timeout)
	// or when ctx ends.
	Dial func(ctx context.Context, network, addr string, timeout time.Duration) (net.Conn, error)
	// Exchange sends one DNS query to server (ip:port) over network
	// ("udp" or "tcp") and returns the answer (miekg/dns.Client).
	Exchange func(ctx context.Context, m *dns.Msg, network, server string, timeout time.Duration) (*dns.Msg, error)
	// System is the operating system's resolver (a *net.Resolver).
	System Lookup
	// NTP reads the clock offset (reference - local) from an SNTP server.
	NTP func(ctx context.Context, server string, timeout time.Duration) (time.Duration, error)
	// SystemDomain is the domain a KMS client of this machine searches for
	// the SRV record, and where it was read from: resolv.conf (the path
	// given) on Unix, the registry on Windows (the path is not used).
	SystemDomain func(resolvConf string) (domain, where string)
}

// Lookup is the part of *net.Resolver the system resolver probe uses.
type Lookup interface {
	LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error)
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// SystemEnv is the real network and system configuration.
func SystemEnv() Env {
	return Env{Dial: sysDial, Exchange: sysExchange, System: &net.Resolver{}, NTP: sysNTP, SystemDomain: systemDomain}
}

// withDefaults fills the nil fields of e from SystemEnv.
func (e Env) withDefaults() Env {
	s := SystemEnv()
	if e.Dial == nil {
		e.Dial = s.Dial
	}
	if e.Exchange == nil {
		e.Exchange = s.Exchange
	}
	if e.System == nil {
		e.System = s.System
	}
	if e.NTP == nil {
		e.NTP = s.NTP
	}
	if e.SystemDomain == nil {
		e.SystemDomain = s.SystemDomain
	}
	return e
}

func sysDial(ctx context.Context, network, addr string, timeout time.Duration) (net.Conn, error) {
	d := net.Dialer{Timeout: timeout}
	return d.DialContext(ctx, network, addr)
}

func sysExchange(ctx context.Context, m *dns.Msg, network, server string, timeout time.Duration) (*dns.Msg, error) {
	c := &dns.Client{Net: network, Timeout: timeout}
	r, _, err := c.ExchangeContext(ctx, m, server)
	return r, err
}
