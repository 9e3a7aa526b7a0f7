package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/probe"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// checkNow is the report time; checkResolvConf is where the search domain
// is read from. Tests replace both.
var (
	checkNow        = time.Now
	checkResolvConf = "/etc/resolv.conf"
	// checkProgress forces live progress on (true) or leaves it to the
	// terminal test (false).
	checkProgress = false
)

func newCheckCmd(e *env) *cobra.Command {
	var (
		lang       langFlag
		out        reportFlags
		hosts      []string
		domain     string
		cloud      cloudFlag
		dnsServers []string
		ntpServer  string
		attempts   int
		timeout    time.Duration
	)
	helpLang := e.lang // help is printed before --lang is parsed (see helpLang)
	c := &cobra.Command{
		Use:     "check",
		Short:   i18n.T(helpLang, "help.check.short", nil),
		Long:    i18n.T(helpLang, "help.check.long", nil),
		Example: i18n.T(helpLang, "help.check.example", nil),
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
			cfg := probe.Config{Domain: strings.TrimSuffix(strings.TrimSpace(domain), "."), NTPServer: strings.TrimSpace(ntpServer),
				Attempts: attempts, Timeout: timeout, ResolvConf: checkResolvConf}
			for _, h := range hosts {
				t, err := probe.ParseHost(h)
				if err != nil {
					return usageT(l, "check.err.host", i18n.Args{"err": hostError(l, h, err)})
				}
				cfg.Hosts = append(cfg.Hosts, t)
			}
			for _, s := range dnsServers {
				n, err := probe.NormalizeServer(s)
				if err != nil {
					return usageT(l, "check.err.dns_server", i18n.Args{"err": serverError(l, s, err)})
				}
				cfg.DNSServers = append(cfg.DNSServers, n)
			}
			cl, hasCloud, err := cloud.get(c, l)
			if err != nil {
				return err
			}
			if hasCloud {
				cfg.Cloud, cfg.Azure = cl.Name, cl.Azure
			}
			// No target: on Windows, what this machine's KMS client uses.
			cfg = probe.FromClient(c.Context(), cfg, probe.Env{})
			if err := cfg.Validate(); err != nil {
				return checkConfigError(l, err, domain)
			}

			start := time.Now()
			live := format != "json" && (checkProgress || textout.IsTerminal(e.stderr))
			if live {
				p := i18n.Printer{Lang: l}
				var mu sync.Mutex
				fmt.Fprintln(e.stderr, p.T("check.progress.start", i18n.Args{"timeout": timeout}))
				cfg.Progress = func(s probe.Step) {
					mu.Lock()
					defer mu.Unlock()
					outcome := s.Outcome
					if k := "check.outcome." + outcome; i18n.Has(k) {
						outcome = p.T(k, nil)
					}
					fmt.Fprintln(e.stderr, p.T("check.progress.step", i18n.Args{"probe": s.Probe, "target": s.Target, "outcome": outcome}))
				}
			}
			set := probe.Run(c.Context(), cfg)
			if err := c.Context().Err(); err != nil {
				return err // cancelled (Ctrl-C): no report of a cut run
			}
			if live {
				fmt.Fprintln(e.stderr, i18n.T(l, "check.progress.done", i18n.Args{"elapsed": time.Since(start).Round(time.Millisecond)}))
			}
			r := newReport("check", checkNow())
			diagnose.Run(set, r)
			return writeReport(e, r, format, l)
		},
	}
	lang.register(c, helpLang)
	f := c.Flags()
	f.StringArrayVar(&hosts, "host", nil, i18n.T(helpLang, "help.check.flag.host", nil))
	f.StringVar(&domain, "domain", "", i18n.T(helpLang, "help.check.flag.domain", nil))
	cloud.register(c, i18n.T(helpLang, "help.check.flag.cloud", nil), i18n.T(helpLang, "help.check.flag.azure", nil))
	f.StringArrayVar(&dnsServers, "dns-server", nil, i18n.T(helpLang, "help.check.flag.dns_server", nil))
	f.StringVar(&ntpServer, "ntp-server", "", i18n.T(helpLang, "help.check.flag.ntp_server", nil))
	f.IntVar(&attempts, "attempts", 4, i18n.T(helpLang, "help.check.flag.attempts", nil))
	f.DurationVar(&timeout, "timeout", 10*time.Second, i18n.T(helpLang, "help.check.flag.timeout", nil))
	out.register(c, helpLang)
	return c
}

// checkConfigError words a probe.Config.Validate error with the catalogue
// key of the flag (check.err.<field>); rawDomain is --domain as typed.
func checkConfigError(l i18n.Lang, err error, rawDomain string) error {
	var ce *probe.ConfigError
	if !errors.As(err, &ce) {
		return usageError{err}
	}
	switch ce.Field {
	case "host", "dns_server":
		return usageT(l, "check.err."+ce.Field, i18n.Args{"err": ce.Err})
	case "attempts", "timeout":
		return usageT(l, "check.err."+ce.Field, i18n.Args{"value": ce.Value})
	case "domain":
		return usageT(l, "check.err.domain", i18n.Args{"value": rawDomain})
	}
	return usageError{err}
}
