package runbook

import "testing"

// TestDomainOfOffsets: the domain is cut at the byte offsets of the name
// itself, also when it holds a byte that lowering would widen.
func TestDomainOfOffsets(t *testing.T) {
	for in, want := range map[string]string{
		"_VLMCS._TCP.Corp.Example.": "Corp.Example",
		"\xe4_vlmcs._tcp.corp":      "corp",
		"İ_vlmcs._tcp.corp":         "corp",
		"kms.corp":                  "",
	} {
		if got := domainOf(in); got != want {
			t.Errorf("domainOf(%q) = %q, want %q", in, got, want)
		}
	}
}
