package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// ABCSettings control ABC-SMC. Zero values mean the defaults.
type ABCSettings struct {
	Particles int     `json:"particles"` // particles per round (default 100)
	Rounds    int     `json:"rounds"`    // most rounds after the prior round (default 12)
	Quantile  float64 `json:"quantile"`  // a round's tolerance is this quantile of the last round's distances (default 0.5)
	// Final is the tolerance at which the rounds stop: the default is the
	// 95% quantile of χ² with as many degrees of freedom as targets, the
	// distance the true parameters stay under in 95% of data sets.
	Final         float64 `json:"final_tolerance"`
	MinAcceptance float64 `json:"min_acceptance"` // stop when a round accepts fewer of its proposals (default 0.02)
	// Progress, if set, is called at the start of each round; step is
	// called at each accepted particle and finish at the round's end.
	Progress func(round int) (step, finish func()) `json:"-"`
}

func (s ABCSettings) withDefaults(targets int) ABCSettings {
	if s.Particles <= 1 {
		s.Particles = 100
	}
	if s.Rounds <= 0 {
		s.Rounds = 12
	}
	if s.Quantile <= 0 || s.Quantile >= 1 {
		s.Quantile = 0.5
	}
	if s.Final <= 0 {
		s.Final = distuv.ChiSquared{K: float64(targets)}.Quantile(0.95)
	}
	if s.MinAcceptance <= 0 {
		s.MinAcceptance = 0.02
	}
	return s
}

// Particle is a weighted parameter draw.
type Particle struct {
	Theta  []float64
	Weight float64 // normalized within its round
	Dist   float64
	Round  int
}

// Round is one round's diagnostics.
type Round struct {
	Round      int
	Tolerance  float64 // +Inf in round 0 (the prior)
	Proposals  int     // proposals drawn (out-of-range ones included)
	Accepted   int
	Acceptance float64
	ESS        float64 // effective sample size (Σw)²/Σw²
}

// ABCResult is the last round's particles and every round's diagnostics.
type ABCResult struct {
	Settings  ABCSettings
	Rounds    []Round
	Particles []Particle
	Stopped   string // why the rounds stopped
	Evals     int
}

// ABC samples the posterior by sequential Monte Carlo ABC (Toni et al.
// 2009, Beaumont et al. 2009): round 0 draws from the prior; each later
// round resamples the last round's particles by weight, perturbs them with
// a Gaussian kernel of twice their weighted covariance (in the range's
// coordinates, the logarithm for a log-uniform prior) and keeps a proposal
// whose distance is within the round's tolerance, weighted by prior over
// the kernel mixture. Each proposal runs on random numbers of its own.
// Proposals are drawn and judged in a fixed order, so the result does not
// depend on the number of workers.
func (p *Problem) ABC(ctx context.Context, s ABCSettings) (*ABCResult, error) {
	s = s.withDefaults(p.fitted())
	res := &ABCResult{Settings: s}
	var prev []Particle
	tol := math.Inf(1)
	for round := 0; round <= s.Rounds; round++ {
		if round > 0 {
			tol = math.Max(s.Final, quantile(prev, s.Quantile))
		}
		cur, r, err := p.abcRound(ctx, round, tol, prev, s)
		if err != nil {
			return nil, err
		}
		res.Rounds = append(res.Rounds, r)
		if len(cur) < s.Particles {
			res.Stopped = fmt.Sprintf("round %d accepted %d of %d proposals, below the minimum acceptance %g; the last full round is kept", round, r.Accepted, r.Proposals, s.MinAcceptance)
			break
		}
		prev = cur
		if tol <= s.Final {
			res.Stopped = fmt.Sprintf("tolerance reached the final %.3g", s.Final)
			break
		}
	}
	if res.Stopped == "" {
		res.Stopped = fmt.Sprintf("ran the most rounds (%d); tolerance %.3g, final %.3g not reached", s.Rounds, res.Rounds[len(res.Rounds)-1].Tolerance, s.Final)
	}
	res.Particles = prev
	res.Evals = p.Evals()
	return res, nil
}

