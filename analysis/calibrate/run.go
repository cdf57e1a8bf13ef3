package calibrate

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/povsim/povsim/analysis"
)

// Method chooses what Calibrate runs.
type Method string

// The methods.
const (
	MethodSMD  Method = "smd"  // point estimate and standard errors; draws from its normal approximation
	MethodABC  Method = "abc"  // posterior draws; point estimate the posterior mean
	MethodBoth Method = "both" // SMD for the point estimate, ABC for the draws
)

// Settings are a calibration's method and its settings.
type Settings struct {
	Method Method
	SMD    SMDSettings
	ABC    ABCSettings
	// Progress, if set, starts a progress display of a phase with an
	// expected number of steps (an upper bound for SMD's evaluations, the
	// particles of an ABC round); step advances it, finish ends it.
	Progress func(phase string, total int) (step, finish func())
	// Reweight gives the ABC draws the weights of Reweighted (a Gaussian
	// kernel) instead of the rounds' uniform-kernel weights.
	Reweight bool
}

// Calibrate runs the method on p, made from ts (NewProblem), which must be
// fittable (Targets.Fittable).
func Calibrate(ctx context.Context, ts *Targets, p *Problem, s Settings) (*Result, error) {
	if err := ts.Fittable(); err != nil {
		return nil, err
	}
	r := &Result{Targets: ts, Problem: p}
	switch s.Method {
	case MethodSMD, MethodABC, MethodBoth:
	default:
		return nil, fmt.Errorf("--method: got %q, want smd, abc or both", s.Method)
	}
	if s.Progress != nil {
		s.ABC.Progress = func(round int) (func(), func()) {
			return s.Progress(fmt.Sprintf("calibrate: ABC round %d", round), s.ABC.withDefaults(len(p.Targets)).Particles)
		}
	}
	if s.Method != MethodABC {
		finish := func() {}
		if s.Progress != nil {
			d := s.SMD.withDefaults(len(p.Params))
			var step func()
			step, finish = s.Progress("calibrate: SMD evaluations (at most)", d.Starts+d.MaxEvals+2*len(p.Params)+1)
			p.Done = func(int) { step() }
		}
		smd, err := p.SMD(ctx, s.SMD)
		finish()
		p.Done = nil
		if err != nil {
			return nil, err
		}
		r.SMD, r.Point, r.Fit = smd, smd.Theta, smd.Fit
	}
	if s.Method != MethodSMD {
		abc, err := p.ABC(ctx, s.ABC)
		if err != nil {
			return nil, err
		}
		r.ABC, r.Draws = abc, abc.Particles
		if s.Reweight {
			r.Draws = Reweighted(abc.Particles)
		}
	} else {
		r.Draws = p.SMDDraws(r.SMD, s.ABC.withDefaults(len(p.Targets)).Particles)
	}
	if r.Point == nil {
		r.Point = make([]float64, len(p.Params))
		for i := range r.Point {
			r.Point[i], _, _ = Posterior(r.Draws, i)
		}
		fit, err := p.Evaluate(ctx, r.Point, p.Seed)
		if err != nil {
			return nil, err
		}
		r.Fit = fit
	}
	return r, nil
}

// Estimate is one fitted parameter as provenance.json records it.
type Estimate struct {
	Path        string   `json:"path"`
	Value       float64  `json:"value"`
	SE          *float64 `json:"se,omitempty"`
	Lo95        *float64 `json:"lo95,omitempty"`
	Hi95        *float64 `json:"hi95,omitempty"`
	PosteriorMu *float64 `json:"posterior_mean,omitempty"`
	Post5       *float64 `json:"posterior_5pct,omitempty"`
	Post95      *float64 `json:"posterior_95pct,omitempty"`
	// AtEdge: the estimate is at an end of its range (within 0.1% of it):
	// the targets pull it further, and its standard error means little.
	AtEdge bool `json:"at_edge_of_range,omitempty"`
}

