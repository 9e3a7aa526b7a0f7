package remedy

import (
	"bytes"
	"regexp"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"

	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// ScriptWords are the sentences of a script, worded by the caller in the
// reader's language. Entry titles come from Entry.TitleText.
type ScriptWords struct {
	// Header lines, written as comments at the top.
	Header []string
	// NotAdmin is printed when the script does not run elevated.
	NotAdmin string
	// Failed is printed when a step fails (the script stops there).
	Failed string
	// Done is printed at the end.
	Done string
	// Others heads the comments listing the steps the script leaves to
	// others; Group names each group.
	Others string
	Group  map[Group]string
	// OSPP notes that ospp.vbs sets no exit code.
	OSPP string
	// Destructive heads a destructive step.
	Destructive string
}

// Script writes p as a script for sh (cmd or powershell) that a person
// reviews and runs: it stops when not elevated, runs the Auto steps in
// order (rebuilt from their validated args, never copied from the report),
// stops at the first failure, and lists every other step as a comment.
// Lines end in CRLF. Use EncodeScript for the bytes to save.
func Script(p Plan, sh report.Shell, w ScriptWords) string {
	var b strings.Builder
	ps := sh == report.ShellPowerShell
	line := func(s string) { b.WriteString(s + "\r\n") }
	comment := func(s string) {
		if ps {
			line("# " + psComment(s))
		} else {
			line("REM " + cmdComment(s))
		}
	}
	if ps {
		for _, h := range w.Header {
			comment(h)
		}
		line("$ErrorActionPreference = 'Stop'")
		line("function Stop-Fix { Write-Host " + psString(w.Failed) + "; exit 1 }")
		line("$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())")
		line("if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host " + psString(w.NotAdmin) + "; exit 1 }")
	} else {
		line("@echo off")
		for _, h := range w.Header {
			comment(h)
		}
		line("setlocal")
		line("net session >nul 2>&1 || goto :notadmin")
	}
	last := ""
	for _, e := range p.Auto {
		line("")
		if t := e.Finding + "\x00" + e.TitleText; t != last {
			comment("== " + e.TitleText + " [" + e.Finding + "]")
			last = t
		}
		if e.Destructive() {
			comment(w.Destructive)
		}
		if e.App() == AppOffice {
			comment(w.OSPP)
		}
		for _, argv := range scriptArgv(e) {
			if ps {
				line(psLine(argv) + "; if ($LASTEXITCODE -ne 0) { Stop-Fix }")
			} else {
				line(cmdLine(argv) + " || goto :failed")
			}
		}
	}
	line("")
	if ps {
		line("Write-Host " + psString(w.Done))
	} else {
		line("echo " + cmdEcho(w.Done))
		line("exit /b 0")
	}
	if len(p.Others) > 0 {
		line("")
		comment(w.Others)
		for _, g := range Groups {
			es := p.Group(g)
			if len(es) == 0 {
				continue
			}
			comment("")
			comment("[" + w.Group[g] + "]")
			for _, e := range es {
				comment(e.TitleText + " [" + e.Finding + "]")
				comment("  " + e.Run)
			}
		}
	}
	if !ps {
		line("")
		line(":failed")
		line("echo " + cmdEcho(w.Failed))
		line("exit /b 1")
		line(":notadmin")
		line("echo " + cmdEcho(w.NotAdmin))
		line("exit /b 1")
	}
	return b.String()
}

// EncodeScript is the file a script is saved as: PowerShell as UTF-8 with a
// BOM (Windows PowerShell 5.1 reads a file without one in the ANSI code
// page); cmd in the code page cmd.exe reads batch files in: Shift_JIS
// (CP932) for Japanese, and ASCII otherwise (other characters of a
// comment become '?').
func EncodeScript(s string, sh report.Shell, japaneseText bool) []byte {
	if sh == report.ShellPowerShell {
		return append([]byte("\xEF\xBB\xBF"), s...)
	}
	if japaneseText {
		out, err := encoding.ReplaceUnsupported(japanese.ShiftJIS.NewEncoder()).Bytes([]byte(s))
		if err == nil {
			return out
		}
	}
	var b bytes.Buffer
	for _, r := range s {
		if r > 0x7e && r != '\r' {
			b.WriteByte('?')
		} else {
			b.WriteRune(r)
		}
	}
	return b.Bytes()
}

// argv is a program and its raw arguments; a program starting with a
// variable is written per shell.
type argv struct {
	prog string // "slmgr", "ospp:Office16", or a program name
	args []string
}

func scriptArgv(e Entry) []argv {
	a := e.Args
	if e.App() == AppOffice {
		o := "ospp:" + officeDir(e.Run)
		switch e.Op {
		case report.OpSetKMS:
			return []argv{{o, []string{"/sethst:" + a["host"]}}}
		case report.OpClearKMS:
			return []argv{{o, []string{"/remhst"}}}
		case report.OpSetKMSDomain:
			return []argv{{o, []string{"/skms-domain:" + a["domain"]}}}
		case report.OpInstallKey:
			return []argv{{o, []string{"/inpkey:" + a["key"]}}}
		case report.OpActivate:
			return []argv{{o, []string{"/act"}}}
		}
		return nil
	}
	switch e.Op {
	case report.OpSetKMS:
		ep := a["host"] + ":" + a["port"]
		if strings.Contains(a["host"], ":") {
			ep = "[" + a["host"] + "]:" + a["port"]
		}
		if a["product"] != "" {
			return []argv{{"slmgr", []string{"/skms", ep, a["product"]}}}
		}
		return []argv{{"slmgr", []string{"/skms", ep}}}
	case report.OpClearKMS:
		return []argv{{"slmgr", []string{"/ckms"}}}
	case report.OpSetKMSDomain:
		return []argv{{"slmgr", []string{"/skms-domain", a["domain"]}}}
	case report.OpInstallKey:
		return []argv{{"slmgr", []string{"/ipk", a["key"]}}}
	case report.OpActivate:
		return []argv{{"slmgr", []string{"/ato"}}}
	case report.OpRearm:
		return []argv{{"slmgr", []string{"/rearm"}}}
	case report.OpResyncTime:
		return []argv{{"w32tm", []string{"/resync"}}}
	case report.OpFlushDNS:
		return []argv{{"ipconfig", []string{"/flushdns"}}}
	case report.OpRebuildTokens:
		return []argv{{"net", []string{"stop", "sppsvc"}}, {"tokens", nil}, {"net", []string{"start", "sppsvc"}}, {"slmgr", []string{"/rilc"}}}
	}
	return nil
}

func cmdLine(a argv) string {
	var prog string
	switch {
	case a.prog == "slmgr":
		prog = `cscript //nologo "%SystemRoot%\System32\slmgr.vbs"`
	case strings.HasPrefix(a.prog, "ospp:"):
		prog = `cscript //nologo "%ProgramFiles%\Microsoft Office\` + strings.TrimPrefix(a.prog, "ospp:") + `\OSPP.VBS"`
	case a.prog == "tokens":
		return `ren "%SystemRoot%\System32\spp\store\2.0\tokens.dat" tokens.bar`
	default:
		prog = a.prog
	}
	return join(prog, a.args, cmdline.Cmd)
}

func psLine(a argv) string {
	var prog string
	switch {
	case a.prog == "slmgr":
		prog = `& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs"`
	case strings.HasPrefix(a.prog, "ospp:"):
		prog = `& cscript.exe //nologo "$env:ProgramFiles\Microsoft Office\` + strings.TrimPrefix(a.prog, "ospp:") + `\OSPP.VBS"`
	case a.prog == "tokens":
		return `Rename-Item -LiteralPath "$env:SystemRoot\System32\spp\store\2.0\tokens.dat" -NewName tokens.bar; $LASTEXITCODE = 0`
	default:
		prog = "& " + a.prog + ".exe"
	}
	return join(prog, a.args, cmdline.PowerShell)
}

var optionRE = regexp.MustCompile(`^/[a-z][a-z-]*$`)

// join quotes each (already validated) argument for sh; one that cannot be
// quoted leaves the line commented out rather than written wrong.
func join(prog string, args []string, sh cmdline.Shell) string {
	parts := []string{prog}
	for _, a := range args {
		if optionRE.MatchString(a) {
			parts = append(parts, a) // a fixed option of this package
			continue
		}
		q, ok := cmdline.Quote(sh, a)
		if !ok {
			if sh == cmdline.PowerShell {
				return "# " + psComment(prog+" "+a)
			}
			return "REM " + cmdComment(prog+" "+a)
		}
		parts = append(parts, q)
	}
	return strings.Join(parts, " ")
}

// clean replaces line breaks and control characters (a title or command
// from the report could hold them) with spaces.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}

// cmdComment is text for a REM line of a batch file: % doubled (a batch
// file expands %...% even in REM) and no trailing caret (which would
// continue the comment onto the next line).
func cmdComment(s string) string {
	s = strings.ReplaceAll(clean(s), "%", "%%")
	return strings.TrimRight(s, "^ ")
}

func psComment(s string) string { return clean(s) }

// cmdEcho escapes the characters cmd treats as operators on an echo line.
func cmdEcho(s string) string {
	var b strings.Builder
	for _, r := range clean(s) {
		switch r {
		case '&', '|', '<', '>', '^', '(', ')':
			b.WriteRune('^')
		case '%':
			b.WriteRune('%')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// psString is a PowerShell single-quoted string; every kind of single quote
// PowerShell accepts is doubled.
func psString(s string) string {
	var b strings.Builder
	b.WriteRune('\'')
	for _, r := range clean(s) {
		switch r {
		case '\'', '\u2018', '\u2019', '\u201a', '\u201b':
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteRune('\'')
	return b.String()
}
