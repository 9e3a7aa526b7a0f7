package diagnose

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

var (
	probeSrc = report.Source{Probe: "check"}
	fileSrc  = report.Source{File: "tnc.txt", Line: 7}
)

func srvFound(domain string, targets ...string) evidence.SRVLookup {
	l := evidence.SRVLookup{Domain: domain, Resolver: "system", Outcome: evidence.DNSFound, Source: probeSrc}
	for _, t := range targets {
		l.Records = append(l.Records, evidence.SRVRecord{Target: t, Port: 1688, Weight: 100})
	}
	return l
}

func name(n, resolver, outcome string, addrs ...string) evidence.NameLookup {
	return evidence.NameLookup{Name: n, Resolver: resolver, Outcome: outcome, Addrs: addrs, Source: probeSrc}
}

func tcpOK(host, addr string) evidence.TCPProbe {
	return evidence.TCPProbe{Host: host, Addr: addr, Port: 1688, Sent: 4, Received: 4, Min: time.Millisecond, Avg: time.Millisecond, Max: time.Millisecond, Outcome: evidence.TCPOK, Source: probeSrc}
}

func tcpFail(host, addr, outcome string) evidence.TCPProbe {
	return evidence.TCPProbe{Host: host, Addr: addr, Port: 1688, Sent: 4, Outcome: outcome, Failures: map[string]int{outcome: 4}, Err: "dial tcp " + addr + ": x", Source: probeSrc}
}

func rpc(host, addr, outcome string) evidence.RPCBind {
	return evidence.RPCBind{Host: host, Addr: addr, Outcome: outcome, Source: probeSrc}
}

