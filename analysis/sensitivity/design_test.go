package sensitivity

import (
	"math"
	"reflect"
	"testing"
)

func TestGrid(t *testing.T) {
	tests := []struct {
		name    string
		factors []Factor
		levels  int
		want    [][]float64 // exact, odometer order (last factor fastest)
	}{
		{
			name: "discrete and continuous",
			factors: []Factor{
				{Name: "a", Levels: []float64{1, 2, 3}},
				{Name: "b", Min: 0, Max: 1},
			},
			levels: 3, // b takes 0, 0.5, 1
			want: [][]float64{
				{1, 0}, {1, 0.5}, {1, 1},
				{2, 0}, {2, 0.5}, {2, 1},
				{3, 0}, {3, 0.5}, {3, 1},
			},
		},
		{
			name: "all discrete, levels ignored",
			factors: []Factor{
				{Name: "seed", Levels: []float64{7}},
				{Name: "mode", Levels: []float64{-1, 1}},
				{Name: "rate", Levels: []float64{0.1, 0.2}},
			},
			levels: 0,
			want: [][]float64{
				{7, -1, 0.1}, {7, -1, 0.2}, {7, 1, 0.1}, {7, 1, 0.2},
			},
		},
		{
			name: "continuous ends are exact",
			factors: []Factor{
				{Name: "t", Min: -2, Max: 0.3},
			},
			levels: 2,
			want:   [][]float64{{-2}, {0.3}},
		},
		{
			name: "quarters",
			factors: []Factor{
				{Name: "p", Min: 0, Max: 1},
				{Name: "q", Min: 10, Max: 20},
			},
			levels: 5, // i/4 is exact in binary, so values are exact
			want: func() [][]float64 {
				p := []float64{0, 0.25, 0.5, 0.75, 1}
				q := []float64{10, 12.5, 15, 17.5, 20}
				var w [][]float64
				for _, a := range p {
					for _, b := range q {
						w = append(w, []float64{a, b})
					}
				}
				return w
			}(),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Grid(tc.factors, tc.levels)
			if err != nil {
				t.Fatal(err)
			}
			if d.Kind != KindGrid || d.N != len(tc.want) {
				t.Errorf("Kind=%q N=%d, want %q %d", d.Kind, d.N, KindGrid, len(tc.want))
			}
			if !reflect.DeepEqual(d.Points, tc.want) {
				t.Errorf("points\n got %v\nwant %v", d.Points, tc.want)
			}
		})
	}
}

