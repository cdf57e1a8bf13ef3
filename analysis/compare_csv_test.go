package analysis_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

// handRuns makes two replications of two years of 100 formerly poor
// households: returned[r][t] poor, ever[r][t] poor at least once, and a
// dibao cost of cost[r][t] yuan.
func handRuns(returned, ever [2][2]int, cost [2][2]float64) []sim.Result {
	out := make([]sim.Result, 2)
	for r := range out {
		out[r].Rep = r
		for t := range 2 {
			y := sim.YearStats{Year: 2021 + t, Households: 100, FormerlyPoor: 100, Returned: returned[r][t], EverReturned: ever[r][t]}
			y.Cost[sim.CostDibao] = cost[r][t]
			out[r].Years = append(out[r].Years, y)
		}
	}
	return out
}

// The compare CSV has a unit, a label and a cumulative flag on every row,
// holds every outcome of the JSON (including the unpaired half-width and
// the cost per return avoided), and its comparison rows carry the values
// worked out by hand.
func TestComparisonCSVColumns(t *testing.T) {
	base := handRuns([2][2]int{{10, 8}, {12, 14}}, [2][2]int{{10, 15}, {12, 20}}, [2][2]float64{{1000, 1000}, {2000, 2000}})
	alt := handRuns([2][2]int{{6, 5}, {10, 10}}, [2][2]int{{6, 9}, {10, 14}}, [2][2]float64{{1500, 1500}, {2500, 2500}})
	c := analysis.Compare([]string{"base", "alt"}, [][]sim.Result{base, alt}, false)
	var b bytes.Buffer
	if err := analysis.WriteComparisonCSV(&b, c); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := "scenario,year,outcome,mean,lo,hi,sd,n,unit,label,cumulative"
	if got := strings.Join(rows[0], ","); got != head {
		t.Fatalf("header %s, want %s", got, head)
	}
	type key struct{ scenario, year, outcome string }
	byKey := map[key][]string{}
	for _, row := range rows[1:] {
		if row[8] == "" || row[9] == "" || (row[10] != "true" && row[10] != "false") {
			t.Errorf("row without unit, label or flag: %v", row)
		}
		byKey[key{row[0], row[1], row[2]}] = row
	}
	// Every series of the JSON, every year, is a row.
	for _, s := range c.Summaries {
		for _, group := range [][]analysis.Series{s.Series, s.Costs} {
			for _, se := range group {
				for _, y := range c.Years {
					if _, ok := byKey[key{s.Scenario, strconv.Itoa(y), se.Outcome}]; !ok {
						t.Errorf("no row %s %d %s", s.Scenario, y, se.Outcome)
					}
				}
			}
		}
	}
	for _, se := range c.Diffs[0].Paired {
		if _, ok := byKey[key{"alt", "2022", se.Outcome}]; !ok || !strings.HasPrefix(se.Outcome, "diff.") {
			t.Errorf("no row alt 2022 %s", se.Outcome)
		}
	}
	// Values worked out by hand: kept out is base − alt of the poor, mean of
	// (8−5, 14−10) in 2022; returns avoided base − alt of ever poor, (6, 6);
	// extra cost summed since 2021: (500+500, 500+500), above zero with no
	// spread; cost per return avoided 1000 / 6 at the horizon.
	for _, w := range []struct {
		year, outcome, unit, cumulative string
		mean                            float64
	}{
		{"2021", "kept_out", "households", "false", 3},
		{"2022", "kept_out", "households", "false", 3.5},
		{"2022", "returns_avoided", "households", "true", 6},
		{"2021", "extra_cost", "yuan", "true", 500},
		{"2022", "extra_cost", "yuan", "true", 1000},
		{"2022", "cost_per_return_avoided", "yuan per household", "true", 1000.0 / 6},
		{"2022", "diff.cost", "yuan", "false", 500},
		{"2022", "diff.return_rate", "share of formerly poor households", "false", -0.035},
		{"2022", "unpaired_half_width", "share of formerly poor households", "false", c.Diffs[0].UnpairedHalfWidth[1]},
	} {
		row, ok := byKey[key{"alt", w.year, w.outcome}]
		if !ok {
			t.Errorf("no row alt %s %s", w.year, w.outcome)
			continue
		}
		mean, err := strconv.ParseFloat(row[3], 64)
		if err != nil || math.Abs(mean-w.mean) > 1e-12 || row[8] != w.unit || row[10] != w.cumulative {
			t.Errorf("alt %s %s: mean %s unit %q cumulative %s; want %v %q %s", w.year, w.outcome, row[3], row[8], row[10], w.mean, w.unit, w.cumulative)
		}
	}
	if row := byKey[key{"alt", "2022", "diff.return_rate"}]; row[9] != "Income poverty of the formerly poor (as a survey sees it) (difference)" {
		t.Errorf("label of a difference: %q", row[9])
	}
	if c.Diffs[0].UnpairedHalfWidth[1] <= 0 {
		t.Errorf("unpaired half-width %v, want > 0", c.Diffs[0].UnpairedHalfWidth[1])
	}
	if _, ok := byKey[key{"alt", "2021", "cost_per_return_avoided"}]; ok {
		t.Error("cost per return avoided written before the horizon")
	}
}

