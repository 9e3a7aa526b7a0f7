package azure

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
)

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDetect(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, f := range files {
		if !Detect(readTestdata(t, filepath.Base(f))) {
			t.Errorf("Detect(%s) = false, want true", f)
		}
	}
	negatives := []struct{ name, text string }{
		{"empty", ""},
		{"slmgr", "Name: Windows(R), ServerStandard edition\nDescription: Windows(R) Operating System, VOLUME_KMSCLIENT channel\n"},
		{"other json", `{"a": 1, "value": [1, 2]}`},
		{"numbers", `[1, 2, 3]`},
		{"truncated json of something else", `{"type": "Microsoft.Compute/virtualMachines", "name": [`},
		{"prose then json", "line one\nline two\nline three\nline four\n{\"securityRules\": []}"},
		{"psping", "TCP connect to 20.118.99.224:1688:\n"},
		{"unrelated typed object", `{"type": "Microsoft.Compute/virtualMachines", "name": "vm1"}`},
	}
	for _, n := range negatives {
		if Detect(n.text) {
			t.Errorf("Detect(%s) = true, want false", n.name)
		}
	}
}

func TestDetectDamagedAndPasted(t *testing.T) {
	for _, text := range []string{
		`{"type": "Microsoft.Network/routeTables", "routes": [`,
		"PS C:\\> az network nsg show -g rg1 -n testnsg\n\n" + readTestdata(t, "arm_example_NetworkSecurityGroupGet_2023-09-01.json"),
	} {
		if !Detect(text) {
			t.Errorf("Detect(%.40q) = false, want true", text)
		}
	}
}

func TestReadPasted(t *testing.T) {
	text := "PS C:\\> az network route-table show -g rg-spoke -n rt-spoke\n\n" + readTestdata(t, "edited_az_route_table_nva.json")
	s := &evidence.Set{}
	if err := Read("ticket.txt", 10, text, s); err != nil {
		t.Fatal(err)
	}
	if len(s.Azure) != 1 || s.Azure[0].Source.Line != 12 {
		t.Errorf("read %+v, want one table at line 12", s.Azure)
	}
}

func TestReadKinds(t *testing.T) {
	tests := []struct {
		file  string
		kinds []string // kind of each document read, in order
		name  string   // Name of the first document
		rg    string   // ResourceGroup of the first document
		count int      // routes or rules or ip configurations of the first document
	}{
		{"arm_example_NetworkInterfaceEffectiveRouteTableList_2023-09-01.json", []string{evidence.AzureEffectiveRoutes}, "nic1", "rg1", 6},
		{"arm_example_RouteTableGet_2023-09-01.json", []string{evidence.AzureRouteTable}, "testrt", "rg1", 1},
		{"arm_example_NetworkSecurityGroupGet_2023-09-01.json", []string{evidence.AzureNSG}, "testnsg", "rg1", 7},
		{"edited_az_route_table_nva.json", []string{evidence.AzureRouteTable}, "rt-spoke", "rg-spoke", 2},
		{"edited_az_route_table_list.json", []string{evidence.AzureRouteTable, evidence.AzureRouteTable}, "testrt", "rg1", 1},
		{"edited_az_effective_nsg_deny_internet.json", []string{evidence.AzureEffectiveNSG}, "nsg-app", "rg-app", 4},
		{"edited_az_nic_ilb.json", []string{evidence.AzureNIC}, "vm-app01-nic", "rg-app", 1},
		{"edited_az_lb_internal_standard.json", []string{evidence.AzureLB}, "lb-app-internal", "rg-app", 0},
		{"edited_az_subnet_nat.json", []string{evidence.AzureSubnet}, "snet-app", "rg-app", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := &evidence.Set{}
			if err := Read(tt.file, 1, readTestdata(t, tt.file), s); err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, d := range s.Azure {
				kinds = append(kinds, d.Kind)
			}
			if strings.Join(kinds, ",") != strings.Join(tt.kinds, ",") {
				t.Fatalf("kinds = %v, want %v", kinds, tt.kinds)
			}
			d := s.Azure[0]
			if d.Name != tt.name || d.ResourceGroup != tt.rg {
				t.Errorf("name, rg = %q, %q; want %q, %q", d.Name, d.ResourceGroup, tt.name, tt.rg)
			}
			n := len(d.Routes) + len(d.Rules) + len(d.IPConfigs)
			if n != tt.count {
				t.Errorf("count = %d, want %d", n, tt.count)
			}
			if len(s.Skipped) != 0 {
				t.Errorf("unexpected skips: %+v", s.Skipped)
			}
			if d.Source.File != tt.file || d.Source.Line != 1 {
				t.Errorf("source = %+v", d.Source)
			}
		})
	}
}

