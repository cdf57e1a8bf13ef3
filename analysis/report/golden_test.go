package report

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/povsim/povsim/analysis/chart"
	"github.com/povsim/povsim/analysis/sensitivity"
	"github.com/povsim/povsim/internal/golden"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

var (
	update  = flag.Bool("update", false, "rewrite the golden SVG files in testdata")
	preview = flag.String("preview", "", "also write a PNG of each golden chart to this folder, to look at")
)

// goldenCharts are the charts checked against testdata/NAME.svg: every
// chart of the report, wide and narrow, from the fixture's simulation (a
// fixed seed), and the sweep charts from fixed sensitivity analyses.
func goldenCharts(t *testing.T) []struct {
	name string
	w, h vg.Length
	p    func() (*plot.Plot, error)
} {
	in := fixtureInput(t)
	type gc = struct {
		name string
		w, h vg.Length
		p    func() (*plot.Plot, error)
	}
	var out []gc
	for _, k := range Kinds {
		out = append(out, gc{k, chart.DefaultWidth, chart.DefaultHeight, func() (*plot.Plot, error) { return Chart(k, in) }})
	}
	for _, k := range []string{KindRates, KindCostEffect, KindTypes} {
		out = append(out, gc{k + "-narrow", NarrowWidth, NarrowHeight, func() (*plot.Plot, error) { return NarrowChart(k, in) }})
	}
	out = append(out,
		gc{"sobol", chart.DefaultWidth, chart.DefaultHeight, func() (*plot.Plot, error) { return SobolChart("the return rate in 2030", ishigamiSobol(t)) }},
		gc{"morris", chart.DefaultWidth, chart.DefaultHeight, func() (*plot.Plot, error) {
			return MorrisChart("the return rate in 2030", "points", ishigamiMorris(t))
		}},
		gc{"scatter", chart.DefaultWidth, chart.DefaultHeight, func() (*plot.Plot, error) {
			x, y := sweepPoints()
			return SweepScatter("transfers.subsidy.level", "Return-to-poverty rate in 2030", "share of formerly poor households", x, y, true)
		}},
	)
	return out
}

// ishigami is the Ishigami function, a standard test of sensitivity
// analysis, with factor names of povsim parameters.
var ishigamiFactors = []sensitivity.Factor{
	{Name: "labor.local_job_loss", Min: -math.Pi, Max: math.Pi},
	{Name: "transfers.subsidy.level", Min: -math.Pi, Max: math.Pi},
	{Name: "health.chronic_cost", Min: -math.Pi, Max: math.Pi},
}

func ishigami(x []float64) float64 {
	return math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
}

func ishigamiSobol(t *testing.T) sensitivity.Indices {
	d, err := sensitivity.Saltelli(ishigamiFactors, 512, 3)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := sensitivity.Sobol(d, d.Eval(ishigami), 200, 4)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func ishigamiMorris(t *testing.T) []sensitivity.MorrisIndex {
	d, err := sensitivity.Morris(ishigamiFactors, 20, 4, 5)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := sensitivity.ElementaryEffects(d, d.Eval(ishigami))
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// sweepPoints is a made-up sweep: the return rate falls with the subsidy
// level, with noise that repeats exactly.
func sweepPoints() (x, y []float64) {
	for i := range 120 {
		lv := float64(i%11) / 10
		noise := 0.006 * math.Sin(float64(i)*12.9898)
		x = append(x, lv)
		y = append(y, 0.09-0.03*lv+noise)
	}
	return x, y
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCharts(t) {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.p()
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := chart.Render(p, &got, "svg", tc.w, tc.h); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.name+".svg")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if *preview != "" {
				if err := os.MkdirAll(*preview, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := chart.SaveSize(p, filepath.Join(*preview, tc.name+".png"), tc.w, tc.h); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if err := golden.SameSVG(got.Bytes(), want); err != nil {
				t.Errorf("%s differs from the golden file: %v\n(run go test -update -preview DIR to accept the new output, after looking at the PNGs)", path, err)
			}
		})
	}
}
