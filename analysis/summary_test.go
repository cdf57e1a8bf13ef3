package analysis_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

// results makes one-year replications whose Monitored counts are xs, each
// with 100 formerly poor households of which returned[i] are poor.
func results(xs []int) []sim.Result {
	out := make([]sim.Result, len(xs))
	for i, x := range xs {
		out[i] = sim.Result{Rep: i, Years: []sim.YearStats{{Year: 2021, Households: 100, People: 300,
			FormerlyPoor: 100, Returned: x, Monitored: x}}}
	}
	return out
}

// Test 10: the estimate of a known sample. For 2, 4, 4, 5, 10: mean 5,
// squared deviations 9+1+1+0+25 = 36, SD = √(36/4) = 3, and the 95%
// half-width is t(0.975, 4)·3/√5 with t(0.975, 4) = 2.7764451051977987
// (scipy.stats.t.ppf(0.975, 4); R qt(0.975, 4) = 2.776445105197799).
func TestEstimateKnownSample(t *testing.T) {
	const t975df4 = 2.7764451051977987
	se := analysis.SeriesOf(analysis.Monitored, results([]int{2, 4, 4, 5, 10}))
	e := se.Years[0]
	half := t975df4 * 3 / math.Sqrt(5)
	// Mean and SD are sums of a few small integers: exact up to rounding
	// (1e-12). The quantile comes from gonum's numerical inversion of the
	// regularized incomplete beta function, accurate to about 1e-12
	// relative; 1e-9 leaves a wide margin while still catching a wrong
	// quantile (the normal's 1.96 is off by 0.8, df 5's 2.57 by 0.2).
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"mean", e.Mean, 5, 1e-12},
		{"sd", e.SD, 3, 1e-12},
		{"lo", e.Lo, 5 - half, 1e-9},
		{"hi", e.Hi, 5 + half, 1e-9},
		{"half-width", e.HalfWidth(), half, 1e-9},
	} {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s = %.15g, want %.15g", c.name, c.got, c.want)
		}
	}
	if e.N != 5 || !e.Defined() || !e.HasInterval() {
		t.Errorf("N %d Defined %v HasInterval %v, want 5 true true", e.N, e.Defined(), e.HasInterval())
	}
}

// Test 10: one replication has a mean but no interval.
func TestEstimateOneReplication(t *testing.T) {
	e := analysis.SeriesOf(analysis.Monitored, results([]int{7})).Years[0]
	if !e.Defined() || e.HasInterval() {
		t.Errorf("Defined %v HasInterval %v, want true false", e.Defined(), e.HasInterval())
	}
	if e.Mean != 7 || e.N != 1 || e.SD != 0 || e.HalfWidth() != 0 {
		t.Errorf("got %+v, want mean 7, N 1, SD 0, half-width 0", e)
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"mean":7,"lo":null,"hi":null,"sd":null,"n":1}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
}

// Test 10: an outcome undefined in every replication (no formerly poor
// household) is undefined; where it is defined in some, N counts those.
func TestEstimateUndefined(t *testing.T) {
	rs := results([]int{1, 2, 3})
	for i := range rs {
		rs[i].Years[0].FormerlyPoor, rs[i].Years[0].Returned = 0, 0
	}
	e := analysis.SeriesOf(analysis.ReturnRate, rs).Years[0]
	if e.Defined() || e.HasInterval() || e != (analysis.Estimate{}) {
		t.Errorf("got %+v, want the zero Estimate", e)
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"mean":null,"lo":null,"hi":null,"sd":null,"n":0}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}

	rs[1].Years[0].FormerlyPoor, rs[1].Years[0].Returned = 100, 20
	rs[2].Years[0].FormerlyPoor, rs[2].Years[0].Returned = 100, 30
	e = analysis.SeriesOf(analysis.ReturnRate, rs).Years[0]
	if e.N != 2 || math.Abs(e.Mean-0.25) > 1e-15 {
		t.Errorf("got %+v, want N 2 (replication 0 undefined) and mean 0.25", e)
	}
}

func TestSummarizeShape(t *testing.T) {
	ms := libraryModels(t, 300, "baseline")
	res := ensemble(t, ms, analysis.Options{Reps: 2, Seed: 3})
	s := analysis.Summarize("baseline", res[0], true)
	if s.Scenario != "baseline" || s.Reps != 2 || len(s.Years) != 10 || s.Years[0] != 2021 {
		t.Fatalf("Summary %q reps %d years %v", s.Scenario, s.Reps, s.Years)
	}
	if len(s.Series) != len(analysis.Outcomes) || len(s.ByType) != int(sim.NumTypes) || len(s.Costs) != int(sim.NumPrograms) {
		t.Errorf("%d outcomes, %d types, %d costs; want %d, %d, %d", len(s.Series), len(s.ByType), len(s.Costs),
			len(analysis.Outcomes), sim.NumTypes, sim.NumPrograms)
	}
	for _, group := range [][]analysis.Series{s.Series, s.ByType, s.Costs} {
		for _, se := range group {
			if len(se.Years) != len(s.Years) {
				t.Errorf("%s: %d years, want %d", se.Outcome, len(se.Years), len(s.Years))
			}
			if got := s.Get(se.Key); got.Outcome != se.Outcome || &got.Years[0] != &se.Years[0] {
				t.Errorf("Get(%v) = %q", se.Key, got.Outcome)
			}
			if k, err := analysis.ParseOutcome(se.Outcome); err != nil || k != se.Key {
				t.Errorf("ParseOutcome(%q) = %v, %v; want %v", se.Outcome, k, err, se.Key)
			}
		}
	}
	// The return rate of the first year is the mean of the replications'.
	rr := s.Get(analysis.ReturnRate)
	want := 0.0
	for _, r := range res[0] {
		want += float64(r.Years[0].Returned) / float64(r.Years[0].FormerlyPoor) / 2
	}
	if math.Abs(rr.Years[0].Mean-want) > 1e-15 {
		t.Errorf("return rate 2021 = %v, want %v", rr.Years[0].Mean, want)
	}
	// A summary without the types' rates gives them undefined, never
	// missing years.
	plain := analysis.Summarize("baseline", res[0], false)
	if se := plain.Get(analysis.ReturnRateOf(sim.TypeElderlyOnly)); len(se.Years) != len(s.Years) || se.Years[0].Defined() {
		t.Errorf("absent series: %+v", se)
	}
}
