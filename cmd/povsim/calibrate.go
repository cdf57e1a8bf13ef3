package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/povsim/povsim/analysis/calibrate"
	"github.com/povsim/povsim/scenarios"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newCalibrateCmd) }

type calibrateFlags struct {
	runFlags
	out       string
	method    string
	particles int
	rounds    int
	maxEvals  int
	cache     string
	reweight  bool
}

func newCalibrateCmd(e *env) *cobra.Command {
	f := &calibrateFlags{}
	cmd := &cobra.Command{
		Use:   "calibrate TARGETS --out DIR",
		Short: "Fit parameters to published figures (simulated minimum distance and ABC-SMC)",
		Long: `calibrate fits the parameters a targets file names to the figures it lists
(TARGETS: a file, or "published", the targets embedded in povsim). Targets marked
use: held-out are reported in fit.csv but never fitted.

smd: simulated minimum distance on common random numbers (gonum's Nelder–Mead),
     standard errors from the Jacobian of the moments and their covariance.
abc: ABC-SMC, weighted posterior draws, with tolerance, acceptance rate and
     effective sample size per round.
both (the default): smd's point estimate, abc's draws.

DIR receives calibrated.yaml (a scenario extending the base with the fitted
values), draws.csv and draws.parquet (for --draws on run, compare and report),
fit.csv (each target against the model) and provenance.json. Evaluations are
kept in DIR/cache: a killed calibration run again resumes where it stopped.`,
		Example: `  povsim calibrate scenarios/examples/targets.yaml --out fit/ --households 5000
  povsim calibrate published --out fit/     # the embedded published record (fit targets only)
  povsim compare baseline cut-subsidy --draws fit/draws.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := f.layers(cmd)
			if err != nil {
				return err
			}
			f.out, f.method, f.cache = l.GetString("out"), l.GetString("method"), l.GetString("cache")
			f.particles, f.rounds, f.maxEvals = l.GetInt("particles"), l.GetInt("rounds"), l.GetInt("max-evals")
			f.reweight = l.GetBool("reweight")
			if err := f.check(l); err != nil {
				return err
			}
			return runCalibrate(cmd, e, f, args[0])
		},
	}
	f.registerModel(cmd)
	fl := cmd.Flags()
	fl.Lookup("reps").DefValue = "8"
	fl.Lookup("reps").Value.Set("8")
	fl.Lookup("reps").Usage = "replications per evaluation (the moments are their means)"
	fl.StringVar(&f.out, "out", "", "folder for calibrated.yaml, draws.csv, draws.parquet, fit.csv and provenance.json (required)")
	fl.StringVar(&f.method, "method", "both", "smd, abc or both")
	fl.IntVar(&f.particles, "particles", 100, "ABC particles per round (and draws from the SMD estimate with --method smd)")
	fl.IntVar(&f.rounds, "rounds", 12, "most ABC rounds after the prior round")
	fl.IntVar(&f.maxEvals, "max-evals", 0, "cap on the optimizer's evaluations (0: 100 per parameter + 100)")
	fl.StringVar(&f.cache, "cache", "", "folder of kept evaluations (default DIR/cache)")
	fl.BoolVar(&f.reweight, "reweight", false, "weight the ABC draws by exp(-distance/2) (a Gaussian kernel: narrower, but a smaller effective sample)")
	return cmd
}

func (f *calibrateFlags) check(l *layered) error {
	m := calibrate.Method(f.method)
	switch {
	case f.out == "":
		return fmt.Errorf("%s: want a folder for the results", l.origin("out"))
	case f.particles < 2:
		return l.refuse("particles", "at least 2")
	case f.rounds < 1:
		return l.refuse("rounds", "at least 1")
	case f.maxEvals < 0:
		return l.refuse("max-evals", "0 (the default) or more")
	case m != calibrate.MethodSMD && m != calibrate.MethodABC && m != calibrate.MethodBoth:
		return l.refuse("method", "smd, abc or both")
	}
	return nil
}

func runCalibrate(cmd *cobra.Command, e *env, f *calibrateFlags, file string) error {
	ts, err := calibrate.OpenTargets(file)
	if err != nil {
		return err
	}
	for _, kv := range f.set {
		k, _, _ := strings.Cut(kv, "=")
		for _, q := range ts.Params {
			if strings.TrimSpace(k) == q.Path {
				return fmt.Errorf("--set %s: %s is fitted by %s; fix it or fit it, not both", kv, q.Path, file)
			}
		}
	}
	if err := f.apply(ts.Base); err != nil {
		return err
	}
	opt := calibrate.Options{Reps: f.reps, Seed: f.seed, Workers: f.workers}
	p, err := calibrate.NewProblem(ts, opt)
	if err != nil {
		return err
	}
	set := calibrate.Settings{Method: calibrate.Method(f.method),
		SMD: calibrate.SMDSettings{MaxEvals: f.maxEvals},
		ABC: calibrate.ABCSettings{Particles: f.particles, Rounds: f.rounds}, Reweight: f.reweight}
	if err := calibrate.CheckDir(f.out); err != nil {
		return fmt.Errorf("%s: %w", f.src.origin("out"), err)
	}
	cacheDir := f.cache
	if cacheDir == "" {
		cacheDir = filepath.Join(f.out, "cache")
	}
	closer, err := p.UseCache(cacheDir)
	if err != nil {
		return err
	}
	defer closer.Close()
	start := time.Now()
	set.Progress = func(phase string, total int) (func(), func()) { return progress(e, total, phase) }
	res, err := calibrate.Calibrate(cmd.Context(), ts, p, set)
	if err != nil {
		return err
	}
	opt.Households = ts.Base.Config.Params.Population.Households
	if err := res.WriteDir(f.out, res.NewProvenance(e.args, opt, set, start)); err != nil {
		return err
	}
	if _, err := scenarios.Load(filepath.Join(f.out, "calibrated.yaml")); err != nil {
		return fmt.Errorf("calibrated.yaml does not load back (a bug): %w", err)
	}
	printCalibration(e, res, time.Since(start))
	return nil
}

// printCalibration writes the estimates, the fit and ABC's rounds.
func printCalibration(e *env, r *calibrate.Result, took time.Duration) {
	w := e.stdout
	fmt.Fprintf(w, "calibrate %s: %d evaluations (%d read from the cache) in %s\n\n", r.Targets.File, r.Problem.Evals(), r.Problem.Kept(), took.Round(time.Second))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "parameter\testimate\tSE\tposterior mean [90%]")
	for _, est := range r.Estimates() {
		se, post := "—", "—"
		if est.SE != nil {
			se = fmt.Sprintf("%.4g", *est.SE)
		}
		if est.PosteriorMu != nil {
			post = fmt.Sprintf("%.4g [%.4g, %.4g]", *est.PosteriorMu, *est.Post5, *est.Post95)
		}
		edge := ""
		if est.AtEdge {
			edge = "\tat the edge of its range: the targets pull it further"
		}
		fmt.Fprintf(tw, "%s\t%.4g\t%s\t%s%s\n", est.Path, est.Value, se, post, edge)
	}
	tw.Flush()
	if r.SMD != nil && !r.SMD.Identified {
		fmt.Fprintln(w, "the targets do not identify every parameter (singular Jacobian): no standard errors")
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tuse\tvalue\tmodel\tz\twithin tolerance")
	for _, c := range r.Problem.Checks(r.Fit) {
		fmt.Fprintf(tw, "%s\t%s\t%.4g\t%.4g\t%+.2f\t%v\n", c.Target.Name, c.Target.Use, c.Target.Value, c.Mean, c.Z, c.Inside)
	}
	tw.Flush()
	if r.ABC != nil {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ABC round\ttolerance\tproposals\tacceptance\tESS")
		for _, rd := range r.ABC.Rounds {
			tol := "prior"
			if rd.Round > 0 {
				tol = fmt.Sprintf("%.3g", rd.Tolerance)
			}
			fmt.Fprintf(tw, "%d\t%s\t%d\t%.3f\t%.1f\n", rd.Round, tol, rd.Proposals, rd.Acceptance, rd.ESS)
		}
		tw.Flush()
		fmt.Fprintln(w, "ABC stopped:", r.ABC.Stopped)
		fmt.Fprintf(w, "draws: the last round's %d particles (effective sample size %.1f)\n", len(r.Draws), calibrate.ESS(r.Draws))
	}
}