// TestReadShapes: the same objects as az prints them (flattened, lists as
// arrays) and as ARM returns them (nested under properties, lists under
// value).
func TestReadShapes(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		kinds string
		check func(t *testing.T, d []evidence.AzureDoc)
	}{
		{"az effective routes", `{"nextLink": null, "value": [
  {"addressPrefix": ["0.0.0.0/0"], "disableBgpRoutePropagation": false, "name": null, "nextHopIpAddress": ["10.0.1.4"], "nextHopType": "VirtualAppliance", "source": "User", "state": "Active"},
  {"addressPrefix": ["0.0.0.0/0"], "disableBgpRoutePropagation": false, "name": null, "nextHopIpAddress": [], "nextHopType": "Internet", "source": "Default", "state": "Invalid"}]}`,
			"effective_routes", func(t *testing.T, d []evidence.AzureDoc) {
				if len(d[0].Routes) != 2 || d[0].Routes[0].NextHopIPs[0] != "10.0.1.4" || d[0].Routes[1].State != "Invalid" {
					t.Errorf("routes = %+v", d[0].Routes)
				}
			}},
		{"effective routes as a bare list", `[{"addressPrefix": ["0.0.0.0/0"], "nextHopIpAddress": [], "nextHopType": "Internet", "source": "Default", "state": "Active"}]`,
			"effective_routes", func(t *testing.T, d []evidence.AzureDoc) {
				if len(d[0].Routes) != 1 {
					t.Errorf("routes = %+v", d[0].Routes)
				}
			}},
		{"az nsg rule list", `[{"name": "DenyKms", "id": "/subscriptions/s/resourceGroups/rg5/providers/Microsoft.Network/networkSecurityGroups/nsg5/securityRules/DenyKms",
   "type": "Microsoft.Network/networkSecurityGroups/securityRules", "priority": 100, "direction": "Outbound", "access": "Deny", "protocol": "Tcp",
   "destinationAddressPrefix": "*", "destinationPortRange": "1688", "resourceGroup": "rg5"},
  {"name": "Web", "id": "/subscriptions/s/resourceGroups/rg5/providers/Microsoft.Network/networkSecurityGroups/nsg5/securityRules/Web",
   "type": "Microsoft.Network/networkSecurityGroups/securityRules", "priority": 110, "direction": "Inbound", "access": "Allow", "protocol": "Tcp"}]`,
			"nsg", func(t *testing.T, d []evidence.AzureDoc) {
				if d[0].Name != "nsg5" || d[0].ResourceGroup != "rg5" || len(d[0].Rules) != 2 {
					t.Errorf("nsg = %+v", d[0])
				}
			}},
		{"az route-table route list", `[{"name": "fw", "id": "/subscriptions/s/resourceGroups/rg6/providers/Microsoft.Network/routeTables/rt6/routes/fw",
   "type": "Microsoft.Network/routeTables/routes", "addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.0.4"}]`,
			"route_table", func(t *testing.T, d []evidence.AzureDoc) {
				if d[0].Name != "rt6" || d[0].ResourceGroup != "rg6" || len(d[0].Routes) != 1 || d[0].Routes[0].NextHopIPs[0] != "10.0.0.4" {
					t.Errorf("table = %+v", d[0])
				}
			}},
		{"az nsg list", `[{"name": "a", "type": "Microsoft.Network/networkSecurityGroups", "resourceGroup": "rg", "securityRules": [
   {"name": "r", "priority": 100, "direction": "Outbound", "access": "Deny", "protocol": "Tcp", "destinationAddressPrefixes": ["20.118.99.224/32", "40.83.235.53"], "destinationPortRanges": ["1688", "1689"]}],
   "defaultSecurityRules": []},
  {"name": "b", "type": "Microsoft.Network/networkSecurityGroups", "securityRules": []}]`,
			"nsg,nsg", func(t *testing.T, d []evidence.AzureDoc) {
				r := d[0].Rules[0]
				if len(r.Dest) != 2 || len(r.DestPorts) != 2 || d[0].ResourceGroup != "rg" || d[1].Name != "b" {
					t.Errorf("docs = %+v", d)
				}
			}},
		{"ARM nsg list", `{"value": [{"name": "n1", "id": "/subscriptions/s/resourceGroups/RG2/providers/Microsoft.Network/networkSecurityGroups/n1",
   "type": "Microsoft.Network/networkSecurityGroups", "properties": {"securityRules": [{"name": "x", "properties": {"priority": "200", "direction": "Outbound", "access": "Allow"}}]}}]}`,
			"nsg", func(t *testing.T, d []evidence.AzureDoc) {
				if d[0].ResourceGroup != "RG2" || d[0].Rules[0].Priority != 200 || d[0].Rules[0].Dest[0] != "*" {
					t.Errorf("doc = %+v", d[0])
				}
			}},
		{"effective nsg on a NIC", `{"value": [{"association": {"networkInterface": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic9"}},
   "networkSecurityGroup": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg9"},
   "effectiveSecurityRules": [{"name": "defaultSecurityRules/DenyAllOutBound", "priority": 65500, "direction": "Outbound", "access": "Deny", "protocol": "All",
     "destinationAddressPrefix": "0.0.0.0/0", "destinationPortRange": "0-65535"}]}]}`,
			"effective_nsg", func(t *testing.T, d []evidence.AzureDoc) {
				if d[0].Association != "nic" || d[0].Name != "nsg9" || !d[0].Rules[0].Default {
					t.Errorf("doc = %+v", d[0])
				}
			}},
		{"vnet show with subnets", `{"name": "v", "type": "Microsoft.Network/virtualNetworks", "subnets": [
   {"name": "s1", "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s1", "natGateway": {"id": "/x/natGateways/n"}},
   {"name": "s2", "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s2", "defaultOutboundAccess": false}]}`,
			"subnet,subnet", func(t *testing.T, d []evidence.AzureDoc) {
				if d[0].NATGatewayID == "" || d[1].DefaultOutboundAccess == nil || *d[1].DefaultOutboundAccess {
					t.Errorf("subnets = %+v", d)
				}
			}},
		{"ARM nic with public IP", `{"name": "nic2", "type": "Microsoft.Network/networkInterfaces", "properties": {"ipConfigurations": [
   {"name": "ip1", "properties": {"privateIPAddress": "10.0.0.5", "publicIPAddress": {"id": "/x/publicIPAddresses/pip"}, "subnet": {"id": "/x/subnets/s"}}}]}}`,
			"nic", func(t *testing.T, d []evidence.AzureDoc) {
				ic := d[0].IPConfigs[0]
				if ic.PublicIPID == "" || ic.PrivateIP != "10.0.0.5" {
					t.Errorf("ipconfig = %+v", ic)
				}
			}},
		{"ARM public standard lb", `{"name": "plb", "type": "Microsoft.Network/loadBalancers", "sku": {"name": "Standard"}, "properties": {
   "frontendIPConfigurations": [{"name": "fe", "properties": {"publicIPAddress": {"id": "/x/publicIPAddresses/p"}}}], "outboundRules": [{"name": "o"}]}}`,
			"lb", func(t *testing.T, d []evidence.AzureDoc) {
				if d[0].PublicFrontends != 1 || d[0].OutboundRules != 1 || d[0].SKU != "Standard" {
					t.Errorf("lb = %+v", d[0])
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !Detect(tt.text) {
				t.Fatal("not detected")
			}
			s := &evidence.Set{}
			if err := Read("x.json", 1, tt.text, s); err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, d := range s.Azure {
				kinds = append(kinds, d.Kind)
			}
			if strings.Join(kinds, ",") != tt.kinds {
				t.Fatalf("kinds = %v, want %s", kinds, tt.kinds)
			}
			tt.check(t, s.Azure)
		})
	}
}

