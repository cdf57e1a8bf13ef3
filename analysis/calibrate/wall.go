package calibrate

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
	"gonum.org/v1/gonum/stat/distuv"
)

// Check is one target held against the model: the model's mean over the
// replications with its 95% Monte Carlo interval (Student's t), the
// standardized distance (mean − value)/√(se² + Monte Carlo variance), and
// whether the miss is within the target's pre-registered tolerance. A
// target the model leaves undefined (a share of no households in some
// replication) is not Defined and never Inside.
type Check struct {
	Target       Target
	Defined      bool
	Mean, Lo, Hi float64
	Z            float64
	Inside       bool
}

// Checks holds each target against the model at e. It is the one
// evaluation of targets: calibrate's fit.csv and its printed fit, and
// validate's wall, are written from it.
func (p *Problem) Checks(e *Eval) []Check {
	tq := 1.959963984540054
	if reps := len(e.Values); reps > 1 {
		tq = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(reps - 1)}.Quantile(0.975)
	}
	out := make([]Check, len(p.Targets))
	for j, t := range p.Targets {
		out[j] = Check{Target: t}
		m := e.Mean[j]
		if math.IsNaN(m) {
			continue
		}
		h := tq * math.Sqrt(e.MCVar[j])
		lo, hi := t.bound().Cut(m-h, m+h)
		out[j] = Check{Target: t, Defined: true, Mean: m, Lo: lo, Hi: hi,
			Z: p.Standardized(e, j), Inside: math.Abs(m-t.Value) <= t.Tolerance}
	}
	return out
}

// Wall is a scenario held against every target of a targets file, fitted
// and held out: what `povsim validate` prints and the report and the
// classroom page show.
type Wall struct {
	Targets    *Targets
	Scenario   string
	Households int
	Reps       int
	Seed       uint64
	Checks     []Check
	// Uncertainty says what the intervals carry: empty for Monte Carlo
	// noise only, analysis.IntervalParams when the replications ran on
	// parameter draws (WallOfDraws).
	Uncertainty string
}

// Validate runs the scenario sc (nil: the targets file's base) with opt's
// households, replications, seed and workers, and holds it against every
// target. Fitted parameters are not set: the scenario is judged as it is.
func Validate(ctx context.Context, ts *Targets, sc *scenarios.Scenario, opt Options) (*Wall, error) {
	if sc == nil {
		sc = ts.Base
	}
	s, err := newSim(ts, sc.Config, opt)
	if err != nil {
		return nil, err
	}
	p := &Problem{Targets: ts.Targets, Sim: s, Seed: opt.Seed}
	e, err := p.Evaluate(ctx, nil, opt.Seed)
	if err != nil {
		return nil, err
	}
	return &Wall{Targets: ts, Scenario: sc.Name, Households: s.cfg.Params.Population.Households,
		Reps: opt.Reps, Seed: opt.Seed, Checks: p.Checks(e)}, nil
}

// WallOf holds replications already run (of the scenario named scenario,
// with households households, on seed) against every target, as Validate
// would had it run them: the report's section reuses its base scenario's
// replications instead of running them again.
func WallOf(ts *Targets, scenario string, households int, seed uint64, res []sim.Result) (*Wall, error) {
	if len(res) == 0 || len(res[0].Years) == 0 {
		return nil, fmt.Errorf("no replication to hold against the targets")
	}
	first, last := res[0].Years[0].Year, res[0].Years[len(res[0].Years)-1].Year
	if err := checkYears(ts, first, last); err != nil {
		return nil, err
	}
	p := &Problem{Targets: ts.Targets}
	e := p.summarize(nil, moments(ts.Targets, res, first))
	return &Wall{Targets: ts, Scenario: scenario, Households: households, Reps: len(res), Seed: seed, Checks: p.Checks(e)}, nil
}

// WallOfDraws is WallOf for replications run on parameter draws (d says
// which share a draw): each model interval carries the parameters'
// uncertainty as well as Monte Carlo noise (analysis.EstimateDraws), and z
// divides the miss by √(se² + that interval's variance). Means, and so
// inside or outside, are those of WallOf.
func WallOfDraws(ts *Targets, scenario string, households int, seed uint64, res []sim.Result, d analysis.DrawGroups) (*Wall, error) {
	w, err := WallOf(ts, scenario, households, seed, res)
	if err != nil || d.Distinct <= 1 {
		return w, err
	}
	w.Uncertainty = analysis.IntervalParams
	values := moments(ts.Targets, res, res[0].Years[0].Year)
	reps := make([]int, len(res))
	for r := range reps {
		reps[r] = r
	}
	xs := make([]float64, len(res))
	for j := range w.Checks {
		c := &w.Checks[j]
		if !c.Defined {
			continue
		}
		for r := range res {
			xs[r] = values[r][j]
		}
		est, split := analysis.EstimateDraws(xs, reps, d)
		c.Lo, c.Hi = c.Target.bound().Cut(est.Lo, est.Hi)
		c.Z = (c.Mean - c.Target.Value) / math.Sqrt(sq(c.Target.SE)+split.Parameter+split.MonteCarlo)
	}
	return w, nil
}

