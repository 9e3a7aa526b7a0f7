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
	"sev":     func(l i18n.Lang, s report.Severity) string { return SeverityLabel(l, s) },
	"t":       func(l i18n.Lang, key string) string { return i18n.T(l, key, nil) },
	"join":    strings.Join,
	"sources": sourcesString,
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
{{- with sources .Sources}}
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
