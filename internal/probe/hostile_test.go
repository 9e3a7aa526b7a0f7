package probe

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestRunEnvSRVFanOut: one huge SRV answer (made here: thousands of
// records, each target with many addresses) is cut to the limits, and the
// number of connection attempts stays bounded by them.
func TestRunEnvSRVFanOut(t *testing.T) {
	const n = 3000
	f := &fakeNet{zone: map[string][]dns.RR{}, kms: map[string]bool{}}
	var srv []dns.RR
	for i := range n {
		name := fmt.Sprintf("kms%d.corp.test.", i)
		srv = append(srv, rr(t, fmt.Sprintf("_vlmcs._tcp.corp.test. 60 IN SRV 0 0 1688 %s", name)))
		for j := range 20 {
			f.zone[name] = append(f.zone[name], rr(t, fmt.Sprintf("%s 60 IN A 192.0.%d.%d", name, i%250, j+1)))
		}
	}
	f.zone["_vlmcs._tcp.corp.test."] = srv
	cfg := Config{Domain: "corp.test", DNSServers: []string{"192.0.2.53:53"}, Attempts: 3, Timeout: 3 * time.Second}
	set := runBounded(t, context.Background(), cfg, f.env(), probes)
	if len(set.SRV) != 1 || len(set.SRV[0].Records) != MaxSRVRecords || set.SRV[0].Dropped != n-MaxSRVRecords {
		t.Fatalf("srv: %d records, %d dropped", len(set.SRV[0].Records), set.SRV[0].Dropped)
	}
	for _, l := range set.Names {
		if len(l.Addrs) > MaxAddrs {
			t.Fatalf("%s: %d addresses", l.Name, len(l.Addrs))
		}
	}
	if max := min(MaxSRVRecords*MaxAddrs, MaxEndpoints) * cfg.Attempts; len(f.dials) > max || len(f.dials) == 0 {
		t.Fatalf("%d connection attempts, want 1 to %d", len(f.dials), max)
	}
}

// TestRunEnvSRVOdd: an SRV target "." means the service is not offered
// (no target, no dial); a target 0.0.0.0 (by name or by A record) is never
// dialled, and is reported unreachable.
func TestRunEnvSRVOdd(t *testing.T) {
	tests := []struct {
		name    string
		srv     []string
		a       []string
		outcome string
		tcp     int // TCP series reported
	}{
		{name: "dot", srv: []string{"0 0 1688 ."}, outcome: evidence.DNSNoData},
		{name: "dot and a host", srv: []string{"0 0 1688 .", "10 0 1688 kms1.corp.test."}, a: []string{"kms1.corp.test. 60 IN A 192.0.2.1"}, outcome: evidence.DNSFound, tcp: 1},
		{name: "unspecified target", srv: []string{"0 0 1688 0.0.0.0."}, outcome: evidence.DNSFound, tcp: 1},
		{name: "unspecified address", srv: []string{"0 0 1688 kms1.corp.test."}, a: []string{"kms1.corp.test. 60 IN A 0.0.0.0", "kms1.corp.test. 60 IN AAAA ::"}, outcome: evidence.DNSFound, tcp: 2},
		{name: "multicast address", srv: []string{"0 0 1688 kms1.corp.test."}, a: []string{"kms1.corp.test. 60 IN A 224.0.0.1"}, outcome: evidence.DNSFound, tcp: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeNet{zone: map[string][]dns.RR{}, kms: map[string]bool{"0.0.0.0:1688": true, "[::]:1688": true, "224.0.0.1:1688": true}}
			for _, s := range tt.srv {
				f.zone["_vlmcs._tcp.corp.test."] = append(f.zone["_vlmcs._tcp.corp.test."], rr(t, "_vlmcs._tcp.corp.test. 60 IN SRV "+s))
			}
			for _, a := range tt.a {
				name := strings.ToLower(strings.Fields(a)[0])
				f.zone[name] = append(f.zone[name], rr(t, a))
			}
			set := runBounded(t, context.Background(), Config{Domain: "corp.test", DNSServers: []string{"192.0.2.53:53"}, Attempts: 2, Timeout: 2 * time.Second}, f.env(), probes)
			if len(set.SRV) != 1 || set.SRV[0].Outcome != tt.outcome {
				t.Fatalf("srv: %+v", set.SRV)
			}
			for _, r := range set.SRV[0].Records {
				if r.Target == "" || r.Target == "." {
					t.Errorf("record %+v kept", r)
				}
			}
			for _, d := range f.dials {
				if d != "192.0.2.1:1688" {
					t.Errorf("dialled %s", d)
				}
			}
			if len(set.TCP) != tt.tcp {
				t.Fatalf("tcp: %+v", set.TCP)
			}
			for _, p := range set.TCP {
				if p.Addr == "192.0.2.1:1688" {
					continue
				}
				if p.Outcome != evidence.TCPUnreachable || p.Err == "" || p.Received != 0 {
					t.Errorf("tcp: %+v", p)
				}
			}
			if len(set.RPC) != 0 {
				t.Errorf("rpc: %+v", set.RPC)
			}
		})
	}
}

// slowLookup is a system resolver that answers nothing until ctx ends (a
// resolv.conf whose servers never answer).
type slowLookup struct{}

func (slowLookup) LookupSRV(ctx context.Context, _, _, _ string) (string, []*net.SRV, error) {
	<-ctx.Done()
	return "", nil, ctx.Err()
}

