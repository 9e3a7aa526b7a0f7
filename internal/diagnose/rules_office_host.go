package diagnose

import (
	"sort"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// The Office KMS host licence packs, read from a KMS host's `slmgr.vbs /dlv
// all` (which lists every licence, with or without a key). Facts:
// knowledge.SourceOfficeKMSHost (Microsoft: one Office Volume License Pack
// and one KMS host key for each version of Office the host activates; the
// host OS each version needs; the host activates Office clients from a
// count of 5, at most 10). The host key itself is never ours to give: it
// comes from the Microsoft 365 admin center (Volume licensing, formerly
// VLSC), and no step here prints or asks for one in a command.

var (
	IDOfficeHostPacks       = def(Def{ID: "office.kmshost.packs", Severity: report.Info, Rank: 89, Stage: report.StageKMSHost})
	IDOfficeHostPackMissing = def(Def{ID: "office.kmshost.pack_missing", Severity: report.Error, Rank: 63, Codes: []string{"0xC004F042"}, Stage: report.StageKMSHost})
	IDOfficeHostNoKey       = def(Def{ID: "office.kmshost.no_host_key", Severity: report.Warning, Rank: 66, Stage: report.StageKMSHost})
	IDOfficeHostNotActive   = def(Def{ID: "office.kmshost.not_activated", Severity: report.Error, Rank: 62, Codes: []string{"0xC004F041"}, Stage: report.StageKMSHost})
	IDOfficeHostOSTooOld    = def(Def{ID: "office.kmshost.os_too_old", Severity: report.Error, Rank: 61, Stage: report.StageKMSHost})
	IDOfficeHostCount       = def(Def{ID: "office.kmshost.count", Severity: report.Error, Rank: 65, Codes: []string{"0xC004F038"}, Stage: report.StageKMSHost})
)

// officeHostLicence is one Office KMS host licence of the evidence.
type officeHostLicence struct {
	p    *evidence.Product
	pack knowledge.OfficeHostPack
}

// isOfficeHostLicence: p is an Office KMS host licence (its activation ID
// or its name and channel say so); slmgr activates it on the host with
// /ato and its activation ID, never ospp.vbs.
func isOfficeHostLicence(p *evidence.Product) bool {
	_, ok := knowledge.OfficeHostPackOf(p.Name, p.Channel, p.ActivationID)
	return ok && (isOffice(p) || p.ActivationID != "")
}

// hasKey: a host key is installed for the licence.
func (l officeHostLicence) hasKey() bool { return l.p.PartialKey != "" }

// officeHostLicences returns the Office KMS host licences of s, newest
// version first, one per version (the one with a key wins).
func officeHostLicences(s *evidence.Set) []officeHostLicence {
	byVer := map[string]officeHostLicence{}
	for i := range s.Products {
		p := &s.Products[i]
		if !isOffice(p) && p.ActivationID == "" {
			continue
		}
		pack, ok := knowledge.OfficeHostPackOf(p.Name, p.Channel, p.ActivationID)
		if !ok {
			continue
		}
		if old, seen := byVer[pack.Version]; seen && old.hasKey() {
			continue
		}
		byVer[pack.Version] = officeHostLicence{p: p, pack: pack}
	}
	var out []officeHostLicence
	for _, pk := range knowledge.OfficeHostPacks {
		if l, ok := byVer[pk.Version]; ok {
			out = append(out, l)
		}
	}
	return out
}

// hostWindows is the Windows product of a KMS host's output: its release.
func hostWindows(s *evidence.Set) (*evidence.Product, knowledge.Release, bool) {
	for i := range s.Products {
		w := &s.Products[i]
		if !isWindows(w) {
			continue
		}
		if r, ok := knowledge.ReleaseOf(w.Build); ok {
			return w, r, true
		}
	}
	return nil, knowledge.Release{}, false
}

// officeClientVersions are the Office versions of the volume Office KMS
// clients in s, with their sources.
func officeClientVersions(s *evidence.Set) (map[string][]report.Source, []string) {
	srcs := map[string][]report.Source{}
	var vs []string
	for i := range s.Products {
		p := &s.Products[i]
		if !isOffice(p) || !installed(p) || !isKMSClientChannel(p.Channel) || knowledge.OfficeKind(p.Name, p.Channel) != knowledge.OfficeVolume {
			continue
		}
		v := knowledge.OfficeVersion(p.Name)
		if v == "" {
			continue
		}
		if _, seen := srcs[v]; !seen {
			vs = append(vs, v)
		}
		srcs[v] = append(srcs[v], p.Source)
	}
	sort.Strings(vs)
	return srcs, vs
}

func joinVersions(vs []string) string {
	if len(vs) == 0 {
		return "-"
	}
	return strings.Join(vs, ", ")
}

// versionNames is joinVersions of the Office versions' names ("2016, LTSC
// 2021").
func versionNames(vs []string) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = knowledge.OfficeVersionName(v)
	}
	return joinVersions(names)
}

