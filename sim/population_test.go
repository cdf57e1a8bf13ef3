package sim

import "testing"

// TestElderlyAgeSpan checks the initial ages of the elderly: the whole
// years of [retire_age, retire_age + span), every one of them reached.
func TestElderlyAgeSpan(t *testing.T) {
	for _, span := range []int{0, 1, 5, 20} {
		p := Default()
		p.Population.Households = 400
		p.Population.ElderlyAgeSpan = span
		p.Years = 1
		p.Demography.Enabled = false // no ageing in the year recorded
		m, err := New(Config{Params: p})
		if err != nil {
			t.Fatal(err)
		}
		all := make([]int, p.Population.Households)
		for i := range all {
			all[i] = i
		}
		res := m.NewRunner().Run(3, 0, Options{Trace: all})
		seen := map[int]bool{}
		for _, st := range res.Stories {
			for _, mb := range st.Years[0].Members {
				if mb.Role != Elderly {
					continue
				}
				a, lo := int(mb.Age), p.Demography.RetireAge
				if a < lo || a > lo+max(span-1, 0) {
					t.Fatalf("span %d: an elderly member aged %d, want %d to %d", span, a, lo, lo+max(span-1, 0))
				}
				seen[a] = true
			}
		}
		if want := max(span, 1); len(seen) != want {
			t.Errorf("span %d: %d distinct elderly ages, want %d", span, len(seen), want)
		}
	}
}
