package main

import (
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/ingest"
)

// analyzeNow is the report time; tests fix it for golden files.
var analyzeNow = time.Now

func newAnalyzeCmd(e *env) *cobra.Command {
	var (
		lang  langFlag
		out   reportFlags
		azure azureFlag
	)
	helpLang := i18n.FromEnv(e.getenv) // help is printed before --lang is parsed
	c := &cobra.Command{
		Use:     "analyze PATH...",
		Short:   i18n.T(helpLang, "help.analyze.short", nil),
		Long:    i18n.T(helpLang, "help.analyze.long", nil),
		Example: i18n.T(helpLang, "help.analyze.example", nil),
		RunE: func(c *cobra.Command, args []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			if len(args) == 0 {
				return usageT(l, "analyze.err.no_paths", nil)
			}
			format, err := out.resolve(c, l)
			if err != nil {
				return err
			}
			cloud, err := azure.get(c, l)
			if err != nil {
				return err
			}
			set := &evidence.Set{}
			var paths []string
			for _, a := range args {
				if a != "-" {
					paths = append(paths, a)
					continue
				}
				if err := ingest.Reader("stdin", e.stdin, set); err != nil {
					return usageT(l, "analyze.err.stdin", i18n.Args{"err": err})
				}
			}
			fromFiles, err := ingest.PathsContext(c.Context(), paths)
			set.Merge(fromFiles)
			if err := c.Context().Err(); err != nil {
				return err // cancelled (Ctrl-C) while reading
			}
			if err != nil {
				var oe *ingest.OpenError
				if errors.As(err, &oe) {
					return usageT(l, "analyze.err.read", i18n.Args{"path": oe.Path, "err": oe.Err})
				}
				return usageT(l, "analyze.err.other", i18n.Args{"err": err})
			}
			set.Context.AzureCloud = cloud
			r := newReport("analyze", analyzeNow())
			diagnose.Run(set, r)
			return writeReport(e, r, format, l)
		},
	}
	lang.register(c, helpLang)
	out.register(c, helpLang)
	azure.register(c, i18n.T(helpLang, "help.analyze.flag.azure", nil))
	return c
}
