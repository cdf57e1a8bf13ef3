package sweep

import "testing"

// A precision target is not met by a zero-width interval of fewer than
// analysis.MinPrecisionReps (10) replications: twelve replications all at
// 0.1 met a target of ±0.01 at the first two (sd 0), and now go on to ten.
// Replications that differ but meet the target stop where they met it.
func TestPreciseZeroWidthFloor(t *testing.T) {
	w := &worker{s: &Sweep{Years: []int{2021},
		Precision: &Precision{Outcome: "return_rate", HalfWidth: 0.01, Min: 2, Max: 12, Step: 2}}}
	for _, c := range []struct {
		name   string
		values []float64
		want   int
	}{
		{"all alike", []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, 10},
		{"differing", []float64{0.1, 0.101, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, 2}, // ±12.7·0.0007/√2 = 0.0064
	} {
		e := &entry{Reps: 12, Years: []int{2021}, Outcomes: []string{"return_rate"}, Values: c.values}
		asked := 0
		got, err := w.precise(e, func(n int) error { asked = max(asked, n); return nil })
		if err != nil || got != c.want || asked != c.want {
			t.Errorf("%s: %d replications (asked for %d), %v; want %d", c.name, got, asked, err, c.want)
		}
	}
}
