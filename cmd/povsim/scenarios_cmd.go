package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/povsim/povsim/scenarios"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newScenariosCmd) }

func newScenariosCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: "List the scenario library, or show a scenario resolved",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List the embedded scenarios: name, description, the field study it comes from",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, err := scenarios.Library()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tSTUDY\tDESCRIPTION")
			for _, s := range lib {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, s.Seed, s.Description)
			}
			return tw.Flush()
		},
	}, &cobra.Command{
		Use:   "show SCENARIO",
		Short: "Print a scenario (file or library name) fully resolved: every parameter, the warm-up year's settings (before:) and its timeline",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := scenarios.Load(args[0])
			if err != nil {
				return err
			}
			y, err := sc.YAML()
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "# %s, resolved from %s\n", sc.Name, sc.Source)
			_, err = e.stdout.Write(y)
			return err
		},
	}, newInitCmd(e))
	return cmd
}
