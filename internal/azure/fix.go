package azure

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Placeholders used in fix commands when the exported JSON does not name
// the resource.
const (
	PhResourceGroup = "<resource-group>"
	PhRouteTable    = "<route-table>"
	PhVNet          = "<vnet>"
	PhSubnet        = "<subnet>"
	PhNSG           = "<nsg>"
)

// RouteTarget is the route table a fix adds routes to.
type RouteTarget struct {
	ResourceGroup string
	Table         string
	Known         bool // the table was found in the exported JSON
	// VNet and Subnet name the subnet to attach a new table to, when the
	// NIC was exported.
	VNet, Subnet string
	// Source is the file the table was read from (zero when only its id
	// was seen).
	Source evidence.Source
}

// RouteTableFor picks the route table to fix for a forced-tunnel finding:
// the table checked itself; else the exported table that holds the deciding
// user route, or that is attached to the NIC's subnet, or the only one.
func RouteTableFor(docs []evidence.AzureDoc, rc RouteCheck, h Hop) RouteTarget {
	t := RouteTarget{ResourceGroup: PhResourceGroup, Table: PhRouteTable, VNet: PhVNet, Subnet: PhSubnet}
	var subnetID string
	for _, d := range docs {
		if d.Kind == evidence.AzureNIC && (rc.Doc.Name == "" || strings.EqualFold(d.Name, rc.Doc.Name)) {
			for _, ic := range d.IPConfigs {
				if ic.SubnetID != "" {
					subnetID = ic.SubnetID
					break
				}
			}
		}
	}
	if subnetID != "" {
		t.VNet, t.Subnet = IDPart(subnetID, "virtualNetworks"), IDPart(subnetID, "subnets")
		if rg := IDPart(subnetID, "resourceGroups"); rg != "" {
			t.ResourceGroup = rg
		}
	}
	use := func(d *evidence.AzureDoc) RouteTarget {
		t.Table, t.Known, t.Source = d.Name, true, d.Source
		if d.ResourceGroup != "" {
			t.ResourceGroup = d.ResourceGroup
		}
		return t
	}
	if rc.Doc.Kind == evidence.AzureRouteTable {
		return use(rc.Doc)
	}
	var tables []*evidence.AzureDoc
	for i := range docs {
		if docs[i].Kind == evidence.AzureRouteTable && docs[i].Name != "" {
			tables = append(tables, &docs[i])
		}
	}
	if strings.EqualFold(h.Route.Origin, "User") {
		for _, d := range tables {
			for _, r := range d.Routes {
				if slices.Contains(r.Prefixes, h.Prefix.String()) && strings.EqualFold(r.NextHopType, h.Route.NextHopType) && (h.Route.Name == "" || r.Name == h.Route.Name) {
					return use(d)
				}
			}
		}
	}
	if subnetID != "" {
		for _, d := range tables {
			for _, s := range d.Subnets {
				if strings.EqualFold(s, subnetID) {
					return use(d)
				}
			}
		}
		if sn := findDoc(docs, evidence.AzureSubnet, subnetID, ""); sn != nil && sn.RouteTableID != "" {
			for _, d := range tables {
				if strings.EqualFold(d.ID, sn.RouteTableID) {
					return use(d)
				}
			}
			t.Table, t.Known = IDPart(sn.RouteTableID, "routeTables"), true
			if rg := IDPart(sn.RouteTableID, "resourceGroups"); rg != "" {
				t.ResourceGroup = rg
			}
			return t
		}
	}
	if len(tables) == 1 {
		return use(tables[0])
	}
	return t
}

// RouteName is the name given to the route for one KMS address.
func RouteName(a netip.Addr) string {
	return "AzureKMS-" + strings.NewReplacer(".", "-", ":", "-").Replace(a.String())
}

func hostPrefix(a netip.Addr) string { return netip.PrefixFrom(a, a.BitLen()).String() }

// RouteCommands returns the Azure CLI and PowerShell commands that add a
// route with next hop Internet for each address to the target table.
func RouteCommands(t RouteTarget, addrs []netip.Addr) (az, ps []string) {
	for _, a := range addrs {
		az = append(az, fmt.Sprintf("az network route-table route create --resource-group %s --route-table-name %s --name %s --address-prefix %s --next-hop-type Internet",
			t.ResourceGroup, t.Table, RouteName(a), hostPrefix(a)))
	}
	if len(addrs) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "$rt = Get-AzRouteTable -ResourceGroupName %s -Name %s", psQuote(t.ResourceGroup), psQuote(t.Table))
		for _, a := range addrs {
			fmt.Fprintf(&b, "; Add-AzRouteConfig -RouteTable $rt -Name %s -AddressPrefix %s -NextHopType Internet | Out-Null", RouteName(a), hostPrefix(a))
		}
		b.WriteString("; Set-AzRouteTable -RouteTable $rt")
		ps = append(ps, b.String())
	}
	return az, ps
}

