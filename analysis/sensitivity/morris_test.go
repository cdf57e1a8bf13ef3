package sensitivity

import (
	"math"
	"testing"
)

// TestElementaryEffectsLinear uses y = 10 x1 + 5 x2 + x3 + 0·x4. For a linear
// model every elementary effect of factor i equals its coefficient times the
// factor's range (effects are per unit of normalised range), so μ = μ* =
// coefficient·range and σ = 0 up to rounding, giving the ranking
// x1 > x2 > x3 > x4. x4 never changes the output, so its effects and μ* are
// exactly 0.
func TestElementaryEffectsLinear(t *testing.T) {
	tests := []struct {
		name    string
		factors []Factor
		want    []float64 // μ* = coefficient × (Max − Min)
	}{
		{
			name: "unit ranges",
			factors: []Factor{
				{Name: "x1", Min: 0, Max: 1}, {Name: "x2", Min: 0, Max: 1},
				{Name: "x3", Min: 0, Max: 1}, {Name: "x4", Min: 0, Max: 1},
			},
			want: []float64{10, 5, 1, 0},
		},
		{
			name: "mixed ranges",
			factors: []Factor{
				{Name: "x1", Min: -1, Max: 1}, {Name: "x2", Min: 100, Max: 101},
				{Name: "x3", Min: 0, Max: 3}, {Name: "x4", Min: -5, Max: 5},
			},
			want: []float64{20, 5, 3, 0},
		},
	}
	f := func(x []float64) float64 { return 10*x[0] + 5*x[1] + x[2] + 0*x[3] }
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Morris(tc.factors, 20, 4, 3)
			if err != nil {
				t.Fatal(err)
			}
			res, err := ElementaryEffects(d, d.Eval(f))
			if err != nil {
				t.Fatal(err)
			}
			checkRanking(t, res, []string{"x1", "x2", "x3", "x4"})
			for i, m := range res {
				if len(m.Effects) != 20 {
					t.Errorf("%s: %d effects, want r = 20", m.Name, len(m.Effects))
				}
				// Rounding in x and y is the only error source; 1e-9 is
				// generous for values of order 10.
				if math.Abs(m.MuStar-tc.want[i]) > 1e-9 || math.Abs(m.Mu-tc.want[i]) > 1e-9 || m.Sigma > 1e-9 {
					t.Errorf("%s: μ=%v μ*=%v σ=%v, want μ=μ*=%v σ=0", m.Name, m.Mu, m.MuStar, m.Sigma, tc.want[i])
				}
			}
			if x4 := res[3]; x4.MuStar != 0 || x4.Mu != 0 || x4.Sigma != 0 {
				t.Errorf("inert x4: μ=%v μ*=%v σ=%v, want exactly 0", x4.Mu, x4.MuStar, x4.Sigma)
			}
		})
	}
}

// TestElementaryEffectsInteraction uses y = x1 + x2·x3 + 0·x4 on [0, 1]⁴ with
// p = 4 levels. The effect of x1 is always 1, while the effect of x2 is the
// current value of x3 (and vice versa), a grid level in [0, 1] that is
// below 1 at least some of the time. So μ*(x1) = 1 > μ*(x2), μ*(x3); x1 has
// σ = 0 and the interacting x2, x3 have σ > 0; x4 has μ* = 0 exactly. The
// test does not assert an order between x2 and x3, which are symmetric.
func TestElementaryEffectsInteraction(t *testing.T) {
	factors := []Factor{
		{Name: "x1", Min: 0, Max: 1}, {Name: "x2", Min: 0, Max: 1},
		{Name: "x3", Min: 0, Max: 1}, {Name: "x4", Min: 0, Max: 1},
	}
	d, err := Morris(factors, 30, 4, 8)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ElementaryEffects(d, d.Eval(func(x []float64) float64 { return x[0] + x[1]*x[2] + 0*x[3] }))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range res {
		t.Logf("%s μ=%.4f μ*=%.4f σ=%.4f", m.Name, m.Mu, m.MuStar, m.Sigma)
	}
	if math.Abs(res[0].MuStar-1) > 1e-12 || res[0].Sigma > 1e-12 {
		t.Errorf("x1: μ*=%v σ=%v, want 1 and 0", res[0].MuStar, res[0].Sigma)
	}
	for _, i := range []int{1, 2} {
		if !(res[i].MuStar < res[0].MuStar) || !(res[i].MuStar > 0) {
			t.Errorf("%s: μ*=%v, want in (0, μ*(x1)=%v)", res[i].Name, res[i].MuStar, res[0].MuStar)
		}
		if !(res[i].Sigma > 0.1) {
			t.Errorf("%s: σ=%v, want clearly positive (interaction)", res[i].Name, res[i].Sigma)
		}
	}
	if res[3].MuStar != 0 {
		t.Errorf("inert x4: μ*=%v, want exactly 0", res[3].MuStar)
	}
}

