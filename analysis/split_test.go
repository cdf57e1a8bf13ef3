package analysis_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
)

// WriteSplit by hand: a share of each variance, a parameters' part cut at
// zero said in words rather than as 0%, and a run on one draw said to be
// Monte Carlo only.
func TestWriteSplit(t *testing.T) {
	se := func(k analysis.OutcomeKey, sp analysis.Split) analysis.Series {
		return analysis.Series{Key: k, Years: []analysis.Estimate{{N: 4}}, Split: []analysis.Split{sp}}
	}
	c := analysis.Comparison{Reps: 20, Years: []int{2030}, Uncertainty: analysis.IntervalParams, Summaries: []analysis.Summary{{
		Scenario: "baseline",
		Series: []analysis.Series{
			se(analysis.RegisteredReturn, analysis.Split{Parameter: 1e-17, MonteCarlo: 2e-6}), // next to zero
			se(analysis.ReturnRate, analysis.Split{Parameter: 3e-5, MonteCarlo: 1e-5}),
		},
	}}}
	var b bytes.Buffer
	analysis.WriteSplit(&b, c, 10)
	out := b.String()
	for _, want := range []string{
		"return rate, baseline        parameters  75.0%  Monte Carlo  25.0%",
		"registered, baseline         parameters not told apart from Monte Carlo noise with these draws",
		"these 20 replications ran on 10 draws",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("split lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "0.0%") {
		t.Errorf("a part cut at zero is written as 0%%:\n%s", out)
	}
	b.Reset()
	analysis.WriteSplit(&b, c, 40)
	if strings.Contains(b.String(), "rough") {
		t.Errorf("40 draws called rough:\n%s", b.String())
	}
	c.Uncertainty = analysis.IntervalMC
	b.Reset()
	analysis.WriteSplit(&b, c, 1)
	if out := b.String(); !strings.Contains(out, "Monte Carlo noise only") || strings.Contains(out, "parameters ") {
		t.Errorf("one draw:\n%s", out)
	}
}
