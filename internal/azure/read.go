// Package azure reads the Azure network configuration users export with the
// Azure CLI (`az network nic show-effective-route-table`, `route-table
// show/list`, `route-table route list`, `nsg show/list`, `nsg rule list`,
// `nic list-effective-nsg`, `nic show`, `lb show`, `vnet show`, `vnet subnet
// show`) or copy from the ARM REST API (the same objects with their fields
// nested under "properties", lists under "value", or a REST example file
// whose `responses.200.body` is the object), and answers, offline and for
// every KMS address of the selected cloud at once, whether TCP 1688 gets
// out:
//
//   - Routing: longest prefix match over the active routes; at equal length
//     a user route beats a BGP (VirtualNetworkGateway) route, which beats a
//     system route. Routes marked Invalid (overridden) are skipped. A route
//     table read without effective routes is evaluated over Azure's system
//     default route 0.0.0.0/0 -> Internet; routes learned by BGP are then
//     invisible, which the report says. Any next hop but Internet breaks
//     activation: the KMS only answers requests from an Azure public address.
//   - NSGs: outbound rules in priority order (Azure's three outbound default
//     rules are assumed when the file lacks them), protocol, destination port
//     ranges, prefixes, single addresses, ranges and the Internet tag (KMS
//     addresses are public, so VirtualNetwork never covers them). Other
//     service tags cannot be expanded offline: a deny rule to one is reported
//     as a possible block; effective rules carry their expansion and are used.
//   - The platform's implicit KMS rule (seeds: the Azure KMS troubleshooting
//     blog; Microsoft's 0xC004F074 page): a broad deny (destination Internet
//     or any, all ports) does not stop KMS traffic unless the NSG also has an
//     explicit 0.0.0.0/0 rule. A deny naming port 1688 or the address is taken
//     as a block. In effective rules Azure prints "*" as 0.0.0.0/0, so there a
//     user rule to "*" counts as explicit.
//   - Outbound: a NIC configuration with no public IP, in the back end of a
//     Standard internal load balancer (or in a subnet with default outbound
//     access off), whose subnet has no NAT gateway, has no way out.
//
// The readers are hand-written on encoding/json: the Azure SDK for Go
// models ARM's nested form only, not the flattened form the CLI prints, and
// would pull in a large dependency to read a handful of fields.
package azure

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet"
	"io"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

type obj = map[string]any

// Item kinds that are not kept as documents of their own: the subnets of
// `az network vnet show` are; the rules of `az network nsg rule list` and the
// routes of `az network route-table route list` are gathered into one NSG or
// route table per parent.
const (
	kindVNet      = "vnet"
	kindRuleItem  = "nsg_rule"
	kindRouteItem = "route"
)

// Detect reports whether text (decoded by ingest) is Azure network JSON
// this package reads: JSON holding at least one object it knows, possibly
// after a prompt line or two of a pasted ticket. Damaged JSON that clearly
// comes from Azure (a resource type or field only Azure prints) is claimed
// too, so that Read can say where it breaks.
func Detect(text string) bool {
	body, _, ok := cloudnet.JSONStart(text)
	if !ok {
		return detectTable(text)
	}
	v, err := parse([]byte(body))
	if err != nil {
		return hasMarker(body)
	}
	for _, it := range items(v) {
		if classify(it) != "" {
			return true
		}
	}
	return false
}

// markers are strings only Azure network JSON holds.
var markers = []string{`"Microsoft.Network/`, `"nextHopType"`, `"effectiveSecurityRules"`, `"securityRules"`, `"defaultSecurityRules"`, `"frontendIPConfigurations"`}