// Estimates lists the fitted parameters.
func (r *Result) Estimates() []Estimate {
	var out []Estimate
	for i, q := range r.Targets.Params {
		u := r.Problem.toUnit(i, r.Point[i])
		e := Estimate{Path: q.Path, Value: r.Point[i], AtEdge: u < 0.001 || u > 0.999}
		if r.SMD != nil && r.SMD.Identified {
			se := r.SMD.SE[i]
			lo, hi := r.Point[i]-1.959963984540054*se, r.Point[i]+1.959963984540054*se
			e.SE, e.Lo95, e.Hi95 = &se, &lo, &hi
		}
		if r.ABC != nil && len(r.Draws) > 0 {
			m, lo, hi := Posterior(r.Draws, i)
			e.PosteriorMu, e.Post5, e.Post95 = &m, &lo, &hi
		}
		out = append(out, e)
	}
	return out
}

// Provenance is what provenance.json records of a calibration.
type Provenance struct {
	Tool             string         `json:"tool"`
	Version          string         `json:"version"`
	GoVersion        string         `json:"go_version"`
	ModelFingerprint string         `json:"model_fingerprint"`
	Build            analysis.Build `json:"build"`
	Command          []string       `json:"command"`
	TargetsFile      string         `json:"targets_file"`
	TargetsSHA256    string         `json:"targets_sha256"`
	Base             string         `json:"base"`
	Seed             uint64         `json:"seed"`
	Households       int            `json:"households"`
	Reps             int            `json:"replications_per_evaluation"`
	Workers          int            `json:"workers"`
	Method           Method         `json:"method"`
	SMD              any            `json:"smd,omitempty"`
	ABC              any            `json:"abc,omitempty"`
	Estimates        []Estimate     `json:"estimates"`
	Evaluations      int            `json:"evaluations"`
	FromCache        int            `json:"evaluations_from_cache"`
	Start            time.Time      `json:"start"`
	End              time.Time      `json:"end"`
}

// NewProvenance records the calibration for provenance.json (End is set
// when it is written).
func (r *Result) NewProvenance(command []string, opt Options, s Settings, start time.Time) *Provenance {
	b := analysis.BuildOf()
	pr := &Provenance{
		Tool: "povsim", Version: b.Version, GoVersion: runtime.Version(), ModelFingerprint: b.Model, Build: b,
		Command: command, TargetsFile: r.Targets.File, TargetsSHA256: r.Targets.Hash, Base: r.Targets.BaseRef,
		Seed: opt.Seed, Households: opt.Households, Reps: opt.Reps, Workers: opt.Workers, Method: s.Method,
		Estimates: r.Estimates(), Evaluations: r.Problem.Evals(), FromCache: r.Problem.Kept(), Start: start.UTC(),
	}
	if r.SMD != nil {
		pr.SMD = map[string]any{"settings": r.SMD.Settings, "optimizer": "gonum/optimize Nelder-Mead", "status": r.SMD.Status,
			"identified": r.SMD.Identified, "distance": r.SMD.Fit.Dist, "evaluations": r.SMD.Evals}
	}
	if r.ABC != nil {
		weights := "the last round's importance weights (uniform kernel)"
		if s.Reweight {
			weights = "the last round's importance weights times exp(-distance/2) (Gaussian kernel)"
		}
		rounds := make([]map[string]any, len(r.ABC.Rounds))
		for i, rd := range r.ABC.Rounds {
			tol := any(rd.Tolerance)
			if rd.Round == 0 {
				tol = "none (prior)"
			}
			rounds[i] = map[string]any{"round": rd.Round, "tolerance": tol, "proposals": rd.Proposals, "accepted": rd.Accepted,
				"acceptance_rate": rd.Acceptance, "ess": rd.ESS}
		}
		pr.ABC = map[string]any{"settings": r.ABC.Settings, "rounds": rounds, "stopped": r.ABC.Stopped,
			"draws_weights": weights, "draws_ess": ess(r.Draws)}
	}
	return pr
}
