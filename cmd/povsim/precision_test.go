package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
)

// horizon is what a compare run reached: its replications, the horizon's
// paired differences' half-widths by outcome, and its stderr.
type horizon struct {
	reps int
	half map[string]float64 // "diff.registered_return", "diff.return_rate"
	errs string
}

// compareHorizon runs compare baseline cut-subsidy at households, 3
// replications (unless args say otherwise: a later --reps wins) and seed 8
// (JSON output) with args.
func compareHorizon(t *testing.T, households int, args ...string) horizon {
	t.Helper()
	code, out, errs := povsim(t, append([]string{"compare", "baseline", "cut-subsidy", "--households", strconv.Itoa(households),
		"--reps", "3", "--seed", "8", "--format", "json"}, args...)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var c struct {
		Reps  int `json:"replications"`
		Diffs []struct {
			Paired []struct {
				Outcome string
				Years   []struct{ Lo, Hi float64 }
			}
		} `json:"differences"`
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	h := horizon{reps: c.Reps, half: map[string]float64{}, errs: errs}
	for _, se := range c.Diffs[0].Paired {
		y := se.Years[len(se.Years)-1]
		h.half[se.Outcome] = (y.Hi - y.Lo) / 2
	}
	return h
}

const (
	diffRegistered = "diff.registered_return"
	diffPoverty    = "diff.return_rate"
)

// --precision h --precision-outcome poverty is the half-width of income
// poverty's difference the comparison reaches: with h = 3/4 of the
// half-width of 3 replications, compare adds replications until the
// horizon's paired return-rate difference is within ±h.
func TestComparePrecisionFlag(t *testing.T) {
	first := compareHorizon(t, 300)
	h := 0.75 * first.half[diffPoverty]
	got := compareHorizon(t, 300, "--precision", strconv.FormatFloat(h, 'g', -1, 64), "--precision-outcome", "poverty")
	t.Logf("3 replications: ±%.4f; --precision %.4f: %d replications, ±%.4f", first.half[diffPoverty], h, got.reps, got.half[diffPoverty])
	if first.reps != 3 || got.reps <= 3 || got.half[diffPoverty] > h {
		t.Errorf("--precision %.4f: %d replications (from %d), half-width %.4f; want more than 3 and at most %.4f", h, got.reps, first.reps, got.half[diffPoverty], h)
	}
	if !strings.Contains(got.errs, "on the paired difference of income poverty (return_rate) in 2030 reached with") {
		t.Errorf("stderr does not say the target was on income poverty:\n%s", got.errs)
	}
}

// The stopping rule reads the measure --precision-outcome names, registered
// returns by default. At 10,000 households the registered difference is
// narrower than income poverty's after 10 replications, but not zero (at a
// few thousand households every replication's registered difference is
// 0, which would meet any target at once): a target between the
// two stops at 10 on registered returns and not on income poverty, and a
// target below the registered half-width adds replications until the
// registered difference is within it. It starts from 10 replications, the
// fewest the rule judges a target on (analysis.MinPrecisionReps: 3
// replications at seed 8 give the same registered difference three times
// over, ±0.0000006).
func TestComparePrecisionOutcome(t *testing.T) {
	const start = analysis.MinPrecisionReps
	first := compareHorizon(t, 10000, "--reps", strconv.Itoa(start))
	reg, pov := first.half[diffRegistered], first.half[diffPoverty]
	if !(reg > 0 && reg < pov) {
		t.Fatalf("%d replications: registered ±%g, income poverty ±%g; want 0 < registered < income poverty", start, reg, pov)
	}
	between := strconv.FormatFloat((reg+pov)/2, 'g', -1, 64)
	below := 0.75 * reg
	for _, c := range []struct {
		name    string
		args    []string
		on      string // the difference held to the target
		target  float64
		more    bool // must add replications
		measure string
	}{
		{"default", []string{"--precision", between}, diffRegistered, (reg + pov) / 2, false, "registered returns (registered_return)"},
		{"registered", []string{"--precision", between, "--precision-outcome", "registered"}, diffRegistered, (reg + pov) / 2, false, "registered returns (registered_return)"},
		{"poverty", []string{"--precision", between, "--precision-outcome", "poverty"}, diffPoverty, (reg + pov) / 2, true, "income poverty (return_rate)"},
		{"registered below", []string{"--precision", strconv.FormatFloat(below, 'g', -1, 64)}, diffRegistered, below, true, "registered returns (registered_return)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := compareHorizon(t, 10000, append([]string{"--reps", strconv.Itoa(start)}, c.args...)...)
			t.Logf("%v: %d replications, registered ±%.5f, income poverty ±%.5f", c.args, got.reps, got.half[diffRegistered], got.half[diffPoverty])
			if got.half[c.on] > c.target || (got.reps > start) != c.more {
				t.Errorf("%d replications, %s ±%g; want ±%g or less, more than %d replications: %v", got.reps, c.on, got.half[c.on], c.target, start, c.more)
			}
			if !strings.Contains(got.errs, "on the paired difference of "+c.measure) || !strings.Contains(got.errs, "reached with "+strconv.Itoa(got.reps)+" replications") {
				t.Errorf("stderr does not name the measure %s and the replications:\n%s", c.measure, got.errs)
			}
		})
	}
}

// A measure --precision-outcome does not know is refused before anything
// runs, on every path, naming where it came from, the value and the
// measures known.
func TestPrecisionOutcomeRefused(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "flags.yaml")
	if err := os.WriteFile(cfg, []byte("precision-outcome: return_rate\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	known := `registered (registered returns, the headline) or poverty (income poverty)`
	for _, c := range []struct {
		name string
		env  string
		args []string
		want string
	}{
		{"compare flag", "", []string{"compare", "baseline", "cut-subsidy", "--precision", "0.001", "--precision-outcome", "income"}, `--precision-outcome: got "income", want `},
		{"report flag", "", []string{"report", "baseline", "cut-subsidy", "--precision-outcome", "Registered"}, `--precision-outcome: got "Registered", want `},
		{"variable", "poor", []string{"compare", "baseline", "cut-subsidy"}, `POVSIM_PRECISION_OUTCOME=poor: want `},
		{"config", "", []string{"compare", "baseline", "cut-subsidy", "--config", cfg}, cfg + `:1: precision-outcome: got "return_rate", want `},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.env != "" {
				t.Setenv("POVSIM_PRECISION_OUTCOME", c.env)
			}
			code, out, errs := povsim(t, c.args...)
			if code != exitError || out != "" {
				t.Fatalf("exit %d, stdout %q; want 1 and nothing: %s", code, out, errs)
			}
			if !strings.Contains(errs, c.want+known) {
				t.Errorf("message lacks %q:\n%s", c.want+known, errs)
			}
		})
	}
}
