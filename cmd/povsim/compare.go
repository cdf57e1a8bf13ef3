package main

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newCompareCmd) }

type compareFlags struct {
	runFlags
	precision float64
	measure   analysis.Measure // --precision-outcome
	maxReps   int
	variants  bool
}

func newCompareCmd(e *env) *cobra.Command {
	f := &compareFlags{}
	cmd := &cobra.Command{
		Use:   "compare BASE ALT...",
		Short: "Compare scenarios with a base on the same households (paired differences, costs)",
		Long: `compare runs every scenario on the same simulated households with common random
numbers and reports, for each scenario, the two measures of return with their 95%
intervals and paired differences to BASE: first registered returns (formerly poor
households the monitoring system supports and still counts as poor: the official
measure), then income poverty (income below the line, as a survey would see it).
It adds registered returns avoided, households kept out of poverty, returns
avoided, fiscal cost by program, and the cost per return avoided by either
measure. A difference whose interval includes 0 is marked "(includes 0)".
The interval of a share or a count stops at 0 (a share's also at 100%: the
true value lies within, docs/MODEL.md §6); a difference's is never cut.
--set applies to every scenario, the base included: it changes what all of
them share, not one side of the comparison (to change one side, write a
scenario that extends it and set the parameter there).`,
		Example: `  povsim compare baseline cut-subsidy ecommerce-rollout
  povsim compare baseline examples/my-plan.yaml --precision 0.00005 --out results/
  povsim compare baseline examples/my-plan.yaml --precision 0.005 --precision-outcome poverty`,
		Args:              cobra.MinimumNArgs(2),
		ValidArgsFunction: completeScenarios,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.together = len(args)
			if err := f.resolve(cmd); err != nil {
				return err
			}
			return runCompare(cmd, e, f, args)
		},
	}
	f.runFlags.register(cmd)
	f.registerPrecision(cmd)
	f.registerDraws(cmd)
	cmd.Flags().BoolVar(&f.variants, "variants", false, "also run the comparison under each of the model's variants (docs/MODEL.md §8: settings its known misses leave open) "+
		"and say whether each difference keeps its direction; as many runs again as there are variants; without --draws, not with --format csv")
	return cmd
}

func (f *compareFlags) registerPrecision(cmd *cobra.Command) {
	cmd.Flags().Float64Var(&f.precision, "precision", 0, "add replications until every alternative's paired difference at the horizon, in the measure of --precision-outcome, is within ± this: "+
		"for registered returns (well under 0.1% a year) e.g. 0.00005 for ±0.005 points, for income poverty e.g. 0.005 for ±0.5 points; judged on at least 10 replications")
	cmd.Flags().String("precision-outcome", analysis.MeasureRegistered.String(), "the measure --precision is on: registered (registered returns, the headline; "+
		"its differences are 10 to 100 times smaller than income poverty's, so give a half-width such as 0.00005) or poverty (income poverty, e.g. 0.005)")
	cmd.Flags().IntVar(&f.maxReps, "max-reps", 2000, "cap on replications with --precision (at least 10 and --reps)")
	cmd.RegisterFlagCompletionFunc("precision-outcome", completeValues(analysis.MeasureRegistered.String(), analysis.MeasurePoverty.String()))
	checkFlag(cmd, "max-reps", whole(func(n int) bool { return n <= maxReps }, func(n int) string { return fmt.Sprintf("at most %d %s", maxReps, repsMemory(n)) }))
	checkFlag(cmd, "precision", func(s string) string {
		if h, err := strconv.ParseFloat(s, 64); err == nil && !(h >= 0 && h < 1) { // and not NaN
			return "a half-width between 0 and 1 (e.g. 0.00005 for ±0.005 points of registered returns, 0.005 for ±0.5 points of income poverty)"
		}
		return ""
	})
	checkFlag(cmd, "precision-outcome", func(s string) string {
		if _, err := analysis.ParseMeasure(s); err != nil {
			return wantOf(err)
		}
		return ""
	})
}

// resolve layers compare's flags (see runFlags.resolve).
func (f *compareFlags) resolve(cmd *cobra.Command) error {
	l, err := f.resolveOutput(cmd)
	if err != nil {
		return err
	}
	if err := f.readPrecision(l); err != nil {
		return err
	}
	return f.readVariants(l)
}

func (f *compareFlags) readPrecision(l *layered) error {
	f.precision = l.GetFloat64("precision")
	f.maxReps = l.GetInt("max-reps")
	if err := l.checkValues("max-reps", "precision", "precision-outcome"); err != nil {
		return err
	}
	f.measure, _ = analysis.ParseMeasure(l.GetString("precision-outcome")) // checked
	if f.precision == 0 {
		err := l.needs("precision-outcome", "precision", "the measure the --precision target is on; add --precision with a half-width")
		if l.source("max-reps") == fromEnv { // POVSIM_MAX_REPS may be set for serve, whose --max-reps is the page's limit
			return err
		}
		return errors.Join(err, l.needs("max-reps", "precision", "the most replications --precision may add up to; add --precision with a half-width"))
	}
	if l.source("max-reps") == fromDefault {
		f.maxReps = max(f.maxReps, f.reps)
		return nil
	}
	return f.checkMaxReps(l)
}

