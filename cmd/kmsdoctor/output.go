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

// cloudFlag is --cloud of check and analyze (one of knowledge.CloudNames)
// and its alias --azure (public, china, usgov: the Azure clouds by their
// old names).
type cloudFlag struct{ cloud, azure string }

func (a *cloudFlag) register(c *cobra.Command, cloudHelp, azureHelp string) {
	c.Flags().StringVar(&a.cloud, "cloud", "", cloudHelp)
	c.Flags().StringVar(&a.azure, "azure", "", azureHelp)
	_ = c.RegisterFlagCompletionFunc("cloud", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return knowledge.CloudNames(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("azure", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return knowledge.AzureCloudNames(), cobra.ShellCompDirectiveNoFileComp
	})
}

// get returns the cloud asked for (ok false when neither flag is set). A
// closed cloud (Azure Germany) is refused with a message that says so.
func (a *cloudFlag) get(c *cobra.Command, l i18n.Lang) (knowledge.Cloud, bool, error) {
	var got knowledge.Cloud
	for _, f := range []struct{ flag, value string }{{"cloud", a.cloud}, {"azure", a.azure}} {
		if f.value == "" {
			continue
		}
		if cc, closed := knowledge.ClosedCloud(f.value); closed {
			return knowledge.Cloud{}, false, usageT(l, "cli.cloud_closed", i18n.Args{"cmd": c.Name(), "flag": f.flag, "value": f.value,
				"cloud": cc.Label, "date": cc.Closed, "instead": cc.Instead})
		}
		cl, ok := knowledge.LookupCloud(f.value)
		if ok && f.flag == "azure" && cl.Provider != "azure" {
			ok = false
		}
		if !ok {
			names := knowledge.CloudNames()
			if f.flag == "azure" {
				names = knowledge.AzureCloudNames()
			}
			return knowledge.Cloud{}, false, usageT(l, "cli.bad_cloud", i18n.Args{"cmd": c.Name(), "flag": f.flag, "value": f.value, "clouds": strings.Join(names, ", ")})
		}
		if got.Name != "" && got.Name != cl.Name {
			return knowledge.Cloud{}, false, usageT(l, "cli.cloud_conflict", i18n.Args{"cmd": c.Name(), "cloud": a.cloud, "azure": a.azure})
		}
		got = cl
	}
	return got, got.Name != "", nil
}
