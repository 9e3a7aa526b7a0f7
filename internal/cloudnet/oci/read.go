// Package oci reads Oracle Cloud Infrastructure network exports, the JSON
// the OCI CLI prints (`oci network route-table list` / `get`, `oci network
// security-list list` / `get`, `oci network nsg rules list` / `add`, `oci
// network subnet get` / `list`, `oci network vnic get` and `oci compute
// instance list-vnics`, and the same with --query, such as a route table's
// "route-rules" alone), and tells whether TCP 1688 reaches the KMS a
// Windows instance uses. When the instance's VNIC (and its subnet) are
// exported, only its NSGs (and its subnet's security lists and route
// table) are checked; otherwise every exported one is.
//
// Oracle's own KMS, 169.254.169.253, is link-local, and OCI documents that
// "security rules aren't enforced for traffic involving the 169.254.0.0/16
// CIDR block" (docs.oracle.com/iaas/Content/Network/Concepts/securityrules.htm,
// "Parts of a Security Rule"), and that the instance's own firewall must not
// restrict link-local traffic to 169.254.169.253 for KMS activation
// (Content/Compute/References/images.htm, Windows "Firewall Rules"). So, as
// for AWS, only a KMS host of the customer's (an address the machine is set
// to use) is checked against the security lists, network security groups
// and route tables; for Oracle's KMS the finding says that the exports
// cannot block it and where to look instead. Hand-written: no library reads
// these exports offline.
package oci

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Detect reports whether text is JSON of route tables, security lists or
// security rules as the OCI CLI prints them (kebab-case keys).
func Detect(text string) bool {
	body, _, ok := cloudnet.JSONStart(text)
	if !ok {
		return false
	}
	for _, m := range []string{`"route-rules"`, `"egress-security-rules"`, `"ingress-security-rules"`, `"network-entity-id"`, `"security-list-ids"`, `"nsg-ids"`} {
		if strings.Contains(body, m) {
			return true
		}
	}
	return strings.Contains(body, `"is-stateless"`) && strings.Contains(body, `"direction"`)
}

type portRange struct {
	Min *int `json:"min"`
	Max *int `json:"max"`
}

type l4 struct {
	Dst *portRange `json:"destination-port-range"`
	Src *portRange `json:"source-port-range"`
}

// rule is an egress or ingress rule of a security list, or an NSG rule.
type rule struct {
	Direction   string          `json:"direction"` // NSG rules only
	Destination *string         `json:"destination"`
	DestType    *string         `json:"destination-type"`
	Source      *string         `json:"source"`
	SourceType  *string         `json:"source-type"`
	Protocol    json.RawMessage `json:"protocol"` // "6", "all"; a number when written by hand
	Stateless   bool            `json:"is-stateless"`
	TCP         *l4             `json:"tcp-options"`
	ID          string          `json:"id"`
}

type routeRule struct {
	Destination *string `json:"destination"`
	CidrBlock   *string `json:"cidr-block"`
	DestType    *string `json:"destination-type"`
	Entity      string  `json:"network-entity-id"`
}

type resource struct {
	ID         string      `json:"id"`
	Name       string      `json:"display-name"`
	VCN        string      `json:"vcn-id"`
	RouteRules []routeRule `json:"route-rules"`
	Egress     []rule      `json:"egress-security-rules"`
	Ingress    []rule      `json:"ingress-security-rules"`
	SecRules   []rule      `json:"security-rules"` // nsg rules add / update
	// A subnet.
	SecurityListIDs []string `json:"security-list-ids"`
	RouteTableID    string   `json:"route-table-id"`
	// A VNIC.
	NSGIDs   []string `json:"nsg-ids"`
	SubnetID string   `json:"subnet-id"`
}

