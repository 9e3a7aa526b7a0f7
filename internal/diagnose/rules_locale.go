package diagnose

import (
	"strings"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// An slmgr output in a language whose labels kmsdoctor does not know: the
// language-neutral facts are read (channel, CMID, host:port, counts), but
// not the License Status line. Say which lines could not be read and how to
// get the licensing state in a form that does not depend on the language,
// instead of taking the product as healthy.

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDInputStatusUnread = def(Def{ID: "input.status_unread", Severity: report.Info, Rank: 1003, InputOnly: true})
)

// maxUnreadShown bounds the unread lines a finding quotes.
const maxUnreadShown = 3

// unreadLabelLines are the lines of p that look like "label: value" and
// that no label of the parser's table matched (Product.Other holds them as
// "N: text"); a line whose value holds a code (an error line) is no label.
func unreadLabelLines(p *evidence.Product) []string {
	var out []string
	for _, o := range p.Other {
		_, text, ok := strings.Cut(o, ": ")
		if !ok {
			continue
		}
		label, value, ok := strings.Cut(strings.ReplaceAll(text, "：", ":"), ":")
		label, value = strings.TrimSpace(label), strings.TrimSpace(value)
		if !ok || label == "" || value == "" || utf8.RuneCountInString(label) > 60 || strings.Contains(strings.ToLower(value), "0x") {
			continue
		}
		out = append(out, text)
	}
	return out
}

// minUnread is how many unread labelled lines make an output one in
// another language (one odd line of an English output is not).
const minUnread = 2

// statusUnread reports whether the License Status of p could not be read
// although its output has labelled lines the parser did not know: the
// labels of another language. ospp.vbs prints English labels in every
// language, and its /act output has no status line: its products are not
// concerned (nor is a product whose output carries an error code, which is
// then what is diagnosed; see unreadStatus).
func statusUnread(p *evidence.Product) bool {
	// A licence listing (/dli, /dlv) shows a channel, a key, a CMID or an
	// Extended PID; the product line of /ato alone does not.
	listing := p.Channel != "" || p.PartialKey != "" || p.CMID != "" || p.ExtendedPID != ""
	if p.KMSHost != nil || p.AD != nil || p.OSPP || !listing {
		return false
	}
	if statusValueUnknown(p) {
		return true // "Estado de la licencia: <a word not in the table>"
	}
	return p.Status == "" && p.StatusFrom == "" && len(unreadLabelLines(p)) >= minUnread
}

// knownStatuses are the statuses the parsers give (evidence.Status*).
var knownStatuses = map[string]bool{
	evidence.StatusLicensed: true, evidence.StatusUnlicensed: true, evidence.StatusOOBGrace: true,
	evidence.StatusOOTGrace: true, evidence.StatusNonGenuineGrace: true, evidence.StatusNotification: true,
	evidence.StatusExtendedGrace: true,
}

// statusValueUnknown: the License Status line was read under a known label
// but its value is a word of no row of the table (the parser keeps it as
// it is, "Notificación"): its meaning is not known.
func statusValueUnknown(p *evidence.Product) bool {
	return p.Status != "" && !knownStatuses[p.Status]
}

// unreadStatus is statusUnread for a product of s, false when the file it
// was read from shows an error code.
func unreadStatus(s *evidence.Set, p *evidence.Product) bool {
	if !statusUnread(p) {
		return false
	}
	for _, c := range s.Codes {
		if c.Source.File == p.Source.File {
			return false
		}
	}
	return true
}

var _ = register("input.status_unread", []string{IDInputStatusUnread}, func(s *evidence.Set, out *Out) {
	for i := range s.Products {
		p := &s.Products[i]
		if !unreadStatus(s, p) {
			continue
		}
		lines := unreadLabelLines(p)
		var ex []report.Message
		for _, l := range lines[:min(len(lines), maxUnreadShown)] {
			ex = append(ex, report.Raw(l))
		}
		args := productArgs(p)
		args["file"] = p.Source.File
		dk := ""
		if statusValueUnknown(p) {
			dk = "finding.input.status_unread.detail_value"
			args["status"] = p.Status
		} else {
			args["count"] = len(lines)
			args["examples"] = report.Join("report.list_sep", ex...)
		}
		ev := productEvidence(p)
		ev["unread"] = len(lines)
		fix := []report.Step{Say("fix.input.status_unread", nil),
			Here(report.ShellPowerShell, report.Read, lit(`Get-CimInstance SoftwareLicensingProduct -Filter "PartialProductKey IS NOT NULL" | ConvertTo-Json > licensing.json`)),
			Say("fix.input.status_unread.send", nil)}
		// The reason code printed under the status (a notification's
		// reason, in any language) is explained.
		codes := Codes(p.StatusReason)
		if len(codes) > 0 {
			ev["reason"] = codes[0]
			fix = append(fix, explain(codes[0]))
		}
		out.Add(F{ID: IDInputStatusUnread, Args: args, DetailKey: dk, Codes: codes, Evidence: ev, Sources: []report.Source{p.Source},
			Fix: fix})
	}
})
