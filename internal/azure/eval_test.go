package azure

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func rt(prefix, hop, origin string) evidence.AzureRoute {
	return evidence.AzureRoute{Prefixes: []string{prefix}, NextHopType: hop, Origin: origin, State: "Active"}
}

func TestLookup(t *testing.T) {
	invalid := rt("0.0.0.0/0", "Internet", "Default")
	invalid.State = "Invalid"
	multi := evidence.AzureRoute{Prefixes: []string{"10.0.0.0/8", "20.118.0.0/16"}, NextHopType: "VirtualAppliance", Origin: "User", State: "Active"}
	tests := []struct {
		name   string
		routes []evidence.AzureRoute
		addr   string
		found  bool
		prefix string
		hop    string
	}{
		{"default only", []evidence.AzureRoute{rt("0.0.0.0/0", "Internet", "Default")}, "20.118.99.224", true, "0.0.0.0/0", "Internet"},
		{"/32 beats /0", []evidence.AzureRoute{rt("0.0.0.0/0", "VirtualAppliance", "User"), rt("20.118.99.224/32", "Internet", "User")}, "20.118.99.224", true, "20.118.99.224/32", "Internet"},
		{"/32 of another address does not apply", []evidence.AzureRoute{rt("0.0.0.0/0", "VirtualAppliance", "User"), rt("23.102.135.246/32", "Internet", "User")}, "40.83.235.53", true, "0.0.0.0/0", "VirtualAppliance"},
		{"longer of two covering prefixes", []evidence.AzureRoute{rt("20.0.0.0/8", "Internet", "User"), rt("20.118.96.0/22", "VirtualNetworkGateway", "VirtualNetworkGateway")}, "20.118.99.224", true, "20.118.96.0/22", "VirtualNetworkGateway"},
		{"tie: user beats BGP", []evidence.AzureRoute{rt("0.0.0.0/0", "VirtualNetworkGateway", "VirtualNetworkGateway"), rt("0.0.0.0/0", "Internet", "User")}, "20.118.99.224", true, "0.0.0.0/0", "Internet"},
		{"tie: BGP beats system", []evidence.AzureRoute{rt("0.0.0.0/0", "Internet", "Default"), rt("0.0.0.0/0", "VirtualNetworkGateway", "VirtualNetworkGateway")}, "20.118.99.224", true, "0.0.0.0/0", "VirtualNetworkGateway"},
		{"invalid route skipped", []evidence.AzureRoute{invalid, rt("0.0.0.0/0", "VirtualAppliance", "User")}, "20.118.99.224", true, "0.0.0.0/0", "VirtualAppliance"},
		{"no covering route", []evidence.AzureRoute{rt("10.0.0.0/8", "None", "Default")}, "20.118.99.224", false, "", ""},
		{"several prefixes in one route", []evidence.AzureRoute{rt("0.0.0.0/0", "Internet", "Default"), multi}, "20.118.99.224", true, "20.118.0.0/16", "VirtualAppliance"},
		{"unmasked prefix", []evidence.AzureRoute{rt("20.118.99.1/24", "None", "User")}, "20.118.99.224", true, "20.118.99.0/24", "None"},
		{"bare address as prefix", []evidence.AzureRoute{rt("0.0.0.0/0", "None", "User"), rt("40.83.235.53", "Internet", "User")}, "40.83.235.53", true, "40.83.235.53/32", "Internet"},
		{"garbage prefix ignored", []evidence.AzureRoute{rt("not-a-prefix", "None", "User"), rt("0.0.0.0/0", "Internet", "Default")}, "40.83.235.53", true, "0.0.0.0/0", "Internet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, p, ok := Lookup(tt.routes, netip.MustParseAddr(tt.addr))
			if ok != tt.found {
				t.Fatalf("found = %v, want %v", ok, tt.found)
			}
			if !ok {
				return
			}
			if p.String() != tt.prefix || r.NextHopType != tt.hop {
				t.Errorf("got %s -> %s, want %s -> %s", p, r.NextHopType, tt.prefix, tt.hop)
			}
		})
	}
}

func rule(name string, prio int, access, proto string, dest, ports []string) evidence.AzureRule {
	return evidence.AzureRule{Name: name, Priority: prio, Direction: "Outbound", Access: access, Protocol: proto, Dest: dest, DestPorts: ports, Sources: []string{"*"}}
}

