package knowledge

import (
	"regexp"
	"testing"
)

func TestLookupGVLK(t *testing.T) {
	tests := []struct {
		name, build, key string
	}{
		{"Windows(R), Professional edition", "22000", "W269N-WFGWX-YVC9B-4J6C9-T83GX"},
		{"Windows(R), Professional edition", "", "W269N-WFGWX-YVC9B-4J6C9-T83GX"},
		{"Windows(R), Enterprise edition", "19045", "NPPR9-FWDCX-D2C8J-H872K-2YT43"},
		{"Windows(R), EducationN edition", "22631", "2WH4N-8QGBV-H22JP-CT43Q-MDWWJ"},
		{"Windows(R), ServerStandard edition", "14393", "WC2BQ-8NRM3-FDDYY-2BFGV-KHKQY"},
		{"Windows(R), ServerDatacenter edition", "10.0.20348.1", "WX4NM-KYWYW-QJJR4-XV3QB-6VM33"},
		{"Windows(R), ServerDatacenter edition", "26100", "D764K-2NDRG-47T6Q-P8T8W-YP6DF"},
		{"Windows(R), ServerTurbine edition", "20348", "NTBV8-9K7Q8-V27C6-M2BTV-KHMXV"},
		{"Windows(R), ServerStandard edition", "9600", "D2N9P-3P6X9-2R39C-7RTCD-MDVJX"},
		{"Windows(R), ServerDatacenter edition", "18363", "6NMRW-2C8FM-D24W7-TQWMY-CWH2D"},
		{"Windows(R), EnterpriseS edition", "14393", "DCPHK-NFMTC-H88MJ-PFHPY-QJ4BJ"},
		{"Windows(R), EnterpriseS edition", "26100", "M7XTQ-FN8P6-TTKYV-9D4CC-J462D"},
		{"Windows(R) 7, Enterprise edition", "", "33PXH-7Y6KF-2VJC9-XBBR8-HVTHH"},
		{"Windows(R), EnterpriseS edition", "", ""},                 // LTSC key depends on the release
		{"Windows(R), ServerStandard edition", "", ""},              // server key depends on the release
		{"Office 16, Office16ProPlusVL_KMS_Client edition", "", ""}, // not Windows
		{"Windows(R), ServerStandard edition", "20349", ""},         // unknown build
	}
	for _, tt := range tests {
		k, ok := LookupGVLK(tt.name, tt.build)
		if k.Key != tt.key || ok != (tt.key != "") {
			t.Errorf("LookupGVLK(%q, %q) = %q, %v; want %q", tt.name, tt.build, k.Key, ok, tt.key)
		}
	}
}

func TestGVLKTable(t *testing.T) {
	keyRe := regexp.MustCompile(`^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$`)
	seen := map[string]bool{}
	for _, k := range gvlks {
		if !keyRe.MatchString(k.key) {
			t.Errorf("%s: malformed key %q", k.product, k.key)
		}
		id := k.group + "/" + k.edition
		if seen[id] {
			t.Errorf("%s defined twice", id)
		}
		seen[id] = true
	}
}

func TestHostCanServe(t *testing.T) {
	tests := []struct {
		host, client string
		ok           bool
		kb           string
	}{
		{"ws2012r2", "win11", false, ""},
		{"ws2016", "win11", true, "KB5003638"},
		{"ws2022", "win11", true, ""},
		{"ws2019", "ws2025", true, "KB5034768"},
		{"ws2016", "ws2025", false, ""},
		{"ws2012", "win10", true, "KB3172615"},
		{"ws2008r2", "ws2019", false, ""},
	}
	for _, tt := range tests {
		ok, kb, known := HostCanServe(tt.host, tt.client)
		if !known || ok != tt.ok || kb != tt.kb {
			t.Errorf("HostCanServe(%s, %s) = %v, %q, %v; want %v, %q", tt.host, tt.client, ok, kb, known, tt.ok, tt.kb)
		}
	}
	if ClientGroupOf("EnterpriseS", "26100") != "ws2025" || ClientGroupOf("Enterprise", "22631") != "win11" || ClientGroupOf("ServerStandard", "20348") != "ws2022" {
		t.Error("ClientGroupOf")
	}
}
