package main

import (
	"bufio"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/evtx"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/ingest"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
)

// eventsNow is the time --since counts back from; tests fix it.
var eventsNow = time.Now

func newEventsCmd(e *env) *cobra.Command {
	var (
		format   string
		ids      string
		since    string
		computer string
		lang     langFlag
	)
	helpLang := e.lang // help is printed before --lang is parsed (see helpLang)
	c := &cobra.Command{
		Use:   "events PATH...",
		Short: i18n.T(helpLang, "events.help.short", nil),
		Long:  i18n.T(helpLang, "events.help.long", nil),
		RunE: func(c *cobra.Command, args []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			if len(args) == 0 {
				return usagef("events: %s", i18n.T(l, "events.no_paths", nil))
			}
			var asXML, asTable bool
			switch format {
			case "jsonl", "json", "":
			case "xml":
				asXML = true
			case "table":
				asTable = true
			default:
				return usagef("events: --format: %s", i18n.T(l, "events.bad_format", i18n.Args{"format": format}))
			}
			keep, err := parseIDs(ids)
			if err != nil {
				return usagef("events: --id: %s", i18n.T(l, "events.bad_id", i18n.Args{"value": err.Error()}))
			}
			var from time.Time
			if since != "" {
				var ok bool
				if from, ok = parseSince(since, eventsNow()); !ok {
					return usageT(l, "events.err.since", i18n.Args{"value": text(since)})
				}
			}
			opt := eventlog.Options{XML: asXML}
			if keep != nil || since != "" || computer != "" {
				opt.Keep = func(ev *evidence.Event) bool {
					return (keep == nil || keep[ev.EventID]) &&
						(since == "" || !ev.Time.IsZero() && !ev.Time.Before(from)) &&
						(computer == "" || sameComputer(computer, ev.Computer))
				}
			}
			switch {
			case asTable:
				opt.Prepare = appendEventTable
			case asXML:
				opt.Prepare = func(ev *evidence.Event, buf []byte) []byte {
					if ev.XML == "" { // CSV and copied text carry no XML
						return appendEventXML(buf, ev)
					}
					buf = append(buf, ev.XML...)
					ev.XML = ""
					return append(buf, '\n')
				}
			default:
				opt.Prepare = appendEventJSON
			}
			out := bufio.NewWriterSize(e.stdout, 256*1024)
			if asTable {
				out.WriteString(tableHeader(l))
			}
			errw := bufio.NewWriter(e.stderr)
			failed := false
			for _, path := range args {
				write := func(_ *evidence.Event, line []byte) error {
					_, err := out.Write(line)
					return err
				}
				var skips []evidence.Skip
				var err error
				if path == "-" {
					skips, err = ingest.ReadEvents(c.Context(), e.stdin, "stdin", opt, write)
				} else {
					skips, err = ingest.ReadEventFile(c.Context(), path, opt, write)
				}
				for _, s := range skips {
					key := "events.skipped"
					if s.Count == 0 {
						key = "events.damaged" // found damage, nothing (known) lost
					}
					errw.WriteString("kmsdoctor: " + i18n.T(l, key, i18n.Args{
						"file": s.Source.File, "offset": s.Source.Offset, "what": render.Message(l, s.Message()),
					}) + "\n")
				}
				if err != nil {
					if ctxErr := c.Context().Err(); ctxErr != nil {
						out.Flush()
						errw.Flush()
						return err
					}
					failed = true
					msg := errorText(l, err)
					if errors.Is(err, eventlog.ErrUnknownFormat) { // detected from the head: offset 0
						msg = i18n.T(l, "events.err.unknown_format", i18n.Args{"file": text(path), "what": msg})
					}
					errw.WriteString("kmsdoctor: " + oneLine(msg) + "\n")
				}
			}
			if err := out.Flush(); err != nil {
				errw.Flush()
				return err
			}
			errw.Flush()
			if failed {
				return exitError{exitUsage}
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "jsonl", i18n.T(helpLang, "events.help.format", nil))
	c.Flags().StringVar(&ids, "id", "", i18n.T(helpLang, "events.help.id", nil))
	c.Flags().StringVar(&since, "since", "", i18n.T(helpLang, "events.help.since", nil))
	c.Flags().StringVar(&computer, "computer", "", i18n.T(helpLang, "events.help.computer", nil))
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"jsonl", "xml", "table"}, cobra.ShellCompDirectiveNoFileComp
	})
	lang.register(c, helpLang)
	return c
}

// parseIDs parses "12288,12289"; an empty string means all IDs (nil).
func parseIDs(s string) (map[int]bool, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	m := map[int]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 || n > 65535 {
			return nil, errors.New(f)
		}
		m[n] = true
	}
	return m, nil
}

