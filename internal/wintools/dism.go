package wintools

import (
	"regexp"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// dism /online /Get-CurrentEdition and /Get-TargetEditions:
//
//	Deployment Image Servicing and Management tool
//	Version: 10.0.14393.0
//
//	Image Version: 10.0.14393.0
//
//	Current edition is:
//
//	Current Edition : ServerStandard
//
// and PowerShell's Get-WindowsEdition -Online ("Edition : ServerStandard").
// The edition is an edition ID (ServerStandard, ServerDatacenterEvalCor,
// Professional, EnterpriseS...), the same in every language.

var (
	dismEditionRe = regexp.MustCompile(`^\s*(Current Edition|Target Edition|Edition)\s*:\s*([A-Za-z][A-Za-z0-9]{2,40})\s*$`)
	// An edition ID: a family word, then letters (Eval, Cor, N...).
	editionIDRe = regexp.MustCompile(`^(Server[A-Z][A-Za-z0-9]*|Enterprise[A-Za-z0-9]*|Professional[A-Za-z0-9]*|Education[A-Za-z0-9]*|Core[A-Za-z0-9]*|IoTEnterprise[A-Za-z0-9]*|Cloud[A-Za-z0-9]*|Starter|HomeBasic|HomePremium|Ultimate|Business[A-Za-z0-9]*|PPIPro|ServerRdsh)$`)
)

const dismBanner = "Deployment Image Servicing and Management tool"

// evalEditionRe is an evaluation edition ID: the family word, then "Eval"
// (ServerStandardEval, ServerDatacenterEvalCor, EnterpriseEval,
// EnterpriseSEval, IoTEnterpriseSEval).
var evalEditionRe = regexp.MustCompile(`^[A-Za-z]+?S?Eval(?:Cor)?$`)

// DetectDism reports whether text is dism's (or Get-WindowsEdition's)
// edition output.
func DetectDism(text string) bool {
	if !strings.Contains(text, "Edition") {
		return false
	}
	banner := strings.Contains(text, dismBanner)
	for _, l := range lines(text) {
		if m := dismEditionRe.FindStringSubmatch(l); m != nil && editionIDRe.MatchString(m[2]) && (banner || m[1] != "Edition" || strings.Contains(text, "Online")) {
			return true
		}
	}
	return false
}

// ReadDism notes the current edition (and the targets offered).
func ReadDism(file string, line int, text string, s *evidence.Set) error {
	var targets []string
	at := 0
	for i, l := range lines(text) {
		m := dismEditionRe.FindStringSubmatch(l)
		if m == nil || !editionIDRe.MatchString(m[2]) {
			continue
		}
		if m[1] == "Target Edition" {
			targets = append(targets, m[2])
			if at == 0 {
				at = line + i
			}
			continue
		}
		note(s, file, line+i, "dism: edition "+m[2])
		if evalEditionRe.MatchString(m[2]) {
			s.Notes = append(s.Notes, evidence.Note{Kind: evidence.NoteEvaluationEdition, Detail: m[2], Source: src(file, line+i)})
		}
	}
	if len(targets) > 0 {
		note(s, file, at, "dism: target editions "+strings.Join(targets, ", "))
	}
	return nil
}
