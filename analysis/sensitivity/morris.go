package sensitivity

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
)

// MorrisIndex holds the Morris screening measures of one factor.
type MorrisIndex struct {
	Name string
	// Mu is the mean elementary effect (Morris 1991). Effects of opposite
	// sign cancel in it, so on its own it can hide an influential factor.
	Mu float64
	// MuStar is the mean absolute elementary effect (Campolongo et al.
	// 2007), the usual measure of overall importance. It is exactly zero
	// only if changing the factor never changed the output.
	MuStar float64
	// Sigma is the sample standard deviation (divisor r−1) of the elementary
	// effects; a large Sigma signals non-linearity or interactions.
	Sigma float64
	// Effects holds the r elementary effects, one per trajectory.
	Effects []float64
}

// ElementaryEffects computes the Morris measures μ, μ* and σ for every factor
// of a [Morris] design, where y[i] is the model output at d.Points[i].
//
// The elementary effect of factor i on a step from x to x' (which differ
// only in factor i) is
//
//	EE_i = (y(x') − y(x)) / ((x'_i − x_i) / (Max_i − Min_i))
//
// i.e. the output change per unit of the factor's range, so effects of
// factors with different units are comparable. Each trajectory yields exactly
// one effect per factor.
func ElementaryEffects(d Design, y []float64) ([]MorrisIndex, error) {
	if err := checkDesign(d, KindMorris, y); err != nil {
		return nil, err
	}
	k := len(d.Factors)
	r := d.N
	if r < 2 {
		return nil, fmt.Errorf("%w: Morris design has N = %d trajectories, need >= 2", ErrDesign, r)
	}
	if len(d.Points) != r*(k+1) {
		return nil, fmt.Errorf("%w: Morris design with N = %d and %d factors should have %d points, has %d",
			ErrDesign, r, k, r*(k+1), len(d.Points))
	}
	for _, f := range d.Factors {
		if err := checkRange(f); err != nil {
			return nil, err
		}
	}

	effects := make([][]float64, k)
	for i := range effects {
		effects[i] = make([]float64, 0, r)
	}
	for t := range r {
		start := t * (k + 1)
		for m := range k {
			p0, p1 := start+m, start+m+1
			i, err := movedFactor(d, p0, p1)
			if err != nil {
				return nil, err
			}
			if len(effects[i]) > t {
				return nil, fmt.Errorf("%w: trajectory %d moves factor %q more than once", ErrDesign, t, d.Factors[i].Name)
			}
			f := d.Factors[i]
			step := (d.Points[p1][i] - d.Points[p0][i]) / (f.Max - f.Min)
			effects[i] = append(effects[i], (y[p1]-y[p0])/step)
		}
	}

	res := make([]MorrisIndex, k)
	abs := make([]float64, r)
	for i, f := range d.Factors {
		for t, e := range effects[i] {
			abs[t] = math.Abs(e)
		}
		res[i] = MorrisIndex{
			Name:    f.Name,
			Mu:      stat.Mean(effects[i], nil),
			MuStar:  stat.Mean(abs, nil),
			Sigma:   stat.StdDev(effects[i], nil),
			Effects: effects[i],
		}
	}
	return res, nil
}

// movedFactor returns the single factor in which points p0 and p1 differ.
func movedFactor(d Design, p0, p1 int) (int, error) {
	moved := -1
	for i := range d.Factors {
		if d.Points[p0][i] == d.Points[p1][i] {
			continue
		}
		if moved >= 0 {
			return 0, fmt.Errorf("%w: points %d and %d differ in more than one factor (%q and %q)",
				ErrDesign, p0, p1, d.Factors[moved].Name, d.Factors[i].Name)
		}
		moved = i
	}
	if moved < 0 {
		return 0, fmt.Errorf("%w: points %d and %d are identical; no factor moved", ErrDesign, p0, p1)
	}
	return moved, nil
}
