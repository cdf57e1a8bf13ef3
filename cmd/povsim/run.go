package main

import (
	"fmt"
	"reflect"
	"strconv"
	"time"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/calibrate"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newRunCmd) }

func newRunCmd(e *env) *cobra.Command {
	f := &runFlags{}
	cmd := &cobra.Command{
		Use:   "run [SCENARIO]",
		Short: "Run one scenario (a YAML file or a library name; the baseline by default)",
		Example: `  povsim run
  povsim run cut-subsidy --reps 50 --by type
  povsim run my-county.yaml --households 20000 --out results/`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeScenarios,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.resolve(cmd); err != nil {
				return err
			}
			ref := "baseline"
			if len(args) == 1 {
				ref = args[0]
			}
			return runRun(cmd, e, f, ref)
		},
	}
	f.register(cmd)
	f.registerDraws(cmd)
	return cmd
}

func runRun(cmd *cobra.Command, e *env, f *runFlags, ref string) error {
	sc, err := f.load(ref)
	if err != nil {
		return err
	}
	if err := cmd.Context().Err(); err != nil {
		return err // interrupted while loading (bounded: see internal/yamlerr)
	}
	m, err := sim.New(sc.Config)
	if err != nil {
		return err
	}
	pl, err := f.plan([]*scenarios.Scenario{sc}, f.set, f.seed)
	if err != nil {
		return err
	}
	pl.tell(e, []*scenarios.Scenario{sc})
	if err := f.prepareOut("run", []*scenarios.Scenario{sc}); err != nil {
		return err
	}
	start := time.Now()
	done, finish := progress(e, f.reps, "run "+sc.Name)
	opt := analysis.Options{Reps: f.reps, Seed: f.seed, Workers: f.workers, Done: done}
	pl.options(&opt)
	res, err := analysis.Ensemble(cmd.Context(), []*sim.Model{m}, opt)
	finish()
	if err != nil {
		return err
	}
	sum := analysis.Summarize(sc.Name, res[0], f.by == "type")
	sum.Seed, sum.Households = f.seed, m.Households()
	if pl != nil {
		analysis.ApplyDraws(&sum, res[0], pl.groups(f.reps))
	}
	held := wallOf(sc.Name, m.Households(), f.seed, res[0], pl)
	if err := printSummaries(e, f.format, sum); err != nil {
		return err
	}
	if f.format == "table" {
		if pl != nil {
			analysis.WriteSplit(e.stdout, analysis.Comparison{Reps: f.reps, Years: sum.Years, Uncertainty: sum.Uncertainty, Summaries: []analysis.Summary{sum}},
				pl.groups(f.reps).Distinct)
		}
		if err := held.tell(e.stdout); err != nil {
			return err
		}
		if held.wall != nil { // the note is on the wall's misses: none without one
			if err := f.tellPolicies(e, sc, held.ts); err != nil {
				return err
			}
		}
	}
	if f.out == "" {
		return nil
	}
	prov := analysis.NewProvenance(e.args, f.seed, f.reps, f.workers, start)
	pl.provenance(prov)
	return analysis.WriteRunWith(f.out, prov, []*scenarios.Scenario{sc}, held.file(), sum)
}

// printSummaries writes summaries to standard output in the chosen format.
func printSummaries(e *env, format string, sums ...analysis.Summary) error {
	switch format {
	case analysis.FormatCSV:
		return analysis.WriteCSV(e.stdout, sums...)
	case analysis.FormatJSON:
		if len(sums) == 1 {
			return analysis.WriteJSON(e.stdout, sums[0])
		}
		return analysis.WriteJSON(e.stdout, sums)
	}
	for i, s := range sums {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprintf(e.stdout, "scenario %s — %s, seed %d, %s households simulated\n",
			s.Scenario, plural(s.Reps, "replication"), s.Seed, thousands(s.Households))
		if err := analysis.WriteTable(e.stdout, s); err != nil {
			return err
		}
	}
	return nil
}

// plural: "1 replication", "20 replications".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// thousands: 10000 → "10,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// tellPolicies says, under the wall (of ts) of a scenario whose policies
// differ from the baseline's in the years the published record covers, that the
// record describes the baseline's: such a scenario's misses measure its
// change as well as the model. The baseline is taken as the library has
// it, so that --set counts as a change; population and calendar do not (a
// county's own households keep the record's policies), nor a change that
// starts after the record's last year.
func (f *runFlags) tellPolicies(e *env, sc *scenarios.Scenario, ts *calibrate.Targets) error {
	base, err := scenarios.Load("baseline")
	if err != nil {
		return err
	}
	_, last := ts.Span()
	same, err := samePolicies(base.Config, sc.Config, last)
	if err != nil || same {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "  The record describes the policies in force from 2021, which the baseline keeps; %s changes\n"+
		"  them, so some of its misses measure the change, not the model. povsim validate (the baseline)\n"+
		"  shows how well the model reproduces the record.\n", sc.Name)
	return err
}

// samePolicies reports whether two configurations have the same
// parameters, population and calendar apart, in the year before the first
// and every simulated year up to last.
func samePolicies(a, b sim.Config, last int) (bool, error) {
	ya, err := yearsThrough(a, last)
	if err != nil {
		return false, err
	}
	yb, err := yearsThrough(b, last)
	if err != nil || len(ya) != len(yb) {
		return false, err
	}
	for t := range ya {
		pa, pb := ya[t], yb[t]
		pa.Population, pb.Population = sim.Population{}, sim.Population{}
		pa.StartYear, pb.StartYear, pa.Years, pb.Years = 0, 0, 0, 0
		if !reflect.DeepEqual(pa, pb) {
			return false, nil
		}
	}
	return true, nil
}

// yearsThrough is the year before the first and the simulated years up to
// last of c.
func yearsThrough(c sim.Config, last int) ([]sim.Params, error) {
	before, err := c.YearBefore()
	if err != nil {
		return nil, err
	}
	years, err := c.Yearly()
	if err != nil {
		return nil, err
	}
	n := max(0, min(len(years), last-c.Params.StartYear+1))
	return append([]sim.Params{before}, years[:n]...), nil
}
