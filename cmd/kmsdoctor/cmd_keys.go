package main

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// keysJSON is the document of `keys --json`.
type keysJSON struct {
	Query string               `json:"query"`
	Keys  []knowledge.KeyEntry `json:"keys"`
}

// newKeysCmd is `kmsdoctor keys [PRODUCT TEXT] [--json] [--lang]`: the
// published KMS client setup keys (GVLKs) of Windows and Office whose
// product name holds every word of the text. Exit 1 when none matches.
func newKeysCmd(e *env) *cobra.Command {
	var (
		lang   langFlag
		asJSON bool
	)
	helpLang := e.lang // help is printed before --lang is parsed (see helpLang)
	c := &cobra.Command{
		Use:     "keys [PRODUCT TEXT]",
		Short:   i18n.T(helpLang, "help.keys.short", nil),
		Long:    i18n.T(helpLang, "help.keys.long", nil),
		Example: i18n.T(helpLang, "help.keys.example", nil),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			query := strings.Join(args, " ")
			hits := knowledge.SearchKeys(query)
			if asJSON {
				if hits == nil {
					hits = []knowledge.KeyEntry{}
				}
				if err := writeJSON(e, keysJSON{Query: query, Keys: hits}); err != nil {
					return err
				}
			} else if err := writeKeys(e, l, query, hits); err != nil {
				return err
			}
			if len(hits) == 0 {
				return exitError{exitProblem}
			}
			return nil
		},
	}
	lang.register(c, helpLang)
	c.Flags().BoolVar(&asJSON, "json", false, i18n.T(helpLang, "help.keys.flag.json", nil))
	return c
}

// writeKeys prints the keys as a table (product, key), then the sources.
func writeKeys(e *env, l i18n.Lang, query string, hits []knowledge.KeyEntry) error {
	w := textout.New(e.stdout, textout.Detect(e.stdout))
	p := i18n.Printer{Lang: l}
	if len(hits) == 0 {
		w.Para(0, p.T("keys.none", i18n.Args{"query": textout.CleanLine(query)}))
		w.Para(0, p.T("keys.none_hint", nil))
		return w.Err()
	}
	hProduct, hKey := p.T("keys.col.product", nil), p.T("keys.col.key", nil)
	width := textout.Cols(hProduct)
	for _, k := range hits {
		width = max(width, textout.Cols(k.Product))
	}
	row := func(a, b string) string { return a + strings.Repeat(" ", width-textout.Cols(a)+2) + b }
	w.Line(w.Style.Bold(row(hProduct, hKey)))
	var sources []string
	for _, k := range hits {
		w.Line(row(k.Product, k.Key))
		if !slices.Contains(sources, k.Source) {
			sources = append(sources, k.Source)
		}
	}
	w.Blank()
	for _, s := range sources {
		w.Line(p.T("keys.source", i18n.Args{"url": s}))
	}
	w.Para(0, p.T("keys.note", nil))
	return w.Err()
}
