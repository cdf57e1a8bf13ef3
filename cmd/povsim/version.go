package main

import (
	"fmt"

	"github.com/povsim/povsim/analysis"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newVersionCmd) }

// newVersionCmd prints which povsim this is: `povsim version` says the same
// as `povsim --version`.
func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print povsim's version, the commit it was built from and its model fingerprint",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintln(e.stdout, analysis.BuildOf())
			return err
		},
	}
}
