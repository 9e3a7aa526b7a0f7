package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newEventsCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "events",
		Short: "not implemented yet",
		RunE: func(c *cobra.Command, _ []string) error {
			return usageError{errors.New("events: not implemented yet")}
		},
	}
}
