package analysis

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/povsim/povsim/sim"
)

// markovParams returns parameters under which a household's poverty is a
// two-state Markov chain: every household is one healthy local laborer of
// skill 0, with no land, transfers, medical costs, disasters, monitoring
// or demography, a wage that does not vary (wage_sigma 0) and lies far
// above the line. A household is then poor in a year exactly when its
// laborer has no job, and the job is a two-state chain that finds a job
// with probability f and loses it with probability q each year.
func markovParams(households int, f, q float64) sim.Params {
	p := sim.Minimal(households)
	p.Population.FormerlyPoorShare = 0.8
	l := &p.Labor
	l.LocalJobFind, l.LocalJobLoss = f, q
	l.LocalWageMu, l.WageSigma = math.Log(15000), 0
	return p
}

func runReps(t testing.TB, p sim.Params, seed uint64, reps int) []sim.Result {
	t.Helper()
	m, err := sim.New(sim.Config{Params: p})
	if err != nil {
		t.Fatalf("sim.New: %v", err)
	}
	r := m.NewRunner()
	out := make([]sim.Result, reps)
	for rep := range out {
		out[rep] = r.Run(seed, rep, sim.Options{})
	}
	return out
}

// zTol: Monte Carlo checks allow 4 standard errors; with fixed seeds the
// outcome does not change from run to run, and a correct model fails one
// check with probability 6e-5.
const zTol = 4

// TestSurvivalGeometric checks the Kaplan–Meier curve against its closed
// form in a configuration that reduces to a two-state Markov chain
// (markovParams): a household is poor in a year exactly when its laborer
// is unemployed; an employed laborer loses the job with probability q each
// year, an unemployed one finds one with probability f.
//
// Derivation. sim draws the start state (end of 2020) from the chain's
// stationary law: employed with probability 1 − π, π = q/(f+q)
// (runner.go, assignMode). The chain moves once before year 1 is
// counted, so P(employed in year 1) = (1−π)(1−q) + π f = 1 − π: the
// stationary law again. A household "survives" year t when it has not
// been poor in any of years 1…t, i.e. employed in each of them. By the
// Markov property, given employment in year s the laborer is still
// employed in year s+1 with probability 1 − q, so
//
//	S(0) = 1,   S(t) = (1 − π) (1 − q)^(t−1) = f/(f+q) · (1 − q)^(t−1),  t ≥ 1
//
// — geometric from year 1 on, with a first step of f/(f+q) rather than
// 1 − q because the start state is not conditioned on employment.
// Likewise the hazard of falling back after d ≥ 2 years out of poverty is
// q (the household was employed the year before; at d = 1 the risk set
// mixes the 2020 cohort, whose start state is unobserved, with recent
// recoveries), the exit hazard of a poor household is f whatever the
// duration, and a spell in poverty is geometric with mean 1/f.
//
// Nothing dissolves (demography is off), so the Kaplan–Meier estimate is
// the share never poor, a binomial proportion over the formerly poor
// households of all replications; the households are independent (no
// shared shocks are switched on), so its standard error is
// sqrt(S(1−S)/n). The per-replication curves averaged across
// replications give the same estimate when every replication has the
// same number of formerly poor households, and nearly the same otherwise.
func TestSurvivalGeometric(t *testing.T) {
	const households, reps = 4000, 4
	for _, c := range []struct{ f, q float64 }{
		{0.6, 0.15}, // the default local chain
		{0.3, 0.3},
		{0.9, 0.05},
	} {
		t.Run(fmt.Sprintf("f=%g,q=%g", c.f, c.q), func(t *testing.T) {
			f, q := c.f, c.q
			results := runReps(t, markovParams(households, f, q), 5, reps)
			s := SummarizeSpells("markov", results, true)

			fp := 0
			for _, r := range results {
				fp += r.Years[0].FormerlyPoor
			}
			if len(s.Survival) != 11 || s.Years[0] != 2020 || s.Years[10] != 2030 {
				t.Fatalf("survival over years %v (%d points), want 2020…2030", s.Years, len(s.Survival))
			}
			if s.Survival[0].Mean != 1 {
				t.Errorf("S(0) = %v, want 1", s.Survival[0].Mean)
			}
			for tt := 1; tt <= 10; tt++ {
				want := f / (f + q) * math.Pow(1-q, float64(tt-1))
				got := s.Survival[tt]
				se := math.Sqrt(want * (1 - want) / float64(fp))
				if math.Abs(got.Mean-want) > zTol*se {
					t.Errorf("S(%d) = %.5f [%.5f, %.5f], want %.5f ± %.5f", tt, got.Mean, got.Lo, got.Hi, want, zTol*se)
				}
				if !(got.Lo <= got.Mean && got.Mean <= got.Hi) {
					t.Errorf("S(%d): interval [%v, %v] does not hold the mean %v", tt, got.Lo, got.Hi, got.Mean)
				}
			}

			// Fall-back hazard for d ≥ 2 and exit hazard for every d.
			for i, d := range s.Durations {
				if d >= 2 {
					checkPooled(t, fmt.Sprintf("fall hazard d=%d", d), results, s.FallHazard[i], q,
						func(sp *sim.Spells) int { return sp.OutAtRisk[d] })
				}
				checkPooled(t, fmt.Sprintf("exit hazard d=%d", d), results, s.ExitHazard[i], f,
					func(sp *sim.Spells) int { return sp.InAtRisk[d] })
			}
			if !s.MeanReturn.Defined() {
				t.Fatalf("mean return undefined")
			}
			// The mean of a geometric spell is 1/f. Its standard error by
			// the delta method: the estimate is M(e(1), …, e(K−1), e_tail)
			// with independent (martingale) hazard estimates of variance
			// f(1−f)/m; at e ≡ f, ∂M/∂e(j) = −(1−f)^(j−1)/f for j < K and
			// ∂M/∂e_tail = −(1−f)^(K−1)/f².
			m := make([]int, len(results[0].Spells.InAtRisk))
			for _, r := range results {
				for d, n := range r.Spells.InAtRisk {
					m[d] += n
				}
			}
			k := tailStart(m)
			v := 0.0
			for j := 1; j <= k; j++ {
				n := m[j]
				g := math.Pow(1-f, float64(j-1)) / f
				if j == k {
					n = 0
					for _, x := range m[k:] {
						n += x
					}
					g /= f
				}
				v += g * g * f * (1 - f) / float64(n)
			}
			se := math.Sqrt(v)
			if got := s.MeanReturn.Mean; math.Abs(got-1/f) > zTol*se {
				t.Errorf("mean return %.4f [%.4f, %.4f] years, want 1/f = %.4f ± %.4f", got, s.MeanReturn.Lo, s.MeanReturn.Hi, 1/f, zTol*se)
			}
			// Every household is of type "other", so its curve, exact or
			// approximate, is the overall one.
			other := s.ByType[sim.TypeOther]
			if other.Type != "other" {
				t.Fatalf("by type[other] = %q", other.Type)
			}
			for tt := range s.Survival {
				if math.Abs(other.Survival[tt].Mean-s.Survival[tt].Mean) > 1e-5 {
					t.Errorf("type other S(%d) = %v, overall %v", tt, other.Survival[tt].Mean, s.Survival[tt].Mean)
				}
			}
			if e := s.ByType[sim.TypeLarge].Survival; e[1].Defined() {
				t.Errorf("no large household exists, but its survival is %v", e[1])
			}
		})
	}
}