// TestGridDoesNotAlias checks that the design owns its factor levels.
func TestGridDoesNotAlias(t *testing.T) {
	lv := []float64{1, 2}
	d, err := Grid([]Factor{{Name: "a", Levels: lv}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	lv[0] = 99
	if d.Factors[0].Levels[0] != 1 || d.Points[0][0] != 1 {
		t.Errorf("design aliases caller's Levels slice")
	}
}

// checkInRange fails if any point lies outside its factor's [Min, Max].
func checkInRange(t *testing.T, d Design) {
	t.Helper()
	for j, p := range d.Points {
		for i, f := range d.Factors {
			if p[i] < f.Min || p[i] > f.Max {
				t.Fatalf("point %d factor %s = %v outside [%v, %v]", j, f.Name, p[i], f.Min, f.Max)
			}
		}
	}
}

var mixedFactors = []Factor{
	{Name: "u", Min: 0, Max: 1},
	{Name: "temp", Min: 250, Max: 350},
	{Name: "logk", Min: -6, Max: -2},
	{Name: "w", Min: -1e-3, Max: 1e-3},
}

func TestLatinHypercubeStrata(t *testing.T) {
	for _, n := range []int{2, 10, 97} {
		for _, seed := range []uint64{0, 1, 42} {
			d, err := LatinHypercube(mixedFactors, n, seed)
			if err != nil {
				t.Fatal(err)
			}
			if d.Kind != KindLatinHypercube || d.N != n || len(d.Points) != n || d.Seed != seed {
				t.Fatalf("n=%d seed=%d: Kind=%q N=%d len=%d Seed=%d", n, seed, d.Kind, d.N, len(d.Points), d.Seed)
			}
			checkInRange(t, d)
			for i, f := range d.Factors {
				count := make([]int, n)
				for _, p := range d.Points {
					s := int(math.Floor((p[i] - f.Min) / (f.Max - f.Min) * float64(n)))
					s = min(s, n-1) // a value exactly at Max belongs to the top stratum
					count[s]++
				}
				for s, c := range count {
					if c != 1 {
						t.Errorf("n=%d seed=%d factor %s: stratum %d holds %d points, want 1", n, seed, f.Name, s, c)
					}
				}
			}
		}
	}
}

func TestSaltelliStructure(t *testing.T) {
	const n = 32
	k := len(mixedFactors)
	d, err := Saltelli(mixedFactors, n, 5)
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != KindSaltelli || d.N != n || len(d.Points) != n*(k+2) {
		t.Fatalf("Kind=%q N=%d len=%d; want %q, %d, %d", d.Kind, d.N, len(d.Points), KindSaltelli, n, n*(k+2))
	}
	checkInRange(t, d)
	for j := range n {
		a, b := d.Points[j*(k+2)], d.Points[j*(k+2)+1]
		for c := range k {
			if a[c] == b[c] {
				t.Errorf("row %d: A and B share column %d (%v); they should be independent draws", j, c, a[c])
			}
		}
		for i := range k {
			ab := d.Points[j*(k+2)+2+i]
			for c := range k {
				want := a[c]
				if c == i {
					want = b[c]
				}
				if ab[c] != want {
					t.Errorf("row %d AB_%d column %d = %v, want %v", j, i+1, c, ab[c], want)
				}
			}
		}
	}

	// Any prefix of whole base rows is the smaller design with the same seed.
	small, err := Saltelli(mixedFactors, n/2, 5)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(small.Points, d.Points[:n/2*(k+2)]) {
		t.Errorf("first %d base rows of the n=%d design differ from the n=%d design", n/2, n, n/2)
	}
}

func TestMorrisTrajectories(t *testing.T) {
	k := len(mixedFactors)
	for _, levels := range []int{2, 4, 6, 10} {
		const r = 25
		d, err := Morris(mixedFactors, r, levels, 11)
		if err != nil {
			t.Fatal(err)
		}
		// Δ = p/(2(p−1)) (Morris 1991; Campolongo et al. 2007).
		delta := float64(levels) / float64(2*(levels-1))
		if d.Kind != KindMorris || d.N != r || d.Levels != levels || d.Delta != delta || len(d.Points) != r*(k+1) {
			t.Fatalf("p=%d: Kind=%q N=%d Levels=%d Delta=%v len=%d", levels, d.Kind, d.N, d.Levels, d.Delta, len(d.Points))
		}
		checkInRange(t, d)
		for tr := range r {
			moved := make([]int, k)
			for m := range k {
				p0, p1 := d.Points[tr*(k+1)+m], d.Points[tr*(k+1)+m+1]
				changed := -1
				for i := range k {
					if p0[i] != p1[i] {
						if changed >= 0 {
							t.Fatalf("p=%d trajectory %d step %d moves two factors", levels, tr, m)
						}
						changed = i
					}
				}
				if changed < 0 {
					t.Fatalf("p=%d trajectory %d step %d moves nothing", levels, tr, m)
				}
				moved[changed]++
				f := d.Factors[changed]
				step := math.Abs(p1[changed]-p0[changed]) / (f.Max - f.Min)
				if math.Abs(step-delta) > 1e-12 {
					t.Errorf("p=%d trajectory %d step %d: |Δ| = %v, want %v", levels, tr, m, step, delta)
				}
			}
			for i, c := range moved {
				if c != 1 {
					t.Errorf("p=%d trajectory %d moves %s %d times, want 1", levels, tr, d.Factors[i].Name, c)
				}
			}
		}
		// Every coordinate is on the p-level grid.
		for j, p := range d.Points {
			for i, f := range d.Factors {
				g := (p[i] - f.Min) / (f.Max - f.Min) * float64(levels-1)
				if math.Abs(g-math.Round(g)) > 1e-9 {
					t.Errorf("p=%d point %d %s = %v is not a grid level", levels, j, f.Name, p[i])
				}
			}
		}
	}
}

func TestDesignsDeterministic(t *testing.T) {
	builders := []struct {
		name  string
		build func(seed uint64) (Design, error)
	}{
		{"LatinHypercube", func(s uint64) (Design, error) { return LatinHypercube(mixedFactors, 20, s) }},
		{"Saltelli", func(s uint64) (Design, error) { return Saltelli(mixedFactors, 20, s) }},
		{"Morris", func(s uint64) (Design, error) { return Morris(mixedFactors, 20, 4, s) }},
	}
	for _, b := range builders {
		t.Run(b.name, func(t *testing.T) {
			d1, err1 := b.build(123)
			d2, err2 := b.build(123)
			d3, err3 := b.build(124)
			if err1 != nil || err2 != nil || err3 != nil {
				t.Fatal(err1, err2, err3)
			}
			if !reflect.DeepEqual(d1, d2) {
				t.Errorf("same seed gave different designs")
			}
			if reflect.DeepEqual(d1.Points, d3.Points) {
				t.Errorf("seeds 123 and 124 gave identical points")
			}
		})
	}
}

func TestEval(t *testing.T) {
	d, err := Grid([]Factor{{Name: "a", Levels: []float64{1, 2, 3}}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := d.Eval(func(x []float64) float64 { return x[0] * x[0] })
	if want := []float64{1, 4, 9}; !reflect.DeepEqual(got, want) {
		t.Errorf("Eval = %v, want %v", got, want)
	}
}
