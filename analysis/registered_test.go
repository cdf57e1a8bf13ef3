package analysis_test

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

// withRegistered sets the registered returns of hand runs: reg[r][t].
func withRegistered(rs []sim.Result, reg [2][2]int) []sim.Result {
	for r := range rs {
		for t := range rs[r].Years {
			rs[r].Years[t].Registered = reg[r][t]
		}
	}
	return rs
}

// A comparison leads with the registered return: its paired difference,
// the registered returns avoided summed over the years and the cost per
// registered return avoided, worked out by hand, in the Go values, the
// CSV and the table.
func TestCompareRegistered(t *testing.T) {
	base := withRegistered(handRuns([2][2]int{{10, 8}, {12, 14}}, [2][2]int{{10, 15}, {12, 20}}, [2][2]float64{{1000, 1000}, {2000, 2000}}),
		[2][2]int{{2, 3}, {1, 4}})
	alt := withRegistered(handRuns([2][2]int{{6, 5}, {10, 10}}, [2][2]int{{6, 9}, {10, 14}}, [2][2]float64{{1500, 1500}, {2500, 2500}}),
		[2][2]int{{1, 1}, {1, 2}})
	c := analysis.Compare([]string{"base", "alt"}, [][]sim.Result{base, alt}, false)
	d := c.Diffs[0]
	// Registered returns avoided, base − alt summed since 2021: replication
	// 0 gives 1 then 1+2, replication 1 gives 0 then 0+2.
	av := d.Get(analysis.RegisteredAvoided)
	if av.Outcome != "registered_returns_avoided" || av.Years[0].Mean != 0.5 || av.Years[1].Mean != 2.5 {
		t.Errorf("registered returns avoided %s: %+v, want means 0.5 and 2.5", av.Outcome, av.Years)
	}
	// Extra cost at the horizon 500+500 in both replications, 1000 per
	// 2.5 registered returns avoided; but those cannot be told from zero
	// ([-3.9, 8.9]), so there is no ratio. Income poverty's 6 avoided in
	// both replications give one: 1000 / 6.
	if d.CostPerRegistered != nil {
		t.Errorf("cost per registered return avoided %v, want none", *d.CostPerRegistered)
	}
	if d.CostPerAvoided == nil || math.Abs(*d.CostPerAvoided-1000.0/6) > 1e-9 {
		t.Errorf("cost per return avoided %v, want 1000 / 6", d.CostPerAvoided)
	}
	// The paired difference in 2022: (1−3)/100 and (2−4)/100.
	if e := d.Get(analysis.RegisteredReturn).Years[1]; math.Abs(e.Mean+0.02) > 1e-12 || math.Abs(e.Lo+0.02) > 1e-12 || math.Abs(e.Hi+0.02) > 1e-12 {
		t.Errorf("Δ registered 2022: %+v, want −0.02 with no spread", e)
	}

	var csvOut bytes.Buffer
	if err := analysis.WriteComparisonCSV(&csvOut, c); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"alt,2022,registered_returns_avoided,2.5,",
		"alt,2022,cost_per_registered_return_avoided,,",
		"alt,2022,diff.registered_return,-0.0",    // −0.02, to rounding
		"alt,2022,cost_per_return_avoided,166.66", // income poverty's beside it: 1000 / 6
	} {
		if !strings.Contains(csvOut.String(), want) {
			t.Errorf("CSV lacks %q", want)
		}
	}
	var js bytes.Buffer
	if err := analysis.WriteJSON(&js, c); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Differences []struct {
			PerRegistered *float64 `json:"cost_per_registered_return_avoided"`
			PerReturn     *float64 `json:"cost_per_return_avoided"`
		} `json:"differences"`
	}
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back.Differences[0].PerRegistered != nil ||
		back.Differences[0].PerReturn == nil {
		t.Errorf("JSON costs per return avoided: %v %+v", err, back.Differences)
	}

	var tab bytes.Buffer
	if err := analysis.WriteComparisonTable(&tab, c); err != nil {
		t.Fatal(err)
	}
	out := tab.String()
	lines := strings.Split(out, "\n")
	// The first line is the sentence, registered return first.
	if !strings.HasPrefix(lines[0], "alt against base: registered returns in 2022 -2.00 pp [-2.00, -2.00], over 2021–2022 2.5 fewer registered") ||
		!strings.Contains(lines[0], "; income poverty in 2022 -3.50 pp") {
		t.Errorf("first line %q", lines[0])
	}
	if strings.Index(out, "registered returns among") > strings.Index(out, "income poverty (return rate) among") {
		t.Error("the income-poverty table comes before the registered returns'")
	}
	for _, want := range []string{
		"2021  1.50% [", // registered levels, then the 2021 difference whose interval holds 0
		// Cost per registered return avoided: 400, but the 2.5 avoided
		// [-3.9, 8.9] cannot be told from zero, so the ratio is not written.
		"not estimable: the returns avoided cannot be told from zero",
		"about 170 yuan", // per return avoided by income: 1000 / 6 [6, 6], to two digits
		"\nregistered: formerly poor households the monitoring system supports",
		"\nincome poverty (return rate): formerly poor households with income below the line",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "2021  1.50%") && !strings.HasSuffix(l, "(includes 0)") {
			t.Errorf("2021's difference holds 0 but the row does not say so: %q", l)
		}
		if strings.HasPrefix(l, "2022  3.50%") && strings.Contains(l, "includes 0") {
			t.Errorf("2022's difference is clear but the row says it includes 0: %q", l)
		}
	}
}

