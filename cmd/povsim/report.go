package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/report"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

func init() { commands = append(commands, newReportCmd) }

// figFlags are the flags of the commands that draw a comparison (report,
// plot): compare's flags that choose what is simulated, and --from to read
// a saved comparison instead. compare's --format and --out are not
// registered: these commands give them their own meaning.
type figFlags struct {
	compareFlags
	from string
}

func (f *figFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.IntVar(&f.households, "households", 0, "simulated households (0: the scenario's number)")
	fl.IntVar(&f.years, "years", 0, "simulated years (0: the scenario's number)")
	fl.IntVar(&f.reps, "reps", 20, "Monte Carlo replications")
	fl.Uint64Var(&f.seed, "seed", 1, "master seed; the same seed gives the same results")
	fl.IntVar(&f.workers, "workers", 2, "parallel workers (results do not depend on it)")
	fl.StringArrayVar(&f.set, "set", nil, "override a parameter, PATH=VALUE (repeatable), e.g. --set transfers.subsidy.level=0.5")
	fl.StringVar(&f.config, "config", "", "YAML file of flag values (keys are flag names); flags and POVSIM_* variables override it")
	fl.Float64Var(&f.precision, "precision", 0, "add replications until every paired difference at the horizon is within ± this (e.g. 0.005)")
	fl.IntVar(&f.maxReps, "max-reps", 2000, "cap on replications with --precision")
	fl.StringVar(&f.population, "population", "", "simulate the county's own households from a CSV or Parquet file (schema in the README)")
	fl.StringVar(&f.from, "from", "", "read the results from `DIR`, a folder written by povsim compare --out (or run --out), instead of simulating")
}

// resolve layers the flags as runFlags.resolve does: defaults < --config
// file < POVSIM_* environment variables < the command line.
func (f *figFlags) resolve(cmd *cobra.Command) (*viper.Viper, error) {
	v := viper.New()
	v.SetEnvPrefix("POVSIM")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()
	if err := v.BindPFlags(cmd.Flags()); err != nil {
		return nil, err
	}
	if f.config != "" {
		v.SetConfigFile(f.config)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			return nil, fmt.Errorf("--config %s: %w", f.config, err)
		}
		known := map[string]bool{}
		cmd.Flags().VisitAll(func(fl *pflag.Flag) { known[fl.Name] = true })
		for _, k := range v.AllKeys() {
			if !known[k] && v.InConfig(k) {
				return nil, fmt.Errorf("--config %s: unknown key %q (keys are the command's flag names)", f.config, k)
			}
		}
	}
	f.households = v.GetInt("households")
	f.years = v.GetInt("years")
	f.reps = v.GetInt("reps")
	f.seed = v.GetUint64("seed")
	f.workers = v.GetInt("workers")
	f.precision = v.GetFloat64("precision")
	f.maxReps = v.GetInt("max-reps")
	f.from = v.GetString("from")
	f.population = v.GetString("population")
	if !cmd.Flags().Changed("set") {
		f.set = v.GetStringSlice("set")
	}
	switch {
	case f.reps < 1:
		return nil, fmt.Errorf("--reps: got %d, want at least 1", f.reps)
	case f.workers < 1:
		return nil, fmt.Errorf("--workers: got %d, want at least 1", f.workers)
	case f.households < 0:
		return nil, fmt.Errorf("--households: got %d, want a positive number (or 0 for the scenario's)", f.households)
	case f.years < 0:
		return nil, fmt.Errorf("--years: got %d, want a positive number (or 0 for the scenario's)", f.years)
	case f.precision < 0 || f.precision >= 1:
		return nil, fmt.Errorf("--precision: got %g, want a half-width between 0 and 1 (e.g. 0.005 for ±0.5 points)", f.precision)
	}
	return v, nil
}

