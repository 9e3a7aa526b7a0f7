package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newCheckCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "not implemented yet",
		RunE: func(c *cobra.Command, _ []string) error {
			return usageError{errors.New("check: not implemented yet")}
		},
	}
}
