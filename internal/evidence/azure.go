package evidence

// Kinds of Azure documents (AzureDoc.Kind).
const (
	AzureEffectiveRoutes = "effective_routes" // az network nic show-effective-route-table
	AzureRouteTable      = "route_table"      // az network route-table show / list
	AzureNSG             = "nsg"              // az network nsg show / list
	AzureEffectiveNSG    = "effective_nsg"    // az network nic list-effective-nsg (one per association)
	AzureNIC             = "nic"              // az network nic show
	AzureLB              = "lb"               // az network lb show
	AzureSubnet          = "subnet"           // az network vnet subnet show (or a subnet of vnet show)
)

// AzureDoc is one recognised Azure resource or result from exported Azure
// CLI / ARM JSON. Kind says which; only the fields of that kind are set.
type AzureDoc struct {
	Kind string
	// Name is the resource name (NIC, route table, NSG, load balancer,
	// subnet); for effective routes the NIC name when the file says it.
	Name          string
	ID            string
	ResourceGroup string

	// Routes: effective routes or the user routes of a route table.
	Routes []AzureRoute
	// Rules: an NSG's security and default rules, or the effective rules of
	// one NSG association.
	Rules []AzureRule
	// Association: for an effective NSG, "subnet" or "nic" and the id of
	// the subnet or NIC it is attached to.
	Association   string
	AssociationID string

	// Subnets: ids of the subnets a route table or NSG is attached to.
	Subnets []string
	// NSGID: the NSG attached to a NIC or subnet; RouteTableID: the route
	// table of a subnet.
	NSGID        string
	RouteTableID string

	// IPConfigs of a NIC.
	IPConfigs []AzureIPConfig

	// Load balancer: SKU name ("Basic", "Standard"), front ends, outbound
	// rules.
	SKU              string
	PublicFrontends  int
	PrivateFrontends int
	OutboundRules    int
	BackendPools     []string

	// Subnet: NAT gateway id, and whether default outbound access is off
	// (nil when the JSON does not say).
	NATGatewayID          string
	DefaultOutboundAccess *bool

	Source Source
}

// AzureRoute is one route: a user route of a route table (Origin "User") or
// an effective route (Origin "Default", "User", "VirtualNetworkGateway").
type AzureRoute struct {
	Name        string
	Prefixes    []string // CIDR prefixes (effective routes may list several)
	NextHopType string   // Internet, VirtualAppliance, VirtualNetworkGateway, VnetLocal, None...
	NextHopIPs  []string
	Origin      string
	State       string // Active, Invalid (effective routes)
	Index       int    // position in the file's list
	Line        int    // line in the file where the route is, 0 if not known
}

// AzureRule is one NSG security rule (custom, default or effective).
type AzureRule struct {
	Name      string
	Priority  int
	Direction string // Inbound, Outbound
	Access    string // Allow, Deny
	Protocol  string // *, Tcp, Udp, Icmp, All...
	// Dest are destination prefixes, single addresses, ranges or service
	// tags ("Internet", "*"); Expanded are the prefixes an effective rule
	// lists for its service tags.
	Dest      []string
	Expanded  []string
	DestPorts []string // "*", "1688", "1000-2000"
	Sources   []string
	Default   bool
	Index     int
	Line      int // line in the file where the rule is, 0 if not known
}

// AzureIPConfig is one IP configuration of a NIC.
type AzureIPConfig struct {
	Name         string
	PrivateIP    string
	PublicIPID   string
	SubnetID     string
	BackendPools []string // load balancer backend pool ids
}
