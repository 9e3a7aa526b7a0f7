package probe

import (
	"context"
	"fmt"
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
