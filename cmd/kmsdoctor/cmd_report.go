package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/agent"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// tokenFileRead reads --token-file (tests replace it).
var tokenFileRead = os.ReadFile

// serverFlags are --server and --token-file of report post and agent.
type serverFlags struct{ server, tokenFile string }

func (s *serverFlags) register(c *cobra.Command, hl i18n.Lang) {
	c.Flags().StringVar(&s.server, "server", "", i18n.T(hl, "help.fleet.flag.server", nil))
	c.Flags().StringVar(&s.tokenFile, "token-file", "", i18n.T(hl, "help.fleet.flag.token_file", nil))
}

// poster checks the flags (or KMSDOCTOR_SERVER, KMSDOCTOR_TOKEN_FILE) and
// reads the token.
func (s *serverFlags) poster(c *cobra.Command, e *env, l i18n.Lang) (*agent.Poster, error) {
	envDefault(c, e, "server", "KMSDOCTOR_SERVER", &s.server)
	envDefault(c, e, "token-file", "KMSDOCTOR_TOKEN_FILE", &s.tokenFile)
	if !strings.HasPrefix(s.server, "http://") && !strings.HasPrefix(s.server, "https://") {
		return nil, usageT(l, "fleet.err.server", i18n.Args{"value": text(s.server)})
	}
	if s.tokenFile == "" {
		return nil, usageT(l, "fleet.err.token_file", nil)
	}
	tok, err := tokenFileRead(s.tokenFile)
	if err != nil {
		return nil, usageT(l, "fleet.err.token_read", i18n.Args{"path": s.tokenFile, "err": causeText(l, err)})
	}
	if strings.TrimSpace(string(tok)) == "" {
		return nil, usageT(l, "fleet.err.token_empty", i18n.Args{"path": s.tokenFile})
	}
	return &agent.Poster{URL: s.server, Token: strings.TrimSpace(string(tok))}, nil
}

func newReportCmd(e *env) *cobra.Command {
	hl := e.lang
	c := &cobra.Command{Use: "report", Short: i18n.T(hl, "help.report.short", nil), Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() }}
	c.AddCommand(newReportPostCmd(e))
	return c
}

func newReportPostCmd(e *env) *cobra.Command {
	var (
		lang langFlag
		sf   serverFlags
	)
	hl := e.lang
	c := &cobra.Command{
		Use:     "post REPORT.json...",
		Short:   i18n.T(hl, "help.report_post.short", nil),
		Long:    i18n.T(hl, "help.report_post.long", nil),
		Example: i18n.T(hl, "help.report_post.example", nil),
		RunE: func(c *cobra.Command, args []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			if len(args) == 0 {
				return usageT(l, "report.err.args", nil)
			}
			p, err := sf.poster(c, e, l)
			if err != nil {
				return err
			}
			// The reports go through a spool of their own, so that a batch
			// the server refuses names the file.
			sp := agent.Spool{Dir: tempSpool()}
			defer os.RemoveAll(sp.Dir)
			for _, name := range args {
				raw, err := readReport(e, name)
				if err != nil {
					return usageT(l, "render.err.read", i18n.Args{"path": name, "err": causeText(l, err)})
				}
				r, err := report.Decode(raw)
				if err != nil {
					return usageT(l, "render.err.decode", i18n.Args{"path": name, "err": decodeErr(raw, err)})
				}
				if r.ID == "" {
					return usageT(l, "report.err.no_id", i18n.Args{"path": name})
				}
				if err := sp.Add(r.ID, raw); err != nil {
					return usageT(l, "report.err.post", i18n.Args{"err": causeText(l, err)})
				}
			}
			res, err := agent.Flush(c.Context(), sp, p, agent.Backoff{Min: time.Second, Max: 10 * time.Second, Attempts: 4}, nil)
			if err != nil {
				if c.Context().Err() != nil {
					return c.Context().Err()
				}
				return usageT(l, "report.err.post", i18n.Args{"err": text(err.Error())})
			}
			if left, _ := os.ReadDir(sp.Dir + "/" + agent.Rejected); len(left) > 0 {
				return usageT(l, "report.err.rejected", i18n.Args{"n": len(left)})
			}
			fmt.Fprintln(e.stdout, i18n.T(l, "report.post.done", i18n.Args{"accepted": res.Accepted, "duplicates": res.Duplicates}))
			return nil
		},
	}
	lang.register(c, hl)
	sf.register(c, hl)
	return c
}

func tempSpool() string {
	d, err := os.MkdirTemp("", "kmsdoctor-post-")
	if err != nil {
		return os.TempDir() + "/kmsdoctor-post"
	}
	return d
}
