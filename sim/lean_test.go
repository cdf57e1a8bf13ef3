package sim_test

import (
	"fmt"
	"testing"

	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// TestLeanMatchesGeneral runs scenarios whose years take the lean
// household-year (lean.go) with it and with the general one (step.go)
// forced, and asks for identical results, stories included.
func TestLeanMatchesGeneral(t *testing.T) {
	s, err := scenarios.Load("bench-reference")
	if err != nil {
		t.Fatal(err)
	}
	// talent return in the first two years only: the later years are lean,
	// with returned talents among the laborers.
	talent := []sim.Change{{Year: 2023, Set: map[string]any{"labor.talent_return": 0.0}}}
	timelines := map[string][]sim.Change{"talent, then lean": talent}
	variants := map[string]func(p *sim.Params){
		"as is": func(p *sim.Params) {},
		"infinite medical cost": func(p *sim.Params) {
			p.Population.ChronicShare = 0.3
			p.Health.ChronicCost = 1e308 // valid, and 2·1e308 is +Inf
		},
		"talent, then lean": func(p *sim.Params) {
			p.Population.MigrantShare = 0.5
			p.Population.SkillMax = 1
			p.Labor.TalentReturn = 0.3
			p.Labor.TalentSkill = 0.2
			p.Labor.ReturneePremium = 1.2
			p.Labor.MigrantNetShare = 0.8
			p.Labor.Cooperation = 0.05
			p.Labor.CooperationCost = 100
		},
		"migrants and skills": func(p *sim.Params) {
			p.Population.MigrantShare = 0.4
			p.Population.SkillMax = 1
			p.Population.ChronicShare = 0.1
			p.Population.NoLaborShare = 0.1
			p.Labor.SkillReturn = 0.3
			p.Labor.SkillJobFind = 0.1
			p.Health.EventChronic = 0.05
			p.Health.ChronicCost = 500
			p.Health.DoctorCoverage = 0.5
			p.Ecommerce.Coverage = 0.5
			p.Health.FormerlyPoorExtra = 0.1
			p.Population.FormerlyPoorShare = 0.5
		},
		"amounts indexed to the line": func(p *sim.Params) {
			p.Transfers.Indexed = true
			p.Poverty.Index = 0.03
			p.Transfers.Pension = sim.Transfer{Amount: 1400, Level: 1} // with elderly members
			p.Transfers.Industrial = sim.Transfer{Amount: 800, Level: 1, FormerlyPoorOnly: true}
			p.Population.ElderlyShare = 0.3
			p.Population.FormerlyPoorShare = 0.5
		},
	}
	t.Cleanup(func() { sim.SetNoLean(false) }) // should a run fail half way
	for name, f := range variants {
		c := s.Config
		c.Params = c.Params.Clone()
		c.Params.Population.Households = 3000
		f(&c.Params)
		c.Timeline = append(append([]sim.Change(nil), c.Timeline...), timelines[name]...)
		m, err := sim.New(c)
		if err != nil {
			t.Fatal(name, err)
		}
		// With traced households (which take the general path for their
		// stories) and without (so that every household takes the lean one).
		for _, opt := range []sim.Options{{Trace: []int{0, 7, 100}}, {}} {
			lean := m.NewRunner().Run(5, 2, opt)
			sim.SetNoLean(true)
			general := m.NewRunner().Run(5, 2, opt)
			sim.SetNoLean(false)
			// %#v prints every number, NaN and ±Inf included, so that they
			// compare equal when they are the same (DeepEqual: NaN ≠ NaN).
			if fmt.Sprintf("%#v", lean) != fmt.Sprintf("%#v", general) {
				t.Errorf("%s (%d traced): the lean household-year and the general one differ", name, len(opt.Trace))
			}
		}
	}
}
