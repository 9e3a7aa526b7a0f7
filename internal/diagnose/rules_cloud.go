package diagnose

import (
	"slices"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/kmsevents"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDCloudKMS            = def(Def{ID: "cloud.kms.detected", Severity: report.Info, Rank: 95, Stage: report.StageKMSConfig})
	IDCloudKMSUnreachable = def(Def{ID: "cloud.kms.unreachable", Severity: report.Error, Rank: 43, Codes: []string{"0xC004F074"}, Stage: report.StageTCP})
)

// Cloud rules: the KMS a machine uses says which cloud it runs in (AWS's
// 169.254.169.250, Google's kms.windows.googlecloud.com, ...). The cloud is
// named in the report's subject and in these findings, and a failure to
// reach that KMS gets the cloud's own checks and fixes.

// cloudUse is one place where the evidence names a cloud's KMS.
type cloudUse struct {
	cloud  knowledge.Cloud
	host   string // as the evidence writes it (with its port, when given)
	where  string // "events", "slmgr"
	source report.Source
	// failed: the activation attempt to that host failed (events), or the
	// product with that KMS name shows 0xC004F074.
	failed bool
	ok     bool
	code   string
}

// cloudUses lists the KMS names and addresses of clouds that the machine
// uses (its slmgr KMS name, configured or discovered, and the KMS of its
// activation events). A lookup or a connection test names no cloud: it
// can be run from anywhere.
func cloudUses(s *evidence.Set) []cloudUse {
	var out []cloudUse
	add := func(u cloudUse) {
		for i := range out {
			if out[i].cloud.Name == u.cloud.Name && strings.EqualFold(out[i].host, u.host) && out[i].where == u.where {
				out[i].failed = out[i].failed || u.failed
				out[i].ok = out[i].ok || u.ok
				if out[i].code == "" {
					out[i].code = u.code
				}
				return
			}
		}
		out = append(out, u)
	}
	f074 := slices.ContainsFunc(s.Codes, func(c evidence.CodeSeen) bool { return c.Code == "0xC004F074" })
	for i := range s.Products {
		p := &s.Products[i]
		for _, kv := range []struct{ name, key string }{{p.KMSMachineName, "kms_name"}, {p.KMSDiscoveredName, "kms_dns"}} {
			if c, ok := knowledge.CloudOfKMS(kv.name); ok {
				u := cloudUse{cloud: c, host: strings.TrimSpace(kv.name), where: "slmgr", source: p.Line(kv.key)}
				if f074 {
					u.failed, u.code = true, "0xC004F074"
				}
				add(u)
			}
		}
	}
	if len(s.Events) > 0 {
		res := kmsevents.AnalyzeClients(s.Events)
		for _, cl := range res.Clients {
			for i := range cl.Attempts {
				a := &cl.Attempts[i]
				c, ok := knowledge.CloudOfKMS(a.Host())
				if !ok {
					continue
				}
				u := cloudUse{cloud: c, host: a.Host(), where: "events", ok: a.OK}
				if a.ReqEvent != nil {
					u.source = a.ReqEvent.Source
				} else if a.RespEvent != nil {
					u.source = a.RespEvent.Source
				}
				// Only a failure after the last success counts: a machine
				// that activated since is not failing now.
				// A code that names another cause (0xC004F06C: the clock)
				// is that cause's finding, not the cloud's.
				if !a.OK && (cl.LastSuccess == nil || a.Time.After(cl.LastSuccess.Time)) && (a.HR == 0 || unreachableCodes[knowledge.FormatCode(a.HR)]) {
					u.failed = true
					if a.HR != 0 {
						u.code = knowledge.FormatCode(a.HR)
					}
				}
				add(u)
			}
		}
	}
	// A success after the failures of the same host clears them.
	for i := range out {
		if out[i].where == "events" && out[i].ok && out[i].failed {
			out[i].failed = eventsStillFailing(s, out[i].host)
		}
	}
	return out
}

func eventsStillFailing(s *evidence.Set, host string) bool {
	res := kmsevents.AnalyzeClients(s.Events)
	for _, cl := range res.Clients {
		if cl.State != kmsevents.StatePersistent && cl.State != kmsevents.StateFailing {
			continue
		}
		for i := range cl.Attempts {
			if strings.EqualFold(cl.Attempts[i].Host(), host) {
				return true
			}
		}
	}
	return false
}

// unreachableCodes are the codes of a KMS that did not answer.
var unreachableCodes = map[string]bool{"0xC004F074": true, "0x800706BA": true, "0x800705B4": true, "0x8007232A": true,
	"0x8007232B": true, "0x8007251D": true, "0x80072EE2": true}

// givenCloud is the cloud the user named with --cloud or --azure.
func givenCloud(s *evidence.Set) (knowledge.Cloud, bool) {
	if s.Context.Cloud != "" {
		return knowledge.LookupCloud(s.Context.Cloud)
	}
	if s.Context.AzureCloud != "" {
		return knowledge.LookupCloud(s.Context.AzureCloud)
	}
	return knowledge.Cloud{}, false
}

// machineCloud is the provider of the cloud the machine runs in: the one
// given, else the one whose KMS the evidence names (when it names one
// cloud only).
func machineCloud(s *evidence.Set) string {
	if c, ok := givenCloud(s); ok {
		return c.Provider
	}
	var found string
	for _, d := range s.CloudNet {
		if p, _, ok := strings.Cut(d.Kind, "_"); ok {
			if found != "" && found != p {
				return ""
			}
			found = p
		}
	}
	for _, u := range cloudUses(s) {
		if found != "" && found != u.cloud.Provider {
			return ""
		}
		found = u.cloud.Provider
	}
	return found
}

