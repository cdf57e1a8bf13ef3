package analysis

import (
	"math"
	"os"
	"path/filepath"

	"github.com/povsim/povsim/internal/jsonerr"
	"github.com/povsim/povsim/sim"
)

// Spells answer "how soon do people fall back?": how long formerly poor
// households stay out of poverty after their exit in 2020, the hazard of
// falling back by years since an exit, and how long a return lasts.
//
// Every quantity is computed from the counts sim records in each
// replication (YearStats.NeverReturned and NewlyReturned, the
// Kaplan–Meier risk set and events, and Spells, the transitions by
// spell length). Those counts are the sufficient statistics of the
// household trajectories for these estimators, so no trajectory needs to
// be kept.
type SpellSummary struct {
	Scenario string `json:"scenario"`
	Reps     int    `json:"replications"`

	// Years are the calendar years of Survival: Years[0] is the year of
	// exit from poverty (the year before the first simulated year, 2020)
	// and Years[t] the t-th simulated year.
	Years []int `json:"years"`
	// Survival[t] is the Kaplan–Meier estimate of the share of formerly
	// poor households that have not returned to poverty in any of the
	// first t simulated years: S(t) = Π_{s≤t} (1 − NewlyReturned_s /
	// NeverReturned_s), computed per replication, then averaged across
	// replications with the 95% interval of the mean (clipped to [0, 1]).
	// Households that dissolve leave the risk set (censoring). S(0) = 1.
	Survival []Estimate `json:"survival"`
	// MedianOut is the first t at which the mean survival is at most one
	// half (half the households have returned at least once), with the
	// years at which the band's lower and upper edges cross one half. Nil
	// where the crossing lies beyond the horizon.
	MedianOut   *int `json:"median_years_out"`
	MedianOutLo *int `json:"median_years_out_lo"`
	MedianOutHi *int `json:"median_years_out_hi"`

	// Durations are the spell lengths d (years) of FallHazard and
	// ExitHazard.
	Durations []int `json:"durations"`
	// FallHazard[i] is the probability that a household out of poverty for
	// Durations[i] years falls back in the next year: ΣOutFall[d] /
	// ΣOutAtRisk[d], pooled over households, years and replications, with
	// a 95% interval from the jackknife over replications (households of a
	// replication share village and township shocks, so they are not
	// independent draws). Spells out of poverty start with the exit in 2020
	// and again with every later recovery; they include marginal households
	// that have been poor (sim.Spells).
	FallHazard []Estimate `json:"fall_hazard"`
	// ExitHazard[i] is the probability that a household poor for
	// Durations[i] years leaves poverty the next year, ΣInExit[d] /
	// ΣInAtRisk[d], with the same kind of interval.
	ExitHazard []Estimate `json:"exit_hazard"`
	// MeanReturn is the mean length of a spell in poverty implied by
	// ExitHazard, in years: Σ_{d≥1} Π_{j<d} (1 − e(j)), with the longest
	// durations pooled into one hazard (at least minTailAtRisk spells at
	// risk) held constant beyond them (a geometric tail). Undefined when
	// that hazard is zero.
	MeanReturn Estimate `json:"mean_return_years"`

	// ByType is Survival per household type (sim.Type order), present when
	// asked for.
	ByType []TypeSurvival `json:"by_type,omitempty"`
}

// TypeSurvival is the survival curve of the formerly poor households of
// one type, and its hazards when sim records spells by type.
// Households are typed year by year (sim.Type), so a household is at risk
// in a type's curve in the years it has that type.
type TypeSurvival struct {
	Type     string     `json:"type"`
	Survival []Estimate `json:"survival"`
	// Durations, FallHazard, ExitHazard and MeanReturn are as in
	// SpellSummary, for the households of the type; empty until sim
	// records spells by type (typeSpells).
	Durations  []int      `json:"durations,omitempty"`
	FallHazard []Estimate `json:"fall_hazard,omitempty"`
	ExitHazard []Estimate `json:"exit_hazard,omitempty"`
	MeanReturn *Estimate  `json:"mean_return_years,omitempty"`
}

