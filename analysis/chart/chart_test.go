package chart

import (
	"bytes"
	"errors"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

func band(name string, n int) Band {
	b := Band{Name: name}
	for i := range n {
		v := 0.1 + 0.01*float64(i)
		b.X = append(b.X, float64(i))
		b.Mean = append(b.Mean, v)
		b.Lo = append(b.Lo, v-0.02)
		b.Hi = append(b.Hi, v+0.02)
	}
	return b
}

func TestErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	with := func(f func(*Band)) []Band {
		b := band("Cash", 4)
		f(&b)
		return []Band{band("Baseline", 4), b}
	}
	many := make([]Band, MaxSeries+1)
	for i := range many {
		many[i] = band(string(rune('A'+i)), 3)
	}
	okPt := CostPoint{Name: "Cash", Cost: 10, CostLo: 8, CostHi: 12, Effect: 0.1, EffectLo: 0.05, EffectHi: 0.15}
	pt := func(f func(*CostPoint)) []CostPoint {
		p := okPt
		f(&p)
		return []CostPoint{{Name: "Baseline"}, p}
	}
	okBar := Bar{Group: "Baseline", Name: "Landless", Value: 0.3, Lo: 0.25, Hi: 0.35}
	bar := func(f func(*Bar)) []Bar {
		b := okBar
		b.Name = "Smallholder"
		f(&b)
		return []Bar{okBar, b}
	}
	var nineNames []Bar
	for i := range MaxSeries + 1 {
		nineNames = append(nineNames, Bar{Group: "g", Name: string(rune('A' + i))})
	}
	l := Labels{Title: "t", X: "x", Y: "y"}

	tests := []struct {
		name string
		run  func() (*plot.Plot, error)
		is   error
		msg  []string // substrings the message must contain
	}{
		{"rates no series", func() (*plot.Plot, error) { return Rates(l, nil) }, ErrEmpty, []string{"Rates", "no series"}},
		{"rates no points", func() (*plot.Plot, error) { return Rates(l, []Band{{Name: "Cash"}}) }, ErrEmpty, []string{`"Cash"`, "no points"}},
		{"rates mean length", func() (*plot.Plot, error) {
			return Rates(l, with(func(b *Band) { b.Mean = b.Mean[:3] }))
		}, ErrLength, []string{`series "Cash"`, "len(Mean) = 3", "len(X) = 4"}},
		{"rates hi missing", func() (*plot.Plot, error) {
			return Rates(l, with(func(b *Band) { b.Hi = nil }))
		}, ErrLength, []string{`series "Cash"`, "len(Hi) = 0", "both"}},
		{"rates lo length", func() (*plot.Plot, error) {
			return Rates(l, with(func(b *Band) { b.Lo = append(b.Lo, 1) }))
		}, ErrLength, []string{`series "Cash"`, "len(Lo) = 5"}},
		{"rates NaN mean", func() (*plot.Plot, error) {
			return Rates(l, with(func(b *Band) { b.Mean[2] = nan }))
		}, ErrNotFinite, []string{`series "Cash"`, "Mean[2] is NaN"}},
		{"rates Inf x", func() (*plot.Plot, error) {
			return Rates(l, with(func(b *Band) { b.X[3] = inf }))
		}, ErrNotFinite, []string{`series "Cash"`, "X[3] is +Inf"}},
		{"rates -Inf lo", func() (*plot.Plot, error) {
			return Rates(l, with(func(b *Band) { b.Lo[0] = -inf }))
		}, ErrNotFinite, []string{"Lo[0] is -Inf"}},
		{"rates x not increasing", func() (*plot.Plot, error) {
			return Rates(l, with(func(b *Band) { b.X[2] = b.X[1] }))
		}, ErrInvalid, []string{`series "Cash"`, "X[2]", "increase"}},
		{"rates lo above hi", func() (*plot.Plot, error) {
			return Rates(l, with(func(b *Band) { b.Lo[1] = b.Hi[1] + 1 }))
		}, ErrInvalid, []string{`series "Cash"`, "Lo[1]", "Hi[1]"}},
		{"rates unnamed", func() (*plot.Plot, error) {
			return Rates(l, with(func(b *Band) { b.Name = ""; b.Mean[0] = nan }))
		}, ErrNotFinite, []string{"series #1"}},
		{"rates too many", func() (*plot.Plot, error) { return Rates(l, many) }, ErrInvalid, []string{"9 series", "at most 8"}},
		{"difference NaN hi", func() (*plot.Plot, error) {
			return Difference(l, with(func(b *Band) { b.Hi[3] = nan }))
		}, ErrNotFinite, []string{"Difference", `series "Cash"`, "Hi[3] is NaN"}},
		{"difference empty", func() (*plot.Plot, error) { return Difference(l, []Band{}) }, ErrEmpty, []string{"Difference"}},
		{"survival above 1", func() (*plot.Plot, error) {
			return Survival(l, with(func(b *Band) { b.Hi[0] = 1.01 }))
		}, ErrInvalid, []string{"Survival", `series "Cash"`, "Hi[0]", "[0, 1]"}},
		{"survival below 0", func() (*plot.Plot, error) {
			return Survival(l, with(func(b *Band) { b.Mean[3] = -0.1; b.Lo[3] = -0.2 }))
		}, ErrInvalid, []string{"Mean[3]"}},
		{"survival length", func() (*plot.Plot, error) {
			return Survival(l, with(func(b *Band) { b.X = b.X[:2] }))
		}, ErrLength, []string{`series "Cash"`}},
		{"costeffect empty", func() (*plot.Plot, error) { return CostEffect(l, nil) }, ErrEmpty, []string{"CostEffect"}},
		{"costeffect NaN", func() (*plot.Plot, error) {
			return CostEffect(l, pt(func(p *CostPoint) { p.EffectHi = nan }))
		}, ErrNotFinite, []string{`point "Cash"`, "index 1", "EffectHi is NaN"}},
		{"costeffect Inf cost", func() (*plot.Plot, error) {
			return CostEffect(l, pt(func(p *CostPoint) { p.Cost = inf }))
		}, ErrNotFinite, []string{"Cost is +Inf"}},
		{"costeffect interval", func() (*plot.Plot, error) {
			return CostEffect(l, pt(func(p *CostPoint) { p.CostLo = 20 }))
		}, ErrInvalid, []string{`point "Cash"`, "CostLo"}},
		{"bars empty", func() (*plot.Plot, error) { return GroupedBars(l, nil) }, ErrEmpty, []string{"GroupedBars"}},
		{"bars NaN", func() (*plot.Plot, error) {
			return GroupedBars(l, bar(func(b *Bar) { b.Value = nan }))
		}, ErrNotFinite, []string{"bar 1", `"Smallholder"`, "Value is NaN"}},
		{"bars interval", func() (*plot.Plot, error) {
			return GroupedBars(l, bar(func(b *Bar) { b.Lo = 1 }))
		}, ErrInvalid, []string{"bar 1", "Lo = 1"}},
		{"bars duplicate", func() (*plot.Plot, error) {
			return GroupedBars(l, bar(func(b *Bar) { b.Name = okBar.Name }))
		}, ErrInvalid, []string{"bar 1", "duplicate"}},
		{"bars too many names", func() (*plot.Plot, error) { return GroupedBars(l, nineNames) }, ErrInvalid, []string{"bar 8", "more than 8"}},
		{"scatter empty", func() (*plot.Plot, error) { return Scatter(l, nil, nil, 0) }, ErrEmpty, []string{"Scatter"}},
		{"scatter length", func() (*plot.Plot, error) {
			return Scatter(l, []float64{1, 2}, []float64{1}, 0)
		}, ErrLength, []string{"len(x) = 2", "len(y) = 1"}},
		{"scatter NaN y", func() (*plot.Plot, error) {
			return Scatter(l, []float64{1, 2}, []float64{1, nan}, 0)
		}, ErrNotFinite, []string{"y[1] is NaN"}},
		{"scatter Inf x", func() (*plot.Plot, error) {
			return Scatter(l, []float64{inf, 2}, []float64{1, 2}, 0)
		}, ErrNotFinite, []string{"x[0] is +Inf"}},
		{"scatter bins", func() (*plot.Plot, error) {
			return Scatter(l, []float64{1, 2}, []float64{1, 2}, -1)
		}, ErrInvalid, []string{"bins = -1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.run()
			if err == nil {
				t.Fatalf("no error, want %v", tc.is)
			}
			if p != nil {
				t.Errorf("non-nil plot with error %v", err)
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("error %q is not %v", err, tc.is)
			}
			if !strings.HasPrefix(err.Error(), "chart: ") {
				t.Errorf("error %q does not start with \"chart: \"", err)
			}
			for _, s := range tc.msg {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	p, err := Rates(fixtureRates())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		p      *plot.Plot
		format string
		w, h   vg.Length
		is     error
		msg    string
	}{
		{"unknown format", p, "pdf", vg.Inch, vg.Inch, ErrFormat, `"pdf"`},
		{"empty format", p, "", vg.Inch, vg.Inch, ErrFormat, `""`},
		{"nil plot", nil, "svg", vg.Inch, vg.Inch, ErrInvalid, "nil plot"},
		{"zero width", p, "png", 0, vg.Inch, ErrInvalid, "size"},
		{"negative height", p, "svg", vg.Inch, -1, ErrInvalid, "size"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			err := Render(tc.p, &b, tc.format, tc.w, tc.h)
			if !errors.Is(err, tc.is) || !strings.Contains(fmtErr(err), tc.msg) {
				t.Errorf("Render error = %v, want %v mentioning %s", err, tc.is, tc.msg)
			}
			if b.Len() != 0 {
				t.Errorf("Render wrote %d bytes on error", b.Len())
			}
		})
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestRenderPNG(t *testing.T) {
	p, err := GroupedBars(fixtureBars())
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []struct{ w, h vg.Length }{
		{DefaultWidth, DefaultHeight},
		{4 * vg.Inch, 3 * vg.Inch},
	} {
		var b bytes.Buffer
		if err := Render(p, &b, "PNG", size.w, size.h); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatalf("output does not decode as PNG: %v", err)
		}
		wantW := int(float64(size.w/vg.Inch)*PNGDPI + 0.5)
		wantH := int(float64(size.h/vg.Inch)*PNGDPI + 0.5)
		if got := img.Bounds().Size(); got.X != wantW || got.Y != wantH {
			t.Errorf("PNG is %v pixels, want %dx%d", got, wantW, wantH)
		}
	}
}

func TestSave(t *testing.T) {
	p, err := Survival(fixtureSurvival())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()

	svg := filepath.Join(dir, "s.svg")
	if err := Save(p, svg); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("<?xml")) || !bytes.Contains(b, []byte("Staying out of poverty")) {
		t.Errorf("%s is not the chart's SVG: %.80q", svg, b)
	}

	pngPath := filepath.Join(dir, "s.PNG")
	if err := SaveSize(p, pngPath, 3*vg.Inch, 2*vg.Inch); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 3*PNGDPI || cfg.Height != 2*PNGDPI {
		t.Errorf("PNG is %dx%d, want %dx%d", cfg.Width, cfg.Height, 3*PNGDPI, 2*PNGDPI)
	}

	for _, bad := range []string{"s.pdf", "s"} {
		path := filepath.Join(dir, bad)
		err := Save(p, path)
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), bad) {
			t.Errorf("Save(%q) = %v, want ErrFormat naming the file", bad, err)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("Save(%q) created the file despite the error", bad)
		}
	}
}

