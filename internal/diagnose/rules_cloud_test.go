package diagnose_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

func TestCloudRules(t *testing.T) {
	ws := evidence.Product{Name: "Windows(R), ServerDatacenter edition", Channel: "VOLUME_KMSCLIENT", Status: evidence.StatusLicensed, Build: "20348",
		PartialKey: "6VM33", GraceMinutes: -1, ExpiryMinutes: -1, RemainingRearm: -1, ActivationInterval: -1, RenewalInterval: -1,
		Lines: map[string]int{"status": 9, "kms_name": 12}, Source: evidence.Source{File: "dlv.txt"}}
	named := func(name string) evidence.Product {
		p := ws
		p.KMSMachineName = name
		return p
	}
	mak := ws
	mak.Channel = "VOLUME_MAK"
	tests := []struct {
		name    string
		set     evidence.Set
		cloud   string // subject.cloud
		want    []string
		primary string
		text    string // in the English report
	}{
		{name: "AWS KMS in failing events names AWS",
			set: evidence.Set{Events: []evidence.Event{
				ev(12288, "EC2AMAZ-1", "2024-01-01 00:00", req("0xC004F074", "169.254.169.250:1688")),
				ev(12288, "EC2AMAZ-1", "2024-01-03 00:00", req("0xC004F074", "169.254.169.250:1688"))}},
			cloud: "aws", want: []string{"cloud.kms.unreachable"}, primary: "cloud.kms.unreachable",
			text: "AWSSupport-ActivateWindowsWithAmazonLicense"},
		{name: "AWS KMS in healthy events: detected only",
			set: evidence.Set{Events: []evidence.Event{ev(12288, "EC2AMAZ-1", "2024-01-01 00:00", req("0x00000000", "169.254.169.251:1688")),
				ev(12289, "EC2AMAZ-1", "2024-01-01 00:00", ok89)}},
			cloud: "aws", want: []string{"cloud.kms.detected"}, text: "VM in AWS"},
		{name: "a clock error to Google's KMS stays the clock's",
			set:   evidence.Set{Events: []evidence.Event{ev(12288, "GCE1", "2024-01-01 00:00", req("0xC004F06C", "kms.windows.googlecloud.com:1688"))}},
			cloud: "gcp", want: []string{"time.skew", "cloud.kms.detected"}, primary: "time.skew"},
		{name: "slmgr names Google's KMS",
			set:   evidence.Set{Products: []evidence.Product{named("kms.windows.googlecloud.com")}},
			cloud: "gcp", want: []string{"cloud.kms.detected"}},
		{name: "GCP VM still pointed at Azure's KMS",
			set:   evidence.Set{Context: evidence.Context{Cloud: "gcp"}, Products: []evidence.Product{named("azkms.core.windows.net:1688")}},
			cloud: "gcp", want: []string{"license.kms_name.wrong"}, primary: "license.kms_name.wrong",
			text: "which is Azure's KMS, but it runs in Google Cloud"},
		{name: "AWS VM with its own KMS host",
			set:   evidence.Set{Context: evidence.Context{Cloud: "aws"}, Products: []evidence.Product{named("kms.corp.example:1688")}},
			cloud: "aws", want: []string{"license.kms_name.wrong"}, primary: "license.kms_name.wrong",
			text: "slmgr.vbs /skms 169.254.169.250:1688"},
		{name: "OCI VM on OCI's KMS",
			set:   evidence.Set{Context: evidence.Context{Cloud: "oci"}, Products: []evidence.Product{named("169.254.169.253:1688")}},
			cloud: "oci", want: []string{"cloud.kms.detected", "license.ok"}},
		{name: "MAK key on an AWS VM",
			set:   evidence.Set{Context: evidence.Context{Cloud: "aws"}, Products: []evidence.Product{mak}},
			cloud: "aws", want: []string{"license.channel.not_kms"}, primary: "license.channel.not_kms", text: "AWS's KMS (169.254.169.250:1688)"},
		{name: "on-premises KMS from an Azure VM is a warning with the reason (ExpressRoute/VPN)",
			set:   evidence.Set{Context: evidence.Context{AzureCloud: "public"}, Products: []evidence.Product{named("kms.corp.example")}},
			cloud: "azure", want: []string{"license.kms_name.wrong"}, primary: "license.kms_name.wrong", text: "ExpressRoute or a site-to-site VPN"},
		{name: "another cloud's KMS on an Azure VM stays an error",
			set:   evidence.Set{Context: evidence.Context{AzureCloud: "public"}, Products: []evidence.Product{named("169.254.169.250:1688")}},
			cloud: "azure", want: []string{"license.kms_name.wrong"}, primary: "license.kms_name.wrong", text: "not the KMS endpoint of Azure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.set
			r := report.New("analyze", time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
			diagnose.Run(&s, r)
			if r.Subject.Cloud != tt.cloud {
				t.Errorf("subject.cloud %q, want %q", r.Subject.Cloud, tt.cloud)
			}
			var got []string
			for _, f := range r.Findings {
				got = append(got, f.ID)
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("findings %v lack %s", got, w)
				}
			}
			if r.Verdict.Primary != tt.primary {
				t.Errorf("primary %q, want %q (%v)", r.Verdict.Primary, tt.primary, got)
			}
			for _, l := range []i18n.Lang{i18n.JA, i18n.EN} {
				render.Localize(r, l)
			}
			var all strings.Builder
			for _, f := range r.Findings {
				all.WriteString(f.Title + "\n" + f.Detail + "\n" + strings.Join(f.Fix, "\n") + "\n")
			}
			if tt.text != "" && !strings.Contains(all.String(), tt.text) {
				t.Errorf("report lacks %q:\n%s", tt.text, all.String())
			}
		})
	}
}