// SpellsOf computes the spell summaries of every scenario of a comparison,
// results [scenario][replication], in the order of names.
func SpellsOf(names []string, results [][]sim.Result, byType bool) []SpellSummary {
	out := make([]SpellSummary, len(names))
	for i, n := range names {
		out[i] = SummarizeSpells(n, results[i], byType)
	}
	return out
}

// SummarizeSpells computes one scenario's SpellSummary from its
// replications.
func SummarizeSpells(name string, results []sim.Result, byType bool) SpellSummary {
	s := SpellSummary{Scenario: name, Reps: len(results)}
	if len(results) == 0 || len(results[0].Years) == 0 {
		return s
	}
	years := results[0].Years
	s.Years = append(s.Years, years[0].Year-1)
	for _, y := range years {
		s.Years = append(s.Years, y.Year)
	}
	s.Survival = kaplanMeier(results, func(y *sim.YearStats) (int, int, bool) {
		return y.NeverReturned, y.NewlyReturned, true
	})
	s.MedianOut, s.MedianOutLo, s.MedianOutHi = medianOut(s.Survival)

	spells := make([]*sim.Spells, len(results))
	for r := range results {
		spells[r] = &results[r].Spells
	}
	s.Durations, s.FallHazard, s.ExitHazard, s.MeanReturn = hazards(spells)
	if byType {
		for t := sim.Type(0); t < sim.NumTypes; t++ {
			s.ByType = append(s.ByType, TypeSurvivalOf(results, t))
		}
	}
	return s
}

// riskSet reads a year's Kaplan–Meier counts: those at risk at the start of
// the year and the first returns among them; ok is false where the counts
// are not available.
type riskSet func(y *sim.YearStats) (atRisk, events int, ok bool)

// kaplanMeier returns S(0) = 1, S(1), … S(T): the product-limit estimate
// per replication, then the mean and 95% interval across replications. A
// replication whose counts become unavailable stops contributing from that
// year on.
func kaplanMeier(results []sim.Result, counts riskSet) []Estimate {
	years := len(results[0].Years)
	surv := make([][]float64, years+1) // [t][contributing replications]
	for r := range results {
		s := 1.0
		surv[0] = append(surv[0], s)
		for t := range years {
			n, d, ok := counts(&results[r].Years[t])
			if !ok {
				break
			}
			if n > 0 {
				s *= 1 - float64(min(d, n))/float64(n)
			}
			surv[t+1] = append(surv[t+1], s)
		}
	}
	out := make([]Estimate, years+1)
	for t, xs := range surv {
		out[t] = clip01(estimate(xs))
	}
	return out
}

// clip01 clips an estimate of a probability to [0, 1].
func clip01(e Estimate) Estimate {
	e.Lo = math.Max(0, math.Min(1, e.Lo))
	e.Hi = math.Max(0, math.Min(1, e.Hi))
	e.Mean = math.Max(0, math.Min(1, e.Mean))
	return e
}

// medianOut finds where the survival curve (mean, lower and upper edge of
// the band) first falls to one half or below.
func medianOut(s []Estimate) (mean, lo, hi *int) {
	cross := func(v func(Estimate) float64) *int {
		for t, e := range s {
			if e.Defined() && v(e) <= 0.5 {
				return &t
			}
		}
		return nil
	}
	mean = cross(func(e Estimate) float64 { return e.Mean })
	if len(s) > 0 && s[len(s)-1].HasInterval() {
		lo = cross(func(e Estimate) float64 { return e.Lo })
		hi = cross(func(e Estimate) float64 { return e.Hi })
	}
	return mean, lo, hi
}

