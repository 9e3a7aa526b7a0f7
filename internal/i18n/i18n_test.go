package i18n

import (
	"regexp"
	"strings"
	"testing"
)

var placeholder = regexp.MustCompile(`\{[a-z_0-9]+\}`)

func TestCatalogueComplete(t *testing.T) {
	for _, k := range Keys() {
		txt := Catalogue()[k]
		if strings.TrimSpace(txt.EN) == "" || strings.TrimSpace(txt.JA) == "" {
			t.Errorf("%s: missing a language (en=%q ja=%q)", k, txt.EN, txt.JA)
			continue
		}
		pe := placeholder.FindAllString(txt.EN, -1)
		pj := placeholder.FindAllString(txt.JA, -1)
		if !sameSet(pe, pj) {
			t.Errorf("%s: placeholders differ: en %v, ja %v", k, pe, pj)
		}
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, x := range a {
		m[x] |= 1
	}
	for _, x := range b {
		m[x] |= 2
	}
	for _, v := range m {
		if v != 3 {
			return false
		}
	}
	return true
}

func TestFill(t *testing.T) {
	tests := []struct{ in, want string }{
		{"host {host} port {port}", "host kms1 port 1688"},
		{"no args", "no args"},
		{"{missing} stays", "{missing} stays"},
		{"unclosed {host", "unclosed {host"},
	}
	for _, tt := range tests {
		if got := Fill(tt.in, Args{"host": "kms1", "port": 1688}); got != tt.want {
			t.Errorf("Fill(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFromEnv(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want Lang
	}{
		{map[string]string{}, EN},
		{map[string]string{"LANG": "ja_JP.UTF-8"}, JA},
		{map[string]string{"LANG": "ja_JP.UTF-8", "LC_ALL": "C"}, EN},
		{map[string]string{"LC_MESSAGES": "ja", "LANG": "en_US"}, JA},
	}
	for _, tt := range tests {
		if got := FromEnv(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("FromEnv(%v) = %s, want %s", tt.env, got, tt.want)
		}
	}
}

func TestMissingKeyVisible(t *testing.T) {
	if got := T(JA, "no.such.key", nil); got != "[no.such.key]" {
		t.Fatalf("got %q", got)
	}
}
