package spp

import (
	"os"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// The JSON and Salt inputs are constructed in the layouts Ansible's ad hoc
// command and Salt's outputter print (the keys of win_product_facts and of
// Salt's license.info); the YAML list is a real one (testdata/SOURCES.md)
// with a status list constructed after it.
func TestReadFacts(t *testing.T) {
	sample, err := os.ReadFile("testdata/en_ansible_win_product_facts_lists_communitywindows540_partial.txt")
	if err != nil {
		t.Fatal(err)
	}
	type want struct{ name, status, channel, key string }
	for _, tc := range []struct {
		name, in string
		want     []want
	}{
		{"ansible json", `w | SUCCESS => {
    "ansible_facts": {
        "ansible_os_license_channel": "Volume:GVLK",
        "ansible_os_license_edition": "Windows(R), Professional edition",
        "ansible_os_license_status": "Notification",
        "ansible_os_product_key": "W269N-WFGWX-YVC9B-4J6C9-T83GX"
    }
}`, []want{{"Windows(R), Professional edition", evidence.StatusNotification, "VOLUME_KMSCLIENT", "T83GX"}}},
		{"ansible json lists", `"ansible_os_license_edition": ["Windows(R), ServerStandard edition", "Office 16, Office16ProPlusVL_KMS_Client edition"],
"ansible_os_license_status": ["Licensed", "OOBGrace"],`,
			[]want{{"Windows(R), ServerStandard edition", evidence.StatusLicensed, "", "facts"},
				{"Office 16, Office16ProPlusVL_KMS_Client edition", evidence.StatusOOBGrace, "", "facts"}}},
		{"ansible yaml lists", string(sample) + "\nok: [myhost] => \n  ansible_os_license_status:\n  - Licensed\n  - Notification\n",
			[]want{{"Windows(R), Professional edition", evidence.StatusLicensed, "", "facts"},
				{"Office 16, Office16StandardVL_KMS_Client edition", evidence.StatusNotification, "", "facts"}}},
		{"salt", "m:\n    ----------\n    description:\n        Windows(R) Operating System, RETAIL channel\n    licensed:\n        True\n    name:\n        Windows(R), Professional edition\n    partial_key:\n        3V66T\n",
			[]want{{"Windows(R), Professional edition", evidence.StatusLicensed, "RETAIL", "3V66T"}}},
		// No status: nothing to say of the products.
		{"editions only", string(sample), nil},
		{"salt not licensed", "m:\n    licensed:\n        False\n    name:\n        Windows(R), Professional edition\n    partial_key:\n        3V66T\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !DetectFacts(tc.in) {
				t.Fatal("not detected")
			}
			s := &evidence.Set{}
			if err := ReadFacts("f.txt", 1, tc.in, s); err != nil {
				t.Fatal(err)
			}
			if len(s.Products) != len(tc.want) {
				t.Fatalf("products %+v", s.Products)
			}
			for i, w := range tc.want {
				p := s.Products[i]
				if p.Name != w.name || p.Status != w.status || p.Channel != w.channel || p.PartialKey != w.key {
					t.Errorf("product %d = %q %q %q %q, want %+v", i, p.Name, p.Status, p.Channel, p.PartialKey, w)
				}
			}
		})
	}
	// Not facts: an Ansible task list, a licence word in prose.
	for _, in := range []string{"- name: Activate\n  win_command: slmgr /ato\n", "licensed: yes, the name: Windows"} {
		if DetectFacts(in) {
			t.Errorf("DetectFacts(%q)", in)
		}
	}
}

// FuzzReadFacts: ReadFacts never panics.
func FuzzReadFacts(f *testing.F) {
	f.Add(`"ansible_os_license_edition": ["a", "b"], "ansible_os_license_status": ["Licensed"]`)
	f.Add("ansible_os_license_edition:\n- a\nansible_os_license_status:\n- Notification\n")
	f.Add("licensed:\n    True\nname:\n    Windows(R)\npartial_key:\n    x\n")
	f.Fuzz(func(t *testing.T, in string) {
		s := &evidence.Set{}
		if DetectFacts(in) {
			_ = ReadFacts("f", 1, in, s)
		}
	})
}
