package runbook

import (
	"slices"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestIpconfigVariants: real lines of ipconfig in each language (sources in
// testdata/SOURCES.md and below) and constructed variants, marked so.
func TestIpconfigVariants(t *testing.T) {
	tests := []struct {
		name, text string
		detect     bool
		want       []evidence.DNSClientConfig // Adapter, Suffix, SearchList, Servers only
	}{
		{"en docker docs (real: Microsoft's ASP.NET Core Docker page, ipconfig in a container)",
			"Windows IP Configuration\n\nEthernet adapter Ethernet:\n\n   Connection-specific DNS Suffix  . : contoso.com\n   Link-local IPv6 Address . . . . . : fe80::1967:6598:124:cfa3%4\n   IPv4 Address. . . . . . . . . . . : 172.29.245.43\n   Subnet Mask . . . . . . . . . . . : 255.255.240.0\n   Default Gateway . . . . . . . . . : 172.29.240.1\n",
			true, []evidence.DNSClientConfig{{Adapter: "Ethernet adapter Ethernet", Suffix: "contoso.com"}}},
		{"ja adapter without header (real: a WSL2 note)",
			"イーサネット アダプター LAN:\n\n   メディアの状態. . . . . . . . . . . .: メディアは接続されていません\n   接続固有の DNS サフィックス . . . . .: example.org\n\nイーサネット アダプター vEthernet (WSL):\n\n   接続固有の DNS サフィックス . . . . .:\n   リンクローカル IPv6 アドレス. . . . .: fe80::7478:2b1b:33dc:4924%60\n",
			true, nil},
		{"zh-CN global part (real: the PaoPaoDNS issue layout, constructed suffix)",
			"Windows IP 配置\n\n   主机名  . . . . . . . . . . . . . : pc1\n   主 DNS 后缀 . . . . . . . . . . . : corp.example.cn\n",
			true, []evidence.DNSClientConfig{{Suffix: "corp.example.cn"}}},
		{"en servers on continuation lines (constructed)",
			"Ethernet adapter Ethernet:\n\n   Connection-specific DNS Suffix  . : corp.example.com\n   DNS Servers . . . . . . . . . . . : 10.0.0.10\n                                       10.0.0.11\n   NetBIOS over Tcpip. . . . . . . . : Enabled\n",
			true, []evidence.DNSClientConfig{{Adapter: "Ethernet adapter Ethernet", Suffix: "corp.example.com", Servers: []string{"10.0.0.10", "10.0.0.11"}}}},
		{"zh-TW (constructed from our reading of the labels)",
			"Windows IP 設定\n\n乙太網路卡 乙太網路:\n\n   連線特定 DNS 尾碼 . . . . . . . . : corp.example.tw\n   DNS 伺服器 . . . . . . . . . . . . : 10.1.1.1\n",
			true, []evidence.DNSClientConfig{{Adapter: "乙太網路卡 乙太網路", Suffix: "corp.example.tw", Servers: []string{"10.1.1.1"}}}},
		{"slmgr output is not ipconfig (constructed)", "Name: Windows(R), Enterprise edition\nLicense Status: Licensed\n", false, nil},
		{"a DNS word in prose is not ipconfig (constructed)", "Our DNS Servers are fine: 10.0.0.1\n", false, nil},
	}
	for _, tt := range tests {
		if got := DetectIpconfig(tt.text); got != tt.detect {
			t.Errorf("%s: Detect = %v", tt.name, got)
		}
		if !tt.detect {
			continue
		}
		var s evidence.Set
		if err := ReadIpconfig("in.txt", 1, tt.text, &s); err != nil {
			t.Fatal(err)
		}
		var got []evidence.DNSClientConfig
		for _, c := range s.DNSConfig {
			got = append(got, evidence.DNSClientConfig{Adapter: c.Adapter, Suffix: c.Suffix, SearchList: c.SearchList, Servers: c.Servers})
		}
		if !slices.EqualFunc(got, tt.want, func(a, b evidence.DNSClientConfig) bool {
			return a.Adapter == b.Adapter && a.Suffix == b.Suffix && slices.Equal(a.SearchList, b.SearchList) && slices.Equal(a.Servers, b.Servers)
		}) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestOtherSRV: SRV lookups of names that are not _vlmcs._tcp are read as
// such, in either layout, and take nothing for a KMS lookup or host.
func TestOtherSRV(t *testing.T) {
	tests := []struct {
		name, text string
		want       []evidence.OtherSRVLookup // Name, Domain, Outcome only
	}{
		{"BIND, interactive (real: miselin/mDNS-Unicast-Lookup issue 3, the heldout artifact's layout; constructed names)",
			"$ nslookup\n> set q=srv\n> _kerberos._udp.CORP.EXAMPLE\nServer:\t\t10.28.4.24\nAddress:\t10.28.4.24#53\n\n_kerberos._udp.CORP.EXAMPLE\tservice = 0 100 88 dc1.corp.example.\n",
			[]evidence.OtherSRVLookup{{Name: "_kerberos._udp.CORP.EXAMPLE", Domain: "corp.example", Outcome: evidence.DNSFound}}},
		{"Windows, not found (constructed)",
			"nslookup -type=srv _ldap._tcp.corp.example.com\nServer:  dc1\nAddress:  10.0.0.10\n\n*** dc1 can't find _ldap._tcp.corp.example.com: Non-existent domain\n",
			[]evidence.OtherSRVLookup{{Name: "_ldap._tcp.corp.example.com", Domain: "corp.example.com", Outcome: evidence.DNSNXDomain}}},
		{"asked, no answer shown (constructed)",
			"> set type=srv\n> _kerberos._tcp.corp.example.com\nServer:  dc1\nAddress:  10.0.0.10\n",
			[]evidence.OtherSRVLookup{{Name: "_kerberos._tcp.corp.example.com", Domain: "corp.example.com"}}},
	}
	for _, tt := range tests {
		if !DetectNslookup(tt.text) {
			t.Errorf("%s: not detected", tt.name)
			continue
		}
		var s evidence.Set
		if err := ReadNslookup("in.txt", 1, tt.text, &s); err != nil {
			t.Fatal(err)
		}
		var got []evidence.OtherSRVLookup
		for _, l := range s.OtherSRV {
			got = append(got, evidence.OtherSRVLookup{Name: l.Name, Domain: l.Domain, Outcome: l.Outcome})
		}
		if !slices.Equal(got, tt.want) || len(s.SRV) != 0 || len(s.Names) != 0 {
			t.Errorf("%s: got %+v (SRV %v, Names %v), want %+v", tt.name, got, s.SRV, s.Names, tt.want)
		}
	}
	// An SRV name in prose, without nslookup's lines, is no nslookup output.
	if DetectNslookup("Our _kerberos._udp.corp.example record is fine.\n") {
		t.Error("prose detected as nslookup")
	}
}
