package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// WriteJSON writes the report as one indented JSON document.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// SeverityLabel is the localised name of a severity.
func SeverityLabel(l i18n.Lang, s Severity) string {
	return i18n.T(l, "report.severity."+string(s), nil)
}

// SourceString prints a source as file:line, file@offset or probe name.
func (s Source) String() string {
	switch {
	case s.File != "" && s.Line > 0:
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	case s.File != "" && s.Offset > 0:
		return fmt.Sprintf("%s@%d", s.File, s.Offset)
	case s.File != "":
		return s.File
	}
	return s.Probe
}

func sourcesString(ss []Source) string {
	parts := make([]string, 0, len(ss))
	for _, s := range ss {
		if str := s.String(); str != "" {
			parts = append(parts, str)
		}
	}
	return strings.Join(parts, ", ")
}

// WriteText writes the report for a person reading a terminal.
func WriteText(w io.Writer, r *Report, l i18n.Lang, st textout.Style) error {
	out := textout.New(w, st)
	p := i18n.Printer{Lang: l}
	out.Heading(verdictLine(p, st, r))
	if f, ok := r.primary(); ok {
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
		if s := sourcesString(f.Sources); s != "" {
			out.Para(3, p.T("report.finding.sources", i18n.Args{"sources": s}))
		}
		if len(f.Fix) > 0 {
			out.Line("   " + st.Bold(p.T("report.finding.fix", nil)))
			for _, step := range f.Fix {
				if f.IsCommand(step) {
					out.Command(5, step)
				} else {
					out.Bullet(5, "-", step)
				}
			}
		}
	}
	return out.Err()
}

// primary is the root-cause finding: the first with the verdict's primary
// id (an id may be reported more than once, for different hosts or files).
func (r *Report) primary() (Finding, bool) {
	if r.Verdict.Primary != "" {
		for _, f := range r.Findings {
			if f.ID == r.Verdict.Primary {
				return f, true
			}
		}
	}
	return Finding{}, false
}

func verdictLine(p i18n.Printer, st textout.Style, r *Report) string {
	switch r.Verdict.Status {
	case StatusOK:
		return st.Green(p.T("report.verdict.ok", nil))
	case StatusProblem:
		return st.Red(p.T("report.verdict.problem", nil))
	}
	return st.Yellow(p.T("report.verdict.unknown", nil))
}

func severityMark(st textout.Style, s Severity, label string) string {
	tag := "[" + label + "]"
	switch s {
	case Error:
		return st.Red(tag)
	case Warning:
		return st.Yellow(tag)
	case OK:
		return st.Green(tag)
	}
	return st.Cyan(tag)
}

// WriteMarkdown writes the report as Markdown for pasting into a ticket.
func WriteMarkdown(w io.Writer, r *Report, l i18n.Lang) error {
	p := i18n.Printer{Lang: l}
	var b strings.Builder
	fmt.Fprintf(&b, "## kmsdoctor %s: %s\n\n", r.Command, strings.TrimSpace(verdictLine(p, textout.Plain, r)))
	if f, ok := r.primary(); ok {
		fmt.Fprintf(&b, "%s\n\n", p.T("report.primary", i18n.Args{"title": "**" + f.Title + "** (`" + f.ID + "`)"}))
	}
	if len(r.Verdict.Codes) > 0 {
		fmt.Fprintf(&b, "%s\n\n", p.T("report.codes", i18n.Args{"codes": "`" + strings.Join(r.Verdict.Codes, "`, `") + "`"}))
	}
	fmt.Fprintf(&b, "| # | %s | id | %s |\n|---|---|---|---|\n", p.T("report.md.severity", nil), p.T("report.md.title", nil))
	for i, f := range r.Findings {
		fmt.Fprintf(&b, "| %d | %s | `%s` | %s |\n", i+1, SeverityLabel(l, f.Severity), f.ID, mdCell(f.Title))
	}
	for i, f := range r.Findings {
		fmt.Fprintf(&b, "\n### %d. %s (`%s`)\n\n", i+1, f.Title, f.ID)
		if f.Detail != "" {
			fmt.Fprintf(&b, "%s\n\n", f.Detail)
		}
		if len(f.Codes) > 0 {
			fmt.Fprintf(&b, "%s\n\n", p.T("report.finding.codes", i18n.Args{"codes": "`" + strings.Join(f.Codes, "`, `") + "`"}))
		}
		if s := sourcesString(f.Sources); s != "" {
			fmt.Fprintf(&b, "%s\n\n", p.T("report.finding.sources", i18n.Args{"sources": s}))
		}
		if len(f.Fix) > 0 {
			fmt.Fprintf(&b, "**%s**\n\n", p.T("report.finding.fix", nil))
			for _, step := range f.Fix {
				if f.IsCommand(step) {
					fmt.Fprintf(&b, "```\n%s\n```\n", step)
				} else {
					fmt.Fprintf(&b, "- %s\n", step)
				}
			}
		}
	}
	fmt.Fprintf(&b, "\n_kmsdoctor %s, %s_\n", r.Version, r.GeneratedAt.Format("2006-01-02 15:04:05Z07:00"))
	_, err := io.WriteString(w, b.String())
	return err
}

func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
