package sensitivity

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"
)

// Design kinds, stored in Design.Kind.
const (
	KindGrid           = "grid"
	KindLatinHypercube = "latin-hypercube"
	KindSaltelli       = "saltelli"
	KindMorris         = "morris"
)

// Stream constants for rand.NewPCG. Each consumer of randomness uses its own
// stream so that, for example, reusing one seed for a Saltelli design and
// for its bootstrap does not correlate the two.
const (
	streamLatinHypercube uint64 = 0x6c68735f73747265 // "lhs_stre"
	streamSaltelli       uint64 = 0x73616c74656c6c69 // "saltelli"
	streamMorris         uint64 = 0x6d6f727269735f31 // "morris_1"
	streamBootstrap      uint64 = 0x626f6f7473747270 // "bootstrp"
)

// maxGridPoints bounds the size of a full factorial so that a typo in a
// level count fails with an error instead of exhausting memory.
const maxGridPoints = 1 << 24

// Design is a list of points in parameter space at which the model is to be
// run, together with what is needed to analyse the outputs.
type Design struct {
	// Kind is one of KindGrid, KindLatinHypercube, KindSaltelli, KindMorris.
	Kind string
	// Factors is a copy of the factors the design was built from; column i
	// of Points is Factors[i].
	Factors []Factor
	// Points holds one row per design point, in factor units. Run the model
	// at Points[i] and store the output in y[i].
	Points [][]float64
	// N is the base sample size: the number of points for a grid or Latin
	// hypercube, the number of base rows for Saltelli (len(Points) =
	// N(k+2)), and the number of trajectories r for Morris (len(Points) =
	// N(k+1)).
	N int
	// Levels is the number of levels used for continuous factors in a grid,
	// or the number of grid levels p of a Morris design; zero otherwise.
	Levels int
	// Delta is the Morris step Δ = p/(2(p−1)) as a fraction of each
	// factor's range; zero for other designs.
	Delta float64
	// Seed is the seed the design was generated with (zero for a grid).
	Seed uint64
}

// Eval runs f at every design point, in order, and returns the outputs. It is
// a convenience for cheap models; f must not retain or modify x.
func (d Design) Eval(f func(x []float64) float64) []float64 {
	y := make([]float64, len(d.Points))
	for i, x := range d.Points {
		y[i] = f(x)
	}
	return y
}

// Grid returns the full factorial design over all factors.
//
// A factor with Levels uses exactly those values, in the given order. A
// continuous factor (no Levels) uses levels evenly spaced values from Min to
// Max inclusive, so levels must be at least 2 if any factor is continuous;
// it is ignored otherwise. Points are in odometer order: the last factor
// varies fastest. The grid may have at most 2^24 points.
func Grid(factors []Factor, levels int) (Design, error) {
	if err := checkNames(factors); err != nil {
		return Design{}, err
	}
	values := make([][]float64, len(factors))
	usedLevels := 0
	total := 1
	for i, f := range factors {
		if f.discrete() {
			if err := checkLevels(f); err != nil {
				return Design{}, err
			}
			values[i] = append([]float64(nil), f.Levels...)
		} else {
			if err := checkRange(f); err != nil {
				return Design{}, err
			}
			if levels < 2 {
				return Design{}, fmt.Errorf("%w: grid needs levels >= 2 for continuous factor %q, got %d", ErrSize, f.Name, levels)
			}
			usedLevels = levels
			values[i] = make([]float64, levels)
			for l := range levels {
				values[i][l] = f.scale(float64(l) / float64(levels-1))
			}
		}
		if total > maxGridPoints/len(values[i]) {
			return Design{}, fmt.Errorf("%w: grid would have more than %d points", ErrSize, maxGridPoints)
		}
		total *= len(values[i])
	}

	k := len(factors)
	points := make([][]float64, total)
	idx := make([]int, k)
	for p := range points {
		row := make([]float64, k)
		for i := range k {
			row[i] = values[i][idx[i]]
		}
		points[p] = row
		for i := k - 1; i >= 0; i-- { // odometer increment
			idx[i]++
			if idx[i] < len(values[i]) {
				break
			}
			idx[i] = 0
		}
	}
	return Design{
		Kind:    KindGrid,
		Factors: cloneFactors(factors),
		Points:  points,
		N:       total,
		Levels:  usedLevels,
	}, nil
}

// LatinHypercube returns n points over the factor ranges such that, in every
// dimension, each of the n equal-width strata of [Min, Max] holds exactly one
// point; within its stratum a point is placed uniformly at random.
//
// The points are drawn by gonum's samplemv.LatinHypercube on the unit
// hypercube (for each dimension, a random permutation assigns strata to
// points, then one uniform draw per point places it inside its stratum),
// with a PCG source seeded from seed, and then scaled to each factor's
// range (Min and Max exactly at the ends).
func LatinHypercube(factors []Factor, n int, seed uint64) (Design, error) {
	if err := checkContinuous(factors); err != nil {
		return Design{}, err
	}
	if n < 2 {
		return Design{}, fmt.Errorf("%w: Latin hypercube needs n >= 2, got %d", ErrSize, n)
	}
	k := len(factors)
	if n > maxGridPoints/k {
		return Design{}, fmt.Errorf("%w: Latin hypercube would have more than %d values", ErrSize, maxGridPoints)
	}
	unit := mat.NewDense(n, k, nil)
	samplemv.LatinHypercube{
		Q:   distmv.NewUnitUniform(k, nil),
		Src: rand.NewPCG(seed, streamLatinHypercube),
	}.Sample(unit)
	points := make([][]float64, n)
	for j := range points {
		row := unit.RawRowView(j)
		points[j] = make([]float64, k)
		for i, f := range factors {
			points[j][i] = f.scale(row[i])
		}
	}
	return Design{
		Kind:    KindLatinHypercube,
		Factors: cloneFactors(factors),
		Points:  points,
		N:       n,
		Seed:    seed,
	}, nil
}

