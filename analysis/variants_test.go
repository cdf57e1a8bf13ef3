package analysis_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

func TestDirectionOf(t *testing.T) {
	for _, c := range []struct {
		e    analysis.Estimate
		want analysis.Direction
	}{
		{analysis.Estimate{Mean: 0.01, Lo: 0.001, Hi: 0.02, N: 4}, analysis.Up},
		{analysis.Estimate{Mean: -0.01, Lo: -0.02, Hi: -0.001, N: 4}, analysis.Down},
		{analysis.Estimate{Mean: 0.01, Lo: -0.001, Hi: 0.02, N: 4}, analysis.Unclear},
		{analysis.Estimate{Mean: 0, Lo: 0, Hi: 0, N: 4}, analysis.Unclear},          // the same count every time
		{analysis.Estimate{Mean: 0.003, Lo: 0.003, Hi: 0.003, N: 4}, analysis.Up},   // the same difference every time
		{analysis.Estimate{Mean: 0.01, Lo: 0.01, Hi: 0.01, N: 1}, analysis.Unclear}, // one replication: no interval
		{analysis.Estimate{}, analysis.Unclear},                                     // undefined
		{analysis.Estimate{Mean: -0.5, Lo: -0.6, Hi: 0, N: 3}, analysis.Unclear},    // touches 0
	} {
		if got := analysis.DirectionOf(c.e); got != c.want {
			t.Errorf("DirectionOf(%+v) = %v, want %v", c.e, got, c.want)
		}
	}
}

// diffs is one alternative's paired differences in one year: registered
// returns and income poverty, each given by its interval.
func diffs(reg, rate [2]float64) analysis.Differences {
	est := func(lohi [2]float64) []analysis.Estimate {
		return []analysis.Estimate{{Mean: (lohi[0] + lohi[1]) / 2, Lo: lohi[0], Hi: lohi[1], N: 8}}
	}
	return analysis.Differences{Scenario: "plan", Paired: []analysis.Series{
		{Key: analysis.RegisteredReturn, Diff: true, Years: est(reg)},
		{Key: analysis.ReturnRate, Diff: true, Years: est(rate)},
	}}
}

// The sentences under the table, by hand: a direction kept by every
// variant, one that includes 0 or reverses under some, and defaults that
// cannot tell.
func TestWriteVariantsTable(t *testing.T) {
	up, down, zero := [2]float64{0.001, 0.003}, [2]float64{-0.003, -0.001}, [2]float64{-0.001, 0.001}
	c := analysis.Comparison{Base: "baseline", Years: []int{2030}, Diffs: []analysis.Differences{diffs(up, down)}}
	var b bytes.Buffer
	if err := analysis.WriteVariantsTable(&b, c); err != nil || b.Len() > 0 {
		t.Errorf("without variants: %q, %v; want nothing", b.String(), err)
	}
	for _, tc := range []struct {
		name      string
		def       analysis.Differences
		variants  []analysis.Differences
		reg, rate string
	}{
		{"kept", diffs(up, down), []analysis.Differences{diffs(up, down), diffs(up, down)},
			"registered returns: higher under the defaults and under all 2 variants.",
			"income poverty: lower under the defaults and under all 2 variants."},
		{"mixed", diffs(up, down), []analysis.Differences{diffs(zero, up), diffs(up, zero), diffs(down, down)},
			"registered returns: higher under the defaults and under 1 of the 3 variants; includes 0 under v0; REVERSES (lower) under v2.",
			"income poverty: lower under the defaults and under 1 of the 3 variants; includes 0 under v1; REVERSES (higher) under v0."},
		{"unclear", diffs(zero, zero), []analysis.Differences{diffs(zero, up), diffs(zero, down), diffs(zero, zero)},
			"registered returns: the defaults cannot tell it from no difference, nor can any variant.",
			"income poverty: the defaults cannot tell it from no difference; higher under v0; lower under v1."},
		// v1 not applied and v2 a variant whose parameters plan sets itself:
		// neither is counted, the second is named.
		{"not counted", diffs(up, down), []analysis.Differences{diffs(up, down), {}, diffs(down, up)},
			"registered returns: higher under the defaults and under the one variant that tests it (not counted: v2, under which it sets the variant's parameters itself).",
			"income poverty: lower under the defaults and under the one variant that tests it (not counted: v2"},
	} {
		c := analysis.Comparison{Base: "baseline", Reps: 8, Years: []int{2030}, Diffs: []analysis.Differences{tc.def}}
		for i, d := range tc.variants {
			v := analysis.VariantDiffs{Variant: "v" + string(rune('0'+i)), Diffs: []analysis.Differences{d}}
			if tc.name == "not counted" && i == 1 {
				v.NotApplied, v.Diffs = "--set x=1 sets its parameter", nil
			}
			if tc.name == "not counted" && i == 2 {
				v.Own = []string{"plan"}
			}
			c.Variants = append(c.Variants, v)
		}
		var b bytes.Buffer
		if err := analysis.WriteVariantsTable(&b, c); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if tc.name == "not counted" && (!strings.Contains(out, "not applied: --set x=1 sets its parameter") || !strings.Contains(out, "(sets its parameters itself)")) {
			t.Errorf("the table does not mark the variant not applied and the one plan sets itself:\n%s", out)
		}
		for _, want := range []string{"plan against baseline in 2030 under the model's variants", "(the defaults)", tc.reg, tc.rate} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: output lacks %q:\n%s", tc.name, want, out)
			}
		}
	}
}

// A comparison read from a file whose variants do not match its
// alternatives is refused.
func TestComparisonCheckVariants(t *testing.T) {
	runs := handRuns([2][2]int{{10, 8}, {12, 14}}, [2][2]int{{10, 15}, {12, 20}}, [2][2]float64{})
	c := analysis.Compare([]string{"base", "alt"}, [][]sim.Result{runs, runs}, false)
	c.Variants = []analysis.VariantDiffs{{Variant: "v", Diffs: c.Diffs}}
	if err := c.Check(); err != nil {
		t.Fatalf("matching variants: %v", err)
	}
	for _, tc := range []struct {
		diffs []analysis.Differences
		want  string
	}{
		{nil, "variant v: 0 alternatives, want 1"},
		{[]analysis.Differences{{Scenario: "other"}}, "variant v: alternative 1 is other, want alt"},
		{[]analysis.Differences{{Scenario: "alt"}}, "variant v: alt: no series registered_return"},
	} {
		c.Variants[0].Diffs = tc.diffs
		if err := c.Check(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.diffs, err, tc.want)
		}
	}
}
