package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// explainJSON is one object of `explain --json`, as the spec fixes it, plus
// additive keys (input, symbol, message, decoded).
type explainJSON struct {
	Code            string      `json:"code"`
	Input           string      `json:"input"`
	Known           bool        `json:"known"`
	Facility        string      `json:"facility"`
	Title           string      `json:"title"`
	Symbol          string      `json:"symbol,omitempty"`
	Message         string      `json:"message,omitempty"`
	ActivationTypes []string    `json:"activation_types"`
	Causes          []string    `json:"causes"`
	Resolutions     []string    `json:"resolutions"`
	Commands        []string    `json:"commands"`
	Related         []string    `json:"related"`
	Checks          []string    `json:"checks"`
	Decoded         decodedJSON `json:"decoded"`
}

type decodedJSON struct {
	Kind      string `json:"kind"`
	Severity  string `json:"severity"`
	Facility  uint32 `json:"facility"`
	Code      uint16 `json:"code"`
	Name      string `json:"name,omitempty"`
	Win32     uint32 `json:"win32,omitempty"`
	Win32Name string `json:"win32_name,omitempty"`
}

func newExplainCmd(e *env) *cobra.Command {
	var (
		lang   langFlag
		asJSON bool
		search string
		format string
		short  bool
	)
	helpLang := e.lang // help is printed before --lang is parsed (see helpLang)
	c := &cobra.Command{
		Use:     "explain CODE... | explain --search TEXT",
		Short:   i18n.T(helpLang, "help.explain.short", nil),
		Long:    i18n.T(helpLang, "help.explain.long", nil),
		Example: i18n.T(helpLang, "help.explain.example", nil),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var out []string
			for _, en := range knowledge.Codes() {
				out = append(out, en.Code+"\t"+compDesc(en.Title.In(helpLang)))
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			switch {
			case asJSON && c.Flags().Changed("format") && format != "json":
				return usageT(l, "cli.format_conflict", i18n.Args{"cmd": c.Name(), "format": format})
			case format == "json":
				asJSON = true
			case format != "text" && format != "markdown":
				return usageT(l, "explain.err.format", i18n.Args{"format": text(format)})
			}
			if search != "" {
				if len(args) > 0 {
					return usageT(l, "explain.err.both", nil)
				}
				return runSearch(e, l, search, asJSON)
			}
			if len(args) == 0 {
				return usageT(l, "explain.err.none", nil)
			}
			vals := make([]uint32, len(args))
			for i, a := range args {
				v, err := knowledge.ParseCode(a)
				if err != nil {
					return usageT(l, "explain.err.bad_code", i18n.Args{"n": i + 1, "value": a})
				}
				vals[i] = v
			}
			if asJSON {
				out := make([]explainJSON, len(vals))
				for i, v := range vals {
					out[i] = explainObject(l, args[i], v)
				}
				return writeJSON(e, out)
			}
			if format == "markdown" {
				for _, v := range vals {
					if err := writeExplanationMarkdown(e.stdout, l, v, short); err != nil {
						return err
					}
				}
				return nil
			}
			w := textout.New(e.stdout, textout.Detect(e.stdout))
			for i, v := range vals {
				if i > 0 {
					w.Blank()
				}
				if short {
					writeExplanationShort(w, l, v)
				} else {
					writeExplanation(w, l, v)
				}
			}
			return w.Err()
		},
	}
	lang.register(c, helpLang)
	c.Flags().BoolVar(&asJSON, "json", false, i18n.T(helpLang, "help.explain.flag.json", nil))
	c.Flags().StringVar(&search, "search", "", i18n.T(helpLang, "help.explain.flag.search", nil))
	c.Flags().StringVar(&format, "format", "text", i18n.T(helpLang, "help.explain.flag.format", nil))
	c.Flags().BoolVar(&short, "short", false, i18n.T(helpLang, "help.explain.flag.short", nil))
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"text", "markdown", "json"}, cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

func writeJSON(e *env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func texts(l i18n.Lang, ts []i18n.Text) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.In(l)
	}
	return out
}

func explainObject(l i18n.Lang, input string, v uint32) explainJSON {
	d := knowledge.Decode(v)
	o := explainJSON{
		Code: knowledge.FormatCode(v), Input: input, Facility: d.FacilityName,
		ActivationTypes: []string{}, Causes: []string{}, Resolutions: []string{}, Commands: []string{},
		Related: []string{}, Checks: []string{},
		Decoded: decodedJSON{Kind: d.Kind, Severity: d.Severity, Facility: d.Facility, Code: d.Code, Name: d.Name, Win32Name: d.Win32Name},
	}
	if d.IsWin32 {
		o.Decoded.Win32 = d.Win32
	}
	if o.Facility == "" {
		o.Facility = d.Kind
	}
	en, ok := knowledge.Lookup(v)
	if !ok {
		o.Title = unknownTitle(l, d)
		o.Commands = unknownCommands(o.Code, d)
		return o
	}
	o.Known = true
	o.Title = en.Title.In(l)
	o.Symbol = en.Symbol
	o.Message = en.Message.In(l)
	o.ActivationTypes = append(o.ActivationTypes, en.Types...)
	o.Causes = texts(l, en.Causes)
	for _, r := range en.Resolutions {
		o.Resolutions = append(o.Resolutions, r.In(l))
	}
	o.Commands = append(o.Commands, en.Commands()...)
	o.Related = append(o.Related, en.Related...)
	o.Checks = append(o.Checks, en.Checks...)
	return o
}

