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
		{"equal ages: the first in slot order", []Member{farmer(30), farmer(30)}, -1, false, 0},
		{"an elderly post holder does not count", []Member{{Role: Elderly, StartAge: 66}, farmer(50)}, 0, false, 1},
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

// TestWorkerAtStart draws households of two able laborers, each of whom
// seeks local work with probability population.local_share = ½ (no
// migrants), twice from the same random numbers: without
// labor.household_worker and with it. The households where both laborers
// farm without the rule are, with it, the same but for the younger one,
// who seeks local work and is employed with the stationary probability
// f/(f+q) of the local chain (§3 step 7), from its own job draw: a draw
// it already used (its mode's, ≥ ½ for a farmer) would give another share.
// Every other household is drawn the same with and without the rule.
func TestWorkerAtStart(t *testing.T) {
	const households, find, loss = 8000, 0.6, 0.15
	draw := func(on bool) []household {
		p := Default()
		p.Years = 1
		p.Population.Households = households
		pop := &p.Population
		pop.SizeWeights = []float64{0, 1}
		pop.NoLaborShare, pop.LaborersMin, pop.LaborersMax = 0, 2, 2
		pop.ChronicShare, pop.DisabledShare, pop.SkillMax = 0, 0, 0
		pop.MigrantShare, pop.LocalShare = 0, 0.5
		p.Labor.LocalJobFind, p.Labor.LocalJobLoss, p.Labor.SkillJobFind = find, loss, 0
		p.Labor.HouseholdWorker = on
		p.Ecommerce.Coverage, p.Land.ModernCoverage = 0, 0 // no job-finding boosts
		m, err := New(Config{Params: p})
		if err != nil {
			t.Fatal(err)
		}
		r := m.NewRunner()
		r.populate(repKey(7, 0))
		return r.hh
	}
	off, on := draw(false), draw(true)
	sent, employed := 0, 0
	for i := range off {
		a, b := &off[i], &on[i]
		if a.Members[0].Mode != ModeFarm || a.Members[1].Mode != ModeFarm {
			if a.Members != b.Members || a.memberFlags != b.memberFlags {
				t.Fatalf("household %d has a wage seeker: drawn %+v without the rule, %+v with it", i, a.Members[:2], b.Members[:2])
			}
			continue
		}
		w := 0
		if a.Members[1].StartAge < a.Members[0].StartAge {
			w = 1
		}
		if b.Members[w].Mode != ModeLocal || b.Members[1-w].Mode != ModeFarm {
			t.Fatalf("household %d of two farmers aged %d and %d: modes %v and %v with the rule, want the younger Local", i,
				a.Members[0].StartAge, a.Members[1].StartAge, b.Members[0].Mode, b.Members[1].Mode)
		}
		sent++
		employed += b2i(b.memberFlags[w]&memberEmployed != 0)
	}
	if sent < households/8 {
		t.Fatalf("%d households of two farmers: the test tests little", sent)
	}
	pi := find / (find + loss)
	if se := math.Sqrt(pi * (1 - pi) / float64(sent)); math.Abs(float64(employed)/float64(sent)-pi) > 4*se {
		t.Errorf("employed %d of %d laborers sent, want %.3f ± %.3f", employed, sent, pi, 4*se)
	}
}

// TestWorkerEachYear checks that the rule is applied in every year's work
// step, not only when the population is drawn. Households from records
// whose one laborer farms (population.local_share 0, no migrants, none
// employed) send it to seek local work in the first year, without a job;
// it finds one with local_job_find f each year and keeps it (loss 0), so
// the share employed at the end of year k is 1 − (1 − f)^k; without the
// rule nobody is. And a farmer who holds a welfare post (term one year,
// posts for every household) is not sent in its first year but is in the
// second, when its post has ended: employed (by its post) in year 1, with
// a job in year 2 with probability f.
func TestWorkerEachYear(t *testing.T) {
	const households, find = 4000, 0.5
	recs := make([]HouseholdRecord, households)
	for i := range recs {
		recs[i] = HouseholdRecord{Village: i / 50, Laborers: 1, Children: 1, Land: 2}
	}
	for _, c := range []struct {
		on, posts bool
		want      [2]float64 // employed at the end of years 1 and 2
	}{
		{true, false, [2]float64{find, 1 - (1-find)*(1-find)}},
		{false, false, [2]float64{0, 0}},
		{true, true, [2]float64{1, find}},
		{false, true, [2]float64{1, 0}},
	} {
		p := Minimal(households)
		p.Years = 2
		p.Population.LocalShare = 0
		p.Labor.LocalJobFind, p.Labor.LocalJobLoss = find, 0
		p.Labor.HouseholdWorker = c.on
		if c.posts {
			p.Posts = WelfarePosts{PerHundred: 100, Pay: 6000, Term: 1, Targeting: "any", MaxAge: 100}
		}
		res := runTraced(t, p, recs, 5)
		for k, want := range c.want {
			employed := 0
			for _, s := range res.Stories {
				employed += b2i(s.Years[k].Employed[0])
			}
			if se := math.Sqrt(want * (1 - want) / households); math.Abs(float64(employed)/households-want) > 4*se+1e-12 {
				t.Errorf("household_worker %v, posts %v, year %d: %d of %d employed, want %.3f ± %.3f", c.on, c.posts, k+1, employed, households, want, 4*se)
			}
		}
	}
}