func TestNetRules(t *testing.T) {
	live := evidence.Context{Live: true, Domain: "corp.test"}
	healthy := func() evidence.Set {
		return evidence.Set{Context: live,
			Resolvers: []evidence.Resolver{{Server: "system", Reachable: true}},
			SRV:       []evidence.SRVLookup{srvFound("corp.test", "kms1.corp.test")},
			Names:     []evidence.NameLookup{name("kms1.corp.test", "system", evidence.DNSFound, "10.200.0.1")},
			TCP:       []evidence.TCPProbe{tcpOK("kms1.corp.test", "10.200.0.1:1688")},
			RPC:       []evidence.RPCBind{rpc("kms1.corp.test", "10.200.0.1:1688", evidence.RPCAccepted)},
		}
	}
	tests := []struct {
		name    string
		set     func() evidence.Set
		status  string
		primary string
		also    []string
		command string // a fix command the report must contain
	}{
		{name: "healthy", set: healthy, status: report.StatusOK, also: []string{IDKMSReachable}},
		{name: "no domain", set: func() evidence.Set {
			return evidence.Set{Context: evidence.Context{Live: true}, Notes: []evidence.Note{{Kind: evidence.NoteNoDomain, Detail: "/etc/resolv.conf"}}}
		}, status: report.StatusProblem, primary: IDCheckNoDomain},
		{name: "resolver down", set: func() evidence.Set {
			return evidence.Set{Context: live,
				Resolvers: []evidence.Resolver{{Server: "10.200.0.1:53", Reachable: false, Err: "i/o timeout"}},
				SRV:       []evidence.SRVLookup{{Domain: "corp.test", Resolver: "10.200.0.1:53", Outcome: evidence.DNSUnreachable}}}
		}, status: report.StatusProblem, primary: IDDNSResolverUnreachable, command: "nslookup -type=srv _vlmcs._tcp.corp.test 10.200.0.1"},
		{name: "pasted nslookup timeout", set: func() evidence.Set {
			return evidence.Set{SRV: []evidence.SRVLookup{{Domain: "corp.test", Resolver: "10.0.0.53", Outcome: evidence.DNSUnreachable, Source: fileSrc}}}
		}, status: report.StatusProblem, primary: IDDNSResolverUnreachable},
		{name: "srv missing", set: func() evidence.Set {
			s := healthy()
			s.SRV = []evidence.SRVLookup{{Domain: "corp.test", Resolver: "system", Outcome: evidence.DNSNXDomain, Rcode: "NXDOMAIN"}}
			s.Names, s.TCP, s.RPC = nil, nil, nil
			return s
		}, status: report.StatusProblem, primary: IDDNSSRVMissing,
			command: "Add-DnsServerResourceRecord -Srv -ZoneName corp.test -Name _vlmcs._tcp -DomainName '<KMS-HOST>.corp.test' -Priority 0 -Weight 0 -Port 1688"},
		{name: "srv refused", set: func() evidence.Set {
			return evidence.Set{Context: live, SRV: []evidence.SRVLookup{{Domain: "corp.test", Resolver: "10.0.0.1:53", Outcome: evidence.DNSError, Rcode: "REFUSED"}}}
		}, status: report.StatusProblem, primary: IDDNSSRVMissing},
		{name: "dangling srv target", set: func() evidence.Set {
			s := healthy()
			s.SRV = []evidence.SRVLookup{srvFound("corp.test", "kms9.corp.test")}
			s.Names = []evidence.NameLookup{name("kms9.corp.test", "system", evidence.DNSNXDomain)}
			s.TCP, s.RPC = nil, nil
			return s
		}, status: report.StatusProblem, primary: IDDNSHostUnresolvable, command: "dnscmd /RecordDelete corp.test _vlmcs._tcp SRV 0 100 1688 kms9.corp.test /f"},
		{name: "resolvers disagree", set: func() evidence.Set {
			return evidence.Set{Context: evidence.Context{Live: true, AzureCloud: "public"},
				Resolvers: []evidence.Resolver{{Server: "10.0.0.1:53", Reachable: true}, {Server: "168.63.129.16:53", Reachable: true}},
				Names: []evidence.NameLookup{name("kms.core.windows.net", "10.0.0.1:53", evidence.DNSNXDomain),
					name("kms.core.windows.net", "168.63.129.16:53", evidence.DNSFound, "20.118.99.224")}}
		}, status: report.StatusProblem, primary: IDDNSResolverDisagree, also: []string{IDDNSHostUnresolvable}},
		{name: "resolvers disagree on both azure names", set: func() evidence.Set {
			// Five findings: the root cause must still be the disagreement
			// whatever order the engine sorts them in. This case caught a
			// bug in engine.go conclude(): its sort reads rs[primary] while
			// permuting rs, so the primary can be lost (fix: take the
			// primary's seq before sorting).
			return evidence.Set{Context: evidence.Context{Live: true, AzureCloud: "public"},
				Names: []evidence.NameLookup{name("kms.core.windows.net", "10.200.0.1:53", evidence.DNSFound, "10.200.0.1"),
					name("kms.core.windows.net", "10.200.0.8:53", evidence.DNSError),
					name("azkms.core.windows.net", "10.200.0.1:53", evidence.DNSFound, "20.118.99.224"),
					name("azkms.core.windows.net", "10.200.0.8:53", evidence.DNSError)}}
		}, status: report.StatusProblem, primary: IDDNSResolverDisagree, also: []string{IDAzureKMSAddress, IDDNSHostUnresolvable}},
		{name: "azure unexpected address", set: func() evidence.Set {
			return evidence.Set{Context: evidence.Context{Live: true, AzureCloud: "public"},
				Names: []evidence.NameLookup{name("azkms.core.windows.net", "system", evidence.DNSFound, "10.9.9.9")},
				TCP:   []evidence.TCPProbe{tcpOK("azkms.core.windows.net", "10.9.9.9:1688")},
				RPC:   []evidence.RPCBind{rpc("azkms.core.windows.net", "10.9.9.9:1688", evidence.RPCSilent)}}
		}, status: report.StatusProblem, primary: IDAzureKMSAddress, also: []string{IDRPCNotKMS}, command: "slmgr.vbs /skms azkms.core.windows.net:1688"},
		{name: "azure legacy address is known", set: func() evidence.Set {
			return evidence.Set{Context: evidence.Context{Live: true, AzureCloud: "public"},
				Names: []evidence.NameLookup{name("kms.core.windows.net", "system", evidence.DNSFound, "23.102.135.246")}}
		}, status: report.StatusOK}, // the name resolved: the DNS stage was observed healthy
		{name: "stale srv", set: func() evidence.Set {
			s := healthy()
			s.SRV = []evidence.SRVLookup{srvFound("corp.test", "kms1.corp.test", "kms2.corp.test")}
			s.Names = append(s.Names, name("kms2.corp.test", "system", evidence.DNSFound, "10.200.0.3"))
			s.TCP = append(s.TCP, tcpFail("kms2.corp.test", "10.200.0.3:1688", evidence.TCPUnreachable))
			return s
		}, status: report.StatusProblem, primary: IDDNSSRVStale, also: []string{IDTCPUnreachable, IDKMSReachable}},
		{name: "filtered", set: func() evidence.Set {
			s := healthy()
			s.TCP = []evidence.TCPProbe{tcpFail("kms1.corp.test", "10.200.0.1:1688", evidence.TCPTimeout)}
			s.RPC = nil
			return s
		}, status: report.StatusProblem, primary: IDTCPTimeout, command: `netsh advfirewall firewall add rule name="KMS (TCP 1688)" dir=in action=allow protocol=TCP localport=1688`},
		{name: "refused", set: func() evidence.Set {
			s := healthy()
			s.TCP = []evidence.TCPProbe{tcpFail("kms1.corp.test", "10.200.0.1:1688", evidence.TCPRefused)}
			s.RPC = nil
			return s
		}, status: report.StatusProblem, primary: IDTCPRefused},
		{name: "loss", set: func() evidence.Set {
			s := healthy()
			p := tcpOK("kms1.corp.test", "10.200.0.1:1688")
			p.Received, p.Outcome, p.Failures = 2, evidence.TCPLoss, map[string]int{evidence.TCPTimeout: 2}
			s.TCP = []evidence.TCPProbe{p}
			return s
		}, status: report.StatusProblem, primary: IDTCPLoss, also: []string{IDKMSReachable}},
		{name: "pasted Test-NetConnection failure", set: func() evidence.Set {
			return evidence.Set{TCP: []evidence.TCPProbe{{Host: "kms1.corp.test", Port: 1688, Sent: 1, Outcome: evidence.TCPTimeout, Source: fileSrc}}}
		}, status: report.StatusProblem, primary: IDTCPTimeout},
		{name: "pasted psping success", set: func() evidence.Set {
			return evidence.Set{TCP: []evidence.TCPProbe{{Host: "kms1.corp.test", Port: 1688, Sent: 4, Received: 4, Outcome: evidence.TCPOK, Source: fileSrc}}}
		}, status: report.StatusOK, also: []string{IDTCPOK}},
		{name: "epmapper on the srv port", set: func() evidence.Set {
			s := healthy()
			s.SRV[0].Records[0].Port = 135
			s.TCP[0].Port, s.TCP[0].Addr = 135, "10.200.0.1:135"
			s.RPC = []evidence.RPCBind{{Host: "kms1.corp.test", Addr: "10.200.0.1:135", Outcome: evidence.RPCRejected, Reason: "provider_rejection/abstract_syntax_not_supported", SecAddr: "135"}}
			return s
		}, status: report.StatusProblem, primary: IDRPCNotKMS, command: "Get-DnsServerResourceRecord -ZoneName corp.test -Name _vlmcs._tcp -RRType Srv"},
		{name: "http proxy", set: func() evidence.Set {
			s := healthy()
			s.RPC = []evidence.RPCBind{{Host: "kms1.corp.test", Addr: "10.200.0.1:1688", Outcome: evidence.RPCNotRPC, Reply: "HTTP/1.1 400 Bad Request"}}
			return s
		}, status: report.StatusProblem, primary: IDRPCNotKMS},
		{name: "skew", set: func() evidence.Set {
			s := healthy()
			s.Clock = []evidence.ClockSample{{Server: "10.200.0.1", Offset: -5 * time.Hour}}
			return s
		}, status: report.StatusProblem, primary: IDTimeSkew, also: []string{IDKMSReachable}, command: "w32tm /resync"},
		{name: "small skew is fine", set: func() evidence.Set {
			s := healthy()
			s.Clock = []evidence.ClockSample{{Server: "10.200.0.1", Offset: 3 * time.Hour}}
			return s
		}, status: report.StatusOK, also: []string{IDTimeOK, IDDNSSRVFound}},
		{name: "skew on a domain member follows the domain hierarchy", set: func() evidence.Set {
			s := healthy()
			s.Context.Domain = "corp.test"
			s.Clock = []evidence.ClockSample{{Server: "10.200.0.1", Offset: -5 * time.Hour}}
			return s
		}, status: report.StatusProblem, primary: IDTimeSkew, command: "w32tm /config /syncfromflags:domhier /update"},
		{name: "ntp no answer is a finding", set: func() evidence.Set {
			s := healthy()
			s.Clock = []evidence.ClockSample{{Server: "10.10.10.10:123", Err: "i/o timeout", Source: probeSrc}}
			return s
		}, status: report.StatusProblem, primary: IDTimeUnmeasured},
		{name: "w32tm synchronised", set: func() evidence.Set {
			return evidence.Set{TimeSync: []evidence.TimeSync{{SourceName: "dc1.corp.test", Stratum: 3, LastSync: "x", Source: fileSrc}}}
		}, status: report.StatusOK, also: []string{IDTimeOK}},
		{name: "w32tm local CMOS clock is a risk", set: func() evidence.Set {
			return evidence.Set{TimeSync: []evidence.TimeSync{{SourceName: "Local CMOS Clock", Leap: "3(not synchronized)", Unsynced: true, Stratum: 0, Source: fileSrc}}}
		}, status: report.StatusProblem, primary: IDTimeSkew, command: "w32tm /resync"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range i18n.Langs {
				set := tt.set()
				r := report.New("check", time.Unix(0, 0))
				runLang(&set, lang, r)
				if r.Verdict.Status != tt.status || r.Verdict.Primary != tt.primary {
					t.Fatalf("%s: verdict %+v, want %s/%s; findings %v", lang, r.Verdict, tt.status, tt.primary, ids(r))
				}
				got := ids(r)
				for _, id := range tt.also {
					if !slices.Contains(got, id) {
						t.Errorf("%s: %s missing from %v", lang, id, got)
					}
				}
				for _, f := range r.Findings {
					if strings.Contains(f.Title+f.Detail+strings.Join(f.Fix, ""), "{") {
						t.Errorf("%s: unfilled placeholder in %s: %q %q %q", lang, f.ID, f.Title, f.Detail, f.Fix)
					}
				}
				if tt.command != "" && !slices.ContainsFunc(r.Findings, func(f report.Finding) bool { return slices.Contains(f.Commands, tt.command) }) {
					t.Errorf("%s: no finding has command %q", lang, tt.command)
				}
			}
		})
	}
}