// Read parses one OCI CLI JSON text whose first line is line of file and
// appends the route tables, security lists and NSG rules it holds. An
// element it cannot read is skipped and recorded in set.Skipped; a text
// with nothing it can read is an error naming the file and the place.
func Read(file string, line int, text string, set *evidence.Set) error {
	raw, line, _, err := cloudnet.Decode(file, line, text)
	if err != nil {
		return err
	}
	body := raw
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) == nil {
		if d, ok := top["data"]; ok {
			body = d
		}
	}
	src := func(id string, after string) evidence.Source {
		s := evidence.Source{File: file, Line: line}
		if at := cloudnet.LineOf(raw, id, after); at >= 0 {
			s.Line = line + at
		}
		return s
	}
	var items []json.RawMessage
	if json.Unmarshal(body, &items) != nil {
		items = []json.RawMessage{body}
	}
	lines := itemLines(raw, body, line, len(items))
	n := 0
	var bareRoutes []routeRule
	var bareRules []rule
	for i, it := range items {
		var probe map[string]json.RawMessage
		if json.Unmarshal(it, &probe) != nil {
			set.Skipped = append(set.Skipped, evidence.NewSkip(evidence.Source{File: file, Line: lines[i]}, 1, "skip.oci.not_object", map[string]any{"index": i}))
			continue
		}
		_, routes := probe["route-rules"]
		_, egress := probe["egress-security-rules"]
		_, ingress := probe["ingress-security-rules"]
		_, hasSec := probe["security-rules"]
		_, entity := probe["network-entity-id"]
		_, direction := probe["direction"]
		_, subnet := probe["security-list-ids"]
		_, vnic := probe["nsg-ids"]
		switch {
		case routes, egress, ingress, hasSec, subnet, vnic:
		case entity:
			var rr routeRule
			if err := json.Unmarshal(it, &rr); err != nil {
				set.Skipped = append(set.Skipped, skip(file, lines[i], i, err))
				continue
			}
			bareRoutes = append(bareRoutes, rr)
			continue
		case direction:
			var r rule
			if err := json.Unmarshal(it, &r); err != nil {
				set.Skipped = append(set.Skipped, skip(file, lines[i], i, err))
				continue
			}
			bareRules = append(bareRules, r)
			continue
		default:
			set.Skipped = append(set.Skipped, evidence.NewSkip(evidence.Source{File: file, Line: lines[i]}, 1, "skip.oci.not_network_object", map[string]any{"index": i}))
			continue
		}
		var r resource
		if err := json.Unmarshal(it, &r); err != nil {
			set.Skipped = append(set.Skipped, skip(file, lines[i], i, err))
			continue
		}
		switch {
		case subnet:
			d := evidence.CloudDoc{Kind: evidence.OCISubnet, ID: r.ID, Name: r.Name, Network: r.VCN, Refs: r.SecurityListIDs, RouteTable: r.RouteTableID, Source: src(r.ID, "")}
			set.CloudNet = append(set.CloudNet, d)
		case vnic:
			d := evidence.CloudDoc{Kind: evidence.OCIVNIC, ID: r.ID, Name: r.Name, Refs: r.NSGIDs, Source: src(r.ID, "")}
			if r.SubnetID != "" {
				d.Subnets = []string{r.SubnetID}
			}
			set.CloudNet = append(set.CloudNet, d)
		case routes:
			d := evidence.CloudDoc{Kind: evidence.OCIRouteTable, ID: r.ID, Name: r.Name, Network: r.VCN, Source: src(r.ID, "")}
			d.Routes = routeRules(r.RouteRules, d.Source.Line)
			set.CloudNet = append(set.CloudNet, d)
		case egress || ingress:
			d := evidence.CloudDoc{Kind: evidence.OCISecurityList, ID: r.ID, Name: r.Name, Network: r.VCN, Source: src(r.ID, "")}
			d.Rules = append(secRules(r.Egress, true, d.Source.Line), secRules(r.Ingress, false, d.Source.Line)...)
			set.CloudNet = append(set.CloudNet, d)
		default:
			d := evidence.CloudDoc{Kind: evidence.OCINSG, Source: src("security-rules", "")}
			d.Rules = nsgRules(r.SecRules, d.Source.Line)
			set.CloudNet = append(set.CloudNet, d)
		}
		n++
	}
	if len(bareRoutes) > 0 {
		d := evidence.CloudDoc{Kind: evidence.OCIRouteTable, Source: evidence.Source{File: file, Line: line}}
		d.Routes = routeRules(bareRoutes, line)
		set.CloudNet = append(set.CloudNet, d)
		n++
	}
	if len(bareRules) > 0 {
		d := evidence.CloudDoc{Kind: evidence.OCINSG, Source: evidence.Source{File: file, Line: line}}
		d.Rules = nsgRules(bareRules, line)
		set.CloudNet = append(set.CloudNet, d)
		n++
	}
	if n == 0 {
		return fmt.Errorf("%s:%d: no OCI route table, security list, security rule, subnet or VNIC in this JSON", file, line)
	}
	return nil
}

