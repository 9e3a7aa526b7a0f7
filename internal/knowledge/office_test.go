package knowledge

import (
	"regexp"
	"strings"
	"testing"
)

var keyFormat = regexp.MustCompile(`^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$`)

func TestOfficeKeyTables(t *testing.T) {
	seen := map[string]bool{}
	for _, tb := range officeKeys {
		if !strings.HasPrefix(tb.source, "https://learn.microsoft.com/") {
			t.Errorf("Office %s: source %q is not a Microsoft page", tb.version, tb.source)
		}
		if OfficeDir(tb.version) == "" {
			t.Errorf("Office %s: no OSPP folder", tb.version)
		}
		skus := map[string]bool{}
		for _, r := range tb.rows {
			if !keyFormat.MatchString(r.key) {
				t.Errorf("%s: malformed key %q", r.product, r.key)
			}
			if skus[r.sku] {
				t.Errorf("Office %s: %s twice", tb.version, r.sku)
			}
			skus[r.sku] = true
			if seen[r.key] {
				t.Errorf("%s: key %s listed twice", r.product, r.key)
			}
			seen[r.key] = true
		}
		for _, want := range []string{"ProPlus", "Standard", "ProjectPro", "ProjectStd", "VisioPro", "VisioStd"} {
			if !skus[want] {
				t.Errorf("Office %s: no %s key", tb.version, want)
			}
		}
	}
	for _, k := range Keys() {
		if !keyFormat.MatchString(k.Key) || k.Source == "" || k.Product == "" {
			t.Errorf("Keys(): %+v", k)
		}
	}
}

func TestLookupOfficeGVLK(t *testing.T) {
	tests := []struct {
		name, channel, version, kind, key string
	}{
		{"Office 16, Office16ProPlusVL_KMS_Client edition", "VOLUME_KMSCLIENT", "2016", OfficeVolume, "XQNVK-8JYDB-WJ9W3-YJ8YR-WFG99"},
		{"Office 19, Office19ProPlus2019VL_KMS_Client_AE edition", "VOLUME_KMSCLIENT", "2019", OfficeVolume, "NMMKJ-6RK4F-KMJVX-8D9MJ-6MWKP"},
		{"Office 16, Office16ProPlus2019VL_KMS_Client_AE edition", "VOLUME_KMSCLIENT", "2019", OfficeVolume, "NMMKJ-6RK4F-KMJVX-8D9MJ-6MWKP"},
		{"Office 19, Office19VisioStd2019VL_KMS_Client_AE edition", "VOLUME_KMSCLIENT", "2019", OfficeVolume, "7TQNQ-K3YQQ-3PFH7-CCPPM-X4VQ2"},
		{"Office 21, Office21ProPlus2021VL_MAK_AE edition", "VOLUME_MAK", "2021", OfficeVolume, "FXYTK-NJJ8C-GB6DW-3DYQT-6F7TH"},
		{"Office 24, Office24ProjectPro2024VL_KMS_Client_AE edition", "VOLUME_KMSCLIENT", "2024", OfficeVolume, "FQQ23-N4YCY-73HQ3-FM9WC-76HF4"},
		{"Office 15, OfficeStandardVL_KMS_Client edition", "VOLUME_KMSCLIENT", "2013", OfficeVolume, "KBKQT-2NMXY-JJWGP-M62JB-92CD4"},
		{"Office 14, OfficeProPlus-KMS_Client edition", "VOLUME_KMSCLIENT", "2010", OfficeVolume, "VYBBJ-TRJPB-QFQRF-QFT4D-H3GVB"},
		{"Office 16, Office16SkypeforBusinessVL_KMS_Client edition", "VOLUME_KMSCLIENT", "2016", OfficeVolume, "869NQ-FJ69K-466HW-QYCP2-DDBV6"},
		{"Office 16, Office16O365ProPlusR_Subscription1 edition", "TIMEBASED_SUB", "2016", OfficeSubscription, ""},
		{"Office 16, Office16O365BusinessR_SubTrial edition", "TIMEBASED_SUB", "2016", OfficeSubscription, ""},
		// As a user typed it (held-out set 4, 21z10): a zero for the O of
		// O365 and "Subcription"; no channel shown.
		{"Office 16, Office160365ProPlusR_Subcription1 edition", "", "2016", OfficeSubscription, ""},
		// Constructed: each typo alone.
		{"Office 16, Office160365ProPlusR_Subscription1 edition", "", "2016", OfficeSubscription, ""},
		{"Office 16, Office16O365ProPlusR_Subcription1 edition", "", "2016", OfficeSubscription, ""},
		{"Office 16, Office16ProPlusR_Subcription edition", "", "2016", OfficeSubscription, ""},
		{"Office 16, Office16ProPlusR_Subsription edition", "", "2016", OfficeSubscription, ""},
		{"Office 16, Office16O365BusinessR_Subscripton2 edition", "", "2016", OfficeSubscription, ""},
		{"Office 16, Office16HomeBusinessR_SubTest edition", "", "2016", OfficeSubscription, ""},
		{"Office 21, Office21ProPlus2021R_Retail edition", "", "2021", OfficeRetail, ""},
		{"Office 16, Office16O365HomePremR_Grace edition", "RETAIL", "2016", OfficeSubscription, ""},
		{"Office 19, Office19ProPlus2019MSDNR_Retail edition", "RETAIL", "2019", OfficeRetail, ""},
		{"Office 16, OfficeKMSHostVL_KMS_Host edition", "VOLUME_KMS", "2016", OfficeKMSHost, ""},
		{"Office 16, Office16MondoVL_KMS_Client edition", "VOLUME_KMSCLIENT", "2016", OfficeVolume, ""}, // no published key here
		{"Windows(R), Professional edition", "VOLUME_KMSCLIENT", "", "", ""},
	}
	for _, tt := range tests {
		if v := OfficeVersion(tt.name); v != tt.version {
			t.Errorf("OfficeVersion(%q) = %q; want %q", tt.name, v, tt.version)
		}
		if k := OfficeKind(tt.name, tt.channel); k != tt.kind {
			t.Errorf("OfficeKind(%q, %q) = %q; want %q", tt.name, tt.channel, k, tt.kind)
		}
		k, ok := LookupOfficeGVLK(tt.name, tt.channel)
		if k.Key != tt.key || ok != (tt.key != "") {
			t.Errorf("LookupOfficeGVLK(%q) = %q, %v; want %q", tt.name, k.Key, ok, tt.key)
		}
	}
}

