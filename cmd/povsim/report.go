package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/calibrate"
	"github.com/povsim/povsim/analysis/report"
	"github.com/povsim/povsim/internal/fileset"
	"github.com/spf13/cobra"
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

// register registers the flags, with --draws defaulting to draws ("" or
// "default").
func (f *figFlags) register(cmd *cobra.Command, draws string) {
	f.registerModel(cmd)
	f.registerPrecision(cmd)
	f.registerDrawsDefault(cmd, draws)
	cmd.Flags().StringVar(&f.from, "from", "", "read the results from `DIR`, a folder written by povsim compare --out (or run --out), instead of simulating")
}

// resolve layers the flags as runFlags.resolve does: defaults < --config
// file < POVSIM_* environment variables < the command line.
func (f *figFlags) resolve(cmd *cobra.Command) (*layered, error) {
	l, err := f.layers(cmd)
	if err != nil {
		return nil, err
	}
	f.from = l.GetString("from")
	return l, f.readPrecision(l)
}

// input reads the saved results of --from, or simulates the scenarios
// refs (refs[0] the base) with common random numbers, as compare does.
func (f *figFlags) input(cmd *cobra.Command, e *env, refs []string) (*report.Input, error) {
	if f.from != "" {
		if len(refs) > 0 {
			return nil, fmt.Errorf("--from %s and scenarios %s: give one or the other", f.from, strings.Join(refs, " "))
		}
		if cmd.Flags().Changed("draws") {
			return nil, fmt.Errorf("--from %s and --draws %s: saved results keep the intervals they were computed with (run compare --draws, then report --from)", f.from, f.draws)
		}
		if err := f.simulatedAlready(cmd); err != nil {
			return nil, err
		}
		return report.FromDir(f.from)
	}
	if len(refs) == 0 {
		return nil, fmt.Errorf("no scenario: give BASE [ALT...] (library names or YAML files), or --from DIR")
	}
	run, err := f.simulate(cmd, e, refs, nil)
	if err != nil {
		return nil, err
	}
	reps, start := len(run.res[0]), run.start
	prov := analysis.NewProvenance(e.args, f.seed, reps, f.workers, start)
	prov.End = time.Now().UTC()
	prov.Reproduce = f.reproduce(cmd.Name(), refs, reps)
	if run.draws != nil {
		run.draws.provenance(prov)
		prov.Reproduce += " " + prov.Draws
	}
	in, err := report.FromResults(run.scs, run.res, prov)
	if err != nil {
		return nil, err
	}
	if run.draws != nil {
		analysis.ApplyDrawsComparison(&in.Comparison, run.res, run.draws.groups(reps))
		in.Draws = report.DrawsOf(run.draws.draws.File, run.draws.notes(run.scs))
	}
	if ts, err := calibrate.OpenTargets("published"); err != nil {
		first, _, _ := strings.Cut(err.Error(), "\n")
		in.ValidationNote = "The published record could not be read (" + first + "); see povsim validate."
	} else {
		var d analysis.DrawGroups
		if run.draws != nil {
			d = run.draws.groups(reps)
		}
		in.ValidateDraws(ts, run.res[0], f.seed, d)
	}
	return in, nil
}

// simulating are the flags that choose what is simulated and how long.
var simulating = []string{"households", "years", "reps", "seed", "set", "population", "precision", "precision-outcome", "max-reps", "per-draw"}

// simulatedAlready refuses a flag of simulating given on the command line
// with --from: the saved results were simulated already, so it would be
// ignored (report --from DIR --households 200 was). A POVSIM_* variable or
// a --config file shared with the command that simulated them is not
// refused, as --draws is not: they hold the settings of that command.
func (f *figFlags) simulatedAlready(cmd *cobra.Command) error {
	for _, n := range simulating {
		if cmd.Flags().Lookup(n) != nil && f.src.source(n) == fromFlag {
			return fmt.Errorf("--from %s and %s: the saved results were simulated already and keep their own settings; give one or the other (run compare with --%s, then %s --from)", f.from, f.src.given(n), n, cmd.Name())
		}
	}
	return nil
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
	return analysis.ShellJoin(args)
}

