package diagnose

import (
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// A licensed status not read from a License Status line (Product.StatusFrom)
// is said as what it was read from: the success message of slmgr /ato, or
// the remaining grace of an ospp.vbs /dstatus fragment that can only be a
// KMS activation's validity. license.ok then says so in its detail.

// licensedFrom returns the detail key of license.ok for p (dk when the
// status came from a License Status line) and names a product the output
// gives no name for by its partial key.
func licensedFrom(p *evidence.Product, args report.Args, ev map[string]any, dk string) string {
	if args["product"] == "" && p.PartialKey != "" {
		key := "license.product_by_key"
		if isOffice(p) {
			key = "license.office_product_by_key"
		}
		args["product"] = report.Msg(key, report.Args{"key": p.PartialKey})
	}
	switch p.StatusFrom {
	case evidence.StatusFromAto:
		ev["status_from"] = p.StatusFrom
		return "finding.license.ok.detail_ato"
	case evidence.StatusFromKMSValidity:
		ev["status_from"] = p.StatusFrom
		return "finding.license.ok.detail_kms_validity"
	case evidence.StatusFromText, evidence.StatusFromAtoInferred:
		// The sentence the state was read from is shown with it.
		ev["status_from"] = p.StatusFrom
		ev["text"] = p.StatusText
		args["text"] = p.StatusText
		if args["product"] == "" {
			args["product"] = report.Msg("license.product_from_text", nil)
		}
		if p.StatusFrom == evidence.StatusFromAtoInferred {
			return "finding.license.ok.detail_ato_inferred"
		}
		return "finding.license.ok.detail_text"
	}
	return dk
}

// IDLicenseResolved: a text showed an error and then stated a success of
// the product (prose: Set.Resolved); the later state wins, the error is
// information.
var IDLicenseResolved = def(Def{ID: "license.error_resolved", Severity: report.Info, Rank: 92, Stage: report.StageLicense})

var _ = register("license.resolved", []string{IDLicenseResolved}, func(s *evidence.Set, out *Out) {
	if len(s.Resolved) == 0 {
		return
	}
	var codes []string
	var src []report.Source
	for _, c := range s.Resolved {
		codes = append(codes, c.Code)
		src = append(src, c.Source)
	}
	f := F{ID: IDLicenseResolved, Args: report.Args{"codes": strings.Join(codes, ", ")}, Codes: codes,
		Evidence: map[string]any{"codes": codes}, Sources: dedupSources(src)}
	// The text names the clock as the cause ("the time on the client was
	// wrong. After fixing the time zone it activated."): what was fixed.
	for _, t := range s.TimeSync {
		if t.Stated != "" {
			f.DetailKey = "finding.license.error_resolved.detail_clock"
			f.Args["text"] = t.Stated
			f.Evidence["clock"] = t.Stated
			f.Sources = dedupSources(append(src, t.Source))
			break
		}
	}
	out.Add(f)
})