// span is the first and last years the targets read.
// Span is the first and last year any target reads.
func (ts *Targets) Span() (first, last int) { return ts.span() }

func (ts *Targets) span() (first, last int) {
	for i, t := range ts.Targets {
		if i == 0 || t.From < first {
			first = t.From
		}
		last = max(last, t.To)
	}
	return first, last
}

// checkYears checks that every target's years were simulated.
func checkYears(ts *Targets, first, last int) error {
	for _, t := range ts.Targets {
		if t.From < first || t.To > last {
			return fmt.Errorf("%s:%d: target %s: years %s outside the simulated years %d–%d", ts.File, t.Line, t.Name, t.Years(), first, last)
		}
	}
	return nil
}

// Count is how many targets of each use are inside their tolerance.
type Count struct {
	FitInside  int `json:"fit_inside"`
	Fit        int `json:"fit"`
	HeldInside int `json:"held_out_inside"`
	Held       int `json:"held_out"`
}

// Count counts the targets inside their tolerance, by use.
func (w *Wall) Count() Count {
	var c Count
	for _, ch := range w.Checks {
		in := 0
		if ch.Inside {
			in = 1
		}
		if ch.Target.Use == HeldOut {
			c.Held++
			c.HeldInside += in
		} else {
			c.Fit++
			c.FitInside += in
		}
	}
	return c
}

// Outside lists the names of the targets outside their tolerance.
func (w *Wall) Outside() []string {
	var out []string
	for _, ch := range w.Checks {
		if !ch.Inside {
			out = append(out, ch.Target.Name)
		}
	}
	return out
}

// OnEdge reports whether the check's interval straddles a bound of its
// tolerance: inside or outside by its mean, the model's own uncertainty
// (its Monte Carlo noise, and on parameter draws the parameters') does not
// settle which.
func (c Check) OnEdge() bool {
	if !c.Defined {
		return false
	}
	lo, hi := c.Target.Value-c.Target.Tolerance, c.Target.Value+c.Target.Tolerance
	return c.Lo < lo && lo < c.Hi || c.Lo < hi && hi < c.Hi
}

// Verdict is the one sentence that says what the scenario's numbers are
// and are not good for, given the wall.
func (w *Wall) Verdict() string {
	c := w.Count()
	n, in := c.Fit+c.Held, c.FitInside+c.HeldInside
	edges := 0
	for _, ch := range w.Checks {
		if ch.OnEdge() {
			edges++
		}
	}
	onEdge := ""
	if edges > 0 {
		onEdge = fmt.Sprintf("; %d on the edge, where the model's interval straddles the tolerance", edges)
	}
	if in == n {
		return fmt.Sprintf("povsim's %s reproduces all %s it was held against (%d fitted, %d held out) within their tolerances%s. "+
			"Its levels and policy comparisons can be used within the intervals shown, though not as a forecast for one county's own households.",
			w.Scenario, w.figures(n), c.Fit, c.Held, onEdge)
	}
	var kinds []string
	for _, k := range []struct {
		missed, of int
		what       string
	}{{c.Fit - c.FitInside, c.Fit, "fitted"}, {c.Held - c.HeldInside, c.Held, "held out"}} {
		switch {
		case k.of == 0:
		case k.missed == 0:
			kinds = append(kinds, fmt.Sprintf("none of the %d %s", k.of, k.what))
		case k.missed == k.of && k.of > 1:
			kinds = append(kinds, fmt.Sprintf("all %d %s", k.of, k.what))
		default:
			kinds = append(kinds, fmt.Sprintf("%d of the %d %s", k.missed, k.of, k.what))
		}
	}
	return fmt.Sprintf("povsim's %s misses %d of the %s it was held against (%s)%s. "+
		"Use it to compare policies and explore mechanisms, reading paired differences as directions and rough sizes, "+
		"not to quote its levels as what a county will see.",
		w.Scenario, n-in, w.figures(n), strings.Join(kinds, ", "), onEdge)
}

// figures is "n published figures" (or "1 published figure") of the
// embedded record, "n figures of FILE" of a user's own targets file.
func (w *Wall) figures(n int) string {
	s := fmt.Sprintf("%d published figures", n)
	if n == 1 {
		s = "1 published figure"
	}
	if w.Targets != nil && w.Targets.Name != "published" {
		s = strings.Replace(s, "published ", "", 1) + " of " + filepath.Base(w.Targets.File)
	}
	return s
}
