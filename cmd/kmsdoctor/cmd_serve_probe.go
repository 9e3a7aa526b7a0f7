package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/server"
	"github.com/kmsdoctor/kmsdoctor/internal/store"
)

// probeFlags are serve's --probe and --probe-interval.
type probeFlags struct {
	targets  []string
	interval time.Duration
}

func (p *probeFlags) register(c *cobra.Command, hl i18n.Lang) {
	c.Flags().StringArrayVar(&p.targets, "probe", nil, i18n.T(hl, "help.serve.flag.probe", nil))
	c.Flags().DurationVar(&p.interval, "probe-interval", fleet.DefaultProbeInterval, i18n.T(hl, "help.serve.flag.probe_interval", nil))
}

// config checks the flags (or KMSDOCTOR_PROBE, KMSDOCTOR_PROBE_INTERVAL).
func (p *probeFlags) config(c *cobra.Command, e *env, l i18n.Lang) (server.ProbeConfig, error) {
	if !c.Flags().Changed("probe") {
		for _, t := range strings.Split(e.getenv("KMSDOCTOR_PROBE"), ",") {
			if t = strings.TrimSpace(t); t != "" {
				p.targets = append(p.targets, t)
			}
		}
	}
	if v := e.getenv("KMSDOCTOR_PROBE_INTERVAL"); v != "" && !c.Flags().Changed("probe-interval") {
		d, err := time.ParseDuration(v)
		if err != nil {
			return server.ProbeConfig{}, usageT(l, "serve.err.probe_interval", i18n.Args{"value": text(v)})
		}
		p.interval = d
	}
	if p.interval < fleet.MinProbeInterval {
		return server.ProbeConfig{}, usageT(l, "serve.err.probe_interval", i18n.Args{"value": p.interval})
	}
	for _, t := range p.targets {
		if _, err := server.NormalizeTarget(t); err != nil {
			return server.ProbeConfig{}, usageT(l, "serve.err.probe_target", i18n.Args{"value": text(t), "err": fleet.ErrorMessage(err)})
		}
	}
	return server.ProbeConfig{Targets: p.targets, Interval: p.interval}, nil
}

func newServeProbeCmd(e *env) *cobra.Command {
	hl := e.lang
	c := &cobra.Command{Use: "probe", Short: i18n.T(hl, "help.serve_probe.short", nil), Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() }}
	c.AddCommand(newServeProbeAddCmd(e), newServeProbeListCmd(e), newServeProbeRemoveCmd(e))
	return c
}

// openProbeStore opens --db (or KMSDOCTOR_DB) for a probe subcommand.
func openProbeStore(c *cobra.Command, e *env, l i18n.Lang, db *string) (fleet.Store, fleet.ProbeStore, error) {
	envDefault(c, e, "db", "KMSDOCTOR_DB", db)
	st, err := store.Open(c.Context(), *db)
	if err != nil {
		return nil, nil, usageT(l, "serve.err.db", i18n.Args{"db": dsnLabel(*db), "err": fleet.ErrorMessage(err) + detail(err)})
	}
	ps, ok := st.(fleet.ProbeStore)
	if !ok {
		st.Close()
		return nil, nil, usageT(l, "serve.err.probe", i18n.Args{"err": "no probe schedule"})
	}
	return st, ps, nil
}

