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
	"github.com/spf13/viper"
)

// drawFlags are --draws and --per-draw, of the commands whose intervals may
// carry parameter uncertainty (run, compare, report).
type drawFlags struct {
	draws   string
	perDraw int
}

func (f *drawFlags) registerDraws(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.draws, "draws", "", "parameter draws (draws.csv or draws.parquet of povsim calibrate): each replication runs on one draw, the same for every scenario, and intervals carry parameter uncertainty")
	cmd.Flags().IntVar(&f.perDraw, "per-draw", 2, "replications that share a draw (at least 2: the Monte Carlo variance is read within draws)")
}

func (f *drawFlags) readDraws(v *viper.Viper) error {
	f.draws, f.perDraw = v.GetString("draws"), v.GetInt("per-draw")
	if f.draws != "" && f.perDraw < 2 {
		return fmt.Errorf("--per-draw: got %d, want at least 2", f.perDraw)
	}
	return nil
}

// drawPlan runs scenarios on parameter draws.
type drawPlan struct {
	draws   *calibrate.Draws
	perDraw int
	seed    uint64
	models  [][]*sim.Model // [scenario][draw]
}

// plan reads --draws and makes every scenario's model at every draw; nil
// without --draws. Parameters set with --set may not be drawn too.
func (f *drawFlags) plan(scs []*scenarios.Scenario, set []string, seed uint64) (*drawPlan, error) {
	if f.draws == "" {
		return nil, nil
	}
	d, err := calibrate.ReadDraws(f.draws)
	if err != nil {
		return nil, err
	}
	for _, kv := range set {
		k, _, _ := strings.Cut(kv, "=")
		for _, p := range d.Paths {
			if strings.TrimSpace(k) == p {
				return nil, fmt.Errorf("--set %s and --draws %s: %s is drawn; give it one way", kv, f.draws, p)
			}
		}
	}
	pl := &drawPlan{draws: d, perDraw: f.perDraw, seed: seed, models: make([][]*sim.Model, len(scs))}
	for i, sc := range scs {
		for k, vals := range d.Values {
			cfg := sc.Config
			cfg.Params = cfg.Params.Clone()
			for j, p := range d.Paths {
				if err := cfg.Params.Set(p, vals[j]); err != nil {
					return nil, fmt.Errorf("--draws %s: draw %d, %s: %w", f.draws, k, p, err)
				}
			}
			m, err := sim.New(cfg)
			if err != nil {
				return nil, fmt.Errorf("--draws %s: draw %d makes scenario %s invalid: %w", f.draws, k, sc.Name, err)
			}
			pl.models[i] = append(pl.models[i], m)
		}
	}
	return pl, nil
}

// draw is the draw replication rep runs on.
func (pl *drawPlan) draw(rep int) int { return pl.draws.Pick(rep/pl.perDraw, pl.seed) }

// modelOf is analysis.Options.Models.
func (pl *drawPlan) modelOf(scenario, rep int) *sim.Model { return pl.models[scenario][pl.draw(rep)] }

// groups are the draw groups of reps replications.
func (pl *drawPlan) groups(reps int) analysis.DrawGroups {
	seen := map[int]bool{}
	for g := 0; g*pl.perDraw < reps; g++ {
		seen[pl.draws.Pick(g, pl.seed)] = true
	}
	return analysis.DrawGroups{Group: func(r int) int { return r / pl.perDraw }, Distinct: len(seen)}
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
		prov.Draws = analysis.ShellJoin([]string{"--draws", pl.draws.File, "--per-draw", strconv.Itoa(pl.perDraw)})
	}
}
