package chart

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/povsim/povsim/internal/golden"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

var (
	update  = flag.Bool("update", false, "rewrite golden files")
	preview = flag.String("preview", "", "also write a PNG of each golden chart to this directory")
)

// goldenCharts builds one chart of each kind from the fixtures.
func goldenCharts() []struct {
	name  string
	build func() (*plot.Plot, error)
} {
	return []struct {
		name  string
		build func() (*plot.Plot, error)
	}{
		{"rates", func() (*plot.Plot, error) { return Rates(fixtureRates()) }},
		{"difference", func() (*plot.Plot, error) { return Difference(fixtureDifference()) }},
		{"costeffect", func() (*plot.Plot, error) { return CostEffect(fixtureCostEffect()) }},
		{"groupedbars", func() (*plot.Plot, error) { return GroupedBars(fixtureBars()) }},
		{"sobol", func() (*plot.Plot, error) { return GroupedBars(fixtureSobol()) }},
		{"scatter", func() (*plot.Plot, error) {
			l, x, y := fixtureScatter()
			return Scatter(l, x, y, 9)
		}},
		{"survival", func() (*plot.Plot, error) { return Survival(fixtureSurvival()) }},
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCharts() {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.build()
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := Render(p, &got, "svg", DefaultWidth, DefaultHeight); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.name+".svg")
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if *preview != "" {
				if err := os.MkdirAll(*preview, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := SaveSize(p, filepath.Join(*preview, tc.name+".png"), DefaultWidth, DefaultHeight); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if err := golden.SameSVG(got.Bytes(), want); err != nil {
				t.Errorf("%s differs from golden file: %v\n(run go test -update to accept the new output, after looking at it)", path, err)
			}
		})
	}
}

// The SVG must not depend on the machine's fonts: text is measured with
// the Liberation fonts compiled into gonum/plot, and names metric-
// compatible fallbacks.
func TestSVGFonts(t *testing.T) {
	p, err := Rates(fixtureRates())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Render(p, &b, "svg", 4*vg.Inch, 3*vg.Inch); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b.Bytes(), []byte(svgFamily)) || !bytes.Contains(b.Bytes(), []byte(svgFallback)) {
		t.Errorf("SVG font families not replaced by %q", svgFallback)
	}
	if bytes.Contains(b.Bytes(), []byte("Serif")) {
		t.Errorf("SVG uses a serif font; want Liberation Sans throughout")
	}
}
