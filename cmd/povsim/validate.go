package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/calibrate"
	"github.com/povsim/povsim/internal/fileset"
	"github.com/povsim/povsim/sim"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newValidateCmd) }

// validateFiles are what validate --out DIR writes, as one set.
var validateFiles = []string{"validation.csv", "validation.json", "provenance.json"}

func newValidateCmd(e *env) *cobra.Command {
	f := &runFlags{}
	var targets string
	cmd := &cobra.Command{
		Use:   "validate [SCENARIO]",
		Short: "Hold a scenario (the baseline by default) against the published record: the wall",
		Long: `validate runs a scenario and holds it against every figure of a targets file
(--targets: a file in povsim calibrate's format, or "published", the published
record embedded in povsim; docs/MODEL.md §13). For each target: its source and
reliability mark, whether it is fitted or held out for validation, the published
value and its pre-registered tolerance, the model's mean with its 95% Monte Carlo
interval, the standardized distance z = (model − published)/√(se² + Monte Carlo
variance), and whether the miss is inside the tolerance; then one sentence on
what the scenario's numbers are and are not good for.

The tolerances were fixed for 10,000 households × 20 replications (the
defaults); smaller runs are noisier than the tolerances allow for.

With --draws (default: the calibration embedded in povsim, or a draws file
of povsim calibrate) the replications run on parameter draws and the model's
intervals carry the parameters' uncertainty as well as Monte Carlo noise.`,
		Example: `  povsim validate
  povsim validate cut-subsidy --reps 40 --format csv
  povsim validate --draws default
  povsim validate my-county.yaml --targets my-targets.yaml --out wall/`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := f.resolveOutput(cmd)
			if err != nil {
				return err
			}
			targets = v.GetString("targets")
			ref := "baseline"
			if len(args) == 1 {
				ref = args[0]
			}
			return runValidate(cmd, e, f, ref, targets)
		},
	}
	f.registerModel(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "table", "output format: table, csv or json")
	fl.StringVar(&f.out, "out", "", "folder to write validation.csv, validation.json and provenance.json")
	fl.StringVar(&targets, "targets", "published", `targets file, or "published" (embedded)`)
	f.registerDraws(cmd)
	return cmd
}

func runValidate(cmd *cobra.Command, e *env, f *runFlags, ref, targets string) error {
	ts, err := calibrate.OpenTargets(targets)
	if err != nil {
		return f.src.fileErr("targets", err)
	}
	sc, err := f.load(ref)
	if err != nil {
		return err
	}
	inputs := append(slices.Clone(sc.Files), targets) // what --out never removes
	if f.out != "" {
		if err := fileset.Check(f.out, validateFiles...); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
		if _, err := analysis.Claim(f.out, validateFiles, inputs); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
	}
	d, err := f.open(f.set)
	if err != nil {
		return err
	}
	start := time.Now()
	wall, held, err := calibrate.ValidateOn(cmd.Context(), ts, sc, calibrate.Options{Reps: f.reps, Seed: f.seed, Workers: f.workers}, d, f.perDraw)
	if err != nil {
		return err
	}
	for _, h := range held {
		fmt.Fprintf(e.stderr, "--draws %s: scenario %s %s\n", d.File, sc.Name, h)
	}
	switch f.format {
	case analysis.FormatCSV:
		err = wall.WriteCSV(e.stdout)
	case analysis.FormatJSON:
		err = analysis.WriteJSON(e.stdout, wall.JSON())
	default:
		err = wall.WriteTable(e.stdout)
	}
	if err != nil || f.out == "" {
		return err
	}
	prov := analysis.NewProvenance(e.args, f.seed, f.reps, f.workers, start)
	if d != nil {
		drawsProvenance(prov, d.File, f.perDraw)
	}
	y, err := sc.YAML()
	if err != nil {
		return err
	}
	prov.Scenarios = []analysis.ScenarioRecord{{Name: sc.Name, Source: sc.Source, Resolved: string(y)}}
	prov.Reproduce = analysis.ShellJoin(e.args)
	prov.Files = validateFiles
	s, err := fileset.Begin(f.out, 0o644)
	if err != nil {
		return err
	}
	remove, err := analysis.Claim(f.out, validateFiles, inputs)
	if err != nil {
		s.Abort()
		return fmt.Errorf("--out: %w", err)
	}
	s.Remove(remove...)
	for i, write := range []func(io.Writer) error{
		wall.WriteCSV,
		func(w io.Writer) error { return analysis.WriteJSON(w, wall.JSON()) },
		func(w io.Writer) error { prov.End = time.Now().UTC(); return analysis.WriteJSON(w, prov) },
	} {
		if err := s.Write(validateFiles[i], write); err != nil {
			s.Abort()
			return err
		}
	}
	return s.Commit()
}

// heldWall is a scenario's replications held against the published
// record (calibrate.WallOfDraws: no further simulation), once, for the
// brief after run's and compare's tables and for the validation.json
// beside their --out.
type heldWall struct {
	scenario   string
	households int
	seed       uint64
	res        []sim.Result
	d          analysis.DrawGroups
	held       bool               // hold has run
	ts         *calibrate.Targets // nil: the record cannot be read (err says why)
	wall       *calibrate.Wall    // nil: the replications cannot be held against it
	err        error
}

// wallOf is the wall of res, replications of the scenario named scenario
// (pl its parameter draws, nil without), held when first wanted.
func wallOf(scenario string, households int, seed uint64, res []sim.Result, pl *drawPlan) *heldWall {
	h := &heldWall{scenario: scenario, households: households, seed: seed, res: res}
	if pl != nil {
		h.d = pl.groups(len(res))
	}
	return h
}

// wallOfDraws is calibrate.WallOfDraws; tests count its calls.
var wallOfDraws = calibrate.WallOfDraws

// hold holds the replications against the record, the first time only.
func (h *heldWall) hold() {
	if h.held {
		return
	}
	h.held = true
	if h.ts, h.err = calibrate.OpenTargets("published"); h.err == nil {
		h.wall, h.err = wallOfDraws(h.ts, h.scenario, h.households, h.seed, h.res, h.d)
	}
}

// tell writes the wall in a few lines, after a blank one, or why the
// replications cannot be held against the record (a scenario whose years
// miss the targets').
func (h *heldWall) tell(out io.Writer) error {
	h.hold()
	fmt.Fprintln(out)
	switch {
	case h.ts == nil: // the embedded file: not seen
		first, _, _ := strings.Cut(h.err.Error(), "\n")
		_, err := fmt.Fprintf(out, "not held against the published record: %s\n", first)
		return err
	case h.wall != nil:
		return h.wall.WriteBrief(out)
	}
	// WallOfDraws failed at once (the years miss the targets', or no
	// replication): WriteBriefOf says why in the brief's words, holding
	// nothing.
	return calibrate.WriteBriefOf(out, h.ts, h.scenario, h.households, h.seed, h.res, h.d)
}

// file is the wall as an output folder's validation.json, so that a
// shared folder keeps what the numbers are good for and report --from
// shows it; none when the replications cannot be held against the record.
func (h *heldWall) file() []analysis.OutputFile {
	h.hold()
	if h.wall == nil {
		return nil
	}
	return []analysis.OutputFile{{Name: analysis.ValidationFile, Value: h.wall.JSON()}}
}
