package diagnose

import (
	"net"
	"slices"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/kmsevents"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// stageOf is the stage a finding id is about ("" for findings about the
// inputs).
func stageOf(id string) report.Stage {
	if d, ok := defs[id]; ok {
		return d.Stage
	}
	return ""
}

// observed lists the stages the evidence shows anything about, whatever
// the findings say: a stage observed with no problem finding is healthy.
func observed(s *evidence.Set) map[report.Stage]bool {
	o := map[report.Stage]bool{}
	for i := range s.Products {
		p := &s.Products[i]
		// A product whose License Status line is in a language kmsdoctor
		// does not read (input.status_unread) does not show the licence.
		if !unreadStatus(s, p) {
			o[report.StageLicense] = true
		}
		if p.KMSMachineName != "" || p.KMSDiscoveredName != "" {
			o[report.StageKMSConfig] = true
		}
		if p.KMSHost != nil {
			o[report.StageKMSHost] = true
		}
	}
	if len(s.Codes) > 0 {
		o[report.StageLicense] = true
	}
	// slmgr /skms said it set the KMS host, or the licensing service's row
	// names it: the configuration is seen.
	if slices.ContainsFunc(s.Notes, func(n evidence.Note) bool {
		return n.Kind == evidence.NoteKMSNameSet || n.Kind == evidence.NoteKMSConfigured
	}) {
		o[report.StageKMSConfig] = true
	}
	if len(s.Resolvers) > 0 || len(s.SRV) > 0 || slices.ContainsFunc(s.Names, func(l evidence.NameLookup) bool { return kmsName(s, l.Name) }) {
		o[report.StageDNS] = true
	}
	if len(s.TCP) > 0 || len(s.Azure) > 0 {
		o[report.StageTCP] = true
	}
	if len(s.RPC) > 0 {
		o[report.StageRPC] = true
	}
	if len(s.Clock) > 0 || len(s.TimeSync) > 0 {
		o[report.StageTime] = true
	}
	for i := range s.Events {
		switch s.Events[i].EventID {
		case kmsevents.EvRequest, kmsevents.EvResponse, kmsevents.EvSPPFailure, kmsevents.EvSPPAcquire, kmsevents.EvSPPGenuine:
			o[report.StageEvents] = true
		case kmsevents.EvADActivation:
			o[report.StageEvents] = true
			o[report.StageLicense] = true
		case kmsevents.EvHostRequest, kmsevents.EvDNSFailed, kmsevents.EvDNSPublished:
			o[report.StageEvents] = true
			o[report.StageKMSHost] = true
		}
	}
	return o
}

// kmsName reports whether name, looked up, is linked to KMS activation: a
// live check (its names are the KMS host's), a name with a "kms" label
// (kms01, azkms, kms.core.windows.net), the configured KMS host of a
// product, a target of a _vlmcs SRV record, or a host tested on TCP 1688
// or bound by RPC. The A lookup of any other name (a web site through
// 8.8.8.8) observes no stage of activation.
func kmsName(s *evidence.Set, name string) bool {
	n := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
	if n == "" {
		return false
	}
	if s.Context.Live {
		return true
	}
	for _, lb := range strings.Split(n, ".") {
		if strings.Contains(lb, "kms") {
			return true
		}
	}
	same := func(h string) bool {
		h = strings.TrimSpace(h)
		if hh, _, err := net.SplitHostPort(h); err == nil {
			h = hh
		}
		return strings.EqualFold(strings.TrimSuffix(h, "."), n)
	}
	for i := range s.Products {
		if same(s.Products[i].KMSMachineName) || same(s.Products[i].KMSDiscoveredName) {
			return true
		}
	}
	if _, ok := srvTargets(s)[n]; ok {
		return true
	}
	for _, p := range s.TCP {
		if p.Port == kmsPort && same(p.Host) {
			return true
		}
	}
	for _, r := range s.RPC {
		if same(r.Host) {
			return true
		}
	}
	return false
}

// stages is the verdict's stage map: problem where a problem finding is
// about the stage, ok where the evidence observed it, else not observed.
func stages(s *evidence.Set, fs []report.Finding) map[report.Stage]string {
	m := report.NotObserved()
	for st := range observed(s) {
		m[st] = report.StageOK
	}
	for _, f := range fs {
		if st := stageOf(f.ID); st != "" {
			if f.Severity.IsProblem() {
				m[st] = report.StageProblem
			} else if m[st] == report.StageNotObserved {
				m[st] = report.StageOK
			}
		}
	}
	return m
}

// subject says which machine the evidence describes.
func subject(s *evidence.Set) report.Subject {
	var sub report.Subject
	counts := map[string]int{}
	for i := range s.Events {
		if c := s.Events[i].Computer; c != "" {
			counts[c]++
		}
	}
	best := 0
	for c, n := range counts {
		if n > best || (n == best && c < sub.Computer) {
			sub.Computer, best = c, n
		}
	}
	sub.Domain = s.Context.Domain
	for _, l := range s.SRV {
		if sub.Domain == "" && l.Domain != "" {
			sub.Domain = strings.TrimSuffix(l.Domain, ".")
		}
	}
	sub.Role = report.RoleClient
	for i := range s.Products {
		p := &s.Products[i]
		if sub.CMID == "" && p.CMID != "" {
			sub.CMID = strings.ToLower(p.CMID)
		}
		if !isOffice(p) && sub.OS == "" {
			sub.OS, sub.Build = p.Name, p.Build
		}
		if p.KMSHost != nil {
			sub.Role = report.RoleKMSHost
		}
	}
	for i := range s.Events {
		if s.Events[i].EventID == kmsevents.EvHostRequest {
			sub.Role = report.RoleKMSHost
		}
	}
	if s.Context.Live {
		sub.Role = report.RoleProbe
	}
	sub.Cloud = machineCloud(s)
	return sub
}

// products is the licensing state of each product the evidence shows.
// ExpiresAt stays empty: slmgr gives the minutes left when it ran, and
// offline artifacts do not say when that was.
func products(s *evidence.Set) []report.Product {
	out := []report.Product{}
	for i := range s.Products {
		p := &s.Products[i]
		rp := report.Product{Name: p.Name, Application: "windows", Channel: p.Channel, LicenseStatus: p.Status,
			KMSConfigured: p.KMSMachineName, KMSDiscovered: p.KMSDiscoveredName, Activation: activationOf(p.Channel)}
		if isOffice(p) {
			rp.Application = "office"
		}
		if p.GraceMinutes > 0 {
			rp.GraceMinutes = p.GraceMinutes
		}
		if !slices.ContainsFunc(out, func(o report.Product) bool { return o == rp }) {
			out = append(out, rp)
		}
	}
	return out
}

// activationOf names how a channel activates.
func activationOf(channel string) string {
	c := strings.ToUpper(channel)
	switch {
	case c == "":
		return ""
	case strings.Contains(c, "KMSCLIENT"):
		return "kms"
	case strings.Contains(c, "VOLUME_KMS"):
		return "kms_host_key"
	case strings.Contains(c, "MAK"):
		return "mak"
	case strings.Contains(c, "AVMA") || strings.Contains(c, "VIRTUAL_MACHINE"):
		return "avma"
	case strings.HasPrefix(c, "OEM"):
		return "oem"
	case strings.Contains(c, "RETAIL"):
		return "retail"
	}
	return strings.ToLower(c)
}
