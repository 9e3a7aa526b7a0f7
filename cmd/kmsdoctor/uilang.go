package main

// withDisplayLang is getenv, except that when LC_ALL, LC_MESSAGES and LANG
// are all empty (as they are on Windows), LANG reads as display() ("ja" or
// "en": the Windows display language, "" off Windows), so that
// i18n.FromEnv follows it; --lang still comes first.
func withDisplayLang(getenv func(string) string, display func() string) func(string) string {
	return func(k string) string {
		v := getenv(k)
		if v != "" || k != "LANG" || getenv("LC_ALL") != "" || getenv("LC_MESSAGES") != "" {
			return v
		}
		return display()
	}
}
