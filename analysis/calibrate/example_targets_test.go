package calibrate

import (
	"regexp"
	"strings"
	"testing"
)

// The example targets file, which users copy, measures each published
// figure it cites by the outcome the embedded record measures it by: a
// target whose source cites a mark in parentheses ("(T1)", "(P12, P13)")
// has the outcome of the record's target named after that mark.
func TestExampleTargetsMatchRecord(t *testing.T) {
	ex, err := LoadTargets("../../scenarios/examples/targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := OpenTargets("published")
	if err != nil {
		t.Fatal(err)
	}
	named := regexp.MustCompile(`\(([PT]\d+)\)$`)
	byMark := map[string]string{} // mark → the record's outcome
	for _, r := range rec.Targets {
		if m := named.FindStringSubmatch(r.Name); m != nil {
			byMark[m[1]] = r.Outcome
		}
	}
	cited := regexp.MustCompile(`\(([^()]*)\)`)
	mark := regexp.MustCompile(`^[PT]\d+$`)
	checked := 0
	for _, x := range ex.Targets {
		for _, group := range cited.FindAllStringSubmatch(x.Source, -1) {
			for _, m := range strings.Split(group[1], ",") {
				m = strings.TrimSpace(m)
				want, ok := byMark[m]
				if !mark.MatchString(m) || !ok {
					continue
				}
				checked++
				if x.Outcome != want {
					t.Errorf("%s cites %s but measures it by %s; the record measures it by %s", x.Name, m, x.Outcome, want)
				}
			}
		}
	}
	if checked < 2 {
		t.Errorf("%d of the example's targets cite a figure of the record; want the income of the formerly poor (P16) and registered returns (T1)", checked)
	}
}