func TestEvaluateNSG(t *testing.T) {
	star := []string{"*"}
	tests := []struct {
		name     string
		rules    []evidence.AzureRule
		wantRule string
		wantCase string
	}{
		{"defaults only", nil, "AllowInternetOutBound", NSGAllowed},
		{"deny 1688 first", []evidence.AzureRule{rule("deny1688", 200, "Deny", "Tcp", star, []string{"1688"})}, "deny1688", NSGDenied},
		{"allow before deny by priority", []evidence.AzureRule{rule("deny1688", 300, "Deny", "Tcp", star, []string{"1688"}), rule("allow", 200, "Allow", "Tcp", []string{"20.118.99.224/32"}, []string{"1688"})}, "allow", NSGAllowed},
		{"deny before allow by priority, file order reversed", []evidence.AzureRule{rule("allow", 200, "Allow", "*", star, star), rule("deny", 100, "Deny", "*", []string{"20.118.99.224"}, star)}, "deny", NSGDenied},
		{"udp deny does not match", []evidence.AzureRule{rule("denyudp", 100, "Deny", "Udp", star, star)}, "AllowInternetOutBound", NSGAllowed},
		{"port range covers 1688", []evidence.AzureRule{rule("range", 100, "Deny", "Tcp", star, []string{"1000-2000"})}, "range", NSGDenied},
		{"port range misses 1688", []evidence.AzureRule{rule("range", 100, "Deny", "Tcp", star, []string{"1689-2000", "80"})}, "AllowInternetOutBound", NSGAllowed},
		{"prefix misses address", []evidence.AzureRule{rule("other", 100, "Deny", "*", []string{"40.0.0.0/8"}, star)}, "AllowInternetOutBound", NSGAllowed},
		{"address range covers", []evidence.AzureRule{rule("arange", 100, "Deny", "*", []string{"20.118.99.0-20.118.99.255"}, star)}, "arange", NSGDenied},
		{"deny Internet: implicit rule", []evidence.AzureRule{rule("denyinet", 4000, "Deny", "*", []string{"Internet"}, star)}, "denyinet", NSGImplicitAllow},
		{"deny Internet with explicit 0.0.0.0/0", []evidence.AzureRule{rule("denyinet", 4000, "Deny", "*", []string{"Internet"}, star), rule("https", 300, "Allow", "Tcp", []string{"0.0.0.0/0"}, []string{"443"})}, "denyinet", NSGExplicitZero},
		{"deny 0.0.0.0/0 itself", []evidence.AzureRule{rule("denyall", 4000, "Deny", "*", []string{"0.0.0.0/0"}, star)}, "denyall", NSGExplicitZero},
		{"VirtualNetwork tag does not cover KMS", []evidence.AzureRule{rule("vnet", 100, "Deny", "*", []string{"VirtualNetwork"}, star)}, "AllowInternetOutBound", NSGAllowed},
		{"unknown tag not assumed", []evidence.AzureRule{rule("storage", 100, "Deny", "*", []string{"Storage"}, star)}, "AllowInternetOutBound", NSGAllowed},
		{"inbound rules ignored", []evidence.AzureRule{{Name: "in", Priority: 100, Direction: "Inbound", Access: "Deny", Protocol: "*", Dest: star, DestPorts: star}}, "AllowInternetOutBound", NSGAllowed},
		{"DenyAllOutBound reached when AllowInternet is shadowed", []evidence.AzureRule{
			{Name: "AllowInternetOutBound", Priority: 65001, Direction: "Outbound", Access: "Allow", Protocol: "*", Dest: []string{"VirtualNetwork"}, DestPorts: star, Default: true},
			{Name: "DenyAllOutBound", Priority: 65500, Direction: "Outbound", Access: "Deny", Protocol: "*", Dest: star, DestPorts: star, Default: true},
		}, "DenyAllOutBound", NSGImplicitAllow},
	}
	eps := []Endpoint{{Addr: netip.MustParseAddr("20.118.99.224")}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nc := EvaluateNSG(&evidence.AzureDoc{Kind: evidence.AzureNSG, Rules: tt.rules}, eps, 1688, netip.Addr{})
			v := nc.Verdicts[0]
			if v.Rule.Name != tt.wantRule || v.Case != tt.wantCase {
				t.Errorf("got %s/%s, want %s/%s", v.Rule.Name, v.Case, tt.wantRule, tt.wantCase)
			}
			if v.Blocked() != (tt.wantCase == NSGDenied || tt.wantCase == NSGExplicitZero) {
				t.Errorf("Blocked() = %v for case %s", v.Blocked(), v.Case)
			}
		})
	}
}