func ids(r *report.Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.ID)
	}
	return out
}

// TestAzureNameUnresolved: an Azure KMS name that does not resolve is a
// DNS forwarding problem (168.63.129.16), never "add an A record" for a
// Microsoft name, and the direct test of the cloud's addresses is reported.
func TestAzureNameUnresolved(t *testing.T) {
	for _, c := range []struct {
		tcp  []evidence.TCPProbe
		want string
	}{
		{[]evidence.TCPProbe{tcpOK("20.118.99.224", "20.118.99.224:1688")}, "only name resolution fails"},
		{[]evidence.TCPProbe{{Host: "20.118.99.224", Addr: "20.118.99.224:1688", Port: 1688, Outcome: evidence.TCPTimeout, Source: probeSrc}}, "the path to them is blocked"},
		{nil, "test the cloud's KMS addresses directly"},
	} {
		s := &evidence.Set{Context: evidence.Context{Live: true, AzureCloud: "public"},
			Names: []evidence.NameLookup{name("azkms.core.windows.net", "10.0.0.4:53", evidence.DNSNXDomain)}, TCP: c.tcp}
		r := report.New("check", time.Unix(0, 0))
		runLang(s, i18n.EN, r)
		var f *report.Finding
		for i := range r.Findings {
			if r.Findings[i].ID == IDDNSHostUnresolvable {
				f = &r.Findings[i]
			}
		}
		if f == nil {
			t.Fatalf("no %s in %v", IDDNSHostUnresolvable, ids(r))
		}
		text := f.Detail + "\n" + strings.Join(f.Fix, "\n")
		if !strings.Contains(text, "168.63.129.16") || strings.Contains(text, "A record") || !strings.Contains(f.Detail, c.want) {
			t.Errorf("%s:\n%s", c.want, text)
		}
	}
}

