// Package gcp reads Google Cloud network exports (`gcloud compute routes
// list`, `firewall-rules list`, `networks subnets list`, `instances
// describe`, `networks get-effective-firewalls` with its hierarchical and
// network firewall policies, `networks describe`, `firewall-policies
// describe`, `network-firewall-policies describe`, all with --format=json,
// and the same resources as the Compute API lists them) and tells whether
// TCP 1688 reaches Google's KMS for Windows (kms.windows.googlecloud.com,
// 35.190.247.13): the checks Google's own gcpdiag rule gce/WARN_2022_012
// makes, and the firewall policies in Google's documented evaluation order,
// with the gcloud commands that fix what blocks it. Hand-written: no
// library reads these exports offline.
package gcp

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// kinds maps a resource's "kind" to the evidence kind.
var kinds = map[string]string{
	"compute#route":              evidence.GCPRoute,
	"compute#firewall":           evidence.GCPFirewall,
	"compute#subnetwork":         evidence.GCPSubnet,
	"compute#instance":           evidence.GCPInstance,
	"compute#firewallPolicy":     evidence.GCPPolicy,
	"compute#firewallPolicyRule": evidence.GCPPolicy, // a bare list of a policy's rules
	"compute#network":            evidence.GCPNetwork,
}

// Detect reports whether text is JSON holding Google Cloud routes, firewall
// rules, subnets or instances (their "kind" says so).
func Detect(text string) bool {
	body, _, ok := cloudnet.JSONStart(text)
	if !ok {
		return false
	}
	for k := range kinds {
		if strings.Contains(body, `"`+k+`"`) {
			return true
		}
	}
	return false
}

type resource struct {
	Kind              string   `json:"kind"`
	Name              string   `json:"name"`
	ID                string   `json:"id"`
	Network           string   `json:"network"`
	Region            string   `json:"region"`
	SelfLink          string   `json:"selfLink"`
	DestRange         string   `json:"destRange"`
	Priority          *int     `json:"priority"`
	Tags              any      `json:"tags"` // a route's []string; an instance's {"items": [...]}
	NextHopGateway    string   `json:"nextHopGateway"`
	NextHopIP         string   `json:"nextHopIp"`
	NextHopInstance   string   `json:"nextHopInstance"`
	NextHopIlb        string   `json:"nextHopIlb"`
	NextHopVpnTunnel  string   `json:"nextHopVpnTunnel"`
	NextHopPeering    string   `json:"nextHopPeering"`
	Direction         string   `json:"direction"`
	DestinationRanges []string `json:"destinationRanges"`
	Allowed           []proto  `json:"allowed"`
	Denied            []proto  `json:"denied"`
	TargetTags        []string `json:"targetTags"`
	TargetSAs         []string `json:"targetServiceAccounts"`
	Disabled          bool     `json:"disabled"`
	PGA               *bool    `json:"privateIpGoogleAccess"`
	NetworkInterfaces []struct {
		Network       string `json:"network"`
		Subnetwork    string `json:"subnetwork"`
		AccessConfigs []struct {
			NatIP string `json:"natIP"`
		} `json:"accessConfigs"`
		IPv6AccessConfigs []json.RawMessage `json:"ipv6AccessConfigs"`
	} `json:"networkInterfaces"`
	ServiceAccounts []struct {
		Email string `json:"email"`
	} `json:"serviceAccounts"`
	// A firewall policy (effective firewalls' firewallPolicys have no kind).
	Type        string       `json:"type"`
	ShortName   string       `json:"shortName"`
	DisplayName string       `json:"displayName"`
	Parent      string       `json:"parent"`
	Rules       []policyRule `json:"rules"`
	// A network.
	PolicyOrder string `json:"networkFirewallPolicyEnforcementOrder"`
	// An instance's zone (its region is the zone without the last part).
	Zone string `json:"zone"`
}

// policyRule is a rule of a hierarchical or network firewall policy.
type policyRule struct {
	Priority  *int   `json:"priority"`
	Action    string `json:"action"`
	Direction string `json:"direction"`
	Disabled  bool   `json:"disabled"`
	Match     struct {
		DestIPRanges []string `json:"destIpRanges"`
		Layer4       []struct {
			IPProtocol string   `json:"ipProtocol"`
			Ports      []string `json:"ports"`
		} `json:"layer4Configs"`
	} `json:"match"`
	TargetSAs       []string          `json:"targetServiceAccounts"`
	TargetResources []string          `json:"targetResources"`
	TargetSecure    []json.RawMessage `json:"targetSecureTags"`
}

