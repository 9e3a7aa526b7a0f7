package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/bundle"
	"github.com/kmsdoctor/kmsdoctor/internal/collect"
	"github.com/kmsdoctor/kmsdoctor/internal/collected"
	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/ingest"
	"github.com/kmsdoctor/kmsdoctor/internal/probe"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

// newSystem is the machine collect reads; tests replace it with a fake
// that replays recorded answers.
var newSystem = winsys.New

func newCollectCmd(e *env) *cobra.Command {
	var (
		lang    langFlag
		out     reportFlags
		output  string
		analyze bool
		redact  bool
		record  string
		repOut  string
		noMeta  bool
		noCheck bool
	)
	helpLang := e.lang // help is printed before --lang is parsed (see helpLang)
	c := &cobra.Command{
		Use:     "collect",
		Short:   i18n.T(helpLang, "help.collect.short", nil),
		Long:    i18n.T(helpLang, "help.collect.long", nil),
		Example: i18n.T(helpLang, "help.collect.example", nil),
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			format, err := out.resolve(c, l)
			if err != nil {
				return err
			}
			sys, err := newSystem()
			if errors.Is(err, winsys.ErrUnsupported) {
				return usageT(l, "collect.err.not_windows", nil)
			}
			if err != nil {
				return usageT(l, "collect.err.other", i18n.Args{"err": err})
			}
			var rec *winsys.Recorder
			if record != "" {
				rec = winsys.NewRecorder(sys)
				sys = rec.System()
			}
			opt := collect.Options{Redact: redact, NoMetadata: noMeta}
			if !noCheck && liveCheck != nil {
				opt.Check = liveCheck
			}
			data, m, err := collectBundle(c.Context(), sys, opt)
			if err != nil {
				if c.Context().Err() != nil {
					return c.Context().Err()
				}
				return usageT(l, "collect.err.other", i18n.Args{"err": err})
			}
			if rec != nil {
				if err := rec.Save(record); err != nil {
					return usageT(l, "collect.err.record", i18n.Args{"path": record, "err": err})
				}
			}
			if output == "" {
				output = bundleName(m)
			}
			if err := os.WriteFile(output, data, 0o600); err != nil {
				return usageT(l, "collect.err.write", i18n.Args{"path": output, "err": err})
			}
			failed := failedItems(m)
			fmt.Fprintln(e.stderr, i18n.T(l, "collect.wrote", i18n.Args{"path": output, "items": len(m.Items) - failed, "failed": failed}))
			if !analyze && repOut == "" {
				return nil
			}
			if repOut != "" {
				return writeReportFile(e, diagnoseBundle(output, data), format, l, repOut)
			}
			return writeReport(e, diagnoseBundle(output, data), format, l)
		},
	}
	c.Flags().StringVarP(&output, "output", "o", "", i18n.T(helpLang, "help.collect.flag.output", nil))
	c.Flags().BoolVar(&analyze, "analyze", false, i18n.T(helpLang, "help.collect.flag.analyze", nil))
	c.Flags().BoolVar(&redact, "redact", false, i18n.T(helpLang, "help.collect.flag.redact", nil))
	c.Flags().StringVar(&record, "record", "", i18n.T(helpLang, "help.collect.flag.record", nil))
	c.Flags().StringVar(&repOut, "report", "", i18n.T(helpLang, "help.collect.flag.report", nil))
	c.Flags().BoolVar(&noMeta, "no-metadata", false, i18n.T(helpLang, "help.collect.flag.no_metadata", nil))
	c.Flags().BoolVar(&noCheck, "no-check", false, i18n.T(helpLang, "help.collect.flag.no_check", nil))
	lang.register(c, helpLang)
	out.register(c, helpLang)
	return c
}

