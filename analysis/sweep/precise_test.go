package sweep

import "testing"

// As compare's, a precision target is met only on at least
// analysis.MinPrecisionReps (10) replications: twelve replications all at
// 0.1 met a target of ±0.01 at the first two (sd 0), and two that differed
// but met it (±0.0064) stopped there too; both now go on to ten. Past
// ten, replications stop where they meet the target.
func TestPreciseZeroWidthFloor(t *testing.T) {
	w := &worker{s: &Sweep{Years: []int{2021},
		Precision: &Precision{Outcome: "return_rate", HalfWidth: 0.01, Min: 2, Max: 12, Step: 2}}}
	for _, c := range []struct {
		name   string
		values []float64
		want   int
	}{
		{"all alike", []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, 10},
		{"differing", []float64{0.1, 0.101, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, 10}, // met at 2: ±12.7·0.0007/√2 = 0.0064
		{"wide until twelve", []float64{0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0.5, 0.5}, 12},
	} {
		e := &entry{Reps: 12, Years: []int{2021}, Outcomes: []string{"return_rate"}, Values: c.values}
		asked := 0
		got, err := w.precise(e, func(n int) error { asked = max(asked, n); return nil })
		if err != nil || got != c.want || asked != c.want {
			t.Errorf("%s: %d replications (asked for %d), %v; want %d", c.name, got, asked, err, c.want)
		}
	}
}
