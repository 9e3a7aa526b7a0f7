package diagnose

import (
	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet/gcp"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// gcpPolicyFinding words a deny of a hierarchical or network firewall
// policy (gcp.policy.blocks_kms, raised by the gcp.network rule): which
// policy, which rule priority, and the allow rule to add before it.
func gcpPolicyFinding(f *F, res gcp.Result, p gcp.Problem, args report.Args, ev map[string]any) {
	short := p.Doc.ShortName
	if short == "" {
		short = p.Doc.Name
	}
	kind := "hierarchy"
	switch p.Doc.PolicyType {
	case "NETWORK":
		kind = "network"
	case "NETWORK_REGIONAL":
		kind = "regional"
	}
	args["policy"], args["policy_id"], args["priority"] = orNone(short), orNone(p.Doc.Name), p.Rule.Priority
	args["kind"] = report.Msg("gcp.policy.kind."+kind, nil)
	args["order"] = res.Order
	ev["policy"], ev["policy_short_name"], ev["policy_type"], ev["priority"], ev["destinations"] = p.Doc.Name, p.Doc.ShortName, p.Doc.PolicyType, p.Rule.Priority, p.Rule.Dests
	f.DetailKey = "finding.gcp.policy.blocks_kms.detail_" + kind
	f.Sources = []report.Source{p.Doc.Source}
	if len(p.Commands) == 0 {
		f.Fix = []report.Step{Say("fix.gcp.policy.no_priority", args)}
		return
	}
	args["new_priority"] = p.NewPriority
	f.Fix = append([]report.Step{Say("fix.gcp.policy.add_"+kind, args)}, bashSteps(p.Commands)...)
}
