package report

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/calibrate"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// The fixture: three library scenarios on 1,500 households, 4
// replications, seed 7. Everything the tests draw and write comes from it,
// so charts and reports are the same on every run.
var fixtureNames = []string{"baseline", "cut-subsidy", "ecommerce-rollout"}

const (
	fixtureHouseholds = 1500
	fixtureReps       = 4
	fixtureSeed       = 7
)

var fixture struct {
	once sync.Once
	scs  []*scenarios.Scenario
	res  [][]sim.Result
	err  error
}

// fixtureResults runs the fixture's simulation once per test binary.
func fixtureResults(t testing.TB) ([]*scenarios.Scenario, [][]sim.Result) {
	t.Helper()
	fixture.once.Do(func() {
		var models []*sim.Model
		for _, n := range fixtureNames {
			sc, err := scenarios.Load(n)
			if err != nil {
				fixture.err = err
				return
			}
			if err := sc.Override("test", []string{"population.households=1500"}); err != nil {
				fixture.err = err
				return
			}
			m, err := sim.New(sc.Config)
			if err != nil {
				fixture.err = err
				return
			}
			fixture.scs, models = append(fixture.scs, sc), append(models, m)
		}
		fixture.res, fixture.err = analysis.Ensemble(context.Background(), models,
			analysis.Options{Reps: fixtureReps, Seed: fixtureSeed, Workers: 4})
	})
	if fixture.err != nil {
		t.Fatal(fixture.err)
	}
	return fixture.scs, fixture.res
}

// fixtureInput is the report input of the fixture, with a fixed
// provenance and date so that the report's text is the same on every run.
func fixtureInput(t testing.TB) *Input {
	t.Helper()
	scs, res := fixtureResults(t)
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	prov := analysis.NewProvenance([]string{"povsim", "report", "baseline", "cut-subsidy", "ecommerce-rollout", "--out", "r.html"},
		fixtureSeed, fixtureReps, 4, start)
	prov.End = start.Add(time.Second)
	prov.GoVersion = "go1.test"
	in, err := FromResults(scs, res, prov)
	if err != nil {
		t.Fatal(err)
	}
	in.Generated = start
	ts, err := calibrate.LoadTargets("../../scenarios/examples/targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ts.Targets[3].Use = calibrate.HeldOut
	in.Validate(ts, res[0], fixtureSeed)
	return in
}