// writeShared writes a file atomically (a reader finds the previous file
// or the new one, never a part), readable by everyone like any document.
func writeShared(path string, write func(io.Writer) error) error {
	return fileset.WriteFile(path, 0o644, write)
}

// checkFile is the pre-flight check of an output file, made before any
// work: the path names no folder (no trailing separator, no folder that
// exists: want says which file is wanted instead, as sweep's --out does),
// and its folder can be created and written.
func checkFile(flag, path, want string) error {
	if st, err := os.Stat(path); strings.HasSuffix(path, "/") || strings.HasSuffix(path, string(filepath.Separator)) || err == nil && st.IsDir() {
		return fmt.Errorf("%s: %s is a folder: want %s", flag, path, want)
	}
	if err := fileset.Check(filepath.Dir(path), filepath.Base(path)); err != nil {
		return fmt.Errorf("%s: %w", flag, err)
	}
	return nil
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
the horizon with their 95% intervals (registered returns, the official measure,
first; income poverty beside them), why households fall back (returns by cause),
charts of registered returns and return-to-poverty rates, paired differences, cost against returns avoided, household types and time out of
poverty (Kaplan–Meier) with the hazards of falling back and of leaving poverty,
the tables behind them, a readable diff of the scenarios' parameters, the
method, and what is needed to reproduce the results.

By default the replications run on the parameter draws of the calibration
embedded in povsim (--draws default), so the intervals carry the parameters'
uncertainty as well as Monte Carlo noise; --draws none shows Monte Carlo
intervals only. A drawn parameter a scenario sets itself keeps its value,
and the method section says so.

The file loads nothing from the network: charts are inline SVG and the style
is inline. It prints on A4 or letter paper and reads on a phone.`,
		Example: `  povsim report baseline cut-subsidy ecommerce-rollout --out report.html
  povsim report baseline my-plan.yaml --precision 0.00005 --question "Should we fund the plan?"
  povsim report baseline cut-subsidy --draws none   # Monte Carlo intervals only
  povsim compare baseline cut-subsidy --out results/ && povsim report --from results/ --out report.html`,
		ValidArgsFunction: completeScenarios,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.together = len(args)
			l, err := f.resolve(cmd)
			if err != nil {
				return err
			}
			out, title, question = l.GetString("out"), l.GetString("title"), l.GetString("question")
			if out == "" {
				return fmt.Errorf("%s: want the HTML file to write, e.g. --out report.html", l.origin("out"))
			}
			if err := checkFile(l.origin("out"), out, "a file name ending in .html, e.g. report.html"); err != nil {
				return err
			}
			if ext := strings.ToLower(filepath.Ext(out)); ext != ".html" && ext != ".htm" {
				return l.refuse("out", "a file ending in .html or .htm (report writes HTML), e.g. report.html")
			}
			in, err := f.input(cmd, e, args)
			if err != nil {
				return err
			}
			in.Title, in.Question = title, question
			if err := writeShared(out, func(w io.Writer) error { return report.Write(w, in) }); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "report: %s (%s, %s)\n", out, plural(len(in.Comparison.Summaries), "scenario"), plural(in.Comparison.Reps, "replication"))
			if f.from != "" && len(in.Spells) == 0 {
				fmt.Fprintf(e.stderr, "report: %s has no %s: the charts and tables of time out of poverty are left out\n", f.from, analysis.SpellsFile)
			}
			return nil
		},
	}
	f.register(cmd, calibrate.DefaultDraws)
	cmd.Flags().StringVar(&out, "out", "report.html", "HTML file to write")
	cmd.Flags().StringVar(&title, "title", "", "the report's title (default: names the scenarios)")
	cmd.Flags().StringVar(&question, "question", "", "the question the report answers, in a sentence (default: one naming the scenarios and years)")
	return cmd
}
