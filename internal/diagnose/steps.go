package diagnose

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Say is a fix step for a person, worded by catalogue message key.
func Say(key string, args report.Args) report.Step {
	m := report.Msg(key, args)
	return report.Step{Say: &m}
}

// Cmd is a fix step that is a command line run on the machine under
// diagnosis; its shell and effect come from the program it runs.
func Cmd(format string, a ...any) report.Step {
	run := format
	if len(a) > 0 {
		run = fmt.Sprintf(format, a...)
	}
	return command(report.OnThisMachine, run)
}

// CmdLine is Cmd for a command line taken as is (no format verbs).
func CmdLine(run string) report.Step { return command(report.OnThisMachine, run) }

// command types the command line run for the machine on.
func command(on report.Where, run string) report.Step {
	shell, effect := classify(run)
	return report.Step{Run: run, Shell: shell, On: on, Effect: effect, Holes: holes(run)}
}

var holeRE = regexp.MustCompile(`<[A-Za-z][A-Za-z0-9_-]*>`)

// holes lists the placeholders left in a command line.
func holes(run string) []string {
	var out []string
	for _, h := range holeRE.FindAllString(run, -1) {
		if !strings.Contains(strings.Join(out, " "), h) {
			out = append(out, h)
		}
	}
	return out
}

// programs gives the shell and effect of the commands the rules print, by
// their first word (lower case).
var programs = map[string]struct {
	shell  report.Shell
	effect report.Effect
}{
	"slmgr.vbs":          {report.ShellCmd, report.Change},
	"cscript":            {report.ShellCmd, report.Change},
	"nslookup":           {report.ShellCmd, report.Read},
	"ipconfig":           {report.ShellCmd, report.Change},
	"w32tm":              {report.ShellCmd, report.Change},
	"slui.exe":           {report.ShellCmd, report.Read},
	"slui":               {report.ShellCmd, report.Read},
	"net":                {report.ShellCmd, report.Change},
	"netsh":              {report.ShellCmd, report.Change},
	"dnscmd":             {report.ShellCmd, report.Change},
	"sc":                 {report.ShellCmd, report.Change},
	"sysprep":            {report.ShellCmd, report.Destructive},
	"ren":                {report.ShellCmd, report.Destructive},
	"psping":             {report.ShellCmd, report.Read},
	"test-netconnection": {report.ShellPowerShell, report.Read},
	"resolve-dnsname":    {report.ShellPowerShell, report.Read},
	"get-":               {report.ShellPowerShell, report.Read},
	"az":                 {report.ShellAz, report.Change},
}

// classify returns a command line's shell and effect.
func classify(run string) (report.Shell, report.Effect) {
	first := strings.ToLower(strings.Fields(run + " x")[0])
	if p, ok := programs[first]; ok {
		return p.shell, p.effect
	}
	if strings.HasPrefix(first, "get-") {
		return report.ShellPowerShell, report.Read
	}
	if strings.Contains(first, "-") { // a PowerShell verb-noun cmdlet
		return report.ShellPowerShell, report.Change
	}
	return report.ShellCmd, report.Change
}

// normalizeSteps makes each step's message read as it will from JSON.
func normalizeSteps(steps []report.Step) []report.Step {
	if len(steps) == 0 {
		return nil
	}
	out := make([]report.Step, len(steps))
	for i, s := range steps {
		if s.Say != nil {
			m := s.Say.Normalize()
			s.Say = &m
		}
		out[i] = s
	}
	return out
}
