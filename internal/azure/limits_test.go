package azure

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// bigNSG is `az network nsg show` of an NSG with n outbound rules, none of
// which matches KMS, and the rule list of `az network nsg rule list`.
func bigNSG(n int, list bool) string {
	var b strings.Builder
	const nsg = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/big"
	if !list {
		b.WriteString(`{"id": "` + nsg + `", "name": "big", "type": "Microsoft.Network/networkSecurityGroups", "securityRules": [`)
	} else {
		b.WriteString("[")
	}
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id": "%s/securityRules/r%d", "name": "r%d", "type": "Microsoft.Network/networkSecurityGroups/securityRules", "priority": %d, "direction": "Outbound", "access": "Deny", "protocol": "Tcp",`+
			`"destinationAddressPrefix": "10.%d.%d.0/24", "destinationPortRange": "%d", "sourceAddressPrefix": "*", "sourcePortRange": "*"}`,
			nsg, i, i, 100+i%4000, (i>>8)&255, i&255, 1000+i%60000)
	}
	if !list {
		b.WriteString("]}")
	} else {
		b.WriteString("]")
	}
	return b.String()
}

func benchNSG(b *testing.B, n int, list bool) {
	text := bigNSG(n, list)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		s := &evidence.Set{}
		if err := Read("nsg.json", 1, text, s); err != nil {
			b.Fatal(err)
		}
		Analyze(s.Azure, Cloud("public"))
	}
}

// BenchmarkNSGRules: `go test ./internal/azure -run '^$' -bench NSGRules -benchmem`.
func BenchmarkNSGRules(b *testing.B) {
	for _, n := range []int{40_000, 200_000} {
		for _, list := range []bool{false, true} {
			b.Run(fmt.Sprintf("rules=%d/list=%v", n, list), func(b *testing.B) { benchNSG(b, n, list) })
		}
	}
}

// TestRuleLines: every rule of a large NSG gets its own line, found from
// one scan of the text (looking each id up in the text was quadratic).
func TestRuleLines(t *testing.T) {
	const n = 3000
	s := &evidence.Set{}
	if err := Read("nsg.json", 10, bigNSG(n, true), s); err != nil {
		t.Fatal(err)
	}
	if len(s.Azure) != 1 || len(s.Azure[0].Rules) < n {
		t.Fatalf("%d docs", len(s.Azure))
	}
	for _, ru := range s.Azure[0].Rules {
		if ru.Default {
			continue
		}
		var i int
		fmt.Sscanf(ru.Name, "r%d", &i)
		if ru.Line != 10+i {
			t.Fatalf("rule %s on line %d, want %d", ru.Name, ru.Line, 10+i)
		}
	}
	if got := literalLines([]byte("{\"a\": \"x\\\"y\",\n \"b\": \"a\"}")); got[`"a"`] != 0 || got[`"b"`] != 1 || got[`"x\"y"`] != 0 {
		t.Errorf("literalLines = %v", got)
	}
}
