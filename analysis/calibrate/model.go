package calibrate

import (
	"context"
	"fmt"
	"math"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

// Options are the run settings of a calibration (not part of the
// pre-registered targets file).
type Options struct {
	Households int    // simulated households per evaluation (0: the base scenario's)
	Reps       int    // replications per evaluation
	Seed       uint64 // seed of the common random numbers
	Workers    int    // goroutines running the replications of an evaluation
}

// povsimSim runs povsim at a parameter vector and reads the targets off
// each replication.
type povsimSim struct {
	ts      *Targets
	cfg     sim.Config
	reps    int
	workers int
}

// NewProblem makes the calibration problem of a targets file: povsim's base
// scenario with the fitted parameters set in its first year (timeline
// changes still apply from their years).
func NewProblem(ts *Targets, opt Options) (*Problem, error) {
	if opt.Reps < 1 {
		return nil, fmt.Errorf("replications per evaluation: want at least 1, got %d", opt.Reps)
	}
	cfg := ts.Base.Config
	cfg.Params = cfg.Params.Clone()
	if opt.Households > 0 {
		cfg.Params.Population.Households = opt.Households
		if len(cfg.Households) > 0 {
			return nil, fmt.Errorf("--households: the base scenario simulates the county's %d household records", len(cfg.Households))
		}
	}
	if _, err := sim.New(cfg); err != nil {
		return nil, err
	}
	s := &povsimSim{ts: ts, cfg: cfg, reps: opt.Reps, workers: opt.Workers}
	return &Problem{Params: ts.Params, Targets: ts.Targets, Sim: s, Seed: opt.Seed}, nil
}

// Config is the base config with theta set at the parameters' paths.
func (s *povsimSim) config(theta []float64) (sim.Config, error) {
	cfg := s.cfg
	cfg.Params = s.cfg.Params.Clone()
	for i, q := range s.ts.Params {
		if err := cfg.Params.Set(q.Path, theta[i]); err != nil {
			return cfg, fmt.Errorf("%s = %g: %w", q.Path, theta[i], err)
		}
	}
	return cfg, nil
}

func (s *povsimSim) Simulate(ctx context.Context, theta []float64, seed uint64) ([][]float64, error) {
	cfg, err := s.config(theta)
	if err != nil {
		return nil, err
	}
	m, err := sim.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("parameters %v: %w", theta, err)
	}
	res, err := analysis.Ensemble(ctx, []*sim.Model{m}, analysis.Options{Reps: s.reps, Seed: seed, Workers: s.workers})
	if err != nil {
		return nil, err
	}
	start := cfg.Params.StartYear
	out := make([][]float64, s.reps)
	for r := range out {
		out[r] = make([]float64, len(s.ts.Targets))
		for j, t := range s.ts.Targets {
			v, ok := t.stat(&res[0][r], t.From-start, t.To-start)
			if !ok {
				v = math.NaN()
			}
			out[r][j] = v
		}
	}
	return out, nil
}
