package main

import (
	"errors"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/ingest"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// analyzeNow is the report time; tests fix it for golden files.
var analyzeNow = time.Now

func newAnalyzeCmd(e *env) *cobra.Command {
	var (
		lang  langFlag
		out   reportFlags
		azure string
	)
	c := &cobra.Command{
		Use:   "analyze PATH...",
		Short: "Offline diagnosis of slmgr output, runbook outputs, folders and .zip bundles",
		Long: `Analyze collected artifacts offline and report the root cause and its fix,
the same report as check.

Reads any mix of files, folders and .zip bundles (zips inside zips too). The
kind of each file is recognised from its content, not its name:

  slmgr.vbs /dlv, /dli, /xpr (and the error lines of /ato, /rearm), English
      or Japanese, UTF-8, UTF-16 or Shift_JIS (a Japanese Windows "> file");
      Office's ospp.vbs /dstatus
  nslookup -type=srv _vlmcs._tcp.DOMAIN, nslookup KMS-HOST
  Test-NetConnection HOST -Port 1688, psping HOST:1688
  w32tm /query /status, w32tm /stripchart /computer:KMS-HOST
  Azure CLI / ARM network JSON (routes, NSGs, NICs)

A pasted ticket text holding several of these outputs is split and each
part is read; "-" reads standard input (paste a ticket). Inside a folder,
README*, SOURCES.md, LICENSE* and hidden files are not inputs. Each finding
names the file and line it comes from; a file inside a zip is named
bundle.zip!path/in/zip.txt.

--azure CLOUD says the artifacts come from an Azure VM in that cloud: KMS
activation against that cloud's endpoint is then expected. Without it, a
MAK or retail key alone is not a problem.

Exit status: 0 nothing wrong was found, 1 problems were found, 2 an input
could not be opened or read (or a usage error).`,
		Example: `  kmsdoctor analyze samples/
  kmsdoctor analyze ticket-4711.txt dlv.txt --lang ja
  kmsdoctor analyze bundle.zip --azure public --format markdown
  kmsdoctor analyze collected/ --json
  kmsdoctor analyze - < ticket.txt`,
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
			if azure != "" {
				cl, ok := knowledge.Azure(azure)
				if !ok {
					return usageT(l, "cli.bad_azure", i18n.Args{"cmd": "analyze", "value": azure, "clouds": strings.Join(knowledge.AzureCloudNames(), ", ")})
				}
				azure = cl.Name
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
			fromFiles, err := ingest.Paths(paths)
			set.Merge(fromFiles)
			if err != nil {
				var oe *ingest.OpenError
				if errors.As(err, &oe) {
					return usageT(l, "analyze.err.read", i18n.Args{"path": oe.Path, "err": oe.Err})
				}
				return usageT(l, "analyze.err.other", i18n.Args{"err": err})
			}
			set.Context.AzureCloud = azure
			r := report.New("analyze", analyzeNow())
			diagnose.Run(set, l, r)
			return writeReport(e, r, format, l)
		},
	}
	lang.register(c)
	out.register(c)
	c.Flags().StringVar(&azure, "azure", "", "the artifacts come from an Azure VM in this cloud: public, china, germany or usgov")
	_ = c.RegisterFlagCompletionFunc("azure", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return knowledge.AzureCloudNames(), cobra.ShellCompDirectiveNoFileComp
	})
	return c
}
