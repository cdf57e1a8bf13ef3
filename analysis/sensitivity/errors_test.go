package sensitivity

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestErrors(t *testing.T) {
	unit := []Factor{{Name: "a", Min: 0, Max: 1}, {Name: "b", Min: 0, Max: 1}}
	nan := math.NaN()
	inf := math.Inf(1)

	saltelli, err := Saltelli(unit, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	sy := saltelli.Eval(func(x []float64) float64 { return x[0] + x[1] })
	morris, err := Morris(unit, 3, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	my := morris.Eval(func(x []float64) float64 { return x[0] + x[1] })
	lhs, err := LatinHypercube(unit, 5, 1)
	if err != nil {
		t.Fatal(err)
	}

	// withY returns a copy of y with y[i] = v.
	withY := func(y []float64, i int, v float64) []float64 {
		c := append([]float64(nil), y...)
		c[i] = v
		return c
	}
	// tampered returns a deep copy of d with Points[i][c] = v.
	tampered := func(d Design, i, c int, v float64) Design {
		pts := make([][]float64, len(d.Points))
		for j, p := range d.Points {
			pts[j] = append([]float64(nil), p...)
		}
		pts[i][c] = v
		d.Points = pts
		return d
	}
	sobolErr := func(d Design, y []float64, boot int) error {
		_, err := Sobol(d, y, boot, 0)
		return err
	}
	eeErr := func(d Design, y []float64) error {
		_, err := ElementaryEffects(d, y)
		return err
	}
	gridErr := func(f []Factor, levels int) error {
		_, err := Grid(f, levels)
		return err
	}
	lhsErr := func(f []Factor, n int) error {
		_, err := LatinHypercube(f, n, 0)
		return err
	}
	saltelliErr := func(f []Factor, n int) error {
		_, err := Saltelli(f, n, 0)
		return err
	}
	morrisErr := func(f []Factor, r, p int) error {
		_, err := Morris(f, r, p, 0)
		return err
	}

	tests := []struct {
		name   string
		err    error
		target error
		substr string // must appear in the message
	}{
		{"grid no factors", gridErr(nil, 3), ErrNoFactors, "no factors"},
		{"lhs no factors", lhsErr([]Factor{}, 10), ErrNoFactors, "no factors"},
		{"saltelli no factors", saltelliErr(nil, 10), ErrNoFactors, "no factors"},
		{"morris no factors", morrisErr(nil, 10, 4), ErrNoFactors, "no factors"},
		{"min equals max", saltelliErr([]Factor{{Name: "a", Min: 1, Max: 1}}, 10), ErrFactor, `"a" has Min 1 >= Max 1`},
		{"min above max", lhsErr([]Factor{{Name: "a", Min: 2, Max: 1}}, 10), ErrFactor, "Min 2 >= Max 1"},
		{"NaN min", morrisErr([]Factor{{Name: "a", Min: nan, Max: 1}}, 10, 4), ErrFactor, "non-finite"},
		{"Inf max", gridErr([]Factor{{Name: "a", Min: 0, Max: inf}}, 3), ErrFactor, "non-finite"},
		{"range overflows", lhsErr([]Factor{{Name: "a", Min: -math.MaxFloat64, Max: math.MaxFloat64}}, 10), ErrFactor, "overflows"},
		{"empty name", lhsErr([]Factor{{Min: 0, Max: 1}}, 10), ErrFactor, "empty name"},
		{"duplicate name", lhsErr([]Factor{{Name: "a", Min: 0, Max: 1}, {Name: "a", Min: 0, Max: 1}}, 10), ErrFactor, `both named "a"`},
		{"NaN level", gridErr([]Factor{{Name: "a", Levels: []float64{1, nan}}}, 0), ErrFactor, "level 1 is NaN"},
		{"duplicate level", gridErr([]Factor{{Name: "a", Levels: []float64{1, 1}}}, 0), ErrFactor, "duplicate level 1"},
		{"grid levels < 2", gridErr(unit, 1), ErrSize, "levels >= 2"},
		{"grid too large", gridErr([]Factor{{Name: "a", Min: 0, Max: 1}, {Name: "b", Min: 0, Max: 1}, {Name: "c", Min: 0, Max: 1}}, 1000), ErrSize, "more than"},
		{"lhs n < 2", lhsErr(unit, 1), ErrSize, "n >= 2"},
		{"saltelli n < 2", saltelliErr(unit, 1), ErrSize, "n >= 2"},
		{"saltelli n = 0", saltelliErr(unit, 0), ErrSize, "got 0"},
		{"morris r < 2", morrisErr(unit, 1, 4), ErrSize, "r >= 2"},
		{"morris odd levels", morrisErr(unit, 10, 5), ErrSize, "even number of levels"},
		{"morris levels 0", morrisErr(unit, 10, 0), ErrSize, "got 0"},
		{"sobol short y", sobolErr(saltelli, sy[:len(sy)-1], 10), ErrOutput, "got 15 outputs for 16 design points"},
		{"sobol NaN y", sobolErr(saltelli, withY(sy, 7, nan), 10), ErrOutput, "design point 7 is NaN"},
		{"sobol Inf y", sobolErr(saltelli, withY(sy, 3, -inf), 10), ErrOutput, "design point 3 is -Inf"},
		{"sobol constant y", sobolErr(saltelli, make([]float64, len(sy)), 10), ErrOutput, "variance is zero"},
		{"sobol negative bootstrap", sobolErr(saltelli, sy, -1), ErrSize, "bootstrap"},
		{"sobol wrong kind", sobolErr(lhs, make([]float64, 5), 10), ErrDesign, `need a saltelli design, got kind "latin-hypercube"`},
		{"sobol wrong N", sobolErr(Design{Kind: KindSaltelli, Factors: unit, Points: saltelli.Points, N: 3}, sy, 10), ErrDesign, "should have 12 points"},
		{"sobol broken AB", sobolErr(tampered(saltelli, 2, 1, 0.5), sy, 10), ErrDesign, "point 2 should be AB_1"},
		{"sobol ragged point", sobolErr(Design{Kind: KindSaltelli, Factors: unit, Points: [][]float64{{1}}, N: 2}, []float64{1}, 0), ErrDesign, "point 0 has 1 values for 2 factors"},
		{"sobol no factors", sobolErr(Design{Kind: KindSaltelli}, nil, 0), ErrNoFactors, "no factors"},
		{"morris short y", eeErr(morris, my[:2]), ErrOutput, "got 2 outputs for 9 design points"},
		{"morris NaN y", eeErr(morris, withY(my, 4, nan)), ErrOutput, "design point 4 is NaN"},
		{"morris wrong kind", eeErr(saltelli, sy), ErrDesign, "need a morris design"},
		{"morris two factors move", eeErr(tampered(morris, 1, 0, 0.123), my), ErrDesign, "more than one factor"},
		{"morris nothing moves", eeErr(tampered(tampered(morris, 1, 0, morris.Points[0][0]), 1, 1, morris.Points[0][1]), my), ErrDesign, "identical"},
		{"morris wrong N", eeErr(Design{Kind: KindMorris, Factors: unit, Points: morris.Points, N: 2}, my), ErrDesign, "should have 6 points"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatalf("got nil error, want %v", tc.target)
			}
			if !errors.Is(tc.err, tc.target) {
				t.Errorf("error %q does not wrap %v", tc.err, tc.target)
			}
			if !strings.Contains(tc.err.Error(), tc.substr) {
				t.Errorf("error %q does not mention %q", tc.err, tc.substr)
			}
		})
	}
}
