package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/agent"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
)

// Seams of agent install for the tests: the OS, the runner of
// schtasks.exe and this program's path.
var (
	installGOOS              = runtime.GOOS
	taskRunner  agent.Runner = agent.ExecRunner{}
	agentExe                 = os.Executable
)

// installError words an agent.InstallError.
func installError(l i18n.Lang, err error) error {
	var ie *agent.InstallError
	if !errors.As(err, &ie) {
		return usageT(l, "agent.err.install_run", i18n.Args{"err": text(err.Error())})
	}
	key := "agent.err.install_path"
	switch ie.Field {
	case "server":
		key = "agent.err.install_server"
	case "at":
		key = "agent.err.install_at"
	case "command":
		return usageT(l, "agent.err.install_long", nil)
	}
	flag := map[string]string{"exe": "kmsdoctor.exe", "server": "--server", "token_file": "--token-file", "spool": "--spool", "at": "--at",
		"system_root": "%SystemRoot%"}[ie.Field]
	return usageT(l, "agent.err.install_value", i18n.Args{"field": flag, "value": text(ie.Value), "reason": i18n.T(l, key, nil)})
}

func newAgentInstallCmd(e *env) *cobra.Command {
	var (
		lang  langFlag
		sf    serverFlags
		at    string
		spool string
	)
	hl := e.lang
	c := &cobra.Command{
		Use:     "install",
		Short:   i18n.T(hl, "help.agent_install.short", nil),
		Long:    i18n.T(hl, "help.agent_install.long", nil),
		Example: i18n.T(hl, "help.agent_install.example", nil),
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			if installGOOS != "windows" {
				return usageT(l, "agent.err.install_windows", nil)
			}
			// the same checks as agent's: the URL, a readable token
			if _, err := sf.poster(c, e, l); err != nil {
				return err
			}
			exe, err := agentExe()
			if err != nil {
				return usageT(l, "agent.err.install_run", i18n.Args{"err": text(err.Error())})
			}
			if spool == "" {
				pd := e.getenv("ProgramData")
				if pd == "" {
					pd = `C:\ProgramData`
				}
				spool = strings.TrimSuffix(pd, `\`) + `\kmsdoctor\spool`
			}
			st, err := agent.Schtasks(e.getenv("SystemRoot"))
			if err != nil {
				return installError(l, err)
			}
			t := agent.Task{Exe: exe, Server: sf.server, TokenFile: sf.tokenFile, Spool: spool, At: at}
			if err := agent.Install(c.Context(), taskRunner, st, t); err != nil {
				return installError(l, err)
			}
			args := t.CreateArgs()
			fmt.Fprintln(e.stdout, i18n.T(l, "agent.installed", i18n.Args{"name": agent.TaskName, "at": at, "command": args[len(args)-1]}))
			return nil
		},
	}
	lang.register(c, hl)
	sf.register(c, hl)
	c.Flags().StringVar(&at, "at", "09:00", i18n.T(hl, "help.agent_install.flag.at", nil))
	c.Flags().StringVar(&spool, "spool", "", i18n.T(hl, "help.agent_install.flag.spool", nil))
	return c
}

func newAgentUninstallCmd(e *env) *cobra.Command {
	var lang langFlag
	hl := e.lang
	c := &cobra.Command{
		Use:   "uninstall",
		Short: i18n.T(hl, "help.agent_uninstall.short", nil),
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			if installGOOS != "windows" {
				return usageT(l, "agent.err.install_windows", nil)
			}
			st, err := agent.Schtasks(e.getenv("SystemRoot"))
			if err != nil {
				return installError(l, err)
			}
			if err := agent.Uninstall(c.Context(), taskRunner, st); err != nil {
				return usageT(l, "agent.err.uninstall_run", i18n.Args{"err": text(err.Error())})
			}
			fmt.Fprintln(e.stdout, i18n.T(l, "agent.uninstalled", i18n.Args{"name": agent.TaskName}))
			return nil
		},
	}
	lang.register(c, hl)
	return c
}