// NewRouteTableCommands creates a route table and attaches it to the
// subnet, for when no table is attached yet.
func NewRouteTableCommands(t RouteTarget) []string {
	return []string{
		fmt.Sprintf("az network route-table create --resource-group %s --name %s", t.ResourceGroup, t.Table),
		fmt.Sprintf("az network vnet subnet update --resource-group %s --vnet-name %s --name %s --route-table %s", t.ResourceGroup, t.VNet, t.Subnet, t.Table),
	}
}

// psQuote quotes a PowerShell argument when it holds characters the shell
// would read (placeholders hold < and >).
func psQuote(s string) string {
	if strings.ContainsAny(s, " <>$'\"`;&|(){}") {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return s
}

// FreePriority picks the priority for a new allow rule: the highest free
// number below the lowest blocking priority, within the custom range
// 100-4096. It returns 0 when there is none.
func FreePriority(rules []evidence.AzureRule, below int) int {
	start := below - 1
	if start > 4096 {
		start = 4096
	}
	used := map[int]bool{}
	for _, r := range rules {
		if strings.EqualFold(r.Direction, "Outbound") {
			used[r.Priority] = true
		}
	}
	for p := start; p >= 100; p-- {
		if !used[p] {
			return p
		}
	}
	return 0
}

// NSGRuleName is the name of the allow rule kmsdoctor suggests.
const NSGRuleName = "AllowAzureKMSOutbound"

// NSGCommands returns the Azure CLI and PowerShell commands that add an
// outbound allow rule for TCP port to the addresses, at priority.
func NSGCommands(rg, nsg string, priority, port int, addrs []netip.Addr) (az, ps string) {
	if rg == "" {
		rg = PhResourceGroup
	}
	if nsg == "" {
		nsg = PhNSG
	}
	var pre []string
	for _, a := range addrs {
		pre = append(pre, hostPrefix(a))
	}
	az = fmt.Sprintf("az network nsg rule create --resource-group %s --nsg-name %s --name %s --priority %d --direction Outbound --access Allow --protocol Tcp --destination-address-prefixes %s --destination-port-ranges %d",
		rg, nsg, NSGRuleName, priority, strings.Join(pre, " "), port)
	ps = fmt.Sprintf("Get-AzNetworkSecurityGroup -ResourceGroupName %s -Name %s | Add-AzNetworkSecurityRuleConfig -Name %s -Priority %d -Direction Outbound -Access Allow -Protocol Tcp -SourceAddressPrefix '*' -SourcePortRange '*' -DestinationAddressPrefix %s -DestinationPortRange %d | Set-AzNetworkSecurityGroup",
		psQuote(rg), psQuote(nsg), NSGRuleName, priority, strings.Join(pre, ","), port)
	return az, ps
}

// OutboundCommands gives the subnet a NAT gateway.
func OutboundCommands(p OutboundProblem) []string {
	rg, vnet, subnet := subnetNames(p)
	return []string{
		fmt.Sprintf("az network public-ip create --resource-group %s --name kms-natgw-ip --sku Standard", rg),
		fmt.Sprintf("az network nat gateway create --resource-group %s --name kms-natgw --public-ip-addresses kms-natgw-ip", rg),
		fmt.Sprintf("az network vnet subnet update --resource-group %s --vnet-name %s --name %s --nat-gateway kms-natgw", rg, vnet, subnet),
	}
}

// CheckNATCommand shows the NAT gateway of the NIC's subnet.
func CheckNATCommand(p OutboundProblem) string {
	rg, vnet, subnet := subnetNames(p)
	return fmt.Sprintf("az network vnet subnet show --resource-group %s --vnet-name %s --name %s --query natGateway", rg, vnet, subnet)
}

func subnetNames(p OutboundProblem) (rg, vnet, subnet string) {
	rg, vnet, subnet = PhResourceGroup, PhVNet, PhSubnet
	if id := p.IPConfig.SubnetID; id != "" {
		if v := IDPart(id, "resourceGroups"); v != "" {
			rg = v
		}
		if v := IDPart(id, "virtualNetworks"); v != "" {
			vnet = v
		}
		if v := IDPart(id, "subnets"); v != "" {
			subnet = v
		}
	} else if p.NIC != nil && p.NIC.ResourceGroup != "" {
		rg = p.NIC.ResourceGroup
	}
	return rg, vnet, subnet
}