func TestReadFields(t *testing.T) {
	s := &evidence.Set{}
	for _, f := range []string{"edited_az_nic_ilb.json", "edited_az_lb_internal_standard.json", "edited_az_subnet_nat.json", "edited_az_effective_nsg_deny_internet.json"} {
		if err := Read(f, 1, readTestdata(t, f), s); err != nil {
			t.Fatal(err)
		}
	}
	nic, lb, sn, eff := s.Azure[0], s.Azure[1], s.Azure[2], s.Azure[3]
	ic := nic.IPConfigs[0]
	if ic.PrivateIP != "10.20.1.4" || ic.PublicIPID != "" || len(ic.BackendPools) != 1 || !strings.HasSuffix(ic.SubnetID, "/subnets/snet-app") {
		t.Errorf("nic ipconfig = %+v", ic)
	}
	if lb.SKU != "Standard" || lb.PrivateFrontends != 1 || lb.PublicFrontends != 0 || lb.OutboundRules != 0 {
		t.Errorf("lb = %+v", lb)
	}
	if !strings.HasSuffix(sn.NATGatewayID, "/natGateways/natgw-app") {
		t.Errorf("subnet NAT = %q", sn.NATGatewayID)
	}
	if eff.Association != "subnet" || !eff.Rules[1].Default || eff.Rules[0].Default || eff.Rules[0].Protocol != "All" {
		t.Errorf("effective nsg = %+v", eff)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // substrings of the error
	}{
		{"truncated", "{\n  \"type\": \"Microsoft.Network/routeTables\",\n  \"routes\": [", []string{"truncated.json", "line 3", "invalid JSON"}},
		{"bad token", "{\n  \"routes\": [\n    {\"addressPrefix\": 0.0.0.0/0}\n  ]\n}", []string{"bad token.json", "line 3, column", "invalid JSON"}},
		{"not json", "hello", []string{"not json.json", "not a JSON object"}},
		{"json of nothing known", `{"value": [{"a": 1}]}`, []string{"no Azure network object"}},
	}
	for _, tt := range tests {
		err := Read(tt.name+".json", 1, tt.text, &evidence.Set{})
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, "\n") {
			t.Errorf("%s: error spans lines: %q", tt.name, msg)
		}
		for _, w := range tt.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: error %q lacks %q", tt.name, msg, w)
			}
		}
	}
}

