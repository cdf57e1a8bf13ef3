package sweep

import (
	"reflect"
	"testing"

	"github.com/povsim/povsim/scenarios"
)

// A sweep on a base that extends baseline keeps the base's warm-up
// settings (sim.Config.Before) in every point's config, except those of
// the paths the sweep's set and parameters give: they hold from the year
// before the first on. Its resolved form gives the same configs.
func TestSweepKeepsBefore(t *testing.T) {
	baseline, err := scenarios.Load("baseline")
	if err != nil {
		t.Fatal(err)
	}
	sw := parse(t, "before.yaml", `base: disaster-stress
set: {population.households: 100, years: 2, disaster.crop_loss: 0.4}
parameters:
  - path: disaster.probability
    min: 0.1
    max: 0.3
  - path: training.rate
    min: 0
    max: 0.1
design: {kind: latin-hypercube, n: 3}
replications: 1
`)
	want := map[string]any{"disaster.household_hit": baseline.Config.Params.Disaster.HouseholdHit}
	base := sw.Base.Config.Before
	if _, ok := base["disaster.probability"]; !ok || len(base) != 2 {
		t.Errorf("base's Before after set: %v, want disaster.probability and disaster.household_hit", base)
	}
	again, err := Parse("resolved.yaml", sw.Resolved())
	if err != nil {
		t.Fatal(err)
	}
	for i := range sw.Points() {
		cfg, err := sw.Config(i)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cfg.Before, want) {
			t.Errorf("point %d: Before %v, want %v", i, cfg.Before, want)
		}
		if cfg.Params.Disaster.Probability == baseline.Config.Params.Disaster.Probability {
			t.Errorf("point %d: disaster.probability not swept", i)
		}
		back, err := again.Config(i)
		if err != nil || !reflect.DeepEqual(back, cfg) {
			t.Errorf("point %d of the resolved sweep: %+v, %v\nwant %+v", i, back.Before, err, cfg.Before)
		}
	}
	if len(sw.Base.Config.Before) != 2 {
		t.Errorf("the points changed the base's Before: %v", sw.Base.Config.Before)
	}
}
