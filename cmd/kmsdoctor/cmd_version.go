package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

func newVersionCmd(e *env) *cobra.Command {
	helpLang := e.lang // help is printed before --lang is parsed (see helpLang)
	return &cobra.Command{
		Use:   "version",
		Short: i18n.T(helpLang, "help.version.short", nil),
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(e.stdout, "kmsdoctor %s\n", versionString())
			return err
		},
	}
}

// versionString is what `kmsdoctor version` and `kmsdoctor --version` print
// after the name.
func versionString() string {
	return fmt.Sprintf("%s (%s, %s/%s)", report.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
