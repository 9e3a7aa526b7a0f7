package azure_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"

	"github.com/kmsdoctor/kmsdoctor/internal/azure"
	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/ingest"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// scenario is one exported configuration: the files a user would pass to
// `kmsdoctor analyze [--azure CLOUD]`, and what the report must say.
type scenario struct {
	name    string
	cloud   string
	files   []string
	primary string   // verdict.primary ("" for none)
	status  string   // verdict.status
	ids     []string // every finding id, in report order
	// fix holds substrings some fix command must contain.
	fix []string
}

var scenarios = []scenario{
	{name: "corpus_effective_routes", files: []string{"arm_example_NetworkInterfaceEffectiveRouteTableList_2023-09-01.json"},
		status: report.StatusOK, ids: []string{"azure.path.clear"}},
	{name: "corpus_route_table", files: []string{"arm_example_RouteTableGet_2023-09-01.json"},
		status: report.StatusOK, ids: []string{"azure.path.clear"}},
	{name: "corpus_nsg", files: []string{"arm_example_NetworkSecurityGroupGet_2023-09-01.json"},
		status: report.StatusOK, ids: []string{"azure.path.clear"}},
	{name: "forced_tunnel_nva", files: []string{"edited_effective_routes_nva.json", "edited_az_route_table_nva.json"},
		status: report.StatusProblem, primary: "azure.route.forced_tunnel", ids: []string{"azure.route.forced_tunnel"},
		fix: []string{
			"az network route-table route create --resource-group rg-spoke --route-table-name rt-spoke --name AzureKMS-20-118-99-224 --address-prefix 20.118.99.224/32 --next-hop-type Internet",
			"az network route-table route create --resource-group rg-spoke --route-table-name rt-spoke --name AzureKMS-40-83-235-53 --address-prefix 40.83.235.53/32 --next-hop-type Internet",
			"Add-AzRouteConfig -RouteTable $rt -Name AzureKMS-40-83-235-53 -AddressPrefix 40.83.235.53/32 -NextHopType Internet",
		}},
	{name: "forced_tunnel_vpn_gateway", files: []string{"edited_effective_routes_vpngw.json"},
		status: report.StatusProblem, primary: "azure.route.forced_tunnel", ids: []string{"azure.route.forced_tunnel"},
		fix: []string{"az network route-table create --resource-group <resource-group> --name <route-table>", "--address-prefix 40.83.235.53/32 --next-hop-type Internet"}},
	{name: "forced_tunnel_route_table_only", files: []string{"edited_az_route_table_nva.json"},
		status: report.StatusProblem, primary: "azure.route.forced_tunnel", ids: []string{"azure.route.forced_tunnel"},
		fix: []string{"--resource-group rg-spoke --route-table-name rt-spoke --name AzureKMS-20-118-99-224"}},
	{name: "route_table_list", files: []string{"edited_az_route_table_list.json"},
		status: report.StatusProblem, primary: "azure.route.forced_tunnel", ids: []string{"azure.route.forced_tunnel"},
		fix: []string{"--route-table-name rt-spoke"}},
	{name: "forced_tunnel_table_form", files: []string{"edited_az_effective_routes_nva_table.txt"},
		status: report.StatusProblem, primary: "azure.route.forced_tunnel", ids: []string{"azure.route.forced_tunnel"},
		fix: []string{"--address-prefix 20.118.99.224/32 --next-hop-type Internet"}},
	{name: "udr_fixed", files: []string{"edited_effective_routes_udr_fixed.json"},
		status: report.StatusOK, ids: []string{"azure.path.clear"}},
	{name: "legacy_only", files: []string{"edited_effective_routes_legacy_only.json"},
		status: report.StatusProblem, primary: "azure.route.forced_tunnel", ids: []string{"azure.route.forced_tunnel"},
		fix: []string{"--address-prefix 20.118.99.224/32 --next-hop-type Internet"}},
	{name: "udr_fixed_wrong_cloud", cloud: "china", files: []string{"edited_effective_routes_udr_fixed.json"},
		status: report.StatusProblem, primary: "azure.route.forced_tunnel", ids: []string{"azure.route.forced_tunnel"},
		fix: []string{"--address-prefix 159.27.28.100/32", "--address-prefix 163.228.64.161/32"}},
	{name: "nsg_deny_1688", files: []string{"edited_nsg_deny_1688.json"},
		status: report.StatusProblem, primary: "azure.nsg.blocks_kms", ids: []string{"azure.nsg.blocks_kms"},
		fix: []string{"az network nsg rule create --resource-group rg1 --nsg-name testnsg --name AllowAzureKMSOutbound --priority 199 --direction Outbound --access Allow --protocol Tcp --destination-address-prefixes 20.118.99.224/32 40.83.235.53/32 --destination-port-ranges 1688"}},
	{name: "nsg_deny_internet_implicit", files: []string{"edited_nsg_deny_internet.json"},
		status: report.StatusOK, ids: []string{"azure.nsg.implicit_allow", "azure.path.clear"},
		fix: []string{"--priority 3999"}},
	{name: "nsg_deny_internet_explicit_zero", files: []string{"edited_nsg_deny_internet_zero.json"},
		status: report.StatusProblem, primary: "azure.nsg.blocks_kms", ids: []string{"azure.nsg.blocks_kms"},
		fix: []string{"--nsg-name testnsg --name AllowAzureKMSOutbound --priority 3999"}},
	{name: "nsg_allow_before_deny", files: []string{"edited_nsg_allow_kms_before_deny.json"},
		status: report.StatusOK, ids: []string{"azure.path.clear"}},
	{name: "effective_nsg_deny_internet", files: []string{"edited_az_effective_nsg_deny_internet.json"},
		status: report.StatusOK, ids: []string{"azure.nsg.implicit_allow", "azure.path.clear"}},
	{name: "internal_lb_nat_unknown", files: []string{"edited_az_nic_ilb.json", "edited_az_lb_internal_standard.json"},
		status: report.StatusProblem, primary: "azure.outbound.none", ids: []string{"azure.outbound.none"},
		fix: []string{"az network vnet subnet show --resource-group rg-app --vnet-name vnet-app --name snet-app --query natGateway"}},
	{name: "internal_lb_no_nat", files: []string{"edited_az_nic_ilb.json", "edited_az_lb_internal_standard.json", "edited_az_subnet_no_nat.json"},
		status: report.StatusProblem, primary: "azure.outbound.none", ids: []string{"azure.outbound.none"},
		fix: []string{"az network vnet subnet update --resource-group rg-app --vnet-name vnet-app --name snet-app --nat-gateway kms-natgw"}},
	{name: "internal_lb_with_nat", files: []string{"edited_az_nic_ilb.json", "edited_az_lb_internal_standard.json", "edited_az_subnet_nat.json"},
		status: report.StatusOK, ids: []string{"azure.path.clear"}},
	{name: "bundle_everything_wrong", files: []string{"edited_effective_routes_nva.json", "edited_az_route_table_nva.json", "edited_nsg_deny_internet_zero.json",
		"edited_az_nic_ilb.json", "edited_az_lb_internal_standard.json", "edited_az_subnet_no_nat.json"},
		status: report.StatusProblem, primary: "azure.route.forced_tunnel", ids: []string{"azure.route.forced_tunnel", "azure.nsg.blocks_kms", "azure.outbound.none"}},
}

