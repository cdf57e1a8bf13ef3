package sim_test

import (
	"fmt"
	"log"

	"github.com/povsim/povsim/sim"
)

// A small scenario: 500 households for three years, the transition subsidy
// halved from 2022 on. With demography switched off no household dissolves,
// and the poverty line grows by its index from the 2020 base of 4000 yuan.
// Rates depend on the model's calibration, so the example prints only what
// the parameters fix; results are the same for every run with seed 1.
func ExampleModel_Run() {
	p := sim.Default()
	p.Years = 3
	p.Population.Households = 500
	if err := p.Set("demography.enabled", false); err != nil {
		log.Fatal(err)
	}
	m, err := sim.New(sim.Config{
		Params:   p,
		Timeline: []sim.Change{{Year: 2022, Set: map[string]any{"transfers.subsidy.level": 0.5}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	res := m.Run(1, 0)
	again := m.Run(1, 0)
	for i, ys := range res.Years {
		rate := float64(ys.Returned) / float64(ys.FormerlyPoor)
		fmt.Printf("%d: %d households, line %.0f yuan, subsidy level %g, same rate on rerun: %v\n",
			ys.Year, ys.Households, ys.Line, m.Params(i).Transfers.Subsidy.Level,
			rate == float64(again.Years[i].Returned)/float64(again.Years[i].FormerlyPoor))
	}
	// Output:
	// 2021: 500 households, line 4120 yuan, subsidy level 1, same rate on rerun: true
	// 2022: 500 households, line 4244 yuan, subsidy level 0.5, same rate on rerun: true
	// 2023: 500 households, line 4371 yuan, subsidy level 0.5, same rate on rerun: true
}

// Minimal is the model with every mechanism off: each household is one
// laborer who seeks local wage work, so that its poverty is its job's.
func ExampleMinimal() {
	p := sim.Minimal(1000)
	p.Labor.WageSigma = 0 // every job pays the median wage, far above the line
	m, err := sim.New(sim.Config{Params: p})
	if err != nil {
		panic(err)
	}
	y := m.NewRunner().Run(1, 0, sim.Options{}).Years[0]
	fmt.Println(y.People == y.Households, y.Employed+y.PoorPeople == y.People)
	// Output: true true
}

// A scenario that raises the subsidy from its first year keeps the base's
// level in the year before, on which its households are drawn and warmed
// up, so that it starts from the same households as its base.
func ExampleConfig_YearBefore() {
	p := sim.Default()
	if err := p.Set("transfers.subsidy.level", 1.5); err != nil {
		log.Fatal(err)
	}
	cfg := sim.Config{Params: p, Before: map[string]any{"transfers.subsidy.level": 1.0}}
	before, err := cfg.YearBefore()
	if err != nil {
		log.Fatal(err)
	}
	years, err := cfg.Yearly()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(before.Transfers.Subsidy.Level, years[0].Transfers.Subsidy.Level)
	// Output: 1 1.5
}
