package diagnose

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// officeHostIDs are the ids of the Office host, history and events rules.
var officeHostIDs = []string{IDOfficeHostPacks, IDOfficeHostPackMissing, IDOfficeHostNoKey, IDOfficeHostNotActive,
	IDOfficeHostOSTooOld, IDOfficeHostCount, IDKMSCountInsufficient, IDOfficeHistoryFailing, IDOfficeHistoryRecovered,
	IDOfficeHistoryOK, IDOfficeHistoryNone, IDOfficeEventsFailing, IDOfficeEventsRecovered, IDOfficeEventsOK,
	IDLicenseActivationError, IDEventsPersistent, IDEventsFailing}

func officeIDs(r *report.Report) []string {
	var ids []string
	for _, f := range r.Findings {
		if slices.Contains(officeHostIDs, f.ID) && !slices.Contains(ids, f.ID) {
			ids = append(ids, f.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

func hostLicence(name, actID, status, key string, count int) evidence.Product {
	return with(prod(name, "VOLUME_KMS", status, ""), func(p *evidence.Product) {
		p.ActivationID, p.PartialKey = actID, key
		if count >= 0 {
			p.KMSHost = &evidence.KMSHostInfo{CurrentCount: count}
		}
	})
}

func TestOfficeHostRules(t *testing.T) {
	const (
		id16 = "98EBFE73-2084-4C97-932C-C0CD1643BEA7"
		id19 = "70512334-47b4-44db-a233-be5ea33b914c"
		id21 = "47f3b983-7c53-4d45-abc6-bcd91e2dd90a"
		id24 = "f3d89bbf-c0ec-47ce-a8fa-e5a5f97e447f"
	)
	ws := func(build string) evidence.Product {
		return with(prod("Windows(R), ServerStandard edition", "VOLUME_KMS_WS16", evidence.StatusLicensed, build), func(p *evidence.Product) {
			p.PartialKey = "P2CFH"
			p.KMSHost = &evidence.KMSHostInfo{CurrentCount: 30}
		})
	}
	client21 := with(prod("Office 21, Office21ProPlus2021VL_KMS_Client_AE edition", "VOLUME_KMSCLIENT", evidence.StatusOOBGrace, ""),
		func(p *evidence.Product) { p.PartialKey = "6F7TH" })
	tests := []struct {
		name   string
		prods  []evidence.Product
		want   []string
		detail map[string]string // id -> an argument value it must carry
	}{
		{"no office host licence", []evidence.Product{ws("14393")}, nil, nil},
		{"2016 only", []evidence.Product{ws("14393"), hostLicence("Office 16, OfficeKMSHostVL_KMS_Host edition", id16, evidence.StatusLicensed, "KDQ2G", 10)},
			[]string{IDOfficeHostPacks}, map[string]string{IDOfficeHostPacks: "2016"}},
		// Each pack activates its own version: a 2016 host does not
		// activate LTSC 2021 clients (Microsoft: a pack and a key per version).
		{"2016 host, LTSC 2021 client", []evidence.Product{ws("14393"), hostLicence("Office 16, OfficeKMSHostVL_KMS_Host edition", id16, evidence.StatusLicensed, "KDQ2G", 10), client21},
			[]string{IDOfficeHostPackMissing, IDOfficeHostPacks}, map[string]string{IDOfficeHostPackMissing: "LTSC 2021"}},
		{"2021 host, LTSC 2021 client", []evidence.Product{ws("14393"), hostLicence("Office 21, Office21KMSHostVL_KMS_Host edition", id21, evidence.StatusLicensed, "4FJ9R", 10), client21},
			[]string{IDOfficeHostPacks}, nil},
		{"pack without key", []evidence.Product{ws("14393"), hostLicence("Office 19, Office19KMSHostVL_KMS_Host edition", id19, evidence.StatusUnlicensed, "", -1)},
			[]string{IDOfficeHostNoKey, IDOfficeHostPacks}, nil},
		{"key not activated", []evidence.Product{ws("20348"), hostLicence("Office 24, Office24KMSHostVL_KMS_Host edition", id24, evidence.StatusNotification, "7YC2D", -1)},
			[]string{IDOfficeHostNotActive, IDOfficeHostPacks}, nil},
		{"2024 on Server 2016", []evidence.Product{ws("14393"), hostLicence("Office 24, Office24KMSHostVL_KMS_Host edition", id24, evidence.StatusLicensed, "7YC2D", 10)},
			[]string{IDOfficeHostOSTooOld, IDOfficeHostPacks}, map[string]string{IDOfficeHostOSTooOld: "Windows Server 2022"}},
		// Office's threshold is 5 whatever the clients: a count of 3 is
		// office.kmshost.count, never kms.count.insufficient (25 or 5).
		{"office count 3", []evidence.Product{ws("20348"), hostLicence("Office 21, Office21KMSHostVL_KMS_Host edition", id21, evidence.StatusLicensed, "4FJ9R", 3)},
			[]string{IDOfficeHostCount, IDOfficeHostPacks}, nil},
		{"office count 7 with a Windows client in the input", []evidence.Product{ws("20348"),
			hostLicence("Office 21, Office21KMSHostVL_KMS_Host edition", id21, evidence.StatusLicensed, "4FJ9R", 7),
			with(prod("Windows(R), Enterprise edition", "VOLUME_KMSCLIENT", evidence.StatusLicensed, "19045"), func(p *evidence.Product) { p.PartialKey = "2YT43" })},
			[]string{IDOfficeHostPacks}, nil},
		{"no licensed host licence", []evidence.Product{ws("14393"), hostLicence("Office 19, Office19KMSHostVL_KMS_Host edition", id19, evidence.StatusUnlicensed, "", -1)},
			[]string{IDOfficeHostNoKey, IDOfficeHostPacks}, map[string]string{IDOfficeHostPacks: "2019"}},
		{"by name alone", []evidence.Product{ws("14393"), hostLicence("Office 16, OfficeKMSHostVL_KMS_Host edition", "", evidence.StatusLicensed, "KDQ2G", 10)},
			[]string{IDOfficeHostPacks}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := report.New("analyze", time.Unix(0, 0))
			Run(&evidence.Set{Products: tt.prods}, r)
			got := officeIDs(r)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("ids %v, want %v", got, want)
			}
			for id, v := range tt.detail {
				found := false
				for _, f := range r.Findings {
					if f.ID != id {
						continue
					}
					for _, m := range []report.Message{f.Message.Title, f.Message.Detail} {
						for _, a := range m.Args {
							if s, ok := a.(string); ok && strings.Contains(s, v) {
								found = true
							}
						}
					}
				}
				if !found {
					t.Errorf("%s carries no argument with %q", id, v)
				}
			}
			// No step prints a host key: only the activation ID of the table.
			for _, f := range r.Findings {
				for _, st := range f.Steps {
					if strings.Contains(st.Run, "/ipk") {
						t.Errorf("%s: step %q installs a key", f.ID, st.Run)
					}
				}
			}
		})
	}
}

func TestOfficeHistoryRules(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }
	req := func(t time.Time, hr uint32, host string) evidence.OfficeKMSRequest {
		return evidence.OfficeKMSRequest{Time: t, HR: hr, Host: host, Source: evidence.Source{File: "h.txt", Line: 1}}
	}
	tests := []struct {
		name string
		reqs []evidence.OfficeKMSRequest
		want string
		dk   string
	}{
		{"none", nil, IDOfficeHistoryNone, ""},
		{"ok", []evidence.OfficeKMSRequest{req(at(1, 8), 0, "kms01")}, IDOfficeHistoryOK, ""},
		{"information code is no failure", []evidence.OfficeKMSRequest{req(at(1, 8), 0x4004F040, "kms01")}, IDOfficeHistoryOK, ""},
		{"recovered", []evidence.OfficeKMSRequest{req(at(1, 8), 0xC004F074, "kms01"), req(at(1, 10), 0, "kms02")}, IDOfficeHistoryRecovered, ""},
		{"failing soon after", []evidence.OfficeKMSRequest{req(at(1, 8), 0, "kms01"), req(at(2, 8), 0xC004F074, "kms01")}, IDOfficeHistoryFailing, "finding.office.kms_history.failing.detail"},
		{"failing past renewal", []evidence.OfficeKMSRequest{req(at(1, 8), 0, "kms01"), req(at(9, 8), 0xC004F074, "kms01")}, IDOfficeHistoryFailing, "finding.office.kms_history.failing.detail_renewal"},
		{"never", []evidence.OfficeKMSRequest{req(at(1, 8), 0xC004F074, "")}, IDOfficeHistoryFailing, "finding.office.kms_history.failing.detail_never"},
		{"expired", []evidence.OfficeKMSRequest{req(at(1, 8).AddDate(0, -7, 0), 0, "kms01"), req(at(1, 8), 0xC004F074, "kms01")}, IDOfficeHistoryFailing, "finding.office.kms_history.failing.detail_expired"},
		// Printed out of order: judged in time order.
		{"out of order", []evidence.OfficeKMSRequest{req(at(2, 8), 0, "kms01"), req(at(1, 8), 0xC004F074, "kms01")}, IDOfficeHistoryRecovered, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := report.New("analyze", time.Unix(0, 0))
			Run(&evidence.Set{OfficeKMSHistory: []evidence.OfficeKMSHistory{{Machine: "PC1", Requests: tt.reqs, Source: evidence.Source{File: "h.txt", Line: 1}}}}, r)
			var f *report.Finding
			for i := range r.Findings {
				if strings.HasPrefix(r.Findings[i].ID, "office.kms_history.") {
					if f != nil {
						t.Fatalf("two history findings: %s, %s", f.ID, r.Findings[i].ID)
					}
					f = &r.Findings[i]
				}
			}
			if f == nil || f.ID != tt.want {
				t.Fatalf("got %v, want %s", f, tt.want)
			}
			if tt.dk != "" && f.Message.Detail.Key != tt.dk {
				t.Errorf("detail %s, want %s", f.Message.Detail.Key, tt.dk)
			}
			for _, st := range f.Steps {
				if strings.Contains(st.Run, "slmgr") {
					t.Errorf("Office history fixed with slmgr: %q", st.Run)
				}
			}
		})
	}
}

