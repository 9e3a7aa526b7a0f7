package redact

import "testing"

func TestPlaceholder(t *testing.T) {
	yes := []string{"<DateTime>", "<KMS Host FQDN>", "<CMID>", "<KMS Host FQDN>:1688", "*my DNS server IP*", "***", "*",
		"xxxxx", "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX", "xxxxxxxxxxxxxxxxxxxxxx", "10.x.x.x", "192.168.*.*", "[REDACTED]", "<REDACTED>",
		"redacted", "xxx.xxx.xxx.xxx",
		// Written over in place (dandylife.net's 12288 Info line, and variants).
		"_key.management.server:_1688", "kms01.contoso.com:_1688", "kms01:*1688*", "kms01:xxxx", "kms01:<port>",
		"_kms.server:1688", ".......-b604-4b8c-9a48-99d4348fcf37", "6f345b60-8a5c-427c-....-836a982589dc",
		"{xxxxxxxx-b604-4b8c-9a48-99d4348fcf37}", "6f345b60-8a5c-427c-****-836a982589dc", "*-*-*-*-*", "(*-*-*-*-*)"}
	no := []string{"", "kms01.contoso.com:1688", "10.0.0.5", "Licensed", "0xC004F074", "3V66T", "x", "xx", "<", "a*b",
		"Windows(R), Professional edition", "2024/03/01 01:00", "N/A", "*.contoso.com", "0x0",
		"_vlmcs._tcp.contoso.com", "_vlmcs._tcp.contoso.com:1688", "_msdcs.contoso.com", "6f345b60-8a5c-427c-9a48-836a982589dc", "1-2-3-4-5",
		"6f345b60-8a5c-427c-9a4-836a982589dc", "kms01:16a8", "2012/12/04 07:06", "kms01:1688"}
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
	got = Find("0x00000000, 0x00000000, _key.management.server:_1688, .......-b604-4b8c-9a48-99d4348fcf37, 2012/12/04 07:06, 0, 2, 972, 6f345b60-8a5c-427c-....-836a982589dc, 5")
	if len(got) != 3 || got[0] != "_key.management.server:_1688" {
		t.Errorf("Find = %q", got)
	}
	if Find("0x0, 0x0, kms:1688") != nil {
		t.Error("Find found a placeholder in real values")
	}
}
