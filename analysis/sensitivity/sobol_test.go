package sensitivity

import (
	"math"
	"os"
	"testing"
)

// Ishigami & Homma (1990) test function with the constants a = 7, b = 0.1
// used by Sobol & Levitan (1999) and Saltelli et al. (2008, "Global
// Sensitivity Analysis. The Primer") as a standard benchmark.
const (
	ishigamiA = 7.0
	ishigamiB = 0.1
)

func ishigami(x []float64) float64 {
	s1 := math.Sin(x[0])
	s2 := math.Sin(x[1])
	return s1 + ishigamiA*s2*s2 + ishigamiB*math.Pow(x[2], 4)*s1
}

func ishigamiFactors() []Factor {
	// x_i ~ U(−π, π) for all three inputs (same references as ishigami).
	return []Factor{
		{Name: "x1", Min: -math.Pi, Max: math.Pi},
		{Name: "x2", Min: -math.Pi, Max: math.Pi},
		{Name: "x3", Min: -math.Pi, Max: math.Pi},
	}
}

// ishigamiAnalytic returns the exact first-order and total indices from the
// closed-form partial variances (Sobol & Levitan 1999; Saltelli et al. 2008):
//
//	V   = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2
//	V1  = bπ⁴/5 + b²π⁸/50 + 1/2
//	V2  = a²/8
//	V3  = 0
//	V13 = b²π⁸/18 − b²π⁸/50
func ishigamiAnalytic() (s1, st [3]float64) {
	a, b := ishigamiA, ishigamiB
	pi4 := math.Pow(math.Pi, 4)
	pi8 := pi4 * pi4
	v := a*a/8 + b*pi4/5 + b*b*pi8/18 + 0.5
	v1 := b*pi4/5 + b*b*pi8/50 + 0.5
	v2 := a * a / 8
	v13 := b*b*pi8/18 - b*b*pi8/50
	s1 = [3]float64{v1 / v, v2 / v, 0}
	st = [3]float64{(v1 + v13) / v, v2 / v, v13 / v}
	return s1, st
}

func TestIshigamiAnalyticMatchesPublished(t *testing.T) {
	// Published four-decimal values: S1 = (0.3139, 0.4424, 0),
	// ST = (0.5576, 0.4424, 0.2437) (Sobol & Levitan 1999; Saltelli et al.
	// 2008). A rounding tolerance of 5e-5 applies.
	wantS1 := [3]float64{0.3139, 0.4424, 0}
	wantST := [3]float64{0.5576, 0.4424, 0.2437}
	s1, st := ishigamiAnalytic()
	for i := range 3 {
		if math.Abs(s1[i]-wantS1[i]) > 5e-5 || math.Abs(st[i]-wantST[i]) > 5e-5 {
			t.Errorf("x%d: analytic S1=%.5f ST=%.5f, published %.4f %.4f", i+1, s1[i], st[i], wantS1[i], wantST[i])
		}
	}
}

// checkInterval fails the test unless lo <= want <= hi.
func checkInterval(t *testing.T, what string, est, lo, hi, want float64) {
	t.Helper()
	if !(lo <= want && want <= hi) {
		t.Errorf("%s: analytic %.4f outside bootstrap interval [%.4f, %.4f] (estimate %.4f)", what, want, lo, hi, est)
	}
	if !(lo <= hi) {
		t.Errorf("%s: empty interval [%.4f, %.4f]", what, lo, hi)
	}
}

// TestSobolIshigami checks the estimators and the bootstrap against the
// analytic Ishigami indices.
//
// n = 8192 base rows (40 960 model runs) and 500 resamples give interval
// half-widths of about 0.02 for S1 and 0.01–0.03 for ST. The seeds (1 for
// the design, 2 for the bootstrap) were fixed before the first run and not
// tuned; at them all six analytic values fall inside their intervals with
// no widening. Because the test is deterministic it either always passes or
// always fails, but be aware when changing how designs are drawn: over 300
// other seed pairs (TestSobolIshigamiCoverage) each 95% interval covered
// its analytic value 96–98% of the time, and all six at once 82% of the
// time, so a new random stream can legitimately miss one. Widening every
// interval by 0.01 raised the joint rate to 99% (297/300) in the same
// experiment; do that, with a note, rather than hunting for a lucky seed.
func TestSobolIshigami(t *testing.T) {
	d, err := Saltelli(ishigamiFactors(), 8192, 1)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Sobol(d, d.Eval(ishigami), 500, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Factors) != 3 || res.N != 8192 || res.Bootstrap != 500 {
		t.Fatalf("got %d factors, N=%d, Bootstrap=%d; want 3, 8192, 500", len(res.Factors), res.N, res.Bootstrap)
	}
	s1, st := ishigamiAnalytic()
	// For x2 the true S1 equals ST (it has no interactions), so the two
	// estimates can cross by sampling noise; 0.02 is about the half-width of
	// the S1 intervals at this n.
	const crossTol = 0.02
	for i, f := range res.Factors {
		t.Logf("%s S1=%.4f [%.4f, %.4f] (analytic %.4f)  ST=%.4f [%.4f, %.4f] (analytic %.4f)",
			f.Name, f.S1, f.S1Lo, f.S1Hi, s1[i], f.ST, f.STLo, f.STHi, st[i])
		if f.Name != ishigamiFactors()[i].Name {
			t.Errorf("factor %d named %q", i, f.Name)
		}
		checkInterval(t, f.Name+" S1", f.S1, f.S1Lo, f.S1Hi, s1[i])
		checkInterval(t, f.Name+" ST", f.ST, f.STLo, f.STHi, st[i])
		if f.S1 > f.ST+crossTol {
			t.Errorf("%s: S1 %.4f exceeds ST %.4f by more than %v", f.Name, f.S1, f.ST, crossTol)
		}
	}
}

