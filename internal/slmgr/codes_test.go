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
