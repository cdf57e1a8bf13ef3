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
	// Effects holds the elementary effects, one per trajectory whose step
	// in the factor is not zero (ElementaryEffectsAt); all r with the
	// design's own points.
	Effects []float64
	// Skipped counts the trajectories whose step in the factor was zero at
	// the values the model ran at (a whole-number factor whose design step
	// rounds to nothing): their effect is undefined. With all r skipped, Mu,
	// MuStar and Sigma are NaN; with one effect left, Sigma is.
	Skipped int
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
	return ElementaryEffectsAt(d, nil, y)
}

// ElementaryEffectsAt is ElementaryEffects when the model ran at values x[i]
// other than the design's points d.Points[i] (nil x: the design's), such as
// a whole-number factor's design value rounded: each effect divides by the
// step the model saw, x'_i − x_i, not the design's. A step of zero (both
// values rounded to the same whole number) has no effect: it is skipped and
// counted in MorrisIndex.Skipped. The design says which factor each step
// moves.
func ElementaryEffectsAt(d Design, x [][]float64, y []float64) ([]MorrisIndex, error) {
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
	if x == nil {
		x = d.Points
	}
	if len(x) != len(d.Points) {
		return nil, fmt.Errorf("%w: %d points the model ran at for a design of %d", ErrDesign, len(x), len(d.Points))
	}
	for i, p := range x {
		if len(p) != k {
			return nil, fmt.Errorf("%w: the model ran point %d at %d values for %d factors", ErrDesign, i, len(p), k)
		}
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
	skipped := make([]int, k)
	seen := make([]int, k) // the trajectory + 1 that last moved factor i
	for t := range r {
		start := t * (k + 1)
		for m := range k {
			p0, p1 := start+m, start+m+1
			i, err := movedFactor(d, p0, p1)
			if err != nil {
				return nil, err
			}
			if seen[i] == t+1 {
				return nil, fmt.Errorf("%w: trajectory %d moves factor %q more than once", ErrDesign, t, d.Factors[i].Name)
			}
			seen[i] = t + 1
			f := d.Factors[i]
			step := (x[p1][i] - x[p0][i]) / (f.Max - f.Min)
			if step == 0 {
				skipped[i]++
				continue
			}
			effects[i] = append(effects[i], (y[p1]-y[p0])/step)
		}
	}

	res := make([]MorrisIndex, k)
	for i, f := range d.Factors {
		abs := make([]float64, len(effects[i]))
		for t, e := range effects[i] {
			abs[t] = math.Abs(e)
		}
		res[i] = MorrisIndex{
			Name:    f.Name,
			Mu:      math.NaN(),
			MuStar:  math.NaN(),
			Sigma:   math.NaN(),
			Effects: effects[i],
			Skipped: skipped[i],
		}
		if len(effects[i]) > 0 {
			res[i].Mu, res[i].MuStar = stat.Mean(effects[i], nil), stat.Mean(abs, nil)
		}
		if len(effects[i]) > 1 {
			res[i].Sigma = stat.StdDev(effects[i], nil)
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
