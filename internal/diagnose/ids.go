package diagnose

import "github.com/kmsdoctor/kmsdoctor/internal/report"

// Finding ids. Each id is defined once here, with its default severity, the
// error codes it typically causes and its rank. The rank orders root causes
// the way the runbooks do: licensing set-up first (a client with the wrong
// key never asks a KMS host), then resolver, SRV, name, route/NSG, TCP, RPC,
// time, the KMS host itself, and last the symptoms (license state, events).
// A lower rank is a more fundamental cause. Titles and details live in the
// catalogue under "finding.<id>.title" and "finding.<id>.detail".
const (
	IDInputUnrecognized = "input.unrecognized"
	IDInputDamaged      = "input.damaged"

	IDTokensCorrupt          = "tokens.corrupt"
	IDLicenseChannelNotKMS   = "license.channel.not_kms"
	IDLicenseKMSHostKey      = "license.kms_host_key_on_client"
	IDLicenseKMSNameWrong    = "license.kms_name.wrong"
	IDLicenseNotification    = "license.notification"
	IDLicenseExpiring        = "license.expiring"
	IDDNSResolverUnreachable = "dns.resolver.unreachable"
	IDDNSSRVMissing          = "dns.srv.missing"
	IDDNSHostUnresolvable    = "dns.host.unresolvable"
	IDDNSSRVStale            = "dns.srv.stale"
	IDAzureRouteForced       = "azure.route.forced_tunnel"
	IDAzureNSGBlocks         = "azure.nsg.blocks_kms"
	IDAzureNSGImplicit       = "azure.nsg.implicit_allow"
	IDAzureOutboundNone      = "azure.outbound.none"
	IDAzurePathClear         = "azure.path.clear"
	IDTCPTimeout             = "tcp.timeout"
	IDTCPRefused             = "tcp.refused"
	IDTCPLoss                = "tcp.loss"
	IDRPCNotKMS              = "rpc.not_kms"
	IDTimeSkew               = "time.skew"
	IDKMSCountInsufficient   = "kms.count.insufficient"
	IDKMSHostCMIDDuplicate   = "kmshost.cmid.duplicate"
	IDKMSHostDNSPublish      = "kmshost.dns.publish_failed"
	IDEventsUnanswered       = "events.request.unanswered"
	IDEventsPersistent       = "events.failure.persistent"
	IDEventsTransient        = "events.failure.transient"
	IDKMSReachable           = "kms.reachable"

	// Added for `check` (rules_net.go).
	IDCheckNoDomain       = "check.no_domain"
	IDDNSResolverDisagree = "dns.resolver.disagree"
	IDAzureKMSAddress     = "azure.kms_address.unexpected"
	IDTCPUnreachable      = "tcp.unreachable"

	IDLicenseGrace           = "license.grace"
	IDLicenseRearmExhausted  = "license.rearm.exhausted"
	IDLicenseActivationError = "license.activation_error"
	IDKMSHostTooOld          = "kmshost.too_old"
	IDLicenseOK              = "license.ok"

	IDEventsFailing = "events.failure.latest"
	IDEventsExpiry  = "events.activation.expiry"
	IDEventsBenign  = "events.spp.benign"
	IDKMSHostCount  = "kmshost.count"
)

// Def is the fixed part of a finding id.
type Def struct {
	ID       string
	Severity report.Severity
	Codes    []string
	Rank     int
	// InputOnly marks findings about the inputs themselves; they are the
	// root cause only of a report that finds nothing else wrong.
	InputOnly bool
	// Stage is the step of activation the finding is about (empty for
	// findings about the inputs); a problem finding marks it problem.
	Stage report.Stage
}