// collectBundle runs every collector on sys and returns the bundle.
func collectBundle(ctx context.Context, sys winsys.System, opt collect.Options) ([]byte, bundle.Manifest, error) {
	var buf bytes.Buffer
	opt.Tool, opt.Version = "kmsdoctor", report.Version
	m, err := collect.Run(ctx, sys, &buf, opt)
	return buf.Bytes(), m, err
}

// liveCheck is the "check" collector's live checks: the probes of
// `kmsdoctor check`, in-process, against the KMS hosts the client is set
// up with and discovered (or DNS discovery in its domain). Tests set it to
// nil: they never touch the network.
var liveCheck collect.CheckFunc = runLiveCheck

// liveCheckTimeout bounds each probe of collect's live checks (the
// collector has 45 s in all).
const liveCheckTimeout = 8 * time.Second

func runLiveCheck(ctx context.Context, t collect.CheckTargets) ([]byte, collected.Check, error) {
	cfg := probe.Config{Domain: t.Domain, Attempts: 2, Timeout: liveCheckTimeout}
	var errs []error
	for _, h := range t.Hosts {
		tg, err := probe.ParseHost(h)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cfg.Hosts = append(cfg.Hosts, tg)
	}
	if err := cfg.Validate(); err != nil {
		// A lookup domain the probes refuse: test the hosts alone.
		cfg.Domain = ""
		if err := cfg.Validate(); err != nil {
			return nil, collected.Check{Targets: t.Hosts}, errors.Join(append(errs, err)...)
		}
	}
	set := probe.Run(ctx, cfg)
	r := newReport("check", checkNow())
	diagnose.Run(set, r)
	rep, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		errs = append(errs, err)
	}
	return rep, collected.NewCheck(t.Hosts, cfg.Domain, set), errors.Join(errs...)
}

// bundleName is the default file name of a bundle.
func bundleName(m bundle.Manifest) string {
	name := m.Computer
	if name == "" {
		name = "machine"
	}
	return fmt.Sprintf("kmsdoctor-%s-%s.zip", name, m.CollectedAt.Format("20060102-150405"))
}

func failedItems(m bundle.Manifest) int {
	n := 0
	for _, it := range m.Items {
		if it.Error != "" {
			n++
		}
	}
	return n
}

// diagnoseBundle is analyze of one bundle (named name), in-process: the
// report collect --analyze prints, and fix reads.
func diagnoseBundle(name string, data []byte) *report.Report {
	set := &evidence.Set{}
	ingest.Bytes(filepath.ToSlash(name), data, set)
	r := newReport("analyze", analyzeNow())
	diagnose.Run(set, r)
	return r
}

// machineDiagnosis is collect --analyze of this machine, in memory (no
// bundle is written): what fix diagnoses before and after applying. Off
// Windows it returns an error matching winsys.ErrUnsupported.
func machineDiagnosis(ctx context.Context) (*report.Report, bundle.Manifest, error) {
	sys, err := newSystem()
	if err != nil {
		return nil, bundle.Manifest{}, err
	}
	// No live checks and no metadata: fix diagnoses the machine's own
	// state before and after, quickly.
	data, m, err := collectBundle(ctx, sys, collect.Options{NoMetadata: true})
	if err != nil {
		return nil, m, err
	}
	return diagnoseBundle(bundleName(m), data), m, nil
}

// writeReportFile is writeReport into the file path instead of standard
// output, for Windows users who open it in Notepad or Excel: text,
// markdown and html are UTF-8 with a BOM; JSON has none (a BOM is not JSON,
// and JSON readers, kmsdoctor's own included, refuse it).
func writeReportFile(e *env, r *report.Report, format string, l i18n.Lang, path string) error {
	var buf bytes.Buffer
	if format != "json" {
		buf.WriteString("\uFEFF")
	}
	fe := *e
	fe.stdout = &buf
	rerr := writeReport(&fe, r, format, l)
	var ee exitError
	if rerr != nil && !errors.As(rerr, &ee) {
		return rerr
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return usageT(l, "output.err.write", i18n.Args{"path": path, "err": err})
	}
	return rerr
}
