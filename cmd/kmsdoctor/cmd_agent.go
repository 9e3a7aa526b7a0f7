package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/agent"
	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/probe"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

// agentReport makes the agent's report: on Windows `collect --analyze`
// of this machine in process (its licensing, events and set-up; no
// bundle is written), elsewhere `check` with its defaults. Tests replace
// it.
var agentReport = func(ctx context.Context) (*report.Report, error) {
	r, _, err := machineDiagnosis(ctx)
	if errors.Is(err, winsys.ErrUnsupported) {
		return agentCheck(ctx)
	}
	return r, err
}

// agentCheck is the agent's report off Windows: `check` in process.
var agentCheck = func(ctx context.Context) (*report.Report, error) {
	cfg := probe.Config{Attempts: 4, Timeout: 10 * time.Second, ResolvConf: checkResolvConf}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	set := probe.Run(ctx, cfg)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := newReport("check", checkNow())
	diagnose.Run(set, r)
	return r, nil
}

// defaultSpool is the spool folder in the user's cache directory.
func defaultSpool() string {
	d, err := os.UserCacheDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "kmsdoctor", "spool")
}

func newAgentCmd(e *env) *cobra.Command {
	var (
		lang     langFlag
		sf       serverFlags
		once     bool
		interval time.Duration
		spool    string
	)
	hl := e.lang
	c := &cobra.Command{
		Use:     "agent",
		Short:   i18n.T(hl, "help.agent.short", nil),
		Long:    i18n.T(hl, "help.agent.long", nil),
		Example: i18n.T(hl, "help.agent.example", nil),
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			p, err := sf.poster(c, e, l)
			if err != nil {
				return err
			}
			if interval < time.Minute {
				return usageT(l, "agent.err.interval", i18n.Args{"value": interval})
			}
			envDefault(c, e, "spool", "KMSDOCTOR_SPOOL", &spool)
			if spool == "" {
				spool = defaultSpool()
			}
			sp := agent.Spool{Dir: spool}
			ctx := c.Context()
			backoff := agent.Backoff{Min: 5 * time.Second, Max: 10 * time.Minute}
			if once {
				backoff = agent.Backoff{Min: 2 * time.Second, Max: 30 * time.Second, Attempts: 5}
			}
			for {
				if err := agentRound(ctx, e, l, sp, p, backoff); err != nil && (once || ctx.Err() != nil) {
					return err
				}
				if once {
					return nil
				}
				// the next round, with up to 10% jitter so agents spread out
				wait := interval - interval/10 + rand.N(interval/5+1)
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(wait):
				}
			}
		},
	}
	lang.register(c, hl)
	sf.register(c, hl)
	f := c.Flags()
	f.BoolVar(&once, "once", false, i18n.T(hl, "help.agent.flag.once", nil))
	f.DurationVar(&interval, "interval", 24*time.Hour, i18n.T(hl, "help.agent.flag.interval", nil))
	f.StringVar(&spool, "spool", "", i18n.T(hl, "help.agent.flag.spool", nil))
	c.AddCommand(newAgentInstallCmd(e), newAgentUninstallCmd(e)) // cmd_agent_install.go
	return c
}

// agentRound makes a report, spools it, and sends the spool (the reports
// of earlier rounds that are still unacknowledged too).
func agentRound(ctx context.Context, e *env, l i18n.Lang, sp agent.Spool, p *agent.Poster, b agent.Backoff) error {
	r, err := agentReport(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return usageT(l, "agent.err.report", i18n.Args{"err": text(err.Error())})
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return usageT(l, "agent.err.report", i18n.Args{"err": text(err.Error())})
	}
	if err := sp.Add(r.ID, raw); err != nil {
		return usageT(l, "agent.err.spool", i18n.Args{"path": sp.Dir, "err": causeText(l, err)})
	}
	res, err := agent.Flush(ctx, sp, p, b, func(err error, wait time.Duration) {
		fmt.Fprintln(e.stderr, i18n.T(l, "agent.retry", i18n.Args{"err": text(err.Error()), "wait": wait.Round(time.Second)}))
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return usageT(l, "agent.err.post", i18n.Args{"err": text(err.Error()), "path": sp.Dir})
	}
	fmt.Fprintln(e.stderr, i18n.T(l, "report.post.done", i18n.Args{"accepted": res.Accepted, "duplicates": res.Duplicates}))
	return nil
}
