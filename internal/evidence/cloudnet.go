package evidence

// Kinds of CloudDoc (CloudDoc.Kind), by provider.
const (
	AWSRouteTable    = "aws_route_table"     // aws ec2 describe-route-tables
	AWSSecurityGroup = "aws_security_group"  // aws ec2 describe-security-groups
	AWSNetworkACL    = "aws_network_acl"     // aws ec2 describe-network-acls
	GCPRoute         = "gcp_route"           // gcloud compute routes list --format=json
	GCPFirewall      = "gcp_firewall"        // gcloud compute firewall-rules list --format=json
	GCPSubnet        = "gcp_subnet"          // gcloud compute networks subnets list/describe --format=json
	GCPInstance      = "gcp_instance"        // gcloud compute instances describe --format=json
	GCPPolicy        = "gcp_firewall_policy" // a firewall policy (hierarchical or network) with its rules
	GCPNetwork       = "gcp_network"         // gcloud compute networks describe --format=json
	OCIRouteTable    = "oci_route_table"     // oci network route-table list/get
	OCISecurityList  = "oci_security_list"   // oci network security-list list/get
	OCINSG           = "oci_nsg"             // oci network nsg rules list/add
	OCIVNIC          = "oci_vnic"            // oci network vnic get, oci compute instance list-vnics
	OCISubnet        = "oci_subnet"          // oci network subnet get/list
)

// CloudDoc is one resource of an AWS or Google Cloud network export (a
// route table, security group, network ACL; a route, firewall rule, subnet
// or instance). Kind says which; only the fields of that kind are set.
type CloudDoc struct {
	Kind string
	// ID and Name: the resource's id (rtb-..., sg-..., acl-...) and name
	// (a security group's GroupName, a GCP resource's name).
	ID   string
	Name string
	// Network is the VPC id (AWS) or the network's name (GCP).
	Network string
	// Region: a GCP subnet's region (its last path segment).
	Region string

	Routes []CloudRoute
	Rules  []CloudRule

	// Subnets: the subnets an AWS route table or network ACL is associated
	// with; Main: the VPC's main route table (or default network ACL).
	Subnets []string
	Main    bool

	// GCP subnet: Private Google Access (nil when the export does not say).
	PrivateGoogleAccess *bool
	// GCP instance: whether a network interface has an external address,
	// its subnets (names), network tags and service accounts.
	ExternalIP      bool
	Tags            []string
	ServiceAccounts []string

	// GCP firewall policy: PolicyType is HIERARCHY, NETWORK or
	// NETWORK_REGIONAL ("" when the export does not say); Name is the
	// policy's name (a number for a hierarchical policy), ShortName its
	// short or display name. GCP network: PolicyOrder is its
	// networkFirewallPolicyEnforcementOrder.
	PolicyType  string
	ShortName   string
	PolicyOrder string

	// OCI VNIC: Refs are its NSG OCIDs (Subnets its subnet). OCI subnet:
	// Refs are its security list OCIDs, RouteTable its route table's OCID.
	Refs       []string
	RouteTable string

	Source Source
}

// CloudRoute is one route: of an AWS route table, or a GCP route.
type CloudRoute struct {
	Name string // GCP route name
	Dest string // CIDR
	// Target is where it goes: igw-..., nat-..., eni-..., i-..., tgw-...,
	// pcx-..., vgw-..., "local" (AWS); "default-internet-gateway", an
	// instance, an address or an internal load balancer (GCP).
	Target string
	// TargetKind is gateway, nat, interface, instance, transit, peering,
	// vpn, local, endpoint (AWS) or internet, instance, ip, ilb, vpn,
	// peering (GCP).
	TargetKind string
	State      string // AWS: active, blackhole
	Priority   int    // GCP
	Tags       []string
	Line       int
}

// CloudRule is one firewall rule: an AWS security group permission (allow
// only), an AWS network ACL entry, a GCP firewall rule.
type CloudRule struct {
	Name     string // GCP rule name; for AWS the group or ACL id
	Egress   bool
	Allow    bool
	Protocol string   // "-1", "tcp", "6", "all", ...
	Ports    []string // "1688", "1000-2000"; empty means all
	Dests    []string // CIDRs; for an AWS security group also "pl-..." or "sg-..." it cannot expand
	// Priority: a GCP priority, an AWS network ACL rule number.
	Priority   int
	TargetTags []string
	TargetSAs  []string
	Disabled   bool
	// Action is a GCP firewall policy rule's action: allow, deny or
	// goto_next (Allow says whether it is allow). TargetNetworks are the
	// networks (last path segment) a policy rule is limited to; TargetSecure
	// says it is limited to VMs with secure tags, which no export here
	// shows.
	Action         string
	TargetNetworks []string
	TargetSecure   bool
	// Stateless: an OCI security rule without connection tracking.
	Stateless bool
	// SrcPorts: an OCI rule's source port range ("" for all).
	SrcPorts string
	Line     int
}