// Every legend position, with the most series, renders without error.
func TestLegendPositions(t *testing.T) {
	var series []Band
	for i := range MaxSeries {
		series = append(series, band("Scenario "+string(rune('A'+i)), 5))
	}
	for _, pos := range []LegendPosition{LegendRight, LegendTop, LegendInsideTopLeft, LegendInsideTopRight, LegendNone} {
		t.Run(pos.String(), func(t *testing.T) {
			for _, build := range []func(Labels, []Band) (*plot.Plot, error){Rates, Difference, Survival} {
				p, err := build(Labels{Title: "t", X: "x", Y: "y", Legend: pos}, series)
				if err != nil {
					t.Fatal(err)
				}
				if *preview != "" {
					if err := os.MkdirAll(*preview, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := Save(p, filepath.Join(*preview, "legend-"+pos.String()+".png")); err != nil {
						t.Fatal(err)
					}
				}
				for _, f := range []string{"svg", "png"} {
					var b bytes.Buffer
					if err := Render(p, &b, f, DefaultWidth, DefaultHeight); err != nil {
						t.Fatal(err)
					}
					hasName := bytes.Contains(b.Bytes(), []byte("Scenario H"))
					if f == "svg" && hasName == (pos == LegendNone) {
						t.Errorf("legend entry drawn = %v with %v", hasName, pos)
					}
				}
			}
		})
	}
	if s := LegendPosition(42).String(); s != "LegendPosition(42)" {
		t.Errorf("String() = %q", s)
	}
}

// Edge cases that must draw, not panic: one point, no band, constant
// values, a single bar without interval, all-equal scatter x.
func TestEdgeCases(t *testing.T) {
	l := Labels{Title: "t", X: "x", Y: "y"}
	one := Band{Name: "one", X: []float64{3}, Mean: []float64{0.5}, Lo: []float64{0.4}, Hi: []float64{0.6}}
	flat := Band{Name: "flat", X: []float64{0, 1, 2}, Mean: []float64{0, 0, 0}}
	cases := map[string]func() (*plot.Plot, error){
		"rates one point":      func() (*plot.Plot, error) { return Rates(l, []Band{one}) },
		"rates flat no band":   func() (*plot.Plot, error) { return Rates(l, []Band{flat}) },
		"difference flat":      func() (*plot.Plot, error) { return Difference(l, []Band{flat}) },
		"survival one point":   func() (*plot.Plot, error) { return Survival(l, []Band{one}) },
		"costeffect one point": func() (*plot.Plot, error) { return CostEffect(l, []CostPoint{{Name: "a"}}) },
		"bars one": func() (*plot.Plot, error) {
			return GroupedBars(l, []Bar{{Group: "g", Name: "n", Value: 1, Lo: 1, Hi: 1}})
		},
		"bars negative": func() (*plot.Plot, error) {
			return GroupedBars(l, []Bar{{Group: "g", Name: "n", Value: -1, Lo: -2, Hi: 0}})
		},
		"bars gap": func() (*plot.Plot, error) {
			return GroupedBars(l, []Bar{{Group: "g", Name: "a", Value: 1}, {Group: "h", Name: "b", Value: 2}})
		},
		"scatter same x":  func() (*plot.Plot, error) { return Scatter(l, []float64{1, 1, 1}, []float64{1, 2, 3}, 4) },
		"scatter one":     func() (*plot.Plot, error) { return Scatter(l, []float64{1}, []float64{1}, 0) },
		"scatter no bins": func() (*plot.Plot, error) { return Scatter(l, []float64{1, 2}, []float64{1, 2}, 0) },
	}
	for name, build := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := build()
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := Render(p, &b, "svg", DefaultWidth, DefaultHeight); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		percent  bool
		want     string
	}{
		{0, 0.28, true, "0% 5% 10% 15% 20% 25% 30%"},
		{-0.2, 0.05, true, "−20% −15% −10% −5% 0% 5%"}, // true minus signs
		{0, 1, true, "0% 20% 40% 60% 80% 100%"},
		{0, 0.012, true, "0.0% 0.2% 0.4% 0.6% 0.8% 1.0% 1.2%"},
		{0, 3_000_000, false, "0 500,000 1,000,000 1,500,000 2,000,000 2,500,000 3,000,000"},
		{0, 10, false, "0 2 4 6 8 10"},
		{-0.05, 0.55, false, "−0.1 0.0 0.1 0.2 0.3 0.4 0.5 0.6"},
		{1995, 2031, false, "1990 2000 2010 2020 2030 2040"},
	}
	for _, tc := range tests {
		ticks := ticker{percent: tc.percent, maxIntervals: yIntervals}.Ticks(tc.min, tc.max)
		var labels []string
		for _, tk := range ticks {
			labels = append(labels, tk.Label)
		}
		if got := strings.Join(labels, " "); got != tc.want {
			t.Errorf("ticks(%v, %v, percent=%v) = %q, want %q", tc.min, tc.max, tc.percent, got, tc.want)
		}
		if ticks[0].Value > tc.min || ticks[len(ticks)-1].Value < tc.max {
			t.Errorf("ticks(%v, %v) = %v do not cover the range", tc.min, tc.max, ticks)
		}
	}
	if got := formatNumber(-1234567.5, 1); got != "−1,234,567.5" {
		t.Errorf("formatNumber = %q", got)
	}
	// Percentage points: signed, no % sign.
	var pts []string
	for _, tk := range (ticker{points: true, maxIntervals: yIntervals}).Ticks(-0.005, 0.02) {
		pts = append(pts, tk.Label)
	}
	if got := strings.Join(pts, " "); got != "−0.5 0.0 +0.5 +1.0 +1.5 +2.0" {
		t.Errorf("percentage-point ticks %q", got)
	}
	if got := formatNumber(-0.0001, 0); got != "0" {
		t.Errorf("formatNumber(-0.0001, 0) = %q, want 0", got)
	}
}

func TestPalette(t *testing.T) {
	p := Palette()
	if len(p) != MaxSeries {
		t.Fatalf("len(Palette()) = %d", len(p))
	}
	p[0].R = 1 // callers cannot change the package's colours
	if Palette()[0].R != 0 {
		t.Error("Palette returns the package's own slice")
	}
	// Every series style differs from every other in colour, dashes,
	// marker and hatch.
	for i := range MaxSeries {
		for j := range i {
			a, b := styleFor(i), styleFor(j)
			if a.color == b.color || a.glyph == b.glyph || a.hatch == b.hatch || sameDashes(a.dashes, b.dashes) {
				t.Errorf("styles %d and %d share a feature", i, j)
			}
		}
	}
}

func sameDashes(a, b []vg.Length) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Charts can be built and rendered from several goroutines at once.
func TestConcurrent(t *testing.T) {
	done := make(chan error)
	for range 4 {
		go func() {
			for _, tc := range goldenCharts() {
				p, err := tc.build()
				if err == nil {
					err = Render(p, &bytes.Buffer{}, "png", 3*vg.Inch, 2*vg.Inch)
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
