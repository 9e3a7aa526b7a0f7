package main

import (
	"errors"
	"io/fs"
	"net"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
)

// errorText is the one place an error a user meets is worded: the errors of
// pflag (by their types), of the file system (*fs.PathError with
// fs.ErrNotExist or fs.ErrPermission), of net (*net.AddrError) and of the
// event-log readers, each through the catalogue in language l. An error of
// our own (a usageError, already worded) is returned as it is. Whatever
// else is left is printed with Go's quoted strings turned back into text,
// so that a 秒 shows as 秒 and never as "\xe7\xa7\x92".
func errorText(l i18n.Lang, err error) string {
	var (
		ue    usageError
		notEx *pflag.NotExistError
		noArg *pflag.ValueRequiredError
		inval *pflag.InvalidValueError
		synt  *pflag.InvalidSyntaxError
		pe    *fs.PathError
		ae    *net.AddrError
	)
	switch {
	case errors.As(err, &ue):
		return ue.Error()
	case errors.As(err, &notEx):
		if s := notEx.GetSpecifiedShortnames(); s != "" {
			return i18n.T(l, "cli.err.unknown_shorthand", i18n.Args{"flag": "-" + notEx.GetSpecifiedName(), "group": "-" + text(s)})
		}
		return i18n.T(l, "cli.err.unknown_flag", i18n.Args{"flag": "--" + text(notEx.GetSpecifiedName())})
	case errors.As(err, &noArg):
		return i18n.T(l, "cli.err.needs_arg", i18n.Args{"flag": flagName(noArg.GetFlag())})
	case errors.As(err, &inval):
		return invalidValue(l, inval)
	case errors.As(err, &synt):
		return i18n.T(l, "cli.err.bad_syntax", i18n.Args{"flag": text(synt.GetSpecifiedFlag())})
	case errors.Is(err, eventlog.ErrUnknownFormat):
		return i18n.T(l, "cli.err.not_event_log", nil)
	case errors.As(err, &pe):
		return i18n.T(l, "cli.err.path", i18n.Args{"path": text(pe.Path), "why": causeText(l, pe.Err)})
	case errors.As(err, &ae):
		return i18n.T(l, "cli.err.address", i18n.Args{"addr": text(ae.Addr), "why": addrCause(l, ae)})
	}
	return unquote(err.Error())
}

// causeText words why a file operation failed, without the path.
func causeText(l i18n.Lang, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return i18n.T(l, "cli.err.not_found", nil)
	case errors.Is(err, fs.ErrPermission):
		return i18n.T(l, "cli.err.permission", nil)
	case errors.Is(err, fs.ErrExist):
		return i18n.T(l, "cli.err.exists", nil)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return causeText(l, pe.Err)
	}
	return unquote(err.Error())
}

// addrCause words the reason of a *net.AddrError; its Err texts are the
// fixed sentences of package net.
func addrCause(l i18n.Lang, ae *net.AddrError) string {
	key := map[string]string{
		"too many colons in address": "cli.err.addr.colons",
		"missing port in address":    "cli.err.addr.no_port",
		"missing ']' in address":     "cli.err.addr.bracket",
		"unexpected '[' in address":  "cli.err.addr.bracket",
		"unexpected ']' in address":  "cli.err.addr.bracket",
	}[ae.Err]
	if key == "" {
		return unquote(ae.Err)
	}
	return i18n.T(l, key, nil)
}

// invalidValue words a flag value pflag could not parse, by the flag's type;
// the value is quoted as the user typed it.
func invalidValue(l i18n.Lang, e *pflag.InvalidValueError) string {
	f := e.GetFlag()
	args := i18n.Args{"flag": flagName(f), "value": text(e.GetValue())}
	switch f.Value.Type() {
	case "duration":
		return i18n.T(l, "cli.err.bad_duration", args)
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "count":
		return i18n.T(l, "cli.err.bad_int", args)
	case "bool":
		return i18n.T(l, "cli.err.bad_bool", args)
	}
	args["why"] = errorText(l, errors.Unwrap(e))
	return i18n.T(l, "cli.err.bad_value", args)
}

func flagName(f *pflag.Flag) string {
	if f == nil {
		return "?"
	}
	return "--" + f.Name
}

// text makes s safe to print: invalid UTF-8 becomes U+FFFD, never a byte
// escape.
func text(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// unquote turns the Go-quoted strings in s ("\xe7\xa7\x92") back into the
// text they quote ("秒").
func unquote(s string) string {
	return text(quoted.ReplaceAllStringFunc(s, func(q string) string {
		u, err := strconv.Unquote(q)
		if err != nil || !utf8.ValidString(u) {
			return q
		}
		return `"` + u + `"`
	}))
}

// hostError words why --host or --dns-server value s was refused; probe's
// error (err) is plain text, so the address is looked at again here.
func hostError(l i18n.Lang, s string, err error) string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		return i18n.T(l, "cli.err.not_host", i18n.Args{"value": text(s)})
	}
	if strings.Contains(s, ":") && net.ParseIP(strings.Trim(s, "[]")) == nil {
		h, p, serr := net.SplitHostPort(s)
		if serr != nil {
			return errorText(l, serr)
		}
		if n, perr := strconv.Atoi(p); perr != nil || n < 1 || n > 65535 {
			return i18n.T(l, "cli.err.bad_port", i18n.Args{"value": text(s), "port": text(p)})
		}
		if h == "" {
			return i18n.T(l, "cli.err.not_host", i18n.Args{"value": text(s)})
		}
	}
	return unquote(err.Error())
}

// serverError words why --dns-server value s was refused: it must be an IP
// address, with an optional port.
func serverError(l i18n.Lang, s string, err error) string {
	h := strings.TrimSpace(s)
	if hh, _, serr := net.SplitHostPort(h); serr == nil {
		h = hh
	}
	if net.ParseIP(strings.Trim(h, "[]")) == nil {
		return i18n.T(l, "cli.err.not_ip", i18n.Args{"value": text(strings.TrimSpace(s))})
	}
	return hostError(l, s, err)
}