// TestReadLineOffset: the line of an error counts from the segment's first
// line in the file.
func TestReadLineOffset(t *testing.T) {
	err := Read("ticket.txt", 40, "{\n\"routes\": [", &evidence.Set{})
	if err == nil || !strings.Contains(err.Error(), "line 41") {
		t.Errorf("error = %v, want line 41", err)
	}
}

func TestReadSkipsDamagedItems(t *testing.T) {
	text := `{
  "name": "nsg1", "type": "Microsoft.Network/networkSecurityGroups",
  "securityRules": [
    {"name": "ok", "priority": 100, "direction": "Outbound", "access": "Deny", "protocol": "Tcp",
     "destinationAddressPrefix": "*", "destinationPortRange": "1688"},
    {"name": "nopriority", "direction": "Outbound", "access": "Deny"},
    "garbage"
  ]
}`
	s := &evidence.Set{}
	if err := Read("nsg.json", 1, text, s); err != nil {
		t.Fatal(err)
	}
	if len(s.Azure) != 1 || len(s.Azure[0].Rules) != 1 || s.Azure[0].Rules[0].Name != "ok" {
		t.Fatalf("rules = %+v", s.Azure)
	}
	if len(s.Skipped) != 2 {
		t.Fatalf("skips = %+v, want 2", s.Skipped)
	}
	if !strings.Contains(render.Message(i18n.EN, s.Skipped[0].Message()), "securityRules[1]") || !strings.Contains(render.Message(i18n.EN, s.Skipped[0].Message()), "priority") {
		t.Errorf("skip = %q", render.Message(i18n.EN, s.Skipped[0].Message()))
	}
}

// FuzzRead: no input makes the reader panic; what Detect accepts, Read
// reads without error; errors are one line.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	tables, _ := filepath.Glob("testdata/*_table.txt")
	for _, file := range append(files, tables...) {
		b, err := os.ReadFile(file)
		if err == nil {
			f.Add(string(b))
		}
	}
	f.Add(`{"value": [{"addressPrefix": ["0.0.0.0/0"], "nextHopType": "Internet"}]}`)
	f.Add(`{"effectiveSecurityRules": [{"priority": "x"}]}`)
	f.Fuzz(func(t *testing.T, text string) {
		s := &evidence.Set{}
		det := Detect(text)
		err := Read("fuzz.json", 1, text, s)
		if det && err != nil && json.Valid([]byte(text)) {
			t.Fatalf("Detect accepted valid JSON but Read failed: %v", err)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error %q", err)
		}
		// The analysis must not panic on anything the reader produced.
		Analyze(s.Azure, Cloud("public"))
	})
}

