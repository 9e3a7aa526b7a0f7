package diagnose

import (
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// TestNameLookupStage: the A lookup of a name observes the DNS stage only
// when the name is linked to KMS (heldout5 qiitaacme: a web site's name
// through 8.8.8.8 observes nothing).
func TestNameLookupStage(t *testing.T) {
	found := func(n string) evidence.NameLookup {
		return evidence.NameLookup{Name: n, Resolver: "8.8.8.8", Outcome: evidence.DNSFound, Addrs: []string{"52.192.1.143"}}
	}
	for _, tc := range []struct {
		name string
		s    evidence.Set
		want bool
	}{
		{"web site", evidence.Set{Names: []evidence.NameLookup{found("web.ohtsuka-aws.xyz")}}, false},
		{"kms label", evidence.Set{Names: []evidence.NameLookup{found("kms01.corp.example.com")}}, true},
		{"azure kms", evidence.Set{Names: []evidence.NameLookup{found("azkms.core.windows.net")}}, true},
		{"configured host", evidence.Set{Names: []evidence.NameLookup{found("act01.corp.example.com")},
			Products: []evidence.Product{{KMSMachineName: "act01.corp.example.com:1688"}}}, true},
		{"srv target", evidence.Set{Names: []evidence.NameLookup{found("act01.corp.example.com.")},
			SRV: []evidence.SRVLookup{{Records: []evidence.SRVRecord{{Target: "act01.corp.example.com.", Port: 1688}}}}}, true},
		{"tcp 1688", evidence.Set{Names: []evidence.NameLookup{found("act01")},
			TCP: []evidence.TCPProbe{{Host: "act01", Port: 1688}}}, true},
		{"tcp 443", evidence.Set{Names: []evidence.NameLookup{found("act01")},
			TCP: []evidence.TCPProbe{{Host: "act01", Port: 443}}}, false},
	} {
		s := tc.s
		if got := kmsName(&s, s.Names[0].Name); got != tc.want {
			t.Errorf("%s: kmsName = %v, want %v", tc.name, got, tc.want)
		}
		if len(s.SRV) == 0 && len(s.TCP) == 0 {
			if got := observed(&s)[report.StageDNS]; got != tc.want {
				t.Errorf("%s: dns observed %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}

// TestW32tmErrorThenStatus: w32tm's error (the service not started) is a
// time.unmeasured warning, unless a status of the same input that reads
// comes after it (heldout5 wfbench: the service was started since).
func TestW32tmErrorThenStatus(t *testing.T) {
	errSync := evidence.TimeSync{Stratum: -1, Err: "0x80070426", Source: evidence.Source{File: "t.txt", Line: 2}}
	okSync := evidence.TimeSync{SourceName: "VM IC Time Synchronization Provider", Stratum: 1, Source: evidence.Source{File: "t.txt", Line: 17}}
	for _, tc := range []struct {
		name string
		sync []evidence.TimeSync
		want []string
	}{
		{"error alone", []evidence.TimeSync{errSync}, []string{IDTimeUnmeasured}},
		{"error then status", []evidence.TimeSync{errSync, okSync}, []string{IDTimeOK}},
		{"status then error", []evidence.TimeSync{{SourceName: "x", Stratum: 1, Source: evidence.Source{File: "t.txt", Line: 1}}, errSync}, []string{IDTimeUnmeasured, IDTimeOK}},
	} {
		s := evidence.Set{TimeSync: tc.sync}
		var r report.Report
		Run(&s, &r)
		var got []string
		for _, f := range r.Findings {
			if stageOf(f.ID) == report.StageTime {
				got = append(got, f.ID)
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
