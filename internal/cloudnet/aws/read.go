// Package aws reads AWS VPC exports (`aws ec2 describe-route-tables`,
// `describe-security-groups`, `describe-network-acls`, JSON output) and
// tells whether TCP 1688 reaches the KMS a Windows instance uses. Amazon's
// own KMS (169.254.169.250 and .251) is link-local: AWS documents that
// security groups and network ACLs do not filter Windows licence
// activation, and the VPC route tables do not carry link-local traffic, so
// only a KMS host of the customer's (an address the machine is set to use)
// is checked against the routes, security groups and network ACLs, with the
// aws commands that fix what blocks it. Hand-written: no library reads
// these exports offline.
package aws

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Detect reports whether text is JSON of route tables, security groups or
// network ACLs as the AWS CLI prints them.
func Detect(text string) bool {
	body, _, ok := cloudnet.JSONStart(text)
	if !ok {
		return false
	}
	for _, m := range []string{`"RouteTableId"`, `"IpPermissionsEgress"`, `"NetworkAclId"`} {
		if strings.Contains(body, m) {
			return true
		}
	}
	return false
}

type routeTable struct {
	RouteTableID string `json:"RouteTableId"`
	VpcID        string `json:"VpcId"`
	Associations []struct {
		SubnetID string `json:"SubnetId"`
		Main     bool   `json:"Main"`
	} `json:"Associations"`
	Routes []struct {
		DestinationCidrBlock     string `json:"DestinationCidrBlock"`
		DestinationIpv6CidrBlock string `json:"DestinationIpv6CidrBlock"`
		GatewayID                string `json:"GatewayId"`
		NatGatewayID             string `json:"NatGatewayId"`
		InstanceID               string `json:"InstanceId"`
		NetworkInterfaceID       string `json:"NetworkInterfaceId"`
		TransitGatewayID         string `json:"TransitGatewayId"`
		VpcPeeringConnectionID   string `json:"VpcPeeringConnectionId"`
		State                    string `json:"State"`
	} `json:"Routes"`
}

type perm struct {
	IPProtocol string `json:"IpProtocol"`
	FromPort   *int   `json:"FromPort"`
	ToPort     *int   `json:"ToPort"`
	IPRanges   []struct {
		CidrIP string `json:"CidrIp"`
	} `json:"IpRanges"`
	IPv6Ranges []struct {
		CidrIPv6 string `json:"CidrIpv6"`
	} `json:"Ipv6Ranges"`
	PrefixListIDs []struct {
		PrefixListID string `json:"PrefixListId"`
	} `json:"PrefixListIds"`
	UserIDGroupPairs []struct {
		GroupID string `json:"GroupId"`
	} `json:"UserIdGroupPairs"`
}

type securityGroup struct {
	GroupID   string `json:"GroupId"`
	GroupName string `json:"GroupName"`
	VpcID     string `json:"VpcId"`
	Egress    []perm `json:"IpPermissionsEgress"`
}

type networkACL struct {
	NetworkACLID string `json:"NetworkAclId"`
	VpcID        string `json:"VpcId"`
	IsDefault    bool   `json:"IsDefault"`
	Associations []struct {
		SubnetID string `json:"SubnetId"`
	} `json:"Associations"`
	Entries []struct {
		CidrBlock     string `json:"CidrBlock"`
		Ipv6CidrBlock string `json:"Ipv6CidrBlock"`
		Egress        bool   `json:"Egress"`
		Protocol      string `json:"Protocol"`
		RuleAction    string `json:"RuleAction"`
		RuleNumber    int    `json:"RuleNumber"`
		PortRange     *struct {
			From int `json:"From"`
			To   int `json:"To"`
		} `json:"PortRange"`
	} `json:"Entries"`
}

type document struct {
	RouteTables    []json.RawMessage `json:"RouteTables"`
	SecurityGroups []json.RawMessage `json:"SecurityGroups"`
	NetworkAcls    []json.RawMessage `json:"NetworkAcls"`
}

