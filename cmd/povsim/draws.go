package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/calibrate"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
	"github.com/spf13/cobra"
)

// drawFlags are --draws and --per-draw, of the commands whose intervals may
// carry parameter uncertainty (run, compare, report).
type drawFlags struct {
	draws   string
	perDraw int
	src     *layered // where the command's values came from (nil before runFlags.layers)
}

func (f *drawFlags) registerDraws(cmd *cobra.Command) {
	f.registerDrawsDefault(cmd, "")
}

// registerDrawsDefault registers --draws with the value def ("" or
// "default") and --per-draw.
func (f *drawFlags) registerDrawsDefault(cmd *cobra.Command, def string) {
	cmd.Flags().StringVar(&f.draws, "draws", def, `parameter draws: "default" (the calibration embedded in povsim), "none", or a draws.csv or draws.parquet of povsim calibrate (a file called default or none: ./default); each replication runs on one draw, the same for every scenario, and intervals carry parameter uncertainty`)
	cmd.Flags().IntVar(&f.perDraw, "per-draw", 2, "replications that share a draw (at least 2: the Monte Carlo variance is read within draws)")
}

func (f *drawFlags) readDraws(l *layered) error {
	f.draws, f.perDraw = l.GetString("draws"), l.GetInt("per-draw")
	if f.draws == "" || f.draws == calibrate.NoDraws {
		return l.needs("per-draw", "draws", "the replications that share a parameter draw: without --draws none runs on a draw; add --draws default or a draws file")
	}
	if f.perDraw < 2 {
		return l.refuse("per-draw", "at least 2")
	}
	return nil
}

// drawPlan runs scenarios on parameter draws.
type drawPlan struct {
	draws   *calibrate.Draws
	perDraw int
	seed    uint64
	models  [][]*sim.Model // [scenario][draw]
	// held says, per scenario, the drawn paths it sets itself and keeps
	// (the embedded draws only: calibrate.Draws.Models).
	held [][]calibrate.Held
}

// plan reads --draws and makes every scenario's model at every draw; nil
// without draws. A parameter set with --set may not be drawn from a file
// too; the embedded draws (--draws default) leave the paths a scenario or
// --set sets to its own value alone (notes name them).
func (f *drawFlags) plan(scs []*scenarios.Scenario, set []string, seed uint64) (*drawPlan, error) {
	d, err := f.open(set)
	if d == nil || err != nil {
		return nil, err
	}
	pl := &drawPlan{draws: d, perDraw: f.perDraw, seed: seed, models: make([][]*sim.Model, len(scs)), held: make([][]calibrate.Held, len(scs))}
	for i, sc := range scs {
		if pl.models[i], pl.held[i], err = d.Models(sc.Name, sc.Config); err != nil {
			return nil, err
		}
	}
	return pl, nil
}

// open reads --draws (nil without): a --set of a path a draws file draws
// is refused.
func (f *drawFlags) open(set []string) (*calibrate.Draws, error) {
	d, err := calibrate.OpenDraws(f.draws)
	if d == nil || err != nil {
		return nil, f.src.fileErr("draws", err)
	}
	if d.Base == nil {
		if err := setNotDrawn(d, set); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// setNotDrawn refuses a --set of a path a draws file draws.
func setNotDrawn(d *calibrate.Draws, set []string) error {
	for _, kv := range set {
		k, _, _ := strings.Cut(kv, "=")
		for _, p := range d.Paths {
			if strings.TrimSpace(k) == p {
				return fmt.Errorf("--set %s and --draws %s: %s is drawn; give it one way", kv, d.File, p)
			}
		}
	}
	return nil
}

// notes say which drawn paths scenarios keep at their own values (none
// without a plan).
func (pl *drawPlan) notes(scs []*scenarios.Scenario) []string {
	if pl == nil {
		return nil
	}
	var out []string
	for i, hs := range pl.held {
		for _, h := range hs {
			out = append(out, fmt.Sprintf("scenario %s %s", scs[i].Name, h))
		}
	}
	return out
}

// tell writes the notes on standard error.
func (pl *drawPlan) tell(e *env, scs []*scenarios.Scenario) {
	for _, n := range pl.notes(scs) {
		fmt.Fprintf(e.stderr, "--draws %s: %s\n", pl.draws.File, n)
	}
}

// draw is the draw replication rep runs on.
func (pl *drawPlan) draw(rep int) int { return pl.draws.Pick(rep/pl.perDraw, pl.seed) }

// modelOf is analysis.Options.Models.
func (pl *drawPlan) modelOf(scenario, rep int) *sim.Model { return pl.models[scenario][pl.draw(rep)] }

// groups are the draw groups of reps replications.
func (pl *drawPlan) groups(reps int) analysis.DrawGroups {
	return pl.draws.Groups(reps, pl.perDraw, pl.seed)
}

// options sets opt.Models to the plan's (nothing without a plan).
func (pl *drawPlan) options(opt *analysis.Options) {
	if pl != nil {
		opt.Models = pl.modelOf
	}
}

// provenance records the draws in a run's provenance (nothing without).
func (pl *drawPlan) provenance(prov *analysis.Provenance) {
	if pl != nil {
		drawsProvenance(prov, pl.draws.File, pl.perDraw)
	}
}

// drawsProvenance records --draws file --per-draw perDraw in prov.
func drawsProvenance(prov *analysis.Provenance, file string, perDraw int) {
	prov.Draws = analysis.ShellJoin([]string{"--draws", file, "--per-draw", strconv.Itoa(perDraw)})
}