func TestEvaluateNSGUnresolvedTags(t *testing.T) {
	d := &evidence.AzureDoc{Kind: evidence.AzureNSG, Rules: []evidence.AzureRule{rule("cloud", 100, "Deny", "*", []string{"AzureCloud"}, []string{"*"})}}
	nc := EvaluateNSG(d, []Endpoint{{Addr: netip.MustParseAddr("20.118.99.224")}}, 1688, netip.Addr{})
	if len(nc.Unresolved) != 1 || nc.Unresolved[0] != "AzureCloud" || !nc.AddedDefaults {
		t.Errorf("unresolved = %v, added defaults = %v", nc.Unresolved, nc.AddedDefaults)
	}
}

func TestSourceMatches(t *testing.T) {
	ip := netip.MustParseAddr("10.20.1.4")
	tests := []struct {
		srcs []string
		ip   netip.Addr
		want bool
	}{
		{nil, ip, true},
		{[]string{"*"}, ip, true},
		{[]string{"VirtualNetwork"}, ip, true},
		{[]string{"10.20.1.0/24"}, ip, true},
		{[]string{"10.30.0.0/16"}, ip, false},
		{[]string{"10.30.0.0/16"}, netip.Addr{}, true}, // VM address unknown: could be the VM
		{[]string{"AzureLoadBalancer"}, ip, false},
	}
	for _, tt := range tests {
		if got := sourceMatches(tt.srcs, tt.ip); got != tt.want {
			t.Errorf("sourceMatches(%v, %v) = %v, want %v", tt.srcs, tt.ip, got, tt.want)
		}
	}
}

func TestPortMatches(t *testing.T) {
	tests := []struct {
		spec string
		want bool
	}{
		{"*", true}, {"1688", true}, {"0-65535", true}, {"1688-1688", true}, {"1000-2000", true},
		{"80,1688", true}, {"80", false}, {"1689-2000", false}, {"", false}, {"abc", false}, {"2000-1000", false},
	}
	for _, tt := range tests {
		if got := PortMatches(tt.spec, 1688); got != tt.want {
			t.Errorf("PortMatches(%q) = %v, want %v", tt.spec, got, tt.want)
		}
	}
}

func TestAddrMatches(t *testing.T) {
	a := netip.MustParseAddr("40.83.235.53")
	tests := []struct {
		spec string
		want AddrMatch
	}{
		{"*", Match}, {"Internet", Match}, {"internet", Match}, {"0.0.0.0/0", Match}, {"40.83.235.53", Match},
		{"40.83.235.53/32", Match}, {"40.83.0.0/16", Match}, {"40.83.235.0-40.83.235.60", Match},
		{"40.83.235.54", NoMatch}, {"20.0.0.0/8", NoMatch}, {"VirtualNetwork", NoMatch}, {"40.83.235.54-40.83.235.60", NoMatch},
		{"AzureCloud", UnknownTag}, {"Storage.JapanEast", UnknownTag},
	}
	for _, tt := range tests {
		if got := AddrMatches(tt.spec, a); got != tt.want {
			t.Errorf("AddrMatches(%q) = %v, want %v", tt.spec, got, tt.want)
		}
	}
}

func TestFreePriority(t *testing.T) {
	rules := []evidence.AzureRule{{Priority: 199, Direction: "Outbound"}, {Priority: 198, Direction: "Inbound"}}
	tests := []struct{ below, want int }{
		{200, 198}, // 199 used outbound; an inbound rule does not take the number
		{4000, 3999},
		{65500, 4096},
		{100, 0},
	}
	for _, tt := range tests {
		if got := FreePriority(rules, tt.below); got != tt.want {
			t.Errorf("FreePriority(below %d) = %d, want %d", tt.below, got, tt.want)
		}
	}
}

func TestRouteTableOnlyAssumesDefault(t *testing.T) {
	s := &evidence.Set{}
	if err := Read("rt.json", 1, readTestdata(t, "arm_example_RouteTableGet_2023-09-01.json"), s); err != nil {
		t.Fatal(err)
	}
	res := Analyze(s.Azure, Cloud(""))
	if !res.RoutesFromTables || len(res.Routes) != 1 {
		t.Fatalf("routes = %+v", res.Routes)
	}
	for _, h := range res.Routes[0].Hops {
		if !h.Internet() || !h.Implied {
			t.Errorf("%s: hop %+v, want the implied default route to the Internet", h.Addr, h)
		}
	}
}

