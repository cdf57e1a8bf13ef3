package calibrate

import (
	"context"
	"errors"
	"math"

	"github.com/povsim/povsim/analysis/sensitivity"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// SMDSettings control the simulated minimum distance fit. Zero values mean
// the defaults.
type SMDSettings struct {
	Starts   int     `json:"starts"`    // points of a Latin hypercube over the ranges whose best starts the simplex (default 4 per parameter + 2)
	MaxEvals int     `json:"max_evals"` // cap on the optimizer's evaluations (default 100 per parameter + 100)
	Step     float64 `json:"step"`      // finite-difference step for the Jacobian, as a share of each range (default 0.02)
}

func (s SMDSettings) withDefaults(params int) SMDSettings {
	if s.Starts <= 0 {
		s.Starts = 4*params + 2
	}
	if s.MaxEvals <= 0 {
		s.MaxEvals = 100*params + 100
	}
	if s.Step <= 0 {
		s.Step = 0.02
	}
	return s
}

// SMDResult is a point estimate with its standard errors.
type SMDResult struct {
	Settings SMDSettings
	Theta    []float64
	// SE are the standard errors of Theta, from the sandwich
	// (G'WG)⁻¹ G'WΩWG (G'WG)⁻¹ with G the Jacobian of the moments, W the
	// weights of the distance and Ω the moments' covariance (observation
	// plus Monte Carlo). Identified is false, and SE zero, where G'WG is
	// singular: the targets do not pin the parameters down.
	SE         []float64
	Cov        *mat.SymDense
	Identified bool
	Jacobian   *mat.Dense // [target][parameter]
	Fit        *Eval      // the model at Theta
	Evals      int        // evaluations of the fit (Jacobian included)
	Status     string     // why the optimizer stopped
}

// SMD fits the parameters by simulated minimum distance: every evaluation
// runs on the common random numbers of p.Seed, Nelder–Mead minimizes the
// distance over the ranges (through a logistic map, so every step stays
// inside), starting from the best point of a Latin hypercube.
func (p *Problem) SMD(ctx context.Context, s SMDSettings) (*SMDResult, error) {
	s = s.withDefaults(len(p.Params))
	start, err := p.bestStart(ctx, s.Starts)
	if err != nil {
		return nil, err
	}
	var simErr error
	f := func(u []float64) float64 {
		if simErr != nil {
			return math.Inf(1)
		}
		e, err := p.Evaluate(ctx, p.fromLogit(u), p.Seed)
		if err != nil {
			simErr = err
			return math.Inf(1)
		}
		return e.Dist
	}
	settings := &optimize.Settings{
		FuncEvaluations: s.MaxEvals,
		Converger:       &optimize.FunctionConverge{Absolute: 1e-3, Relative: 1e-4, Iterations: 5 * len(p.Params)},
	}
	res, err := optimize.Minimize(optimize.Problem{Func: f}, start, settings, &optimize.NelderMead{SimplexSize: 0.5})
	if simErr != nil {
		return nil, simErr
	}
	if err != nil && res == nil {
		return nil, err
	}
	theta := p.fromLogit(res.X)
	fit, err := p.Evaluate(ctx, theta, p.Seed)
	if err != nil {
		return nil, err
	}
	out := &SMDResult{Settings: s, Theta: theta, Fit: fit, Status: res.Status.String()}
	if err := p.standardErrors(ctx, out, s.Step); err != nil {
		return nil, err
	}
	out.Evals = p.Evals()
	return out, nil
}

// bestStart evaluates a Latin hypercube over the ranges and returns its
// best point, in the optimizer's coordinates.
func (p *Problem) bestStart(ctx context.Context, n int) ([]float64, error) {
	factors := make([]sensitivity.Factor, len(p.Params))
	for i, q := range p.Params {
		factors[i] = sensitivity.Factor{Name: q.Path, Min: 0, Max: 1}
	}
	d, err := sensitivity.LatinHypercube(factors, n, p.Seed)
	if err != nil {
		return nil, err
	}
	best, bestD := make([]float64, len(p.Params)), math.Inf(1)
	for i := range best {
		best[i] = 0.5
	}
	for _, u := range d.Points {
		theta := make([]float64, len(u))
		for i := range u {
			theta[i] = p.unit(i, u[i])
		}
		e, err := p.Evaluate(ctx, theta, p.Seed)
		if err != nil {
			return nil, err
		}
		if e.Dist < bestD {
			best, bestD = u, e.Dist
		}
	}
	x := make([]float64, len(best))
	for i, u := range best {
		u = min(max(u, 1e-6), 1-1e-6)
		x[i] = math.Log(u / (1 - u))
	}
	return x, nil
}

// fromLogit maps the optimizer's unbounded coordinates into the ranges.
func (p *Problem) fromLogit(x []float64) []float64 {
	theta := make([]float64, len(x))
	for i, xi := range x {
		theta[i] = p.unit(i, 1/(1+math.Exp(-xi)))
	}
	return theta
}

// standardErrors computes the Jacobian by central differences on common
// random numbers (one-sided at the ends of a range) and the sandwich
// covariance of the estimate.
func (p *Problem) standardErrors(ctx context.Context, r *SMDResult, step float64) error {
	k, n := len(p.Targets), len(p.Params)
	g := mat.NewDense(k, n, nil)
	for i, q := range p.Params {
		h := step * (q.Hi - q.Lo)
		a, b := max(q.Lo, r.Theta[i]-h), min(q.Hi, r.Theta[i]+h)
		lo, hi := append([]float64(nil), r.Theta...), append([]float64(nil), r.Theta...)
		lo[i], hi[i] = a, b
		ea, err := p.Evaluate(ctx, lo, p.Seed)
		if err != nil {
			return err
		}
		eb, err := p.Evaluate(ctx, hi, p.Seed)
		if err != nil {
			return err
		}
		for j := 0; j < k; j++ {
			g.Set(j, i, (eb.Mean[j]-ea.Mean[j])/(b-a))
		}
	}
	r.Jacobian = g
	r.SE = make([]float64, n)
	cov, err := p.sandwich(g, r.Fit)
	if err != nil {
		return nil // not identified: SE stay zero
	}
	r.Cov, r.Identified = cov, true
	for i := range r.SE {
		r.SE[i] = math.Sqrt(cov.At(i, i))
	}
	return nil
}

var errNotIdentified = errors.New("the targets do not identify the parameters (G'WG is singular)")

// sandwich is (G'WG)⁻¹ G'WΩWG (G'WG)⁻¹ with W the distance's weights and Ω
// the moments' covariance: observation variances plus the Monte Carlo
// covariance of the means.
func (p *Problem) sandwich(g *mat.Dense, e *Eval) (*mat.SymDense, error) {
	k, n := g.Dims()
	for j := 0; j < k; j++ {
		if p.Targets[j].Use == HeldOut {
			continue
		}
		if math.IsNaN(e.Mean[j]) {
			return nil, errNotIdentified
		}
		for i := 0; i < n; i++ {
			if math.IsNaN(g.At(j, i)) || math.IsInf(g.At(j, i), 0) {
				return nil, errNotIdentified
			}
		}
	}
	g = fitRows(g, p.Targets)
	w := mat.NewDiagDense(k, nil)
	for j := 0; j < k; j++ {
		if p.Targets[j].Use == Fit { // a held-out target has weight 0
			w.SetDiag(j, 1/p.variance(j, e.MCVar[j]))
		}
	}
	omega := mat.NewSymDense(k, nil)
	reps := float64(len(e.Values))
	for a := 0; a < k; a++ {
		for b := a; b < k; b++ {
			c := 0.0
			if p.Targets[a].Use == HeldOut || p.Targets[b].Use == HeldOut {
				continue // weight 0 (and maybe undefined)
			}
			if len(e.Values) > 1 {
				for _, row := range e.Values {
					c += (row[a] - e.Mean[a]) * (row[b] - e.Mean[b])
				}
				c /= (reps - 1) * reps
			}
			if a == b {
				c += sq(p.Targets[a].SE)
			}
			omega.SetSym(a, b, c)
		}
	}
	var wg, gwg mat.Dense
	wg.Mul(w, g)
	gwg.Mul(g.T(), &wg)
	var inv mat.Dense
	if err := inv.Inverse(&gwg); err != nil {
		return nil, errNotIdentified
	}
	if c := mat.Cond(&gwg, 2); c > 1e12 || math.IsInf(c, 0) {
		return nil, errNotIdentified
	}
	var meat, tmp, full mat.Dense
	tmp.Mul(omega, &wg)
	meat.Mul(wg.T(), &tmp)
	tmp.Reset()
	tmp.Mul(&inv, &meat)
	full.Mul(&tmp, &inv)
	cov := mat.NewSymDense(n, nil)
	for a := 0; a < n; a++ {
		for b := a; b < n; b++ {
			cov.SetSym(a, b, (full.At(a, b)+full.At(b, a))/2)
		}
	}
	return cov, nil
}

// fitRows is g with the rows of held-out targets zeroed: they have weight
// 0 in the distance and may be undefined.
func fitRows(g *mat.Dense, ts []Target) *mat.Dense {
	out := mat.DenseCopyOf(g)
	_, n := g.Dims()
	for j, t := range ts {
		if t.Use == HeldOut {
			for i := 0; i < n; i++ {
				out.Set(j, i, 0)
			}
		}
	}
	return out
}
