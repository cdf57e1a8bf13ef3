package sim_test

import (
	"reflect"
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
	variants := map[string]func(p *sim.Params){
		"as is": func(p *sim.Params) {},
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
	}
	for name, f := range variants {
		c := s.Config
		c.Params = c.Params.Clone()
		c.Params.Population.Households = 3000
		f(&c.Params)
		m, err := sim.New(c)
		if err != nil {
			t.Fatal(name, err)
		}
		opt := sim.Options{Trace: []int{0, 7, 100}}
		lean := m.NewRunner().Run(5, 2, opt)
		sim.SetNoLean(true)
		general := m.NewRunner().Run(5, 2, opt)
		sim.SetNoLean(false)
		if !reflect.DeepEqual(lean, general) {
			t.Errorf("%s: the lean household-year and the general one differ", name)
		}
	}
}