func TestReadLines(t *testing.T) {
	tests := []struct {
		file string
		line int // line of the first route or of the named rule
		rule string
	}{
		{"edited_az_route_table_nva.json", 13, ""},
		{"edited_nsg_deny_1688.json", 35, "DenyKmsOut"},
		{"edited_az_effective_nsg_deny_internet.json", 38, "securityRules/DenyInternetOutbound"},
		{"arm_example_NetworkInterfaceEffectiveRouteTableList_2023-09-01.json", 0, ""}, // no id or name to find
	}
	for _, tt := range tests {
		s := &evidence.Set{}
		if err := Read(tt.file, 1, readTestdata(t, tt.file), s); err != nil {
			t.Fatal(err)
		}
		d := s.Azure[0]
		got := -1
		if tt.rule == "" {
			got = d.Routes[0].Line
		}
		for _, r := range d.Rules {
			if r.Name == tt.rule {
				got = r.Line
			}
		}
		if got != tt.line {
			t.Errorf("%s: line %d, want %d", tt.file, got, tt.line)
		}
	}
	// In a pasted text the line counts from the segment's start in the file.
	s := &evidence.Set{}
	if err := Read("t.txt", 101, readTestdata(t, "edited_az_route_table_nva.json"), s); err != nil {
		t.Fatal(err)
	}
	if got := s.Azure[0].Routes[0].Line; got != 113 {
		t.Errorf("offset line = %d, want 113", got)
	}
}

// TestStartsWideLine: a line with more columns than the route table is
// compared on the table's columns, without a panic (Split calls Starts on
// every line of a pasted ticket, so "a  b  c  d  e  f" crashed analyze).
func TestStartsWideLine(t *testing.T) {
	for _, l := range []string{"a  b  c  d  e  f  g", "Source  State  Address Prefix  Next Hop Type  Next Hop IP  Extra  More"} {
		if got, want := Starts(l), strings.HasPrefix(l, "Source"); got != want {
			t.Errorf("Starts(%q) = %v, want %v", l, got, want)
		}
	}
}

func TestTable(t *testing.T) {
	text := readTestdata(t, "edited_az_effective_routes_nva_table.txt")
	if !Detect(text) {
		t.Fatal("table not detected")
	}
	lines := strings.Split(text, "\n")
	if Starts(lines[0]) || !Starts(lines[1]) {
		t.Errorf("Starts: prompt %v, header %v", Starts(lines[0]), Starts(lines[1]))
	}
	s := &evidence.Set{}
	if err := Read("t.txt", 5, text, s); err != nil {
		t.Fatal(err)
	}
	d := s.Azure[0]
	if d.Kind != evidence.AzureEffectiveRoutes || len(d.Routes) != 7 || d.Source.Line != 6 {
		t.Fatalf("doc = %+v", d)
	}
	last := d.Routes[6]
	if last.Origin != "User" || last.NextHopType != "VirtualAppliance" || len(last.NextHopIPs) != 1 || last.NextHopIPs[0] != "10.0.1.4" || last.Line != 14 {
		t.Errorf("last route = %+v", last)
	}
	if d.Routes[1].State != "Invalid" || len(d.Routes[0].NextHopIPs) != 0 {
		t.Errorf("routes = %+v", d.Routes[:2])
	}
	tests := []struct {
		name, text string
		detect     bool
	}{
		{"header only", "Source  State  Address Prefix  Next Hop Type  Next Hop IP\n", false},
		{"no rows", "Source  State  Address Prefix  Next Hop Type  Next Hop IP\n------  -----  --------------  -------------  -----------\n", true},
		{"other table", "Name  State\n----  -----\nvm1   Running\n", false},
		{"damaged row", "Source   State   Address Prefix  Next Hop Type  Next Hop IP\n-------  ------  --------------  -------------  -----------\nDefault  Active  0.0.0.0/0       Internet\nUser\n", true},
	}
	for _, tt := range tests {
		if got := Detect(tt.text); got != tt.detect {
			t.Errorf("%s: Detect = %v", tt.name, got)
		}
	}
	s = &evidence.Set{}
	if err := Read("d.txt", 1, tests[3].text, s); err != nil || len(s.Azure[0].Routes) != 1 || len(s.Skipped) != 1 || s.Skipped[0].Source.Line != 4 {
		t.Errorf("damaged row: err %v, azure %+v, skipped %+v", err, s.Azure, s.Skipped)
	}
	if err := Read("e.txt", 1, tests[1].text, &evidence.Set{}); err == nil || !strings.Contains(err.Error(), "e.txt:1") {
		t.Errorf("no rows: err = %v", err)
	}
}