// packSteps: how to add the host licence of pack to the KMS host. The pack
// is a download from Microsoft run on the host; the key comes from the
// Microsoft 365 admin center; neither is given here.
func packSteps(pack knowledge.OfficeHostPack) []report.Step {
	args := report.Args{"pack": pack.Pack, "version": knowledge.OfficeVersionName(pack.Version)}
	st := []report.Step{}
	if pack.Download != "" {
		args["url"] = pack.Download
		st = append(st, Say("fix.office.kmshost.pack_download", args))
	} else {
		st = append(st, Say("fix.office.kmshost.pack_old", args))
	}
	st = append(st, Say("fix.office.kmshost.host_key", args),
		OnKMSHost(report.ShellCmd, report.Read, lit("cscript %windir%\\system32\\slmgr.vbs /dlv "+pack.ActivationID)))
	return st
}

var _ = register("office.kmshost.packs", []string{IDOfficeHostPacks, IDOfficeHostPackMissing, IDOfficeHostNoKey, IDOfficeHostNotActive, IDOfficeHostOSTooOld}, func(s *evidence.Set, out *Out) {
	ls := officeHostLicences(s)
	if len(ls) == 0 {
		return
	}
	_, rel, relKnown := hostWindows(s)
	server := false
	if w, _, ok := hostWindows(s); ok {
		server = knowledge.IsServerEdition(knowledge.Edition(w.Name))
	}
	var can, listed []string
	canV := map[string]bool{}
	var srcs []report.Source
	for _, l := range ls {
		listed = append(listed, l.pack.Version)
		srcs = append(srcs, l.p.Source)
		args := report.Args{"version": knowledge.OfficeVersionName(l.pack.Version), "pack": l.pack.Pack, "product": l.p.Name}
		ev := map[string]any{"version": l.pack.Version, "activation_id": l.pack.ActivationID, "status": l.p.Status}
		switch {
		case !l.hasKey():
			out.Add(F{ID: IDOfficeHostNoKey, Args: args, Evidence: ev, Sources: []report.Source{l.p.Source},
				Fix: []report.Step{Say("fix.office.kmshost.host_key", args),
					OnKMSHost(report.ShellCmd, report.Read, lit("cscript %windir%\\system32\\slmgr.vbs /dlv "+l.pack.ActivationID))}})
			continue
		case l.p.Status != evidence.StatusLicensed:
			ev["partial_key"] = l.p.PartialKey
			var codes []string
			if cs := Codes(l.p.StatusReason); len(cs) > 0 {
				ev["reason"] = cs[0]
				codes = append(cs, "0xC004F041")
			}
			out.Add(F{ID: IDOfficeHostNotActive, Args: args, Evidence: ev, Codes: codes, Sources: []report.Source{l.p.Line("status")},
				Fix: []report.Step{Say("fix.office.kmshost.activate", args),
					OnKMSHost(report.ShellCmd, report.Change, lit("cscript %windir%\\system32\\slmgr.vbs /ato "+l.pack.ActivationID)),
					OnKMSHost(report.ShellCmd, report.Read, lit("cscript %windir%\\system32\\slmgr.vbs /dlv "+l.pack.ActivationID))}})
		}
		if relKnown && l.pack.MinServerBuild > 0 {
			min, minName := l.pack.MinClientBuild, l.pack.MinClient
			if server {
				min, minName = l.pack.MinServerBuild, l.pack.MinServer
			}
			if b := buildNumber(rel); b > 0 && b < min {
				host := rel.Client
				if server || host == "" {
					host = rel.Server
				}
				a := report.Args{"version": knowledge.OfficeVersionName(l.pack.Version), "host": host, "minhost": minName}
				out.Add(F{ID: IDOfficeHostOSTooOld, Args: a, Evidence: map[string]any{"version": l.pack.Version, "host_build": b, "min_build": min},
					Sources: []report.Source{l.p.Source}, Fix: []report.Step{Say("fix.office.kmshost.os_too_old", a)}})
				continue
			}
		}
		if l.p.Status == evidence.StatusLicensed {
			can = append(can, l.pack.Version)
			canV[l.pack.Version] = true
		}
	}
	sort.Strings(can)
	sort.Strings(listed)
	var missing []string
	for _, pk := range knowledge.OfficeHostPacks {
		if !canV[pk.Version] {
			missing = append(missing, pk.Version)
		}
	}
	sort.Strings(missing)
	tk := ""
	if len(can) == 0 {
		tk = "finding.office.kmshost.packs.title_none"
	}
	out.Add(F{ID: IDOfficeHostPacks, TitleKey: tk, Args: report.Args{"versions": versionNames(can), "missing": versionNames(missing), "listed": versionNames(listed)},
		Evidence: map[string]any{"activates": can, "listed": listed, "not_activated": missing, "threshold": knowledge.OfficeKMSThreshold},
		Sources:  srcs, Fix: []report.Step{Say("fix.office.kmshost.packs", nil)}})

	// Office KMS clients in the same input whose version this host has no
	// working host licence for.
	csrcs, cvs := officeClientVersions(s)
	for _, v := range cvs {
		if canV[v] {
			continue
		}
		pack, ok := knowledge.OfficeHostPackFor(v)
		if !ok {
			continue
		}
		args := report.Args{"version": knowledge.OfficeVersionName(v), "pack": pack.Pack, "versions": versionNames(can)}
		out.Add(F{ID: IDOfficeHostPackMissing, Args: args, Evidence: map[string]any{"client_version": v, "host_activates": can},
			Sources: append(append([]report.Source{}, srcs...), csrcs[v]...), Fix: packSteps(pack)})
	}
})

