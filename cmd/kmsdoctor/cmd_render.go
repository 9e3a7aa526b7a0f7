package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/cloudnet"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// maxReportSize bounds a report read by `render` (a fleet's largest report
// is far below it).
const maxReportSize = 64 << 20

func newRenderCmd(e *env) *cobra.Command {
	var (
		lang langFlag
		out  reportFlags
	)
	helpLang := e.lang // help is printed before --lang is parsed (see helpLang)
	c := &cobra.Command{
		Use:     "render REPORT.json|-",
		Short:   i18n.T(helpLang, "help.render.short", nil),
		Long:    i18n.T(helpLang, "help.render.long", nil),
		Example: i18n.T(helpLang, "help.render.example", nil),
		RunE: func(c *cobra.Command, args []string) error {
			l, err := lang.get(e)
			if err != nil {
				return err
			}
			if len(args) != 1 {
				return usageT(l, "render.err.args", nil)
			}
			format, err := out.resolve(c, l)
			if err != nil {
				return err
			}
			name := args[0]
			raw, err := readReport(e, name)
			if err != nil {
				return usageT(l, "render.err.read", i18n.Args{"path": name, "err": causeText(l, err)})
			}
			r, err := report.Decode(raw)
			if err != nil {
				return usageT(l, "render.err.decode", i18n.Args{"path": name, "err": decodeErr(raw, err)})
			}
			return writeReport(e, r, format, l)
		},
	}
	lang.register(c, helpLang)
	out.register(c, helpLang)
	return c
}

// readReport reads the report file name, or standard input for "-", up to
// maxReportSize.
func readReport(e *env, name string) ([]byte, error) {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	raw, err := io.ReadAll(io.LimitReader(r, maxReportSize+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > maxReportSize {
		return nil, fmt.Errorf("larger than %d MiB", maxReportSize>>20)
	}
	return raw, nil
}

// decodeErr names the line and column of a JSON syntax or type error.
func decodeErr(raw []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(raw)) {
		return err
	}
	line, col := cloudnet.SyntaxPlace(raw, off)
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}
