package sim

import "testing"

// TestRolesAndAges checks what a year does not touch each member for
// (ageOf, household.oldest): in every year of every story, a member's age
// is its start age plus the years with demography so far, at most 255;
// and at the end of a year with demography, no member is past the age of
// its next role as that year's parameters set it: a child is younger than
// demography.adult_age and a laborer younger than demography.retire_age.
// The timelines move the role ages and pause demography.
func TestRolesAndAges(t *testing.T) {
	for _, tc := range []struct {
		name     string
		timeline []Change
	}{
		{"fixed", nil},
		{"retire earlier", []Change{{Year: 2024, Set: map[string]any{"demography.retire_age": 50}}}},
		{"adult and retire later", []Change{{Year: 2023, Set: map[string]any{"demography.adult_age": 20, "demography.retire_age": 65}}}},
		{"paused", []Change{
			{Year: 2023, Set: map[string]any{"demography.enabled": false}},
			{Year: 2026, Set: map[string]any{"demography.enabled": true, "demography.retire_age": 55}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Default()
			p.Population.Households = 1500
			p.Years = 8
			m, err := New(Config{Params: p, Timeline: tc.timeline})
			if err != nil {
				t.Fatal(err)
			}
			all := make([]int, m.Households())
			for i := range all {
				all[i] = i
			}
			res := m.NewRunner().Run(3, 0, Options{Trace: all})
			aged := make([]int, len(m.years)) // years with demography up to each year, that one included
			for y := range m.years {
				aged[y] = b2i(m.years[y].Demography.Enabled)
				if y > 0 {
					aged[y] += aged[y-1]
				}
			}
			retired := 0 // members elderly at the end who were laborers at the start
			for _, st := range res.Stories {
				for y, sy := range st.Years {
					dm := &m.years[y].Demography
					for k, mb := range sy.Members {
						if want := min(int(mb.StartAge)+aged[y], 255); sy.Ages[k] != want {
							t.Fatalf("household %d, %d, member %d: age %d, want start age %d + %d", st.Household, sy.Year, k, sy.Ages[k], mb.StartAge, aged[y])
						}
						if !dm.Enabled {
							continue
						}
						switch {
						case mb.Role == Child && sy.Ages[k] >= dm.AdultAge:
							t.Fatalf("household %d, %d, member %d: a child of %d, adult age %d", st.Household, sy.Year, k, sy.Ages[k], dm.AdultAge)
						case mb.Role == Laborer && sy.Ages[k] >= dm.RetireAge:
							t.Fatalf("household %d, %d, member %d: a laborer of %d, retire age %d", st.Household, sy.Year, k, sy.Ages[k], dm.RetireAge)
						}
					}
				}
				if len(st.Years) == 0 { // died out in the first year
					continue
				}
				for _, mb := range st.Years[len(st.Years)-1].Members {
					if mb.Role == Elderly && int(mb.StartAge) < p.Demography.RetireAge {
						retired++
					}
				}
			}
			if retired == 0 {
				t.Error("no laborer retired: the test checks nothing")
			}
		})
	}
}
