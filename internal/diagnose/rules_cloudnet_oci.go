package diagnose

import (
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet/oci"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDOCIRoute     = def(Def{ID: "oci.route.blocks_kms", Severity: report.Error, Rank: 37, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDOCISecurity  = def(Def{ID: "oci.security.blocks_kms", Severity: report.Error, Rank: 38, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDOCIPathClear = def(Def{ID: "oci.path.clear", Severity: report.OK, Rank: 39, Stage: report.StageTCP})
)

// The OCI network rule reads exported security lists, NSG rules and route
// tables (evidence.Set.CloudNet); the analysis lives in
// internal/cloudnet/oci, this rule words it.
var _ = register("oci.network", []string{IDOCIRoute, IDOCISecurity, IDOCIPathClear}, func(s *evidence.Set, out *Out) {
	if !oci.Has(s.CloudNet) {
		return
	}
	res := oci.Analyze(s.CloudNet, awsTargets(s))
	for _, p := range res.Problems {
		args := report.Args{"addr": p.Addr.String(), "id": orNone(p.Doc.ID), "name": orNone(p.Doc.Name)}
		ev := map[string]any{"address": p.Addr.String(), "resource": p.Doc.ID, "case": p.Kind}
		f := F{Args: args, Evidence: ev}
		var steps []report.Step
		for i, l := range p.Commands {
			eff := report.Change
			if p.Read[i] {
				eff = report.Read
			}
			steps = append(steps, lineStep(report.OnCloud, report.ShellBash, eff, l))
		}
		switch p.Kind {
		case oci.RouteAppliance:
			f.ID = IDOCIRoute
			args["dest"], args["target"] = p.Route.Dest, p.Route.Target
			ev["route"], ev["target"] = p.Route.Dest, p.Route.Target
			f.Sources = []report.Source{p.Doc.Source}
			f.Fix = []report.Step{Say("fix.oci.route.appliance", args)}
		case oci.NoEgress, oci.NoReturn:
			f.ID = IDOCISecurity
			f.DetailKey = "finding.oci.security.blocks_kms.detail_" + p.Kind
			var checked []string
			for _, d := range p.Docs {
				checked = append(checked, orNone(d.Name)+" ("+orNone(d.ID)+")")
				f.Sources = append(f.Sources, d.Source)
			}
			args["checked"] = strings.Join(checked, ", ")
			ev["checked"] = checked
			kind := "nsg"
			if p.Doc.Kind == evidence.OCISecurityList {
				kind = "list"
			}
			f.Fix = append([]report.Step{Say("fix.oci.security."+p.Kind+"."+kind, args)}, steps...)
		}
		out.Add(f)
	}
	if len(res.Problems) == 0 {
		args := report.Args{"addrs": strings.Join(res.OracleKMS, ", ")}
		dk := "finding.oci.path.clear.detail"
		if len(res.Checked) > 0 {
			dk = "finding.oci.path.clear.detail_own"
			args["own"] = strings.Join(res.Checked, ", ")
		}
		out.Add(F{ID: IDOCIPathClear, DetailKey: dk, Args: args, Sources: cloudDocSources(s.CloudNet, "oci_"),
			Evidence: map[string]any{"oracle_kms": res.OracleKMS, "checked": res.Checked, "security_rules_not_enforced_for": "169.254.0.0/16",
				"security_lists": res.Lists, "nsgs": res.NSGs, "route_tables": res.Routes, "not_the_instances": res.Left}})
	}
})