var fixedTime = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func run(t *testing.T, sc scenario, lang i18n.Lang) *report.Report {
	t.Helper()
	s := &evidence.Set{Context: evidence.Context{AzureCloud: sc.cloud}}
	for _, f := range sc.files {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := azure.Read(f, 1, string(b), s); err != nil {
			t.Fatal(err)
		}
		s.Inputs = append(s.Inputs, f)
	}
	r := report.New("analyze", fixedTime)
	r.ID = "00000000-0000-4000-8000-000000000000"
	diagnose.Run(s, r)
	render.Localize(r, lang)
	return r
}

func ids(r *report.Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.ID)
	}
	return out
}

func TestScenarios(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			r := run(t, sc, i18n.EN)
			if got := ids(r); !slices.Equal(got, sc.ids) {
				t.Errorf("ids = %v, want %v", got, sc.ids)
			}
			if r.Verdict.Status != sc.status || r.Verdict.Primary != sc.primary {
				t.Errorf("verdict = %s/%q, want %s/%q", r.Verdict.Status, r.Verdict.Primary, sc.status, sc.primary)
			}
			var cmds []string
			for _, f := range r.Findings {
				cmds = append(cmds, f.Commands...)
				if f.Severity.IsProblem() && len(f.Commands) == 0 {
					t.Errorf("%s: a problem without a fix command", f.ID)
				}
				if f.ID == "azure.route.forced_tunnel" && !strings.Contains(f.Detail, "0.0.0.0/0") {
					t.Errorf("%s: detail does not name the deciding route: %q", f.ID, f.Detail)
				}
			}
			all := strings.Join(cmds, "\n")
			for _, w := range sc.fix {
				if !strings.Contains(all, w) {
					t.Errorf("no fix command contains %q; commands:\n%s", w, all)
				}
			}
			// Every report says where it read each fact.
			for _, f := range r.Findings {
				if len(f.Sources) == 0 {
					t.Errorf("%s: no sources", f.ID)
				}
			}
		})
	}
}