// input reads the saved results of --from, or simulates the scenarios
// refs (refs[0] the base) with common random numbers, as compare does.
func (f *figFlags) input(cmd *cobra.Command, e *env, refs []string) (*report.Input, error) {
	if f.from != "" {
		if len(refs) > 0 {
			return nil, fmt.Errorf("--from %s and scenarios %s: give one or the other", f.from, strings.Join(refs, " "))
		}
		return report.FromDir(f.from)
	}
	if len(refs) == 0 {
		return nil, fmt.Errorf("no scenario: give BASE [ALT...] (library names or YAML files), or --from DIR")
	}
	var scs []*scenarios.Scenario
	var models []*sim.Model
	for _, ref := range refs {
		sc, err := f.load(ref)
		if err != nil {
			return nil, err
		}
		m, err := sim.New(sc.Config)
		if err != nil {
			return nil, err
		}
		scs, models = append(scs, sc), append(models, m)
	}
	if err := sameCalendar(scs); err != nil {
		return nil, err
	}
	start := time.Now()
	done, finish := progress(e, f.reps*len(models), cmd.Name())
	res, met, err := analysis.CompareModels(cmd.Context(), models, analysis.CompareOptions{
		Options:   analysis.Options{Reps: f.reps, Seed: f.seed, Workers: f.workers, Done: done},
		Precision: f.precision, MaxReps: f.maxReps,
	})
	finish()
	if err != nil {
		return nil, err
	}
	reps := len(res[0])
	if f.precision > 0 {
		if met {
			fmt.Fprintf(e.stderr, "precision ±%g reached with %d replications\n", f.precision, reps)
		} else {
			fmt.Fprintf(e.stderr, "precision ±%g NOT reached: stopped at --max-reps %d\n", f.precision, reps)
		}
	}
	prov := analysis.NewProvenance(e.args, f.seed, reps, f.workers, start)
	prov.End = time.Now().UTC()
	prov.Reproduce = f.reproduce(cmd.Name(), refs, reps)
	return report.FromResults(scs, res, prov)
}

// reproduce is the command that simulates the same results again: the
// scenarios with the seed, the final number of replications and the
// settings that change the model.
func (f *figFlags) reproduce(command string, refs []string, reps int) string {
	args := append([]string{"povsim", command}, refs...)
	args = append(args, "--seed", strconv.FormatUint(f.seed, 10), "--reps", strconv.Itoa(reps))
	if f.households > 0 {
		args = append(args, "--households", strconv.Itoa(f.households))
	}
	if f.years > 0 {
		args = append(args, "--years", strconv.Itoa(f.years))
	}
	if f.population != "" {
		args = append(args, "--population", f.population)
	}
	for _, s := range f.set {
		args = append(args, "--set", s)
	}
	return shellQuote(args)
}

// writeShared writes a file atomically, readable by everyone like any
// document (analysis.WriteFileAtomic's temporary file is private).
func writeShared(path string, write func(io.Writer) error) error {
	if err := analysis.WriteFileAtomic(path, write); err != nil {
		return err
	}
	return os.Chmod(path, 0o644)
}

// shellQuote joins arguments, quoting those a shell would split.
func shellQuote(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`*?[]{}()<>|&;#~") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}

func newReportCmd(e *env) *cobra.Command {
	f := &figFlags{}
	var out, title, question string
	cmd := &cobra.Command{
		Use:   "report [BASE ALT...]",
		Short: "Write a self-contained HTML report of a comparison: answer, charts, tables, method, provenance",
		Long: `report compares the scenarios as compare does (same flags), or reads a folder
written by compare --out (--from DIR), and writes one HTML file to share with
people who will not run povsim: the question answered, the headline numbers at
the horizon with their 95% intervals, charts of return-to-poverty rates, paired
differences, cost against returns avoided, household types and time out of
poverty (Kaplan–Meier) with the hazards of falling back and of leaving poverty,
the tables behind them, a readable diff of the scenarios' parameters, the
method, and what is needed to reproduce the results.

The file loads nothing from the network: charts are inline SVG and the style
is inline. It prints on A4 or letter paper and reads on a phone.`,
		Example: `  povsim report baseline cut-subsidy ecommerce-rollout --out report.html
  povsim report baseline my-plan.yaml --precision 0.005 --question "Should we fund the plan?"
  povsim compare baseline cut-subsidy --out results/ && povsim report --from results/ --out report.html`,
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := f.resolve(cmd)
			if err != nil {
				return err
			}
			out, title, question = v.GetString("out"), v.GetString("title"), v.GetString("question")
			if out == "" {
				return fmt.Errorf("--out: want the HTML file to write, e.g. --out report.html")
			}
			in, err := f.input(cmd, e, args)
			if err != nil {
				return err
			}
			in.Title, in.Question = title, question
			if err := writeShared(out, func(w io.Writer) error { return report.Write(w, in) }); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "report: %s (%d scenarios, %d replications)\n", out, len(in.Comparison.Summaries), in.Comparison.Reps)
			if f.from != "" && len(in.Spells) == 0 {
				fmt.Fprintf(e.stderr, "report: %s has no %s: the charts and tables of time out of poverty are left out\n", f.from, analysis.SpellsFile)
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&out, "out", "report.html", "HTML file to write")
	cmd.Flags().StringVar(&title, "title", "", "the report's title (default: names the scenarios)")
	cmd.Flags().StringVar(&question, "question", "", "the question the report answers, in a sentence (default: one naming the scenarios and years)")
	return cmd
}
