package knowledge

import (
	"reflect"
	"testing"
)

func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0xC004F074", "0xC004F074"},
		{"OxC004F074", "0xC004F074"},
		{"oxc004f074", "0xc004f074"},
		{"0xC004FO74", "0xC004F074"},
		{"０ｘＣ００４Ｆ０７４", "0xC004F074"},
		{"エラーコード：０ｘＣ００４Ｆ０７４", "エラーコード:0xC004F074"},
		{"（0xC004F074）。", "(0xC004F074)。"},
		{"C004FO74", "C004FO74"},             // no 0x: a typo, left for Suggest
		{"Oxford Box 0x1", "Oxford Box 0x1"}, // words stay
		{"hr=OX8007232B", "hr=0X8007232B"},
		{"plain text", "plain text"},
	}
	for _, tt := range tests {
		if got := NormalizeText(tt.in); got != tt.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFindCodes(t *testing.T) {
	tests := []struct {
		in   string
		want []uint32
	}{
		{"Error: 0xC004F074 The Software Licensing Service reported", []uint32{0xC004F074}},
		{"「エラー コード: 0xC004F074」と表示されます", []uint32{0xC004F074}},
		{"エラーコード：０ｘＣ００４Ｆ０７４", []uint32{0xC004F074}},
		{"通知理由: 0xC004F056。", []uint32{0xC004F056}},
		{"（0xC004F074）、0x8007232B、0xC004F074", []uint32{0xC004F074, 0x8007232B}},
		{"0xC004F074 0x8007232B", []uint32{0xC004F074, 0x8007232B}},
		{"OxC004F074", []uint32{0xC004F074}},
		{"hr=0x800706BA,", []uint32{0x800706BA}},
		{"0xC004F074L", []uint32{0xC004F074}},
		{"0xC004F74 0xC0004F074 0x2", nil}, // not eight digits
		{"ab0xC004F074", nil},              // inside a word
		{"0x00000000, 0x00000000", []uint32{0}},
		{"no code here", nil},
	}
	for _, tt := range tests {
		if got := FindCodes(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FindCodes(%q) = %#x, want %#x", tt.in, got, tt.want)
		}
	}
}

func TestTrimCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0xC004F074。", "0xC004F074"},
		{"'0xC004F074,'", "0xC004F074"},
		{"(0xC004F074)", "0xC004F074"},
		{"「０ｘＣ００４Ｆ０７４」", "0xC004F074"},
		{" Ｃ００４Ｆ０７４ ", "C004F074"},
		{"-1073418124", "-1073418124"},
	}
	for _, tt := range tests {
		if got := TrimCode(tt.in); got != tt.want {
			t.Errorf("TrimCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"C004FO74", []string{"0xC004F074"}},
		{"0xC0004F074", []string{"0xC004F074"}},
		{"0xC004F74", []string{"0xC004F074"}},
		{"8007232", []string{"0x8007232A", "0x8007232B"}},
		{"hello", nil},
		{"0x12", nil},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Suggest(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseCodeRefusesFiveToSevenHexDigits(t *testing.T) {
	for _, s := range []string{"0xC004F74", "C004F74", "0x12345", "0x1234567"} {
		if v, err := ParseCode(s); err == nil {
			t.Errorf("ParseCode(%q) = %#x, want an error", s, v)
		}
	}
	for _, s := range []string{"0x6BA", "0x000006BA", "12345", "1722"} {
		if _, err := ParseCode(s); err != nil {
			t.Errorf("ParseCode(%q): %v", s, err)
		}
	}
}

func BenchmarkFindCodesPlainLine(b *testing.B) {
	line := "License Status: Licensed (Volume activation expiration: 259200 minute(s) (180 day(s)))"
	for b.Loop() {
		FindCodes(line)
	}
}

func FuzzFindCodes(f *testing.F) {
	for _, s := range []string{"エラーコード：０ｘＣ００４Ｆ０７４", "OxC004FO74。", "0xC004F074 0x8007232B", "ｱｲｳ", "0x", "\xff\xfe0x1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range FindCodes(s) {
			if back, err := ParseCode(FormatCode(v)); err != nil || back != v {
				t.Fatalf("%q: %#x does not round-trip", s, v)
			}
		}
		_ = Suggest(s)
		_ = TrimCode(s)
	})
}