type proto struct {
	IPProtocol string   `json:"IPProtocol"`
	Ports      []string `json:"ports"`
}

// Read parses one JSON text (a list, an API list with "items", the
// "firewalls" of `networks get-effective-firewalls`, or one resource) whose
// first line is line of file, and appends the resources it knows to set.
func Read(file string, line int, text string, set *evidence.Set) error {
	raw, line, _, err := cloudnet.Decode(file, line, text)
	if err != nil {
		return err
	}
	var items []json.RawMessage
	collect(raw, &items)
	n := 0
	// The firewallPolicys of `networks get-effective-firewalls`, in the
	// order gcloud lists them (hierarchical ones from the organization
	// down), and the rules of a bare rule list, gathered in one policy.
	var policies []json.RawMessage
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) == nil {
		_ = json.Unmarshal(top["firewallPolicys"], &policies)
	}
	var bare *evidence.CloudDoc
	for _, it := range append(items, policies...) {
		var r resource
		if json.Unmarshal(it, &r) != nil {
			continue
		}
		if r.Kind == "" && r.Rules != nil {
			r.Kind = "compute#firewallPolicy"
		}
		k, ok := kinds[r.Kind]
		if !ok {
			continue
		}
		if r.Kind == "compute#firewallPolicyRule" {
			var pr policyRule
			if json.Unmarshal(it, &pr) != nil {
				continue
			}
			if bare == nil {
				bare = &evidence.CloudDoc{Kind: evidence.GCPPolicy, Source: evidence.Source{File: file, Line: line}}
			}
			bare.Rules = append(bare.Rules, policyRules(pr, line)...)
			continue
		}
		at := cloudnet.LineOf(raw, r.Name, r.SelfLink)
		if r.SelfLink != "" {
			at = cloudnet.LineOf(raw, r.SelfLink, "")
		}
		src := evidence.Source{File: file, Line: line}
		if at >= 0 {
			src.Line = line + at
		}
		d := evidence.CloudDoc{Kind: k, ID: r.ID, Name: r.Name, Network: cloudnet.LastSeg(r.Network), Region: cloudnet.LastSeg(r.Region), Source: src}
		switch k {
		case evidence.GCPRoute:
			rt := evidence.CloudRoute{Name: r.Name, Dest: r.DestRange, Line: src.Line, Tags: strs(r.Tags)}
			if r.Priority != nil {
				rt.Priority = *r.Priority
			}
			switch {
			case r.NextHopGateway != "":
				rt.Target, rt.TargetKind = cloudnet.LastSeg(r.NextHopGateway), "gateway"
				if rt.Target == "default-internet-gateway" {
					rt.TargetKind = "internet"
				}
			case r.NextHopInstance != "":
				rt.Target, rt.TargetKind = cloudnet.LastSeg(r.NextHopInstance), "instance"
			case r.NextHopIlb != "":
				rt.Target, rt.TargetKind = cloudnet.LastSeg(r.NextHopIlb), "ilb"
			case r.NextHopIP != "":
				rt.Target, rt.TargetKind = r.NextHopIP, "ip"
			case r.NextHopVpnTunnel != "":
				rt.Target, rt.TargetKind = cloudnet.LastSeg(r.NextHopVpnTunnel), "vpn"
			case r.NextHopPeering != "":
				rt.Target, rt.TargetKind = r.NextHopPeering, "peering"
			}
			d.Routes = []evidence.CloudRoute{rt}
		case evidence.GCPFirewall:
			base := evidence.CloudRule{Name: r.Name, Egress: strings.EqualFold(r.Direction, "EGRESS"), Dests: r.DestinationRanges,
				TargetTags: r.TargetTags, TargetSAs: r.TargetSAs, Disabled: r.Disabled, Line: src.Line, Priority: 1000}
			if r.Priority != nil {
				base.Priority = *r.Priority
			}
			for _, p := range r.Allowed {
				x := base
				x.Allow, x.Protocol, x.Ports = true, strings.ToLower(p.IPProtocol), p.Ports
				d.Rules = append(d.Rules, x)
			}
			for _, p := range r.Denied {
				x := base
				x.Protocol, x.Ports = strings.ToLower(p.IPProtocol), p.Ports
				d.Rules = append(d.Rules, x)
			}
		case evidence.GCPPolicy:
			d.ShortName, d.PolicyType = r.ShortName, policyType(r)
			if d.ShortName == "" {
				d.ShortName = r.DisplayName
			}
			if r.Name != "" {
				if at := cloudnet.LineOf(raw, r.Name, ""); at >= 0 {
					d.Source.Line = line + at
				}
			}
			for _, pr := range r.Rules {
				d.Rules = append(d.Rules, policyRules(pr, d.Source.Line)...)
			}
		case evidence.GCPNetwork:
			d.PolicyOrder = r.PolicyOrder
			if d.Network == "" {
				d.Network = r.Name
			}
		case evidence.GCPSubnet:
			d.PrivateGoogleAccess = r.PGA
		case evidence.GCPInstance:
			for _, ni := range r.NetworkInterfaces {
				if d.Network == "" {
					d.Network = cloudnet.LastSeg(ni.Network)
				}
				d.Subnets = append(d.Subnets, cloudnet.LastSeg(ni.Subnetwork))
				for _, ac := range ni.AccessConfigs {
					if ac.NatIP != "" {
						d.ExternalIP = true
					}
				}
			}
			if z := cloudnet.LastSeg(r.Zone); strings.Count(z, "-") >= 2 {
				d.Region = z[:strings.LastIndexByte(z, '-')]
			}
			d.Tags = strs(r.Tags)
			for _, sa := range r.ServiceAccounts {
				d.ServiceAccounts = append(d.ServiceAccounts, sa.Email)
			}
		}
		set.CloudNet = append(set.CloudNet, d)
		n++
	}
	if bare != nil {
		set.CloudNet = append(set.CloudNet, *bare)
		n++
	}
	if n == 0 {
		return fmt.Errorf("%s:%d: no Google Cloud route, firewall rule, firewall policy, subnet or instance in this JSON", file, line)
	}
	return nil
}