// checkPooled compares a pooled hazard with p within zTol binomial standard
// errors (conditionally Bernoulli events: martingale CLT).
func checkPooled(t *testing.T, what string, results []sim.Result, e Estimate, p float64, atRisk func(*sim.Spells) int) {
	t.Helper()
	n := 0
	for i := range results {
		n += atRisk(&results[i].Spells)
	}
	if n < 30 {
		return // too few at risk to say anything
	}
	se := math.Sqrt(p * (1 - p) / float64(n))
	if math.Abs(e.Mean-p) > zTol*se {
		t.Errorf("%s = %.4f [%.4f, %.4f] (n = %d), want %.4f ± %.4f", what, e.Mean, e.Lo, e.Hi, n, p, zTol*se)
	}
}

// Without dissolution the Kaplan–Meier estimate of one replication is
// exactly the share of formerly poor households that never returned.
func TestSurvivalIsNeverReturned(t *testing.T) {
	results := runReps(t, markovParams(2000, 0.5, 0.2), 9, 1)
	s := SummarizeSpells("one", results, false)
	for tt, y := range results[0].Years {
		want := 1 - float64(y.EverReturned)/float64(y.FormerlyPoor)
		if got := s.Survival[tt+1].Mean; math.Abs(got-want) > 1e-12 {
			t.Errorf("%d: S = %v, 1 − ever returned = %v", y.Year, got, want)
		}
	}
	if s.Survival[1].HasInterval() {
		t.Errorf("one replication gives an interval: %+v", s.Survival[1])
	}
}

