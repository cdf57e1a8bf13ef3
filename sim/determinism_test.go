package sim

import (
	"reflect"
	"sync"
	"testing"
)

func newModel(t testing.TB, cfg Config) *Model {
	t.Helper()
	m, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return m
}

func smallDefault(households int) Params {
	p := Default()
	p.Population.Households = households
	return p
}

func TestSameSeedSameResult(t *testing.T) {
	m := newModel(t, Config{Params: smallDefault(1500)})
	a := m.Run(42, 0)
	b := m.Run(42, 0)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs of seed 42 rep 0 differ")
	}
	// A second model built from the same config gives the same result.
	if c := newModel(t, Config{Params: smallDefault(1500)}).Run(42, 0); !reflect.DeepEqual(a, c) {
		t.Fatal("a model rebuilt from the same config gives a different result")
	}
	for _, other := range []struct {
		seed uint64
		rep  int
	}{{43, 0}, {42, 1}, {0, 0}} {
		o := m.Run(other.seed, other.rep)
		o.Seed, o.Rep = a.Seed, a.Rep
		if reflect.DeepEqual(a.Years, o.Years) {
			t.Errorf("seed %d rep %d gives the same yearly statistics as seed 42 rep 0", other.seed, other.rep)
		}
	}
}

// TestRunnerReuse: a Runner reused for several replications (with and
// without traces) gives for each the result of a fresh Runner: no state
// leaks from one replication into the next through the buffers.
func TestRunnerReuse(t *testing.T) {
	p := smallDefault(1500)
	p.Labor.TalentReturn = 0.3 // returnees, village counters
	p.Labor.TalentSkill = 0.2
	p.Posts.Term = 3 // posts held across years
	m := newModel(t, Config{Params: p})
	want := m.NewRunner().Run(7, 3, Options{})

	r := m.NewRunner()
	r.Run(7, 0, Options{Trace: []int{0, 1, 2, 1499}})
	r.Run(8, 1, Options{})
	r.Run(7, 2, Options{Trace: []int{5}})
	if got := r.Run(7, 3, Options{}); !reflect.DeepEqual(got, want) {
		t.Fatal("rep 3 on a reused Runner differs from rep 3 on a fresh Runner")
	}
	// Tracing does not change the statistics.
	traced := m.NewRunner().Run(7, 3, Options{Trace: []int{3, 3, -1, 100000, 10}})
	if !reflect.DeepEqual(traced.Years, want.Years) || !reflect.DeepEqual(traced.Spells, want.Spells) {
		t.Fatal("tracing households changes the statistics")
	}
	if len(traced.Stories) != 2 {
		t.Errorf("%d stories for trace {3, 3, -1, 100000, 10}, want 2 (duplicates and out-of-range indices dropped)", len(traced.Stories))
	}
}

// TestConcurrentRunners: one Model, one Runner per goroutine, as the package
// documents. Results equal the sequential ones (and -race finds no race).
func TestConcurrentRunners(t *testing.T) {
	m := newModel(t, Config{Params: smallDefault(800)})
	const reps = 4
	want := make([]Result, reps)
	for rep := range want {
		want[rep] = m.Run(9, rep)
	}
	got := make([]Result, reps)
	var wg sync.WaitGroup
	for rep := range got {
		wg.Go(func() { got[rep] = m.NewRunner().Run(9, rep, Options{}) })
	}
	wg.Wait()
	for rep := range got {
		if !reflect.DeepEqual(got[rep], want[rep]) {
			t.Errorf("rep %d differs when run concurrently", rep)
		}
	}
}

// TestYearsPrefix: streams are keyed by year, so a shorter run is the prefix
// of a longer one.
func TestYearsPrefix(t *testing.T) {
	long := smallDefault(1000)
	short := long.Clone()
	short.Years = 4
	a := newModel(t, Config{Params: long}).Run(3, 1)
	b := newModel(t, Config{Params: short}).Run(3, 1)
	if !reflect.DeepEqual(a.Years[:short.Years], b.Years) {
		t.Fatal("the first 4 years of a 10-year run differ from a 4-year run")
	}
}

// TestCommonRandomNumbers: changing a lever leaves unchanged every outcome
// that does not depend on it. The subsidy changes incomes, hence monitoring,
// posts and employment assistance, but none of these feeds back into
// demography, health onset, illness, training or disasters. Health
// assistance is paid as reimbursement (IncReimbursement), not by lowering
// the gross medical cost, so IncMedical stays bit-identical even with it on.
func TestCommonRandomNumbers(t *testing.T) {
	levers := []struct {
		path  string
		value any
	}{
		{"transfers.subsidy.level", 0},
		{"monitoring.detection", 0.95},
		{"welfare_posts.per_hundred", 10},
		{"monitoring.mix.health", 5},
	}
	for _, healthAssist := range []float64{0, 0.1} {
		base := smallDefault(2000)
		base.Monitoring.Mix.Health = healthAssist
		a := newModel(t, Config{Params: base}).Run(11, 0)
		for _, lv := range levers {
			p := base.Clone()
			if err := p.Set(lv.path, lv.value); err != nil {
				t.Fatal(err)
			}
			b := newModel(t, Config{Params: p}).Run(11, 0)
			changed := false
			for yi := range a.Years {
				x, y := a.Years[yi], b.Years[yi]
				if x.Net != y.Net {
					changed = true
				}
				same := []struct {
					name string
					a, b any
				}{
					{"medical costs", x.Income[IncMedical], y.Income[IncMedical]},
					{"insurance reimbursement", x.Cost[CostMedicalInsurance], y.Cost[CostMedicalInsurance]},
					{"medical assistance", x.Cost[CostMedicalAssistance], y.Cost[CostMedicalAssistance]},
					{"damage", x.Income[IncDamage], y.Income[IncDamage]},
					{"relief", x.Income[IncRelief], y.Income[IncRelief]},
					{"deaths", x.Deaths, y.Deaths},
					{"people", x.People, y.People},
					{"dissolved", x.Dissolved, y.Dissolved},
					{"trained", x.Trained, y.Trained},
					{"chronic-illness type", x.Types[TypeChronic].Households, y.Types[TypeChronic].Households},
					{"disabled type", x.Types[TypeDisabled].Households, y.Types[TypeDisabled].Households},
				}
				for _, s := range same {
					if s.a != s.b {
						t.Errorf("health assistance weight %g, %s = %v: %d %s changed from %v to %v", healthAssist, lv.path, lv.value, x.Year, s.name, s.a, s.b)
					}
				}
			}
			if !changed {
				t.Errorf("%s = %v changed no net income: the lever is not exercised", lv.path, lv.value)
			}
		}
	}
}