// checkRanking fails unless res sorted by decreasing μ* gives names in want
// order (ties are not allowed).
func checkRanking(t *testing.T, res []MorrisIndex, want []string) {
	t.Helper()
	byName := make(map[string]float64, len(res))
	for _, m := range res {
		byName[m.Name] = m.MuStar
	}
	for i := 1; i < len(want); i++ {
		if !(byName[want[i-1]] > byName[want[i]]) {
			t.Errorf("μ*(%s) = %v not > μ*(%s) = %v", want[i-1], byName[want[i-1]], want[i], byName[want[i]])
		}
	}
}

// TestElementaryEffectsSign checks μ keeps the sign of a decreasing effect
// while μ* does not: y = −3 x1 + x2 gives μ = −3, μ* = 3.
func TestElementaryEffectsSign(t *testing.T) {
	factors := []Factor{{Name: "x1", Min: 0, Max: 1}, {Name: "x2", Min: 0, Max: 1}}
	d, err := Morris(factors, 10, 6, 1)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ElementaryEffects(d, d.Eval(func(x []float64) float64 { return -3*x[0] + x[1] }))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res[0].Mu+3) > 1e-9 || math.Abs(res[0].MuStar-3) > 1e-9 {
		t.Errorf("x1: μ=%v μ*=%v, want −3 and 3", res[0].Mu, res[0].MuStar)
	}
}

// TestElementaryEffectsAtRounded: a whole-number factor n on [0, 4], the
// model y = 10·round(n) run at the rounded values. Trajectory 0 steps
// 1.4 → 2.6 in the design, 1 → 3 as run: effect (30 − 10)/(2/4) = 40, the
// model's 10 per unit times the range (divided by the design step 1.2/4
// it was 66.7). Trajectory 1 steps 2.2 → 2.4, 2 → 2 as run: no step, no
// effect (it was 0 over 0.2/4 = 0). So μ = μ* = 40 from one effect, σ
// undefined, one skipped; with both steps rounding to nothing all three
// are undefined.
func TestElementaryEffectsAtRounded(t *testing.T) {
	d := Design{Kind: KindMorris, N: 2, Factors: []Factor{{Name: "n", Min: 0, Max: 4}},
		Points: [][]float64{{1.4}, {2.6}, {2.2}, {2.4}}}
	x := make([][]float64, len(d.Points))
	y := make([]float64, len(d.Points))
	for i, p := range d.Points {
		x[i] = []float64{math.Round(p[0])}
		y[i] = 10 * x[i][0]
	}
	idx, err := ElementaryEffectsAt(d, x, y)
	if err != nil {
		t.Fatal(err)
	}
	m := idx[0]
	if len(m.Effects) != 1 || m.Effects[0] != 40 || m.Mu != 40 || m.MuStar != 40 || !math.IsNaN(m.Sigma) || m.Skipped != 1 {
		t.Errorf("got %+v, want effects [40], μ = μ* = 40, σ NaN, 1 skipped", m)
	}
	d.Points = [][]float64{{2.2}, {2.4}, {0.6}, {1.2}}
	for i, p := range d.Points {
		x[i] = []float64{math.Round(p[0])}
		y[i] = 10 * x[i][0]
	}
	idx, err = ElementaryEffectsAt(d, x, y)
	if err != nil {
		t.Fatal(err)
	}
	if m := idx[0]; len(m.Effects) != 0 || m.Skipped != 2 || !math.IsNaN(m.Mu) || !math.IsNaN(m.MuStar) || !math.IsNaN(m.Sigma) {
		t.Errorf("every step rounded away: got %+v, want no effect, μ, μ*, σ NaN, 2 skipped", m)
	}
	if _, err := ElementaryEffectsAt(d, x[:3], y); err == nil {
		t.Error("3 points run for a design of 4: no error")
	}
}