// abcRound draws proposals until Particles are accepted or too few are.
func (p *Problem) abcRound(ctx context.Context, round int, tol float64, prev []Particle, s ABCSettings) ([]Particle, Round, error) {
	rng := rand.New(rand.NewPCG(p.Seed, uint64(round)+1))
	var k *kernel
	if round > 0 {
		var err error
		if k, err = p.newKernel(prev); err != nil {
			return nil, Round{}, err
		}
	}
	maxProposals := int(math.Ceil(float64(s.Particles) / s.MinAcceptance))
	step, finish := func() {}, func() {}
	if s.Progress != nil {
		step, finish = s.Progress(round)
	}
	defer finish()
	var out []Particle
	r := Round{Round: round, Tolerance: tol}
	for len(out) < s.Particles && r.Proposals < maxProposals {
		r.Proposals++
		u := p.propose(rng, k, prev)
		if u == nil {
			continue // outside the ranges
		}
		theta := make([]float64, len(u))
		for i := range u {
			theta[i] = p.unit(i, u[i])
		}
		e, err := p.Evaluate(ctx, theta, particleSeed(p.Seed, round, r.Proposals))
		if err != nil {
			return nil, r, err
		}
		if e.Dist > tol {
			continue
		}
		// Round 0 drew u from the prior itself: its particles weigh alike
		// (Toni et al. 2009); later ones weigh prior over proposal.
		w := 1.0
		if k != nil {
			w = p.priorDensity(u) / k.mixture(u, prev)
		}
		out = append(out, Particle{Theta: theta, Weight: w, Dist: e.Dist, Round: round})
		step()
	}
	r.Accepted = len(out)
	r.Acceptance = float64(r.Accepted) / float64(r.Proposals)
	normalize(out)
	r.ESS = ess(out)
	return out, r, nil
}

// particleSeed gives each proposal of each round random numbers of its own.
func particleSeed(seed uint64, round, proposal int) uint64 {
	x := seed ^ 0x9e3779b97f4a7c15*uint64(round+1) ^ 0xbf58476d1ce4e5b9*uint64(proposal)
	x ^= x >> 31
	x *= 0x94d049bb133111eb
	return x ^ x>>29
}

// propose draws unit coordinates from the prior (round 0) or from a
// perturbed particle; nil if the perturbation leaves the ranges.
func (p *Problem) propose(rng *rand.Rand, k *kernel, prev []Particle) []float64 {
	n := len(p.Params)
	u := make([]float64, n)
	if k == nil {
		for i, q := range p.Params {
			if q.Prior == Normal {
				u[i] = p.toUnit(i, truncNormal(rng, q))
			} else {
				u[i] = rng.Float64()
			}
		}
		return u
	}
	j := pick(rng, prev)
	z := make([]float64, n)
	for i := range z {
		z[i] = rng.NormFloat64()
	}
	var lz mat.VecDense
	lz.MulVec(k.l, mat.NewVecDense(n, z))
	for i := range u {
		u[i] = p.toUnit(i, prev[j].Theta[i]) + lz.AtVec(i)
		if u[i] < 0 || u[i] > 1 {
			return nil
		}
	}
	return u
}

func truncNormal(rng *rand.Rand, q Param) float64 {
	for range 1000 {
		if x := q.Mean + q.SD*rng.NormFloat64(); x >= q.Lo && x <= q.Hi {
			return x
		}
	}
	return min(max(q.Mean, q.Lo), q.Hi)
}

// priorDensity is the prior density in unit coordinates, up to a constant.
func (p *Problem) priorDensity(u []float64) float64 {
	d := 1.0
	for i, q := range p.Params {
		if q.Prior == Normal {
			d *= math.Exp(-0.5 * sq((p.unit(i, u[i])-q.Mean)/q.SD))
		}
	}
	return d
}

func pick(rng *rand.Rand, ps []Particle) int {
	x := rng.Float64()
	for i, pt := range ps {
		if x -= pt.Weight; x < 0 {
			return i
		}
	}
	return len(ps) - 1
}

// kernel is the Gaussian perturbation N(0, 2Σ), Σ the particles' weighted
// covariance in unit coordinates.
type kernel struct {
	l    *mat.TriDense // Cholesky factor of 2Σ
	chol mat.Cholesky
	u    [][]float64 // the particles in unit coordinates
}

