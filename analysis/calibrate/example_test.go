package calibrate_test

import (
	"context"
	"fmt"

	"github.com/povsim/povsim/analysis/calibrate"
)

// A two-state job chain fitted to its stationary employment rate (0.8) and
// its re-entry probability (0.3): the job-finding probability f is the
// re-entry probability and the loss probability q = f(1 − s)/s = 0.075.
func ExampleProblem_SMD() {
	chain := calibrate.SimulatorFunc(func(_ context.Context, th []float64, _ uint64) ([][]float64, error) {
		f, q := th[0], th[1]
		row := []float64{f / (f + q), f}
		return [][]float64{row, row}, nil
	})
	p := &calibrate.Problem{
		Params: []calibrate.Param{
			{Path: "find", Lo: 0.01, Hi: 0.99, Prior: calibrate.Uniform},
			{Path: "loss", Lo: 0.01, Hi: 0.99, Prior: calibrate.Uniform},
		},
		Targets: []calibrate.Target{{Name: "stationary", Value: 0.8, SE: 0.01}, {Name: "re-entry", Value: 0.3, SE: 0.02}},
		Sim:     chain,
		Seed:    1,
	}
	r, err := p.SMD(context.Background(), calibrate.SMDSettings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("f = %.3f ± %.3f, q = %.3f ± %.3f\n", r.Theta[0], r.SE[0], r.Theta[1], r.SE[1])
	// Output: f = 0.300 ± 0.020, q = 0.075 ± 0.007
}
