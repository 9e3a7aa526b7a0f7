// Package vnextdiag reads the output of Microsoft's vnextdiag.ps1 -action
// list, the script Microsoft 365 Apps installs in its Office16 folder to
// show the licences of the newer licensing method (vNext) that ospp.vbs does
// not show (DEPLOYOFFICE, "Check the license and activation status for
// Microsoft 365 Apps"). The script prints sections under banners
// ("========== Mode per ProductReleaseId ==========", "========== NUL
// licenses found ==========" or, in later versions, "vNext licenses found",
// "========== Device licenses found =========="), and one ConvertTo-Json
// object per licence file: "Type" ("User|Subscription", "Device|..."),
// "Product" (the ProductReleaseId, "O365ProPlusRetail"), "LicenseState"
// (the script's own judgement: "Licensed", "Grace" once the entitlement
// has expired, "RFM" past the licence's NotAfter), "EntitlementStatus",
// "ReasonCode", "NotBefore", "NotAfter", and the user's e-mail and tenant.
// Check-Activation-Status prints the same objects under "vNext licenses" and
// "Device licenses"; an object pasted without its banner is read too.
//
// Each licence becomes an evidence.Product named "Office 16, <Product>
// edition" (every vNext product is an Office 16.0 app; the name lets
// knowledge.OfficeKind tell Microsoft 365 Apps from a perpetual retail
// product) with the Type as its channel and the state mapped to the Status*
// values. E-mails and tenant ids are not kept; placeholders over them are
// noted as redacted.
//
// The reader is hand-written (no library reads this mix of banners and
// loose JSON, which people paste cut or with lines missing): it goes line by
// line, reads "Key": value pairs wherever they stand, and keeps at most
// MaxLicenses licences.
package vnextdiag

import (
	"regexp"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence/redact"
)

// MaxLicenses bounds the licences read from one output; the rest are
// skipped and reported (skip.vnextdiag.too_many).
const MaxLicenses = 64

// maxLine bounds the lines read as a property: the script's are short, a
// longer one is not its output.
const maxLine = 1024

var (
	// bannerRe is a section banner of the script (or of
	// Check-Activation-Status, which drops "found" and adds "=").
	bannerRe = regexp.MustCompile(`^=+\s*(Mode per ProductReleaseId|Shared Computer Licensing|Additional Licensing Settings|(NUL|vNext|Device) licenses(?: found)?)\s*=+$`)
	// pairRe is one property of a ConvertTo-Json object.
	pairRe = regexp.MustCompile(`"(\w+)"\s*:\s*(null|true|false|-?\d[\d.]*|"((?:[^"\\]|\\.)*)")\s*,?\s*$`)
	codeRe = regexp.MustCompile(`^0x[0-9A-Fa-f]{8}$`)
)

// banner returns the submatches of bannerRe for the trimmed line t.
func banner(t string) []string {
	if !strings.HasPrefix(t, "==") || len(t) > 120 {
		return nil
	}
	return bannerRe.FindStringSubmatch(t)
}

// Detect reports whether text holds vnextdiag.ps1 output: one of its
// licence banners, or a licence object (its LicenseState, Product and
// EntitlementStatus properties).
func Detect(text string) bool {
	n := 0
	for l := range strings.Lines(text) {
		if n++; n > 400 {
			break
		}
		if m := banner(strings.TrimSpace(l)); m != nil && (m[2] != "" || m[1] == "Mode per ProductReleaseId") {
			return true
		}
	}
	return strings.Contains(text, `"LicenseState"`) && strings.Contains(text, `"Product"`) && strings.Contains(text, `"EntitlementStatus"`)
}

// Starts reports whether line is the first banner the script prints, so
// that a ticket's splitter cuts a pasted output there.
func Starts(line string) bool {
	m := banner(strings.TrimSpace(line))
	return m != nil && (m[1] == "Mode per ProductReleaseId" || m[2] == "NUL" || m[2] == "vNext")
}

// licence is one object being read.
type licence struct {
	line  int // of its "{", or of its first property
	props map[string]string
	lines map[string]int
}

