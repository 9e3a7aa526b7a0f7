package diagnose

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

func codeSeen(c string) evidence.CodeSeen {
	return evidence.CodeSeen{Code: c, Context: "Error: " + c, Source: report.Source{File: "ato.txt", Line: 3}}
}

func hostReq(hr, client string, day int) evidence.Event {
	return evidence.Event{Provider: "Microsoft-Windows-Security-SPP", EventID: 12290, Computer: "kms1",
		Time:   time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC),
		Data:   []string{hr + ",25," + client + ",36f27b39-0000-0000-0000-0000000000" + string(rune('0'+day%10)) + "1,2024/01/01 00:00,0,2,43200,73111121-5638-40f6-bc11-f1d7b0d64300"},
		Source: report.Source{File: "host.xml", Line: day}}
}

func TestCodesInferred(t *testing.T) {
	tests := []struct {
		name     string
		set      evidence.Set
		primary  string
		inferred string // the id that must carry inferred_from, "" for none
		absent   []string
	}{
		{"count code alone", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F038")}}, IDKMSCountInsufficient, IDKMSCountInsufficient, nil},
		{"srv code alone", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0x8007232B")}}, IDDNSSRVMissing, IDDNSSRVMissing, nil},
		{"srv code contradicted by a found record", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0x8007232B")},
			SRV: []evidence.SRVLookup{srvFound("corp.test", "kms1.corp.test")}}, IDLicenseActivationError, "", []string{IDDNSSRVMissing}},
		{"time code alone", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F06C")}}, IDTimeSkew, IDTimeSkew, nil},
		{"time code contradicted by a measured clock", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F06C")},
			Clock: []evidence.ClockSample{{Server: "ntp", Offset: time.Minute}}}, IDLicenseActivationError, "", []string{IDTimeSkew}},
		{"access denied", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0x80070005")}}, IDLicenseAccessDenied, IDLicenseAccessDenied, nil},
		{"host too old", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F042")}}, IDKMSHostTooOld, IDKMSHostTooOld, nil},
		{"key channel", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F035")}}, IDLicenseChannelNotKMS, IDLicenseChannelNotKMS, nil},
		{"F074 alone is not determined", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F074")}}, IDKMSContactUndecided, IDKMSContactUndecided, nil},
		{"F074, NXDOMAIN and a blocked port is the port", evidence.Set{Codes: []evidence.CodeSeen{codeSeen("0xC004F074")},
			SRV: []evidence.SRVLookup{{Domain: "corp.test", Resolver: "10.0.0.10", Outcome: evidence.DNSNXDomain, Rcode: "NXDOMAIN", Source: fileSrc}},
			TCP: []evidence.TCPProbe{{Host: "kms1.corp.test", Port: 1688, Sent: 1, Outcome: evidence.TCPTimeout, Source: fileSrc}}},
			IDTCPTimeout, "", []string{IDKMSContactUndecided}},
		{"host 12290 with the clock code", evidence.Set{Events: []evidence.Event{hostReq("0xC004F06C", "pc1.corp.test", 2)}}, IDTimeSkew, IDTimeSkew, nil},
		{"one 12290 does not prove a low count", evidence.Set{Events: []evidence.Event{hostReq("0x0", "pc1.corp.test", 2)}}, "", "", []string{IDKMSCountInsufficient}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range i18n.Langs {
				r := runPrimary(t, tt.set, lang, tt.primary)
				for _, f := range r.Findings {
					if slices.Contains(tt.absent, f.ID) {
						t.Errorf("%s: %s raised: %v", lang, f.ID, ids(r))
					}
					if f.ID == tt.inferred && f.InferredFrom == "" {
						t.Errorf("%s: %s without inferred_from", lang, f.ID)
					}
					if strings.Contains(f.Title+f.Detail+strings.Join(f.Fix, ""), "{") {
						t.Errorf("%s: unfilled placeholder in %s: %q", lang, f.ID, f.Detail)
					}
				}
				if tt.inferred != "" && !slices.Contains(ids(r), tt.inferred) {
					t.Errorf("%s: %s missing from %v", lang, tt.inferred, ids(r))
				}
			}
		})
	}
}

// TestFixesThatFix: tcp.timeout says what to open and where, and never
// asks to run the failed test again; Office 2019's ospp.vbs is in Office16.
func TestFixesThatFix(t *testing.T) {
	s := &evidence.Set{TCP: []evidence.TCPProbe{{Host: "kms1.corp.test", Port: 1688, Sent: 1, Outcome: evidence.TCPTimeout, Source: fileSrc}}}
	r := report.New("analyze", time.Unix(0, 0))
	Run(s, r)
	var runs []string
	for _, st := range r.Findings[0].Steps {
		runs = append(runs, st.Run)
	}
	all := strings.Join(runs, "\n")
	for _, want := range []string{"New-NetFirewallRule -DisplayName 'KMS (TCP 1688)' -Direction Inbound -Protocol TCP -LocalPort 1688 -Action Allow",
		"netsh advfirewall firewall add rule", "sc query sppsvc", "tracert -d kms1.corp.test"} {
		if !strings.Contains(all, want) {
			t.Errorf("tcp.timeout fix lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Test-NetConnection") {
		t.Errorf("tcp.timeout fix runs the failed test again:\n%s", all)
	}
	for _, name := range []string{"Office 16, Office16ProPlusVL_KMS_Client edition", "Office 19, Office19ProPlus2019VL_KMS_Client_AE edition",
		"Office 21, Office21ProPlus2021VL_KMS_Client_AE edition", "Office 24, Office24ProPlus2024VL_KMS_Client_AE edition"} {
		st := ospp(&evidence.Product{Name: name}, report.Read, lit("/dstatus"))
		if st.Run != `cscript "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /dstatus` {
			t.Errorf("%s: %s", name, st.Run)
		}
	}
	if st := ospp(&evidence.Product{Name: "Office 15, OfficeProPlusVL_KMS_Client edition"}, report.Read); !strings.Contains(st.Run, `\Office15\`) {
		t.Errorf("Office 2013: %s", st.Run)
	}
	if steps := osppNote([]report.Step{ospp(&evidence.Product{Name: "Office 19, x"}, report.Read)}); len(steps) != 2 || steps[1].Say.Key != "fix.office.x86" {
		t.Errorf("no 32-bit note: %+v", steps)
	}
}

// TestADBA: event 12308 is Active Directory-based activation; a KMS count
// problem is never raised next to it.
func TestADBA(t *testing.T) {
	adba := evidence.Event{Provider: "Microsoft-Windows-Security-SPP", EventID: 12308, Computer: "pc1.corp.test",
		Time: time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC), Source: report.Source{File: "app.xml", Line: 9}}
	s := &evidence.Set{Events: []evidence.Event{adba}, Codes: []evidence.CodeSeen{codeSeen("0xC004F038")}}
	r := report.New("analyze", time.Unix(0, 0))
	runLang(s, i18n.JA, r)
	got := ids(r)
	if !slices.Contains(got, IDLicenseADBA) || slices.Contains(got, IDKMSCountInsufficient) {
		t.Errorf("findings %v", got)
	}
	s = &evidence.Set{Events: []evidence.Event{adba}}
	r = report.New("analyze", time.Unix(0, 0))
	runLang(s, i18n.EN, r)
	if r.Verdict.Status != report.StatusOK || r.Verdict.Stages[report.StageLicense] != report.StageOK {
		t.Errorf("verdict %+v", r.Verdict)
	}
}

// TestADBAFromSlmgr: the AD activation block of slmgr /dlv and the objects
// of /ao-list raise license.adba; a product activated through AD never gets
// a KMS count problem (not from 0xC004F038, not from a host's low count),
// and the next steps ask for no KMS host.
func TestADBAFromSlmgr(t *testing.T) {
	ad := with(prod("Windows(R), ServerStandard edition", "VOLUME_KMSCLIENT", evidence.StatusLicensed, "20348"), func(p *evidence.Product) {
		p.AD = &evidence.ADActivation{ObjectName: "WS2022-VL", DN: "CN=WS2022-VL,CN=Activation Objects", Source: report.Source{File: "dlv.txt", Line: 18}}
		p.ExpiryMinutes = 200000
	})
	host := with(prod("Windows(R), ServerDatacenter edition", "VOLUME_KMS_2012R2", evidence.StatusLicensed, "9600"), func(p *evidence.Product) {
		p.KMSHost = &evidence.KMSHostInfo{CurrentCount: 3, ListeningPort: 1688}
	})
	s := &evidence.Set{Products: []evidence.Product{ad, host}, Codes: []evidence.CodeSeen{codeSeen("0xC004F038")}}
	r := report.New("analyze", time.Unix(0, 0))
	runLang(s, i18n.EN, r)
	got := ids(r)
	if !slices.Contains(got, IDLicenseADBA) || slices.Contains(got, IDKMSCountInsufficient) {
		t.Errorf("findings %v", got)
	}
	for _, st := range r.Verdict.Next {
		if strings.Contains(st.Run, "1688") || strings.Contains(st.Run, "_vlmcs") {
			t.Errorf("next step for a KMS host on an AD-activated machine: %q", st.Run)
		}
	}
	s = &evidence.Set{ActivationObjects: []evidence.ActivationObject{{Name: "WS2022-VL", Source: report.Source{File: "ao.txt", Line: 2}}}}
	r = report.New("analyze", time.Unix(0, 0))
	runLang(s, i18n.JA, r)
	if got := ids(r); !slices.Contains(got, IDLicenseADBA) {
		t.Errorf("ao-list findings %v", got)
	}
}

// TestCodesFromText: a code read from its message text raises the same
// findings, with inferred_from and the evidence saying so; a failure stated
// with no code is license.failure.no_code, and only when no code is seen.
func TestCodesFromText(t *testing.T) {
	fromText := func(c string) evidence.CodeSeen {
		cs := codeSeen(c)
		cs.FromText, cs.Lang = true, "en"
		return cs
	}
	stated := []evidence.StatedFailure{{Context: "Windows activation failed", Source: report.Source{File: "ticket.txt", Line: 2}}}
	tests := []struct {
		name    string
		set     evidence.Set
		primary string
		text    bool // the primary finding rests on a code read from its text
	}{
		{"count text", evidence.Set{Codes: []evidence.CodeSeen{fromText("0xC004F038")}}, IDKMSCountInsufficient, true},
		{"F074 text", evidence.Set{Codes: []evidence.CodeSeen{fromText("0xC004F074")}}, IDKMSContactUndecided, true},
		{"F074 text and code: the code wins", evidence.Set{Codes: []evidence.CodeSeen{fromText("0xC004F074"), codeSeen("0xC004F074")}}, IDKMSContactUndecided, false},
		{"failure stated, no code", evidence.Set{StatedFailures: stated}, IDFailureNoCode, false},
		{"failure stated and a code elsewhere", evidence.Set{StatedFailures: stated, Codes: []evidence.CodeSeen{codeSeen("0xC004F038")}}, IDKMSCountInsufficient, false},
		{"failure stated and a failing TCP test", evidence.Set{StatedFailures: stated,
			TCP: []evidence.TCPProbe{{Host: "kms1.corp.test", Port: 1688, Sent: 1, Outcome: evidence.TCPTimeout, Source: fileSrc}}}, IDTCPTimeout, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range i18n.Langs {
				r := runPrimary(t, tt.set, lang, tt.primary)
				f := r.Findings[0]
				if got := strings.HasSuffix(f.InferredFrom, " (message text)"); got != tt.text {
					t.Errorf("%s: inferred_from %q", lang, f.InferredFrom)
				}
				if got := f.Evidence["read_from"] == "message_text"; got != tt.text {
					t.Errorf("%s: evidence %v", lang, f.Evidence)
				}
				if strings.Contains(f.Title+f.Detail+strings.Join(f.Fix, ""), "{") {
					t.Errorf("%s: unfilled placeholder in %s: %q", lang, f.ID, f.Detail)
				}
				if f.ID == IDFailureNoCode && !strings.Contains(strings.Join(f.Commands, "\n"), "slmgr.vbs /dlv") {
					t.Errorf("%s: %s gives no command: %v", lang, f.ID, f.Commands)
				}
				if slices.Contains(ids(r), IDFailureNoCode) != (tt.primary == IDFailureNoCode || (len(tt.set.Codes) == 0 && len(tt.set.StatedFailures) > 0)) {
					t.Errorf("%s: %s raised wrongly: %v", lang, IDFailureNoCode, ids(r))
				}
			}
		})
	}
}

// runPrimary runs the rules on a copy of set in lang and fails t when the
// verdict's primary finding is not primary.
func runPrimary(t *testing.T, set evidence.Set, lang i18n.Lang, primary string) *report.Report {
	t.Helper()
	r := report.New("analyze", time.Unix(0, 0))
	runLang(&set, lang, r)
	if r.Verdict.Primary != primary {
		t.Fatalf("%s: primary %q, want %q; findings %v", lang, r.Verdict.Primary, primary, ids(r))
	}
	return r
}