// TestGolden compares the text reports (English and Japanese) and, for the
// bundle, the JSON with testdata/golden. Run `go test ./internal/azure
// -run Golden -update` to rewrite them, then read the diff.
func TestGolden(t *testing.T) {
	for _, sc := range scenarios {
		for _, lang := range []i18n.Lang{i18n.EN, i18n.JA} {
			t.Run(sc.name+"."+string(lang), func(t *testing.T) {
				r := run(t, sc, lang)
				var b bytes.Buffer
				if err := render.Text(&b, r, lang, textout.Plain); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, filepath.Join("testdata", "golden", sc.name+"."+string(lang)+".txt"), b.Bytes())
				if sc.name == "bundle_everything_wrong" && lang == i18n.EN {
					var j bytes.Buffer
					if err := render.JSON(&j, r); err != nil {
						t.Fatal(err)
					}
					golden.Check(t, filepath.Join("testdata", "golden", sc.name+".json"), j.Bytes())
				}
			})
		}
	}
}

// TestIngestBundle runs a zip holding Azure JSON mixed with other files
// through the analyze pipeline (ingest -> evidence -> diagnose).
func TestIngestBundle(t *testing.T) {
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	add := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"edited_effective_routes_nva.json", "edited_az_route_table_nva.json", "edited_nsg_deny_1688.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		add("azure/"+f, b)
	}
	// A note of no known kind (a note that says activation fails is read
	// by the prose kind as a failure stated in words).
	add("notes.txt", []byte("Exports of VM vm-app01 since the firewall went in.\n"))
	table, err := os.ReadFile(filepath.Join("testdata", "edited_az_effective_routes_nva_table.txt"))
	if err != nil {
		t.Fatal(err)
	}
	add("ticket.txt", append([]byte("Customer says activation fails with 0xC004F074. Routes below.\n\n"), table...))
	add("azure/cut.json", []byte("{\n  \"type\": \"Microsoft.Network/networkSecurityGroups\",\n  \"securityRules\": [\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	s := &evidence.Set{}
	ingest.Bytes("bundle.zip", zb.Bytes(), s)
	if len(s.Azure) != 4 {
		t.Fatalf("Azure docs read through ingest = %d, want 4 (skipped %+v, unrecognised %+v)", len(s.Azure), s.Skipped, s.Unrecognized)
	}
	if s.Azure[0].Source.File != "bundle.zip!azure/edited_az_route_table_nva.json" {
		t.Errorf("source = %+v", s.Azure[0].Source)
	}
	if d := s.Azure[3]; d.Source.File != "bundle.zip!ticket.txt" || d.Source.Line != 4 || len(d.Routes) != 7 {
		t.Errorf("table in the ticket: %+v", d)
	}
	damaged := false
	for _, sk := range s.Skipped {
		if sk.Source.File == "bundle.zip!azure/cut.json" && strings.Contains(render.Message(i18n.EN, sk.Message()), "line 4") {
			damaged = true
		}
	}
	if !damaged {
		t.Errorf("the truncated file is not reported with its line: %+v", s.Skipped)
	}
	r := report.New("analyze", fixedTime)
	diagnose.Run(s, r)
	got := ids(r)
	for _, want := range []string{"azure.route.forced_tunnel", "azure.nsg.blocks_kms", "input.unrecognized", "input.damaged"} {
		if !slices.Contains(got, want) {
			t.Errorf("findings %v lack %s", got, want)
		}
	}
	if r.Verdict.Primary != "azure.route.forced_tunnel" {
		t.Errorf("primary = %q", r.Verdict.Primary)
	}
}
