package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

func newVersionCmd(e *env) *cobra.Command {
	helpLang := i18n.FromEnv(e.getenv) // help is printed before --lang is parsed
	return &cobra.Command{
		Use:   "version",
		Short: i18n.T(helpLang, "help.version.short", nil),
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(e.stdout, "kmsdoctor %s (%s, %s/%s)\n", report.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}