// appendEventJSON writes ev as one JSON line. It is called on the EVTX
// reader's worker goroutines, so it touches nothing but ev and buf.
func appendEventJSON(ev *evidence.Event, buf []byte) []byte {
	buf = append(buf, `{"record_id":`...)
	if ev.RecordID == 0 { // the format carried none (CSV, copied text)
		buf = append(buf, "null"...)
	} else {
		buf = strconv.AppendUint(buf, ev.RecordID, 10)
	}
	buf = append(buf, `,"time":`...)
	if ev.Time.IsZero() {
		buf = append(buf, "null"...)
	} else {
		buf = append(buf, '"')
		buf = appendEventTime(buf, ev.Time)
		buf = append(buf, '"')
	}
	buf = append(buf, `,"provider":`...)
	buf = appendJSONString(buf, ev.Provider)
	buf = append(buf, `,"event_id":`...)
	buf = strconv.AppendInt(buf, int64(ev.EventID), 10)
	buf = append(buf, `,"level":`...)
	buf = strconv.AppendInt(buf, int64(ev.Level), 10)
	buf = append(buf, `,"channel":`...)
	buf = appendJSONString(buf, ev.Channel)
	buf = append(buf, `,"computer":`...)
	buf = appendJSONString(buf, ev.Computer)
	buf = append(buf, `,"data":[`...)
	for i, d := range ev.Data {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, d)
	}
	buf = append(buf, ']')
	if len(ev.Names) == len(ev.Data) && len(ev.Named) > 0 {
		buf = append(buf, `,"named":{`...)
		first := true
		for i, n := range ev.Names {
			if n == "" {
				continue
			}
			if !first {
				buf = append(buf, ',')
			}
			first = false
			buf = appendJSONString(buf, n)
			buf = append(buf, ':')
			buf = appendJSONString(buf, ev.Data[i])
		}
		buf = append(buf, '}')
	}
	return append(buf, '}', '\n')
}

const hexLower = "0123456789abcdef"

// appendJSONString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			buf = append(buf, s[start:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hexLower[c>>4], hexLower[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, "\ufffd"...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			buf = append(buf, s[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hexLower[r&15])
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

// appendEventXML writes the fields of an event that came without XML (CSV,
// copied text) as one wevtutil-style <Event> line.
func appendEventXML(buf []byte, ev *evidence.Event) []byte {
	buf = append(buf, "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='"...)
	buf = evtx.AppendXMLText(buf, ev.Provider)
	buf = append(buf, "'/><EventID"...)
	if ev.Qualifiers != 0 {
		buf = append(buf, " Qualifiers='"...)
		buf = strconv.AppendInt(buf, int64(ev.Qualifiers), 10)
		buf = append(buf, '\'')
	}
	buf = append(buf, '>')
	buf = strconv.AppendInt(buf, int64(ev.EventID), 10)
	buf = append(buf, "</EventID><Level>"...)
	buf = strconv.AppendInt(buf, int64(ev.Level), 10)
	buf = append(buf, "</Level>"...)
	if !ev.Time.IsZero() {
		buf = append(buf, "<TimeCreated SystemTime='"...)
		buf = appendEventTime(buf, ev.Time)
		buf = append(buf, "'/>"...)
	}
	if ev.RecordID != 0 {
		buf = append(buf, "<EventRecordID>"...)
		buf = strconv.AppendUint(buf, ev.RecordID, 10)
		buf = append(buf, "</EventRecordID>"...)
	}
	buf = append(buf, "<Channel>"...)
	buf = evtx.AppendXMLText(buf, ev.Channel)
	buf = append(buf, "</Channel><Computer>"...)
	buf = evtx.AppendXMLText(buf, ev.Computer)
	buf = append(buf, "</Computer></System><EventData>"...)
	for i, d := range ev.Data {
		buf = append(buf, "<Data"...)
		if i < len(ev.Names) && ev.Names[i] != "" {
			buf = append(buf, " Name='"...)
			buf = evtx.AppendXMLText(buf, ev.Names[i])
			buf = append(buf, '\'')
		}
		buf = append(buf, '>')
		buf = evtx.AppendXMLText(buf, d)
		buf = append(buf, "</Data>"...)
	}
	return append(buf, "</EventData></Event>\n"...)
}

// appendEventTime writes an event time as ISO 8601: UTC with a Z, or, for
// the local time of an Event Viewer copy whose offset is not known, the
// wall clock with no zone (it is not UTC).
func appendEventTime(buf []byte, t time.Time) []byte {
	if evidence.OffsetUnknown(t) {
		return t.AppendFormat(buf, "2006-01-02T15:04:05.0000000")
	}
	return t.UTC().AppendFormat(buf, "2006-01-02T15:04:05.0000000Z07:00")
}