func TestAnalyzeClouds(t *testing.T) {
	// A UDR that sends only the public cloud's addresses to the Internet
	// fixes the public cloud and not China.
	s := &evidence.Set{}
	if err := Read("fixed.json", 1, readTestdata(t, "edited_effective_routes_udr_fixed.json"), s); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		cloud string
		ok    bool
		n     int
	}{{"public", true, 3}, {"", true, 3}, {"china", false, 3}, {"usgov", false, 2}} {
		res := Analyze(s.Azure, Cloud(tt.cloud))
		hops := res.Routes[0].Hops
		if len(hops) != tt.n {
			t.Errorf("%s: %d hops, want %d", tt.cloud, len(hops), tt.n)
		}
		all := true
		for _, h := range hops {
			all = all && h.Internet()
		}
		if all != tt.ok {
			t.Errorf("%s: all Internet = %v, want %v", tt.cloud, all, tt.ok)
		}
	}
}

func TestOutbound(t *testing.T) {
	tests := []struct {
		files []string
		want  string // case, or "" for none
		nat   bool   // subnet exported
	}{
		{[]string{"edited_az_nic_ilb.json", "edited_az_lb_internal_standard.json"}, OutboundInternalLB, false},
		{[]string{"edited_az_nic_ilb.json", "edited_az_lb_internal_standard.json", "edited_az_subnet_no_nat.json"}, OutboundInternalLB, true},
		{[]string{"edited_az_nic_ilb.json", "edited_az_lb_internal_standard.json", "edited_az_subnet_nat.json"}, "", true},
		{[]string{"edited_az_nic_ilb.json"}, "", false}, // LB not exported: nothing to say
	}
	for _, tt := range tests {
		s := &evidence.Set{}
		for _, f := range tt.files {
			if err := Read(f, 1, readTestdata(t, f), s); err != nil {
				t.Fatal(err)
			}
		}
		res := Analyze(s.Azure, Cloud("public"))
		got := ""
		if len(res.Outbound) > 0 {
			got = res.Outbound[0].Case
			if (res.Outbound[0].Subnet != nil) != tt.nat {
				t.Errorf("%v: subnet known = %v", tt.files, res.Outbound[0].Subnet != nil)
			}
			cmds := OutboundCommands(res.Outbound[0])
			if !strings.Contains(cmds[2].String(), "--resource-group rg-app --vnet-name vnet-app --name snet-app --nat-gateway kms-natgw") {
				t.Errorf("commands = %v", cmds)
			}
		}
		if got != tt.want {
			t.Errorf("%v: case %q, want %q", tt.files, got, tt.want)
		}
	}
}