func TestSearchKeys(t *testing.T) {
	tests := []struct {
		text string
		want []string // keys that must be found
		none bool
	}{
		{"Windows Server 2022 Standard", []string{"VDYBN-27WPP-V4HQT-9VMD4-VMK7H"}, false},
		{"windows server 2022 standard", []string{"VDYBN-27WPP-V4HQT-9VMD4-VMK7H"}, false},
		{"visio 2021", []string{"KNH8D-FGHT4-T8RK3-CTDYJ-K2HT4", "MJVNY-BYWPY-CWV6J-2RKRT-4M8QG"}, false},
		{"office pro plus 2019", []string{"NMMKJ-6RK4F-KMJVX-8D9MJ-6MWKP"}, false},
		{"ProPlus 2013", []string{"YC7DK-G2NP3-2QQC3-J6H88-GVGXT"}, false},
		{"Windows 11 Pro", []string{"W269N-WFGWX-YVC9B-4J6C9-T83GX"}, false},
		{"Office 2007", nil, true},
	}
	for _, tt := range tests {
		got := SearchKeys(tt.text)
		if tt.none != (len(got) == 0) {
			t.Errorf("SearchKeys(%q): %d results", tt.text, len(got))
		}
		for _, w := range tt.want {
			found := false
			for _, g := range got {
				found = found || g.Key == w
			}
			if !found {
				t.Errorf("SearchKeys(%q): %s missing", tt.text, w)
			}
		}
	}
	if n := len(SearchKeys("")); n != len(Keys()) {
		t.Errorf("SearchKeys(\"\") = %d keys, want all %d", n, len(Keys()))
	}
}
