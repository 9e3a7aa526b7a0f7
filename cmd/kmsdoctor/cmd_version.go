package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the kmsdoctor version",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(e.stdout, "kmsdoctor %s (%s, %s/%s)\n", report.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}
