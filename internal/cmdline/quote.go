package cmdline

import (
	"net/netip"
	"strings"
)

// Shell is the interpreter a command line is written for; the values are
// those of report.Shell.
type Shell string

// The shells.
const (
	Cmd        Shell = "cmd"
	PowerShell Shell = "powershell"
	// Az is the Azure CLI as typed in cmd or in bash: an argument must read
	// the same in both.
	Az   Shell = "az"
	Bash Shell = "bash"
)

// Quote returns v written as one argument of sh, equal to v once the shell
// has read it, or false when v cannot be written safely for sh (the caller
// then leaves a hole). Only printable ASCII is ever quoted: a control
// character, a newline, NUL or any non-ASCII character (a look-alike of a
// quote, a dash or an ampersand that a code-page conversion might turn into
// the real one) is refused, and so is a value longer than MaxLen.
//
//   - cmd: letters, digits and . _ - : / \ @ + [ ] pass as they are; anything
//     else is put in double quotes, where & | < > ( ) and spaces are plain.
//     Nothing can make " % ! ^ plain for cmd in every mode (% expands even in
//     quotes, ! and ^ under delayed expansion), so a value holding one is
//     refused, as is a quoted value ending in a backslash (it would escape
//     the closing quote for the program's own argument parser).
//   - PowerShell: a name starting with a letter (letters, digits, . _ - \ /)
//     an IPv4 address or a decimal number such as a port passes as it is; anything else is put in single
//     quotes, inside which nothing is special but the quote, which is
//     doubled. A bare value that PowerShell would read as a number (1e5,
//     0x10, 1kb) is therefore quoted.
//   - bash: letters, digits and . _ - : / @ + pass; anything else is put in
//     single quotes, a quote inside written as the four characters ' \ ' '.
//   - az: letters, digits and . _ - : / @ + pass; anything else is put in
//     double quotes, which cmd and bash read alike when the value holds none
//     of $ ` \ " ! % ^ (such a value is refused).
func Quote(sh Shell, v string) (string, bool) {
	if !printable(v) {
		return "", false
	}
	switch sh {
	case Cmd:
		if v != "" && all(v, cmdSafe) {
			return v, true
		}
		if strings.ContainsAny(v, `"%!^`) || strings.HasSuffix(v, `\`) {
			return "", false
		}
		return `"` + v + `"`, true
	case PowerShell:
		if psBare(v) {
			return v, true
		}
		return "'" + strings.ReplaceAll(v, "'", "''") + "'", true
	case Bash:
		if v != "" && all(v, posixSafe) {
			return v, true
		}
		return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'", true
	case Az:
		if v != "" && all(v, posixSafe) {
			return v, true
		}
		if strings.ContainsAny(v, "$`\\\"!%^") {
			return "", false
		}
		return `"` + v + `"`, true
	}
	return "", false
}

// printable: printable ASCII only, MaxLen at most.
func printable(v string) bool {
	if len(v) > MaxLen {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7e {
			return false
		}
	}
	return true
}

func all(v string, ok func(byte) bool) bool {
	for i := 0; i < len(v); i++ {
		if !ok(v[i]) {
			return false
		}
	}
	return true
}

func cmdSafe(c byte) bool   { return isAlnum(c) || strings.IndexByte(`._-:/\@+[]`, c) >= 0 }
func posixSafe(c byte) bool { return isAlnum(c) || strings.IndexByte(`._-:/@+`, c) >= 0 }
func psSafe(c byte) bool    { return isAlnum(c) || strings.IndexByte(`._-\/`, c) >= 0 }

// psBare: v needs no quotes for PowerShell: a word starting with a letter
// (never a parameter, a variable or a number), an IPv4 address, or a
// decimal number without leading zeros (a port: PowerShell reads it as the
// number, which prints as v).
func psBare(v string) bool {
	if v == "" || !all(v, psSafe) {
		return false
	}
	if allDigits(v) && len(v) <= 9 && (v[0] != '0' || v == "0") {
		return true
	}
	c := v[0]
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		return true
	}
	a, err := netip.ParseAddr(v)
	return err == nil && a.Is4() && strings.Count(v, ".") == 3
}

// HoleText is how a placeholder is written for sh: as it is, except in
// PowerShell, where < is an operator and the placeholder is quoted so the
// line still parses.
func HoleText(sh Shell, hole string) string {
	if sh == PowerShell {
		return "'" + hole + "'"
	}
	return hole
}

type argKind int

const (
	kindLit argKind = iota
	kindVal
	kindHole
	kindInvalid
	kindCat
)