// office.kmshost.count: the count of an Office KMS host licence against
// Office's own threshold of 5 (kms.count.insufficient speaks of Windows'
// 25 or 5).
var _ = register("office.kmshost.count", []string{IDOfficeHostCount}, func(s *evidence.Set, out *Out) {
	if adActivated(s) {
		return
	}
	for _, l := range officeHostLicences(s) {
		h := l.p.KMSHost
		if h == nil || h.CurrentCount < 0 || h.CurrentCount >= knowledge.OfficeKMSThreshold {
			continue
		}
		args := report.Args{"version": knowledge.OfficeVersionName(l.pack.Version), "count": h.CurrentCount, "need": knowledge.OfficeKMSThreshold}
		out.Add(F{ID: IDOfficeHostCount, Args: args,
			Evidence: map[string]any{"version": l.pack.Version, "current_count": h.CurrentCount, "threshold": knowledge.OfficeKMSThreshold},
			Sources:  []report.Source{l.p.Line("count")},
			Fix: []report.Step{Say("fix.office.kmshost.count", args),
				OnKMSHost(report.ShellCmd, report.Read, lit("cscript %windir%\\system32\\slmgr.vbs /dlv "+l.pack.ActivationID))}})
	}
})

// buildNumber is the build of a release.
func buildNumber(r knowledge.Release) int { return r.Build }