// checkMaxReps refuses a --max-reps given below what --precision runs
// anyway: the replications of --reps, and analysis.MinPrecisionReps.
func (f *compareFlags) checkMaxReps(l *layered) error {
	if f.maxReps < analysis.MinPrecisionReps {
		return l.refuse("max-reps", fmt.Sprintf("at least %d (the fewest replications a --precision target is judged on)", analysis.MinPrecisionReps))
	}
	if f.maxReps < f.reps {
		from := l.given("reps")
		if l.source("reps") == fromDefault {
			from = "the default --reps"
		}
		return l.refuse("max-reps", fmt.Sprintf("at least the %d replications %s starts from (give fewer --reps, or more --max-reps)", f.reps, from))
	}
	return nil
}

// comparison is what simulate returns: the scenarios and their results.
type comparison struct {
	scs    []*scenarios.Scenario
	models []*sim.Model
	res    [][]sim.Result
	start  time.Time
	draws  *drawPlan // nil without --draws
}

// simulate loads the scenarios refs (refs[0] the base), checks them all
// before anything runs, and runs them with common random numbers, adding
// replications for --precision; it says on stderr whether the target was met.
func (f *compareFlags) simulate(cmd *cobra.Command, e *env, refs []string, ready func([]*scenarios.Scenario) error) (*comparison, error) {
	c := &comparison{}
	for _, ref := range refs {
		sc, err := f.load(ref)
		if err != nil {
			return nil, err
		}
		if err := cmd.Context().Err(); err != nil {
			return nil, err // interrupted while loading
		}
		m, err := sim.New(sc.Config)
		if err != nil {
			return nil, err
		}
		c.scs, c.models = append(c.scs, sc), append(c.models, m)
	}
	if err := distinctNames(c.scs); err != nil {
		return nil, err
	}
	if err := sameHouseholds(c.scs); err != nil {
		return nil, err
	}
	pl, err := f.plan(c.scs, f.set, f.seed)
	if err != nil {
		return nil, err
	}
	c.draws = pl
	pl.tell(e, c.scs)
	if ready != nil {
		if err := ready(c.scs); err != nil {
			return nil, err
		}
	}
	c.start = time.Now()
	done, finish := progress(e, f.reps*len(c.models), cmd.Name())
	opt := analysis.Options{Reps: f.reps, Seed: f.seed, Workers: f.workers, Done: done}
	pl.options(&opt)
	res, met, err := analysis.CompareModels(cmd.Context(), c.models, analysis.CompareOptions{
		Options: opt, Precision: f.precision, Measure: f.measure, MaxReps: f.maxReps,
	})
	finish()
	if err != nil {
		return nil, err
	}
	c.res = res
	if f.precision > 0 && len(res) > 1 {
		tellPrecision(e, f.precision, f.measure, f.maxReps, met, res)
	}
	return c, nil
}

// tellPrecision says on stderr which measure the precision target was on,
// whether it was reached and the widest half-width; and, if every
// replication gave the same difference, that its zero width measures
// nothing.
func tellPrecision(e *env, h float64, m analysis.Measure, maxReps int, met bool, res [][]sim.Result) {
	diffs := analysis.HorizonDiffs(res, m)
	widest, same := 0.0, false
	for _, d := range diffs {
		widest = max(widest, d.HalfWidth())
		same = same || (d.HasInterval() && d.SD == 0)
	}
	years := res[0][0].Years
	// In percentage points, the table's unit; the flag's value beside.
	what := fmt.Sprintf("precision ±%s pp (--precision %s) on the paired difference of %s (%s) in %d", plain(100*h), plain(h), m.Words(), m.Outcome(), years[len(years)-1].Year)
	if met {
		fmt.Fprintf(e.stderr, "%s reached with %d replications (widest ±%s pp)\n", what, len(res[0]), plain(100*widest))
	} else {
		fmt.Fprintf(e.stderr, "%s NOT reached: stopped at %s, --max-reps %d (widest ±%s pp)\n", what, plural(len(res[0]), "replication"), maxReps, plain(100*widest))
	}
	if same {
		fmt.Fprintf(e.stderr, "  note: every replication gave the same difference of %s, so its interval has no width; unless the scenarios are alike in this, there were too few events to measure a difference: simulate more households\n", m.Words())
	}
}

