package azure

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
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

// Command is one fix command line: the Azure CLI or PowerShell Az, built
// with package cmdline, so every name taken from the exported JSON is
// validated (cmdline.Name) and quoted for the shell, and a name that is
// missing or not valid is a placeholder (Line.Holes, Line.Refused).
type Command struct {
	Shell cmdline.Shell // cmdline.Az or cmdline.PowerShell
	Line  cmdline.Line
	// Read is true for a command that only shows something.
	Read bool
}

// String is the command line.
func (c Command) String() string { return c.Line.Run }

// name is a resource name from the JSON, or its placeholder.
func name(v, ph string) cmdline.Arg {
	if v == "" || v == ph {
		return cmdline.Hole(ph)
	}
	n, ok := cmdline.Name(v)
	return cmdline.Checked(n, ok, v, ph)
}

func lit(s string) cmdline.Arg { return cmdline.Lit(s) }

func az(args ...cmdline.Arg) Command {
	return Command{Shell: cmdline.Az, Line: cmdline.Build(cmdline.Az, args...)}
}

// statements joins PowerShell statements with "; " into one line.
func statements(ls ...cmdline.Line) Command {
	var out cmdline.Line
	var runs []string
	for _, l := range ls {
		runs = append(runs, l.Run)
		for _, h := range l.Holes {
			if !slices.Contains(out.Holes, h) {
				out.Holes = append(out.Holes, h)
			}
		}
		out.Refused = append(out.Refused, l.Refused...)
	}
	out.Run = strings.Join(runs, "; ")
	return Command{Shell: cmdline.PowerShell, Line: out}
}

func ps(args ...cmdline.Arg) cmdline.Line { return cmdline.Build(cmdline.PowerShell, args...) }

// RouteCommands returns the Azure CLI and PowerShell commands that add a
// route with next hop Internet for each address to the target table.
func RouteCommands(t RouteTarget, addrs []netip.Addr) (azs, pss []Command) {
	for _, a := range addrs {
		azs = append(azs, az(lit("az network route-table route create --resource-group"), name(t.ResourceGroup, PhResourceGroup),
			lit("--route-table-name"), name(t.Table, PhRouteTable), lit("--name "+RouteName(a)+" --address-prefix "+hostPrefix(a)+" --next-hop-type Internet")))
	}
	if len(addrs) > 0 {
		ls := []cmdline.Line{ps(lit("$rt = Get-AzRouteTable -ResourceGroupName"), name(t.ResourceGroup, PhResourceGroup), lit("-Name"), name(t.Table, PhRouteTable))}
		for _, a := range addrs {
			ls = append(ls, ps(lit("Add-AzRouteConfig -RouteTable $rt -Name "+RouteName(a)+" -AddressPrefix "+hostPrefix(a)+" -NextHopType Internet | Out-Null")))
		}
		ls = append(ls, ps(lit("Set-AzRouteTable -RouteTable $rt")))
		pss = append(pss, statements(ls...))
	}
	return azs, pss
}

// NewRouteTableCommands creates a route table and attaches it to the
// subnet, for when no table is attached yet.
func NewRouteTableCommands(t RouteTarget) []Command {
	return []Command{
		az(lit("az network route-table create --resource-group"), name(t.ResourceGroup, PhResourceGroup), lit("--name"), name(t.Table, PhRouteTable)),
		az(lit("az network vnet subnet update --resource-group"), name(t.ResourceGroup, PhResourceGroup), lit("--vnet-name"), name(t.VNet, PhVNet),
			lit("--name"), name(t.Subnet, PhSubnet), lit("--route-table"), name(t.Table, PhRouteTable)),
	}
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
func NSGCommands(rg, nsg string, priority, port int, addrs []netip.Addr) (azc, psc Command) {
	var pre []string
	for _, a := range addrs {
		pre = append(pre, hostPrefix(a))
	}
	azc = az(lit("az network nsg rule create --resource-group"), name(rg, PhResourceGroup), lit("--nsg-name"), name(nsg, PhNSG),
		lit(fmt.Sprintf("--name %s --priority %d --direction Outbound --access Allow --protocol Tcp --destination-address-prefixes %s --destination-port-ranges %d",
			NSGRuleName, priority, strings.Join(pre, " "), port)))
	psc = statements(ps(lit("Get-AzNetworkSecurityGroup -ResourceGroupName"), name(rg, PhResourceGroup), lit("-Name"), name(nsg, PhNSG),
		lit(fmt.Sprintf("| Add-AzNetworkSecurityRuleConfig -Name %s -Priority %d -Direction Outbound -Access Allow -Protocol Tcp -SourceAddressPrefix '*' -SourcePortRange '*' -DestinationAddressPrefix %s -DestinationPortRange %d | Set-AzNetworkSecurityGroup",
			NSGRuleName, priority, strings.Join(pre, ","), port))))
	return azc, psc
}

// OutboundCommands gives the subnet a NAT gateway.
func OutboundCommands(p OutboundProblem) []Command {
	rg, vnet, subnet := subnetNames(p)
	return []Command{
		az(lit("az network public-ip create --resource-group"), rg, lit("--name kms-natgw-ip --sku Standard")),
		az(lit("az network nat gateway create --resource-group"), rg, lit("--name kms-natgw --public-ip-addresses kms-natgw-ip")),
		az(lit("az network vnet subnet update --resource-group"), rg, lit("--vnet-name"), vnet, lit("--name"), subnet, lit("--nat-gateway kms-natgw")),
	}
}

// CheckNATCommand shows the NAT gateway of the NIC's subnet.
func CheckNATCommand(p OutboundProblem) Command {
	rg, vnet, subnet := subnetNames(p)
	c := az(lit("az network vnet subnet show --resource-group"), rg, lit("--vnet-name"), vnet, lit("--name"), subnet, lit("--query natGateway"))
	c.Read = true
	return c
}

func subnetNames(p OutboundProblem) (rg, vnet, subnet cmdline.Arg) {
	rgs, vnets, subnets := "", "", ""
	if id := p.IPConfig.SubnetID; id != "" {
		rgs, vnets, subnets = IDPart(id, "resourceGroups"), IDPart(id, "virtualNetworks"), IDPart(id, "subnets")
	} else if p.NIC != nil {
		rgs = p.NIC.ResourceGroup
	}
	return name(rgs, PhResourceGroup), name(vnets, PhVNet), name(subnets, PhSubnet)
}
