package calibrate

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// constSim returns the same values for every theta: rows are replications.
func constSim(rows [][]float64) Simulator {
	return SimulatorFunc(func(context.Context, []float64, uint64) ([][]float64, error) { return rows, nil })
}

// TestHeldOutNotFitted: a held-out target is reported but adds nothing to
// the distance; the distance is the fitted targets' sum by hand.
func TestHeldOutNotFitted(t *testing.T) {
	p := &Problem{
		Targets: []Target{
			{Name: "fit", Value: 1, SE: 0.5, Tolerance: 1},
			{Name: "held", Value: 0, SE: 0.1, Tolerance: 0.2, Use: HeldOut},
		},
		Sim: constSim([][]float64{{2, 100}, {4, 100}}),
	}
	e, err := p.Evaluate(context.Background(), nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	// fit: mean 3, sample variance 2, MC variance 2/2 = 1: (3−1)²/(0.25 + 1) = 3.2.
	if math.Abs(e.Dist-3.2) > 1e-12 {
		t.Errorf("distance %g, want 3.2 (the held-out miss of 100 left out)", e.Dist)
	}
	if e.Mean[1] != 100 {
		t.Errorf("held-out moment %g, want 100 (still computed)", e.Mean[1])
	}
	if p.fitted() != 1 {
		t.Errorf("fitted() = %d, want 1", p.fitted())
	}
	// an undefined held-out moment costs nothing either
	p2 := &Problem{Targets: p.Targets, Sim: constSim([][]float64{{1, math.NaN()}, {1, 0}})}
	e2, _ := p2.Evaluate(context.Background(), nil, 1)
	if e2.Dist != 0 {
		t.Errorf("distance %g with an undefined held-out moment, want 0", e2.Dist)
	}
}

// TestChecks: the model's mean, its 95% interval with Student's t (3
// replications: t₀.₉₇₅,₂ = 4.302653), z, and inside by hand.
func TestChecks(t *testing.T) {
	p := &Problem{
		Targets: []Target{
			{Name: "a", Value: 10, SE: 1, Tolerance: 3},
			{Name: "b", Value: 10, SE: 1, Tolerance: 1.5, Use: HeldOut},
			{Name: "c", Value: 0.5, SE: 0.1, Tolerance: 0.2},
		},
		Sim: constSim([][]float64{{11, 11, 0.5}, {12, 12, math.NaN()}, {13, 13, 0.5}}),
	}
	e, err := p.Evaluate(context.Background(), nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	cs := p.Checks(e)
	// mean 12, sample variance 1, MC variance 1/3, half-width 4.302653·√(1/3) = 2.484138.
	a := cs[0]
	if !a.Defined || a.Mean != 12 || math.Abs(a.Hi-a.Mean-2.484138) > 1e-6 || math.Abs(a.Mean-a.Lo-2.484138) > 1e-6 {
		t.Errorf("check a: %+v, want mean 12 ± 2.484138", a)
	}
	if z := 2 / math.Sqrt(1+1.0/3); math.Abs(a.Z-z) > 1e-12 || !a.Inside {
		t.Errorf("check a: z %g inside %v, want z %g (2/√(1 + 1/3)) inside (miss 2 ≤ 3)", a.Z, a.Inside, z)
	}
	if cs[1].Inside {
		t.Errorf("check b: miss 2 > tolerance 1.5 reported inside")
	}
	if cs[2].Defined || cs[2].Inside {
		t.Errorf("check c: undefined in a replication, got %+v, want not defined and not inside", cs[2])
	}
	w := &Wall{Scenario: "x", Checks: cs}
	if c := w.Count(); c != (Count{FitInside: 1, Fit: 2, HeldInside: 0, Held: 1}) {
		t.Errorf("count %+v", c)
	}
	if got := w.Outside(); strings.Join(got, ",") != "b,c" {
		t.Errorf("outside %v, want [b c]", got)
	}
	if v := w.Verdict(); !strings.Contains(v, "misses 2 of the 3") || !strings.Contains(v, "1 of the 2 fitted, 1 of the 1 held out") {
		t.Errorf("verdict %q", v)
	}
}

// TestChecksCutAtBound: a share's interval stops at 0 (docs/MODEL.md §6).
// Registered returns 0, 0, 0.003 in three replications: mean 0.001,
// sample variance (2·0.001² + 0.002²)/2 = 3e-6, MC variance 1e-6,
// half-width 4.302653·0.001: the t-interval [−0.003303, 0.005303] is
// reported as [0, 0.005303]; an outcome without a bound (income) keeps
// its negative end.
func TestChecksCutAtBound(t *testing.T) {
	p := &Problem{
		Targets: []Target{
			{Name: "registered", Outcome: "registered_return", Value: 0.001, SE: 0.001, Tolerance: 0.001},
			{Name: "income", Outcome: "income", Value: 0.001, SE: 0.001, Tolerance: 0.001},
		},
		Sim: constSim([][]float64{{0, 0}, {0, 0}, {0.003, 0.003}}),
	}
	e, err := p.Evaluate(context.Background(), nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	cs := p.Checks(e)
	const half = 4.302653 * 0.001
	if r := cs[0]; r.Lo != 0 || math.Abs(r.Hi-(0.001+half)) > 1e-8 || math.Abs(r.Mean-0.001) > 1e-15 {
		t.Errorf("registered_return: %g [%g, %g], want 0.001 [0, %g]", r.Mean, r.Lo, r.Hi, 0.001+half)
	}
	if i := cs[1]; math.Abs(i.Lo-(0.001-half)) > 1e-8 {
		t.Errorf("income: lo %g, want %g (not cut)", i.Lo, 0.001-half)
	}
}

// TestWallOfIsValidate: the wall of replications already run is the wall
// validate computes by running them.
func TestWallOfIsValidate(t *testing.T) {
	ts, err := LoadTargets("../../scenarios/examples/targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ts.Targets[3].Use = HeldOut
	opt := Options{Households: 600, Reps: 3, Seed: 7, Workers: 2}
	w, err := Validate(context.Background(), ts, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	cfg := ts.Base.Config
	cfg.Params = cfg.Params.Clone()
	cfg.Params.Population.Households = 600
	m, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := analysis.Ensemble(context.Background(), []*sim.Model{m}, analysis.Options{Reps: 3, Seed: 7, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	w2, err := WallOf(ts, "baseline", 600, 7, res[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Checks) != 4 || w.Households != 600 || w.Reps != 3 {
		t.Fatalf("wall %+v", w)
	}
	for j := range w.Checks {
		a, b := w.Checks[j], w2.Checks[j]
		if a.Mean != b.Mean || a.Lo != b.Lo || a.Z != b.Z || a.Inside != b.Inside || a.Target.Use != b.Target.Use {
			t.Errorf("target %d: Validate %+v, WallOf %+v", j, a, b)
		}
	}
	if w.Checks[3].Target.Use != HeldOut {
		t.Errorf("use not carried into the wall")
	}
	if _, err := WallOf(ts, "baseline", 600, 7, nil); err == nil {
		t.Error("WallOf of no replications: no error")
	}
	cut := append([]sim.Result(nil), res[0]...)
	for i := range cut {
		cut[i].Years = cut[i].Years[:1]
	}
	if _, err := WallOf(ts, "baseline", 600, 7, cut); err == nil || !strings.Contains(err.Error(), "outside the simulated years 2021–2021") {
		t.Errorf("WallOf of one simulated year: %v, want the years named", err)
	}
}

// publishedTolerance is the pre-registered tolerance of each published
// target (scenarios/targets/published.yaml): a change to the file's
// tolerances must change this list too, with an amendment in the file.
var publishedTolerance = []struct {
	outcome, years string
	use            Use
	tolerance      float64
}{
	{"income_formerly_poor", "2021", Fit, 930},
	{"income_formerly_poor", "2022", HeldOut, 2200},
	{"income_growth", "2024", HeldOut, 0.063},
	{"income_share.wages", "2021", HeldOut, 0.091},
	{"income_share.business", "2021", HeldOut, 0.091},
	{"income_share.property", "2021", HeldOut, 0.016},
	{"income_share.transfers", "2021", HeldOut, 0.091},
	{"income_share_formerly_poor.wages", "2022", HeldOut, 0.15},
	{"employed_formerly_poor", "2024", HeldOut, 0.073},
	{"registered_return", "2021-2024", Fit, 0.00084},
	{"monitored_share", "2021", Fit, 0.031},
	{"monitored_share_formerly_poor", "2021", HeldOut, 0.009},
	{"risk_eliminated", "2022", Fit, 0.039},
	{"risk_eliminated", "2023", HeldOut, 0.13},
	{"ever_monitored_share", "2024", HeldOut, 0.049},
	{"cause.illness", "2021-2025", HeldOut, 0.15},
	{"catastrophic_health", "2021-2025", Fit, 0.091},
}

// TestPublishedTargets: the embedded targets load by name; every target
// has its source and mark, the tolerances are those pre-registered, and
// each is at least three of the figure's standard errors (the file's rule:
// 3·√(se² + σ_MC²), rounded up).
func TestPublishedTargets(t *testing.T) {
	ts, err := OpenTargets("published")
	if err != nil {
		t.Fatal(err)
	}
	if ts.Base == nil || ts.Base.Name != "baseline" || ts.File != "targets:published" {
		t.Errorf("base %v file %q", ts.Base, ts.File)
	}
	if len(ts.Targets) != len(publishedTolerance) {
		t.Fatalf("%d targets, want %d", len(ts.Targets), len(publishedTolerance))
	}
	for i, tg := range ts.Targets {
		want := publishedTolerance[i]
		if tg.Outcome != want.outcome || tg.Years() != want.years || tg.Use != want.use || tg.Tolerance != want.tolerance {
			t.Errorf("target %d %q: %s %s %s ± %g, want %s %s %s ± %g", i, tg.Name, tg.Outcome, tg.Years(), tg.Use, tg.Tolerance,
				want.outcome, want.years, want.use, want.tolerance)
		}
		if tg.Source == "" || tg.Reliability == "" {
			t.Errorf("target %q without source or mark", tg.Name)
		}
		if tg.Tolerance < 3*tg.SE*(1-1e-9) {
			t.Errorf("target %q: tolerance %g below 3 se = %g", tg.Name, tg.Tolerance, 3*tg.SE)
		}
	}
	if _, err := OpenTargets("publishd"); err == nil || !strings.Contains(err.Error(), "embedded: published") {
		t.Errorf("unknown name: %v, want the embedded names listed", err)
	}
}

// TestScenariosTargetsEmbedded: the embedded file is there without the
// outcomes it names (those are checked when it is parsed).
func TestScenariosTargetsEmbedded(t *testing.T) {
	if got := scenarios.Targets(); len(got) != 1 || got[0] != "published" {
		t.Errorf("embedded targets %v, want [published]", got)
	}
	if b, ok := scenarios.TargetsSource("published"); !ok || !strings.Contains(string(b), "tolerance = 3 · √(se² + σ_MC²)") {
		t.Error("published targets without the tolerance rule at the top")
	}
}

// TestHeldOutLeavesFitAlone: the job chain of TestJobChainClosedForm with a
// third, held-out target far from the model (and undefined in a
// replication) gives the same estimate and standard errors as without it.
func TestHeldOutLeavesFitAlone(t *testing.T) {
	exact := SimulatorFunc(func(_ context.Context, th []float64, _ uint64) ([][]float64, error) {
		f, q := th[0], th[1]
		return [][]float64{{f / (f + q), f, math.NaN()}, {f / (f + q), f, 5}}, nil
	})
	const s, r, seS, seR = 0.8, 0.3, 0.01, 0.02
	p := jobChainProblem(exact, s, r, seS, seR)
	p.Targets = append(p.Targets, Target{Name: "held", Value: 100, SE: 0.01, Use: HeldOut})
	res, err := p.SMD(context.Background(), SMDSettings{})
	if err != nil {
		t.Fatal(err)
	}
	seQ := math.Sqrt(sq((1-s)/s)*sq(seR) + sq(r/(s*s))*sq(seS))
	if math.Abs(res.Theta[0]-r) > 1e-3 || math.Abs(res.Theta[1]-r*(1-s)/s) > 1e-3 {
		t.Errorf("estimate %v, want (%g, %g)", res.Theta, r, r*(1-s)/s)
	}
	if !res.Identified || math.Abs(res.SE[0]-seR)/seR > 0.01 || math.Abs(res.SE[1]-seQ)/seQ > 0.01 {
		t.Errorf("SE %v (identified %v), want (%g, %g)", res.SE, res.Identified, seR, seQ)
	}
}

// TestVerdictOnEdge: a target 10 ± 2 against the model's mean and
// interval. At 11.5 [11, 11.9] it is inside and settled; at 11.5 [10.5,
// 12.5] inside but on the edge (the interval straddles 12); at 12.5 [12.1,
// 13] outside and settled; at 12.3 [11.8, 12.8] outside and on the edge;
// undefined, neither. The verdict counts the misses by the mean and the
// figures on the edge (the table marks which).
func TestVerdictOnEdge(t *testing.T) {
	tg := Target{Name: "income", Value: 10, Tolerance: 2}
	wall := func(m, lo, hi float64, defined bool) *Wall {
		return &Wall{Scenario: "s", Checks: []Check{{Target: tg, Defined: defined, Mean: m, Lo: lo, Hi: hi, Inside: defined && math.Abs(m-10) <= 2}}}
	}
	for _, c := range []struct {
		w            *Wall
		edge         bool
		says, hasNot string
	}{
		{wall(11.5, 11, 11.9, true), false, "reproduces all 1 published figure it", "edge"},
		{wall(11.5, 10.5, 12.5, true), true, "reproduces all 1 published figure it was held against (1 fitted, 0 held out) within their tolerances; 1 on the edge, where the model's interval straddles the tolerance.", "misses"},
		{wall(12.5, 12.1, 13, true), false, "misses 1 of the 1 published figure it", "edge"},
		{wall(12.3, 11.8, 12.8, true), true, "misses 1 of the 1 published figure it was held against (1 of the 1 fitted); 1 on the edge, where the model's interval straddles the tolerance.", "reproduces"},
		{wall(0, 0, 0, false), false, "misses 1 of the 1", "edge"},
	} {
		ch := c.w.Checks[0]
		if got := ch.OnEdge(); got != c.edge {
			t.Errorf("mean %g [%g, %g]: on edge %v, want %v", ch.Mean, ch.Lo, ch.Hi, got, c.edge)
		}
		v := c.w.Verdict()
		if !strings.Contains(v, c.says) || strings.Contains(v, c.hasNot) {
			t.Errorf("mean %g [%g, %g]: verdict %q, want it to say %q and not %q", ch.Mean, ch.Lo, ch.Hi, v, c.says, c.hasNot)
		}
		if r := c.w.Rows()[0]; r.OnEdge != c.edge {
			t.Errorf("mean %g: row on_edge %v, want %v", ch.Mean, r.OnEdge, c.edge)
		}
	}
}

// TestWriteBrief: the few lines after run's and compare's tables count the
// figures inside, name those outside, carry the verdict, say so when the
// run is smaller than the tolerances' size, and wrap at 100 characters.
func TestWriteBrief(t *testing.T) {
	in := Target{Name: "income (P8)", Value: 10, Tolerance: 2}
	out := Target{Name: "people ever identified (T4)", Value: 10, Tolerance: 2, Use: HeldOut}
	w := &Wall{Scenario: "baseline", Households: 10000, Reps: 20, Checks: []Check{
		{Target: in, Defined: true, Mean: 11, Lo: 10.5, Hi: 11.5, Inside: true},
		{Target: out, Defined: true, Mean: 15, Lo: 14.5, Hi: 15.5},
	}}
	brief := func(w *Wall) string {
		var b strings.Builder
		if err := w.WriteBrief(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	got := brief(w)
	flat := strings.Join(strings.Fields(got), " ")
	for _, want := range []string{"1 of 2 figures inside their tolerance", "outside: people ever identified (T4).", w.Verdict(), "povsim validate, given the same scenario and flags, shows each figure; docs/MODEL.md §13 explains them."} {
		if !strings.Contains(flat, want) {
			t.Errorf("brief lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(flat, "noise is larger") {
		t.Errorf("a run of 10,000 × 20 is said to be noisier than the tolerances:\n%s", got)
	}
	for i, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if n := len([]rune(line)); n > 100 || i > 0 && !strings.HasPrefix(line, "  ") {
			t.Errorf("line %d (%d characters) not wrapped at 100 and indented: %q", i, n, line)
		}
	}
	w.Households, w.Reps = 2000, 20
	if got := brief(w); !strings.Contains(strings.Join(strings.Fields(got), " "), "set for 10,000 households × 20 replications; this run's own noise is larger") {
		t.Errorf("a run of 2,000 × 20 does not say it is noisier than the tolerances allow:\n%s", got)
	}
	w.Targets = &Targets{Name: "mine", File: "mine.yaml"} // a user's own figures: not MODEL.md's
	if got := brief(w); strings.Contains(got, "§13") {
		t.Errorf("the brief on a user's targets file points at docs/MODEL.md §13:\n%s", got)
	}
}

// TestVerdictOwnTargets: the verdict on a user's own targets file names
// the file, not the published record.
func TestVerdictOwnTargets(t *testing.T) {
	tg := Target{Name: "income", Value: 10, Tolerance: 2}
	w := &Wall{Scenario: "s", Targets: &Targets{Name: "mine", File: "/x/mine.yaml"}, Checks: []Check{{Target: tg, Defined: true, Mean: 15, Lo: 14, Hi: 16}}}
	if v := w.Verdict(); !strings.Contains(v, "misses 1 of the 1 figure of mine.yaml it was held against") || strings.Contains(v, "published") {
		t.Errorf("verdict %q", v)
	}
	w.Targets.Name = "published"
	if v := w.Verdict(); !strings.Contains(v, "1 published figure it") {
		t.Errorf("verdict on the published record %q", v)
	}
}

// TestWriteBriefOfNotes: replications that cannot be held against the
// targets give a note, not an error: none at all, or years that miss the
// targets' (with the years to run).
func TestWriteBriefOfNotes(t *testing.T) {
	ts := &Targets{Targets: []Target{{Name: "x", From: 2021, To: 2025}}}
	var b strings.Builder
	if err := WriteBriefOf(&b, ts, "s", 10, 1, nil, analysis.DrawGroups{}); err != nil || !strings.HasPrefix(b.String(), "not held against the published record: no replication") {
		t.Errorf("no replications: %v, %q", err, b.String())
	}
	b.Reset()
	res := []sim.Result{{Years: []sim.YearStats{{Year: 2021}, {Year: 2022}}}}
	if err := WriteBriefOf(&b, ts, "s", 10, 1, res, analysis.DrawGroups{}); err != nil ||
		b.String() != "not held against the published record: its figures cover 2021–2025 and this run simulates 2021–2022.\n  --years 5 or more shows it.\n" {
		t.Errorf("2021–2022: %v, %q", err, b.String())
	}
}

// TestWriteTableNoise: validate's table says, as run's and compare's brief
// does, when the run is smaller than the size the tolerances were set for.
func TestWriteTableNoise(t *testing.T) {
	w := &Wall{Scenario: "baseline", Targets: &Targets{Name: "published", File: "published"}, Checks: []Check{
		{Target: Target{Name: "income (P8)", Value: 10, Tolerance: 2}, Defined: true, Mean: 11, Lo: 10.5, Hi: 11.5, Inside: true},
	}}
	for _, c := range []struct {
		households, reps int
		noisy            bool
	}{{10000, 20, false}, {2000, 20, true}, {10000, 3, true}, {40000, 5, false}} {
		w.Households, w.Reps = c.households, c.reps
		var b strings.Builder
		if err := w.WriteTable(&b); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(strings.Join(strings.Fields(b.String()), " "), "this run's own noise is larger"); got != c.noisy {
			t.Errorf("%d × %d: says it is noisier than the tolerances allow: %v, want %v:\n%s", c.households, c.reps, got, c.noisy, b.String())
		}
	}
}
