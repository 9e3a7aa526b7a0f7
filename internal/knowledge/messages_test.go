package knowledge

import (
	"testing"
)

func TestMessagesLoad(t *testing.T) {
	tb, err := loadMessages(messagesYAML, Codes())
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.codes) < 40 || len(tb.failure) < 20 {
		t.Fatalf("tables too small: %d code patterns, %d failure patterns", len(tb.codes), len(tb.failure))
	}
	// A sentence several codes share identifies none.
	for _, p := range tb.codes {
		if p.parts[0] == fold("The Software Licensing Service reported that the computer could not be activated") {
			t.Errorf("the shared first sentence is kept for %s", p.code)
		}
	}
}

func TestMatchMessages(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // code/lang
	}{
		{"No Key Management Service (KMS) could be contacted. Please see the Application Event Log", []string{"0xC004F074/en"}},
		{"no key management service(KMS)\r\n  could be contacted", []string{"0xC004F074/en"}},
		{"The count reported by your Key Management Service (KMS) is insufficient.", []string{"0xC004F038/en"}},
		{"slmgr says: DNS name does not exist.", []string{"0x8007232B/en"}},
		{"キー管理サービス (KMS) に接続できませんでした。", []string{"0xC004F074/ja"}},
		{"ＫＭＳ に接続できませんでした", []string{"0xC004F074/ja"}},
		{"错误: 软件授权服务报告无法激活计算机。无法联系任何密钥管理服务(KMS)。有关其他信息，请参阅应用程序事件日志。", []string{"0xC004F074/zh"}},
		{"就显示无法联系到kms服务器，这可咋办啊", []string{"0xC004F074/zh"}},
		{"您的金鑰管理服務 (KMS) 報告的計數不足。", []string{"0xC004F038/zh-TW"}},
		{"The Software Licensing Service reported that the computer could not be activated.", nil},
		{"The KMS host is fine and the count is 50.", nil},
		{"", nil},
	} {
		var got []string
		for _, m := range MatchMessages(tc.text) {
			got = append(got, m.Code+"/"+m.Lang)
			if m.Start < 0 || m.End > len(tc.text) || m.Start >= m.End {
				t.Errorf("%q: bad span %d..%d", tc.text, m.Start, m.End)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("MatchMessages(%q) = %v, want %v", tc.text, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("MatchMessages(%q) = %v, want %v", tc.text, got, tc.want)
			}
		}
	}
}

func TestStatesFailure(t *testing.T) {
	for _, tc := range []struct {
		text string
		want string
	}{
		{"Windows activation failed again today", "activation failed"},
		{"Running slmgr /ato gives the following error (see attached screencaps)", "slmgr /ato gives the following error"},
		{"Windows のライセンス認証に失敗しました", "ライセンス認証に失敗"},
		{"Office 激活失败，怎么办", "激活失败"},
		{"Windows is activated permanently.", ""},
		{"Product activation successful", ""},
	} {
		s, e, ok := StatesFailure(tc.text)
		got := ""
		if ok {
			got = tc.text[s:e]
		}
		if got != tc.want {
			t.Errorf("StatesFailure(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func FuzzMatchMessages(f *testing.F) {
	f.Add("No Key Management Service (KMS) could be contacted")
	f.Add("无法联系到kms服务器 激活失败")
	f.Fuzz(func(t *testing.T, text string) {
		for _, m := range MatchMessages(text) {
			if m.Start < 0 || m.End > len(text) || m.Start > m.End {
				t.Fatalf("bad span %+v in %q", m, text)
			}
		}
		s, e, ok := StatesFailure(text)
		if ok && (s < 0 || e > len(text) || s > e) {
			t.Fatalf("bad span %d..%d in %q", s, e, text)
		}
		if SaysFailure(text) != (ok || len(MatchMessages(text)) > 0) {
			t.Fatalf("SaysFailure disagrees on %q", text)
		}
	})
}