// hazards computes the fall-back and exit hazards by duration and the
// implied mean length of a spell in poverty, pooled over replications,
// with jackknife intervals over replications.
func hazards(spells []*sim.Spells) (durations []int, fall, exit []Estimate, meanReturn Estimate) {
	n := 0
	for _, sp := range spells {
		n = max(n, len(sp.OutAtRisk), len(sp.InAtRisk))
	}
	// Durations 1 … the longest with anyone at risk (index 0 is unused:
	// a spell has lasted at least a year when it is at risk).
	last := 0
	for d := 1; d < n; d++ {
		for _, sp := range spells {
			if at(sp.OutAtRisk, d) > 0 || at(sp.InAtRisk, d) > 0 {
				last = d
			}
		}
	}
	for d := 1; d <= last; d++ {
		durations = append(durations, d)
		fall = append(fall, pooledRatio(spells, func(sp *sim.Spells) (int, int) { return at(sp.OutFall, d), at(sp.OutAtRisk, d) }))
		exit = append(exit, pooledRatio(spells, func(sp *sim.Spells) (int, int) { return at(sp.InExit, d), at(sp.InAtRisk, d) }))
	}
	meanReturn = jackknife(spells, func(keep func(int) bool) (float64, bool) {
		x := make([]int, last+1)
		m := make([]int, last+1)
		for r, sp := range spells {
			if keep(r) {
				for d := 1; d <= last; d++ {
					x[d] += at(sp.InExit, d)
					m[d] += at(sp.InAtRisk, d)
				}
			}
		}
		return meanSpell(exitHazards(x, m))
	})
	// A spell in poverty lasts at least a year.
	meanReturn.Lo = math.Max(meanReturn.Lo, math.Min(1, meanReturn.Mean))
	return durations, fall, exit, meanReturn
}

func at(xs []int, i int) int {
	if i < len(xs) {
		return xs[i]
	}
	return 0
}

// minTailAtRisk is the least number of spells at risk on which the
// hazard of the tail is estimated: the longest durations are pooled until
// they reach it, since a hazard estimated from a handful of long spells
// would dominate the implied mean.
const minTailAtRisk = 50

// tailStart returns the first duration of the pooled tail: the largest K
// with Σ_{d≥K} m[d] ≥ minTailAtRisk (1 if there is no such K).
func tailStart(m []int) int {
	sum := 0
	for k := len(m) - 1; k >= 1; k-- {
		sum += m[k]
		if sum >= minTailAtRisk {
			return k
		}
	}
	return 1
}

// exitHazards turns exits x[d] and spells at risk m[d], d = 1 … (index 0
// unused), into hazards e(1) … e(K−1) and the pooled hazard of the tail
// d ≥ K, K = tailStart(m). It returns nil if a duration before the tail
// has no one at risk or the tail has no one at all.
func exitHazards(x, m []int) []float64 {
	if len(m) < 2 {
		return nil
	}
	k := tailStart(m)
	var e []float64
	for d := 1; d < k; d++ {
		if m[d] == 0 {
			return nil
		}
		e = append(e, float64(x[d])/float64(m[d]))
	}
	var xt, mt int
	for d := k; d < len(m); d++ {
		xt += x[d]
		mt += m[d]
	}
	if mt == 0 {
		return nil
	}
	return append(e, float64(xt)/float64(mt))
}

// meanSpell is the mean length of a spell with exit hazards e[0] = e(1),
// e[1] = e(2), …: Σ_{d≥1} P(L ≥ d) with P(L ≥ d) = Π_{j<d} (1 − e(j)), and
// e held at its last value beyond the last duration.
func meanSpell(e []float64) (float64, bool) {
	if len(e) == 0 || e[len(e)-1] <= 0 {
		return 0, false
	}
	sum, p := 0.0, 1.0 // p = P(L ≥ d)
	for _, h := range e[:len(e)-1] {
		sum += p
		p *= 1 - h
	}
	// d = len(e) and beyond: Σ_k p (1 − e_K)^k = p / e_K.
	return sum + p/e[len(e)-1], true
}

