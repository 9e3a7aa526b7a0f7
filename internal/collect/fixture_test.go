package collect

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/spp"
	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

// ws42 is the constructed machine of testdata/recorded/ws42: a Windows 11
// Enterprise KMS client whose KMS host stopped answering (its events, from
// testdata/ws42_events_constructed.xml, end in unanswered requests and
// 8198 0xC004F074). It is written in the form winsys.Recorder saves;
// TestConstructedFixture keeps the file equal to it (-update rewrites it).
func ws42(t *testing.T) winsys.Fixtures {
	raw, err := os.ReadFile("testdata/ws42_events_constructed.xml")
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		events = append(events, l)
	}
	str := func(s string) winsys.Value { return winsys.Value{Type: "REG_SZ", String: s} }
	dw := func(n uint64) winsys.Value { return winsys.Value{Type: "REG_DWORD", Int: n} }
	sppKey := `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform`
	notExist := &winsys.CallErr{Kind: "not_exist", Msg: "The system cannot find the file specified."}
	invalidClass := &winsys.CallErr{Kind: "hresult", Code: winsys.WBEMInvalidClass, Op: "ExecQuery", Msg: "Invalid class"}
	fx := winsys.Fixtures{
		Computer: "WS42",
		Now:      time.Date(2026, 9, 23, 10, 0, 0, 0, time.UTC),
		WMI: []winsys.WMICall{
			{Class: spp.ClassService, Props: append(append([]string{}, spp.ServiceProps...), spp.ServiceOptional...), Rows: []winsys.Row{{
				"Version": "10.0.22631.4317", "KeyManagementServiceMachine": "kms01.contoso.com", "KeyManagementServicePort": int64(1688),
				"IsKeyManagementServiceMachine": int64(0), "ClientMachineID": "8d3c2a10-4b5e-4f6a-9c7d-1e2f3a4b5c6d",
				"RemainingWindowsReArmCount": int64(1001), "KeyManagementServiceCurrentCount": int64(4294967295),
				"DiscoveredKeyManagementServiceMachineName": nil, "DiscoveredKeyManagementServiceMachinePort": int64(0),
			}}},
			// An older build without the optional product properties: the
			// first query is refused and retried without them.
			{Class: spp.ClassProduct, Props: append(append([]string{}, spp.ProductProps...), spp.ProductOptional...), Where: spp.ProductWhere,
				Err: &winsys.CallErr{Kind: "hresult", Code: winsys.WBEMInvalidQuery, Op: "ExecQuery", Msg: "Invalid query"}},
			{Class: spp.ClassProduct, Props: spp.ProductProps, Where: spp.ProductWhere, Rows: []winsys.Row{{
				"ID": "73111121-5638-40f6-bc11-f1d7b0d64300", "Name": "Windows(R), Enterprise edition",
				"Description": "Windows(R) Operating System, VOLUME_KMSCLIENT channel", "ApplicationID": spp.WindowsAppID,
				"PartialProductKey": "2YT43", "ProductKeyID": "00329-00000-00003-AA066", "LicenseStatus": int64(1),
				"LicenseStatusReason": int64(0), "GracePeriodRemaining": int64(233280), "LicenseIsAddon": false,
				"VLActivationInterval": int64(120), "VLRenewalInterval": int64(10080),
				"KeyManagementServiceMachine": "kms01.contoso.com", "KeyManagementServicePort": int64(1688),
				"DiscoveredKeyManagementServiceMachineName": nil, "DiscoveredKeyManagementServiceMachinePort": int64(0),
			}}},
			{Class: spp.ClassOfficeService, Props: []string{"Version", "ClientMachineID", "KeyManagementServiceMachine", "KeyManagementServicePort"}, Err: invalidClass},
			{Class: spp.ClassOfficeProduct, Props: []string{"ID", "Name", "Description", "ApplicationID", "PartialProductKey", "LicenseStatus", "LicenseStatusReason", "GracePeriodRemaining", "KeyManagementServiceMachine", "KeyManagementServicePort", "DiscoveredKeyManagementServiceMachineName", "DiscoveredKeyManagementServiceMachinePort"}, Where: spp.ProductWhere, Err: invalidClass},
		},
		Registry: []winsys.RegCall{
			{Op: "values", Key: currentVersion, Values: map[string]winsys.Value{"ProductName": str("Windows 10 Enterprise"), "EditionID": str("Enterprise"),
				"CurrentBuild": str("22631"), "UBR": dw(4317), "DisplayVersion": str("23H2"), "RegisteredOwner": str("Taro Yamada")}},
			{Op: "values", Key: `HKLM\SYSTEM\CurrentControlSet\Services\sppsvc`, Values: map[string]winsys.Value{"Start": dw(2), "DelayedAutostart": dw(1), "ObjectName": str(`NT AUTHORITY\NetworkService`)}},
			{Op: "values", Key: `HKLM\SYSTEM\CurrentControlSet\Services\osppsvc`, Err: notExist},
			{Op: "values", Key: `HKLM\SYSTEM\CurrentControlSet\Services\W32Time`, Values: map[string]winsys.Value{"Start": dw(3)}},
			{Op: "values", Key: `HKLM\SYSTEM\CurrentControlSet\Services\Dnscache`, Values: map[string]winsys.Value{"Start": dw(2)}},
			{Op: "values", Key: sppKey, Values: map[string]winsys.Value{"KeyManagementServiceName": str("kms01.contoso.com"), "KeyManagementServicePort": str("1688")}},
			{Op: "subkeys", Key: sppKey, Subkeys: []string{"Activation"}},
			{Op: "values", Key: sppKey + `\Activation`, Values: map[string]winsys.Value{"ProductActivationResult": dw(0)}},
			{Op: "subkeys", Key: sppKey + `\Activation`},
			{Op: "values", Key: `HKU\S-1-5-20\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform`, Err: notExist},
			{Op: "values", Key: `HKLM\SOFTWARE\Policies\Microsoft\Windows NT\CurrentVersion\Software Protection Platform`, Err: notExist},
			{Op: "values", Key: `HKLM\SOFTWARE\Microsoft\OfficeSoftwareProtectionPlatform`, Err: notExist},
			{Op: "values", Key: `HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters`, Values: map[string]winsys.Value{"Domain": str("contoso.com"), "Hostname": str("WS42"), "SearchList": str("")}},
			{Op: "subkeys", Key: `HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters`},
			{Op: "values", Key: `HKLM\SOFTWARE\Policies\Microsoft\Windows NT\DNSClient`, Err: notExist},
			{Op: "values", Key: `HKLM\SYSTEM\CurrentControlSet\Services\W32Time`, Values: map[string]winsys.Value{"Start": dw(3)}},
			{Op: "subkeys", Key: `HKLM\SYSTEM\CurrentControlSet\Services\W32Time`, Subkeys: []string{"Parameters"}},
			{Op: "values", Key: `HKLM\SYSTEM\CurrentControlSet\Services\W32Time\Parameters`, Values: map[string]winsys.Value{"Type": str("NT5DS")}},
			{Op: "subkeys", Key: `HKLM\SYSTEM\CurrentControlSet\Services\W32Time\Parameters`},
			// Display language (English UI, Japanese installed too).
			{Op: "values", Key: `HKLM\SYSTEM\CurrentControlSet\Control\Nls\Language`, Values: map[string]winsys.Value{"InstallLanguage": str("0409"), "Default": str("0409")}},
			{Op: "values", Key: `HKCU\Control Panel\Desktop`, Values: map[string]winsys.Value{"PreferredUILanguages": {Type: "REG_MULTI_SZ", Strings: []string{"en-US"}}}},
			{Op: "subkeys", Key: `HKLM\SYSTEM\CurrentControlSet\Control\MUI\UILanguages`, Subkeys: []string{"en-US", "ja-JP"}},
			// Office: Click-to-Run with a volume licensed Office LTSC 2021.
			{Op: "values", Key: `HKLM\SOFTWARE\Microsoft\Office\ClickToRun\Configuration`, Values: map[string]winsys.Value{
				"ProductReleaseIds": str("ProPlus2021Volume,VisioPro2021Volume"), "Platform": str("x64"), "VersionToReport": str("16.0.14332.20771"),
				"CDNBaseUrl": str("http://officecdn.microsoft.com/pr/5030841d-c919-4594-8d2d-84ae4f96e58e")}},
			{Op: "values", Key: `HKLM\SOFTWARE\Microsoft\Office\16.0\Common\InstallRoot`, Values: map[string]winsys.Value{"Path": str(`C:\Program Files\Microsoft Office\root\Office16\`)}},
		},
		DNSConfig: &winsys.DNSCall{Config: winsys.DNSConfig{HostName: "WS42", Adapters: []winsys.Adapter{{
			Name: "{4D36E972-E325-11CE-BFC1-08002BE10318}", FriendlyName: "Ethernet", Description: "Intel(R) Ethernet Connection", Up: true,
			DNSSuffix: "contoso.com", SearchList: []string{"contoso.com"}, DNSServers: []string{"10.20.0.10"}, Addresses: []string{"10.20.3.42", "fe80::1c2d:3e4f:5a6b:7c8d"},
		}}}},
		NetParams: &winsys.NetParamsCall{Params: winsys.NetworkParams{HostName: "WS42", DomainName: "contoso.com", DNSServers: []string{"10.20.0.10"}, NodeType: 8, DNS: true}},
		Proxy:     &winsys.ProxyCall{Proxy: winsys.Proxy{AccessType: winsys.ProxyNone}},
		Host: []winsys.HostCall{
			{Op: "stat", Path: `%SystemRoot%\System32\spp\store\2.0\tokens.dat`, Info: &winsys.FileInfo{Size: 1048576, ModTime: time.Date(2026, 9, 23, 9, 41, 7, 0, time.UTC)}},
			{Op: "stat", Path: `%SystemRoot%\System32\spp\store\tokens.dat`, Err: notExist},
			{Op: "stat", Path: `%SystemRoot%\ServiceProfiles\NetworkService\AppData\Roaming\Microsoft\SoftwareProtectionPlatform\tokens.dat`, Err: notExist},
			{Op: "sddl", Path: `%SystemRoot%\System32\spp`, SDDL: "O:S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464G:S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464D:PAI(A;OICI;FA;;;S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464)(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;BA)(A;OICI;0x1200a9;;;BU)"},
			{Op: "sddl", Path: `%SystemRoot%\System32\spp\store`, SDDL: "O:S-1-5-80-123231216-2592883651-3715271367-3753151631-4175906628G:S-1-5-80-123231216-2592883651-3715271367-3753151631-4175906628D:PAI(A;OICI;FA;;;S-1-5-80-123231216-2592883651-3715271367-3753151631-4175906628)(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;BA)(A;OICIIO;FA;;;NS)"},
			{Op: "sddl", Path: `%SystemRoot%\System32\spp\store\2.0`, SDDL: "O:SYG:SYD:AI(A;OICIID;FA;;;S-1-5-80-123231216-2592883651-3715271367-3753151631-4175906628)(A;OICIID;FA;;;SY)(A;OICIID;0x1200a9;;;BA)"},
			{Op: "language", Language: &winsys.Language{UserID: 0x0409, User: "en-US", SystemID: 0x0409, System: "en-US", UserLocale: "ja-JP"}},
		},
		// Not a cloud VM: no metadata service answers.
		HTTP: []winsys.HTTPCall{
			{Method: "GET", URL: azureURL, Header: map[string]string{"Metadata": "true"}, Err: &winsys.CallErr{Kind: "other", Msg: "dial tcp 169.254.169.254:80: i/o timeout"}},
			{Method: "PUT", URL: awsTokenURL, Header: map[string]string{"X-aws-ec2-metadata-token-ttl-seconds": "60"}, Err: &winsys.CallErr{Kind: "other", Msg: "dial tcp 169.254.169.254:80: i/o timeout"}},
			{Method: "GET", URL: gcpZoneURL, Header: map[string]string{"Metadata-Flavor": "Google"}, Err: &winsys.CallErr{Kind: "other", Msg: "dial tcp: lookup metadata.google.internal: no such host"}},
			{Method: "GET", URL: ociURL, Header: map[string]string{"Authorization": "Bearer Oracle"}, Err: &winsys.CallErr{Kind: "other", Msg: "dial tcp 169.254.169.254:80: i/o timeout"}},
		},
		SRV: []winsys.SRVCall{{Name: "_vlmcs._tcp.contoso.com", Records: []winsys.SRV{{Target: "kms01.contoso.com", Port: 1688, Priority: 0, Weight: 0}}}},
		Run: []winsys.RunCall{
			{Argv: []string{"w32tm", "/query", "/status", "/verbose"}, Err: &winsys.CallErr{Kind: "other", Msg: "exit status 0x80070426"}},
			{Argv: []string{"w32tm", "/query", "/configuration"}, Err: &winsys.CallErr{Kind: "other", Msg: "exit status 0x80070426"}},
			{Argv: []string{"netsh", "winhttp", "show", "proxy"}, Output: "\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Direct access (no proxy server).\r\n\r\n"},
		},
		Events: []winsys.EventCall{
			{Op: "render", Channel: "Application", XPath: channels[0].xpath, Events: events},
			{Op: "export", Channel: "Application", XPath: channels[0].xpath, Err: &winsys.CallErr{Kind: "hresult", Code: 0x80004001, Op: "EvtExportLog Application", Msg: "Not implemented"}},
			{Op: "render", Channel: "Key Management Service", XPath: "*", Err: &winsys.CallErr{Kind: "not_exist", Msg: "EvtQuery Key Management Service"}},
			{Op: "render", Channel: "Microsoft-Client-Licensing-Platform/Admin", XPath: "*"},
			{Op: "export", Channel: "Microsoft-Client-Licensing-Platform/Admin", XPath: "*", Err: &winsys.CallErr{Kind: "hresult", Code: 0x80004001, Op: "EvtExportLog", Msg: "Not implemented"}},
		},
	}
	return fx
}

func TestConstructedFixture(t *testing.T) {
	b, _ := json.MarshalIndent(ws42(t), "", "  ")
	golden.Check(t, "testdata/recorded/ws42/fixtures.json", append(b, '\n'))
}
