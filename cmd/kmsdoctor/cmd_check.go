package main

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/probe"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
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
		azure      string
		dnsServers []string
		ntpServer  string
		attempts   int
		timeout    time.Duration
	)
	c := &cobra.Command{
		Use:   "check",
		Short: "Live diagnosis: DNS SRV discovery, TCP 1688, RPC bind, clock skew",
		Long: `Check KMS discovery and reachability from this machine, the way a KMS
client does it, and report the root cause and its fix.

All probes run at once and the whole check ends within --timeout:
  DNS     the SRV record _vlmcs._tcp.DOMAIN (priority and weight as RFC 2782
          says), then the A/AAAA records of each host, with the system
          resolver or with each --dns-server (and whether they disagree)
  TCP     --attempts connections to each address, like psping: sent,
          received, lost, min/avg/max, refused / filtered / unreachable
  RPC     one DCE/RPC bind for the KMS interface; accepted, rejected, not
          RPC at all (a proxy...) or silent
  time    the clock offset from --ntp-server (a KMS host refuses clients
          more than 4 hours off, 0xC004F06C)

check never sends a KMS activation request: the only bytes it sends to a
KMS port are one RPC bind.

With no --host, --domain or --azure, the domain comes from the system's DNS
search list.

Exit status: 0 nothing wrong was found, 1 problems were found, 2 usage error.`,
		Example: `  kmsdoctor check
  kmsdoctor check --domain corp.example.com --dns-server 10.0.0.53 --dns-server 10.0.0.54
  kmsdoctor check --host kms1.corp.example.com --ntp-server dc1.corp.example.com --lang ja
  kmsdoctor check --azure public --format markdown`,
		Args: cobra.NoArgs,
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
				if _, err := probe.ParseHost(h); err != nil {
					return usageT(l, "check.err.host", i18n.Args{"err": err})
				}
				cfg.Hosts = append(cfg.Hosts, h)
			}
			for _, s := range dnsServers {
				n, err := probe.NormalizeServer(s)
				if err != nil {
					return usageT(l, "check.err.dns_server", i18n.Args{"err": err})
				}
				cfg.DNSServers = append(cfg.DNSServers, n)
			}
			if azure != "" {
				cl, ok := knowledge.Azure(azure)
				if !ok {
					return usageT(l, "cli.bad_azure", i18n.Args{"cmd": "check", "value": azure, "clouds": strings.Join(knowledge.AzureCloudNames(), ", ")})
				}
				cfg.Azure = cl.Name
			}
			if attempts < 1 || attempts > 100 {
				return usageT(l, "check.err.attempts", i18n.Args{"value": attempts})
			}
			if timeout < 100*time.Millisecond || timeout > 10*time.Minute {
				return usageT(l, "check.err.timeout", i18n.Args{"value": timeout})
			}
			if strings.ContainsAny(cfg.Domain, " /\\:") {
				return usageT(l, "check.err.domain", i18n.Args{"value": domain})
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
			if live {
				fmt.Fprintln(e.stderr, i18n.T(l, "check.progress.done", i18n.Args{"elapsed": time.Since(start).Round(time.Millisecond)}))
			}
			r := report.New("check", checkNow())
			diagnose.Run(set, l, r)
			return writeReport(e, r, format, l)
		},
	}
	lang.register(c)
	f := c.Flags()
	f.StringArrayVar(&hosts, "host", nil, "KMS host to test, NAME[:PORT] (default port 1688); repeatable")
	f.StringVar(&domain, "domain", "", "discover KMS hosts through the SRV record _vlmcs._tcp.DOMAIN")
	f.StringVar(&azure, "azure", "", "test this Azure cloud's KMS endpoints: public, china, germany or usgov")
	f.StringArrayVar(&dnsServers, "dns-server", nil, "resolve with this DNS server, IP[:PORT], instead of the system resolver; repeatable")
	f.StringVar(&ntpServer, "ntp-server", "", "measure clock skew against this SNTP server, HOST[:PORT]")
	f.IntVar(&attempts, "attempts", 4, "TCP connection attempts per endpoint")
	f.DurationVar(&timeout, "timeout", 10*time.Second, "bound for the whole check")
	out.register(c)
	_ = c.RegisterFlagCompletionFunc("azure", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return knowledge.AzureCloudNames(), cobra.ShellCompDirectiveNoFileComp
	})
	return c
}