func (slowLookup) LookupNetIP(ctx context.Context, _, _ string) ([]netip.Addr, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestRunEnvClockFails: whatever stops the clock reading (a name no
// resolver knows, a resolver that never answers, an SNTP exchange that
// outlives the deadline and ignores its context), the run ends within its
// deadline and leaves a ClockSample with the error (time.unmeasured), never
// a missing one.
func TestRunEnvClockFails(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	hang := func(context.Context, string, time.Duration) (time.Duration, error) {
		<-release
		return 0, nil
	}
	tests := []struct {
		name   string
		server string
		dns    []string
		edit   func(*Env)
		err    string
	}{
		{name: "unknown name", server: "nowhere.test", dns: []string{"192.0.2.53:53"}, err: "no address"},
		{name: "slow system resolver", server: "ntp.test", edit: func(e *Env) { e.System = slowLookup{} }, err: "no address"},
		{name: "hung query", server: "192.0.2.123", edit: func(e *Env) { e.NTP = hang }, err: "cut off"},
		{name: "hung query by name", server: "ntp.test:123", dns: []string{"192.0.2.53:53"}, edit: func(e *Env) { e.NTP = hang }, err: "cut off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeNet{zone: map[string][]dns.RR{"ntp.test.": {rr(t, "ntp.test. 60 IN A 192.0.2.123")}}}
			env := f.env()
			if tt.edit != nil {
				tt.edit(&env)
			}
			cfg := Config{Hosts: []Target{{Host: "192.0.2.1", Port: 1688}}, DNSServers: tt.dns, NTPServer: tt.server, Attempts: 1, Timeout: 500 * time.Millisecond}
			set := runBounded(t, context.Background(), cfg, env, probes)
			if len(set.Clock) != 1 || set.Clock[0].Server != tt.server || !strings.Contains(set.Clock[0].Err, tt.err) {
				t.Fatalf("clock: %+v, want an error with %q", set.Clock, tt.err)
			}
		})
	}
}

// TestRunCancelled: Ctrl-C (the context cancelled) ends a run whose every
// kind of I/O hangs, long before its --timeout.
func TestRunCancelled(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	env := Env{
		Dial: func(ctx context.Context, _, _ string, _ time.Duration) (net.Conn, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		},
		Exchange: func(context.Context, *dns.Msg, string, string, time.Duration) (*dns.Msg, error) {
			<-release // ignores its context
			return nil, errors.New("released")
		},
		System:       slowLookup{},
		NTP:          func(context.Context, string, time.Duration) (time.Duration, error) { <-release; return 0, nil },
		SystemDomain: func(string) (string, string) { return "corp.test", "fake" },
	}
	for _, dnsServers := range [][]string{nil, {"192.0.2.53:53"}} {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan *evidence.Set, 1)
		go func() {
			done <- run(ctx, Config{Hosts: []Target{{Host: "kms.corp.test", Port: 1688}}, DNSServers: dnsServers, NTPServer: "ntp.test", Timeout: 10 * time.Minute}, env, probes)
		}()
		time.Sleep(20 * time.Millisecond)
		cancel()
		select {
		case set := <-done:
			if len(set.Clock) != 1 || set.Clock[0].Err == "" {
				t.Errorf("clock: %+v", set.Clock)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the run did not end on cancel")
		}
	}
}

// ntpStub is an SNTP server on loopback whose clock is off by offset: it
// answers every request once, with a stratum 1 reply whose timestamps are
// written in the 32-bit seconds of the wire (the era is not sent).
func ntpStub(t *testing.T, offset time.Duration) string {
	t.Helper()
	c := listenUDP(t)
	t.Cleanup(func() { c.Close() })
	ts := func(tm time.Time) []byte {
		d := tm.Sub(ntpEra0)
		sec := uint64(d/time.Second) & 0xffffffff
		frac := uint64(d%time.Second) << 32 / uint64(time.Second)
		b := make([]byte, 8)
		binary.BigEndian.PutUint64(b, sec<<32|frac)
		return b
	}
	go func() {
		buf := make([]byte, 512)
		for {
			n, from, err := c.ReadFrom(buf)
			if err != nil {
				return
			}
			if n < 48 {
				continue
			}
			now := time.Now().Add(offset)
			r := make([]byte, 48)
			r[0] = 0<<6 | 4<<3 | 4 // no leap warning, version 4, server
			r[1] = 1               // stratum 1
			r[2], r[3] = 6, 0xec
			copy(r[12:16], "GPS\x00")
			copy(r[16:24], ts(now)) // reference
			copy(r[24:32], buf[40:48])
			copy(r[32:40], ts(now)) // receive
			copy(r[40:48], ts(now)) // transmit
			c.WriteTo(r, from)
		}
	}()
	return c.LocalAddr().String()
}

// TestSysNTPEra: a server far off is reported in the right direction: its
// timestamps are read in this machine's NTP era (100 years behind is not
// 36 years ahead).
func TestSysNTPEra(t *testing.T) {
	const year = 365 * 24 * time.Hour
	for _, off := range []time.Duration{5 * time.Hour, -5 * time.Hour, -100 * year, -60 * year, 9 * year} {
		addr := ntpStub(t, off)
		got, err := sysNTP(context.Background(), addr, 2*time.Second)
		if err != nil {
			t.Fatalf("%v: %v", off, err)
		}
		if d := got - off; d < -time.Minute || d > time.Minute {
			t.Errorf("server %v off: measured %v", off, got)
		}
	}
}
