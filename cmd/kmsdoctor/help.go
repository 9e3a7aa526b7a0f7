package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/textout"
)

// helpLang is the language of help, usage and usage errors: the value of a
// --lang (or --lang=) anywhere in args when it is a language, else the
// environment's. Help is printed before cobra parses --lang, so the
// arguments are looked at here first.
func helpLang(args []string, getenv func(string) string) i18n.Lang {
	for i, a := range args {
		if a == "--" {
			break
		}
		v, ok := strings.CutPrefix(a, "--lang=")
		if !ok && a == "--lang" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok {
			if l, err := i18n.ParseLang(v); err == nil {
				return l
			}
		}
	}
	return i18n.FromEnv(getenv)
}

// helpArgs turns the Windows habits /? and -? into --help.
func helpArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "/?" || a == "-?" {
			a = "--help"
		}
		out[i] = a
	}
	return out
}

func init() {
	cobra.AddTemplateFunc("flagUsages", flagUsages)
	cobra.AddTemplateFunc("useLine", useLine)
}

// usageTemplate is cobra's usage template with every heading from the
// catalogue; the language is written into the template (no global state).
func usageTemplate(l i18n.Lang) string {
	tpl := `{{T "cli.help.usage"}}{{if .Runnable}}
  {{useLine . "LANG"}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} {{T "cli.help.command_arg"}}{{end}}{{if gt (len .Aliases) 0}}

{{T "cli.help.aliases"}}
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

{{T "cli.help.examples"}}
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

{{T "cli.help.commands"}}{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

{{T "cli.help.flags"}}
{{flagUsages .LocalFlags "LANG"}}{{end}}{{if .HasAvailableInheritedFlags}}

{{T "cli.help.global_flags"}}
{{flagUsages .InheritedFlags "LANG"}}{{end}}{{if .HasAvailableSubCommands}}

{{T "cli.help.more" .CommandPath}}{{end}}
`
	r := strings.NewReplacer(
		`"LANG"`, fmt.Sprintf("%q", string(l)),
		`{{T "cli.help.usage"}}`, i18n.T(l, "cli.help.usage", nil),
		`{{T "cli.help.command_arg"}}`, i18n.T(l, "cli.help.command_arg", nil),
		`{{T "cli.help.aliases"}}`, i18n.T(l, "cli.help.aliases", nil),
		`{{T "cli.help.examples"}}`, i18n.T(l, "cli.help.examples", nil),
		`{{T "cli.help.commands"}}`, i18n.T(l, "cli.help.commands", nil),
		`{{T "cli.help.flags"}}`, i18n.T(l, "cli.help.flags", nil),
		`{{T "cli.help.global_flags"}}`, i18n.T(l, "cli.help.global_flags", nil),
		`{{T "cli.help.more" .CommandPath}}`, strings.ReplaceAll(i18n.T(l, "cli.help.more", i18n.Args{"path": "\x00"}), "\x00", "{{.CommandPath}}"),
	)
	return r.Replace(tpl)
}

// useLine is cobra's use line with its "[flags]" worded in language l.
func useLine(c *cobra.Command, l string) string {
	return strings.Replace(c.UseLine(), "[flags]", i18n.T(i18n.Lang(l), "cli.help.flags_arg", nil), 1)
}

// flagUsages lists the flags of fs like pflag does, with the default value
// worded in language l and usage texts wrapped by display width.
func flagUsages(fs *pflag.FlagSet, l string) string {
	lang := i18n.Lang(l)
	type row struct{ left, usage string }
	var rows []row
	maxw := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		left := "      --" + f.Name
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		varname, usage := pflag.UnquoteUsage(f)
		if varname != "" {
			left += " " + varname
		}
		if !zeroDefault(f) {
			def := f.DefValue
			if f.Value.Type() == "string" {
				def = fmt.Sprintf("%q", def)
			}
			usage += i18n.T(lang, "cli.help.default", i18n.Args{"value": def})
		}
		maxw = max(maxw, textout.Cols(left))
		rows = append(rows, row{left, usage})
	})
	var b strings.Builder
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		pad := maxw + 3
		lines := textout.Wrap(r.usage, max(80-pad, 30))
		b.WriteString(r.left + strings.Repeat(" ", pad-textout.Cols(r.left)) + lines[0])
		for _, ln := range lines[1:] {
			b.WriteString("\n" + strings.Repeat(" ", pad) + ln)
		}
	}
	return b.String()
}

func zeroDefault(f *pflag.Flag) bool {
	switch f.DefValue {
	case "", "false", "0", "0s", "[]", "<nil>":
		return true
	}
	return false
}

// localizeCobra words what cobra adds by itself in language l: the usage
// template, the help and completion commands and every -h/--help flag.
func localizeCobra(root *cobra.Command, l i18n.Lang) {
	root.SetUsageTemplate(usageTemplate(l))
	root.SetHelpCommand(newHelpCmd(l))
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Short = i18n.T(l, "help.completion.short", nil)
		c.Long = i18n.T(l, "help.completion.long", i18n.Args{"prog": root.Name()})
		for _, sh := range c.Commands() {
			sh.Short = i18n.T(l, "help.completion.shell.short", i18n.Args{"shell": sh.Name()})
			sh.Long = i18n.T(l, "help.completion."+sh.Name()+".long", i18n.Args{"prog": root.Name()})
			if f := sh.Flags().Lookup("no-descriptions"); f != nil {
				f.Usage = i18n.T(l, "help.completion.flag.no_descriptions", nil)
			}
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("help") == nil {
			c.Flags().BoolP("help", "h", false, i18n.T(l, "help.flag.help", i18n.Args{"name": c.Name()}))
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// newHelpCmd is `kmsdoctor help [command]`, worded in language l.
func newHelpCmd(l i18n.Lang) *cobra.Command {
	c := &cobra.Command{
		Use:   "help [command]",
		Short: i18n.T(l, "help.help.short", nil),
		Long:  i18n.T(l, "help.help.long", nil),
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			cmd, _, err := c.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []string
			for _, sub := range cmd.Commands() {
				if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
					out = append(out, sub.Name()+"\t"+sub.Short)
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return usageT(l, "cli.err.help_topic", i18n.Args{"topic": strings.Join(args, " ")})
			}
			return cmd.Help()
		},
	}
	c.Flags().BoolP("help", "h", false, i18n.T(l, "help.flag.help", i18n.Args{"name": c.Name()}))
	return c
}

// compDescCols bounds a completion description. Shells cut descriptions by
// characters, not display width, so a Japanese one (two columns a
// character) overflows the line and wraps, often leaving a ")" alone; cut
// here at a kinsoku-legal break instead.
const compDescCols = 44

// compDesc is s shortened to compDescCols display columns, at a legal
// line break, with "…" when something was cut.
func compDesc(s string) string {
	if textout.Cols(s) <= compDescCols {
		return s
	}
	return textout.Wrap(s, compDescCols-1)[0] + "…"
}

// isCompletion reports whether args ask cobra for shell completions.
func isCompletion(args []string) bool {
	return len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
}

// shortenForCompletion shortens the descriptions of every command and flag
// of root for a completion request.
func shortenForCompletion(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Short = compDesc(c.Short)
		c.Flags().VisitAll(func(f *pflag.Flag) { f.Usage = compDesc(f.Usage) })
		c.PersistentFlags().VisitAll(func(f *pflag.Flag) { f.Usage = compDesc(f.Usage) })
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
