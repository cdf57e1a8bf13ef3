package sweep

import (
	"math"
	"testing"
)

// The summary's intervals stop at the outcome's bound (docs/MODEL.md §6):
// values 0, 0, 0, 0, 0.005 have mean 0.001 and the t-interval
// 0.001 ± t(0.975, 4)·0.001 = [−0.00178, 0.00378]; a share reports [0,
// 0.00378], mean income (no bound) the t-interval itself.
func TestSummaryIntervalCutAtBound(t *testing.T) {
	const t975df4 = 2.7764451051977987
	tab := &Table{Meta: Meta{Outcomes: []string{"registered_return", "income"}, Years: []int{2021}},
		Points: []Point{{Reps: 5, Values: []float64{0, 0, 0, 0, 0, 0, 0, 0, 0.005, 0.005}}}}
	got := map[string][2]float64{}
	err := tab.summarize(func(r summaryRow) error {
		if math.Abs(r.est.Mean-0.001) > 1e-15 || r.est.N != 5 {
			t.Errorf("%s: mean %g over %d, want 0.001 over 5", r.outcome, r.est.Mean, r.est.N)
		}
		got[r.outcome] = [2]float64{r.est.Lo, r.est.Hi}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	hi, lo := 0.001+t975df4*0.001, 0.001-t975df4*0.001
	for name, want := range map[string][2]float64{"registered_return": {0, hi}, "income": {lo, hi}} {
		if g := got[name]; math.Abs(g[0]-want[0]) > 1e-12 || math.Abs(g[1]-want[1]) > 1e-12 {
			t.Errorf("%s: [%.8g, %.8g], want [%.8g, %.8g]", name, g[0], g[1], want[0], want[1])
		}
	}
}