var defList = []Def{
	{ID: IDInputUnrecognized, Severity: report.Warning, Rank: 1000, InputOnly: true},
	{ID: IDInputDamaged, Severity: report.Warning, Rank: 1001, InputOnly: true},

	{ID: IDTokensCorrupt, Severity: report.Error, Rank: 5, Codes: []string{"0xC004E015", "0xC004D301", "0xC004E002"}, Stage: report.StageLicense},
	{ID: IDLicenseChannelNotKMS, Severity: report.Error, Rank: 10, Codes: []string{"0xC004F074", "0xC004F035"}, Stage: report.StageLicense},
	{ID: IDLicenseKMSHostKey, Severity: report.Warning, Rank: 12, Stage: report.StageLicense},
	{ID: IDLicenseKMSNameWrong, Severity: report.Error, Rank: 15, Codes: []string{"0xC004F074"}, Stage: report.StageKMSConfig},
	{ID: IDDNSResolverUnreachable, Severity: report.Error, Rank: 20, Codes: []string{"0x8007232A"}, Stage: report.StageDNS},
	{ID: IDDNSSRVMissing, Severity: report.Error, Rank: 25, Codes: []string{"0x8007232B", "0x8007251D", "0x8007007B"}, Stage: report.StageDNS},
	{ID: IDDNSHostUnresolvable, Severity: report.Error, Rank: 30, Codes: []string{"0x8007232B", "0xC004F074"}, Stage: report.StageDNS},
	{ID: IDDNSSRVStale, Severity: report.Warning, Rank: 35, Codes: []string{"0x800706BA"}, Stage: report.StageDNS},
	{ID: IDAzureRouteForced, Severity: report.Error, Rank: 37, Codes: []string{"0xC004F074"}, Stage: report.StageTCP},
	{ID: IDAzureNSGBlocks, Severity: report.Error, Rank: 38, Codes: []string{"0xC004F074"}, Stage: report.StageTCP},
	{ID: IDAzureNSGImplicit, Severity: report.Info, Rank: 38, Stage: report.StageTCP},
	{ID: IDAzureOutboundNone, Severity: report.Error, Rank: 39, Codes: []string{"0xC004F074"}, Stage: report.StageTCP},
	{ID: IDAzurePathClear, Severity: report.OK, Rank: 39, Stage: report.StageTCP},
	{ID: IDTCPTimeout, Severity: report.Error, Rank: 40, Codes: []string{"0xC004F074", "0xC004F039"}, Stage: report.StageTCP},
	{ID: IDTCPRefused, Severity: report.Error, Rank: 41, Codes: []string{"0x800706BA", "0xC004F074"}, Stage: report.StageTCP},
	{ID: IDTCPLoss, Severity: report.Warning, Rank: 42, Codes: []string{"0xC004F074"}, Stage: report.StageTCP},
	{ID: IDRPCNotKMS, Severity: report.Error, Rank: 50, Codes: []string{"0xC004F074"}, Stage: report.StageRPC},
	{ID: IDTimeSkew, Severity: report.Error, Rank: 60, Codes: []string{"0xC004F06C"}, Stage: report.StageTime},
	{ID: IDKMSCountInsufficient, Severity: report.Error, Rank: 65, Codes: []string{"0xC004F038"}, Stage: report.StageKMSHost},
	{ID: IDKMSHostCMIDDuplicate, Severity: report.Error, Rank: 66, Stage: report.StageKMSHost},
	{ID: IDKMSHostDNSPublish, Severity: report.Warning, Rank: 67, Codes: []string{"0x8007267C"}, Stage: report.StageKMSHost},
	{ID: IDLicenseNotification, Severity: report.Error, Rank: 70, Codes: []string{"0xC004F009"}, Stage: report.StageLicense},
	{ID: IDLicenseExpiring, Severity: report.Warning, Rank: 72, Stage: report.StageLicense},
	{ID: IDEventsUnanswered, Severity: report.Warning, Rank: 80, Codes: []string{"0xC004F074"}, Stage: report.StageEvents},
	{ID: IDEventsPersistent, Severity: report.Error, Rank: 82, Stage: report.StageEvents},
	{ID: IDEventsTransient, Severity: report.Info, Rank: 85, Stage: report.StageEvents},
	{ID: IDKMSReachable, Severity: report.OK, Rank: 90, Stage: report.StageRPC},

	{ID: IDCheckNoDomain, Severity: report.Warning, Rank: 19, Stage: report.StageDNS},
	{ID: IDDNSResolverDisagree, Severity: report.Warning, Rank: 22, Codes: []string{"0x8007232B", "0xC004F074"}, Stage: report.StageDNS},
	{ID: IDAzureKMSAddress, Severity: report.Warning, Rank: 36, Codes: []string{"0xC004F074"}, Stage: report.StageDNS},
	{ID: IDTCPUnreachable, Severity: report.Error, Rank: 39, Codes: []string{"0xC004F074", "0xC004F039"}, Stage: report.StageTCP},

	{ID: IDKMSHostTooOld, Severity: report.Error, Rank: 64, Codes: []string{"0xC004F042"}, Stage: report.StageKMSHost},
	{ID: IDLicenseGrace, Severity: report.Warning, Rank: 71, Stage: report.StageLicense},
	{ID: IDLicenseRearmExhausted, Severity: report.Warning, Rank: 73, Codes: []string{"0xC004D307"}, Stage: report.StageLicense},
	{ID: IDLicenseActivationError, Severity: report.Error, Rank: 75, Stage: report.StageLicense},
	{ID: IDLicenseOK, Severity: report.OK, Rank: 91, Stage: report.StageLicense},

	{ID: IDEventsFailing, Severity: report.Warning, Rank: 81, Stage: report.StageEvents},
	{ID: IDKMSHostCount, Severity: report.Info, Rank: 86, Stage: report.StageKMSHost},
	{ID: IDEventsExpiry, Severity: report.Info, Rank: 88, Stage: report.StageEvents},
	{ID: IDEventsBenign, Severity: report.Info, Rank: 89, Stage: report.StageEvents},
}

var defs = func() map[string]Def {
	m := make(map[string]Def, len(defList))
	for _, d := range defList {
		if _, dup := m[d.ID]; dup {
			panic("diagnose: finding id defined twice: " + d.ID)
		}
		m[d.ID] = d
	}
	return m
}()

// Lookup returns the definition of id.
func Lookup(id string) (Def, bool) {
	d, ok := defs[id]
	return d, ok
}

// Defs returns every definition, in rank order of definition.
func Defs() []Def { return append([]Def(nil), defList...) }
