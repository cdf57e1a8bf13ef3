package sim

import (
	"math"
	"testing"
)

// TestWorkerChoice checks which laborer household.worker sends to seek
// wage work (docs/MODEL.md §4, step 7, "The household's wage worker"): the
// youngest able laborer when every able laborer farms; nobody when one
// already seeks wage work or holds a post, when no laborer is able, or
// when labor.household_worker is off.
func TestWorkerChoice(t *testing.T) {
	laborer := func(age uint8, mode Mode, health HealthState) Member {
		return Member{StartAge: age, Role: Laborer, Mode: mode, Health: health}
	}
	farmer := func(age uint8) Member { return laborer(age, ModeFarm, Healthy) }
	for _, c := range []struct {
		name    string
		members []Member
		post    int // slot of a post holder, −1 none
		off     bool
		want    int
	}{
		{"the youngest of three farmers", []Member{farmer(50), farmer(23), {Role: Child}, farmer(40)}, -1, false, 1},
		{"one farmer", []Member{{Role: Elderly, StartAge: 70}, farmer(60)}, -1, false, 1},
		{"a local seeker already", []Member{farmer(20), laborer(50, ModeLocal, Healthy)}, -1, false, -1},
		{"a migrant already", []Member{laborer(40, ModeMigrant, Chronic), farmer(20)}, -1, false, -1},
		{"a post holder", []Member{farmer(30), farmer(20)}, 0, false, -1},
		{"the disabled are passed over", []Member{laborer(20, ModeNone, Disabled), farmer(45)}, -1, false, 1},
		{"no able laborer", []Member{laborer(20, ModeNone, Disabled), {Role: Elderly, StartAge: 80}}, -1, false, -1},
		{"the rule off", []Member{farmer(30)}, -1, true, -1},
	} {
		p := Default()
		p.Labor.HouseholdWorker = !c.off
		var h household
		h.Size = uint8(len(c.members))
		copy(h.Members[:], c.members)
		if c.post >= 0 {
			h.memberFlags[c.post] |= memberPost
		}
		got := h.worker(&p)
		if got != c.want {
			t.Errorf("%s: worker %d, want %d", c.name, got, c.want)
		}
		for m := range c.members {
			want := c.members[m].Mode
			if m == c.want {
				want = ModeLocal
			}
			if h.Members[m].Mode != want {
				t.Errorf("%s: member %d's mode %v, want %v", c.name, m, h.Members[m].Mode, want)
			}
			if h.memberFlags[m]&memberEmployed != 0 {
				t.Errorf("%s: member %d employed, want no job yet", c.name, m)
			}
		}
	}
}

// TestWorkerAtStart draws households of two able laborers who all farm
// (population.migrant_share and local_share 0): with
// labor.household_worker each household has exactly one local seeker, the
// younger laborer, employed with the stationary probability f/(f+q) of
// the local chain (§3 step 7), and without it none.
func TestWorkerAtStart(t *testing.T) {
	const households, find, loss = 4000, 0.6, 0.15
	for _, on := range []bool{true, false} {
		p := Default()
		p.Years = 1
		p.Population.Households = households
		pop := &p.Population
		pop.SizeWeights = []float64{0, 1}
		pop.NoLaborShare, pop.LaborersMin, pop.LaborersMax = 0, 2, 2
		pop.ChronicShare, pop.DisabledShare, pop.SkillMax = 0, 0, 0
		pop.MigrantShare, pop.LocalShare = 0, 0
		p.Labor.LocalJobFind, p.Labor.LocalJobLoss, p.Labor.SkillJobFind = find, loss, 0
		p.Labor.HouseholdWorker = on
		p.Ecommerce.Coverage, p.Land.ModernCoverage = 0, 0 // no job-finding boosts
		p.Demography.Enabled = false
		p.Training.Rate = 0
		m, err := New(Config{Params: p})
		if err != nil {
			t.Fatal(err)
		}
		r := m.NewRunner()
		r.populate(repKey(7, 0))
		h := r.hh
		seekers, employed := 0, 0
		for i := range h {
			local := -1
			for k, mb := range h[i].Members[:h[i].Size] {
				if mb.Mode == ModeLocal {
					seekers++
					local = k
					employed += b2i(h[i].memberFlags[k]&memberEmployed != 0)
				}
			}
			if !on {
				continue
			}
			if other := h[i].Members[1-local]; local < 0 || other.Mode != ModeFarm || other.StartAge < h[i].Members[local].StartAge {
				t.Fatalf("household %d: %+v, want the younger laborer seeking local work and the other farming", i, h[i].Members[:2])
			}
		}
		want := 0
		if on {
			want = households
		}
		if seekers != want {
			t.Errorf("household_worker %v: %d local seekers, want %d", on, seekers, want)
		}
		if !on {
			continue
		}
		pi := find / (find + loss)
		if se := math.Sqrt(pi * (1 - pi) / households); math.Abs(float64(employed)/households-pi) > 4*se {
			t.Errorf("employed %d of %d seekers, want %.3f ± %.3f", employed, households, pi, 4*se)
		}
	}
}

// TestWorkerEachYear checks that the rule is applied in every year's work
// step, not only when the population is drawn: households from records
// whose one laborer farms (population.local_share 0, no migrants, none
// employed) send it to seek local work in the first year, without a job;
// it finds one with local_job_find f each year and keeps it (loss 0), so
// the share employed at the end of year k is 1 − (1 − f)^k; without the
// rule nobody is.
func TestWorkerEachYear(t *testing.T) {
	const households, find = 4000, 0.5
	recs := make([]HouseholdRecord, households)
	for i := range recs {
		recs[i] = HouseholdRecord{Village: i / 50, Laborers: 1, Children: 1, Land: 2}
	}
	for _, on := range []bool{true, false} {
		p := Minimal(households)
		p.Years = 2
		p.Population.LocalShare = 0
		p.Labor.LocalJobFind, p.Labor.LocalJobLoss = find, 0
		p.Labor.HouseholdWorker = on
		res := runTraced(t, p, recs, 5)
		for k := range p.Years {
			employed := 0
			for _, s := range res.Stories {
				employed += b2i(s.Years[k].Employed[0])
			}
			want := 0.0
			if on {
				want = 1 - math.Pow(1-find, float64(k+1))
			}
			if se := math.Sqrt(want * (1 - want) / households); math.Abs(float64(employed)/households-want) > 4*se+1e-12 {
				t.Errorf("household_worker %v, year %d: %d of %d employed, want %.3f ± %.3f", on, k+1, employed, households, want, 4*se)
			}
		}
	}
}
