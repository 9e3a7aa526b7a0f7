package diagnose

import (
	"net"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Next steps: when a verdict is not a problem, the stages the evidence did
// not observe are listed with the read-only command that would observe
// each (Verdict.Next), so that "ok" or "unknown" says what is still to be
// collected. Values come from the evidence (the domain, the KMS host) or
// stand as holes.

// nextSteps lists one read-only step per stage not observed, in stage order.
func nextSteps(s *evidence.Set, st map[report.Stage]string) []report.Step {
	var out []report.Step
	kms := nextHost(s)
	ad := adActivated(s)
	for _, stage := range report.Stages {
		if st[stage] != report.StageNotObserved {
			continue
		}
		switch stage {
		case report.StageKMSConfig, report.StageDNS, report.StageTCP, report.StageRPC, report.StageKMSHost:
			if ad {
				continue // activated through Active Directory: no KMS host to observe
			}
		}
		var step report.Step
		switch stage {
		case report.StageLicense:
			step = Here(report.ShellCmd, report.Read, lit("cscript //nologo %windir%\\System32\\slmgr.vbs /dlv"))
		case report.StageKMSConfig:
			step = Here(report.ShellCmd, report.Read, lit(`reg query "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform" /v KeyManagementServiceName`))
		case report.StageDNS:
			step = Here(report.ShellCmd, report.Read, lit("nslookup -type=srv"), srvName(domainOr(s, srvDomainOrConfig(s))))
		case report.StageTCP:
			step = Here(report.ShellPowerShell, report.Read, lit("Test-NetConnection"), host(kms, holeKMSHost), lit("-Port"), port(kmsPort))
		case report.StageRPC:
			step = Here(report.ShellCmd, report.Read, lit("kmsdoctor check --host"), endpoint(kms, kmsPort))
		case report.StageTime:
			step = Here(report.ShellCmd, report.Read, lit("w32tm /query /status"))
		case report.StageKMSHost:
			step = hostStatus()
		case report.StageEvents:
			step = Here(report.ShellCmd, report.Read, lit("wevtutil epl Application Application.evtx"))
		default:
			continue
		}
		say := report.Msg("next."+string(stage), nil).Normalize()
		if step.Say != nil {
			// A refused value: keep the reason, after the stage's sentence.
			say = report.Msg("next.with_reason", report.Args{"what": say, "reason": *step.Say}).Normalize()
		}
		step.Say = &say
		out = append(out, step)
	}
	return out
}

// srvDomainOrConfig is srvDomain, else the suffix ipconfig or another SRV
// lookup gives (configDomain, rules_unrelated.go).
func srvDomainOrConfig(s *evidence.Set) string {
	if d := srvDomain(s); d != "" {
		return d
	}
	return configDomain(s)
}

// srvDomain is the domain of the first SRV lookup, "" when none.
func srvDomain(s *evidence.Set) string {
	for _, l := range s.SRV {
		if l.Domain != "" {
			return strings.TrimSuffix(l.Domain, ".")
		}
	}
	return ""
}

// nextHost is the KMS host the evidence names (a TCP or RPC target, an SRV
// target, the configured or discovered KMS name), "" when none.
func nextHost(s *evidence.Set) string {
	if h := namedHost(s); h != "" {
		return h
	}
	for _, r := range s.RPC {
		if r.Host != "" {
			return r.Host
		}
	}
	for _, l := range s.SRV {
		for _, r := range l.Records {
			if t := strings.TrimSuffix(r.Target, "."); t != "" {
				return t
			}
		}
	}
	for i := range s.Products {
		for _, n := range []string{s.Products[i].KMSMachineName, s.Products[i].KMSDiscoveredName} {
			if n = strings.TrimSpace(n); n != "" {
				if h, _, err := net.SplitHostPort(n); err == nil {
					return h
				}
				return n
			}
		}
	}
	return ""
}