// Arg is one argument of a command line: a literal kmsdoctor wrote, a value
// to quote, a placeholder, or several of these written together.
type Arg struct {
	kind  argKind
	text  string // the literal, the value, or the refused value
	hole  string // the placeholder, "<KMS-HOST>"
	parts []Arg
}

// Lit is text kmsdoctor wrote itself (a program, an option, a fixed
// argument); it is written as is, never quoted. A value from evidence must
// never be a Lit.
func Lit(s string) Arg { return Arg{kind: kindLit, text: s} }

// Val is a validated value, quoted for the shell. When the shell cannot
// quote it, hole is written instead and the value is reported as refused.
func Val(v, hole string) Arg { return Arg{kind: kindVal, text: v, hole: hole} }

// Hole is a placeholder ("<KMS-HOST>") a person fills in before running
// the line.
func Hole(hole string) Arg { return Arg{kind: kindHole, hole: hole} }

// Invalid is a value a validator refused: the line holds hole, and the
// value is reported as refused so the finding can say why.
func Invalid(v, hole string) Arg { return Arg{kind: kindInvalid, text: v, hole: hole} }

// Checked is Val(v, hole) when ok, else Invalid(v, hole): the usual way to
// turn a validator's answer into an argument.
func Checked(v string, ok bool, raw, hole string) Arg {
	if ok {
		return Val(v, hole)
	}
	return Invalid(raw, hole)
}

// Cat writes parts as one argument, without spaces between them
// ("_vlmcs._tcp." + domain, "/sethst:" + host). When a value part needs
// quoting, the whole argument is quoted.
func Cat(parts ...Arg) Arg {
	var flat []Arg
	for _, p := range parts {
		if p.kind == kindCat {
			flat = append(flat, p.parts...)
		} else {
			flat = append(flat, p)
		}
	}
	return Arg{kind: kindCat, parts: flat}
}

// Refusal is a value left out of a command line, and the hole written in
// its place.
type Refusal struct {
	Value string
	Hole  string
}

// Line is a command line built for a shell.
type Line struct {
	Run string
	// Holes lists the placeholders in Run, in order, once each.
	Holes []string
	// Refused lists the values that were not valid or not quotable.
	Refused []Refusal
}

// Build writes args, separated by spaces, as a command line for sh.
func Build(sh Shell, args ...Arg) Line {
	var l Line
	words := make([]string, 0, len(args))
	for _, a := range args {
		words = append(words, l.write(sh, a))
	}
	l.Run = strings.Join(words, " ")
	return l
}

func (l *Line) addHole(h string) {
	for _, x := range l.Holes {
		if x == h {
			return
		}
	}
	l.Holes = append(l.Holes, h)
}

func (l *Line) refuse(sh Shell, v, h string) string {
	l.Refused = append(l.Refused, Refusal{Value: v, Hole: h})
	l.addHole(h)
	return HoleText(sh, h)
}

func (l *Line) write(sh Shell, a Arg) string {
	switch a.kind {
	case kindLit:
		return a.text
	case kindVal:
		q, ok := Quote(sh, a.text)
		if !ok {
			return l.refuse(sh, a.text, a.hole)
		}
		return q
	case kindHole:
		l.addHole(a.hole)
		return HoleText(sh, a.hole)
	case kindInvalid:
		return l.refuse(sh, a.text, a.hole)
	}
	// Cat: the parts' raw text, quoted as a whole when a value needs it.
	var b strings.Builder
	holes, values := false, false
	for _, p := range a.parts {
		switch p.kind {
		case kindLit:
			b.WriteString(p.text)
		case kindVal:
			if !printable(p.text) {
				b.WriteString(p.hole)
				l.Refused = append(l.Refused, Refusal{Value: p.text, Hole: p.hole})
				l.addHole(p.hole)
				holes = true
				continue
			}
			b.WriteString(p.text)
			values = true
		case kindHole:
			b.WriteString(p.hole)
			l.addHole(p.hole)
			holes = true
		case kindInvalid:
			b.WriteString(p.hole)
			l.Refused = append(l.Refused, Refusal{Value: p.text, Hole: p.hole})
			l.addHole(p.hole)
			holes = true
		}
	}
	s := b.String()
	if holes {
		return HoleText(sh, s)
	}
	if !values {
		return s
	}
	if q, ok := Quote(sh, s); ok {
		return q
	}
	// The whole cannot be quoted: every value part becomes its hole.
	var hb strings.Builder
	for _, p := range a.parts {
		if p.kind == kindVal {
			l.Refused = append(l.Refused, Refusal{Value: p.text, Hole: p.hole})
			l.addHole(p.hole)
			hb.WriteString(p.hole)
		} else {
			hb.WriteString(p.text)
		}
	}
	return HoleText(sh, hb.String())
}