// Saltelli returns the radial sampling design of Saltelli et al. (2010) for
// estimating Sobol indices with [Sobol]: n(k+2) points for k factors.
//
// Two independent n×k base matrices A and B are drawn with independent
// pseudo-random uniform entries (PCG, not a low-discrepancy sequence, so the
// base rows are i.i.d. and bootstrapping them in [Sobol] is justified).
// AB_i is A with column i taken from B. Points are grouped by base row j:
//
//	Points[j(k+2)]       = A_j
//	Points[j(k+2)+1]     = B_j
//	Points[j(k+2)+2+i]   = AB_i,j   for i = 0..k-1
//
// Row j of A and B is drawn before row j+1, so for the same seed the first
// m(k+2) points of Saltelli(factors, n, seed) are exactly Saltelli(factors,
// m, seed) for any m <= n: a run can be stopped after any whole block and
// still be analysed.
func Saltelli(factors []Factor, n int, seed uint64) (Design, error) {
	if err := checkContinuous(factors); err != nil {
		return Design{}, err
	}
	if n < 2 {
		return Design{}, fmt.Errorf("%w: Saltelli design needs n >= 2 base rows, got %d", ErrSize, n)
	}
	k := len(factors)
	if n > maxGridPoints/(k+2) {
		return Design{}, fmt.Errorf("%w: Saltelli design would have more than %d points", ErrSize, maxGridPoints)
	}
	rng := rand.New(rand.NewPCG(seed, streamSaltelli))
	points := make([][]float64, 0, n*(k+2))
	a := make([]float64, k)
	b := make([]float64, k)
	for range n {
		for i, f := range factors {
			a[i] = f.scale(rng.Float64())
		}
		for i, f := range factors {
			b[i] = f.scale(rng.Float64())
		}
		points = append(points, append([]float64(nil), a...), append([]float64(nil), b...))
		for i := range k {
			ab := append([]float64(nil), a...)
			ab[i] = b[i]
			points = append(points, ab)
		}
	}
	return Design{
		Kind:    KindSaltelli,
		Factors: cloneFactors(factors),
		Points:  points,
		N:       n,
		Seed:    seed,
	}, nil
}

// Morris returns r one-at-a-time trajectories of k+1 points each (Morris
// 1991), for [ElementaryEffects].
//
// Each factor range is divided into a grid of p = levels values
// {0, 1/(p−1), …, 1} (as fractions of the range) and every step moves one
// factor by Δ = p/(2(p−1)), the choice recommended by Morris (1991) and
// Campolongo et al. (2007); p must therefore be even (Δ is then a whole
// number, p/2, of grid intervals). For each trajectory and factor, a lower
// level is drawn uniformly from the p/2 levels that leave room for the step,
// the direction (+Δ or −Δ) is drawn at random, and the order in which
// factors move is a random permutation. This is Morris's randomised
// orientation matrix B*, under which every grid level is equally likely.
//
// Trajectory t occupies Points[t(k+1) : (t+1)(k+1)]; consecutive points in a
// trajectory differ in exactly one factor. Trajectories are drawn
// independently; the optimised selection of Campolongo et al. (2007) is not
// applied.
func Morris(factors []Factor, r, levels int, seed uint64) (Design, error) {
	if err := checkContinuous(factors); err != nil {
		return Design{}, err
	}
	if r < 2 {
		return Design{}, fmt.Errorf("%w: Morris design needs r >= 2 trajectories, got %d", ErrSize, r)
	}
	if levels < 2 || levels%2 != 0 {
		return Design{}, fmt.Errorf("%w: Morris design needs an even number of levels >= 2, got %d", ErrSize, levels)
	}
	k := len(factors)
	if r > maxGridPoints/(k+1) {
		return Design{}, fmt.Errorf("%w: Morris design would have more than %d points", ErrSize, maxGridPoints)
	}
	rng := rand.New(rand.NewPCG(seed, streamMorris))
	half := levels / 2 // Δ in grid intervals
	level := func(f Factor, l int) float64 {
		return f.scale(float64(l) / float64(levels-1))
	}
	points := make([][]float64, 0, r*(k+1))
	cur := make([]int, k)  // current level index per factor
	step := make([]int, k) // +half or -half
	for range r {
		for i := range k {
			lo := rng.IntN(half)
			if rng.IntN(2) == 0 {
				cur[i], step[i] = lo, half
			} else {
				cur[i], step[i] = lo+half, -half
			}
		}
		order := rng.Perm(k)
		row := make([]float64, k)
		for i, f := range factors {
			row[i] = level(f, cur[i])
		}
		points = append(points, row)
		for _, i := range order {
			cur[i] += step[i]
			row = append([]float64(nil), row...)
			row[i] = level(factors[i], cur[i])
			points = append(points, row)
		}
	}
	return Design{
		Kind:    KindMorris,
		Factors: cloneFactors(factors),
		Points:  points,
		N:       r,
		Levels:  levels,
		Delta:   float64(levels) / float64(2*(levels-1)),
		Seed:    seed,
	}, nil
}