func runCompare(cmd *cobra.Command, e *env, f *compareFlags, refs []string) error {
	run, err := f.simulate(cmd, e, refs, func(scs []*scenarios.Scenario) error { return f.prepareOut("compare", scs) })
	if err != nil {
		return err
	}
	scs, models, res, start := run.scs, run.models, run.res, run.start
	names := make([]string, len(scs))
	for i, sc := range scs {
		names[i] = sc.Name
	}
	c := run.comparison(names, f.by == "type")
	for i := range c.Summaries {
		c.Summaries[i].Seed, c.Summaries[i].Households = f.seed, models[i].Households()
	}
	if f.variants {
		if c.Variants, err = f.simulateVariants(cmd, e, refs, scs, c.Diffs, len(res[0])); err != nil {
			return err
		}
	}
	wall := wallOf(scs[0].Name, models[0].Households(), f.seed, res[0], run.draws)
	switch f.format {
	case analysis.FormatCSV:
		err = analysis.WriteComparisonCSV(e.stdout, c)
	case analysis.FormatJSON:
		err = analysis.WriteJSON(e.stdout, c)
	default:
		fmt.Fprintf(e.stdout, "compare: %s, seed %d, %s households simulated%s\n\n", plural(c.Reps, "replication"), f.seed, thousands(models[0].Households()), setApplied(f.set))
		err = analysis.WriteComparisonTable(e.stdout, c)
		if err == nil && run.draws != nil {
			analysis.WriteSplit(e.stdout, c, run.draws.groups(len(res[0])).Distinct)
		}
		if err == nil {
			err = analysis.WriteVariantsTable(e.stdout, c)
		}
		if err == nil {
			err = wall.tell(e.stdout)
		}
		if err == nil && !f.variants && run.draws == nil {
			_, err = fmt.Fprintln(e.stdout, "Whether these differences keep their direction under the model's variants, settings its misses leave open: add --variants (docs/MODEL.md §8).")
		}
	}
	if err != nil {
		return err
	}
	if f.out == "" {
		return nil
	}
	prov := analysis.NewProvenance(e.args, f.seed, c.Reps, f.workers, start)
	run.draws.provenance(prov)
	// Spells for `povsim report --from DIR` (survival and hazards).
	return analysis.WriteComparisonWith(f.out, prov, scs, c, analysis.SpellsOf(names, res, f.by == "type"),
		wall.file())
}

// setApplied says, after compare's first line, that the --set settings
// apply to every scenario, the base included ("" without them).
func setApplied(sets []string) string {
	if len(sets) == 0 {
		return ""
	}
	return ", with --set " + strings.Join(sets, " ") + " applied to every scenario, the base included"
}

// plain writes x to two significant digits without an exponent: 0.000047.
func plain(x float64) string {
	r, _ := strconv.ParseFloat(fmt.Sprintf("%.2g", x), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// sameHouseholds checks that compared scenarios simulate the same years
// and draw the same population, so that their differences are paired on
// the same households: a scenario that draws another population (its own
// population.* settings) is a different county, not a policy.
func sameHouseholds(scs []*scenarios.Scenario) error {
	p0 := scs[0].Config.Params
	for _, sc := range scs[1:] {
		p := sc.Config.Params
		if p.StartYear != p0.StartYear || p.Years != p0.Years {
			return fmt.Errorf("scenario %s simulates %d–%d but %s simulates %d–%d: compared scenarios must share their years",
				sc.Name, p.StartYear, p.StartYear+p.Years-1, scs[0].Name, p0.StartYear, p0.StartYear+p0.Years-1)
		}
		if path, a, b, differ := populationDiffers(&p0, &p); differ {
			return fmt.Errorf("scenario %s draws another population than %s (%s %v against %v): compared scenarios must start "+
				"from the same households; compare scenarios that share %s's population settings (a scenario extending it "+
				"with the policy changed), or set the same value for both with --set %s=…",
				sc.Name, scs[0].Name, path, b, a, sc.Name, path)
		}
	}
	return nil
}

// distinctNames checks that no two compared scenarios have one name: the
// results, the resolved files (scenario-NAME.yaml) and the reproduce
// command tell them apart by it.
func distinctNames(scs []*scenarios.Scenario) error {
	for i, sc := range scs {
		for _, o := range scs[:i] {
			if o.Name == sc.Name {
				return fmt.Errorf("two compared scenarios are named %q: %s and %s; compared scenarios need distinct names (results and resolved files are named by them): change the name: of one", sc.Name, o.Source, sc.Source)
			}
		}
	}
	return nil
}

// populationDiffers returns the first population.* parameter whose values
// in a and b differ.
func populationDiffers(a, b *sim.Params) (path string, va, vb any, differ bool) {
	for _, p := range sim.Paths() {
		if !strings.HasPrefix(p, "population.") {
			continue
		}
		x, _ := a.Get(p) // every path of sim.Paths is gettable
		y, _ := b.Get(p)
		if !reflect.DeepEqual(x, y) {
			return p, x, y, true
		}
	}
	return "", nil, nil, false
}

// comparison compares the results, with intervals that carry parameter
// uncertainty when the scenarios ran on draws.
func (c *comparison) comparison(names []string, byType bool) analysis.Comparison {
	cmp := analysis.Compare(names, c.res, byType)
	if c.draws != nil {
		analysis.ApplyDrawsComparison(&cmp, c.res, c.draws.groups(len(c.res[0])))
	}
	return cmp
}