// Rare registered returns get the decimals their intervals need: at 0.05%
// a year with differences of a few thousandths of a point, four.
func TestCompareRegisteredDecimals(t *testing.T) {
	mk := func(reg [2][2]int) []sim.Result {
		rs := withRegistered(handRuns([2][2]int{}, [2][2]int{}, [2][2]float64{}), reg)
		for r := range rs {
			for t := range rs[r].Years {
				rs[r].Years[t].FormerlyPoor = 100000
			}
		}
		return rs
	}
	c := analysis.Compare([]string{"base", "alt"}, [][]sim.Result{mk([2][2]int{{50, 52}, {51, 55}}), mk([2][2]int{{49, 50}, {50, 52}})}, false)
	var tab bytes.Buffer
	if err := analysis.WriteComparisonTable(&tab, c); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(tab.String(), "\n")
	// 2022: (50−52, 52−55)/100,000 = −0.0025 points on average.
	if !regexp.MustCompile(`registered returns in 2022 -0\.0025 pp \[-0\.\d{4}, [+-]0\.\d{4}\]`).MatchString(first) {
		t.Errorf("first line %q, want the registered difference to four decimals", first)
	}
}

// Counts by cause add up: each kind's causes sum to its events, and its
// events to the run's registered returns, income-poverty returns and
// identifications summed over years and replications; shares are the
// counts over the events, and undefined with none.
func TestCountCauses(t *testing.T) {
	rs := make([]sim.Result, 2)
	for r := range rs {
		for t := range 3 {
			y := sim.YearStats{Year: 2021 + t}
			y.ReturnedCauses[sim.CauseIllness] = 3 + r
			y.ReturnedCauses[sim.CauseJobLoss] = t
			y.RegisteredCauses[sim.CauseIllness] = 1
			y.Returned = 3 + r + t
			y.Registered = 1
			rs[r].Years = append(rs[r].Years, y)
		}
	}
	counts := analysis.CountCauses(rs)
	byKind := map[string]analysis.CauseCount{}
	for _, cc := range counts {
		byKind[cc.Of] = cc
	}
	// Income poverty: illness 3·3 + 4·3 = 21, job loss (0+1+2)·2 = 6.
	inc := byKind[analysis.EventsIncomePoor]
	if inc.Events != 27 || inc.Causes[sim.CauseIllness].Events != 21 || inc.Causes[sim.CauseJobLoss].Events != 6 {
		t.Errorf("income poverty: %+v", inc)
	}
	if s := inc.Causes[sim.CauseJobLoss].Share; s == nil || *s != 6.0/27 {
		t.Errorf("job loss share %v, want 6/27", s)
	}
	if reg := byKind[analysis.EventsRegistered]; reg.Events != 6 || *reg.Causes[sim.CauseIllness].Share != 1 {
		t.Errorf("registered: %+v", reg)
	}
	if cs := byKind[analysis.EventsCases]; cs.Events != 0 || cs.Causes[0].Share != nil {
		t.Errorf("cases: %+v, want none and no shares", cs)
	}
	for _, cc := range counts {
		sum, share := 0, 0.0
		for _, c := range cc.Causes {
			sum += c.Events
			if c.Share != nil {
				share += *c.Share
			}
		}
		want := 0
		for r := range rs {
			for _, y := range rs[r].Years {
				switch cc.Of {
				case analysis.EventsIncomePoor:
					want += y.Returned
				case analysis.EventsRegistered:
					want += y.Registered
				case analysis.EventsCases:
					want += y.Enrolled
				}
			}
		}
		if sum != cc.Events || cc.Events != want || (cc.Events > 0 && math.Abs(share-1) > 1e-12) {
			t.Errorf("%s: causes sum to %d, events %d, returns %d, shares %v", cc.Of, sum, cc.Events, want, share)
		}
	}
	// Summarize carries them, and the yearly shares of registered returns.
	s := analysis.Summarize("s", rs, false)
	if got, ok := s.CauseCount(analysis.EventsIncomePoor); !ok || got.Events != 27 {
		t.Errorf("summary's income-poverty causes %+v %v", got, ok)
	}
	if e := s.Get(analysis.RegisteredCauseShareOf(sim.CauseIllness)).Years[2]; e.Mean != 1 || e.N != 2 {
		t.Errorf("registered_cause.illness 2023: %+v, want 1 over 2 replications", e)
	}
}