// policyType is HIERARCHY, NETWORK or NETWORK_REGIONAL: as the effective
// firewalls say, else from where the policy lives (`firewall-policies
// describe`: a parent organization or folder, locations/global;
// `network-firewall-policies describe`: a project's global or regional
// policy).
func policyType(r resource) string {
	switch {
	case r.Type != "":
		return strings.ToUpper(r.Type)
	case r.Parent != "" || strings.Contains(r.SelfLink, "/locations/global/firewallPolicies/"):
		return "HIERARCHY"
	case strings.Contains(r.SelfLink, "/regions/") || r.Region != "":
		return "NETWORK_REGIONAL"
	case strings.Contains(r.SelfLink, "/global/firewallPolicies/"):
		return "NETWORK"
	}
	return ""
}

// policyRules are the rules of one policy rule, one per layer-4 config.
func policyRules(pr policyRule, line int) []evidence.CloudRule {
	base := evidence.CloudRule{Egress: strings.EqualFold(pr.Direction, "EGRESS"), Action: strings.ToLower(pr.Action), Dests: pr.Match.DestIPRanges,
		TargetSAs: pr.TargetSAs, TargetSecure: len(pr.TargetSecure) > 0, Disabled: pr.Disabled, Line: line}
	base.Allow = base.Action == "allow"
	if pr.Priority != nil {
		base.Priority = *pr.Priority
		base.Name = strconv.Itoa(*pr.Priority)
	}
	for _, t := range pr.TargetResources {
		base.TargetNetworks = append(base.TargetNetworks, cloudnet.LastSeg(t))
	}
	if len(pr.Match.Layer4) == 0 {
		return []evidence.CloudRule{base}
	}
	var out []evidence.CloudRule
	for _, l := range pr.Match.Layer4 {
		x := base
		x.Protocol, x.Ports = strings.ToLower(l.IPProtocol), l.Ports
		out = append(out, x)
	}
	return out
}

// collect gathers the resources of a document: the elements of an array,
// of "items" or "firewalls", or the document itself.
func collect(raw []byte, out *[]json.RawMessage) {
	var arr []json.RawMessage
	if json.Unmarshal(raw, &arr) == nil {
		for _, a := range arr {
			collect(a, out)
		}
		return
	}
	var o map[string]json.RawMessage
	if json.Unmarshal(raw, &o) != nil {
		return
	}
	found := false
	for _, k := range []string{"items", "firewalls"} {
		if v, ok := o[k]; ok {
			var inner []json.RawMessage
			if json.Unmarshal(v, &inner) == nil {
				found = true
				*out = append(*out, inner...)
			}
		}
	}
	if !found {
		*out = append(*out, raw)
	}
}

// strs is a route's tags (a list) or an instance's ({"items": [...]}).
func strs(v any) []string {
	var out []string
	switch t := v.(type) {
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	case map[string]any:
		return strs(t["items"])
	}
	return out
}