func TestOutboundPrivateSubnet(t *testing.T) {
	off := false
	docs := []evidence.AzureDoc{
		{Kind: evidence.AzureNIC, Name: "nic", IPConfigs: []evidence.AzureIPConfig{{Name: "ip1", SubnetID: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/sn"}}},
		{Kind: evidence.AzureSubnet, ID: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/sn", DefaultOutboundAccess: &off},
	}
	res := Analyze(docs, Cloud("public"))
	if len(res.Outbound) != 1 || res.Outbound[0].Case != OutboundPrivateSubnet {
		t.Errorf("outbound = %+v", res.Outbound)
	}
	docs[0].IPConfigs[0].PublicIPID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip"
	if res := Analyze(docs, Cloud("public")); len(res.Outbound) != 0 {
		t.Errorf("with a public IP: outbound = %+v", res.Outbound)
	}
}

func TestRouteCommands(t *testing.T) {
	az, ps := RouteCommands(RouteTarget{ResourceGroup: "rg-spoke", Table: "rt-spoke"}, []netip.Addr{netip.MustParseAddr("20.118.99.224")})
	want := "az network route-table route create --resource-group rg-spoke --route-table-name rt-spoke --name AzureKMS-20-118-99-224 --address-prefix 20.118.99.224/32 --next-hop-type Internet"
	if len(az) != 1 || az[0].String() != want {
		t.Errorf("az = %q", az)
	}
	if len(ps) != 1 || !strings.Contains(ps[0].String(), "Add-AzRouteConfig -RouteTable $rt -Name AzureKMS-20-118-99-224 -AddressPrefix 20.118.99.224/32 -NextHopType Internet") ||
		!strings.HasSuffix(ps[0].String(), "Set-AzRouteTable -RouteTable $rt") {
		t.Errorf("ps = %q", ps)
	}
	_, ps = RouteCommands(RouteTarget{ResourceGroup: PhResourceGroup, Table: PhRouteTable}, []netip.Addr{netip.MustParseAddr("20.118.99.224")})
	if !strings.Contains(ps[0].String(), "-ResourceGroupName '<resource-group>'") {
		t.Errorf("placeholder not quoted for PowerShell: %q", ps[0])
	}
}

func BenchmarkAnalyze(b *testing.B) {
	s := &evidence.Set{}
	for _, f := range []string{"edited_effective_routes_udr_fixed.json", "edited_nsg_allow_kms_before_deny.json", "edited_az_effective_nsg_deny_internet.json", "edited_az_nic_ilb.json", "edited_az_lb_internal_standard.json"} {
		if err := Read(f, 1, readTestdata(b, f), s); err != nil {
			b.Fatal(err)
		}
	}
	c := Cloud("public")
	b.ReportAllocs()
	for b.Loop() {
		Analyze(s.Azure, c)
	}
}

func BenchmarkRead(b *testing.B) {
	text := readTestdata(b, "arm_example_NetworkSecurityGroupGet_2023-09-01.json")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Read("nsg.json", 1, text, &evidence.Set{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTwoNSGs: a NIC's NSG and its subnet's NSG are each evaluated; either
// one can block.
func TestTwoNSGs(t *testing.T) {
	text := `{"value": [
 {"association": {"subnet": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/sn"}},
  "networkSecurityGroup": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-subnet"},
  "effectiveSecurityRules": [{"name": "defaultSecurityRules/AllowInternetOutBound", "priority": 65001, "direction": "Outbound", "access": "Allow", "protocol": "All",
    "destinationAddressPrefix": "Internet", "destinationPortRange": "0-65535"}]},
 {"association": {"networkInterface": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic"}},
  "networkSecurityGroup": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-nic"},
  "effectiveSecurityRules": [{"name": "securityRules/DenyKms", "priority": 100, "direction": "Outbound", "access": "Deny", "protocol": "Tcp",
    "destinationAddressPrefix": "40.83.235.53/32", "destinationPortRange": "1688"}]}]}`
	s := &evidence.Set{}
	if err := Read("eff.json", 1, text, s); err != nil {
		t.Fatal(err)
	}
	res := Analyze(s.Azure, Cloud("public"))
	if len(res.NSGs) != 2 {
		t.Fatalf("%d NSG checks, want 2", len(res.NSGs))
	}
	want := map[string][]bool{ // blocked per address: 20.118.99.224, 40.83.235.53, legacy
		"nsg-subnet": {false, false, false},
		"nsg-nic":    {false, true, false},
	}
	for _, nc := range res.NSGs {
		for i, v := range nc.Verdicts {
			if v.Blocked() != want[nc.Doc.Name][i] {
				t.Errorf("%s %s: blocked = %v", nc.Doc.Name, v.Addr, v.Blocked())
			}
		}
	}
}

func BenchmarkLookup400(b *testing.B) {
	// A route table holds at most 400 user routes.
	var routes []evidence.AzureRoute
	for i := range 400 {
		routes = append(routes, rt(netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24).String(), "VirtualAppliance", "User"))
	}
	routes = append(routes, rt("0.0.0.0/0", "Internet", "Default"))
	a := netip.MustParseAddr("20.118.99.224")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := Lookup(routes, a); !ok {
			b.Fatal("no route")
		}
	}
}

func TestCommandsRefuseHostileNames(t *testing.T) {
	a := []netip.Addr{netip.MustParseAddr("20.118.99.224")}
	az, ps := NSGCommands("rg;calc", "nsg$(calc)", 3999, KMSPort, a)
	for _, c := range []Command{az, ps} {
		if strings.Contains(c.String(), "calc") || len(c.Line.Refused) != 2 || len(c.Line.Holes) != 2 {
			t.Errorf("%s: %+v", c.Shell, c.Line)
		}
	}
	if !strings.Contains(az.String(), "--resource-group <resource-group> --nsg-name <nsg>") {
		t.Errorf("az = %q", az)
	}
	az, ps = NSGCommands("rg(1)", "nsg-a", 3999, KMSPort, a)
	if !strings.Contains(az.String(), `--resource-group "rg(1)" --nsg-name nsg-a`) || !strings.Contains(ps.String(), "-ResourceGroupName 'rg(1)' -Name nsg-a") {
		t.Errorf("az = %q, ps = %q", az, ps)
	}
	rc := RouteCommands
	azs, _ := rc(RouteTarget{ResourceGroup: "rg&x", Table: "rt"}, a)
	if strings.Contains(azs[0].String(), "rg&x") {
		t.Errorf("az = %q", azs[0])
	}
}
