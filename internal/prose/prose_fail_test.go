package prose

import (
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestStatedFailuresAndStates: failures and licence states stated in
// words, codes written without "0x", and texts about another product's
// licensing. Real texts name their artifact (cmd/kmsdoctor/testdata); the
// others are constructed.
func TestStatedFailuresAndStates(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		codes      []string // s.Codes
		failed     bool     // a stated failure
		status     string   // the status of a product read from the words
		reason     string
		office     bool // the product is Office's
	}{
		{"notification with its reason (heldout8 cl01)", "**What I saw:** CL01, installed the same day, booted into a licensing \"Notification\" state and shut itself down on an hourly timer. `slmgr /dlv` reported channel `TIMEBASED_EVAL`, License Status `Notification`, Notification Reason `0xC004F009 (grace time expired)`, Remaining Windows rearm count 2, Remaining SKU rearm count 2.",
			nil, false, evidence.StatusNotification, "0xC004F009", false},
		{"unlicensed (heldout8 gce211)", "Have some windows server 2008 R2 Enterprise images where License status is Unlicensed.", nil, false, evidence.StatusUnlicensed, "", false},
		{"Office's title bar", "Excel 2019 shows Unlicensed Product in the title bar", nil, false, evidence.StatusUnlicensed, "", true},
		{"no code (heldout8 mas1519)", "I am having errors when trying to activate windows", nil, true, "", "", false},
		{"a code without 0x", "slmgr /ato on Windows Server returned -1073418124", []string{"0xC004F074"}, false, "", "", false},
		{"bare hex code", "Windows activation error C004F038", []string{"0xC004F038"}, false, "", "", false},
		{"another product (analyze/in gifox287)", "The license couldn't be activated\n\nI just bought a license but cannot activate it. I’m not experiencing any network problems, haven’t activated this license previously, and I’ve also restarted the computer.\n\nMacOS: Sonoma 14.5", nil, false, "", "", false},
		{"another component's error (heldout9 mas520)", "I've been using the hwid installation for a while and now I can't update the insider version and everything seems to be due to the pro activation key, I get the error below after installing the version and restarting\n\nThere were some problems installing the updates, but we'll try again later. If you continue to see this message and want to search the web or contact support, this error code may help: (0x800700b7)", nil, false, "", "", false},
		{"another component's code, and activation failed (constructed)", "There were some problems installing the updates, but we'll try again later. this error code may help: (0x800700b7)\n\nAnd Windows is not activated since then.", nil, true, "", "", false},
		{"activated, and Windows Update's error (constructed)", "My Windows is activated.\nBut Windows Update shows error 0x8024402c when checking for updates.", nil, false, evidence.StatusLicensed, "", false},
		{"a documentation pull request (heldout14 azuredocs49824)", "Update troubleshoot-activation-problems.md\n\n1. Corrected the notice at the top of the article.", nil, false, "", "", false},
		{"an instruction names a code (heldout13 ovhdocs150)", "For 0xC004F074 error\n\nFor 0xC004F074 error, add instruction from https://techcommunity.microsoft.com/t5/x/m-p/192788", nil, false, "", "", false},
		{"another product's success", "The license activation was successful within 1 second after I entered the key on Windows 11, the software works", nil, false, "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {

			var s evidence.Set
			if err := Read("t.txt", 1, tc.text, &s); err != nil {
				t.Fatal(err)
			}
			want := len(tc.codes) > 0 || tc.failed || tc.status != ""
			if Detect(tc.text) != want {
				t.Errorf("Detect = %v, want %v", !want, want)
			}
			if got := codesOf(s.Codes); !equal(got, tc.codes) {
				t.Errorf("codes %v, want %v", got, tc.codes)
			}
			if (len(s.StatedFailures) > 0) != tc.failed {
				t.Errorf("stated failures %+v, want %v", s.StatedFailures, tc.failed)
			}
			status, reason := "", ""
			for _, p := range s.Products {
				if p.StatusFrom == evidence.StatusFromText {
					status, reason = p.Status, p.StatusReason
					if p.OSPP != tc.office {
						t.Errorf("product %+v: Office %v, want %v", p, p.OSPP, tc.office)
					}
				}
			}
			if status != tc.status || reason != tc.reason {
				t.Errorf("products %+v, want status %q reason %q", s.Products, tc.status, tc.reason)
			}
		})
	}
}

// TestReadAlongsideStated: the words pasted with an output that carries no
// code state a failure when no code is seen (constructed).
func TestReadAlongsideStated(t *testing.T) {
	for _, tc := range []struct {
		text   string
		failed bool
	}{
		{"but Windows still says it is not activated", true},
		{"If Windows activation fails, check the SRV record", false},
		{"Windows activation error 0xC004F074", false}, // the code is read instead
		{"Windows Server 2019 is in notification mode", false},
	} {
		var s evidence.Set
		if err := ReadAlongside("t.txt", 1, tc.text, &s); err != nil {
			t.Fatal(err)
		}
		if (len(s.StatedFailures) > 0) != tc.failed {
			t.Errorf("ReadAlongside(%q): stated failures %+v, want %v", tc.text, s.StatedFailures, tc.failed)
		}
		if want := strings.Contains(tc.text, "notification mode"); (len(s.Products) == 1 && s.Products[0].Status == evidence.StatusNotification) != want {
			t.Errorf("ReadAlongside(%q): products %+v", tc.text, s.Products)
		}
	}
}
