package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newExplainCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "explain",
		Short: "not implemented yet",
		RunE: func(c *cobra.Command, _ []string) error {
			return usageError{errors.New("explain: not implemented yet")}
		},
	}
}