// Check names what a comparison read from a file lacks.
func TestComparisonCheck(t *testing.T) {
	base := handRuns([2][2]int{{10, 8}, {12, 14}}, [2][2]int{{10, 15}, {12, 20}}, [2][2]float64{})
	c := analysis.Compare([]string{"base", "alt"}, [][]sim.Result{base, base}, false)
	if err := c.Check(); err != nil {
		t.Fatalf("complete comparison: %v", err)
	}
	c.Summaries[1].Series = c.Summaries[1].Series[1:] // no registered return
	if err := c.Check(); err == nil || !strings.Contains(err.Error(), "alt: no series registered_return") {
		t.Errorf("missing series: %v", err)
	}
	// Counts by cause read from a file must be this povsim's and add up.
	for _, bad := range []struct {
		edit func(*analysis.CauseCount)
		want string
	}{
		{func(cc *analysis.CauseCount) { cc.Of = "returns" }, `base: cause_totals: unknown kind of event "returns"`},
		{func(cc *analysis.CauseCount) { cc.Causes = cc.Causes[1:] }, "7 causes, want 8 (illness,"},
		{func(cc *analysis.CauseCount) { cc.Causes[2].Cause = "flood" }, `cause 3 is "flood" with 0 events, want "job_loss"`},
		{func(cc *analysis.CauseCount) { cc.Events++ }, "the causes count 0 events, the total says 1"},
		{func(cc *analysis.CauseCount) { cc.Causes[0].Events = -1; cc.Events = -1 }, `cause 1 is "illness" with -1 events`},
	} {
		c = analysis.Compare([]string{"base", "alt"}, [][]sim.Result{base, base}, false)
		bad.edit(&c.Summaries[0].CauseTotals[1])
		if err := c.Check(); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("bad counts by cause: %v, want %q", err, bad.want)
		}
	}
	// A count of replications edited away from what the estimates hold (2
	// hand runs) is refused, in the comparison or in a scenario.
	c = analysis.Compare([]string{"base", "alt"}, [][]sim.Result{base, base}, false)
	c.Reps = 9
	if err := c.Check(); err == nil || !strings.Contains(err.Error(), "replications: got 9, but scenario base ran 2") {
		t.Errorf("comparison's replications edited: %v", err)
	}
	c = analysis.Compare([]string{"base", "alt"}, [][]sim.Result{base, base}, false)
	c.Reps, c.Summaries[0].Reps, c.Summaries[1].Reps = 9, 9, 9
	if err := c.Check(); err == nil || !strings.Contains(err.Error(), "base: replications: got 9, but its estimates hold at most 2") {
		t.Errorf("every count of replications edited: %v", err)
	}
	c = analysis.Compare([]string{"base", "alt"}, [][]sim.Result{base, base}, false)
	c.Summaries[0].CauseTotals = nil // written before counts by cause: still readable
	if err := c.Check(); err != nil {
		t.Errorf("without counts by cause: %v", err)
	}
	c = analysis.Compare([]string{"base", "alt"}, [][]sim.Result{base, base}, false)
	c.Diffs[0].ExtraCost.Years = c.Diffs[0].ExtraCost.Years[:1]
	if err := c.Check(); err == nil || !strings.Contains(err.Error(), "extra_cost has 1 years, want 2") {
		t.Errorf("short series: %v", err)
	}
}
