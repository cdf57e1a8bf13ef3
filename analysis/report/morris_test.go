package report

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis/chart"
	"github.com/povsim/povsim/analysis/sensitivity"
	"gonum.org/v1/plot/vg"
)

// A factor without Morris measures (a whole number whose steps all round
// to no change: μ* and σ NaN; or a single effect: σ NaN) is left out of
// the chart and named under its title, instead of failing the chart.
func TestMorrisChartUndefined(t *testing.T) {
	nan := math.NaN()
	ix := []sensitivity.MorrisIndex{
		{Name: "monitoring.detection", Mu: 0.02, MuStar: 0.03, Sigma: 0.01},
		{Name: "population.laborers_max", Mu: nan, MuStar: nan, Sigma: nan},
		{Name: "monitoring.lag", Mu: 0.01, MuStar: 0.01, Sigma: nan},
	}
	if got := MorrisUndrawn(ix); strings.Join(got, " ") != "population.laborers_max monitoring.lag" {
		t.Errorf("MorrisUndrawn = %q", got)
	}
	p, err := MorrisChart("the return rate in 2025", "points", ix)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := chart.Render(p, &b, "svg", 16*vg.Centimeter, 10*vg.Centimeter); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, want := range []string{"Not drawn, no μ* or σ estimated:", "population.laborers_max,", "monitoring.lag<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart does not name the factors left out: no %q", want)
		}
	}
	if !strings.Contains(svg, ">monitoring.detection<") {
		t.Errorf("the chart does not draw monitoring.detection")
	}
	_, err = MorrisChart("x", "", ix[1:])
	if err == nil || !strings.Contains(err.Error(), "no parameter has Morris measures to draw: population.laborers_max, monitoring.lag") {
		t.Errorf("every factor undefined: err %v", err)
	}
}
