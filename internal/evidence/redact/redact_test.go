package redact

import "testing"

func TestPlaceholder(t *testing.T) {
	yes := []string{"<DateTime>", "<KMS Host FQDN>", "<CMID>", "<KMS Host FQDN>:1688", "*my DNS server IP*", "***", "*",
		"xxxxx", "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX", "xxxxxxxxxxxxxxxxxxxxxx", "10.x.x.x", "192.168.*.*", "[REDACTED]", "<REDACTED>",
		"redacted", "xxx.xxx.xxx.xxx", "*-*-*-*-*", "(*-*-*-*-*)"}
	no := []string{"", "kms01.contoso.com:1688", "10.0.0.5", "Licensed", "0xC004F074", "3V66T", "x", "xx", "<", "a*b",
		"Windows(R), Professional edition", "2024/03/01 01:00", "N/A", "*.contoso.com", "0x0"}
	for _, v := range yes {
		if !Placeholder(v) {
			t.Errorf("Placeholder(%q) = false", v)
		}
	}
	for _, v := range no {
		if Placeholder(v) {
			t.Errorf("Placeholder(%q) = true", v)
		}
	}
}

func TestFind(t *testing.T) {
	got := Find("0xC004F06C, 0x00000000, azkms.core.windows.net:1688, <CMID>, <DateTime>, 1, 5, 0, 34e1ae55-27f8-4950-8877-7a03be5fb181, ")
	if len(got) != 2 || got[0] != "<CMID>" || got[1] != "<DateTime>" {
		t.Errorf("Find = %q", got)
	}
	if Find("0x0, 0x0, kms:1688") != nil {
		t.Error("Find found a placeholder in real values")
	}
}
