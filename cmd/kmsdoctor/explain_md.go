package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// writeExplanationMarkdown prints one code as Markdown for a ticket: a
// heading, the facts, numbered causes and fixes, each command in its own
// powershell fence. short keeps the title, the most likely cause and the
// first fix.
func writeExplanationMarkdown(w io.Writer, l i18n.Lang, v uint32, short bool) error {
	p := i18n.Printer{Lang: l}
	code := knowledge.FormatCode(v)
	d := knowledge.Decode(v)
	var b strings.Builder
	en, ok := knowledge.Lookup(v)
	if !ok {
		fmt.Fprintf(&b, "## %s: %s\n\n", code, unknownTitle(l, d))
		fmt.Fprintf(&b, "%s\n\n%s\n\n", p.T("explain.decoded", i18n.Args{"summary": d.Summary()}), p.T("explain.unknown.hint", nil))
		for _, c := range unknownCommands(code, d) {
			fence(&b, c)
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "## %s: %s\n\n", code, en.Title.In(l))
	if !short {
		types := make([]string, len(en.Types))
		for i, t := range en.Types {
			types[i] = p.T("explain.type."+t, nil)
		}
		fmt.Fprintf(&b, "- %s\n- %s\n", p.T("explain.types", i18n.Args{"types": strings.Join(types, ", ")}),
			p.T("explain.decoded", i18n.Args{"summary": d.Summary()}))
		if en.Symbol != "" {
			fmt.Fprintf(&b, "- %s\n", p.T("explain.symbol", i18n.Args{"symbol": "`" + en.Symbol + "`"}))
		}
		fmt.Fprintf(&b, "- %s\n", p.T("explain.message", i18n.Args{"message": en.Message.In(l)}))
		b.WriteString("\n")
	}
	causes, fixes := en.Causes, en.Resolutions
	if short {
		causes, fixes = causes[:min(1, len(causes))], fixes[:min(1, len(fixes))]
	}
	fmt.Fprintf(&b, "### %s\n\n", p.T("explain.causes", nil))
	for i, c := range causes {
		fmt.Fprintf(&b, "%d. %s\n", i+1, c.In(l))
	}
	fmt.Fprintf(&b, "\n### %s\n\n", p.T("explain.fix", nil))
	for i, r := range fixes {
		fmt.Fprintf(&b, "%d. %s\n", i+1, r.In(l))
		if len(r.Commands) > 0 {
			b.WriteString("\n")
			fence(&b, r.Commands...)
		}
	}
	if !short && len(en.Related) > 0 {
		fmt.Fprintf(&b, "\n%s\n", p.T("explain.related", i18n.Args{"codes": strings.Join(en.Related, ", ")}))
	}
	if !strings.HasSuffix(b.String(), "\n\n") {
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fence writes commands in one powershell code block, indented for a list.
func fence(b *strings.Builder, cmds ...string) {
	b.WriteString("   ```powershell\n")
	for _, c := range cmds {
		b.WriteString("   " + c + "\n")
	}
	b.WriteString("   ```\n\n")
}

// writeExplanationShort prints the title, the most likely cause and the
// first fix with its commands: what fits on a screen.
func writeExplanationShort(w *textout.Writer, l i18n.Lang, v uint32) {
	st := w.Style
	p := i18n.Printer{Lang: l}
	code := knowledge.FormatCode(v)
	en, ok := knowledge.Lookup(v)
	if !ok {
		d := knowledge.Decode(v)
		w.Line(st.Bold(code) + "  " + st.Yellow(unknownTitle(l, d)))
		for _, c := range unknownCommands(code, d) {
			w.Command(4, c)
		}
		return
	}
	w.Line(st.Bold(code) + "  " + st.Bold(en.Title.In(l)))
	if len(en.Causes) > 0 {
		w.Bullet(2, p.T("explain.short.cause", nil), en.Causes[0].In(l))
	}
	if len(en.Resolutions) > 0 {
		r := en.Resolutions[0]
		w.Bullet(2, p.T("explain.short.fix", nil), r.In(l))
		for _, cmd := range r.Commands {
			w.Command(4, cmd)
		}
	}
	if len(en.Causes) > 1 || len(en.Resolutions) > 1 {
		w.Para(2, p.T("explain.short.more", i18n.Args{"code": code}))
	}
}
