package diagnose

import (
	"slices"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// TestUnrelatedDNS: another SRV lookup and an ipconfig output are
// information with the _vlmcs lookup to collect; the dns stage stays not
// observed, and the verdict is unknown when nothing else was observed (ok
// or problem when something else was). Evidence constructed.
func TestUnrelatedDNS(t *testing.T) {
	src := report.Source{File: "in.txt", Line: 3}
	kerb := []evidence.OtherSRVLookup{{Name: "_kerberos._udp.NETWORK.LOCAL", Domain: "network.local", Outcome: evidence.DNSFound, Source: src}}
	licensed := []evidence.Product{{Name: "Windows(R), Enterprise edition", Channel: "VOLUME_KMSCLIENT", Status: evidence.StatusLicensed,
		PartialKey: "AAAAA", GraceMinutes: -1, ExpiryMinutes: -1, RemainingRearm: -1, Source: src}}
	tests := []struct {
		name    string
		set     *evidence.Set
		id      string
		command string
		status  string
		next    string // the dns stage's next step
	}{
		{"kerberos SRV", &evidence.Set{OtherSRV: kerb}, IDDNSSRVOtherName,
			"nslookup -type=srv _vlmcs._tcp.network.local", report.StatusUnknown, "nslookup -type=srv _vlmcs._tcp.network.local"},
		{"ldap SRV without domain", &evidence.Set{OtherSRV: []evidence.OtherSRVLookup{{Name: "_ldap._tcp", Source: src}}}, IDDNSSRVOtherName,
			"nslookup -type=srv _vlmcs._tcp.<DOMAIN>", report.StatusUnknown, "nslookup -type=srv _vlmcs._tcp.<DOMAIN>"},
		{"ipconfig suffix only", &evidence.Set{DNSConfig: []evidence.DNSClientConfig{{Adapter: "以太网适配器 Ethernet0", Suffix: "lan", Source: src}}}, IDDNSClientConfig,
			"nslookup -type=srv _vlmcs._tcp.lan", report.StatusUnknown, "nslookup -type=srv _vlmcs._tcp.lan"},
		{"ipconfig with servers, IPv4 preferred", &evidence.Set{DNSConfig: []evidence.DNSClientConfig{
			{SearchList: []string{"corp.example.com"}, Source: src},
			{Adapter: "Ethernet adapter Ethernet", Servers: []string{"fe80::1%12", "10.0.0.10"}, Source: src}}}, IDDNSClientConfig,
			"nslookup -type=srv _vlmcs._tcp.corp.example.com 10.0.0.10", report.StatusUnknown, "nslookup -type=srv _vlmcs._tcp.corp.example.com"},
		{"ipconfig with a licensed product: ok", &evidence.Set{Products: licensed,
			DNSConfig: []evidence.DNSClientConfig{{Adapter: "Ethernet adapter Ethernet", Suffix: "corp.example.com", Servers: []string{"fe80::1%12"}, Source: src}}}, IDDNSClientConfig,
			"nslookup -type=srv _vlmcs._tcp.corp.example.com fe80::1", report.StatusOK, "nslookup -type=srv _vlmcs._tcp.corp.example.com"},
	}
	for _, tt := range tests {
		for _, lang := range []i18n.Lang{i18n.EN, i18n.JA} {
			r := report.New("analyze", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
			runLang(tt.set, lang, r)
			if !slices.Contains(ids(r), tt.id) {
				t.Errorf("%s: ids %v, want %s", tt.name, ids(r), tt.id)
				continue
			}
			for _, f := range r.Findings {
				if f.ID == tt.id && (f.Severity != report.Info || !slices.Contains(f.Commands, tt.command) || f.Title == "" || f.Detail == "") {
					t.Errorf("%s/%s: %s %q commands %q", tt.name, lang, f.Severity, f.Title, f.Commands)
				}
			}
			if r.Verdict.Status != tt.status || r.Verdict.Stages[report.StageDNS] != report.StageNotObserved {
				t.Errorf("%s: verdict %s, dns %s", tt.name, r.Verdict.Status, r.Verdict.Stages[report.StageDNS])
			}
			if !slices.ContainsFunc(r.Verdict.Next, func(st report.Step) bool { return st.Run == tt.next }) {
				t.Errorf("%s: next steps do not run %q", tt.name, tt.next)
			}
		}
	}
}
