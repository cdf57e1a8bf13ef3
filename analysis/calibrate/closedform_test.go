package calibrate

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// The two-state job chain: an unemployed laborer finds a job with
// probability f a year, an employed one loses it with probability q. Its
// stationary employment rate is s = f/(f+q) and its re-entry probability
// (employed this year among those unemployed last year) is r = f, so
// f = r and q = r(1−s)/s, and by the delta method
// se(f) = se(r), se(q)² = ((1−s)/s)² se(r)² + (r/s²)² se(s)².
func jobChainProblem(sim Simulator, s, r, seS, seR float64) *Problem {
	return &Problem{
		Params: []Param{
			{Path: "find", Lo: 0.01, Hi: 0.99, Prior: Uniform},
			{Path: "loss", Lo: 0.01, Hi: 0.99, Prior: Uniform},
		},
		Targets: []Target{
			{Name: "stationary", Value: s, SE: seS},
			{Name: "re-entry", Value: r, SE: seR},
		},
		Sim: sim, Seed: 7,
	}
}

func TestJobChainClosedForm(t *testing.T) {
	exact := SimulatorFunc(func(_ context.Context, th []float64, _ uint64) ([][]float64, error) {
		f, q := th[0], th[1]
		row := []float64{f / (f + q), f}
		return [][]float64{row, row}, nil // no Monte Carlo noise
	})
	const s, r, seS, seR = 0.8, 0.3, 0.01, 0.02
	p := jobChainProblem(exact, s, r, seS, seR)
	res, err := p.SMD(context.Background(), SMDSettings{})
	if err != nil {
		t.Fatal(err)
	}
	wantF, wantQ := r, r*(1-s)/s
	if math.Abs(res.Theta[0]-wantF) > 1e-3 || math.Abs(res.Theta[1]-wantQ) > 1e-3 {
		t.Errorf("estimate (f, q) = (%.5f, %.5f), want (%.5f, %.5f)", res.Theta[0], res.Theta[1], wantF, wantQ)
	}
	seF := seR
	seQ := math.Sqrt(sq((1-s)/s)*sq(seR) + sq(r/(s*s))*sq(seS))
	if !res.Identified || math.Abs(res.SE[0]-seF)/seF > 0.01 || math.Abs(res.SE[1]-seQ)/seQ > 0.01 {
		t.Errorf("SE = %v (identified %v), want (%.5f, %.5f) from the delta method", res.SE, res.Identified, seF, seQ)
	}
	if res.Fit.Dist > 1e-4 {
		t.Errorf("distance at the optimum %g, want ≈ 0 (two equations, two unknowns)", res.Fit.Dist)
	}
}

// chainSim simulates n laborers for years years on the random numbers of
// seed: the stationary rate is read in the last year, the re-entry rate
// over every year after the first. Every laborer starts unemployed; the
// first half of the years is burn-in for the stationary rate.
func chainSim(n, years, reps int) SimulatorFunc {
	return func(_ context.Context, th []float64, seed uint64) ([][]float64, error) {
		f, q := th[0], th[1]
		out := make([][]float64, reps)
		for rep := range out {
			rng := rand.New(rand.NewPCG(seed, uint64(rep)))
			emp := make([]bool, n)
			found, unemployed := 0, 0
			for y := 0; y < years; y++ {
				for i := range emp {
					u := rng.Float64()
					if emp[i] {
						emp[i] = u >= q
						continue
					}
					unemployed++
					if u < f {
						emp[i] = true
						found++
					}
				}
			}
			k := 0
			for _, e := range emp {
				if e {
					k++
				}
			}
			out[rep] = []float64{float64(k) / float64(n), float64(found) / float64(unemployed)}
		}
		return out, nil
	}
}

