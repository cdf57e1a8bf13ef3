package report

import (
	"testing"

	"github.com/povsim/povsim/analysis"
)

// A negative effect reads as a positive amount under the label of its sign.
func TestEffectWords(t *testing.T) {
	worse := analysis.Estimate{Mean: -369, Lo: -500, Hi: -238, SD: 1, N: 3}
	better := analysis.Estimate{Mean: 742, Lo: 700, Hi: 800, SD: 1, N: 3}
	if l, v := effect(worse, "Kept out of poverty in 2030", "More back in poverty in 2030", countCI, " households"); l != "More back in poverty in 2030" || v != "369 (238 to 500) households" {
		t.Errorf("worse: %q %q", l, v)
	}
	if l, v := effect(better, "Kept out", "More back", countCI, " households"); l != "Kept out" || v != "742 (700 to 800) households" {
		t.Errorf("better: %q %q", l, v)
	}
	saved := analysis.Estimate{Mean: -123.76e6, Lo: -130e6, Hi: -117.5e6, SD: 1, N: 3}
	if got := analysis.InWords(saved, millionCI, " more", " saved"); got != "123.76 saved (117.50 to 130.00)" {
		t.Errorf("saved: %q", got)
	}
	if got := analysis.InWords(analysis.Estimate{Mean: -5, N: 1}, countCI, " kept out", " more back in poverty"); got != "5 more back in poverty" {
		t.Errorf("one replication: %q", got)
	}
	one := func(m float64) analysis.Estimate { return analysis.Estimate{Mean: m, N: 1} }
	sure := func(m float64) analysis.Estimate { // an interval of ±10 % that excludes zero
		return analysis.Estimate{Mean: m, Lo: m - abs(m)/10, Hi: m + abs(m)/10, N: 8}
	}
	for _, c := range []struct {
		avoided, cost analysis.Estimate
		want          string
	}{
		{one(-742), one(1e6), "does not apply: no return avoided"},
		{one(0), one(-1e6), "does not apply: no return avoided"},
		{analysis.Estimate{Mean: 100, Lo: 50, Hi: 150, N: 8}, sure(1.234e6), "about 12\u202f000 yuan"}, // 12,340 to two digits
		{analysis.Estimate{Mean: 100, Lo: -20, Hi: 220, N: 8}, sure(1e6), "not estimable: the returns avoided cannot be told from zero"},
		{one(100), one(1e6), "not estimable: the returns avoided cannot be told from zero"},                                          // one replication: no interval
		{analysis.Estimate{Mean: 2, Lo: -1, Hi: 5, N: 8}, sure(-1e6), "not estimable: the returns avoided cannot be told from zero"}, // a saving, but no return surely avoided
		{analysis.Estimate{Mean: 2, Lo: 1, Hi: 3, N: 8}, sure(-1e6), "nothing: it avoids returns and saves money"},
		{analysis.Estimate{Mean: 2, Lo: 1, Hi: 3, N: 8}, analysis.Estimate{Mean: -1e5, Lo: -2e5, Hi: 1e4, N: 8}, "not estimable: the extra cost cannot be told from zero"}, // a saving that may be a cost
		{analysis.Estimate{Mean: 2, Lo: 1, Hi: 3, N: 8}, analysis.Estimate{Mean: 1e5, Lo: -1e4, Hi: 2e5, N: 8}, "not estimable: the extra cost cannot be told from zero"},
	} {
		d := analysis.Differences{Avoided: analysis.Series{Years: []analysis.Estimate{c.avoided}},
			ExtraCost: analysis.Series{Years: []analysis.Estimate{c.cost}}}
		if c.avoided.Mean > 0 {
			v := c.cost.Mean / c.avoided.Mean
			d.CostPerAvoided = &v
		}
		if got := d.CostPerAvoidedText(0, func(x float64) string { return thousands(x, 0) }); got != c.want {
			t.Errorf("avoided %+v cost %v: %q, want %q", c.avoided, c.cost, got, c.want)
		}
	}
}
