package main

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// reportFlags are the output flags shared by the commands that print a
// report (check, analyze, render): --json and --format text|markdown|json|html.
type reportFlags struct {
	asJSON bool
	format string
}

// register adds --json and --format to c, their usage worded in the help
// language hl.
func (o *reportFlags) register(c *cobra.Command, hl i18n.Lang) {
	c.Flags().BoolVar(&o.asJSON, "json", false, i18n.T(hl, "help.flag.json", nil))
	c.Flags().StringVar(&o.format, "format", "text", i18n.T(hl, "help.flag.format", nil))
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"text", "markdown", "json", "html"}, cobra.ShellCompDirectiveNoFileComp
	})
}

// resolve checks the flags and returns the format to use.
func (o *reportFlags) resolve(c *cobra.Command, l i18n.Lang) (string, error) {
	if o.asJSON {
		if c.Flags().Changed("format") && o.format != "json" {
			return "", usageT(l, "cli.format_conflict", i18n.Args{"cmd": c.Name(), "format": o.format})
		}
		return "json", nil
	}
	switch o.format {
	case "text", "markdown", "json", "html":
		return o.format, nil
	}
	return "", usageT(l, "cli.bad_format", i18n.Args{"cmd": c.Name(), "format": o.format})
}

// reportID gives each new report its id; tests fix it for golden files.
var reportID = report.NewID

// newReport is an empty report of command, stamped now.
func newReport(command string, now time.Time) *report.Report {
	r := report.New(command, now)
	r.ID = reportID()
	return r
}

// writeReport prints r in format and returns the exit status the spec gives
// for it as an exitError (nil for 0), for exitCode: 1 exactly when the
// verdict's status is problem.
func writeReport(e *env, r *report.Report, format string, l i18n.Lang) error {
	var err error
	switch format {
	case "json":
		render.Localize(r, l)
		err = render.JSON(e.stdout, r)
	case "markdown":
		err = render.Markdown(e.stdout, r, l)
	case "html":
		err = render.Page(e.stdout, r, l)
	default:
		err = render.Text(e.stdout, r, l, textout.Detect(e.stdout))
	}
	if err != nil {
		return err
	}
	if r.Verdict.IsProblem() {
		return exitError{code: exitProblem}
	}
	return nil
}

// azureFlag is the --azure flag of check and analyze: one of the clouds of
// internal/knowledge.
type azureFlag struct{ value string }

func (a *azureFlag) register(c *cobra.Command, help string) {
	c.Flags().StringVar(&a.value, "azure", "", help)
	_ = c.RegisterFlagCompletionFunc("azure", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return knowledge.AzureCloudNames(), cobra.ShellCompDirectiveNoFileComp
	})
}

// get returns the canonical cloud name, "" when the flag is not set.
func (a *azureFlag) get(c *cobra.Command, l i18n.Lang) (string, error) {
	if a.value == "" {
		return "", nil
	}
	cl, ok := knowledge.Azure(a.value)
	if !ok {
		return "", usageT(l, "cli.bad_azure", i18n.Args{"cmd": c.Name(), "value": a.value, "clouds": strings.Join(knowledge.AzureCloudNames(), ", ")})
	}
	return cl.Name, nil
}