// Read adds the licences of text (line is the line of its first line in
// file) to s as products. It never fails: an output without licences
// ("No licenses found.") adds nothing.
func Read(file string, line int, text string, s *evidence.Set) error {
	var cur *licence
	section := ""
	kept, dropped := 0, 0
	firstDropped := 0
	flush := func() {
		if cur == nil {
			return
		}
		l := cur
		cur = nil
		if l.props["Product"] == "" && l.props["LicenseState"] == "" {
			return // a token of shared computer activation, a settings object
		}
		if kept >= MaxLicenses {
			if dropped++; dropped == 1 {
				firstDropped = l.line
			}
			return
		}
		kept++
		s.Products = append(s.Products, product(file, l, section))
	}
	n := line - 1
	for raw := range strings.Lines(text) {
		n++
		t := strings.TrimSpace(strings.TrimRight(raw, "\r\n"))
		if m := banner(t); m != nil {
			flush()
			section = m[2]
			continue
		}
		switch {
		case strings.HasPrefix(t, "{"):
			flush()
			cur = &licence{line: n, props: map[string]string{}, lines: map[string]int{}}
			t = strings.TrimSpace(t[1:])
		case strings.HasPrefix(t, "}"):
			flush()
			continue
		}
		if len(t) > maxLine || !strings.HasPrefix(t, `"`) {
			continue
		}
		m := pairRe.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		if cur == nil {
			// A licence pasted without its opening brace.
			cur = &licence{line: n, props: map[string]string{}, lines: map[string]int{}}
		}
		k, v := m[1], m[2]
		if v == "null" {
			v = ""
		} else if strings.HasPrefix(v, `"`) {
			v = unescape(m[3])
		}
		if _, dup := cur.props[k]; dup {
			// A property seen twice: the next object, pasted without
			// the braces between them.
			flush()
			cur = &licence{line: n, props: map[string]string{}, lines: map[string]int{}}
		}
		cur.props[k], cur.lines[k] = v, n
		if v != "" && redact.Placeholder(v) {
			s.Notes = append(s.Notes, evidence.Note{Kind: evidence.NoteRedacted, Detail: t,
				Source: evidence.Source{File: file, Line: n}})
		}
	}
	flush()
	if dropped > 0 {
		s.Skipped = append(s.Skipped, evidence.NewSkip(evidence.Source{File: file, Line: firstDropped}, dropped,
			"skip.vnextdiag.too_many", map[string]any{"count": dropped, "max": MaxLicenses}))
	}
	return nil
}

// states maps the script's LicenseState to the Status* values: "Grace" is
// the time after the entitlement expired (ExpiresOn) and before the
// licence's NotAfter, "RFM" reduced functionality after it.
var states = map[string]string{
	"licensed": evidence.StatusLicensed,
	"grace":    evidence.StatusExtendedGrace,
	"rfm":      evidence.StatusNotification,
}

func product(file string, l *licence, section string) evidence.Product {
	p := evidence.Product{Name: "Office 16, " + l.props["Product"] + " edition", Channel: l.props["Type"],
		GraceMinutes: -1, ExpiryMinutes: -1, RemainingRearm: -1, ActivationInterval: -1, RenewalInterval: -1,
		Source: evidence.Source{File: file, Line: l.line}, Lines: map[string]int{}}
	if l.props["Product"] == "" {
		p.Name = "Office 16"
	}
	if p.Channel == "" && section == "Device" {
		p.Channel = "Device"
	}
	p.Description = "vNext licence (vnextdiag.ps1): " + p.Channel
	st := strings.TrimSpace(l.props["LicenseState"])
	p.Status = states[strings.ToLower(st)]
	if p.Status == "" && st != "" {
		p.Other = append(p.Other, "LicenseState: "+st)
	}
	if c := strings.TrimSpace(l.props["ReasonCode"]); codeRe.MatchString(c) {
		p.StatusReason = "0x" + strings.ToUpper(c[2:])
	}
	if e := l.props["EntitlementStatus"]; e != "" {
		p.Other = append(p.Other, "EntitlementStatus: "+e)
	}
	for key, prop := range map[string]string{"status": "LicenseState", "channel": "Type"} {
		if n, ok := l.lines[prop]; ok {
			p.Lines[key] = n
		}
	}
	return p
}

// unescape undoes the JSON escapes ConvertTo-Json writes in a string.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	r := strings.NewReplacer(`\"`, `"`, `\\`, `\`, `\/`, `/`, `\n`, " ", `\r`, " ", `\t`, " ")
	return r.Replace(s)
}