// itemLines is the line of each of the n items of body (a list, or one
// item), body being part of raw, whose first line is line.
func itemLines(raw, body []byte, line, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = line
	}
	start := bytes.Index(raw, body)
	if start < 0 {
		return out
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		out[0] = line + bytes.Count(raw[:start], []byte{'\n'})
		return out
	}
	for i := 0; i < n && dec.More(); i++ {
		var skipped json.RawMessage
		off := int(dec.InputOffset())
		if dec.Decode(&skipped) != nil {
			break
		}
		// InputOffset is just past the previous value (its comma and the
		// blanks before this one are counted as this item's).
		lead := len(body[off:]) - len(bytes.TrimLeft(body[off:], ", \t\r\n"))
		out[i] = line + bytes.Count(raw[:start+off+lead], []byte{'\n'})
	}
	return out
}

// skip records element i of a list that did not decode (a field of the
// wrong type), naming the field when the decoder says which.
func skip(file string, line, i int, err error) evidence.Skip {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return evidence.NewSkip(evidence.Source{File: file, Line: line}, 1, "skip.oci.bad_item", map[string]any{"index": i, "field": te.Field})
	}
	return evidence.NewSkip(evidence.Source{File: file, Line: line}, 1, "skip.oci.bad_item_value", map[string]any{"index": i})
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func routeRules(rs []routeRule, line int) []evidence.CloudRoute {
	var out []evidence.CloudRoute
	for _, rr := range rs {
		dest := str(rr.Destination)
		if dest == "" {
			dest = str(rr.CidrBlock)
		}
		if t := str(rr.DestType); t != "" && !strings.EqualFold(t, "CIDR_BLOCK") {
			dest = "" // a service CIDR label (all-gru-services-in-oracle-services-network): not matched offline
		}
		out = append(out, evidence.CloudRoute{Dest: dest, Target: rr.Entity, TargetKind: EntityKind(rr.Entity), Line: line})
	}
	return out
}

// EntityKind is the kind of a route rule's target, from its OCID's
// resource type: privateip (a private IP: a firewall or NAT appliance),
// internetgateway, natgateway, servicegateway, drg, localpeeringgateway.
func EntityKind(ocid string) string {
	parts := strings.Split(ocid, ".")
	if len(parts) < 2 || parts[0] != "ocid1" {
		return ""
	}
	return parts[1]
}

func proto(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.ToLower(strings.TrimSpace(s))
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

func ports(p *portRange) string {
	if p == nil || p.Min == nil || p.Max == nil {
		return ""
	}
	return strconv.Itoa(*p.Min) + "-" + strconv.Itoa(*p.Max)
}

func toRule(r rule, egress bool, line int) evidence.CloudRule {
	x := evidence.CloudRule{Name: r.ID, Egress: egress, Allow: true, Protocol: proto(r.Protocol), Stateless: r.Stateless, Line: line}
	if r.TCP != nil {
		if p := ports(r.TCP.Dst); p != "" {
			x.Ports = []string{p}
		}
		x.SrcPorts = ports(r.TCP.Src)
	}
	peer, kind := str(r.Source), str(r.SourceType)
	if egress {
		peer, kind = str(r.Destination), str(r.DestType)
	}
	switch strings.ToUpper(kind) {
	case "", "CIDR_BLOCK":
		x.Dests = []string{peer}
	case "NETWORK_SECURITY_GROUP":
		x.Dests = []string{"nsg:" + peer} // members of an NSG: not expanded offline
	default:
		x.Dests = []string{"service:" + peer}
	}
	return x
}

func secRules(rs []rule, egress bool, line int) []evidence.CloudRule {
	var out []evidence.CloudRule
	for _, r := range rs {
		out = append(out, toRule(r, egress, line))
	}
	return out
}

func nsgRules(rs []rule, line int) []evidence.CloudRule {
	var out []evidence.CloudRule
	for _, r := range rs {
		out = append(out, toRule(r, strings.EqualFold(r.Direction, "EGRESS"), line))
	}
	return out
}
