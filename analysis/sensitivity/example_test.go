package sensitivity_test

import (
	"fmt"
	"log"

	"github.com/povsim/povsim/analysis/sensitivity"
)

// For y = x1 + 2·x2 with x1, x2 ~ U(0, 1), Var(y) = 1/12 + 4/12 and there are
// no interactions, so the exact indices are S1 = ST = (0.2, 0.8).
func ExampleSobol() {
	factors := []sensitivity.Factor{
		{Name: "x1", Min: 0, Max: 1},
		{Name: "x2", Min: 0, Max: 1},
	}
	d, err := sensitivity.Saltelli(factors, 4096, 1)
	if err != nil {
		log.Fatal(err)
	}
	// In povsim, run the simulation at each d.Points[i] instead.
	y := d.Eval(func(x []float64) float64 { return x[0] + 2*x[1] })

	res, err := sensitivity.Sobol(d, y, 200, 2)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range res.Factors {
		fmt.Printf("%s S1=%.1f ST=%.1f\n", f.Name, f.S1, f.ST)
	}
	// Output:
	// x1 S1=0.2 ST=0.2
	// x2 S1=0.8 ST=0.8
}

// Screening with Morris trajectories: the inert parameter gets μ* = 0.
func ExampleElementaryEffects() {
	factors := []sensitivity.Factor{
		{Name: "gain", Min: 0, Max: 1},
		{Name: "offset", Min: 0, Max: 1},
		{Name: "unused", Min: 0, Max: 1},
	}
	d, err := sensitivity.Morris(factors, 10, 4, 1)
	if err != nil {
		log.Fatal(err)
	}
	y := d.Eval(func(x []float64) float64 { return 4*x[0] + x[1] + 0*x[2] })

	res, err := sensitivity.ElementaryEffects(d, y)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range res {
		fmt.Printf("%s mu*=%.2f sigma=%.2f\n", m.Name, m.MuStar, m.Sigma)
	}
	// Output:
	// gain mu*=4.00 sigma=0.00
	// offset mu*=1.00 sigma=0.00
	// unused mu*=0.00 sigma=0.00
}

func ExampleGrid() {
	d, err := sensitivity.Grid([]sensitivity.Factor{
		{Name: "scheme", Levels: []float64{1, 2}},
		{Name: "dt", Min: 0.1, Max: 0.3},
	}, 3)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range d.Points {
		fmt.Println(p)
	}
	// Output:
	// [1 0.1]
	// [1 0.2]
	// [1 0.3]
	// [2 0.1]
	// [2 0.2]
	// [2 0.3]
}
