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

func TestGCPPolicyFinding(t *testing.T) {
	deny := func(prio int) evidence.CloudRule {
		return evidence.CloudRule{Egress: true, Action: "deny", Protocol: "all", Dests: []string{"0.0.0.0/0"}, Priority: prio}
	}
	pol := func(typ string, rules ...evidence.CloudRule) evidence.CloudDoc {
		return evidence.CloudDoc{Kind: evidence.GCPPolicy, PolicyType: typ, Name: "401234567890", ShortName: "org-egress", Region: "asia-northeast1", Rules: rules,
			Source: evidence.Source{File: "fw.json", Line: 30}}
	}
	allowVPC := evidence.CloudDoc{Kind: evidence.GCPFirewall, Name: "allow-kms", Network: "prod",
		Rules: []evidence.CloudRule{{Name: "allow-kms", Egress: true, Allow: true, Protocol: "tcp", Ports: []string{"1688"}, Priority: 100}}}
	tests := []struct {
		name           string
		docs           []evidence.CloudDoc
		want           string
		title, titleJa string
		detail         string
		cmd            string
	}{
		{"hierarchical deny", []evidence.CloudDoc{pol("HIERARCHY", deny(1000)), allowVPC}, "gcp.policy.blocks_kms/error",
			"Rule 1000 of the firewall policy org-egress blocks TCP 1688", "ファイアウォール ポリシー org-egress のルール 1000",
			"hierarchical firewall policy org-egress (401234567890)", "gcloud compute firewall-policies rules create 999 --firewall-policy 401234567890"},
		{"regional network deny after a silent VPC", []evidence.CloudDoc{pol("NETWORK_REGIONAL", deny(10))}, "gcp.policy.blocks_kms/error",
			"Rule 10 of the firewall policy org-egress", "ルール 10", "regional network firewall policy org-egress",
			"network-firewall-policies rules create 9 --firewall-policy 401234567890 --firewall-policy-region asia-northeast1"},
		{"network deny after a VPC allow", []evidence.CloudDoc{pol("NETWORK", deny(10)), allowVPC}, "gcp.path.clear/ok",
			"lets TCP 1688 reach Google's KMS", "Google の KMS に届きます", "egress rule allow-kms allows TCP 1688", ""},
		{"no priority left", []evidence.CloudDoc{pol("HIERARCHY", deny(0))}, "gcp.policy.blocks_kms/error", "Rule 0", "ルール 0", "priority 0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range []i18n.Lang{i18n.EN, i18n.JA} {
				s := evidence.Set{CloudNet: tt.docs}
				r := report.New("analyze", time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
				diagnose.Run(&s, r)
				render.Localize(r, lang)
				var got []string
				var first *report.Finding
				for i := range r.Findings {
					if strings.HasPrefix(r.Findings[i].ID, "gcp.") {
						got = append(got, r.Findings[i].ID+"/"+string(r.Findings[i].Severity))
						if first == nil {
							first = &r.Findings[i]
						}
					}
				}
				if strings.Join(got, ",") != tt.want {
					t.Fatalf("%s: findings %v, want %s", lang, got, tt.want)
				}
				if lang == i18n.JA {
					if !strings.Contains(first.Title, tt.titleJa) {
						t.Errorf("ja title %q lacks %q", first.Title, tt.titleJa)
					}
					continue
				}
				if !strings.Contains(first.Title, tt.title) || !strings.Contains(first.Detail, tt.detail) {
					t.Errorf("title %q / detail %q lack %q / %q", first.Title, first.Detail, tt.title, tt.detail)
				}
				if tt.cmd != "" && !strings.Contains(strings.Join(first.Commands, "\n"), tt.cmd) {
					t.Errorf("commands %q lack %q", first.Commands, tt.cmd)
				}
				if tt.cmd == "" && tt.want == "gcp.policy.blocks_kms/error" && len(first.Commands) != 0 {
					t.Errorf("commands %q, want none", first.Commands)
				}
			}
		})
	}
}