func newServeProbeAddCmd(e *env) *cobra.Command {
	var (
		lang     langFlag
		db       string
		interval time.Duration
	)
	hl := e.lang
	c := &cobra.Command{
		Use:     "add HOST[:PORT]",
		Short:   i18n.T(hl, "help.serve_probe_add.short", nil),
		Long:    i18n.T(hl, "help.serve_probe_add.long", nil),
		Example: i18n.T(hl, "help.serve_probe_add.example", nil),
		RunE: func(c *cobra.Command, args []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			if len(args) != 1 {
				return usageT(l, "serve.err.probe_args", nil)
			}
			target, err := server.NormalizeTarget(args[0])
			if err != nil {
				return usageT(l, "serve.err.probe_target", i18n.Args{"value": text(args[0]), "err": fleet.ErrorMessage(err)})
			}
			if interval < fleet.MinProbeInterval {
				return usageT(l, "serve.err.probe_interval", i18n.Args{"value": interval})
			}
			st, ps, err := openProbeStore(c, e, l, &db)
			if err != nil {
				return err
			}
			defer st.Close()
			p, err := ps.AddProbe(context.Background(), target, interval, time.Now())
			if err != nil {
				return usageT(l, "serve.err.probe", i18n.Args{"err": fleet.ErrorMessage(err)})
			}
			fmt.Fprintln(e.stdout, i18n.T(l, "serve.probe.added", i18n.Args{"target": p.Target, "interval": p.Interval}))
			return nil
		},
	}
	lang.register(c, hl)
	c.Flags().DurationVar(&interval, "interval", fleet.DefaultProbeInterval, i18n.T(hl, "help.serve.flag.probe_interval", nil))
	c.Flags().StringVar(&db, "db", "", i18n.T(hl, "help.serve.flag.db", nil))
	return c
}

func newServeProbeRemoveCmd(e *env) *cobra.Command {
	var (
		lang langFlag
		db   string
	)
	hl := e.lang
	c := &cobra.Command{
		Use:   "remove HOST[:PORT]",
		Short: i18n.T(hl, "help.serve_probe_remove.short", nil),
		RunE: func(c *cobra.Command, args []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			if len(args) != 1 {
				return usageT(l, "serve.err.probe_args", nil)
			}
			target, err := server.NormalizeTarget(args[0])
			if err != nil {
				return usageT(l, "serve.err.probe_target", i18n.Args{"value": text(args[0]), "err": fleet.ErrorMessage(err)})
			}
			st, ps, err := openProbeStore(c, e, l, &db)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := ps.RemoveProbe(context.Background(), target); err != nil {
				if fleet.ErrorCode(err) == fleet.ENOTFOUND {
					return usageT(l, "serve.err.probe_missing", i18n.Args{"target": target})
				}
				return usageT(l, "serve.err.probe", i18n.Args{"err": fleet.ErrorMessage(err)})
			}
			fmt.Fprintln(e.stdout, i18n.T(l, "serve.probe.removed", i18n.Args{"target": target}))
			return nil
		},
	}
	lang.register(c, hl)
	c.Flags().StringVar(&db, "db", "", i18n.T(hl, "help.serve.flag.db", nil))
	return c
}

func newServeProbeListCmd(e *env) *cobra.Command {
	var (
		lang langFlag
		db   string
	)
	hl := e.lang
	c := &cobra.Command{
		Use:   "list",
		Short: i18n.T(hl, "help.serve_probe_list.short", nil),
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			st, ps, err := openProbeStore(c, e, l, &db)
			if err != nil {
				return err
			}
			defer st.Close()
			all, err := ps.Probes(context.Background())
			if err != nil {
				return usageT(l, "serve.err.probe", i18n.Args{"err": fleet.ErrorMessage(err)})
			}
			if len(all) == 0 {
				fmt.Fprintln(e.stdout, i18n.T(l, "serve.probe.none", nil))
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, i18n.T(l, "serve.probe.header", nil))
			for _, p := range all {
				last, result := i18n.T(l, "serve.probe.never", nil), "-"
				if !p.LastRun.IsZero() {
					last, result = p.LastRun.Format(time.RFC3339), i18n.T(l, "serve.probe.failed", nil)
					if p.LastSuccess {
						result = i18n.T(l, "serve.probe.ok", nil)
					}
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", p.Target, p.Interval, p.NextRun.Format(time.RFC3339), last, result, p.Runs)
			}
			return tw.Flush()
		},
	}
	lang.register(c, hl)
	c.Flags().StringVar(&db, "db", "", i18n.T(hl, "help.serve.flag.db", nil))
	return c
}
