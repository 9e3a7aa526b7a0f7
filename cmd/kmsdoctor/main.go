// Command kmsdoctor diagnoses Windows and Office volume activation (KMS)
// failures: it explains error codes, checks KMS discovery and reachability
// live, and analyses collected artifacts offline. The CLI is thin: flags and
// output only; the work is done by the internal packages.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
)

// Exit codes of the spec.
const (
	exitOK          = 0
	exitProblem     = 1
	exitUsage       = 2
	exitInterrupted = 130 // 128 + SIGINT, as shells and restic report Ctrl-C
)

// exitError carries an exit status out of a command without printing twice.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// usageError is an error the user can fix (bad flag, unreadable input); it
// prints as one line and exits 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// usageT is a usage error worded by catalogue key in language l.
func usageT(l i18n.Lang, key string, args i18n.Args) error {
	return usageError{errors.New(i18n.T(l, key, args))}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env gives commands their streams and settings, so tests can run them
// in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// lang is the language of help and usage errors (helpLang): --lang
	// when the arguments hold one, else the environment's.
	lang i18n.Lang
}

// run executes kmsdoctor with args and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: withDisplayLang(os.Getenv, displayLang)}
	args = helpArgs(fixNegativeCodes(args))
	e.lang = helpLang(args, e.getenv)
	root := newRoot(e)
	if isCompletion(args) {
		shortenForCompletion(root)
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err != nil && strings.HasPrefix(err.Error(), "unknown command ") {
		err = unknownCommand(root, e.lang, args) // cobra's legacyArgs error has no type
	}
	code := exitCode(err)
	var ee exitError
	switch {
	case code == exitInterrupted:
		fmt.Fprintf(stderr, "kmsdoctor: %s\n", i18n.T(e.lang, "cli.interrupted", nil))
	case err != nil && !errors.As(err, &ee):
		fmt.Fprintf(stderr, "kmsdoctor: %s\n", oneLine(errorText(e.lang, err)))
	}
	return code
}

// exitCode is the one place the process status is decided: 0 for no error,
// 130 when the run was cancelled (Ctrl-C), the code an exitError carries
// (1 problems found, from writeReport or explain; 2 from events), and 2 for
// any other error (a usage error, input that could not be read).
func exitCode(err error) int {
	var ee exitError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &ee):
		return ee.code
	}
	return exitUsage
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

func newRoot(e *env) *cobra.Command {
	helpLang := e.lang // help is printed before --lang is parsed (see helpLang)
	var lang langFlag
	root := &cobra.Command{
		Use:           "kmsdoctor",
		Short:         i18n.T(helpLang, "help.root.short", nil),
		Long:          i18n.T(helpLang, "help.root.long", nil),
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("kmsdoctor {{.Version}}\n")
	root.Flags().BoolP("version", "v", false, i18n.T(helpLang, "help.flag.version", nil))
	// --lang on the root is persistent, for the root help and for help and
	// completion; each command's own --lang comes first.
	root.PersistentFlags().StringVar(&lang.value, "lang", "", i18n.T(helpLang, "help.flag.lang", nil))
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		if !c.HasParent() {
			return usageT(e.lang, "cli.flag_error_root", i18n.Args{"err": errorText(e.lang, err)})
		}
		return usageT(e.lang, "cli.flag_error", i18n.Args{"cmd": c.Name(), "err": errorText(e.lang, err), "path": c.CommandPath()})
	})
	root.AddCommand(newVersionCmd(e), newExplainCmd(e), newCheckCmd(e), newAnalyzeCmd(e), newEventsCmd(e), newRenderCmd(e), newCollectCmd(e), newFixCmd(e),
		newServeCmd(e), newReportCmd(e), newAgentCmd(e), newKeysCmd(e))
	addServeUser(root, e) // cmd_serve_user.go
	localizeCobra(root, helpLang)
	return root
}

// unknownCommand words cobra's "unknown command" error: the first argument
// that is not a flag, with cobra's suggestions.
func unknownCommand(root *cobra.Command, l i18n.Lang, args []string) error {
	name := ""
	for i := 0; i < len(args); i++ {
		if args[i] == "--lang" {
			i++
			continue
		}
		if !strings.HasPrefix(args[i], "-") {
			name = args[i]
			break
		}
	}
	if s := root.SuggestionsFor(name); len(s) > 0 {
		return usageT(l, "cli.err.unknown_command_hint", i18n.Args{"name": text(name), "hint": strings.Join(s, ", ")})
	}
	return usageT(l, "cli.err.unknown_command", i18n.Args{"name": text(name)})
}

// langFlag is the --lang flag shared by the commands that print prose.
type langFlag struct{ value string }

// register adds --lang to c, its usage worded in the help language hl.
func (l *langFlag) register(c *cobra.Command, hl i18n.Lang) {
	c.Flags().StringVar(&l.value, "lang", "", i18n.T(hl, "help.flag.lang", nil))
	_ = c.RegisterFlagCompletionFunc("lang", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"ja", "en"}, cobra.ShellCompDirectiveNoFileComp
	})
}

func (l *langFlag) get(e *env) (i18n.Lang, error) {
	if l.value == "" {
		return i18n.FromEnv(e.getenv), nil
	}
	lang, err := i18n.ParseLang(l.value)
	if err != nil {
		return "", usageT(e.lang, "cli.bad_lang", i18n.Args{"value": l.value})
	}
	return lang, nil
}

// fixNegativeCodes lets `kmsdoctor explain -1073418124` work as users type
// it: after the explain subcommand, an argument that is a negative decimal
// number is a code, not a flag, so it is moved behind "--".
func fixNegativeCodes(args []string) []string {
	idx := -1
	for i, a := range args {
		if a == "explain" {
			idx = i
			break
		}
		if !strings.HasPrefix(a, "-") {
			return args
		}
	}
	if idx < 0 {
		return args
	}
	var flags, codes []string
	rest := args[idx+1:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			codes = append(codes, rest[i+1:]...)
			i = len(rest)
		case isNegativeNumber(a):
			codes = append(codes, a)
		case strings.HasPrefix(a, "-"):
			flags = append(flags, a)
			if (a == "--lang" || a == "--search" || a == "--format") && i+1 < len(rest) {
				flags = append(flags, rest[i+1])
				i++
			}
		default:
			codes = append(codes, a)
		}
	}
	out := append(append([]string{}, args[:idx+1]...), flags...)
	if len(codes) > 0 {
		out = append(out, "--")
		out = append(out, codes...)
	}
	return out
}

func isNegativeNumber(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
