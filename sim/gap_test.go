package sim_test

import (
	"math"
	"testing"

	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// TestGapOfNegativeIncome checks that a negative income counts as 0 in the
// poverty gap (docs/MODEL.md §6). When every household's medical bill exceeds everything it
// has (a major illness every year, costing e^20 yuan, nothing reimbursed,
// no dibao, no monitoring), every household is poor and every person's gap
// is 1: the poverty gap is 1 a person, where the negative incomes
// themselves would give about 10⁵.
func TestGapOfNegativeIncome(t *testing.T) {
	bench, err := scenarios.Load("bench-reference")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		p    sim.Params
	}{
		{"bench-reference", bench.Config.Params.Clone()},
		{"defaults", sim.Default()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			p.Population.Households = 500
			p.Health.EventBase = 1
			p.Health.CostMu, p.Health.CostSigma = 20, 0
			p.Health.Reimbursement, p.Health.FormerlyPoorExtra, p.Health.DoctorCostCut = 0, 0, 0
			p.Transfers.Dibao.Level = 0
			p.Monitoring.Enabled = false
			m, err := sim.New(sim.Config{Params: p})
			if err != nil {
				t.Fatal(err)
			}
			for _, ys := range m.Run(1, 0).Years {
				if ys.PoorPeople != ys.People {
					t.Fatalf("%d: %d of %d people poor, want all", ys.Year, ys.PoorPeople, ys.People)
				}
				if people := float64(ys.People); math.Abs(ys.GapSum-people) > 1e-12*people {
					t.Errorf("%d: gap sum %g, want %d people × 1", ys.Year, ys.GapSum, ys.People)
				}
			}
		})
	}
}
