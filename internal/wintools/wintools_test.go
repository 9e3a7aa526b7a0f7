package wintools

import (
	"os"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type reader struct {
	name   string
	detect func(string) bool
	read   func(string, int, string, *evidence.Set) error
}

var readers = []reader{
	{"systeminfo", DetectSysteminfo, ReadSysteminfo},
	{"dism", DetectDism, ReadDism},
	{"pslist", DetectPSList, ReadPSList},
}

// TestReaders: each input is taken by exactly the readers listed, and
// what they note. Inputs not from testdata are constructed.
func TestReaders(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		by       string // the reader that takes it, "" for none
		detail   string // the first note's Detail
		line     int
	}{
		{"systeminfo, real", read(t, "en_systeminfo_win7_parallels_notkms_wes2_partial.txt"), "systeminfo", "systeminfo: Microsoft Windows 7 Professional", 13},
		{"systeminfo fields from a script, real", read(t, "en_systeminfo_os_name_version_notkms_winvind214_partial.txt"), "systeminfo", "systeminfo: Microsoft Windows 11 Enterprise", 1},
		{"systeminfo in French", "Nom de l'hôte:                              WIN-JBSO216CKQM\nNom du système d'exploitation:              Microsoft Windows 7 Entreprise N\nVersion du système:                         6.1.7601 Service Pack 1 version 7601\nFabricant du système d'exploitation:        Microsoft Corporation\n", "systeminfo", "systeminfo: Microsoft Windows 7 Entreprise N", 2},
		{"systeminfo | findstr OS", "OS Name:                   Microsoft Windows Server 2012 R2 Datacenter\nOS Version:                6.3.9600 N/A Build 9600\n", "systeminfo", "systeminfo: Microsoft Windows Server 2012 R2 Datacenter", 1},
		{"systeminfo hotfixes only", "Hotfix(s):                 3 Hotfix(s) Installed.\n                           [01]: KB2868626\n                           [02]: KB2883200\n                           [03]: KB2887595\n", "systeminfo", "systeminfo", 1},
		{"dism, real", read(t, "en_dism_currentedition_serverstandard_notkms_wsdocs454_partial.txt"), "dism", "dism: edition ServerStandard", 8},
		{"dism targets", "Editions that can be upgraded to:\n\nTarget Edition : ServerStandard\nTarget Edition : ServerDatacenter\n\nThe operation completed successfully.\n", "dism", "dism: target editions ServerStandard, ServerDatacenter", 3},
		{"Get-WindowsEdition", "PS C:\\> Get-WindowsEdition -Online\n\nEdition : ServerDatacenterEvalCor\n", "dism", "dism: edition ServerDatacenterEvalCor", 3},
		{"Win32_Product list, real", read(t, "en_wmi_win32_product_office_c2r_notkms_msiquery7_partial.txt"), "pslist", "PowerShell list: IdentifyingNumber, Name, Vendor, Version, Caption (5 records)", 4},
		// Not theirs.
		{"prose naming Windows", "I run Microsoft Windows 10 on a Dell; Microsoft Corporation says it is fine.\n", "", "", 0},
		{"slmgr /dlv", "Name: Windows(R), Professional edition\nDescription: Windows(R) Operating System, VOLUME_KMSCLIENT channel\nLicense Status: Licensed\n", "", "", 0},
		{"Test-NetConnection", "ComputerName     : kms.example.test\nRemoteAddress    : 10.0.0.5\nRemotePort       : 1688\nTcpTestSucceeded : True\n", "", "", 0},
		{"licensing list", "Name          : Windows(R), Professional edition\nLicenseStatus : 1\nPartialProductKey : F6YP2\n", "", "", 0},
		{"an edition in words", "My Current Edition : Professional is fine\n", "", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, r := range readers {
				if got := r.detect(tc.in); got != (r.name == tc.by) {
					t.Fatalf("%s Detect = %v", r.name, got)
				}
				if r.name != tc.by {
					continue
				}
				var s evidence.Set
				if err := r.read("f", 1, tc.in, &s); err != nil {
					t.Fatal(err)
				}
				if len(s.Notes) == 0 || s.Notes[0].Kind != evidence.NoteOtherTool || s.Notes[0].Detail != tc.detail || s.Notes[0].Source.Line != tc.line {
					t.Errorf("notes %+v", s.Notes)
				}
			}
		})
	}
}

// TestEvaluationEdition: an evaluation edition ID (the current one, never
// a target) is noted as such (constructed, in the layouts of dism's and
// Get-WindowsEdition's real outputs; heldout11's wsdocs7017 is the real one).
func TestEvaluationEdition(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // the evaluation edition noted, "" for none
	}{
		{"Current edition is:\n\nCurrent Edition : ServerStandardEvalCor\n\nThe operation completed successfully.\n", "ServerStandardEvalCor"},
		{"Current Edition : ServerDatacenterEval\n", "ServerDatacenterEval"},
		{"PS C:\\> Get-WindowsEdition -Online\n\nEdition : EnterpriseEval\n", "EnterpriseEval"},
		{"Current Edition : EnterpriseSEval\n", "EnterpriseSEval"},
		{"Current Edition : ServerStandard\n", ""},
		{"Current Edition : ServerStandardEvalCor\n", "ServerStandardEvalCor"},
		{"Editions that can be upgraded to:\n\nTarget Edition : ServerDatacenterEvalCor\n", ""},
	} {
		var s evidence.Set
		if err := ReadDism("f", 1, tc.in, &s); err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, n := range s.Notes {
			if n.Kind == evidence.NoteEvaluationEdition {
				got = n.Detail
			}
		}
		if got != tc.want {
			t.Errorf("%q: evaluation %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzReaders(f *testing.F) {
	for _, seed := range []string{"OS Name: Microsoft Windows 7\nOS Version: 6.1.7601 Service Pack 1 Build 7601\n",
		"Current Edition : ServerStandard\n", "A : b\nCc : d\nEe : f\n", strings.Repeat("[01]: KB1234567\n", 3)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, r := range readers {
			if r.detect(text) {
				var s evidence.Set
				_ = r.read("f", 1, text, &s)
			}
		}
	})
}
