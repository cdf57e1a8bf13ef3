package calibrate

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/sweep"
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
	params  []Param // set from theta (none when validating a scenario as it is)
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
	if err := ts.Fittable(); err != nil {
		return nil, err
	}
	s, err := newSim(ts, ts.Base.Config, opt)
	if err != nil {
		return nil, err
	}
	s.params = ts.Params
	return &Problem{Params: ts.Params, Targets: ts.Targets, Sim: s, Seed: opt.Seed}, nil
}

// newSim is povsim's simulator of the targets on cfg (the base scenario's
// config, or another scenario's for validation) at opt's size.
func newSim(ts *Targets, base sim.Config, opt Options) (*povsimSim, error) {
	if opt.Reps < 1 {
		return nil, fmt.Errorf("replications: want at least 1, got %d", opt.Reps)
	}
	cfg := base
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
	if err := checkYears(ts, cfg.Params.StartYear, cfg.Params.StartYear+cfg.Params.Years-1); err != nil {
		return nil, err
	}
	return &povsimSim{ts: ts, cfg: cfg, reps: opt.Reps, workers: opt.Workers}, nil
}

// Config is the base config with theta set at the parameters' paths, from
// the year before the first on (sim.Config.Set).
func (s *povsimSim) config(theta []float64) (sim.Config, error) {
	cfg := s.cfg
	cfg.Params = s.cfg.Params.Clone()
	for i, q := range s.params {
		if err := cfg.Set(q.Path, theta[i]); err != nil {
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
	return moments(s.ts.Targets, res[0], cfg.Params.StartYear), nil
}

// moments reads the targets off each replication of a run whose first
// simulated year is start: values [replication][target], NaN where
// undefined.
func moments(targets []Target, res []sim.Result, start int) [][]float64 {
	out := make([][]float64, len(res))
	for r := range out {
		out[r] = make([]float64, len(targets))
		for j, t := range targets {
			v, ok := t.stat(&res[r], t.From-start, t.To-start)
			if !ok {
				v = math.NaN()
			}
			out[r][j] = v
		}
	}
	return out
}

// cacheStore keeps a povsim problem's evaluations in a sweep cache folder.
type cacheStore struct {
	pc    *sweep.PointCache
	s     *povsimSim
	names []string
}

// UseCache keeps p's evaluations in the cache folder dir, so a killed
// calibration started again with the same targets, options and seed finds
// every evaluation it had made. p must come from NewProblem.
func (p *Problem) UseCache(dir string) (io.Closer, error) {
	s, ok := p.Sim.(*povsimSim)
	if !ok {
		return nil, fmt.Errorf("a cache needs povsim's own simulator")
	}
	pc, err := sweep.OpenPointCache(dir, "calibrate")
	if err != nil {
		return nil, err
	}
	cs := &cacheStore{pc: pc, s: s}
	for _, t := range s.ts.Targets {
		cs.names = append(cs.names, t.Outcome+typeSuffix(t.Type)+"@"+t.Years())
	}
	p.Store = cs
	return pc, nil
}

func (c *cacheStore) Get(theta []float64, seed uint64) ([][]float64, bool) {
	cfg, err := c.s.config(theta)
	if err != nil {
		return nil, false
	}
	v, ok, err := c.pc.Get(cfg, seed, c.names, c.s.reps)
	return v, ok && err == nil
}

func (c *cacheStore) Put(theta []float64, seed uint64, values [][]float64) error {
	cfg, err := c.s.config(theta)
	if err != nil {
		return err
	}
	return c.pc.Put(cfg, seed, c.names, values)
}
