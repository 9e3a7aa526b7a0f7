package prose

import (
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"エラー コード: 0xC004F074 が表示されます。", []string{"0xC004F074"}},
		{"slmgr で OxC004F074 と出ました", []string{"0xC004F074"}},
		{"エラー コード：０ｘＣ００４Ｆ０３８。再試行しても同じ", []string{"0xC004F038"}},
		{"first 0xC004F074\nthen 0x8007232B and again 0xC004F074", []string{"0xC004F074", "0x8007232B"}},
		{"nothing here, 0x00000000 is no failure", nil},
	} {
		if got := Detect(tc.text); got != (len(tc.want) > 0) {
			t.Errorf("Detect(%q) = %v", tc.text, got)
		}
		var s evidence.Set
		if err := Read("t.txt", 1, tc.text, &s); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range s.Codes {
			got = append(got, c.Code)
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
	}
}

func FuzzRead(f *testing.F) {
	f.Add("エラー コード: 0xC004F074")
	f.Add("OxC004F074 ０ｘ８００７２３２Ｂ")
	f.Fuzz(func(t *testing.T, text string) {
		var s evidence.Set
		_ = Read("f", 1, text, &s)
		if Detect(text) != (len(s.Codes) > 0) {
			t.Fatalf("Detect and Read disagree on %q", text)
		}
	})
}
