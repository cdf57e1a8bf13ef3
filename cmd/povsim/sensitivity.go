package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/sweep"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newSensitivityCmd) }

type sensitivityFlags struct {
	outcomes  []string
	years     []int
	bootstrap int
	seed      uint64
	format    string
	out       string
	config    string
}

// read reads the flags from the layers of layerFlags, and checks them.
func (f *sensitivityFlags) read(l *layered) error {
	f.outcomes = l.GetStrings("outcome")
	// No outcome's name holds a space: every further word is another.
	if err := l.onePerLine("outcome", "outcome", func(string) bool { return true }); err != nil {
		return err
	}
	f.years, f.bootstrap, f.seed = l.GetIntSlice("year"), l.GetInt("bootstrap"), l.GetUint64("seed")
	f.format, f.out = l.GetString("format"), l.GetString("out")
	if err := analysis.CheckFormat(f.format); err != nil {
		return l.refuseErr("format", err)
	}
	if f.bootstrap < 0 {
		return l.refuse("bootstrap", "0 or more resamples")
	}
	for i, y := range f.years {
		if slices.Contains(f.years[:i], y) {
			return l.refuse("year", fmt.Sprintf("each year once (%d is given twice)", y))
		}
	}
	switch filepath.Ext(f.out) {
	case "", ".csv", ".json":
	default:
		return l.refuse("out", "a file ending in .csv or .json")
	}
	if f.out != "" {
		return checkFile(l.origin("out"), f.out, "a file name ending in .csv or .json")
	}
	return nil
}

func newSensitivityCmd(e *env) *cobra.Command {
	f := &sensitivityFlags{}
	cmd := &cobra.Command{
		Use:   "sensitivity RESULTS",
		Short: "Sobol indices (Saltelli design) or Morris μ*, σ (Morris design) from a sweep's results",
		Long: `sensitivity reads the results of a sweep (.parquet, or .csv with its .provenance.json)
and tells which parameters matter, and how much, for each outcome and year:

  a saltelli design: Sobol first-order (S1) and total (ST) indices with bootstrap
    95% intervals. S1 is the share of the outcome's variance across the design a
    parameter explains alone, ST the share it explains with its interactions.
  a morris design: the elementary effects' mean μ, mean absolute value μ*
    (importance) and standard deviation σ (non-linearity or interactions), per
    whole range of the parameter.

The output analysed at a design point is the mean over its replications. The
design is rebuilt from the resolved sweep the results file carries.`,
		Example: `  povsim sensitivity results.parquet
  povsim sensitivity results.parquet --outcome return_rate --year 2025 --year 2030
  povsim sensitivity results.parquet --bootstrap 2000 --out indices.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := layerFlags(cmd, &f.config)
			if err != nil {
				return err
			}
			if err := f.read(l); err != nil {
				return err
			}
			tab, err := sweep.Read(args[0])
			if err != nil {
				return err
			}
			for i, o := range f.outcomes {
				if !slices.Contains(tab.Meta.Outcomes, o) {
					return fmt.Errorf("%s %q: want an outcome recorded in %s (recorded: %s)", l.itemOrigin("outcome", i), o, args[0], strings.Join(tab.Meta.Outcomes, ", "))
				}
			}
			seed := tab.Meta.Seed
			if l.source("seed") != fromDefault {
				seed = f.seed
			}
			r, err := sweep.Analyze(tab, sweep.AnalyzeOptions{Outcomes: f.outcomes, Years: f.years, Bootstrap: f.bootstrap, Seed: seed})
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if err := writeReport(e.stdout, f.format, r); err != nil {
				return err
			}
			if f.out != "" {
				format := analysis.FormatCSV
				if filepath.Ext(f.out) == ".json" {
					format = analysis.FormatJSON
				}
				return writeShared(f.out, func(w io.Writer) error { return writeReport(w, format, r) })
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.outcomes, "outcome", nil, "outcome to analyse (repeatable; POVSIM_OUTCOME takes one a line; default: every recorded outcome)")
	fl.IntSliceVar(&f.years, "year", nil, "year to analyse (repeatable; default: the last recorded year)")
	fl.IntVar(&f.bootstrap, "bootstrap", 1000, "bootstrap resamples for the Sobol intervals")
	fl.Uint64Var(&f.seed, "seed", 0, "bootstrap seed (default: the sweep's seed)")
	fl.StringVar(&f.format, "format", "table", "output format: table, csv or json")
	fl.StringVar(&f.out, "out", "", "also write the indices to a file (.csv or .json)")
	registerConfig(cmd, &f.config)
	return cmd
}

func writeReport(w io.Writer, format string, r *sweep.Report) error {
	switch format {
	case analysis.FormatCSV:
		return r.WriteCSV(w)
	case analysis.FormatJSON:
		return r.WriteJSON(w)
	}
	return r.WriteTable(w)
}
