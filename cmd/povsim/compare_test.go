package main

import (
	"strings"
	"testing"
)

// Scenarios that draw other populations are different counties: compare
// and report refuse them before anything runs, naming the first
// population setting that differs, and accept them once a flag gives both
// the same households.
func TestCompareRefusesAnotherPopulation(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // in the error; "" for a comparison that runs
	}{
		{[]string{"compare", "baseline", "../../examples/my-county.yaml", "--years", "4", "--reps", "3"},
			"scenario my-county draws another population than baseline (population.households 5000 against 10000)"},
		{[]string{"compare", "baseline", "changshou", "--households", "300", "--years", "4", "--reps", "3"},
			"scenario changshou draws another population than baseline (population.village_size 697 against 200)"},
		{[]string{"report", "baseline", "changshou", "--households", "300", "--years", "4", "--reps", "3", "--draws", "none", "--out", "-"},
			"must start from the same households"},
		{[]string{"compare", "baseline", "../../examples/my-county.yaml", "--households", "300", "--years", "4", "--reps", "3"}, ""},
	} {
		code, out, errs := povsim(t, c.args...)
		if c.want == "" {
			if code != exitOK {
				t.Errorf("%v: exit %d: %s", c.args, code, errs)
			}
			continue
		}
		if code == exitOK || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want an error containing %q", c.args, code, errs, c.want)
		}
		if out != "" {
			t.Errorf("%v: printed %q before refusing", c.args, out)
		}
	}
}
