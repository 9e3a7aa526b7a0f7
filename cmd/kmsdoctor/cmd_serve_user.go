package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/server"
	"github.com/kmsdoctor/kmsdoctor/internal/store"
)

// addServeUser adds `serve user create NAME` under the root's serve
// command (cmd_serve.go), or under a serve command of its own when there
// is none yet, so that both files merge in either order.
func addServeUser(root *cobra.Command, e *env) {
	var serve *cobra.Command
	for _, c := range root.Commands() {
		if c.Name() == "serve" {
			serve = c
		}
	}
	if serve == nil {
		serve = &cobra.Command{Use: "serve", Short: i18n.T(e.lang, "help.serve.short", nil), Args: cobra.NoArgs,
			RunE: func(c *cobra.Command, _ []string) error { return c.Help() }}
		root.AddCommand(serve)
	}
	user := &cobra.Command{Use: "user", Short: i18n.T(e.lang, "help.serve_user.short", nil), Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() }}
	user.AddCommand(newServeUserCreateCmd(e))
	serve.AddCommand(user)
}

func newServeUserCreateCmd(e *env) *cobra.Command {
	var dsn string
	l := e.lang
	c := &cobra.Command{
		Use:     "create NAME",
		Short:   i18n.T(l, "help.serve_user_create.short", nil),
		Long:    i18n.T(l, "help.serve_user_create.long", nil),
		Example: i18n.T(l, "help.serve_user_create.example", nil),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return usageT(l, "serve_user.err.args", nil)
			}
			name := strings.TrimSpace(args[0])
			pw, err := readPassword(e, name)
			if err != nil {
				return err
			}
			switch {
			case len(pw) < server.MinPassword:
				return usageT(l, "serve_user.err.short", i18n.Args{"n": server.MinPassword})
			case len(pw) > server.MaxPassword:
				return usageT(l, "serve_user.err.long", i18n.Args{"n": server.MaxPassword})
			}
			st, err := store.Open(c.Context(), dsn)
			if err != nil {
				return usageT(l, "serve_user.err.db", i18n.Args{"err": text(err.Error())})
			}
			defer st.Close()
			if _, err := server.CreateUser(c.Context(), st, name, pw, time.Now()); err != nil {
				if fleet.ErrorCode(err) == fleet.ECONFLICT {
					return usageT(l, "serve_user.err.exists", i18n.Args{"name": text(name)})
				}
				return usageT(l, "serve_user.err.create", i18n.Args{"err": text(fleet.ErrorMessage(err))})
			}
			fmt.Fprintln(e.stdout, i18n.T(l, "serve_user.created", i18n.Args{"name": text(name)}))
			return nil
		},
	}
	c.Flags().StringVar(&dsn, "db", "", i18n.T(l, "help.serve.flag.db", nil))
	return c
}

// readPassword reads the password: asked twice without echo at a
// terminal, else the first line of standard input.
func readPassword(e *env, name string) (string, error) {
	l := e.lang
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, i18n.T(l, "serve_user.prompt", i18n.Args{"name": text(name)}))
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", usageT(l, "serve_user.err.read", i18n.Args{"err": errorText(l, err)})
		}
		fmt.Fprint(e.stderr, i18n.T(l, "serve_user.prompt_again", nil))
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", usageT(l, "serve_user.err.read", i18n.Args{"err": errorText(l, err)})
		}
		if string(a) != string(b) {
			return "", usageT(l, "serve_user.err.mismatch", nil)
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(io.LimitReader(e.stdin, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", usageT(l, "serve_user.err.read", i18n.Args{"err": errorText(l, err)})
	}
	return strings.TrimRight(line, "\r\n"), nil
}
