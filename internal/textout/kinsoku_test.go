package textout

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
)

// TestWrapKinsoku wraps real catalogue sentences at widths where a naive
// break would start a line with a small kana, a prolonged sound mark, a
// closing bracket or 、。, end one with an opening bracket, or leave a
// two-character orphan.
func TestWrapKinsoku(t *testing.T) {
	tests := []struct {
		name string
		in   string
		w    int
		want []string
	}{
		{"small kana not first", "セキュリティ製品の設定", 10, []string{"セキュリ", "ティ製品", "の設定"}},
		{"prolonged mark not first", "ファイアウォールの規則", 10, []string{"ファイア", "ウォール", "の規則"}},
		{"comma not first", "KMS ホストの名前、RPC", 18, []string{"KMS ホストの名前、", "RPC"}},
		{"closing paren not first", "(名前が存在しない)、認証して結果を確認します", 18, []string{"(名前が存在しな", "い)、認証して結果", "を確認します"}},
		{"opening bracket not last", "DNS 名の確認 (名前が存在しない)", 14, []string{"DNS 名の確認", "(名前が存在", "しない)"}},
		{"no two-character orphan", "KMS ホストに接続できません。", 24, []string{"KMS ホストに接続でき", "ません。"}},
		{"japanese quotes", "「インターネット」を選びます", 12, []string{"「インター", "ネット」を選", "びます"}},
		{"latin unchanged", "see the spec at a", 15, []string{"see the spec at", "a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Wrap(tt.in, tt.w)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("Wrap(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
			}
			checkKinsoku(t, tt.in, tt.w, got)
		})
	}
}

// TestWrapCatalogueKinsoku wraps every Japanese text of the catalogue at
// several widths and checks the rules on every line.
func TestWrapCatalogueKinsoku(t *testing.T) {
	for key, text := range i18n.Catalogue() {
		for _, w := range []int{20, 37, 54, 76} {
			for _, para := range strings.Split(text.JA, "\n") {
				checkKinsoku(t, key, w, Wrap(para, w))
			}
		}
	}
}

func checkKinsoku(t *testing.T, what string, w int, lines []string) {
	t.Helper()
	for i, l := range lines {
		first, _ := utf8.DecodeRuneInString(l)
		last, _ := utf8.DecodeLastRuneInString(l)
		if i > 0 && strings.ContainsRune(noStart, first) && (isWide(first) || first == ')') {
			t.Errorf("%s at %d: line %d starts with %q: %q", what, w, i+1, first, lines)
		}
		if i < len(lines)-1 && strings.ContainsRune(noEnd, last) {
			t.Errorf("%s at %d: line %d ends with %q: %q", what, w, i+1, last, lines)
		}
	}
	if n := len(lines); n > 1 && isOrphan([]string{lines[n-1]}) {
		t.Errorf("%s at %d: orphan last line %q: %q", what, w, lines[n-1], lines)
	}
}
