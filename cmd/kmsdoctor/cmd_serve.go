package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/server"
	"github.com/kmsdoctor/kmsdoctor/internal/store"
)

// envDefault is the value of a flag that was not given: the KMSDOCTOR_*
// variable, else def.
func envDefault(c *cobra.Command, e *env, flag, variable string, v *string) {
	if !c.Flags().Changed(flag) {
		if x := e.getenv(variable); x != "" {
			*v = x
		}
	}
}

// serveGCPercent and serveMemoryLimit are the garbage collector's settings
// of `serve` where GOGC and GOMEMLIMIT do not give them: the collector took
// a seventh of the server's CPU at GOGC=100, and 400 cut the CPU per
// report by a fifth (README, fleet figures); the soft limit makes it
// collect more often as the heap nears it, well below the 300 MiB the
// server may take.
const (
	serveGCPercent   = 400
	serveMemoryLimit = 100 << 20
)

// tuneGC sets them unless the environment does.
func tuneGC(e *env) {
	if e.getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}

func newServeCmd(e *env) *cobra.Command {
	var (
		lang                  langFlag
		listen, db, cert, key string
		drain                 time.Duration
		probes                probeFlags // cmd_serve_probe.go
	)
	hl := e.lang
	c := &cobra.Command{
		Use:     "serve",
		Short:   i18n.T(hl, "help.serve.short", nil),
		Long:    i18n.T(hl, "help.serve.long", nil),
		Example: i18n.T(hl, "help.serve.example", nil),
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			envDefault(c, e, "listen", "KMSDOCTOR_LISTEN", &listen)
			envDefault(c, e, "db", "KMSDOCTOR_DB", &db)
			envDefault(c, e, "tls-cert", "KMSDOCTOR_TLS_CERT", &cert)
			envDefault(c, e, "tls-key", "KMSDOCTOR_TLS_KEY", &key)
			if (cert == "") != (key == "") {
				return usageT(l, "serve.err.tls", nil)
			}
			pcfg, err := probes.config(c, e, l)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(c.Context(), syscall.SIGTERM)
			defer stop()
			st, err := store.Open(ctx, db)
			if err != nil {
				return usageT(l, "serve.err.db", i18n.Args{"db": dsnLabel(db), "err": fleet.ErrorMessage(err) + detail(err)})
			}
			defer st.Close()
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return usageT(l, "serve.err.listen", i18n.Args{"addr": listen, "err": causeText(l, err)})
			}
			// One writer for SQLite (it has one); two on PostgreSQL: on
			// two cores, four writers made groups of ~6 reports and cost
			// PostgreSQL 0.35 ms of CPU per report, two make groups of
			// ~11 at 0.21 ms (README, fleet figures).
			writers := 1
			if strings.HasPrefix(db, "postgres") {
				writers = 2
			}
			tuneGC(e)
			log := slog.New(slog.NewJSONHandler(e.stderr, nil))
			srv := server.New(server.Config{Writers: writers, Logger: log, DrainDelay: drain}, st)
			if err := srv.StartProbes(ctx, pcfg); err != nil {
				srv.Close()
				return usageT(l, "serve.err.probe", i18n.Args{"err": fleet.ErrorMessage(err)})
			}
			if err := srv.Serve(ctx, ln, cert, key); err != nil {
				return usageT(l, "serve.err.serve", i18n.Args{"err": causeText(l, err)})
			}
			if c.Context().Err() != nil {
				return nil // Ctrl-C: a clean stop
			}
			return nil
		},
	}
	lang.register(c, hl)
	f := c.Flags()
	f.StringVar(&listen, "listen", "127.0.0.1:8480", i18n.T(hl, "help.serve.flag.listen", nil))
	f.StringVar(&db, "db", "", i18n.T(hl, "help.serve.flag.db", nil))
	f.StringVar(&cert, "tls-cert", "", i18n.T(hl, "help.serve.flag.tls_cert", nil))
	f.StringVar(&key, "tls-key", "", i18n.T(hl, "help.serve.flag.tls_key", nil))
	f.DurationVar(&drain, "drain", 0, i18n.T(hl, "help.serve.flag.drain", nil))
	probes.register(c, hl)
	token := &cobra.Command{Use: "token", Short: i18n.T(hl, "help.serve_token.short", nil), Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() }}
	token.AddCommand(newTokenCreateCmd(e))
	// TODO(issue 16, dashboard issue): `serve user create NAME` (password
	// from stdin) comes with the dashboard.
	c.AddCommand(token)
	c.AddCommand(newServeProbeCmd(e))
	return c
}

// detail is the text of a non-domain error (the driver's), which names
// what failed to open.
func detail(err error) string {
	if fleet.ErrorCode(err) == fleet.EINTERNAL {
		return " (" + err.Error() + ")"
	}
	return ""
}

// dsnLabel hides a password in a DSN.
func dsnLabel(dsn string) string {
	if dsn == "" {
		return store.DefaultDSN()
	}
	if i, j := strings.Index(dsn, "://"), strings.LastIndex(dsn, "@"); i >= 0 && j > i {
		if k := strings.Index(dsn[i+3:j], ":"); k >= 0 {
			return dsn[:i+3+k] + ":***" + dsn[j:]
		}
	}
	return dsn
}

func newTokenCreateCmd(e *env) *cobra.Command {
	var (
		lang     langFlag
		role, db string
	)
	hl := e.lang
	c := &cobra.Command{
		Use:     "create NAME",
		Short:   i18n.T(hl, "help.serve_token_create.short", nil),
		Long:    i18n.T(hl, "help.serve_token_create.long", nil),
		Example: i18n.T(hl, "help.serve_token_create.example", nil),
		RunE: func(c *cobra.Command, args []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			if len(args) != 1 {
				return usageT(l, "serve.err.token_args", nil)
			}
			if role != fleet.RoleAgent && role != fleet.RoleReader {
				return usageT(l, "serve.err.role", i18n.Args{"value": role})
			}
			envDefault(c, e, "db", "KMSDOCTOR_DB", &db)
			st, err := store.Open(c.Context(), db)
			if err != nil {
				return usageT(l, "serve.err.db", i18n.Args{"db": dsnLabel(db), "err": fleet.ErrorMessage(err) + detail(err)})
			}
			defer st.Close()
			tok, hash := fleet.NewToken()
			if _, err := st.CreateAgent(context.Background(), args[0], role, hash, time.Now()); err != nil {
				if fleet.ErrorCode(err) == fleet.ECONFLICT {
					return usageT(l, "serve.err.token_exists", i18n.Args{"name": text(args[0])})
				}
				return usageT(l, "serve.err.token", i18n.Args{"err": fleet.ErrorMessage(err)})
			}
			fmt.Fprintln(e.stdout, tok)
			fmt.Fprintln(e.stderr, i18n.T(l, "serve.token.created", i18n.Args{"name": text(args[0]), "role": role}))
			return nil
		},
	}
	lang.register(c, hl)
	c.Flags().StringVar(&role, "role", fleet.RoleAgent, i18n.T(hl, "help.serve.flag.role", nil))
	c.Flags().StringVar(&db, "db", "", i18n.T(hl, "help.serve.flag.db", nil))
	return c
}
