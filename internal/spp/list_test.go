package spp

import (
	"os"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// The list and table views. The inline inputs are constructed in the shapes
// PowerShell and wmic print (property names and values as in the JSON
// tests); the file is a real paste (testdata/SOURCES.md).
func TestReadList(t *testing.T) {
	real, err := os.ReadFile("testdata/en_cim_softwarelicensingproduct_unlicensed_ansible834_partial.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, in      string
		detect        bool
		products      int
		status, chann string
		reason        string
		line          int
	}{
		{name: "real list, unlicensed, redacted key", in: string(real), detect: true, products: 1,
			status: evidence.StatusUnlicensed, reason: "0xC004F014", line: 1},
		{name: "list with prompt, wrapped command, blank lines", in: "PS C:\\> Get-CimInstance -ClassName SoftwareLicensingProduct | WHERE {$_.PartialProductKey} | SELECT Name, LicenseStatus, ProductK\neyChannel, PartialProductKey\n\n\nName                    : Windows(R), Professional edition\nLicenseFamily           : Professional\nID                      : bd3762d7-270d-4760-8fb3-d829ca45278a\nLicenseStatus           : 1\nProductKeyChannel       : Volume:GVLK\nPartialProductKey       : F6YP2\n\n",
			detect: true, products: 1, status: evidence.StatusLicensed, chann: "VOLUME_KMSCLIENT", line: 5},
		{name: "two records without a blank line", in: "Name : Windows(R), Enterprise edition\nLicenseStatus : 5\nLicenseStatusReason : 3221549105\nPartialProductKey : 2YT43\nName : Office 16, Office16ProPlusVL_KMS_Client edition\nLicenseStatus : 1\nPartialProductKey : WFG99\n",
			detect: true, products: 2, status: evidence.StatusNotification, reason: "0xC004F031", line: 1},
		{name: "wrapped description", in: "Name              : Windows(R), ServerStandard edition\nDescription       : Windows(R) Operating System,\n                    VOLUME_KMSCLIENT channel\nLicenseStatus     : 1\nPartialProductKey : 4C6R8\n",
			detect: true, products: 1, status: evidence.StatusLicensed, chann: "VOLUME_KMSCLIENT", line: 1},
		{name: "table view", in: "Name                                       LicenseStatus PartialProductKey\n----                                       ------------- -----------------\nWindows(R), Professional edition                       1 W269N\nOffice 16, Office16ProPlusVL_KMS_Client edition        2 WFG99\n",
			detect: true, products: 2, status: evidence.StatusLicensed, line: 3},
		{name: "wmic /format:list", in: "\r\n\r\nLicenseStatus=0\r\nName=Windows(R), Core edition\r\nPartialProductKey=3V66T\r\nDescription=Windows(R) Operating System, RETAIL channel\r\n\r\n",
			detect: true, products: 1, status: evidence.StatusUnlicensed, chann: "RETAIL", line: 3},
		{name: "double-spaced web copy", in: "Name : Windows(R), Enterprise edition\n\nLicenseStatus : 1\n\nPartialProductKey : 2YT43\n\nDescription : Windows(R) Operating System, VOLUME_KMSCLIENT channel\n\n",
			detect: true, products: 1, status: evidence.StatusLicensed, chann: "VOLUME_KMSCLIENT", line: 1},
		{name: "service only", in: "ClientMachineID            : 2ffcfc30-6a6a-49ec-92b8-f6150c7df211\nRemainingWindowsReArmCount : 1000\nKeyManagementServiceMachine :\n",
			detect: true, products: 0},
		{name: "another class", in: "IdentifyingNumber : {90160000-008F-0000-1000-0000000FF1CE}\nName              : Office 16 Click-to-Run Licensing Component\nVendor            : Microsoft Corporation\n", detect: false},
		{name: "prose with a colon", in: "LicenseStatus: it says 1, what is it?\n", detect: false},
		{name: "JSON is the JSON reader's", in: `{"LicenseStatus": 1, "Name": "W", "PartialProductKey": "AAAAA"}`, detect: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := DetectList(tc.in); got != tc.detect {
				t.Fatalf("DetectList = %v", got)
			}
			if !tc.detect {
				return
			}
			var s evidence.Set
			if err := ReadList("f", 1, tc.in, &s); err != nil {
				t.Fatal(err)
			}
			if len(s.Products) != tc.products {
				t.Fatalf("%d products: %+v", len(s.Products), s.Products)
			}
			if tc.products == 0 {
				return
			}
			p := s.Products[0]
			if p.Status != tc.status || p.StatusReason != tc.reason || (tc.chann != "" && p.Channel != tc.chann) || p.Source.Line != tc.line {
				t.Errorf("product %+v", p)
			}
		})
	}
}

func FuzzReadList(f *testing.F) {
	for _, seed := range []string{"Name : W\nLicenseStatus : 1\nPartialProductKey : AAAAA\n", "LicenseStatus=1\nName=W\nPartialProductKey=A\n",
		"Name LicenseStatus PartialProductKey\n---- ------------- -----------------\nW 1 A\n", "LicenseStatus\n-\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if DetectList(text) {
			var s evidence.Set
			_ = ReadList("f", 1, text, &s)
		}
	})
}

// A selection without the key column, and a service row alone naming the
// KMS host (constructed in the shapes of TestReadList).
func TestReadListSelections(t *testing.T) {
	var s evidence.Set
	in := "Name                                   LicenseStatus\n----                                   -------------\nWindows(R), EnterpriseS edition                    1\nWindows(R), Professional edition                   0\n"
	if !DetectList(in) {
		t.Fatal("table not detected")
	}
	_ = ReadList("f", 1, in, &s)
	if len(s.Products) != 1 || s.Products[0].Status != evidence.StatusLicensed || s.Products[0].PartialKey != "" {
		t.Fatalf("products %+v", s.Products)
	}
	s = evidence.Set{}
	in = "ClientMachineID             : 2ffcfc30-6a6a-49ec-92b8-f6150c7df211\nKeyManagementServiceMachine : kms.example.test\nKeyManagementServicePort    : 1688\nRemainingWindowsReArmCount  : 1000\n"
	_ = ReadList("f", 1, in, &s)
	if len(s.Notes) != 1 || s.Notes[0].Kind != evidence.NoteKMSConfigured || s.Notes[0].Detail != "kms.example.test:1688" {
		t.Fatalf("notes %+v", s.Notes)
	}
}