func hasMarker(s string) bool {
	for _, m := range markers {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// Read parses one JSON text whose first line is line of file and appends
// what it holds to set. Text that is not JSON gives a one-line error naming
// the file, line and column; items that are JSON but unusable are recorded
// as evidence.Skip with their place in the document.
func Read(file string, line int, text string, set *evidence.Set) error {
	if line < 1 {
		line = 1
	}
	body, skipped, ok := cloudnet.JSONStart(text)
	if !ok {
		if detectTable(text) {
			return readTable(file, line, text, set)
		}
		return fmt.Errorf("%s:%d: not a JSON object or array", file, line)
	}
	line += skipped
	data := []byte(body)
	v, err := parse(data)
	if err != nil {
		return fmt.Errorf("%s: %s", file, jsonErr(data, line, err))
	}
	r := reader{file: file, line: line, set: set, text: data}
	wrapper, _ := v.(obj)
	n := 0
	// Loose rules and routes, gathered by parent id in order of appearance.
	type parent struct {
		id, key string
		list    []any
	}
	var parents []*parent
	gather := func(id, key string, it obj) {
		for _, p := range parents {
			if p.id == id && p.key == key {
				p.list = append(p.list, it)
				return
			}
		}
		parents = append(parents, &parent{id: id, key: key, list: []any{it}})
	}
	for i, it := range items(v) {
		kind := classify(it)
		switch kind {
		case "":
			r.skip("skip.azure.not_network_object", map[string]any{"index": i})
			continue
		case kindRuleItem:
			id := str(it, "id")
			key := "securityRules"
			if strings.Contains(strings.ToLower(id), "/defaultsecurityrules/") {
				key = "defaultSecurityRules"
			}
			gather(parentID(id), key, it)
		case kindRouteItem:
			gather(parentID(str(it, "id")), "routes", it)
		default:
			r.read(kind, it, wrapper)
		}
		n++
	}
	for _, p := range parents {
		o := obj{"id": p.id, p.key: p.list}
		if p.key == "routes" {
			o["type"], o["name"] = "Microsoft.Network/routeTables", IDPart(p.id, "routeTables")
			r.read(evidence.AzureRouteTable, o, wrapper)
		} else {
			o["type"], o["name"] = "Microsoft.Network/networkSecurityGroups", IDPart(p.id, "networkSecurityGroups")
			r.read(evidence.AzureNSG, o, wrapper)
		}
	}
	if n == 0 {
		return fmt.Errorf("%s:%d: no Azure network object (route table, NSG, NIC, load balancer, subnet, effective routes or rules) in this JSON", file, line)
	}
	return nil
}

func parse(text []byte) (any, error) {
	t := bytes.TrimSpace(text)
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		return nil, errors.New("not a JSON object or array")
	}
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// jsonErr turns a decoding error into "line L, column C: ...".
func jsonErr(text []byte, first int, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		off = int64(len(text))
	}
	if off < 0 {
		return "invalid JSON: " + err.Error()
	}
	l, col := cloudnet.SyntaxPlace(text, off)
	line := first + l - 1
	return fmt.Sprintf("line %d, column %d (offset %d): invalid JSON: %v", line, col, off, err)
}

// items unwraps a REST example (responses.200.body), a list ({"value":
// [...]}) or a JSON array into the objects it holds.
func items(v any) []obj {
	switch t := v.(type) {
	case []any:
		if isEffectiveRouteList(t) {
			// Some az versions print the effective routes as a bare list.
			return []obj{{"value": t}}
		}
		var out []obj
		for _, e := range t {
			out = append(out, items(e)...)
		}
		return out
	case obj:
		if resp, ok := t["responses"].(obj); ok {
			for _, code := range []string{"200", "201"} {
				if r, ok := resp[code].(obj); ok {
					if body, ok := r["body"]; ok {
						return items(body)
					}
				}
			}
			return nil
		}
		// A list; an effective route list (which classify names) is one
		// document, not many.
		if vals, ok := t["value"].([]any); ok && classify(t) == "" {
			return items(vals)
		}
		return []obj{t}
	}
	return nil
}

func isEffectiveRouteList(vals []any) bool {
	if len(vals) == 0 {
		return false
	}
	for _, e := range vals {
		o, ok := e.(obj)
		if !ok {
			return false
		}
		if _, ok := o["nextHopType"]; !ok {
			return false
		}
		if _, ok := o["addressPrefix"].([]any); !ok {
			return false
		}
	}
	return true
}

// classify names the kind of one object, or "" when it is none we read.
func classify(o obj) string {
	if vals, ok := o["value"].([]any); ok && isEffectiveRouteList(vals) {
		return evidence.AzureEffectiveRoutes
	}
	if _, ok := o["effectiveSecurityRules"]; ok {
		return evidence.AzureEffectiveNSG
	}
	typ := strings.ToLower(str(o, "type"))
	switch typ {
	case "microsoft.network/routetables":
		return evidence.AzureRouteTable
	case "microsoft.network/networksecuritygroups":
		return evidence.AzureNSG
	case "microsoft.network/networkinterfaces":
		return evidence.AzureNIC
	case "microsoft.network/loadbalancers":
		return evidence.AzureLB
	case "microsoft.network/virtualnetworks/subnets":
		return evidence.AzureSubnet
	case "microsoft.network/virtualnetworks":
		return kindVNet
	case "microsoft.network/networksecuritygroups/securityrules", "microsoft.network/networksecuritygroups/defaultsecurityrules":
		return kindRuleItem
	case "microsoft.network/routetables/routes":
		return kindRouteItem
	}
	if typ != "" {
		return ""
	}
	// No type (trimmed output or a --query projection): go by fields.
	switch {
	case has(o, "securityRules") || has(o, "defaultSecurityRules"):
		return evidence.AzureNSG
	case has(o, "routes") && !has(o, "addressSpace"):
		return evidence.AzureRouteTable
	case has(o, "frontendIPConfigurations") || has(o, "frontendIpConfigurations"):
		return evidence.AzureLB
	case has(o, "ipConfigurations") && (has(o, "macAddress") || has(o, "enableIPForwarding") || has(o, "primary") || has(o, "nicType")):
		return evidence.AzureNIC
	}
	return ""
}

// field looks a key up in the object or under its "properties" (ARM form).
func field(o obj, key string) (any, bool) {
	if v, ok := o[key]; ok && v != nil {
		return v, true
	}
	if p, ok := o["properties"].(obj); ok {
		if v, ok := p[key]; ok && v != nil {
			return v, true
		}
	}
	return nil, false
}

func has(o obj, key string) bool { _, ok := field(o, key); return ok }

func str(o obj, key string) string {
	v, ok := field(o, key)
	if !ok {
		return ""
	}
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	}
	return ""
}

