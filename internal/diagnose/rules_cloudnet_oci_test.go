package diagnose_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

func TestOCINetworkRule(t *testing.T) {
	const slID = "ocid1.securitylist.oc1.iad.aaaaaaaaexample"
	kmsAt := func(host string) []evidence.Product {
		return []evidence.Product{{Name: "Windows(R), ServerStandard edition", Channel: "VOLUME_KMSCLIENT", Status: evidence.StatusNotification, PartialKey: "3VDMT", KMSMachineName: host}}
	}
	list := func(rules ...evidence.CloudRule) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.OCISecurityList, ID: slID, Name: "Default Security List", Rules: rules, Source: evidence.Source{File: "sl.json", Line: 3}}
	}
	egressAll := evidence.CloudRule{Egress: true, Allow: true, Protocol: "all", Dests: []string{"0.0.0.0/0"}}
	egress443 := evidence.CloudRule{Egress: true, Allow: true, Protocol: "6", Ports: []string{"443-443"}, Dests: []string{"0.0.0.0/0"}}
	appliance := evidence.CloudDoc{Kind: evidence.OCIRouteTable, ID: "ocid1.routetable.oc1.iad.aaaa", Name: "rt",
		Routes: []evidence.CloudRoute{{Dest: "0.0.0.0/0", Target: "ocid1.privateip.oc1.iad.abcd", TargetKind: "privateip"}}}
	tests := []struct {
		name     string
		set      evidence.Set
		want     string // id/severity of the OCI findings
		detail   string // in the first one's English detail
		detailJa string
		fix      string // in its fix steps
	}{
		{"Oracle's KMS: security lists cannot block it", evidence.Set{CloudNet: []evidence.CloudDoc{list(egress443)}, Products: kmsAt("169.254.169.253:1688")},
			"oci.path.clear/ok", "security rules are not enforced for traffic to 169.254.0.0/16", "セキュリティ ルールが適用されません", ""},
		{"own KMS host allowed", evidence.Set{CloudNet: []evidence.CloudDoc{list(egressAll)}, Products: kmsAt("10.0.5.10:1688")},
			"oci.path.clear/ok", "let TCP 1688 reach 10.0.5.10", "10.0.5.10 への TCP 1688 を通します", ""},
		{"own KMS host without egress", evidence.Set{CloudNet: []evidence.CloudDoc{list(egress443)}, Products: kmsAt("10.0.5.10:1688")},
			"oci.security.blocks_kms/error", "No egress rule of the exported security lists and network security groups (Default Security List (" + slID + ")) allows TCP 1688 to 10.0.5.10",
			"10.0.5.10 への TCP 1688 を許可するものがありません", "oci network security-list update --security-list-id " + slID + " --egress-security-rules file://new-egress-security-rules.json"},
		{"own KMS host behind an appliance", evidence.Set{CloudNet: []evidence.CloudDoc{appliance}, Products: kmsAt("192.168.7.7")},
			"oci.route.blocks_kms/error", "whose target ocid1.privateip.oc1.iad.abcd is a private IP", "プライベート IP", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range []i18n.Lang{i18n.EN, i18n.JA} {
				s := tt.set
				r := report.New("analyze", time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
				diagnose.Run(&s, r)
				render.Localize(r, lang)
				var got []string
				var first *report.Finding
				for i := range r.Findings {
					if strings.HasPrefix(r.Findings[i].ID, "oci.") {
						got = append(got, r.Findings[i].ID+"/"+string(r.Findings[i].Severity))
						if first == nil {
							first = &r.Findings[i]
						}
					}
				}
				if strings.Join(got, ",") != tt.want {
					t.Fatalf("%s: findings %v, want %s", lang, got, tt.want)
				}
				want := tt.detail
				if lang == i18n.JA {
					want = tt.detailJa
				}
				if !strings.Contains(first.Detail, want) {
					t.Errorf("%s: detail %q lacks %q", lang, first.Detail, want)
				}
				if tt.fix != "" {
					if !strings.Contains(strings.Join(first.Commands, "\n"), tt.fix) {
						t.Errorf("commands %q lack %q", first.Commands, tt.fix)
					}
				}
			}
		})
	}
}