// TestTCPFailureWording: a TCP test that failed without saying how
// (Test-NetConnection's TcpTestSucceeded : False) is the port stage's
// tcp.timeout, worded as "did not connect", never as a timeout or a filtered
// port; a probe that saw the timeout keeps the timeout wording, and an ICMP
// unreachable is tcp.unreachable.
func TestTCPFailureWording(t *testing.T) {
	for _, tc := range []struct {
		outcome, id, title, notTitle string
	}{
		{evidence.TCPError, IDTCPTimeout, "did not connect", "filtered"},
		{evidence.TCPTimeout, IDTCPTimeout, "filtered", "did not connect"},
		{evidence.TCPUnreachable, IDTCPUnreachable, "No route", "filtered"},
	} {
		t.Run(tc.outcome, func(t *testing.T) {
			p := evidence.TCPProbe{Host: "kms01", Addr: "10.0.0.20:1688", Port: 1688, Sent: 1, Outcome: tc.outcome,
				Failures: map[string]int{tc.outcome: 1}, Err: "TcpTestSucceeded : False", Source: fileSrc}
			set := evidence.Set{TCP: []evidence.TCPProbe{p}}
			r := report.New("analyze", time.Unix(0, 0))
			runLang(&set, "en", r)
			if r.Verdict.Primary != tc.id {
				t.Fatalf("primary %s, want %s (%v)", r.Verdict.Primary, tc.id, ids(r))
			}
			f := r.Findings[0]
			if !strings.Contains(f.Title, tc.title) || strings.Contains(f.Title+f.Detail, tc.notTitle) {
				t.Errorf("title %q detail %q: want %q, not %q", f.Title, f.Detail, tc.title, tc.notTitle)
			}
			if tc.outcome == evidence.TCPError && strings.Contains(strings.ToLower(f.Title+f.Detail), "timeout") {
				t.Errorf("a failure of unknown kind worded as a timeout: %q %q", f.Title, f.Detail)
			}
			ja := report.New("analyze", time.Unix(0, 0))
			set = evidence.Set{TCP: []evidence.TCPProbe{p}}
			runLang(&set, "ja", ja)
			if ja.Findings[0].Title == f.Title {
				t.Errorf("ja title is English: %q", ja.Findings[0].Title)
			}
		})
	}
}