// With the default model households die and dissolve: the curve must stay
// in [0, 1], decrease, and lie at or above 1 − ever returned (censored
// households leave the risk set; dissolved ones that had returned leave
// the numerator of ever returned).
func TestSurvivalDefaultModel(t *testing.T) {
	p := sim.Default()
	p.Population.Households = 3000
	results := runReps(t, p, 2, 6)
	s := SummarizeSpells("default", results, true)
	for tt := 1; tt < len(s.Survival); tt++ {
		e := s.Survival[tt]
		if e.Mean > s.Survival[tt-1].Mean+1e-12 {
			t.Errorf("S rises at %d: %v after %v", s.Years[tt], e.Mean, s.Survival[tt-1].Mean)
		}
		if e.Lo < 0 || e.Hi > 1 || e.Lo > e.Mean || e.Mean > e.Hi {
			t.Errorf("S(%d) = %+v: interval out of order or outside [0, 1]", tt, e)
		}
	}
	if len(s.Durations) == 0 || len(s.FallHazard) != len(s.Durations) || len(s.ExitHazard) != len(s.Durations) {
		t.Fatalf("durations %v, %d fall and %d exit hazards", s.Durations, len(s.FallHazard), len(s.ExitHazard))
	}
	for i, e := range s.FallHazard {
		if e.Defined() && (e.Mean < 0 || e.Mean > 1 || !e.HasInterval()) {
			t.Errorf("fall hazard d=%d: %+v", s.Durations[i], e)
		}
	}
	if !s.MeanReturn.HasInterval() || s.MeanReturn.Mean < 1 {
		t.Errorf("mean return %+v, want ≥ 1 year with an interval", s.MeanReturn)
	}
	if len(s.ByType) != int(sim.NumTypes) {
		t.Fatalf("%d types", len(s.ByType))
	}
	// The JSON written for `report --from` reads back the same.
	b, err := json.Marshal([]SpellSummary{s})
	if err != nil {
		t.Fatal(err)
	}
	var back []SpellSummary
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(back)
	if string(b) != string(b2) {
		t.Errorf("spells JSON does not round-trip:\n%s\n%s", b, b2)
	}
}

func TestMeanSpell(t *testing.T) {
	for _, c := range []struct {
		e    []float64
		want float64
		ok   bool
	}{
		{[]float64{0.5}, 2, true},
		{[]float64{0.25, 0.25, 0.25}, 4, true},
		{[]float64{1}, 1, true},
		{[]float64{0.5, 1}, 1.5, true},
		{[]float64{0.5, 0}, 0, false},
		{[]float64{0, 0.5}, 3, true},
		{nil, 0, false},
	} {
		got, ok := meanSpell(c.e)
		if ok != c.ok || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("meanSpell(%v) = %v, %v; want %v, %v", c.e, got, ok, c.want, c.ok)
		}
	}
}

// The jackknife of a ratio of sums over identical replications has no
// spread; over differing ones its interval holds the pooled ratio.
func TestPooledRatio(t *testing.T) {
	mk := func(fall, risk int) *sim.Spells {
		return &sim.Spells{OutAtRisk: []int{0, risk}, OutFall: []int{0, fall}}
	}
	get := func(sp *sim.Spells) (int, int) { return sp.OutFall[1], sp.OutAtRisk[1] }
	e := pooledRatio([]*sim.Spells{mk(10, 100), mk(10, 100), mk(10, 100)}, get)
	if math.Abs(e.Mean-0.1) > 1e-12 || e.Hi-e.Lo > 1e-12 || e.N != 3 {
		t.Errorf("identical replications: %+v", e)
	}
	e = pooledRatio([]*sim.Spells{mk(5, 100), mk(10, 100), mk(30, 200)}, get)
	if math.Abs(e.Mean-0.1125) > 1e-12 || !(e.Lo < e.Mean && e.Mean < e.Hi) {
		t.Errorf("pooled ratio %+v, want 0.1125 inside its interval", e)
	}
	if e := pooledRatio([]*sim.Spells{mk(0, 0)}, get); e.Defined() {
		t.Errorf("no one at risk: %+v", e)
	}
}

func TestExitHazards(t *testing.T) {
	// 100 at risk at d = 1, 30 at d = 2, 15 at d = 3 and 10 at d = 4: the
	// tail pools d ≥ 2 (55 ≥ minTailAtRisk).
	x := []int{0, 50, 9, 6, 5}
	m := []int{0, 100, 30, 15, 10}
	got := exitHazards(x, m)
	want := []float64{0.5, 20.0 / 55}
	if len(got) != len(want) {
		t.Fatalf("exitHazards = %v, want %v", got, want)
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("exitHazards = %v, want %v", got, want)
		}
	}
	if got := exitHazards([]int{0, 0, 1}, []int{0, 0, 100}); got != nil {
		t.Errorf("gap before the tail: %v, want nil", got)
	}
}