// TestSobolIshigamiCoverage measures how often the bootstrap intervals cover
// the analytic Ishigami indices across many seeds. It takes ~15 s, so it
// runs only when SENSITIVITY_COVERAGE is set. Last result (300 seed pairs,
// n = 8192, 300 resamples): S1 covered 289, 291, 293 times and ST 287, 287,
// 292 times; all six at once 246 times.
func TestSobolIshigamiCoverage(t *testing.T) {
	if os.Getenv("SENSITIVITY_COVERAGE") == "" {
		t.Skip("set SENSITIVITY_COVERAGE=1 to run the coverage experiment")
	}
	const reps = 300
	s1, st := ishigamiAnalytic()
	var c1, ct [3]int
	allIn := 0
	for s := range uint64(reps) {
		d, err := Saltelli(ishigamiFactors(), 8192, 1000+s)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Sobol(d, d.Eval(ishigami), 300, 5000+s)
		if err != nil {
			t.Fatal(err)
		}
		ok := true
		for i, f := range res.Factors {
			in1 := f.S1Lo <= s1[i] && s1[i] <= f.S1Hi
			inT := f.STLo <= st[i] && st[i] <= f.STHi
			if in1 {
				c1[i]++
			}
			if inT {
				ct[i]++
			}
			ok = ok && in1 && inT
		}
		if ok {
			allIn++
		}
	}
	t.Logf("coverage of %d: S1 %v, ST %v, all six %d", reps, c1, ct, allIn)
	// Nominal coverage is 95%; with 300 replicates the binomial standard
	// error is 1.3 points, so [88%, 100%] allows for > 5 standard errors
	// below nominal.
	for i := range 3 {
		for _, c := range []int{c1[i], ct[i]} {
			if float64(c)/reps < 0.88 {
				t.Errorf("x%d: coverage %d/%d below 88%%", i+1, c, reps)
			}
		}
	}
}

// TestSobolAdditive checks the estimators on y = x1 + 2 x2 + 0·x3 with
// xi ~ U(0, 1): Var = 1/12 + 4/12, so S1 = ST = (0.2, 0.8, 0), and the
// inert x3 has S1 = ST = 0 exactly because f(AB_3) == f(A) bit for bit.
func TestSobolAdditive(t *testing.T) {
	factors := []Factor{
		{Name: "x1", Min: 0, Max: 1},
		{Name: "x2", Min: 0, Max: 1},
		{Name: "x3", Min: 0, Max: 1},
	}
	d, err := Saltelli(factors, 4096, 7)
	if err != nil {
		t.Fatal(err)
	}
	y := d.Eval(func(x []float64) float64 { return x[0] + 2*x[1] + 0*x[2] })
	res, err := Sobol(d, y, 200, 8)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.2, 0.8, 0}
	for i, f := range res.Factors {
		checkInterval(t, f.Name+" S1", f.S1, f.S1Lo, f.S1Hi, want[i])
		checkInterval(t, f.Name+" ST", f.ST, f.STLo, f.STHi, want[i])
	}
	x3 := res.Factors[2]
	if x3.S1 != 0 || x3.ST != 0 || x3.S1Lo != 0 || x3.S1Hi != 0 || x3.STLo != 0 || x3.STHi != 0 {
		t.Errorf("inert x3: got %+v, want all zero", x3)
	}
	// Var(Y) = 5/12 for this function.
	if math.Abs(res.Variance-5.0/12) > 0.02 {
		t.Errorf("Variance = %.4f, want about %.4f", res.Variance, 5.0/12)
	}
}

func TestSobolNoBootstrap(t *testing.T) {
	d, err := Saltelli(ishigamiFactors(), 64, 3)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Sobol(d, d.Eval(ishigami), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Factors {
		if !math.IsNaN(f.S1Lo) || !math.IsNaN(f.S1Hi) || !math.IsNaN(f.STLo) || !math.IsNaN(f.STHi) {
			t.Errorf("%s: bounds should be NaN without bootstrap, got %+v", f.Name, f)
		}
		if math.IsNaN(f.S1) || math.IsNaN(f.ST) {
			t.Errorf("%s: point estimates missing: %+v", f.Name, f)
		}
	}
}

// TestSobolDeterministic checks that the bootstrap depends only on its seed.
func TestSobolDeterministic(t *testing.T) {
	d, err := Saltelli(ishigamiFactors(), 256, 4)
	if err != nil {
		t.Fatal(err)
	}
	y := d.Eval(ishigami)
	a, _ := Sobol(d, y, 100, 9)
	b, _ := Sobol(d, y, 100, 9)
	c, _ := Sobol(d, y, 100, 10)
	for i := range a.Factors {
		if a.Factors[i] != b.Factors[i] {
			t.Errorf("same seed, different result: %+v vs %+v", a.Factors[i], b.Factors[i])
		}
	}
	if a.Factors[0].S1Lo == c.Factors[0].S1Lo && a.Factors[0].STHi == c.Factors[0].STHi {
		t.Errorf("different bootstrap seeds gave identical intervals")
	}
}

func BenchmarkSobol(b *testing.B) {
	d, err := Saltelli(ishigamiFactors(), 4096, 1)
	if err != nil {
		b.Fatal(err)
	}
	y := d.Eval(ishigami)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Sobol(d, y, 200, 2); err != nil {
			b.Fatal(err)
		}
	}
}
