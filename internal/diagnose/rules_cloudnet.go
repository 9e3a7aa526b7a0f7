package diagnose

import (
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet/aws"
	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet/gcp"
	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDGCPRoute     = def(Def{ID: "gcp.route.blocks_kms", Severity: report.Error, Rank: 37, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDGCPFirewall  = def(Def{ID: "gcp.firewall.blocks_kms", Severity: report.Error, Rank: 38, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDGCPPGA       = def(Def{ID: "gcp.pga.off", Severity: report.Error, Rank: 39, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDGCPPolicy    = def(Def{ID: "gcp.policy.blocks_kms", Severity: report.Error, Rank: 38, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDGCPPathClear = def(Def{ID: "gcp.path.clear", Severity: report.OK, Rank: 39, Stage: report.StageTCP})
	IDAWSRoute     = def(Def{ID: "aws.route.blocks_kms", Severity: report.Error, Rank: 37, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDAWSSG        = def(Def{ID: "aws.sg.blocks_kms", Severity: report.Error, Rank: 38, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDAWSNACL      = def(Def{ID: "aws.nacl.blocks_kms", Severity: report.Error, Rank: 38, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
	IDAWSPathClear = def(Def{ID: "aws.path.clear", Severity: report.OK, Rank: 39, Stage: report.StageTCP})
)

// The cloud network rules read exported AWS and Google Cloud network
// configuration (evidence.Set.CloudNet); the analysis lives in
// internal/cloudnet/aws and internal/cloudnet/gcp, these rules word it.

func cloudDocSources(docs []evidence.CloudDoc, prefix string) []report.Source {
	var out []report.Source
	seen := map[string]bool{}
	for _, d := range docs {
		if strings.HasPrefix(d.Kind, prefix) && !seen[d.Source.File] {
			seen[d.Source.File] = true
			out = append(out, report.Source{File: d.Source.File})
		}
	}
	return out
}

func bashSteps(ls []cmdline.Line) []report.Step {
	var out []report.Step
	for _, l := range ls {
		out = append(out, lineStep(report.OnCloud, report.ShellBash, report.Change, l))
	}
	return out
}

var _ = register("gcp.network", []string{IDGCPRoute, IDGCPFirewall, IDGCPPolicy, IDGCPPGA, IDGCPPathClear}, func(s *evidence.Set, out *Out) {
	if !gcp.Has(s.CloudNet) {
		return
	}
	res := gcp.Analyze(s.CloudNet)
	inst := ""
	if res.Instance != nil {
		inst = res.Instance.Name
	}
	for _, p := range res.Problems {
		args := report.Args{"addr": p.Addr.String(), "network": orNone(p.Network), "vm": orNone(inst)}
		f := F{Args: args, Fix: nil}
		ev := map[string]any{"address": p.Addr.String(), "network": p.Network, "instance": inst, "case": p.Kind}
		switch p.Kind {
		case gcp.RouteMissing:
			f.ID = IDGCPRoute
			f.DetailKey = "finding.gcp.route.blocks_kms.detail_missing"
			f.Sources = cloudDocSources(s.CloudNet, evidence.GCPRoute)
			f.Fix = append([]report.Step{Say("fix.gcp.route.add", args)}, bashSteps(p.Commands)...)
		case gcp.RouteForced:
			f.ID = IDGCPRoute
			args["route"], args["dest"], args["hop"], args["priority"] = p.Route.Name, p.Route.Dest, p.Route.Target, p.Route.Priority
			ev["route"], ev["next_hop"], ev["next_hop_kind"], ev["priority"] = p.Route.Name, p.Route.Target, p.Route.TargetKind, p.Route.Priority
			f.Sources = []report.Source{p.Doc.Source}
			f.Fix = append([]report.Step{Say("fix.gcp.route.add", args)}, bashSteps(p.Commands)...)
			f.Fix = append(f.Fix, Say("fix.gcp.route.appliance", args))
		case gcp.FirewallDeny:
			f.ID = IDGCPFirewall
			args["rule"], args["priority"] = p.Rule.Name, p.Rule.Priority
			ev["rule"], ev["priority"], ev["destinations"] = p.Rule.Name, p.Rule.Priority, p.Rule.Dests
			f.Sources = []report.Source{p.Doc.Source}
			if len(p.Commands) == 0 {
				f.Fix = []report.Step{Say("fix.gcp.firewall.no_priority", args)}
			} else {
				args["new_priority"] = p.Rule.Priority - 1
				f.Fix = append([]report.Step{Say("fix.gcp.firewall.add", args)}, bashSteps(p.Commands)...)
			}
		case gcp.PolicyDeny:
			f.ID = IDGCPPolicy
			gcpPolicyFinding(&f, res, p, args, ev)
		case gcp.PGAOff:
			f.ID = IDGCPPGA
			args["subnet"] = p.Doc.Name
			ev["subnet"] = p.Doc.Name
			f.Sources = []report.Source{p.Doc.Source}
			if p.Instance != nil {
				f.Sources = append(f.Sources, p.Instance.Source)
			}
			f.Fix = append([]report.Step{Say("fix.gcp.pga", args)}, bashSteps(p.Commands)...)
		}
		f.Fix = append(f.Fix, Say("fix.gcp.verify", nil))
		f.Evidence = ev
		out.Add(f)
	}
	if len(res.Problems) == 0 && len(res.Clear) > 0 {
		var checks []report.Message
		for _, c := range res.Clear {
			checks = append(checks, report.Msg("gcp.clear."+c.What, report.Args{"name": c.Name}))
		}
		if len(res.TaggedOnly) > 0 && res.Instance == nil {
			checks = append(checks, report.Msg("gcp.clear.tagged", report.Args{"routes": strings.Join(res.TaggedOnly, ", ")}))
		}
		var missing []report.Message
		if !res.Routes {
			missing = append(missing, report.Msg("gcp.unchecked.routes", nil))
		}
		if !res.Firewalls {
			missing = append(missing, report.Msg("gcp.unchecked.firewalls", nil))
		}
		if !res.Policies {
			missing = append(missing, report.Msg("gcp.unchecked.policies", nil))
		}
		if res.Instance == nil {
			missing = append(missing, report.Msg("gcp.unchecked.instance", nil))
		}
		dk := "finding.gcp.path.clear.detail"
		args := report.Args{"addr": res.Addr.String(), "checks": report.Join("cloudnet.check_sep", checks...)}
		if len(missing) > 0 {
			dk = "finding.gcp.path.clear.detail_partial"
			args["unchecked"] = report.Join("cloudnet.check_sep", missing...)
		}
		out.Add(F{ID: IDGCPPathClear, DetailKey: dk, Args: args, Sources: cloudDocSources(s.CloudNet, "gcp_"),
			Evidence: map[string]any{"address": res.Addr.String(), "network": res.Network, "instance": inst}})
	}
})

var _ = register("aws.network", []string{IDAWSRoute, IDAWSSG, IDAWSNACL, IDAWSPathClear}, func(s *evidence.Set, out *Out) {
	if !aws.Has(s.CloudNet) {
		return
	}
	res := aws.Analyze(s.CloudNet, awsTargets(s))
	for _, p := range res.Problems {
		args := report.Args{"addr": p.Addr.String(), "id": p.Doc.ID, "name": orNone(p.Doc.Name)}
		ev := map[string]any{"address": p.Addr.String(), "resource": p.Doc.ID, "case": p.Kind}
		f := F{Sources: []report.Source{p.Doc.Source}}
		switch p.Kind {
		case aws.RouteBlackhole, aws.RouteMissing, aws.RouteAppliance:
			f.ID = IDAWSRoute
			f.DetailKey = "finding.aws.route.blocks_kms.detail_" + p.Kind
			if p.Route != nil {
				args["dest"], args["target"] = p.Route.Dest, p.Route.Target
				ev["route"], ev["target"], ev["state"] = p.Route.Dest, p.Route.Target, p.Route.State
			}
			f.Fix = append([]report.Step{Say("fix.aws.route."+p.Kind, args)}, bashSteps(p.Commands)...)
		case aws.SGNoEgress:
			f.ID = IDAWSSG
			f.Fix = append([]report.Step{Say("fix.aws.sg.add", args)}, bashSteps(p.Commands)...)
		case aws.NACLDeny:
			f.ID = IDAWSNACL
			args["rule"] = p.Rule.Priority
			ev["rule_number"] = p.Rule.Priority
			if len(p.Commands) == 0 {
				f.Fix = []report.Step{Say("fix.aws.nacl.no_number", args)}
			} else {
				f.Fix = append([]report.Step{Say("fix.aws.nacl.add", args)}, bashSteps(p.Commands)...)
			}
		}
		f.Args, f.Evidence = args, ev
		out.Add(f)
	}
	if len(res.Problems) == 0 {
		args := report.Args{"addrs": strings.Join(res.AmazonKMS, ", ")}
		dk := "finding.aws.path.clear.detail"
		if len(res.Checked) > 0 {
			dk = "finding.aws.path.clear.detail_own"
			args["own"] = strings.Join(res.Checked, ", ")
		}
		out.Add(F{ID: IDAWSPathClear, DetailKey: dk, Args: args, Sources: cloudDocSources(s.CloudNet, "aws_"),
			Evidence: map[string]any{"amazon_kms": res.AmazonKMS, "checked": res.Checked, "link_local_not_filtered": true}})
	}
})

// awsTargets are the KMS addresses the machine is set to use that are not
// Amazon's own (a KMS host of the customer's, by address): only those pass
// the VPC's route tables, security groups and network ACLs.
func awsTargets(s *evidence.Set) []string {
	var out []string
	for i := range s.Products {
		for _, n := range []string{s.Products[i].KMSMachineName, s.Products[i].KMSDiscoveredName} {
			if n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}