func (p *Problem) newKernel(prev []Particle) (*kernel, error) {
	n := len(p.Params)
	x := mat.NewDense(len(prev), n, nil)
	w := make([]float64, len(prev))
	k := &kernel{}
	for j, pt := range prev {
		u := make([]float64, n)
		for i := range u {
			u[i] = p.toUnit(i, pt.Theta[i])
		}
		x.SetRow(j, u)
		k.u = append(k.u, u)
		w[j] = pt.Weight * float64(len(prev)) // gonum's weights count observations
	}
	cov := mat.NewSymDense(n, nil)
	stat.CovarianceMatrix(cov, x, w)
	for i := 0; i < n; i++ {
		cov.SetSym(i, i, cov.At(i, i)+1e-8) // particles that coincide
	}
	cov.ScaleSym(2, cov)
	if !k.chol.Factorize(cov) {
		return nil, fmt.Errorf("ABC: the particles' covariance is not positive definite")
	}
	k.l = mat.NewTriDense(n, mat.Lower, nil)
	k.chol.LTo(k.l)
	return k, nil
}

// mixture is Σ_j w_j K(u | u_j), up to the kernel's constant.
func (k *kernel) mixture(u []float64, prev []Particle) float64 {
	n := len(u)
	s := 0.0
	d := mat.NewVecDense(n, nil)
	var y mat.VecDense
	for j, pt := range prev {
		for i := range u {
			d.SetVec(i, u[i]-k.u[j][i])
		}
		if err := k.chol.SolveVecTo(&y, d); err != nil {
			continue
		}
		s += pt.Weight * math.Exp(-0.5*mat.Dot(d, &y))
	}
	return s
}

func normalize(ps []Particle) {
	s := 0.0
	for _, p := range ps {
		s += p.Weight
	}
	for i := range ps {
		ps[i].Weight /= s
	}
}

// ESS is the effective sample size of weighted particles, (Σw)²/Σw².
func ESS(ps []Particle) float64 { return ess(ps) }

func ess(ps []Particle) float64 {
	s, s2 := 0.0, 0.0
	for _, p := range ps {
		s += p.Weight
		s2 += p.Weight * p.Weight
	}
	if s2 == 0 {
		return 0
	}
	return s * s / s2
}

// quantile is the q quantile of the particles' distances (unweighted).
func quantile(ps []Particle, q float64) float64 {
	d := make([]float64, len(ps))
	for i, p := range ps {
		d[i] = p.Dist
	}
	sort.Float64s(d)
	return stat.Quantile(q, stat.Empirical, d, nil)
}

// Posterior summarizes parameter i of the particles: weighted mean and the
// 5% and 95% weighted quantiles (a 90% interval).
func Posterior(ps []Particle, i int) (mean, lo, hi float64) {
	x := make([]float64, len(ps))
	w := make([]float64, len(ps))
	for j, p := range ps {
		x[j], w[j] = p.Theta[i], p.Weight
	}
	mean = stat.Mean(x, w)
	idx := make([]int, len(x))
	for j := range idx {
		idx[j] = j
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	xs, ws := make([]float64, len(x)), make([]float64, len(x))
	for j, k := range idx {
		xs[j], ws[j] = x[k], w[k]
	}
	return mean, stat.Quantile(0.05, stat.Empirical, xs, ws), stat.Quantile(0.95, stat.Empirical, xs, ws)
}

// Reweighted returns the particles with weights multiplied by exp(−Q/2),
// Q each particle's distance: from ABC's uniform kernel on Q (every θ
// within the tolerance counts alike) to a Gaussian one, the likelihood of
// the targets if their errors and the Monte Carlo noise are normal
// (Wilkinson 2013). The tolerance must be wide enough to hold most of that
// likelihood (the final tolerance, the χ² 95% quantile, is).
func Reweighted(ps []Particle) []Particle {
	out := append([]Particle(nil), ps...)
	qmin := math.Inf(1)
	for _, p := range out {
		qmin = math.Min(qmin, p.Dist)
	}
	for i := range out {
		out[i].Weight *= math.Exp(-(out[i].Dist - qmin) / 2)
	}
	normalize(out)
	return out
}
