package main

import (
	"encoding/json"
	"strconv"
	"testing"
)

// compareHorizon runs compare with args (JSON output) and returns its
// replications and the horizon's paired return-rate difference.
func compareHorizon(t *testing.T, args ...string) (reps int, lo, hi float64) {
	t.Helper()
	code, out, errs := povsim(t, append([]string{"compare", "baseline", "cut-subsidy", "--households", "300", "--reps", "3", "--seed", "8", "--format", "json"}, args...)...)
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
	for _, se := range c.Diffs[0].Paired {
		if se.Outcome == "diff.return_rate" {
			h := se.Years[len(se.Years)-1]
			return c.Reps, h.Lo, h.Hi
		}
	}
	t.Fatal("no diff.return_rate in the output")
	return
}

// --precision h is the half-width the comparison reaches: with h = 3/4 of
// the half-width of 3 replications, compare adds replications until the
// horizon's paired return-rate difference is within ±h.
func TestComparePrecisionFlag(t *testing.T) {
	n, lo, hi := compareHorizon(t)
	h := 0.75 * (hi - lo) / 2
	n2, lo2, hi2 := compareHorizon(t, "--precision", strconv.FormatFloat(h, 'g', -1, 64))
	t.Logf("3 replications: ±%.4f; --precision %.4f: %d replications, ±%.4f", (hi-lo)/2, h, n2, (hi2-lo2)/2)
	if n != 3 || n2 <= 3 || (hi2-lo2)/2 > h {
		t.Errorf("--precision %.4f: %d replications (from %d), half-width %.4f; want more than 3 and at most %.4f", h, n2, n, (hi2-lo2)/2, h)
	}
}
