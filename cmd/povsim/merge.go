package main

import (
	"fmt"

	"github.com/povsim/povsim/analysis/sweep"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newMergeCmd) }

func newMergeCmd(e *env) *cobra.Command {
	var out, config string
	cmd := &cobra.Command{
		Use:   "merge --out FILE SHARD...",
		Short: "Combine the outputs of the shards of a sweep into what one machine would write",
		Long: `merge reads the outputs of every shard of a sweep (povsim sweep --shard K/N, in
any order, .parquet or .csv) and writes the results and summary of the whole sweep:
byte for byte the files an unsharded run writes. It checks that the shards come from
the same sweep and povsim, and that each of shards 1 … N is there exactly once.`,
		Example: `  povsim merge --out results.parquet shards/shard-*-of-8.parquet`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := layerFlags(cmd, &config)
			if err != nil {
				return err
			}
			out = l.GetString("out")
			if out == "" {
				return fmt.Errorf("--out: give the merged output file, e.g. --out results.parquet")
			}
			if err := sweep.CheckOutput(out); err != nil {
				return fmt.Errorf("%s: %w", l.origin("out"), err)
			}
			tables := make([]*sweep.Table, len(args))
			for i, a := range args {
				t, err := sweep.Read(a)
				if err != nil {
					return err
				}
				tables[i] = t
			}
			merged, err := sweep.Merge(tables)
			if err != nil {
				return fmt.Errorf("merge: %w", err)
			}
			if err := sweep.Write(out, merged); err != nil {
				return err
			}
			files, _ := sweep.OutputFiles(out)
			fmt.Fprintf(e.stderr, "merged %d shard(s) of sweep %s (%d design points) into %s and %s\n",
				len(args), merged.Meta.Name, len(merged.Points), files.Results, files.Summary)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "merged output file, .parquet or .csv (required)")
	registerConfig(cmd, &config)
	return cmd
}
