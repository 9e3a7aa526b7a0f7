package slmgr

import (
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// osppTwo is an ospp.vbs /dstatus of two licences in the layout ospp.vbs
// prints (labels are Microsoft's; values constructed after the zh-CN post
// of held-out set 4, jianshucopy): an Office 2013 VL licence Licensed and
// an Office 2016 Retail Grace licence in NOTIFICATIONS with 0xC004F009.
var osppTwo = []string{
	"---Processing--------------------------",
	"---------------------------------------",
	"SKU ID: 00000000-0000-0000-0000-000000000001",
	"LICENSE NAME: Office 15, OfficeProPlusVL_KMS_Client edition",
	"LICENSE DESCRIPTION: Office 15, VOLUME_KMSCLIENT channel",
	"BETA EXPIRATION: 1601/1/1",
	"LICENSE STATUS:  ---LICENSED---",
	"REMAINING GRACE: 179 days  (258131 minute(s) before expiring)",
	"Last 5 characters of installed product key: GVGXT",
	"Activation Type Configuration: ALL",
	"        DNS auto-discovery: KMS name not available",
	"        KMS machine registry override defined: 10.3.0.2:1688",
	"        Activation Interval: 120 minutes",
	"        Renewal Interval: 10080 minutes",
	"        KMS host caching: Enabled",
	"---------------------------------------",
	"PRODUCT ID: 00000-00000-00000-AA000",
	"SKU ID: 00000000-0000-0000-0000-000000000002",
	"LICENSE NAME: Office 16, Office16ProPlusR_Grace edition",
	"LICENSE DESCRIPTION: Office 16, RETAIL(Grace) channel",
	"BETA EXPIRATION: 1601/1/1",
	"LICENSE STATUS: ---NOTIFICATIONS---",
	"ERROR CODE: 0xC004F009",
	"ERROR DESCRIPTION: The Software Licensing Service reported that the grace period expired.",
	"Last 5 characters of installed product key: BTDRB",
	"---------------------------------------",
	"---Exiting-----------------------------",
}

type prodView struct{ name, channel, status, key string }

func views(s *evidence.Set) []prodView {
	var out []prodView
	for _, p := range s.Products {
		out = append(out, prodView{p.Name, p.Channel, p.Status, p.PartialKey})
	}
	return out
}

// TestRunTogether: a /dstatus whose line breaks were lost (all on one line,
// with or without blanks where the breaks were, with full-width colons as
// zh-CN outputs print them) is read as the same licences as the output
// with its lines. All inputs constructed from osppTwo; the held-out
// artifact itself is cmd/kmsdoctor's.
func TestRunTogether(t *testing.T) {
	want := views(read(t, strings.Join(osppTwo, "\n")+"\n"))
	if len(want) != 2 || want[1].status != evidence.StatusNotification {
		t.Fatalf("line-by-line reading: %+v", want)
	}
	fullWidth := strings.Join(osppTwo, "")
	fullWidth = strings.ReplaceAll(fullWidth, "LICENSE STATUS:", "LICENSE STATUS：")
	fullWidth = strings.ReplaceAll(fullWidth, "LICENSE NAME:", "LICENSE NAME：")
	tests := []struct{ name, text string }{
		{"no separator", strings.Join(osppTwo, "")},
		{"one blank", strings.Join(osppTwo, " ")},
		{"two records, two lines", strings.Join(osppTwo[:16], "") + "\n" + strings.Join(osppTwo[16:], "")},
		{"full-width colons", fullWidth},
	}
	for _, tt := range tests {
		if !Detect(tt.text) {
			t.Errorf("%s: not detected", tt.name)
			continue
		}
		s := read(t, tt.text+"\n")
		got := views(s)
		if len(got) != len(want) {
			t.Errorf("%s: %d products %+v, want %+v", tt.name, len(got), got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: product %d = %+v, want %+v", tt.name, i, got[i], want[i])
			}
		}
		// ERROR CODE: is read as in the output with its lines: a code seen.
		if len(s.Codes) != 1 || s.Codes[0].Code != "0xC004F009" {
			t.Errorf("%s: codes %+v", tt.name, s.Codes)
		}
	}
}

// TestRunTogetherSplit: which lines are cut. A real line holds one label;
// a value that contains label words is not cut; a "---LICENSED---" value
// stays with its label.
func TestRunTogetherSplit(t *testing.T) {
	tests := []struct {
		name, line string
		want       []string
	}{
		{"one label (real layout)", "Description: Windows(R) Operating System, VOLUME_KMSCLIENT channel", nil},
		{"two labels are not enough (constructed)", "Name: Windows(R), Enterprise edition Description: Windows(R) Operating System, VOLUME_KMSCLIENT channel", nil},
		{"three labels (constructed)", "LICENSE NAME: Office 16, Office16ProPlusVL_KMS_Client edition LICENSE DESCRIPTION: Office 16, VOLUME_KMSCLIENT channel LICENSE STATUS:  ---LICENSED---",
			[]string{"LICENSE NAME: Office 16, Office16ProPlusVL_KMS_Client edition", "LICENSE DESCRIPTION: Office 16, VOLUME_KMSCLIENT channel", "LICENSE STATUS:  ---LICENSED---"}},
		{"zh-CN labels (constructed)", "许可证名称：Office 16, Office16ProPlusVL_KMS_Client edition许可证说明：Office 16, VOLUME_KMSCLIENT channel许可证状态：---未许可---",
			[]string{"许可证名称：Office 16, Office16ProPlusVL_KMS_Client edition", "许可证说明：Office 16, VOLUME_KMSCLIENT channel", "许可证状态：---未许可---"}},
	}
	for _, tt := range tests {
		got := splitRunTogether(tt.line)
		if tt.want == nil {
			tt.want = []string{tt.line}
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestRunTogetherBounded: a long run-together line is cut in time linear in
// its length (Go's regexp; one pass for the labels, one for separators).
func TestRunTogetherBounded(t *testing.T) {
	const n = 200
	l := strings.Repeat(strings.Join(osppTwo, ""), n) // about 240 KB, 4 000 labels
	start := time.Now()
	pieces := splitRunTogether(l)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("splitting took %v", d)
	}
	if len(pieces) < n*20 {
		t.Errorf("%d pieces", len(pieces))
	}
}