// TestJobChainSimulated recovers (f, q) from a simulated chain: the targets
// are the chain's moments at the truth on other random numbers, with the
// standard errors of a survey; the estimate lands within three standard
// errors of the truth.
func TestJobChainSimulated(t *testing.T) {
	const f, q = 0.35, 0.1
	gen := chainSim(4000, 20, 4)
	m, _ := gen(context.Background(), []float64{f, q}, 99)
	p := jobChainProblem(chainSim(4000, 20, 4), (m[0][0]+m[1][0]+m[2][0]+m[3][0])/4, (m[0][1]+m[1][1]+m[2][1]+m[3][1])/4, 0.01, 0.01)
	res, err := p.SMD(context.Background(), SMDSettings{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("estimate %.4f, %.4f; SE %.4f, %.4f; evals %d", res.Theta[0], res.Theta[1], res.SE[0], res.SE[1], res.Evals)
	for i, truth := range []float64{f, q} {
		if z := math.Abs(res.Theta[i]-truth) / res.SE[i]; !(z < 3) {
			t.Errorf("parameter %d: estimate %.4f ± %.4f, truth %.4f (%.1f SE away)", i, res.Theta[i], res.SE[i], truth, z)
		}
	}
}

// TestJobChainABC: the posterior of (f, q) from the simulated chain puts
// the truth inside its 90% intervals, and its rounds shrink the tolerance.
func TestJobChainABC(t *testing.T) {
	const f, q = 0.35, 0.1
	p := jobChainProblem(chainSim(2000, 20, 2), f/(f+q), f, 0.01, 0.01)
	res, err := p.ABC(context.Background(), ABCSettings{Particles: 60})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s; rounds %+v", res.Stopped, res.Rounds)
	for i, truth := range []float64{f, q} {
		mean, lo, hi := Posterior(res.Particles, i)
		t.Logf("parameter %d: mean %.4f, 90%% [%.4f, %.4f]", i, mean, lo, hi)
		if truth < lo || truth > hi || hi-lo > 0.2 {
			t.Errorf("parameter %d: 90%% interval [%.4f, %.4f], want one around the truth %.4f narrower than 0.2", i, lo, hi, truth)
		}
	}
	for k := 2; k < len(res.Rounds); k++ {
		if res.Rounds[k].Tolerance > res.Rounds[k-1].Tolerance {
			t.Errorf("round %d tolerance %g above round %d's %g", k, res.Rounds[k].Tolerance, k-1, res.Rounds[k-1].Tolerance)
		}
	}
}

// TestABCPriorRoundWeighsAlike: round 0 draws its particles from the
// prior, so they weigh alike whatever the prior's shape (a normal prior,
// every proposal accepted): weights 1/N, and the effective sample size N.
func TestABCPriorRoundWeighsAlike(t *testing.T) {
	constant := SimulatorFunc(func(context.Context, []float64, uint64) ([][]float64, error) {
		return [][]float64{{0.5}, {0.5}}, nil
	})
	p := &Problem{
		Params:  []Param{{Path: "x", Lo: 0, Hi: 1, Prior: Normal, Mean: 0.5, SD: 0.1}},
		Targets: []Target{{Name: "m", Value: 0.5, SE: 0.01}},
		Sim:     constant, Seed: 7,
	}
	const n = 200
	ps, r, err := p.abcRound(context.Background(), 0, math.Inf(1), nil, ABCSettings{Particles: n}.withDefaults(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range ps {
		if math.Abs(pt.Weight-1.0/n) > 1e-15 {
			t.Fatalf("a round-0 particle at %.3f weighs %g, want 1/%d", pt.Theta[0], pt.Weight, n)
		}
	}
	if math.Abs(r.ESS-n) > 1e-9 {
		t.Errorf("round 0's effective sample size %g, want %d", r.ESS, n)
	}
}

// TestReweighted: weights w·exp(−Q/2), normalized: two particles of equal
// weight at distances 3 and 5 get 1/(1+e⁻¹) and e⁻¹/(1+e⁻¹).
func TestReweighted(t *testing.T) {
	ps := []Particle{{Weight: 0.5, Dist: 3}, {Weight: 0.5, Dist: 5}}
	got := Reweighted(ps)
	want := 1 / (1 + math.Exp(-1))
	if math.Abs(got[0].Weight-want) > 1e-15 || math.Abs(got[1].Weight-(1-want)) > 1e-15 || ps[0].Weight != 0.5 {
		t.Errorf("got %v (input now %v), want %g and %g, input unchanged", got, ps, want, 1-want)
	}
}
