package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newAnalyzeCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "analyze",
		Short: "not implemented yet",
		RunE: func(c *cobra.Command, _ []string) error {
			return usageError{errors.New("analyze: not implemented yet")}
		},
	}
}
