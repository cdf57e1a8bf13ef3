package sim

import "testing"

// TestElderlyAgeSpan checks the initial ages of the elderly, drawn (populate)
// and from records (populateRecords): the whole years of [retire_age,
// retire_age + span), every one of them reached; retire_age for a span of 0.
func TestElderlyAgeSpan(t *testing.T) {
	const households = 400
	records := make([]HouseholdRecord, households)
	for i := range records {
		records[i] = HouseholdRecord{Village: i / 50, Laborers: 1, Elderly: 2, Land: 2}
	}
	for _, span := range []int{0, 1, 5, 20} {
		for _, recs := range [][]HouseholdRecord{nil, records} {
			p := Default()
			p.Population.Households = households
			p.Population.ElderlyAgeSpan = span
			p.Years = 1
			p.Demography.Enabled = false // no ageing in the year recorded
			res := runTraced(t, p, recs, 3)
			seen := map[int]bool{}
			lo, hi := p.Demography.RetireAge, p.Demography.RetireAge+max(span-1, 0)
			for _, st := range res.Stories {
				for _, mb := range st.Years[0].Members {
					if mb.Role != Elderly {
						continue
					}
					if a := int(mb.StartAge); a < lo || a > hi {
						t.Fatalf("span %d, %d records: an elderly member aged %d, want %d to %d", span, len(recs), a, lo, hi)
					}
					seen[int(mb.StartAge)] = true
				}
			}
			if want := max(span, 1); len(seen) != want {
				t.Errorf("span %d, %d records: %d distinct elderly ages, want %d", span, len(recs), len(seen), want)
			}
		}
	}
}

// TestLandPerPerson checks the drawn contracted land (§3 step 5): with
// population.land_per_person, the household's size times a uniform draw on
// [land_min, land_max); without, the draw itself, whatever the size.
func TestLandPerPerson(t *testing.T) {
	const lo, hi = 0.4, 2.4
	for _, perPerson := range []bool{true, false} {
		p := Default()
		p.Population.Households = 3000
		p.Population.LandPerPerson = perPerson
		p.Population.LandMin, p.Population.LandMax = lo, hi
		m, err := New(Config{Params: p})
		if err != nil {
			t.Fatal(err)
		}
		r := m.NewRunner()
		r.populate(repKey(3, 0))
		sizes := map[int]bool{}
		for i := range r.hh {
			h := &r.hh[i]
			a := float64(h.Land)
			if perPerson {
				a /= float64(h.Size)
			}
			if a < lo*(1-1e-6) || a >= hi*(1+1e-6) {
				t.Fatalf("per person %v: household %d of %d members has %g mu, %g per draw, want [%g, %g)", perPerson, i, h.Size, h.Land, a, lo, hi)
			}
			sizes[int(h.Size)] = true
		}
		if len(sizes) < 5 {
			t.Fatalf("sizes drawn %v: the test tests nothing", sizes)
		}
	}
}
