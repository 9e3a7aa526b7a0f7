package collected

import (
	"encoding/json"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func TestReleaseLicense(t *testing.T) {
	for id, want := range map[string]string{"O365ProPlusRetail": "subscription", "O365BusinessRetail": "subscription",
		"ProPlus2021Volume": "volume", "ProPlus2019Volume": "volume", "HomeBusiness2019Retail": "retail",
		"VisioProXRetail": "subscription", "LanguagePack": "unknown"} {
		if got := ReleaseLicense(id); got != want {
			t.Errorf("%s: %s, want %s", id, got, want)
		}
	}
}

func TestReadItems(t *testing.T) {
	enc := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	s := &evidence.Set{}
	items := map[string]string{
		KindStore:  enc(Store{Head: NewHead(KindStore), Files: []File{{Path: "tokens.dat", Size: 10}}, ACLs: []ACL{{Path: "spp", SDDL: "O:SY"}}}),
		KindProxy:  enc(Proxy{Head: NewHead(KindProxy), AccessType: 3, Proxy: "p:8080"}),
		KindOffice: enc(Office{Head: NewHead(KindOffice), ClickToRun: true, Releases: []Release{{ID: "O365ProPlusRetail"}}}),
		KindCloud:  enc(Cloud{Head: NewHead(KindCloud), Provider: "aws", Name: "aws"}),
		KindCheck:  enc(Check{Head: NewHead(KindCheck), TCP: []evidence.TCPProbe{{Host: "h", Port: 1688}}}),
	}
	for k, text := range items {
		if !Detect(k)(text) {
			t.Errorf("%s not detected", k)
		}
		for other := range items {
			if other != k && Detect(other)(text) {
				t.Errorf("%s detected as %s", k, other)
			}
		}
		if err := Read(k)("f", 1, text, s); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	if len(s.StoreFiles) != 1 || len(s.StoreACLs) != 1 || len(s.Proxies) != 1 || s.Proxies[0].Direct ||
		len(s.Office) != 1 || s.Office[0].Releases[0].License != "subscription" || s.Context.Cloud != "aws" || len(s.TCP) != 1 {
		t.Errorf("set = %+v", s)
	}
	// A cloud the user named wins over the metadata.
	s = &evidence.Set{Context: evidence.Context{Cloud: "gcp"}}
	_ = Read(KindCloud)("f", 1, items[KindCloud], s)
	if s.Context.Cloud != "gcp" {
		t.Errorf("cloud = %q", s.Context.Cloud)
	}
	if Detect(KindStore)(`{"LicenseStatus": 1}`) || Read(KindStore)("f", 1, `{"item":"kmsdoctor/spp-store","files":7}`, &evidence.Set{}) == nil {
		t.Error("bad input accepted")
	}
}

func FuzzRead(f *testing.F) {
	f.Add(`{"item":"kmsdoctor/spp-store","files":[{"path":"x","size":1}]}`)
	f.Add(`{"item":"kmsdoctor/check-evidence","tcp":[{"Host":"h"}]}`)
	f.Add(`{"item":"kmsdoctor/cloud-metadata","name":"azure-china"}`)
	f.Fuzz(func(t *testing.T, text string) {
		for _, k := range []string{KindStore, KindProxy, KindOffice, KindCloud, KindCheck} {
			if Detect(k)(text) {
				_ = Read(k)("f", 1, text, &evidence.Set{})
			}
		}
	})
}
