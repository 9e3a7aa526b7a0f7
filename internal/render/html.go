package render

import (
	"html/template"
	"io"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// htmlFragment is a report as an HTML fragment (no <html> or <body>): the
// CLI's --format html and the dashboard's report page both use it. Every
// value goes through html/template's escaping.
var htmlFragment = template.Must(template.New("report").Funcs(template.FuncMap{
	"sev":  func(l i18n.Lang, s report.Severity) string { return SeverityLabel(l, s) },
	"t":    func(l i18n.Lang, key string) string { return i18n.T(l, key, nil) },
	"join": strings.Join,
}).Parse(`<section class="kmsdoctor-report" data-status="{{.R.Verdict.Status}}" data-primary="{{.R.Verdict.Primary}}" lang="{{.L}}">
<h2 class="verdict verdict-{{.R.Verdict.Status}}">{{.Verdict}}</h2>
{{- with .Primary}}
<p class="primary">{{.}}</p>
{{- end}}
{{- if .R.Verdict.Codes}}
<p class="codes">{{.Codes}}</p>
{{- end}}
{{- if .R.Verdict.Stages}}
<table class="stages"><tbody>
{{- range .Stages}}
<tr class="stage-{{.State}}"><th>{{.Name}}</th><td>{{.Label}}</td></tr>
{{- end}}
</tbody></table>
{{- end}}
<ol class="findings">
{{- range .R.Findings}}
<li class="finding severity-{{.Severity}}" id="finding-{{.ID}}">
<h3><span class="severity">{{sev $.L .Severity}}</span> {{.Title}} <code>{{.ID}}</code>{{with .Subject}} <span class="subject">{{.}}</span>{{end}}</h3>
{{- with .Detail}}
<p class="detail">{{.}}</p>
{{- end}}
{{- if .Codes}}
<p class="codes">{{join .Codes ", "}}</p>
{{- end}}
{{- with $.Cite .Sources}}
<p class="sources">{{.}}</p>
{{- end}}
{{- if .Steps}}
<h4>{{t $.L "report.finding.fix"}}</h4>
<ol class="steps">
{{- range .Steps}}
<li class="step" data-on="{{.On}}" data-effect="{{.Effect}}"{{with .Op}} data-op="{{.}}"{{end}}>
{{- with .Text}}<p>{{.}}</p>{{end}}
{{- with .Run}}<pre><code class="shell-{{$.Shell .}}">{{.}}</code></pre>{{end}}
</li>
{{- end}}
</ol>
{{- end}}
</li>
{{- end}}
</ol>
{{- if .R.Verdict.Next}}
<h3 class="next">{{t $.L "report.next"}}</h3>
<ol class="next-steps">
{{- range .R.Verdict.Next}}
<li class="step" data-on="{{.On}}" data-effect="{{.Effect}}">
{{- with .Text}}<p>{{.}}</p>{{end}}
{{- with .Run}}<pre><code class="shell-{{$.Shell .}}">{{.}}</code></pre>{{end}}
</li>
{{- end}}
</ol>
{{- end}}
</section>
`))

type htmlStage struct{ Name, State, Label string }

type htmlData struct {
	R       *report.Report
	L       i18n.Lang
	Verdict string
	Primary string
	Codes   string
	Stages  []htmlStage
	shells  map[string]report.Shell
}

// Cite words the sources of a finding for a reader (see citations).
func (d htmlData) Cite(ss []report.Source) string { return citations(i18n.Printer{Lang: d.L}, ss) }

// Shell is the shell of the step whose command line is run (for the
// highlighting class).
func (d htmlData) Shell(run string) string { return string(d.shells[run]) }

// HTML writes the report as an HTML fragment in language l (the report is
// localised in place first).
func HTML(w io.Writer, r *report.Report, l i18n.Lang) error {
	Localize(r, l)
	sanitize(r)
	p := i18n.Printer{Lang: l}
	d := htmlData{R: r, L: l, shells: map[string]report.Shell{}}
	d.Verdict = verdictLine(p, textout.Plain, r)
	if f, ok := primary(r); ok {
		d.Primary = p.T("report.primary", i18n.Args{"title": f.Title})
	}
	if len(r.Verdict.Codes) > 0 {
		d.Codes = p.T("report.codes", i18n.Args{"codes": strings.Join(r.Verdict.Codes, ", ")})
	}
	for _, s := range report.Stages {
		if st, ok := r.Verdict.Stages[s]; ok {
			d.Stages = append(d.Stages, htmlStage{Name: string(s), State: st, Label: p.T("report.stage."+st, nil)})
		}
	}
	for _, f := range r.Findings {
		for _, s := range f.Steps {
			if s.Run != "" {
				d.shells[s.Run] = s.Shell
			}
		}
	}
	for _, s := range r.Verdict.Next {
		if s.Run != "" {
			d.shells[s.Run] = s.Shell
		}
	}
	return htmlFragment.Execute(w, d)
}

// pageHead and pageTail make the fragment a self-contained page a person
// can attach to a ticket: no external style, script or font.
const pageStyle = `body{font-family:system-ui,"Segoe UI","Yu Gothic UI","Meiryo",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1b1b1b}
h2.verdict-problem{color:#a4262c}h2.verdict-ok{color:#107c10}h2.verdict-unknown{color:#8a6d00}
code,pre{font-family:Consolas,"BIZ UDGothic",monospace;background:#f3f3f3}pre{padding:.5rem;overflow-x:auto}
li.finding{margin-bottom:1.5rem}.severity{font-weight:bold}.severity-error .severity{color:#a4262c}.severity-warning .severity{color:#8a6d00}.severity-ok .severity{color:#107c10}
table.stages td,table.stages th{padding:0 .75rem 0 0;text-align:left}.stage-problem td{color:#a4262c}.stage-ok td{color:#107c10}`

var pageTmpl = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>{{.Style}}</style>
</head>
<body>
{{.Body}}
<footer><p>kmsdoctor {{.Version}}, {{.Stamp}}</p></footer>
</body>
</html>
`))

// Page writes the report as a self-contained HTML page in language l: the
// HTML fragment inside a document with its own style.
func Page(w io.Writer, r *report.Report, l i18n.Lang) error {
	var body strings.Builder
	if err := HTML(&body, r, l); err != nil {
		return err
	}
	return pageTmpl.Execute(w, map[string]any{
		"Lang": string(l), "Title": i18n.T(l, "report.page.title", nil) + " (" + r.Command + ")",
		"Style": template.CSS(pageStyle), "Body": template.HTML(body.String()), // the fragment is html/template output, escaped already
		"Version": r.Version, "Stamp": r.GeneratedAt.Format(stampFmt),
	})
}
