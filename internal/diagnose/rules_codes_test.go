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

func codeSeen(c string) evidence.CodeSeen {
	return evidence.CodeSeen{Code: c, Context: "Error: " + c, Source: report.Source{File: "ato.txt", Line: 3}}
}

func hostReq(hr, client string, day int) evidence.Event {
	return evidence.Event{Provider: "Microsoft-Windows-Security-SPP", EventID: 12290, Computer: "kms1",
		Time:   time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC),
		Data:   []string{hr + ",25," + client + ",36f27b39-0000-0000-0000-0000000000" + string(rune('0'+day%10)) + "1,2024/01/01 00:00,0,2,43200,73111121-5638-40f6-bc11-f1d7b0d64300"},
		Source: report.Source{File: "host.xml", Line: day}}
}

func TestCodesInferred(t *testing.T) {
	tests := []struct {
		name     string
		set      evidence.Set
		primary  string
		inferred string // the id that must carry inferred_from, "" for none
		absent   []string
	}{
		{"count code alone", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F038")}}, IDKMSCountInsufficient, IDKMSCountInsufficient, nil},
		{"srv code alone", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0x8007232B")}}, IDDNSSRVMissing, IDDNSSRVMissing, nil},
		{"srv code contradicted by a found record", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0x8007232B")},
			SRV: []evidence.SRVLookup{srvFound("corp.test", "kms1.corp.test")}}, IDLicenseActivationError, "", []string{IDDNSSRVMissing}},
		{"time code alone", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F06C")}}, IDTimeSkew, IDTimeSkew, nil},
		{"time code contradicted by a measured clock", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F06C")},
			Clock: []evidence.ClockSample{{Server: "ntp", Offset: time.Minute}}}, IDLicenseActivationError, "", []string{IDTimeSkew}},
		{"access denied", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0x80070005")}}, IDLicenseAccessDenied, IDLicenseAccessDenied, nil},
		{"host too old", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F042")}}, IDKMSHostTooOld, IDKMSHostTooOld, nil},
		{"key channel", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F035")}}, IDLicenseChannelNotKMS, IDLicenseChannelNotKMS, nil},
		{"F074 alone is not determined", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F074")}}, IDKMSContactUndecided, IDKMSContactUndecided, nil},
		{"F074, NXDOMAIN and a blocked port is the port", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F074")},
			SRV: []evidence.SRVLookup{{Domain: "corp.test", Resolver: "10.0.0.10", Outcome: evidence.DNSNXDomain, Rcode: "NXDOMAIN", Source: fileSrc}},
			TCP: []evidence.TCPProbe{{Host: "kms1.corp.test", Port: 1688, Sent: 1, Outcome: evidence.TCPTimeout, Source: fileSrc}}},
			IDTCPTimeout, "", []string{IDKMSContactUndecided}},
		{"host 12290 with the clock code", evidence.Set{Events: []evidence.Event{hostReq("0xC004F06C", "pc1.corp.test", 2)}}, IDTimeSkew, IDTimeSkew, nil},
		{"one 12290 does not prove a low count", evidence.Set{Events: []evidence.Event{hostReq("0x0", "pc1.corp.test", 2)}}, "", "", []string{IDKMSCountInsufficient}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range i18n.Langs {
				set := tt.set
				r := report.New("analyze", time.Unix(0, 0))
				runLang(&set, lang, r)
				if r.Verdict.Primary != tt.primary {
					t.Fatalf("%s: primary %q, want %q; findings %v", lang, r.Verdict.Primary, tt.primary, ids(r))
				}
				for _, f := range r.Findings {
					if slices.Contains(tt.absent, f.ID) {
						t.Errorf("%s: %s raised: %v", lang, f.ID, ids(r))
					}
					if f.ID == tt.inferred && f.InferredFrom == "" {
						t.Errorf("%s: %s without inferred_from", lang, f.ID)
					}
					if strings.Contains(f.Title+f.Detail+strings.Join(f.Fix, ""), "{") {
						t.Errorf("%s: unfilled placeholder in %s: %q", lang, f.ID, f.Detail)
					}
				}
				if tt.inferred != "" && !slices.Contains(ids(r), tt.inferred) {
					t.Errorf("%s: %s missing from %v", lang, tt.inferred, ids(r))
				}
			}
		})
	}
}