// pooledRatio estimates Σ events / Σ at risk over replications with a
// jackknife interval over replications.
func pooledRatio(spells []*sim.Spells, counts func(*sim.Spells) (events, atRisk int)) Estimate {
	e := jackknife(spells, func(keep func(int) bool) (float64, bool) {
		var x, m int
		for r, sp := range spells {
			if keep(r) {
				a, b := counts(sp)
				x += a
				m += b
			}
		}
		if m == 0 {
			return 0, false
		}
		return float64(x) / float64(m), true
	})
	return clip01(e)
}

// jackknife estimates a statistic of all replications with the 95%
// interval of the delete-one jackknife over replications: the standard
// error sqrt((R−1)/R Σ (θ₋ᵢ − θ̄₋)²) times Student's t with R−1 degrees of
// freedom. SD is set so that SD/√N is that standard error, as for the
// other estimates. With one replication there is no interval.
func jackknife(spells []*sim.Spells, stat func(keep func(r int) bool) (float64, bool)) Estimate {
	theta, ok := stat(func(int) bool { return true })
	if !ok {
		return Estimate{}
	}
	R := len(spells)
	if R < 2 {
		return Estimate{Mean: theta, Lo: theta, Hi: theta, N: 1}
	}
	var loo []float64
	for i := range R {
		if v, ok := stat(func(r int) bool { return r != i }); ok {
			loo = append(loo, v)
		}
	}
	if len(loo) < 2 {
		return Estimate{Mean: theta, Lo: theta, Hi: theta, N: 1}
	}
	k := float64(len(loo))
	mean := 0.0
	for _, v := range loo {
		mean += v
	}
	mean /= k
	ss := 0.0
	for _, v := range loo {
		ss += (v - mean) * (v - mean)
	}
	se := math.Sqrt((k - 1) / k * ss)
	half := tQuantile(len(loo)-1) * se
	return Estimate{Mean: theta, Lo: theta - half, Hi: theta + half, SD: se * math.Sqrt(k), N: len(loo)}
}

// TypeSurvivalOf returns the Kaplan–Meier survival curve of the formerly
// poor households of type t, from sim's per-type risk sets (households of
// the type in the year counted; a household that changes type moves between
// risk sets).
func TypeSurvivalOf(results []sim.Result, t sim.Type) TypeSurvival {
	ts := TypeSurvival{Type: t.String()}
	ts.Survival = kaplanMeier(results, func(y *sim.YearStats) (int, int, bool) {
		tc := &y.Types[t]
		// A year without formerly poor households of the type ends the
		// replication's curve.
		return tc.NeverReturned, tc.NewlyReturned, tc.FormerlyPoor > 0
	})
	ts.addHazards(results, t)
	return ts
}

// addHazards fills in the type's hazards if sim records spells by type.
func (ts *TypeSurvival) addHazards(results []sim.Result, t sim.Type) {
	spells := make([]*sim.Spells, len(results))
	for r := range results {
		sp, ok := typeSpells(&results[r], t)
		if !ok {
			return
		}
		spells[r] = sp
	}
	var mr Estimate
	ts.Durations, ts.FallHazard, ts.ExitHazard, mr = hazards(spells)
	if mr.Defined() {
		ts.MeanReturn = &mr
	}
}

// typeSpells returns the spell counts of the households of type t in one
// replication (counted for the households of the type in the year counted).
func typeSpells(r *sim.Result, t sim.Type) (*sim.Spells, bool) {
	if len(r.Spells.Types) <= int(t) {
		return nil, false
	}
	return &r.Spells.Types[t], true
}

// SpellsFile is the name of the spells file of an output folder.
const SpellsFile = "spells.json"

// ReadSpells reads the spells.json of an output folder.
func ReadSpells(dir string) ([]SpellSummary, error) {
	b, err := os.ReadFile(filepath.Join(dir, SpellsFile))
	if err != nil {
		return nil, err
	}
	var s []SpellSummary
	if err := jsonerr.Decode(filepath.Join(dir, SpellsFile), b, &s); err != nil {
		return nil, err
	}
	return s, nil
}