func unknownTitle(l i18n.Lang, d knowledge.Decoded) string {
	summary := d.Summary()
	if d.IsWin32 {
		summary = i18n.T(l, "explain.unknown.win32", i18n.Args{"num": d.Win32, "name": d.Win32Name})
		summary = strings.TrimSpace(summary)
	}
	return i18n.T(l, "explain.unknown.title", i18n.Args{"summary": summary})
}

// unknownCommands look up a code the knowledge base does not hold: its
// message through slui, and a Win32 error's text through net helpmsg.
func unknownCommands(code string, d knowledge.Decoded) []string {
	cmds := []string{"slui 0x2a " + code}
	if d.IsWin32 {
		cmds = append(cmds, fmt.Sprintf("net helpmsg %d", d.Win32))
	}
	return cmds
}

// writeExplanation prints one code for a terminal.
func writeExplanation(w *textout.Writer, l i18n.Lang, v uint32) {
	st := w.Style
	p := i18n.Printer{Lang: l}
	code := knowledge.FormatCode(v)
	d := knowledge.Decode(v)
	en, ok := knowledge.Lookup(v)
	if !ok {
		w.Line(st.Bold(code) + "  " + st.Yellow(unknownTitle(l, d)))
		w.Para(2, p.T("explain.decoded", i18n.Args{"summary": d.Summary()}))
		w.Blank()
		w.Para(2, p.T("explain.unknown.hint", nil))
		for _, c := range unknownCommands(code, d) {
			w.Command(4, c)
		}
		return
	}
	w.Line(st.Bold(code) + "  " + st.Bold(en.Title.In(l)))
	types := make([]string, len(en.Types))
	for i, t := range en.Types {
		types[i] = p.T("explain.type."+t, nil)
	}
	w.Para(2, p.T("explain.types", i18n.Args{"types": strings.Join(types, ", ")}))
	w.Para(2, p.T("explain.decoded", i18n.Args{"summary": d.Summary()}))
	if en.Symbol != "" {
		w.Para(2, p.T("explain.symbol", i18n.Args{"symbol": en.Symbol}))
	}
	w.Para(2, p.T("explain.message", i18n.Args{"message": en.Message.In(l)}))
	w.Blank()
	w.Line("  " + st.Bold(p.T("explain.causes", nil)))
	for i, c := range en.Causes {
		w.Bullet(4, fmt.Sprintf("%d.", i+1), c.In(l))
	}
	w.Blank()
	w.Line("  " + st.Bold(p.T("explain.fix", nil)))
	for i, r := range en.Resolutions {
		w.Bullet(4, fmt.Sprintf("%d.", i+1), r.In(l))
		for _, cmd := range r.Commands {
			w.Command(7, cmd)
		}
	}
	if len(en.Related) > 0 {
		w.Blank()
		w.Para(2, p.T("explain.related", i18n.Args{"codes": strings.Join(en.Related, ", ")}))
	}
	if len(en.Checks) > 0 {
		w.Blank()
		w.Line("  " + st.Bold(p.T("explain.confirm", nil)))
		for _, c := range en.Checks {
			w.Command(4, p.T("explain.check."+c, nil))
		}
	}
}

func runSearch(e *env, l i18n.Lang, query string, asJSON bool) error {
	hits := knowledge.Search(query)
	if asJSON {
		out := make([]explainJSON, len(hits))
		for i, h := range hits {
			v, _ := knowledge.ParseCode(h.Entry.Code)
			out[i] = explainObject(l, query, v)
		}
		if err := writeJSON(e, out); err != nil {
			return err
		}
		if len(hits) == 0 {
			return exitError{exitProblem}
		}
		return nil
	}
	w := textout.New(e.stdout, textout.Detect(e.stdout))
	p := i18n.Printer{Lang: l}
	if len(hits) == 0 {
		w.Para(0, p.T("explain.search.none", i18n.Args{"query": query}))
		if err := w.Err(); err != nil {
			return err
		}
		return exitError{exitProblem}
	}
	w.Para(0, p.T("explain.search.header", i18n.Args{"query": query}))
	for _, h := range hits {
		w.Bullet(2, w.Style.Bold(h.Entry.Code), h.Entry.Title.In(l))
	}
	w.Blank()
	w.Para(0, p.T("explain.search.more", nil))
	return w.Err()
}