// Read parses one AWS CLI JSON text whose first line is line of file and
// appends the route tables, security groups and network ACLs it holds.
func Read(file string, line int, text string, set *evidence.Set) error {
	raw, line, _, err := cloudnet.Decode(file, line, text)
	if err != nil {
		return err
	}
	var docs []document
	var arr []json.RawMessage
	if json.Unmarshal(raw, &arr) == nil {
		// --query output: a list of the resources themselves.
		var d document
		for _, a := range arr {
			switch s := string(a); {
			case strings.Contains(s, `"RouteTableId"`):
				d.RouteTables = append(d.RouteTables, a)
			case strings.Contains(s, `"IpPermissionsEgress"`):
				d.SecurityGroups = append(d.SecurityGroups, a)
			case strings.Contains(s, `"NetworkAclId"`):
				d.NetworkAcls = append(d.NetworkAcls, a)
			}
		}
		docs = append(docs, d)
	} else {
		var d document
		_ = json.Unmarshal(raw, &d)
		docs = append(docs, d)
	}
	src := func(id string) evidence.Source {
		s := evidence.Source{File: file, Line: line}
		if at := cloudnet.LineOf(raw, id, ""); at >= 0 {
			s.Line = line + at
		}
		return s
	}
	n := 0
	for _, d := range docs {
		for _, r := range d.RouteTables {
			var t routeTable
			if json.Unmarshal(r, &t) != nil || t.RouteTableID == "" {
				continue
			}
			cd := evidence.CloudDoc{Kind: evidence.AWSRouteTable, ID: t.RouteTableID, Network: t.VpcID, Source: src(t.RouteTableID)}
			for _, a := range t.Associations {
				cd.Main = cd.Main || a.Main
				if a.SubnetID != "" {
					cd.Subnets = append(cd.Subnets, a.SubnetID)
				}
			}
			for _, rt := range t.Routes {
				dest := rt.DestinationCidrBlock
				if dest == "" {
					dest = rt.DestinationIpv6CidrBlock
				}
				if dest == "" {
					continue // a prefix-list route: not matched offline
				}
				er := evidence.CloudRoute{Dest: dest, State: rt.State, Line: cd.Source.Line}
				for _, c := range []struct{ id, kind string }{{rt.NatGatewayID, "nat"}, {rt.TransitGatewayID, "transit"}, {rt.VpcPeeringConnectionID, "peering"},
					{rt.NetworkInterfaceID, "interface"}, {rt.InstanceID, "instance"}, {rt.GatewayID, ""}} {
					if c.id != "" && er.Target == "" {
						er.Target, er.TargetKind = c.id, c.kind
					}
				}
				if er.TargetKind == "" {
					er.TargetKind = gatewayKind(er.Target)
				}
				cd.Routes = append(cd.Routes, er)
			}
			set.CloudNet = append(set.CloudNet, cd)
			n++
		}
		for _, r := range d.SecurityGroups {
			var g securityGroup
			if json.Unmarshal(r, &g) != nil || g.GroupID == "" {
				continue
			}
			cd := evidence.CloudDoc{Kind: evidence.AWSSecurityGroup, ID: g.GroupID, Name: g.GroupName, Network: g.VpcID, Source: src(g.GroupID)}
			for _, p := range g.Egress {
				rule := evidence.CloudRule{Name: g.GroupID, Egress: true, Allow: true, Protocol: p.IPProtocol, Line: cd.Source.Line}
				if p.IPProtocol != "-1" && p.FromPort != nil && p.ToPort != nil && *p.FromPort >= 0 {
					rule.Ports = []string{strconv.Itoa(*p.FromPort) + "-" + strconv.Itoa(*p.ToPort)}
				}
				for _, x := range p.IPRanges {
					rule.Dests = append(rule.Dests, x.CidrIP)
				}
				for _, x := range p.IPv6Ranges {
					rule.Dests = append(rule.Dests, x.CidrIPv6)
				}
				for _, x := range p.PrefixListIDs {
					rule.Dests = append(rule.Dests, x.PrefixListID)
				}
				for _, x := range p.UserIDGroupPairs {
					rule.Dests = append(rule.Dests, x.GroupID)
				}
				cd.Rules = append(cd.Rules, rule)
			}
			set.CloudNet = append(set.CloudNet, cd)
			n++
		}
		for _, r := range d.NetworkAcls {
			var a networkACL
			if json.Unmarshal(r, &a) != nil || a.NetworkACLID == "" {
				continue
			}
			cd := evidence.CloudDoc{Kind: evidence.AWSNetworkACL, ID: a.NetworkACLID, Network: a.VpcID, Main: a.IsDefault, Source: src(a.NetworkACLID)}
			for _, as := range a.Associations {
				cd.Subnets = append(cd.Subnets, as.SubnetID)
			}
			for _, e := range a.Entries {
				dest := e.CidrBlock
				if dest == "" {
					dest = e.Ipv6CidrBlock
				}
				rule := evidence.CloudRule{Name: a.NetworkACLID, Egress: e.Egress, Allow: strings.EqualFold(e.RuleAction, "allow"), Protocol: e.Protocol,
					Dests: []string{dest}, Priority: e.RuleNumber, Line: cd.Source.Line}
				if e.PortRange != nil {
					rule.Ports = []string{strconv.Itoa(e.PortRange.From) + "-" + strconv.Itoa(e.PortRange.To)}
				}
				cd.Rules = append(cd.Rules, rule)
			}
			set.CloudNet = append(set.CloudNet, cd)
			n++
		}
	}
	if n == 0 {
		return fmt.Errorf("%s:%d: no route table, security group or network ACL in this JSON", file, line)
	}
	return nil
}

// gatewayKind is the kind of a GatewayId: local, an internet gateway, a
// virtual private gateway, a VPC endpoint.
func gatewayKind(id string) string {
	switch {
	case id == "local":
		return "local"
	case strings.HasPrefix(id, "igw-"), strings.HasPrefix(id, "eigw-"):
		return "internet"
	case strings.HasPrefix(id, "vgw-"):
		return "vpn"
	case strings.HasPrefix(id, "vpce-"):
		return "endpoint"
	}
	return "gateway"
}