func list(o obj, key string) []any {
	v, _ := field(o, key)
	l, _ := v.([]any)
	return l
}

// strs reads a string or a list of strings.
func strs(o obj, key string) []string {
	v, ok := field(o, key)
	if !ok {
		return nil
	}
	switch t := v.(type) {
	case string:
		if t == "" {
			return nil
		}
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// ref reads {"id": "..."} sub-resource references.
func ref(o obj, key string) string {
	v, _ := field(o, key)
	if r, ok := v.(obj); ok {
		s, _ := r["id"].(string)
		return s
	}
	return ""
}

func refs(o obj, key string) []string {
	var out []string
	for _, e := range list(o, key) {
		if r, ok := e.(obj); ok {
			if s, ok := r["id"].(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

func integer(o obj, key string) (int, bool) {
	v, ok := field(o, key)
	if !ok {
		return 0, false
	}
	switch t := v.(type) {
	case json.Number:
		n, err := strconv.Atoi(t.String())
		return n, err == nil
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(t))
		return n, err == nil
	}
	return 0, false
}

type reader struct {
	file string
	line int
	set  *evidence.Set
	text []byte
	// lines maps every JSON string literal of text, quotes included, to
	// the line of its first appearance (built on first use by lineOf).
	lines map[string]int
}

// lineOf returns the file line of the first place a JSON string equal to
// s appears (a resource id, or a rule name), or 0. Ids are unique, so the
// line of a rule or route is found without tracking offsets while decoding.
func (r *reader) lineOf(s string) int {
	if s == "" || r.text == nil {
		return 0
	}
	if r.lines == nil {
		r.lines = literalLines(r.text)
	}
	q, err := json.Marshal(s)
	if err != nil {
		return 0
	}
	n, ok := r.lines[string(q)]
	if !ok {
		// json.Marshal escapes <, > and &; the file may not.
		n, ok = r.lines[`"`+s+`"`]
	}
	if !ok {
		return 0
	}
	return r.line + n
}

// literalLines scans JSON text once and maps each string literal (as
// written, quotes included) to the number of line breaks before its first
// appearance: one pass, where looking each id up in the text was a pass
// per rule (quadratic in the number of rules).
func literalLines(text []byte) map[string]int {
	m := map[string]int{}
	nl := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			nl++
		case '"':
			j := i + 1
			for j < len(text) && text[j] != '"' {
				if text[j] == '\\' {
					j++
				} else if text[j] == '\n' {
					nl++ // not valid JSON, but keep the count right
				}
				j++
			}
			if j >= len(text) {
				return m
			}
			lit := text[i : j+1]
			if _, ok := m[string(lit)]; !ok {
				m[string(lit)] = nl
			}
			i = j
		}
	}
	return m
}

// itemLine is the line of a rule or route: by its id, else by its name.
func (r *reader) itemLine(o obj) int {
	if n := r.lineOf(str(o, "id")); n > 0 {
		return n
	}
	return r.lineOf(str(o, "name"))
}

func (r *reader) src() evidence.Source { return evidence.Source{File: r.file, Line: r.line} }

// skip records one item that could not be used; key is a skip.azure.*
// message.
func (r *reader) skip(key string, args map[string]any) {
	r.set.Skipped = append(r.set.Skipped, evidence.NewSkip(r.src(), 1, key, args))
}

func (r *reader) read(kind string, o obj, wrapper obj) {
	if kind == kindVNet {
		for i, e := range list(o, "subnets") {
			so, ok := e.(obj)
			if !ok {
				r.skip("skip.azure.not_object", map[string]any{"field": "subnets", "index": i})
				continue
			}
			r.read(evidence.AzureSubnet, so, nil)
		}
		return
	}
	d := evidence.AzureDoc{Kind: kind, Name: str(o, "name"), ID: str(o, "id"), ResourceGroup: str(o, "resourceGroup"), Source: r.src()}
	if d.ResourceGroup == "" {
		d.ResourceGroup = IDPart(d.ID, "resourceGroups")
	}
	if wrapper != nil {
		// A REST example names the resource in its parameters.
		if p, ok := wrapper["parameters"].(obj); ok {
			if d.ResourceGroup == "" {
				d.ResourceGroup, _ = p["resourceGroupName"].(string)
			}
			if d.Name == "" && kind == evidence.AzureEffectiveRoutes {
				d.Name, _ = p["networkInterfaceName"].(string)
			}
		}
	}
	switch kind {
	case evidence.AzureEffectiveRoutes:
		for i, e := range list(o, "value") {
			ro, _ := e.(obj)
			rt := evidence.AzureRoute{Name: str(ro, "name"), Prefixes: strs(ro, "addressPrefix"), NextHopType: str(ro, "nextHopType"),
				NextHopIPs: strs(ro, "nextHopIpAddress"), Origin: str(ro, "source"), State: str(ro, "state"), Index: i, Line: r.itemLine(ro)}
			if len(rt.Prefixes) == 0 || rt.NextHopType == "" {
				r.skip("skip.azure.route_value_incomplete", map[string]any{"index": i})
				continue
			}
			d.Routes = append(d.Routes, rt)
		}
	case evidence.AzureRouteTable:
		for i, e := range list(o, "routes") {
			ro, ok := e.(obj)
			if !ok {
				r.skip("skip.azure.not_object", map[string]any{"field": "routes", "index": i})
				continue
			}
			rt := evidence.AzureRoute{Name: str(ro, "name"), Prefixes: strs(ro, "addressPrefix"), NextHopType: str(ro, "nextHopType"),
				NextHopIPs: strs(ro, "nextHopIpAddress"), Origin: "User", State: "Active", Index: i, Line: r.itemLine(ro)}
			if len(rt.Prefixes) == 0 || rt.NextHopType == "" {
				r.skip("skip.azure.route_incomplete", map[string]any{"index": i, "name": rt.Name})
				continue
			}
			d.Routes = append(d.Routes, rt)
		}
		d.Subnets = refs(o, "subnets")
	case evidence.AzureNSG:
		d.Rules = append(d.Rules, r.rules(o, "securityRules", false)...)
		d.Rules = append(d.Rules, r.rules(o, "defaultSecurityRules", true)...)
		d.Subnets = refs(o, "subnets")
	case evidence.AzureEffectiveNSG:
		d.NSGID = ref(o, "networkSecurityGroup")
		d.Name = IDPart(d.NSGID, "networkSecurityGroups")
		d.ResourceGroup = IDPart(d.NSGID, "resourceGroups")
		if a, ok := o["association"].(obj); ok {
			if id := ref(a, "subnet"); id != "" {
				d.Association, d.AssociationID = "subnet", id
			} else if id := ref(a, "networkInterface"); id != "" {
				d.Association, d.AssociationID = "nic", id
			}
		}
		d.Rules = r.rules(o, "effectiveSecurityRules", false)
		for i := range d.Rules {
			if strings.HasPrefix(d.Rules[i].Name, "defaultSecurityRules/") {
				d.Rules[i].Default = true
			}
		}
	case evidence.AzureNIC:
		d.NSGID = ref(o, "networkSecurityGroup")
		for i, e := range list(o, "ipConfigurations") {
			io, ok := e.(obj)
			if !ok {
				r.skip("skip.azure.not_object", map[string]any{"field": "ipConfigurations", "index": i})
				continue
			}
			pip := ref(io, "publicIPAddress")
			if pip == "" {
				pip = ref(io, "publicIpAddress")
			}
			d.IPConfigs = append(d.IPConfigs, evidence.AzureIPConfig{Name: str(io, "name"), PrivateIP: cmp.Or(str(io, "privateIPAddress"), str(io, "privateIpAddress")),
				PublicIPID: pip, SubnetID: ref(io, "subnet"), BackendPools: refs(io, "loadBalancerBackendAddressPools")})
		}
	case evidence.AzureLB:
		if s, ok := field(o, "sku"); ok {
			if so, ok := s.(obj); ok {
				d.SKU, _ = so["name"].(string)
			}
		}
		fes := list(o, "frontendIPConfigurations")
		if fes == nil {
			fes = list(o, "frontendIpConfigurations")
		}
		for _, e := range fes {
			fo, _ := e.(obj)
			if fo == nil {
				continue
			}
			if ref(fo, "publicIPAddress") != "" || ref(fo, "publicIpAddress") != "" || ref(fo, "publicIPPrefix") != "" {
				d.PublicFrontends++
			} else {
				d.PrivateFrontends++
			}
		}
		d.OutboundRules = len(list(o, "outboundRules"))
		for _, e := range list(o, "backendAddressPools") {
			if bo, ok := e.(obj); ok {
				if id, _ := bo["id"].(string); id != "" {
					d.BackendPools = append(d.BackendPools, id)
				}
			}
		}
	case evidence.AzureSubnet:
		d.NATGatewayID = ref(o, "natGateway")
		d.NSGID = ref(o, "networkSecurityGroup")
		d.RouteTableID = ref(o, "routeTable")
		if v, ok := field(o, "defaultOutboundAccess"); ok {
			if b, ok := v.(bool); ok {
				d.DefaultOutboundAccess = &b
			}
		}
	}
	r.set.Azure = append(r.set.Azure, d)
}

func (r *reader) rules(o obj, key string, def bool) []evidence.AzureRule {
	var out []evidence.AzureRule
	for i, e := range list(o, key) {
		ro, ok := e.(obj)
		if !ok {
			r.skip("skip.azure.not_object", map[string]any{"field": key, "index": i})
			continue
		}
		ru := evidence.AzureRule{Name: str(ro, "name"), Direction: str(ro, "direction"), Access: str(ro, "access"), Protocol: str(ro, "protocol"),
			Default: def, Index: i, Line: r.itemLine(ro)}
		p, ok := integer(ro, "priority")
		if !ok && !strings.HasPrefix(ru.Name, "defaultSecurityRules/") {
			r.skip("skip.azure.rule_priority", map[string]any{"field": key, "index": i, "name": ru.Name})
			continue
		}
		ru.Priority = p
		if ru.Direction == "" || ru.Access == "" {
			r.skip("skip.azure.rule_direction", map[string]any{"field": key, "index": i, "name": ru.Name})
			continue
		}
		if ru.Protocol == "" {
			ru.Protocol = "*"
		}
		ru.Dest = uniq(append(strs(ro, "destinationAddressPrefix"), strs(ro, "destinationAddressPrefixes")...))
		ru.Expanded = strs(ro, "expandedDestinationAddressPrefix")
		ru.DestPorts = uniq(append(strs(ro, "destinationPortRange"), strs(ro, "destinationPortRanges")...))
		ru.Sources = uniq(append(strs(ro, "sourceAddressPrefix"), strs(ro, "sourceAddressPrefixes")...))
		if len(ru.Dest) == 0 && len(refs(ro, "destinationApplicationSecurityGroups")) > 0 {
			ru.Dest = []string{"ApplicationSecurityGroup"}
		}
		if len(ru.Dest) == 0 {
			ru.Dest = []string{"*"}
		}
		if len(ru.DestPorts) == 0 {
			ru.DestPorts = []string{"*"}
		}
		out = append(out, ru)
	}
	return out
}

// parentID cuts the last two segments (".../securityRules/name") off a
// child resource id.
func parentID(id string) string {
	for range 2 {
		i := strings.LastIndexByte(id, '/')
		if i < 0 {
			return ""
		}
		id = id[:i]
	}
	return id
}

// IDPart returns the segment after key in an ARM resource id, e.g.
// IDPart(id, "resourceGroups").
func IDPart(id, key string) string {
	parts := strings.Split(id, "/")
	for i := 0; i+1 < len(parts); i++ {
		if strings.EqualFold(parts[i], key) {
			return parts[i+1]
		}
	}
	return ""
}

// uniq drops repeated values, keeping the first of each in order.
func uniq(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
