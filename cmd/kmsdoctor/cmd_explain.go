package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// explainJSON is one object of `explain --json`, as the spec fixes it, plus
// additive keys (input, symbol, message, decoded, url, from_win32).
type explainJSON struct {
	Code            string      `json:"code"`
	Input           string      `json:"input"`
	FromWin32       uint32      `json:"from_win32,omitempty"`
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
	URL             string      `json:"url"`
	Decoded         decodedJSON `json:"decoded"`
}

// target is one code to explain: what the user typed, the code, and the
// Win32 error number when the input was a bare Win32 error (1722 is
// explained as its HRESULT 0x800706BA).
type target struct {
	input string
	v     uint32
	win32 uint32
}

// parseTargets reads explain's arguments. Each is cleaned up the way
// knowledge.TrimCode does (full-width forms, letter O for zero after 0x,
// punctuation around it); failing that, the codes inside it are taken, so
// "エラー コード: 0xC004F074" works. A bare Win32 error number (1 to 65535)
// becomes its FACILITY_WIN32 HRESULT. An argument with no code is a usage
// error that names the nearest known codes.
func parseTargets(l i18n.Lang, args []string) ([]target, error) {
	var out []target
	for i, a := range args {
		if v, err := knowledge.ParseCode(knowledge.TrimCode(a)); err == nil && !oddDecimal(knowledge.TrimCode(a), v) {
			out = append(out, win32Target(a, v))
			continue
		}
		if vs := knowledge.FindCodes(a); len(vs) > 0 {
			for _, v := range vs {
				out = append(out, win32Target(a, v))
			}
			continue
		}
		msg := i18n.T(l, "explain.err.bad_code", i18n.Args{"n": i + 1, "value": a})
		if sug := knowledge.Suggest(a); len(sug) > 0 {
			msg += " " + i18n.T(l, "explain.err.suggest", i18n.Args{"codes": strings.Join(sug, ", ")})
		}
		return nil, usageError{errors.New(msg)}
	}
	return out, nil
}

// oddDecimal is a positive decimal too big for a Win32 error and too small
// for a failure HRESULT (8007232 is 0x8007232B with a digit left out, not
// 0x007A2E40): explain suggests instead of explaining a different code.
func oddDecimal(t string, v uint32) bool {
	if t == "" || t[0] < '0' || t[0] > '9' || strings.ContainsAny(t, "xXabcdefABCDEF") || len(t) == 8 {
		return false
	}
	return v > 0xFFFF && v < 0x80000000
}

func win32Target(input string, v uint32) target {
	if v != 0 && v < 0x10000 {
		return target{input: input, v: 0x80070000 | v, win32: v}
	}
	return target{input: input, v: v}
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
			ts, err := parseTargets(l, args)
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]explainJSON, len(ts))
				for i, t := range ts {
					out[i] = explainObject(l, t.input, t.v)
					out[i].FromWin32 = t.win32
				}
				return writeJSON(e, out)
			}
			if format == "markdown" {
				for _, t := range ts {
					if err := writeExplanationMarkdown(e.stdout, l, t.v, short); err != nil {
						return err
					}
				}
				return nil
			}
			w := textout.New(e.stdout, textout.Detect(e.stdout))
			for i, t := range ts {
				if i > 0 {
					w.Blank()
				}
				if short {
					writeExplanationShort(w, l, t.v)
				} else {
					writeExplanation(w, l, t)
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
		o.URL = knowledge.LocalizeURL(knowledge.DocURL(d), l)
		return o
	}
	o.Known = true
	o.URL = en.LocalURL(l)
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
func writeExplanation(w *textout.Writer, l i18n.Lang, t target) {
	st := w.Style
	p := i18n.Printer{Lang: l}
	v := t.v
	code := knowledge.FormatCode(v)
	d := knowledge.Decode(v)
	en, ok := knowledge.Lookup(v)
	if t.win32 != 0 {
		name := ""
		if d.Win32Name != "" {
			name = " (" + d.Win32Name + ")"
		}
		w.Para(0, p.T("explain.win32.hresult", i18n.Args{"input": t.input, "num": t.win32, "name": name, "code": code}))
	}
	if !ok {
		w.Line(st.Bold(code) + "  " + st.Yellow(unknownTitle(l, d)))
		w.Para(2, p.T("explain.decoded", i18n.Args{"summary": d.Summary()}))
		w.Para(2, p.T("explain.url", i18n.Args{"url": knowledge.LocalizeURL(knowledge.DocURL(d), l)}))
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
	w.Para(2, p.T("explain.url", i18n.Args{"url": en.LocalURL(l)}))
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
