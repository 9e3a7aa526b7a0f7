package main

import (
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
)

func TestWithDisplayLang(t *testing.T) {
	ja := func() string { return "ja" }
	for _, tc := range []struct {
		env  map[string]string
		want i18n.Lang
	}{
		{map[string]string{}, i18n.JA},                       // Windows: nothing set, the display language
		{map[string]string{"LANG": "en_US.UTF-8"}, i18n.EN},  // LANG wins
		{map[string]string{"LC_ALL": "C"}, i18n.EN},          // so does LC_ALL
		{map[string]string{"LC_MESSAGES": "en_GB"}, i18n.EN}, // and LC_MESSAGES
		{map[string]string{"LANG": "ja_JP.UTF-8"}, i18n.JA},  // as before
	} {
		getenv := withDisplayLang(func(k string) string { return tc.env[k] }, ja)
		if got := i18n.FromEnv(getenv); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.env, got, tc.want)
		}
	}
	if got := i18n.FromEnv(withDisplayLang(func(string) string { return "" }, func() string { return "" })); got != i18n.EN {
		t.Errorf("no display language: %s", got)
	}
}
