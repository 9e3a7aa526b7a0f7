package diagnose

import (
	"slices"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

func azRoute(prefix, hop, origin, state string, ips ...string) evidence.AzureRoute {
	return evidence.AzureRoute{Prefixes: []string{prefix}, NextHopType: hop, Origin: origin, State: state, NextHopIPs: ips}
}

func azOut(name string, prio int, access string, dest, ports string) evidence.AzureRule {
	return evidence.AzureRule{Name: name, Priority: prio, Direction: "Outbound", Access: access, Protocol: "*",
		Dest: []string{dest}, DestPorts: []string{ports}, Sources: []string{"*"}}
}

func TestAzureRules(t *testing.T) {
	src := evidence.Source{File: "x.json", Line: 1}
	effective := func(routes ...evidence.AzureRoute) evidence.AzureDoc {
		return evidence.AzureDoc{Kind: evidence.AzureEffectiveRoutes, Name: "nic1", Routes: routes, Source: src}
	}
	defaults := []evidence.AzureRoute{azRoute("0.0.0.0/0", "Internet", "Default", "Active"), azRoute("10.0.0.0/8", "None", "Default", "Active")}
	forced := []evidence.AzureRoute{azRoute("0.0.0.0/0", "Internet", "Default", "Invalid"), azRoute("0.0.0.0/0", "VirtualAppliance", "User", "Active", "10.0.1.4")}
	lbID := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/ilb"
	tests := []struct {
		name    string
		cloud   string
		docs    []evidence.AzureDoc
		ids     []string
		primary string
		detail  string // substring of the first finding's detail
		cmd     string // substring of one of the first finding's commands
	}{
		{name: "no azure evidence", docs: nil, ids: nil},
		{name: "default routes", docs: []evidence.AzureDoc{effective(defaults...)}, ids: []string{IDAzurePathClear}},
		{name: "forced tunnel", docs: []evidence.AzureDoc{effective(append(defaults, forced...)...)},
			ids: []string{IDAzureRouteForced}, primary: IDAzureRouteForced, detail: "VirtualAppliance (10.0.1.4)",
			cmd: "--address-prefix 40.83.235.53/32 --next-hop-type Internet"},
		{name: "forced tunnel, usgov addresses", cloud: "usgov", docs: []evidence.AzureDoc{effective(forced...)},
			ids: []string{IDAzureRouteForced}, primary: IDAzureRouteForced, detail: "23.97.0.13, 52.126.105.2",
			cmd: "--address-prefix 52.126.105.2/32"},
		{name: "only legacy routed", docs: []evidence.AzureDoc{effective(append(forced, azRoute("23.102.135.246/32", "Internet", "User", "Active"))...)},
			ids: []string{IDAzureRouteForced}, primary: IDAzureRouteForced, detail: "20.118.99.224, 40.83.235.53"},
		{name: "legacy address tunnelled, current ones direct", docs: []evidence.AzureDoc{effective(append(forced,
			azRoute("20.118.99.224/32", "Internet", "User", "Active"), azRoute("40.83.235.53/32", "Internet", "User", "Active"))...)},
			ids: []string{IDAzurePathClear}},
		{name: "no route at all", docs: []evidence.AzureDoc{effective(azRoute("10.0.0.0/8", "VnetLocal", "Default", "Active"))},
			ids: []string{IDAzureRouteForced}, primary: IDAzureRouteForced, detail: "no active route"},
		{name: "nsg deny 1688", docs: []evidence.AzureDoc{{Kind: evidence.AzureNSG, Name: "nsg1", ResourceGroup: "rg", Source: src,
			Rules: []evidence.AzureRule{azOut("deny", 150, "Deny", "Internet", "1688")}}},
			ids: []string{IDAzureNSGBlocks}, primary: IDAzureNSGBlocks, detail: "deny (priority 150",
			cmd: "az network nsg rule create --resource-group rg --nsg-name nsg1 --name AllowAzureKMSOutbound --priority 149"},
		{name: "nsg deny internet", docs: []evidence.AzureDoc{{Kind: evidence.AzureNSG, Name: "nsg1", Source: src,
			Rules: []evidence.AzureRule{azOut("denyinet", 4000, "Deny", "Internet", "*")}}},
			ids: []string{IDAzureNSGImplicit, IDAzurePathClear}},
		{name: "nsg deny internet with explicit 0.0.0.0/0", docs: []evidence.AzureDoc{{Kind: evidence.AzureNSG, Name: "nsg1", Source: src,
			Rules: []evidence.AzureRule{azOut("denyinet", 4000, "Deny", "Internet", "*"), azOut("web", 200, "Allow", "0.0.0.0/0", "443")}}},
			ids: []string{IDAzureNSGBlocks}, primary: IDAzureNSGBlocks, detail: "(web, priority 200)"},
		{name: "nsg with no free priority", docs: []evidence.AzureDoc{{Kind: evidence.AzureNSG, Name: "nsg1", Source: src,
			Rules: []evidence.AzureRule{azOut("deny", 100, "Deny", "*", "1688")}}},
			ids: []string{IDAzureNSGBlocks}, primary: IDAzureNSGBlocks},
		{name: "deny to a service tag that cannot be expanded", docs: []evidence.AzureDoc{{Kind: evidence.AzureNSG, Name: "nsg1", Source: src,
			Rules: []evidence.AzureRule{azOut("denycloud", 300, "Deny", "AzureCloud", "*")}}},
			ids: []string{IDAzureNSGBlocks}, primary: IDAzureNSGBlocks, detail: "service tag",
			cmd: "--priority 299"},
		{name: "standard internal lb", docs: []evidence.AzureDoc{
			{Kind: evidence.AzureNIC, Name: "nic1", Source: src, IPConfigs: []evidence.AzureIPConfig{{Name: "ipconfig1", BackendPools: []string{lbID + "/backendAddressPools/p"}}}},
			{Kind: evidence.AzureLB, Name: "ilb", ID: lbID, SKU: "Standard", PrivateFrontends: 1, Source: src}},
			ids: []string{IDAzureOutboundNone}, primary: IDAzureOutboundNone, detail: "ilb"},
		{name: "basic internal lb is not flagged", docs: []evidence.AzureDoc{
			{Kind: evidence.AzureNIC, Name: "nic1", Source: src, IPConfigs: []evidence.AzureIPConfig{{Name: "ipconfig1", BackendPools: []string{lbID + "/backendAddressPools/p"}}}},
			{Kind: evidence.AzureLB, Name: "ilb", ID: lbID, SKU: "Basic", PrivateFrontends: 1, Source: src}},
			ids: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &evidence.Set{Context: evidence.Context{AzureCloud: tt.cloud}, Azure: tt.docs}
			r := &report.Report{}
			runLang(s, i18n.EN, r)
			var got []string
			for _, f := range r.Findings {
				got = append(got, f.ID)
			}
			if !slices.Equal(got, tt.ids) {
				t.Fatalf("ids = %v, want %v", got, tt.ids)
			}
			if r.Verdict.Primary != tt.primary {
				t.Errorf("primary = %q, want %q", r.Verdict.Primary, tt.primary)
			}
			if len(r.Findings) == 0 {
				return
			}
			f := r.Findings[0]
			if tt.detail != "" && !strings.Contains(f.Detail, tt.detail) {
				t.Errorf("detail %q lacks %q", f.Detail, tt.detail)
			}
			if tt.cmd != "" && !strings.Contains(strings.Join(f.Commands, "\n"), tt.cmd) {
				t.Errorf("commands %q lack %q", f.Commands, tt.cmd)
			}
			for _, f := range r.Findings {
				for _, s := range append([]string{f.Title, f.Detail}, f.Fix...) {
					if strings.Contains(s, "[finding.") || strings.Contains(s, "[fix.") || strings.Contains(s, "[azure.") {
						t.Errorf("%s: missing catalogue key in %q", f.ID, s)
					}
				}
			}
		})
	}
}

// TestAzureCatalogue: every message the Azure rules use exists in both
// languages with a filled-in text (the i18n test checks placeholders).
func TestAzureCatalogue(t *testing.T) {
	for _, id := range []string{IDAzureRouteForced, IDAzureNSGBlocks, IDAzureNSGImplicit, IDAzureOutboundNone, IDAzurePathClear} {
		if _, ok := Lookup(id); !ok {
			t.Errorf("%s: not defined", id)
		}
		for _, k := range []string{"finding." + id + ".title", "finding." + id + ".detail"} {
			if !i18n.Has(k) {
				t.Errorf("missing %s", k)
			}
		}
	}
	for _, k := range []string{"finding.azure.route.forced_tunnel.detail_table", "finding.azure.route.forced_tunnel.detail_noroute",
		"finding.azure.nsg.blocks_kms.detail_zero", "finding.azure.outbound.none.detail_nat_unknown", "finding.azure.outbound.none.detail_private",
		"fix.azure.route.add_user_unknown", "fix.azure.nsg.no_priority", "azure.assoc.subnet", "azure.assoc.nic"} {
		if !i18n.Has(k) {
			t.Errorf("missing %s", k)
		}
	}
}
