package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/ingest"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// analyzeNow is the report time; tests fix it for golden files.
var analyzeNow = time.Now

func newAnalyzeCmd(e *env) *cobra.Command {
	var (
		lang   langFlag
		out    reportFlags
		cloud  cloudFlag
		output string
	)
	helpLang := e.lang // help is printed before --lang is parsed (see helpLang)
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
			cl, hasCloud, err := cloud.get(c, l)
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
				promptPaste(e, l)
				if err := ingest.Reader("stdin", e.stdin, set); err != nil {
					return usageT(l, "analyze.err.stdin", i18n.Args{"err": errorText(l, err)})
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
					return usageT(l, "analyze.err.read", i18n.Args{"path": text(oe.Path), "err": causeText(l, oe.Err)})
				}
				return usageT(l, "analyze.err.other", i18n.Args{"err": errorText(l, err)})
			}
			if hasCloud {
				set.Context.Cloud, set.Context.AzureCloud = cl.Name, cl.Azure
			}
			r := newReport("analyze", analyzeNow())
			diagnose.Run(set, r)
			if output != "" {
				return writeReportFile(e, r, format, l, output)
			}
			return writeReport(e, r, format, l)
		},
	}
	lang.register(c, helpLang)
	out.register(c, helpLang)
	cloud.register(c, i18n.T(helpLang, "help.analyze.flag.cloud", nil), i18n.T(helpLang, "help.analyze.flag.azure", nil))
	c.Flags().StringVarP(&output, "output", "o", "", i18n.T(helpLang, "help.analyze.flag.output", nil))
	return c
}

// promptPaste tells the user, when standard input is a terminal, to paste
// the text and how to end it (Ctrl-D, or Ctrl-Z Enter on Windows); a pipe
// or a file gets no prompt.
func promptPaste(e *env, l i18n.Lang) {
	f, ok := e.stdin.(*os.File)
	if !ok || !textout.IsTerminal(f) {
		return
	}
	eof := "Ctrl-D"
	if runtime.GOOS == "windows" {
		eof = "Ctrl-Z Enter"
	}
	fmt.Fprintln(e.stderr, i18n.T(l, "analyze.stdin.prompt", i18n.Args{"eof": eof}))
}