var _ = register("cloud.kms", []string{IDCloudKMS, IDCloudKMSUnreachable}, func(s *evidence.Set, out *Out) {
	uses := cloudUses(s)
	given, hasGiven := givenCloud(s)
	type group struct {
		cloud   knowledge.Cloud
		hosts   []string
		where   []report.Message
		sources []report.Source
		failed  []string
		codes   []string
	}
	var groups []*group
	for _, u := range uses {
		if hasGiven && u.cloud.Name != given.Name {
			continue // another cloud's KMS: license.kms_name.wrong says it
		}
		var g *group
		for _, x := range groups {
			if x.cloud.Name == u.cloud.Name {
				g = x
			}
		}
		if g == nil {
			g = &group{cloud: u.cloud}
			groups = append(groups, g)
		}
		if !slices.Contains(g.hosts, u.host) {
			g.hosts = append(g.hosts, u.host)
		}
		w := report.Msg("cloud.where."+u.where, nil)
		if !slices.ContainsFunc(g.where, func(m report.Message) bool { return m.Key == w.Key }) {
			g.where = append(g.where, w)
		}
		if u.source != (report.Source{}) && !slices.Contains(g.sources, u.source) {
			g.sources = append(g.sources, u.source)
		}
		if u.failed && !slices.Contains(g.failed, u.host) {
			g.failed = append(g.failed, u.host)
		}
		if u.code != "" && !slices.Contains(g.codes, u.code) {
			g.codes = append(g.codes, u.code)
		}
	}
	for _, g := range groups {
		args := report.Args{"cloud": g.cloud.Label, "hosts": strings.Join(g.hosts, ", "), "where": report.Join("cloud.list_sep", g.where...)}
		ev := map[string]any{"cloud": g.cloud.Provider, "cloud_name": g.cloud.Name, "hosts": g.hosts, "kms": g.cloud.Target(), "sources": g.cloud.Sources}
		out.Add(F{ID: IDCloudKMS, Args: args, Evidence: ev, Sources: g.sources})
		if len(g.failed) == 0 {
			continue
		}
		codes := g.codes
		if len(codes) == 0 {
			codes = []string{"0xC004F074"}
		}
		fa := report.Args{"cloud": g.cloud.Label, "hosts": strings.Join(g.failed, ", "), "codes": strings.Join(codes, ", ")}
		fev := map[string]any{"cloud": g.cloud.Provider, "cloud_name": g.cloud.Name, "hosts": g.failed, "codes": codes, "sources": g.cloud.Sources}
		out.Add(F{ID: IDCloudKMSUnreachable, Args: fa, Codes: codes, Evidence: fev, Sources: g.sources,
			DetailKey: "finding.cloud.kms.unreachable.detail_" + g.cloud.Provider, Fix: cloudFix(g.cloud)})
	}
})

// cloudFix is what the cloud's own guides say to check and do when its KMS
// does not answer.
func cloudFix(c knowledge.Cloud) []report.Step {
	first := c.KMSHost
	tnc := Here(report.ShellPowerShell, report.Read, lit("Test-NetConnection"), host(first, holeKMSHost), lit("-Port"), port(c.Port))
	var steps []report.Step
	switch c.Provider {
	case "aws":
		steps = append(steps, Say("fix.cloud.aws.routes", report.Args{"addrs": strings.Join(c.Addrs, ", ")}),
			Here(report.ShellCmd, report.Read, lit("route print -4")), tnc,
			Say("fix.cloud.aws.proxy", report.Args{"addrs": strings.Join(c.Addrs, ", ")}),
			Say("fix.cloud.aws.runbook", nil),
			OnCloud(report.ShellBash, report.Change, lit("aws ssm start-automation-execution --document-name AWSSupport-ActivateWindowsWithAmazonLicense --parameters"),
				cmdline.Cat(lit("InstanceId="), cmdline.Hole("<instance-id>"))),
			Say("fix.cloud.aws.launch", nil))
	case "gcp":
		steps = append(steps, Say("fix.cloud.gcp.checks", report.Args{"addr": strings.Join(c.Addrs, ", ")}), tnc,
			OnCloud(report.ShellBash, report.Read, lit("gcloud compute routes list --format=json")),
			OnCloud(report.ShellBash, report.Read, lit("gcloud compute firewall-rules list --format=json")),
			OnCloud(report.ShellBash, report.Read, lit("gcloud compute networks subnets list --format=json")),
			Say("fix.cloud.gcp.analyze", nil))
	case "oci":
		steps = append(steps, Say("fix.cloud.oci.route", report.Args{"addrs": strings.Join(c.Addrs, ", ")}),
			Here(report.ShellCmd, report.Read, lit("route print -4")), tnc, Say("fix.cloud.oci.time", nil))
	default:
		steps = append(steps, Say("fix.cloud.azure.check", report.Args{"cloud": c.Name}), tnc,
			Here(report.ShellCmd, report.Read, lit("kmsdoctor check --cloud"), cmdline.Val(c.Name, "<CLOUD>")))
	}
	return append(steps, Say("fix.cloud.set_kms", report.Args{"kms": c.Target()}), SetKMS(c.KMSHost, c.Port), Activate())
}
