package prose

import (
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestStatesSaidOrPresupposed: what a ticket in words says or takes for
// granted about the licence state (knowledge: presuppose.go). Real texts
// name their artifact (cmd/kmsdoctor/testdata); the others are
// constructed.
func TestStatesSaidOrPresupposed(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		status     string // the status of the product read from the words, "" none
		failed     bool   // a stated failure
	}{
		{"presupposed (heldout9 kmspro29)", "请问电脑使用KMS服务器激活之后后面会持续连接KMS服务器吗？如果服务关闭了还受影响吗？", evidence.StatusLicensed, false},
		{"presupposed, another failure (heldout10 mas1249)", "Problem after windows 11 activation with display settings\n\nCan someone help? I activate windows 11 pro with power shell method. Everything was good. But later i cant open display setting in settings.", evidence.StatusLicensed, false},
		{"a reply alone (heldout9 ltscactivation5)", "It worked !\n\nFollow theses instructions and it will work without any issues. Thank you for creating this solution.", evidence.StatusLicensed, false},
		{"a concession (analyze/in techtricks3)", "Thanks it worked !\n\nEven though the server connection failed, the script activated Win11.\nthanks", evidence.StatusLicensed, false},
		{"a persisting state a check does not undo (heldout13 heukms163)", "激活後，當前使用者帳戶仍然提示未經授權的產品\n\n使用工具激活後，Office程式標題仍然提示產品未經授權，使用工具檢查是成功激活的", evidence.StatusUnlicensed, false},
		{"a concessive success (analyze/in kmsvlall12)", "Your office is not genuine\n\nI've started getting Office is not genuine banner. It is still activated though.", "", true},
		{"a persisting state, then a change", "Windows is still not activated.\n\nEDIT: rebooted and now it is activated.", evidence.StatusLicensed, false},
		{"a contrast over a subordinate clause (heldout12 consumeresu45)", "Using ConsumerESU shows activation as successful. However, after clicking Update, I did not receive the KB5068781 update patch.", "", true},
		{"a tool's claim after the state the product shows", "Excel (Unlicensed Product)\n\nThe script says activation successful. Word is fine.", evidence.StatusUnlicensed, false},
		{"a tool's claim after the state zh", "Office 显示未经授权的产品\n\n工具显示激活成功", evidence.StatusUnlicensed, false},
		{"a tool's claim in a concession", "Office says unlicensed product, although the script says Office activated successfully.", evidence.StatusUnlicensed, false},
		{"a tool's claim as a change", "Excel (Unlicensed Product)\n\nAfter a reboot the script says activation successful.", evidence.StatusLicensed, false},
		{"another account's state", "Office says Unlicensed Product in the title bar.\n\nOn the admin account it is activated.", evidence.StatusUnlicensed, false},
		{"another account's state zh", "Office 标题显示未经授权的产品。换到其他帐户就显示已激活", evidence.StatusUnlicensed, false},
		{"a question how to activate", "How do I activate Windows after reinstalling?", "", false},
		{"a symptom of the licence", "Getting license status check banner after activating office using Ohook", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s evidence.Set
			if err := Read("t.txt", 1, tc.text, &s); err != nil {
				t.Fatal(err)
			}
			if want := tc.status != "" || tc.failed; Detect(tc.text) != want {
				t.Errorf("Detect = %v, want %v", !want, want)
			}
			status := ""
			for _, p := range s.Products {
				if p.StatusFrom == evidence.StatusFromText {
					status = p.Status
				}
			}
			if status != tc.status {
				t.Errorf("products %+v, want status %q", s.Products, tc.status)
			}
			if (len(s.StatedFailures) > 0) != tc.failed {
				t.Errorf("stated failures %+v, want %v", s.StatedFailures, tc.failed)
			}
		})
	}
}

// TestPresupposedNotSubscription: a presupposed activation of Microsoft 365
// Apps adds its product (office.subscription), not a Licensed one.
func TestPresupposedNotSubscription(t *testing.T) {
	var s evidence.Set
	if err := Read("t.txt", 1, "After activating Office 365 with KMS, will Outlook keep working?", &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Products) != 1 || s.Products[0].Status != "" || !s.Products[0].OSPP {
		t.Errorf("products %+v, want one Office 365 product without a status", s.Products)
	}
}

// TestSubscriptionShownWithPeriod: Microsoft 365 Apps said to be activated
// with a period left ("o365 activated in 10 days?", heldout21 mas535's
// title) is a product in the Licensed state, from the words.
func TestSubscriptionShownWithPeriod(t *testing.T) {
	for _, text := range []string{"o365 activated in 10 days?\n\nReally? Why?", "Office 365 activated for 30 days only?"} {
		var s evidence.Set
		if err := Read("t.txt", 1, text, &s); err != nil {
			t.Fatal(err)
		}
		if len(s.Products) != 1 || s.Products[0].Status != evidence.StatusLicensed || !s.Products[0].OSPP {
			t.Errorf("%q: products %+v, want one licensed Office 365 product", text, s.Products)
		}
	}
}

// TestTitleMarkedSolved: a thread whose title is marked solved resolves
// the codes it shows, even one its steps still name (heldout21
// ezwindslic7); without the mark the code stays.
func TestTitleMarkedSolved(t *testing.T) {
	body := " Windows 7 error 0xC004F057\n\nI removed the old activator, used the OEM profile and rebooted; if the error 0xC004F057 still appears, run slmgr -rearm."
	for _, tc := range []struct {
		title string
		want  bool
	}{{"[SOLVED]", true}, {"【已解决】", true}, {"Help:", false}} {
		var s evidence.Set
		if err := Read("t.txt", 1, tc.title+body, &s); err != nil {
			t.Fatal(err)
		}
		if got := len(s.Resolved) == 1 && len(s.Codes) == 0 && len(s.Products) == 1; got != tc.want {
			t.Errorf("%s: codes %v resolved %v products %d, want resolved %v", tc.title, s.Codes, s.Resolved, len(s.Products), tc.want)
		}
	}
}
