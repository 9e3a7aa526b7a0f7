// Package render words kmsdoctor's language-neutral report (internal/report)
// for a reader: Localize fills a report's titles, details and fix steps in
// one language from their catalogue messages, and the writers print it as
// text for a terminal, Markdown for a ticket, JSON, or an HTML fragment the
// dashboard reuses. It is the one place where a report meets words: rules
// and the model never choose a language.
package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// Message words m in language l. Nested Messages are worded in l too, and
// a List is its items joined by its separator message.
func Message(l i18n.Lang, m report.Message) string { return message(l, m, nil) }

// message is Message with every string argument (a raw value from the
// evidence) passed through esc first, when esc is not nil: the Markdown
// writer escapes the values, not the catalogue's own text.
func message(l i18n.Lang, m report.Message, esc func(string) string) string {
	if m.Key == "" {
		return ""
	}
	var args i18n.Args
	for k, v := range m.Args {
		if args == nil {
			args = make(i18n.Args, len(m.Args))
		}
		args[k] = arg(l, v, esc)
	}
	return i18n.T(l, m.Key, args)
}

// arg words one argument value.
func arg(l i18n.Lang, v any, esc func(string) string) any {
	switch v := v.(type) {
	case report.Message:
		return message(l, v, esc)
	case *report.Message:
		return message(l, *v, esc)
	case []report.Message:
		return arg(l, report.List{Sep: "report.list_sep", Items: v}, esc)
	case report.List:
		parts := make([]string, len(v.Items))
		for i, it := range v.Items {
			parts[i] = message(l, it, esc)
		}
		return strings.Join(parts, i18n.T(l, v.Sep, nil))
	case string:
		if esc != nil {
			return esc(v)
		}
	}
	return v
}

// Localize fills the worded fields of r (Title, Detail, Fix, Commands and
// each step's Text) in language l from their messages, and sets r.Lang. A
// finding without a message (a schema 1 report) keeps its text.
func Localize(r *report.Report, l i18n.Lang) { localize(r, l, nil) }

// localize is Localize with the message arguments escaped by esc (see
// message).
func localize(r *report.Report, l i18n.Lang, esc func(string) string) {
	r.Lang = string(l)
	localizeSteps(r.Verdict.Next, l, esc)
	for i := range r.Machines {
		localizeSteps(r.Machines[i].Verdict.Next, l, esc)
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Message.Title.IsZero() {
			continue
		}
		f.Title = message(l, f.Message.Title, esc)
		f.Detail = message(l, f.Message.Detail, esc)
		f.Fix, f.Commands = nil, nil
		for j := range f.Steps {
			s := &f.Steps[j]
			if s.Say != nil {
				s.Text = message(l, *s.Say, esc)
				f.Fix = append(f.Fix, s.Text)
			}
			if s.Run != "" {
				f.Fix = append(f.Fix, s.Run)
				f.Commands = append(f.Commands, s.Run)
			}
		}
	}
}

// localizeSteps fills each step's Text from its message.
func localizeSteps(steps []report.Step, l i18n.Lang, esc func(string) string) {
	for j := range steps {
		if s := &steps[j]; s.Say != nil {
			s.Text = message(l, *s.Say, esc)
		}
	}
}

