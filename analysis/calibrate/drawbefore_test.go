package calibrate

import (
	"testing"
	"testing/fstest"

	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// TestDrawsWarmUp: with the embedded draws, a scenario that holds its own
// farm yield from its first year on runs the year before on each draw's
// yield, as the baseline does on that draw: the first year's dibao, paid
// on the warm-up's incomes alone (monitoring and demography off, reviews a
// year long), is the same in both at every draw, though the first year's
// incomes differ. On the base's yield instead (Before not moved with the
// draw) it would differ.
func TestDrawsWarmUp(t *testing.T) {
	d, err := OpenDraws(DefaultDraws)
	if err != nil {
		t.Fatal(err)
	}
	files := fstest.MapFS{"yield.yaml": {Data: []byte("name: yield\nextends: baseline\nfarming: {yield_value: 6000}\n")}}
	first := func(ref string) []sim.YearStats {
		sc, err := (&scenarios.Loader{Files: files}).Load(ref)
		if err != nil {
			t.Fatal(err)
		}
		if err := sc.Override("test", []string{"population.households=600", "population.village_size=30",
			"monitoring.enabled=false", "demography.enabled=false",
			"transfers.dibao.review_months=12", "transfers.dibao.review_months_no_labor=12"}); err != nil {
			t.Fatal(err)
		}
		models, _, err := d.Models(ref, sc.Config)
		if err != nil {
			t.Fatal(err)
		}
		var out []sim.YearStats
		for _, m := range models[:3] {
			out = append(out, m.Run(3, 0).Years[0])
		}
		return out
	}
	base, own := first("baseline"), first("yield.yaml")
	for k := range base {
		b, o := base[k], own[k]
		if b.Cost[sim.CostDibao] == 0 || b.Income == o.Income {
			t.Fatalf("draw %d: dibao %g, incomes %v and %v: the test tests nothing", k, b.Cost[sim.CostDibao], b.Income, o.Income)
		}
		if b.Cost[sim.CostDibao] != o.Cost[sim.CostDibao] {
			t.Errorf("draw %d: first year's dibao %.0f with the scenario's own yield, %.0f in the baseline: the warm-ups differ",
				k, o.Cost[sim.CostDibao], b.Cost[sim.CostDibao])
		}
	}
}
