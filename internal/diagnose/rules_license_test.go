package diagnose

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

var licSrc = report.Source{File: "dlv.txt", Line: 3}

func prod(name, channel, status, build string) evidence.Product {
	return evidence.Product{Name: name, Channel: channel, Status: status, Build: build,
		GraceMinutes: -1, ExpiryMinutes: -1, RemainingRearm: -1, ActivationInterval: -1, RenewalInterval: -1,
		Lines: map[string]int{"status": 9}, Source: licSrc}
}

func with(p evidence.Product, f func(*evidence.Product)) evidence.Product { f(&p); return p }

// licenseIDs are the ids the license rules can raise; the tests compare
// exactly this family, so other areas' rules do not interfere.
var licenseIDs = []string{IDLicenseChannelNotKMS, IDLicenseKMSHostKey, IDLicenseNotification, IDLicenseGrace,
	IDLicenseExpiring, IDLicenseRearmExhausted, IDLicenseKMSNameWrong, IDKMSCountInsufficient, IDKMSHostTooOld,
	IDTokensCorrupt, IDLicenseActivationError, IDLicenseOK, IDOfficeSubscription, IDLicenseUnlicensed, IDKMSHostCount}

func TestLicenseRules(t *testing.T) {
	const (
		pro   = "Windows(R), Professional edition"
		std   = "Windows(R), ServerStandard edition"
		dc    = "Windows(R), ServerDatacenter edition"
		ent   = "Windows(R), Enterprise edition"
		build = "22631"
	)
	tests := []struct {
		name    string
		azure   string
		prods   []evidence.Product
		codes   []string
		want    []string
		command string // a fix command that must be offered
	}{
		{"healthy kms client", "", []evidence.Product{with(prod(ent, "VOLUME_KMSCLIENT", evidence.StatusLicensed, build), func(p *evidence.Product) { p.ExpiryMinutes = 250000 })},
			nil, []string{IDLicenseOK}, ""},
		{"retail alone is fine", "", []evidence.Product{prod(pro, "RETAIL", evidence.StatusLicensed, build)}, nil, []string{IDLicenseOK}, ""},
		{"mak alone is fine", "", []evidence.Product{prod(std, "VOLUME_MAK", evidence.StatusLicensed, "20348")}, nil, []string{IDLicenseOK}, ""},
		{"retail with skms", "", []evidence.Product{with(prod(pro, "RETAIL", evidence.StatusLicensed, build), func(p *evidence.Product) { p.KMSMachineName = "kms:1688" })},
			nil, []string{IDLicenseChannelNotKMS, IDLicenseOK}, "slmgr.vbs /ipk W269N-WFGWX-YVC9B-4J6C9-T83GX"},
		{"mak on azure ws2016", "public", []evidence.Product{prod(dc, "VOLUME_MAK", evidence.StatusLicensed, "14393")},
			nil, []string{IDLicenseChannelNotKMS, IDLicenseOK}, "slmgr.vbs /ipk CB7KF-BWN84-R7R2Y-793K2-8XDDG"},
		{"oem on azure ws2019", "public", []evidence.Product{prod(std, "OEM_DM", evidence.StatusLicensed, "17763")},
			nil, []string{IDLicenseChannelNotKMS, IDLicenseOK}, "slmgr.vbs /ipk N69G4-B89J2-4G8F4-WWYCC-J464C"},
		{"csvlk on azure", "public", []evidence.Product{prod(std, "VOLUME_KMS_WS22", evidence.StatusLicensed, "20348")},
			nil, []string{IDLicenseKMSHostKey, IDLicenseOK}, "slmgr.vbs /ipk VDYBN-27WPP-V4HQT-9VMD4-VMK7H"},
		{"csvlk alone is a host", "", []evidence.Product{prod(std, "VOLUME_KMS_WS22", evidence.StatusLicensed, "20348")},
			nil, []string{IDLicenseOK}, ""},
		{"notification retail", "", []evidence.Product{with(prod(pro, "RETAIL", evidence.StatusNotification, "22000"), func(p *evidence.Product) { p.StatusReason = "0xC004F034" })},
			nil, []string{IDLicenseNotification}, "slmgr.vbs /ipk W269N-WFGWX-YVC9B-4J6C9-T83GX"},
		{"notification kms client", "", []evidence.Product{prod(ent, "VOLUME_KMSCLIENT", evidence.StatusNotification, build)},
			nil, []string{IDLicenseNotification}, "slmgr.vbs /ato"},
		{"oob grace", "", []evidence.Product{with(prod(ent, "VOLUME_KMSCLIENT", evidence.StatusOOBGrace, build), func(p *evidence.Product) { p.GraceMinutes = 1440 })},
			nil, []string{IDLicenseGrace}, "slmgr.vbs /ato"},
		{"oot grace", "", []evidence.Product{prod(ent, "VOLUME_KMSCLIENT", evidence.StatusOOTGrace, build)}, nil, []string{IDLicenseGrace}, ""},
		{"expiring", "", []evidence.Product{with(prod(ent, "VOLUME_KMSCLIENT", evidence.StatusLicensed, build), func(p *evidence.Product) { p.ExpiryMinutes = 29 * 1440 })},
			nil, []string{IDLicenseExpiring}, "slmgr.vbs /ato"},
		{"not yet expiring at 30 days", "", []evidence.Product{with(prod(ent, "VOLUME_KMSCLIENT", evidence.StatusLicensed, build), func(p *evidence.Product) { p.ExpiryMinutes = 30 * 1440 })},
			nil, []string{IDLicenseOK}, ""},
		{"no rearm left in grace", "", []evidence.Product{with(prod(ent, "VOLUME_KMSCLIENT", evidence.StatusOOBGrace, build), func(p *evidence.Product) { p.RemainingRearm = 0 })},
			nil, []string{IDLicenseGrace, IDLicenseRearmExhausted}, ""},
		{"no rearm left but licensed", "", []evidence.Product{with(prod(ent, "VOLUME_KMSCLIENT", evidence.StatusLicensed, build), func(p *evidence.Product) { p.RemainingRearm = 0 })},
			nil, []string{IDLicenseOK}, ""},
		{"azure wrong kms name", "public", []evidence.Product{with(prod(dc, "VOLUME_KMSCLIENT", evidence.StatusLicensed, "20348"), func(p *evidence.Product) { p.KMSMachineName = "kms.contoso.com:1688" })},
			nil, []string{IDLicenseKMSNameWrong, IDLicenseOK}, "slmgr.vbs /skms azkms.core.windows.net:1688"},
		{"azure discovered wrong name", "china", []evidence.Product{with(prod(dc, "VOLUME_KMSCLIENT", evidence.StatusLicensed, "20348"), func(p *evidence.Product) { p.KMSDiscoveredName = "kms.contoso.com:1688" })},
			nil, []string{IDLicenseKMSNameWrong, IDLicenseOK}, "slmgr.vbs /skms azkms.core.chinacloudapi.cn:1688"},
		{"azure right name", "public", []evidence.Product{with(prod(dc, "VOLUME_KMSCLIENT", evidence.StatusLicensed, "20348"), func(p *evidence.Product) { p.KMSMachineName = "kms.core.windows.net:1688" })},
			nil, []string{IDLicenseOK}, ""},
		{"azure right address", "public", []evidence.Product{with(prod(dc, "VOLUME_KMSCLIENT", evidence.StatusLicensed, "20348"), func(p *evidence.Product) { p.KMSMachineName = "20.118.99.224:1688" })},
			nil, []string{IDLicenseOK}, ""},
		{"wrong name without azure is not judged", "", []evidence.Product{with(prod(dc, "VOLUME_KMSCLIENT", evidence.StatusLicensed, "20348"), func(p *evidence.Product) { p.KMSMachineName = "kms.contoso.com:1688" })},
			nil, []string{IDLicenseOK}, ""},
		// A host's count alone is no refusal (a new host shows 0): info.
		{"kms count 3", "", []evidence.Product{with(prod(std, "VOLUME_KMS_WS19", evidence.StatusLicensed, "17763"), func(p *evidence.Product) { p.KMSHost = &evidence.KMSHostInfo{CurrentCount: 3} })},
			nil, []string{IDKMSHostCount, IDLicenseOK}, ""},
		{"kms count 3 and a client refused", "", []evidence.Product{
			with(prod(std, "VOLUME_KMS_WS19", evidence.StatusLicensed, "17763"), func(p *evidence.Product) { p.KMSHost = &evidence.KMSHostInfo{CurrentCount: 3} }),
			prod(dc, "VOLUME_KMSCLIENT", evidence.StatusNotification, "17763")},
			nil, []string{IDKMSCountInsufficient, IDLicenseOK, IDLicenseNotification}, "slmgr.vbs /dlv"},
		{"kms count 10 with client os", "", []evidence.Product{
			with(prod(std, "VOLUME_KMS_WS19", evidence.StatusLicensed, "17763"), func(p *evidence.Product) { p.KMSHost = &evidence.KMSHostInfo{CurrentCount: 10} }),
			prod(ent, "VOLUME_KMSCLIENT", evidence.StatusOOBGrace, "19045")},
			nil, []string{IDKMSCountInsufficient, IDLicenseOK, IDLicenseGrace}, ""},
		{"kms count 10 servers only", "", []evidence.Product{
			with(prod(std, "VOLUME_KMS_WS19", evidence.StatusLicensed, "17763"), func(p *evidence.Product) { p.KMSHost = &evidence.KMSHostInfo{CurrentCount: 10} }),
			prod(dc, "VOLUME_KMSCLIENT", evidence.StatusLicensed, "17763")},
			nil, []string{IDLicenseOK}, ""},
		{"kms count 25", "", []evidence.Product{with(prod(std, "VOLUME_KMS_WS19", evidence.StatusLicensed, "17763"), func(p *evidence.Product) { p.KMSHost = &evidence.KMSHostInfo{CurrentCount: 25} })},
			nil, []string{IDLicenseOK}, ""},
		{"host 2012 r2 cannot serve win11", "", []evidence.Product{
			with(prod(std, "VOLUME_KMS_2012-R2_WIN", evidence.StatusLicensed, "9600"), func(p *evidence.Product) { p.KMSHost = &evidence.KMSHostInfo{CurrentCount: 50} }),
			prod(ent, "VOLUME_KMSCLIENT", evidence.StatusOOBGrace, "22631")},
			nil, []string{IDKMSHostTooOld, IDLicenseOK, IDLicenseGrace}, ""},
		{"host 2019 needs update for ws2025", "", []evidence.Product{
			with(prod(std, "VOLUME_KMS_WS19", evidence.StatusLicensed, "17763"), func(p *evidence.Product) { p.KMSHost = &evidence.KMSHostInfo{CurrentCount: 50} }),
			prod(dc, "VOLUME_KMSCLIENT", evidence.StatusOOBGrace, "26100")},
			nil, []string{IDKMSHostTooOld, IDLicenseOK, IDLicenseGrace}, ""},
		{"office client does not need 25 or a newer windows host", "", []evidence.Product{
			with(prod(std, "VOLUME_KMS_2012-R2_WIN", evidence.StatusLicensed, "9600"), func(p *evidence.Product) { p.KMSHost = &evidence.KMSHostInfo{CurrentCount: 10} }),
			prod("Office 16, Office16ProPlus2021VL_KMS_Client_AE edition", "VOLUME_KMSCLIENT", evidence.StatusLicensed, "22631")},
			nil, []string{IDLicenseOK}, ""},
		{"host 2022 serves win10", "", []evidence.Product{
			with(prod(std, "VOLUME_KMS_WS22", evidence.StatusLicensed, "20348"), func(p *evidence.Product) { p.KMSHost = &evidence.KMSHostInfo{CurrentCount: 50} }),
			prod(ent, "VOLUME_KMSCLIENT", evidence.StatusLicensed, "19045")},
			nil, []string{IDLicenseOK}, ""},
		{"office notification uses ospp", "", []evidence.Product{prod("Office 16, Office16ProPlusVL_KMS_Client edition", "VOLUME_KMSCLIENT", evidence.StatusNotification, "")},
			nil, []string{IDLicenseNotification}, `cscript "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /act`},
		{"office on azure keeps its own kms host", "public", []evidence.Product{with(prod("Office 16, Office16ProPlus2021VL_KMS_Client_AE edition", "VOLUME_KMSCLIENT", evidence.StatusLicensed, ""), func(p *evidence.Product) { p.KMSMachineName = "kms01:1688" })},
			nil, []string{IDLicenseOK}, ""},
		{"office mak on azure is fine", "public", []evidence.Product{prod("Office 16, Office16ProPlusVL_MAK edition", "VOLUME_MAK", evidence.StatusLicensed, "")},
			nil, []string{IDLicenseOK}, ""},
		{"office retail with a kms host set", "", []evidence.Product{with(prod("Office 16, Office16ProPlusR_Retail edition", "RETAIL", evidence.StatusLicensed, ""), func(p *evidence.Product) { p.KMSMachineName = "kms01:1688" })},
			nil, []string{IDLicenseChannelNotKMS, IDLicenseOK}, ""}, // retail Office: no KMS client key applies (fix.office.not_volume)
		{"office mak with a kms host set gets its published key", "", []evidence.Product{with(prod("Office 16, Office16ProPlusVL_MAK edition", "VOLUME_MAK", evidence.StatusLicensed, ""), func(p *evidence.Product) { p.KMSMachineName = "kms01:1688" })},
			nil, []string{IDLicenseChannelNotKMS, IDLicenseOK}, `cscript "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /inpkey:XQNVK-8JYDB-WJ9W3-YJ8YR-WFG99`},
		{"office 2019 mak: Office16 folder, 2019 key", "", []evidence.Product{with(prod("Office 19, Office19ProPlus2019VL_MAK_AE edition", "VOLUME_MAK", evidence.StatusLicensed, ""), func(p *evidence.Product) { p.KMSMachineName = "kms01:1688" })},
			nil, []string{IDLicenseChannelNotKMS, IDLicenseOK}, `cscript "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /inpkey:NMMKJ-6RK4F-KMJVX-8D9MJ-6MWKP`},
		{"office 2013 on windows 7: Office15 and osppsvc", "", []evidence.Product{
			with(prod("Windows(R) 7, Enterprise edition", "VOLUME_KMSCLIENT", evidence.StatusLicensed, "7601"), func(p *evidence.Product) { p.PartialKey = "HVTHH" }),
			with(prod("Office 15, OfficeProPlusVL_KMS_Client edition", "VOLUME_KMSCLIENT", evidence.StatusOOBGrace, ""), func(p *evidence.Product) { p.PartialKey = "GVGXT" })},
			nil, []string{IDLicenseOK, IDLicenseGrace}, "sc query osppsvc"},
		{"office 2013 grace: Office15 folder", "", []evidence.Product{with(prod("Office 15, OfficeProPlusVL_KMS_Client edition", "VOLUME_KMSCLIENT", evidence.StatusOOBGrace, ""), func(p *evidence.Product) { p.PartialKey = "GVGXT" })},
			nil, []string{IDLicenseGrace}, `cscript "%ProgramFiles%\Microsoft Office\Office15\OSPP.VBS" /act`},
		{"office 2016 on windows 11: sppsvc", "", []evidence.Product{
			with(prod(pro, "VOLUME_KMSCLIENT", evidence.StatusLicensed, build), func(p *evidence.Product) { p.PartialKey = "T83GX" }),
			with(prod("Office 16, Office16ProPlusVL_KMS_Client edition", "VOLUME_KMSCLIENT", evidence.StatusNotification, ""), func(p *evidence.Product) { p.PartialKey = "WFG99" })},
			nil, []string{IDLicenseOK, IDLicenseNotification}, "sc query sppsvc"},
		{"microsoft 365 apps with a kms host set", "", []evidence.Product{with(prod("Office 16, Office16O365ProPlusR_Subscription1 edition", "TIMEBASED_SUB", evidence.StatusOOBGrace, ""), func(p *evidence.Product) { p.PartialKey = "M96P2"; p.KMSMachineName = "kms01:1688" })},
			nil, []string{IDOfficeSubscription}, `powershell -NoProfile -ExecutionPolicy Bypass -File "%ProgramFiles%\Microsoft Office\Office16\vnextdiag.ps1" -action list`},
		{"microsoft 365 apps licensed is information", "", []evidence.Product{with(prod("Office 16, Office16O365ProPlusR_Subscription1 edition", "TIMEBASED_SUB", evidence.StatusLicensed, ""), func(p *evidence.Product) { p.PartialKey = "M96P2" })},
			nil, []string{IDOfficeSubscription}, ""},
		// An installed key (Partial Product Key shown) that is Unlicensed:
		// license.unlicensed. The ESU add-on rows follow real /dlv blocks
		// (massgravel/Microsoft-Activation-Scripts issue 1084: Year6 MAK
		// Unlicensed; alygcode/windows10esu issue 3: Year1 MAK Licensed);
		// an add-on's MAK gets no KMS advice (no license.channel.not_kms,
		// no KMS step), even with a KMS host set for Windows.
		{"esu add-on mak unlicensed (real)", "", []evidence.Product{with(prod("Windows(R), Client-ESU-Year6 add-on", "VOLUME_MAK", evidence.StatusUnlicensed, "19045"), func(p *evidence.Product) {
			p.PartialKey = "C4CBG"
			p.ActivationID = "0b533b5e-08b6-44f9-b885-c2de291ba456"
		})}, nil, []string{IDLicenseUnlicensed}, "slmgr.vbs /ato 0b533b5e-08b6-44f9-b885-c2de291ba456"},
		{"esu add-on licensed is ok (real)", "", []evidence.Product{with(prod("Windows(R), Client-ESU-Year1 add-on for Education,EducationN,Enterprise", "VOLUME_MAK", evidence.StatusLicensed, "19045"), func(p *evidence.Product) {
			p.PartialKey = "4C6R8"
			p.ActivationID = "f520e45e-7413-4a34-a497-d2765967d094"
		})}, nil, []string{IDLicenseOK}, ""},
		{"esu add-on beside a kms client windows (constructed)", "", []evidence.Product{
			with(prod(ent, "VOLUME_KMSCLIENT", evidence.StatusLicensed, "19045"), func(p *evidence.Product) { p.PartialKey = "NPPR9"; p.KMSMachineName = "kms01:1688" }),
			with(prod("Windows(R), Client-ESU-Year2 add-on", "VOLUME_MAK", evidence.StatusUnlicensed, "19045"), func(p *evidence.Product) {
				p.PartialKey = "AAAAA"
				p.KMSMachineName = "kms01:1688"
			})}, nil, []string{IDLicenseOK, IDLicenseUnlicensed}, "slmgr.vbs /dlv"},
		{"kms client key unlicensed (constructed)", "", []evidence.Product{with(prod(ent, "VOLUME_KMSCLIENT", evidence.StatusUnlicensed, build), func(p *evidence.Product) { p.PartialKey = "NPPR9" })},
			nil, []string{IDLicenseUnlicensed}, "slmgr.vbs /ato"},
		{"office mak unlicensed uses ospp (constructed)", "", []evidence.Product{with(prod("Office 16, Office16ProPlusVL_MAK edition", "VOLUME_MAK", evidence.StatusUnlicensed, ""), func(p *evidence.Product) { p.PartialKey = "AAAAA" })},
			nil, []string{IDLicenseUnlicensed}, `cscript "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /act`},
		{"unlicensed without a key is an uninstalled sku (constructed)", "", []evidence.Product{prod(pro, "RETAIL", evidence.StatusUnlicensed, build)},
			nil, nil, ""},
		{"dlv all lists uninstalled skus", "public", []evidence.Product{
			prod(pro, "RETAIL", evidence.StatusUnlicensed, build),
			prod(std, "VOLUME_KMS_WS22", evidence.StatusUnlicensed, "20348"),
			with(prod(ent, "VOLUME_KMSCLIENT", evidence.StatusLicensed, build), func(p *evidence.Product) { p.PartialKey = "2YT43"; p.KMSMachineName = "kms.core.windows.net:1688" })},
			nil, []string{IDLicenseOK}, ""},
		{"unlicensed with a key installed is judged", "public", []evidence.Product{with(prod(pro, "RETAIL", evidence.StatusUnlicensed, build), func(p *evidence.Product) { p.PartialKey = "3V66T" })},
			nil, []string{IDLicenseChannelNotKMS, IDLicenseUnlicensed}, "slmgr.vbs /ipk W269N-WFGWX-YVC9B-4J6C9-T83GX"},
		{"tokens corrupt", "", nil, []string{"0xC004E015"}, []string{IDTokensCorrupt}, "slmgr.vbs /rilc"},
		{"activation error", "", nil, []string{"0xC004F074"}, []string{IDLicenseActivationError}, "kmsdoctor check"},
		{"unknown code", "", nil, []string{"0xC004F050"}, []string{IDLicenseActivationError}, "kmsdoctor explain 0xC004F050"},
		{"nothing", "", nil, nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &evidence.Set{Context: evidence.Context{AzureCloud: tt.azure}, Products: tt.prods}
			for _, c := range tt.codes {
				s.Codes = append(s.Codes, evidence.CodeSeen{Code: c, Context: "Error: " + c, Source: licSrc})
			}
			for _, lang := range i18n.Langs {
				r := report.New("analyze", time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
				runLang(s, lang, r)
				var got []string
				for _, f := range r.Findings {
					if slices.Contains(licenseIDs, f.ID) && !slices.Contains(got, f.ID) {
						got = append(got, f.ID)
					}
					if strings.Contains(f.Title+f.Detail+strings.Join(f.Fix, ""), "[") && strings.Contains(f.Title+f.Detail, "[finding.") {
						t.Errorf("%s: missing catalogue text: %q / %q", lang, f.Title, f.Detail)
					}
					if strings.Contains(f.Title+f.Detail+strings.Join(f.Fix, ""), "{") {
						t.Errorf("%s: unfilled placeholder: %q / %q / %q", lang, f.Title, f.Detail, f.Fix)
					}
					if strings.Contains(strings.Join(f.Fix, ""), "[fix.") {
						t.Errorf("%s: missing catalogue text in fix %q", lang, f.Fix)
					}
					if len(f.Sources) == 0 {
						t.Errorf("%s: finding %s cites no source", lang, f.ID)
					}
				}
				if strings.Contains(tt.name, "esu add-on") {
					// An ESU key is a MAK: no KMS advice for it.
					for _, f := range r.Findings {
						if f.ID != IDLicenseUnlicensed {
							continue
						}
						for _, c := range f.Commands {
							if strings.Contains(c, "/skms") || strings.Contains(c, "/ipk") || strings.Contains(c, "kmsdoctor check") {
								t.Errorf("%s: KMS advice for an ESU add-on: %q", lang, c)
							}
						}
					}
				}
				want := append([]string(nil), tt.want...)
				sort.Strings(got)
				sort.Strings(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s: ids %v, want %v", lang, got, want)
				}
				if tt.command != "" {
					found := false
					for _, f := range r.Findings {
						if slices.Contains(f.Commands, tt.command) {
							found = true
						}
					}
					if !found {
						t.Errorf("%s: no finding offers %q", lang, tt.command)
					}
				}
			}
		})
	}
}
