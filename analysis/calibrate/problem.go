package calibrate

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"sync"
)

// Simulator computes the moments of a model at parameters theta: values
// [replication][target], for a fixed number of replications, on the
// random numbers of seed. The same theta and seed must give the same values
// (common random numbers). A value is NaN where the moment is undefined.
type Simulator interface {
	Simulate(ctx context.Context, theta []float64, seed uint64) ([][]float64, error)
}

// SimulatorFunc adapts a function to a Simulator.
type SimulatorFunc func(ctx context.Context, theta []float64, seed uint64) ([][]float64, error)

// Simulate calls f.
func (f SimulatorFunc) Simulate(ctx context.Context, theta []float64, seed uint64) ([][]float64, error) {
	return f(ctx, theta, seed)
}

// Store keeps evaluations across runs, so that a killed calibration resumes
// where it stopped. Get reports whether values for theta and seed are kept.
type Store interface {
	Get(theta []float64, seed uint64) ([][]float64, bool)
	Put(theta []float64, seed uint64, values [][]float64) error
}

// Problem is a calibration: parameters, targets, a simulator of the
// targets' moments, and the seed of its common random numbers.
type Problem struct {
	Params  []Param
	Targets []Target
	Sim     Simulator
	Seed    uint64
	Store   Store       // optional: evaluations kept across runs
	Done    func(n int) // optional: called after each new evaluation with the count so far

	mu    sync.Mutex
	memo  map[string][][]float64
	evals int
	kept  int
}

// Kept is how many of the evaluations were read from the Store.
func (p *Problem) Kept() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.kept
}

// Evals is the number of model evaluations asked for so far (kept ones
// included).
func (p *Problem) Evals() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.evals
}

// Eval is the model at one parameter vector: the mean of each moment over
// the replications, the Monte Carlo variance of that mean, the values they
// come from, and the standardized distance to the targets.
type Eval struct {
	Theta  []float64
	Mean   []float64 // NaN where undefined
	MCVar  []float64 // variance of Mean from Monte Carlo noise
	Values [][]float64
	Dist   float64 // Σ over fitted targets (mean − value)² / (se² + MC variance); penalty where undefined
}

// undefinedPenalty is the distance contribution of a moment the model
// leaves undefined (a share of no households): large, finite, so
// optimizers move away from it without seeing infinities.
const undefinedPenalty = 1e6

// Evaluate runs the model at theta on the common random numbers of seed.
func (p *Problem) Evaluate(ctx context.Context, theta []float64, seed uint64) (*Eval, error) {
	values, err := p.values(ctx, theta, seed)
	if err != nil {
		return nil, err
	}
	return p.summarize(theta, values), nil
}

func (p *Problem) values(ctx context.Context, theta []float64, seed uint64) ([][]float64, error) {
	key := evalKey(theta, seed)
	p.mu.Lock()
	if p.memo == nil {
		p.memo = map[string][][]float64{}
	}
	v, ok := p.memo[key]
	p.mu.Unlock()
	if ok {
		return v, nil
	}
	if p.Store != nil {
		v, ok = p.Store.Get(theta, seed)
	}
	kept := ok
	if !ok {
		var err error
		if v, err = p.Sim.Simulate(ctx, theta, seed); err != nil {
			return nil, err
		}
		if len(v) == 0 {
			return nil, fmt.Errorf("the simulator returned no replications")
		}
		if p.Store != nil {
			if err := p.Store.Put(theta, seed, v); err != nil {
				return nil, err
			}
		}
	}
	p.mu.Lock()
	p.memo[key] = v
	p.evals++
	if kept {
		p.kept++
	}
	n := p.evals
	p.mu.Unlock()
	if p.Done != nil {
		p.Done(n)
	}
	return v, nil
}

func evalKey(theta []float64, seed uint64) string {
	b := make([]byte, 8*(len(theta)+1))
	binary.LittleEndian.PutUint64(b, seed)
	for i, x := range theta {
		binary.LittleEndian.PutUint64(b[8*(i+1):], math.Float64bits(x))
	}
	return string(b)
}

func (p *Problem) summarize(theta []float64, values [][]float64) *Eval {
	k := len(p.Targets)
	e := &Eval{Theta: append([]float64(nil), theta...), Mean: make([]float64, k), MCVar: make([]float64, k), Values: values}
	for j := 0; j < k; j++ {
		mean, v := meanVar(values, j)
		e.Mean[j], e.MCVar[j] = mean, v/float64(len(values))
		if p.Targets[j].Use == HeldOut { // reported, never fitted
			continue
		}
		if math.IsNaN(mean) {
			e.Dist += undefinedPenalty
			continue
		}
		e.Dist += sq(mean-p.Targets[j].Value) / p.variance(j, e.MCVar[j])
	}
	return e
}

// fitted counts the targets that enter the distance.
func (p *Problem) fitted() int {
	n := 0
	for _, t := range p.Targets {
		if t.Use == Fit {
			n++
		}
	}
	return n
}

// variance is target j's observation variance plus Monte Carlo variance.
func (p *Problem) variance(j int, mc float64) float64 {
	return sq(p.Targets[j].SE) + mc
}

// Standardized is target j's miss in units of its combined noise.
func (p *Problem) Standardized(e *Eval, j int) float64 {
	return (e.Mean[j] - p.Targets[j].Value) / math.Sqrt(p.variance(j, e.MCVar[j]))
}

// meanVar is the mean and sample variance of column j; NaN mean if any
// value is undefined.
func meanVar(values [][]float64, j int) (mean, variance float64) {
	n := float64(len(values))
	for _, row := range values {
		mean += row[j]
	}
	mean /= n
	if math.IsNaN(mean) || len(values) < 2 {
		return mean, 0
	}
	for _, row := range values {
		variance += sq(row[j] - mean)
	}
	return mean, variance / (n - 1)
}

func sq(x float64) float64 { return x * x }

// unit maps parameter i from u ∈ [0, 1] of its range (in the logarithm
// for a log-uniform prior) to its value.
func (p *Problem) unit(i int, u float64) float64 {
	q := p.Params[i]
	if q.Prior == LogUniform {
		return math.Exp(math.Log(q.Lo) + u*(math.Log(q.Hi)-math.Log(q.Lo)))
	}
	return q.Lo + u*(q.Hi-q.Lo)
}

// toUnit is the inverse of unit.
func (p *Problem) toUnit(i int, x float64) float64 {
	q := p.Params[i]
	if q.Prior == LogUniform {
		return (math.Log(x) - math.Log(q.Lo)) / (math.Log(q.Hi) - math.Log(q.Lo))
	}
	return (x - q.Lo) / (q.Hi - q.Lo)
}