// JSON writes the report as one indented JSON document.
func JSON(w io.Writer, r *report.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// SeverityLabel is the localised name of a severity.
func SeverityLabel(l i18n.Lang, s report.Severity) string {
	return i18n.T(l, "report.severity."+string(s), nil)
}

func sourcesString(p i18n.Printer, ss []report.Source) string {
	parts := make([]string, 0, len(ss))
	for _, s := range ss {
		if s.File != "" && s.Record > 0 {
			parts = append(parts, recordCite(p, s.File, s))
		} else if str := s.String(); str != "" {
			parts = append(parts, str)
		}
	}
	return strings.Join(parts, ", ")
}

// recordCite cites an event by EventRecordID and time:
// "file, record 1234 (2023-05-24 10:12 UTC)".
func recordCite(p i18n.Printer, file string, s report.Source) string {
	t, err := time.Parse(time.RFC3339, s.Time)
	if err != nil {
		return p.T("report.source.record_only", i18n.Args{"file": file, "record": s.Record})
	}
	when := t.UTC().Format("2006-01-02 15:04 UTC")
	if _, off := t.Zone(); off != 0 {
		when = t.Format("2006-01-02 15:04 (UTC-07:00)")
	}
	return p.T("report.source.record", i18n.Args{"file": file, "record": s.Record, "time": when})
}

// isCommand reports whether fix line s of f is a command to run verbatim.
func isCommand(f report.Finding, s string) bool {
	for _, c := range f.Commands {
		if c == s {
			return true
		}
	}
	return false
}

// Text writes the report for a person reading a terminal, in language l
// (the report is localised in place first).
func Text(w io.Writer, r *report.Report, l i18n.Lang, st textout.Style) error {
	Localize(r, l)
	sanitize(r)
	out := textout.New(w, st)
	p := i18n.Printer{Lang: l}
	out.Heading(verdictLine(p, st, r))
	if f, ok := primary(r); ok {
		out.Para(2, p.T("report.primary", i18n.Args{"title": f.Title}))
	}
	if len(r.Verdict.Codes) > 0 {
		out.Para(2, p.T("report.codes", i18n.Args{"codes": strings.Join(r.Verdict.Codes, ", ")}))
	}
	if len(r.Inputs) > 0 {
		out.Para(2, p.T("report.inputs", i18n.Args{"inputs": strings.Join(r.Inputs, ", ")}))
	}
	for i, f := range r.Findings {
		out.Blank()
		mark := severityMark(st, f.Severity, SeverityLabel(l, f.Severity))
		out.Line(fmt.Sprintf("%d. %s %s  %s", i+1, mark, st.Bold(f.Title), st.Dim("["+f.ID+"]")))
		if f.Detail != "" {
			out.Para(3, f.Detail)
		}
		if len(f.Codes) > 0 {
			out.Para(3, p.T("report.finding.codes", i18n.Args{"codes": strings.Join(f.Codes, ", ")}))
		}
		if s := sourcesString(p, f.Sources); s != "" {
			out.Para(3, p.T("report.finding.sources", i18n.Args{"sources": s}))
		}
		if len(f.Fix) > 0 {
			out.Line("   " + st.Bold(p.T("report.finding.fix", nil)))
			for _, step := range f.Fix {
				if isCommand(f, step) {
					out.Command(5, step)
				} else {
					out.Bullet(5, "-", step)
				}
			}
		}
	}
	if len(r.Verdict.Next) > 0 {
		out.Blank()
		out.Line(st.Bold(p.T("report.next", nil)))
		for _, s := range r.Verdict.Next {
			if s.Text != "" {
				out.Bullet(3, "-", s.Text)
			}
			if s.Run != "" {
				out.Command(5, s.Run)
			}
		}
	}
	return out.Err()
}

// primary is the root-cause finding: the first with the verdict's primary
// id (an id may be reported more than once, for different hosts or files).
func primary(r *report.Report) (report.Finding, bool) {
	if r.Verdict.Primary != "" {
		for _, f := range r.Findings {
			if f.ID == r.Verdict.Primary {
				return f, true
			}
		}
	}
	return report.Finding{}, false
}

func verdictLine(p i18n.Printer, st textout.Style, r *report.Report) string {
	switch r.Verdict.Status {
	case report.StatusOK:
		return st.Green(p.T("report.verdict.ok", nil))
	case report.StatusProblem:
		return st.Red(p.T("report.verdict.problem", nil))
	}
	return st.Yellow(p.T("report.verdict.unknown", nil))
}

func severityMark(st textout.Style, s report.Severity, label string) string {
	tag := "[" + label + "]"
	switch s {
	case report.Error:
		return st.Red(tag)
	case report.Warning:
		return st.Yellow(tag)
	case report.OK:
		return st.Green(tag)
	}
	return st.Cyan(tag)
}

// Markdown writes the report as Markdown for pasting into a ticket, in
// language l (the report is localised in place first). Every value from
// the report is cleaned and escaped: a message's arguments and a raw
// (schema 1) text with mdText, ids and codes as code spans and commands as
// fences that nothing inside can close (clean.go).
func Markdown(w io.Writer, r *report.Report, l i18n.Lang) error {
	localize(r, l, mdText)
	for i := range r.Findings {
		if f := &r.Findings[i]; f.Message.Title.IsZero() {
			f.Title, f.Detail = mdText(f.Title), mdText(f.Detail)
			for j, s := range f.Fix {
				if !isCommand(*f, s) {
					f.Fix[j] = mdText(s)
				}
			}
		}
	}
	sanitize(r)
	p := i18n.Printer{Lang: l}
	line := textout.CleanLine
	codes := func(cs []string) string {
		parts := make([]string, len(cs))
		for i, c := range cs {
			parts[i] = mdCode(c)
		}
		return strings.Join(parts, ", ")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", mdBlock(p.T("report.md.heading", i18n.Args{"command": "kmsdoctor " + mdText(r.Command),
		"verdict": p.T("report.verdict_short."+verdictKey(r), nil)})))
	if f, ok := primary(r); ok {
		fmt.Fprintf(&b, "%s\n\n", mdBlock(p.T("report.primary", i18n.Args{"title": "**" + line(f.Title) + "** (" + mdCode(f.ID) + ")"})))
	}
	if len(r.Verdict.Codes) > 0 {
		fmt.Fprintf(&b, "%s\n\n", mdBlock(p.T("report.codes", i18n.Args{"codes": codes(r.Verdict.Codes)})))
	}
	if sub := subjectLine(p, r.Subject); sub != "" {
		fmt.Fprintf(&b, "%s\n\n", mdBlock(mdText(sub)))
	}
	fmt.Fprintf(&b, "| # | %s | id | %s |\n|---|---|---|---|\n", p.T("report.md.severity", nil), p.T("report.md.title", nil))
	for i, f := range r.Findings {
		fmt.Fprintf(&b, "| %d | %s | %s | %s |\n", i+1, mdCell(SeverityLabel(l, f.Severity)), mdCell(mdCode(f.ID)), mdCell(f.Title))
	}
	for i, f := range r.Findings {
		fmt.Fprintf(&b, "\n### %d. %s (%s)\n\n", i+1, line(f.Title), mdCode(f.ID))
		if f.Detail != "" {
			fmt.Fprintf(&b, "%s\n\n", mdBlock(f.Detail))
		}
		if len(f.Codes) > 0 {
			fmt.Fprintf(&b, "%s\n\n", mdBlock(p.T("report.finding.codes", i18n.Args{"codes": codes(f.Codes)})))
		}
		if s := citations(p, f.Sources); s != "" {
			fmt.Fprintf(&b, "%s\n\n", mdBlock(p.T("report.finding.sources", i18n.Args{"sources": mdText(s)})))
			mdExcerpts(&b, f.Sources)
		}
		if len(f.Fix) > 0 {
			fmt.Fprintf(&b, "**%s**\n\n", p.T("report.finding.fix", nil))
			if len(f.Steps) > 0 {
				mdSteps(&b, f.Steps)
			} else {
				for _, step := range f.Fix {
					if isCommand(f, step) {
						b.WriteString(mdFence(step))
					} else {
						fmt.Fprintf(&b, "- %s\n", mdBlock(step))
					}
				}
			}
		}
	}
	if len(r.Verdict.Next) > 0 {
		fmt.Fprintf(&b, "\n### %s\n\n", p.T("report.next", nil))
		mdSteps(&b, r.Verdict.Next)
	}
	fmt.Fprintf(&b, "\n_kmsdoctor %s, %s_\n", mdText(r.Version), r.GeneratedAt.Format(stampFmt))
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell is a table cell: one line, with its pipes escaped (the text is
// escaped already).
// maxQuoted bounds the evidence lines a finding quotes in Markdown.
const maxQuoted = 3

// mdExcerpts quotes the evidence lines a finding cites, each as a code span
// in a block quote, so a ticket reader sees what the report rests on.
func mdExcerpts(b *strings.Builder, ss []report.Source) {
	n := 0
	for _, s := range ss {
		if s.Excerpt == "" || n == maxQuoted {
			continue
		}
		fmt.Fprintf(b, "> %s\n", mdCode(s.Excerpt))
		n++
	}
	if n > 0 {
		b.WriteString("\n")
	}
}

// stampFmt prints a report's time with its offset (reports are stamped in
// UTC, so +00:00).
const stampFmt = "2006-01-02 15:04:05 -07:00"

// mdSteps writes fix steps: sentences as list items, commands as fenced
// blocks tagged with their shell.
func mdSteps(b *strings.Builder, steps []report.Step) {
	for _, s := range steps {
		if s.Text != "" {
			fmt.Fprintf(b, "- %s\n", mdBlock(s.Text))
		}
		if s.Run != "" {
			b.WriteString(mdFenceLang(s.Run, fenceLang(s.Shell)))
		}
	}
}

// fenceLang is the Markdown info string for a shell.
func fenceLang(sh report.Shell) string {
	switch sh {
	case report.ShellPowerShell:
		return "powershell"
	case report.ShellCmd:
		return "cmd"
	case report.ShellBash, report.ShellAz:
		return "sh"
	}
	return ""
}

// verdictKey names the verdict for the catalogue.
func verdictKey(r *report.Report) string {
	switch r.Verdict.Status {
	case report.StatusOK, report.StatusProblem:
		return r.Verdict.Status
	}
	return report.StatusUnknown
}

// citations words where the evidence came from for a reader of a ticket:
// "file, line 16", "standard input, line 3", "file, record 1234
// (2023-05-24 10:12 UTC)", "live check: tcp".
func citations(p i18n.Printer, ss []report.Source) string {
	parts := make([]string, 0, len(ss))
	for _, s := range ss {
		file := s.File
		if file == "stdin" {
			file = p.T("report.source.stdin", nil)
		}
		switch {
		case s.File != "" && s.Record > 0:
			parts = append(parts, recordCite(p, file, s))
		case s.File != "" && s.Line > 0:
			parts = append(parts, p.T("report.source.line", i18n.Args{"file": file, "line": s.Line}))
		case s.File != "" && s.Offset > 0:
			parts = append(parts, p.T("report.source.offset", i18n.Args{"file": file, "offset": s.Offset}))
		case s.File != "":
			parts = append(parts, file)
		case s.Probe != "":
			parts = append(parts, p.T("report.source.probe", i18n.Args{"probe": s.Probe}))
		}
	}
	return strings.Join(parts, p.T("report.cite_sep", nil))
}

// subjectLine names the machine of a report ("Machine: WS42 (client, contoso.com)").
func subjectLine(p i18n.Printer, s report.Subject) string {
	if s.Label() == "" {
		return ""
	}
	var parts []string
	for _, v := range []string{s.Role, s.Domain, s.OS, s.Cloud} {
		if v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		return p.T("report.subject_name", i18n.Args{"machine": s.Label()})
	}
	return p.T("report.subject", i18n.Args{"machine": s.Label(), "about": strings.Join(parts, ", ")})
}

func mdCell(s string) string {
	s = textout.CleanLine(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '|' && (i == 0 || s[i-1] != '\\') {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