// TestOfficeInfoCode: 0x4004F040 on a licensed Office product is
// information (ospp prints it "for information purposes only"): no error.
func TestOfficeInfoCode(t *testing.T) {
	s := &evidence.Set{
		Products: []evidence.Product{with(prod("Office 19, Office19ProPlus2019VL_KMS_Client_AE edition", "VOLUME_KMSCLIENT", evidence.StatusLicensed, ""),
			func(p *evidence.Product) { p.PartialKey = "6MWKP"; p.StatusReason = "0x4004F040" })},
	}
	r := report.New("analyze", time.Unix(0, 0))
	Run(s, r)
	for _, f := range r.Findings {
		if f.Severity == report.Error || f.Severity == report.Warning {
			t.Errorf("%s (%s) for 0x4004F040 on a licensed product", f.ID, f.Severity)
		}
	}
}

// TestOfficeEventsAreOffice: Security-SPP 8198s naming Office's
// application id are Office's failures, not Windows'.
func TestOfficeEventsAreOffice(t *testing.T) {
	ev := func(d int, app string) evidence.Event {
		return evidence.Event{Provider: "Microsoft-Windows-Security-SPP", EventID: 8198, Computer: "PC1",
			Time:   time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC),
			Data:   []string{"hr=0xC004F074", "RuleId=eeba1977-569e-4571-b639-7623d8bfecc0;Action=AutoActivate;AppId=" + app + ";SkuId=85dd8b5f-eaa4-4af3-a628-cce9e77c9a03;NotificationInterval=1440;Trigger=TimerEvent"},
			Source: evidence.Source{File: "e.txt", Line: d}}
	}
	for _, tt := range []struct {
		app  string
		want []string
	}{
		{"0ff1ce15-a989-479d-af46-f275c6370663", []string{IDOfficeEventsFailing}},
		{"55c92734-d682-4d71-983e-d6ec3f16059f", []string{IDEventsPersistent}},
	} {
		r := report.New("analyze", time.Unix(0, 0))
		Run(&evidence.Set{Events: []evidence.Event{ev(1, tt.app), ev(2, tt.app), ev(3, tt.app)}}, r)
		if got := officeIDs(r); !slices.Equal(got, tt.want) {
			t.Errorf("AppId %s: ids %v, want %v", tt.app, got, tt.want)
		}
	}
}
