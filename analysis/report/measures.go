package report

import (
	"fmt"
	"strconv"

	"github.com/povsim/povsim/analysis"
)

// yearlyTable is one measure per year: the base, then each alternative and
// its paired difference.
func yearlyTable(c analysis.Comparison, id, caption string, k analysis.OutcomeKey, level, diff func(analysis.Estimate) string) table {
	t := table{ID: id, Caption: caption, Head: []string{"Year", c.Base}}
	for _, d := range c.Diffs {
		t.Head = append(t.Head, d.Scenario, "Difference (points)")
	}
	for i, y := range c.Years {
		row := []string{strconv.Itoa(y), level(c.Summaries[0].Get(k).Years[i])}
		for j, d := range c.Diffs {
			row = append(row, level(c.Summaries[j+1].Get(k).Years[i]), diff(d.Get(k).Years[i]))
		}
		t.addRow(row...)
	}
	if len(c.Diffs) > 0 {
		t.Note = fmt.Sprintf("Difference: the scenario's rate minus %s's, in percentage points, paired on the same households.", c.Base)
	}
	return t
}

// horizonTables are the horizon by measure: registered returns with the
// costs first, then income poverty.
func horizonTables(c analysis.Comparison, dec int) []table {
	h := len(c.Years) - 1
	yuan := func(x float64) string { return thousands(x, 0) }
	reg := table{ID: "horizon", Caption: fmt.Sprintf("Registered returns at the horizon, %d; money and registered returns summed over %s", c.Years[h], span(c)),
		Head: []string{"Scenario", "Registered returns", "Difference (points)", "Registered returns avoided",
			"Total cost (million yuan)", "Extra cost (million yuan)", "Cost per registered return avoided"}}
	reg.addRow(c.Base, pctCIDec(c.Summaries[0].Get(analysis.RegisteredReturn).Years[h], dec), "", "", thousands(totalCost(c.Summaries[0])/1e6, 2), "", "")
	inc := table{ID: "horizon-income", Caption: fmt.Sprintf("Income poverty at the horizon, %d", c.Years[h]),
		Head: []string{"Scenario", "Return rate", "Difference (points)", "Households kept out of poverty",
			"Returns avoided since " + strconv.Itoa(c.Years[0]-1), "Cost per return avoided"}}
	inc.addRow(c.Base, pctCI(rateOf(c.Summaries[0]).Years[h]), "", "", "", "")
	for k, d := range c.Diffs {
		s := c.Summaries[k+1]
		reg.addRow(d.Scenario, pctCIDec(s.Get(analysis.RegisteredReturn).Years[h], dec), ppCIDec(d.Get(analysis.RegisteredReturn).Years[h], dec),
			analysis.InWords(d.Get(analysis.RegisteredAvoided).Years[h], countCI1, " avoided", " more"), thousands(totalCost(s)/1e6, 2),
			analysis.InWords(d.ExtraCost.Years[h], millionCI, " more", " saved"), d.CostPerRegisteredText(h, yuan))
		inc.addRow(d.Scenario, pctCI(rateOf(s).Years[h]), ppCI(d.Get(analysis.ReturnRate).Years[h]),
			analysis.InWords(d.KeptOut.Years[h], countCI, " kept out", " more back in poverty"),
			analysis.InWords(d.Avoided.Years[h], countCI, " avoided", " more returns"), d.CostPerAvoidedText(h, yuan))
	}
	reg.Note = fmt.Sprintf("Registered returns avoided: %s's registered returns minus the scenario's, summed over %s (a household registered in two years counts twice). Cost per registered return avoided: mean extra cost divided by mean registered returns avoided.",
		c.Base, span(c))
	inc.Note = fmt.Sprintf("Kept out: formerly poor households poor in %d under %s but not under the scenario (net). Returns avoided: households that have been poor at least once since %d under %s but not under the scenario. Cost per return avoided: mean extra cost divided by mean returns avoided.",
		c.Years[h], c.Base, c.Years[0]-1, c.Base)
	// The unpaired half-width is Welch's over replications, Monte Carlo
	// only: beside a paired interval that carries the parameters'
	// uncertainty (draws) it says nothing of what pairing buys.
	if hw := c.Diffs[0].UnpairedHalfWidth; len(hw) > h && hw[h] > 0 && c.Uncertainty != analysis.IntervalParams {
		if e := c.Diffs[0].Get(analysis.ReturnRate).Years[h]; e.HasInterval() {
			inc.Note += fmt.Sprintf(" Pairing on common random numbers narrows the interval of the difference for %s from ±%s to ±%s points.",
				c.Diffs[0].Scenario, thousands(100*hw[h], 2), thousands(100*e.HalfWidth(), 2))
		}
	}
	return []table{reg, inc}
}
