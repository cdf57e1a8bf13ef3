package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// compare --variants reruns the comparison under every variant: in JSON,
// one entry per variant, in order, each with the comparison's alternatives;
// a variant whose paths no compared scenario sets gives what --set of
// those paths gives; the table has a block per alternative.
func TestCompareVariants(t *testing.T) {
	args := []string{"compare", "baseline", "cut-subsidy", "--households", "400", "--years", "7", "--reps", "4", "--variants"}
	code, out, errs := povsim(t, append(args, "--format", "json")...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var c analysis.Comparison
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	vs := scenarios.Variants()
	if len(c.Variants) != len(vs) {
		t.Fatalf("%d variants in the JSON, want %d", len(c.Variants), len(vs))
	}
	if err := c.Check(); err != nil {
		t.Errorf("Check: %v", err)
	}
	setChecked := false
	for i, v := range vs {
		got := c.Variants[i]
		if got.Variant != v.Name || !reflect.DeepEqual(got.Set, v.Set) || len(got.Diffs) != 1 || got.Diffs[0].Scenario != "cut-subsidy" {
			t.Errorf("variant %d: %s %v with %d alternatives, want %s %v with cut-subsidy", i, got.Variant, got.Set, len(got.Diffs), v.Name, v.Set)
		}
		if v.Name != "migrant-whole-pay" { // neither scenario sets labor.migrant_net_share
			continue
		}
		setChecked = true
		code, out, errs := povsim(t, "compare", "baseline", "cut-subsidy", "--households", "400", "--years", "7", "--reps", "4",
			"--format", "json", "--set", v.Set[0])
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var set analysis.Comparison
		if err := json.Unmarshal([]byte(out), &set); err != nil {
			t.Fatal(err)
		}
		for _, k := range []analysis.OutcomeKey{analysis.RegisteredReturn, analysis.ReturnRate} {
			if a, b := got.Diffs[0].Get(k), set.Diffs[0].Get(k); !reflect.DeepEqual(a, b) {
				t.Errorf("%s under %s differs from --set %s:\n%+v\n%+v", k, v.Name, v.Set[0], a, b)
			}
		}
		if reflect.DeepEqual(got.Diffs[0].Get(analysis.ReturnRate), c.Diffs[0].Get(analysis.ReturnRate)) {
			t.Errorf("%s gives the defaults' income poverty: the variant did not apply", v.Name)
		}
	}
	if !setChecked {
		t.Errorf("no variant migrant-whole-pay among the %d of scenarios.Variants: nothing was held against --set (give the test another variant no scenario sets)", len(vs))
	}

	code, out, errs = povsim(t, args[:len(args)-1]...)
	if code != exitOK || !strings.Contains(out, "add --variants") {
		t.Errorf("without --variants: exit %d, no hint at it:\n%s%s", code, out, errs)
	}
	code, out, errs = povsim(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(out, "add --variants") {
		t.Errorf("with --variants, the hint at it:\n%s", out)
	}
	for _, want := range append([]string{"cut-subsidy against baseline in 2027 under the model's variants", "(the defaults)",
		"registered returns: ", "income poverty: "}, names(vs)...) {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func names(vs []scenarios.Variant) []string {
	var s []string
	for _, v := range vs {
		s = append(s, v.Name+" ")
	}
	return s
}

// --variants is refused, naming the flag, with CSV and with draws; its
// variable is read strictly.
func TestCompareVariantsRefused(t *testing.T) {
	base := []string{"compare", "baseline", "cut-subsidy", "--households", "300", "--years", "3", "--reps", "2"}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--variants", "--format", "csv"}, "--format table or json"},
		{[]string{"--variants", "--draws", "default"}, "no --variants with --draws default"},
	} {
		code, _, errs := povsim(t, append(base, c.args...)...)
		if code == exitOK || !strings.Contains(errs, "--variants") || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want a refusal naming --variants and %q", c.args, code, errs, c.want)
		}
	}
	t.Setenv("POVSIM_VARIANTS", "maybe")
	if code, _, errs := povsim(t, base...); code == exitOK || !strings.Contains(errs, "POVSIM_VARIANTS") {
		t.Errorf("POVSIM_VARIANTS=maybe: exit %d, %q", code, errs)
	}
}

// compare --variants --out keeps the variants, and report --from shows
// them.
func TestReportFromVariants(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := povsim(t, "compare", "baseline", "cut-subsidy", "--households", "300", "--years", "7", "--reps", "3", "--variants", "--out", dir)
	if code != exitOK {
		t.Fatalf("compare: exit %d: %s", code, errs)
	}
	html := dir + "/r.html"
	if code, _, errs := povsim(t, "report", "--from", dir, "--out", html); code != exitOK {
		t.Fatalf("report: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range append([]string{`id="tab-variants-1"`, "cut-subsidy against baseline in 2027 under the model&#39;s variants",
		`id="tab-validation"`}, names(scenarios.Variants())...) { // the wall, from the folder's validation.json
		if !strings.Contains(string(b), strings.TrimSpace(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// A variant tests nothing when --set sets its parameter, and an
// alternative that sets a variant's parameters itself is named under it:
// redirect-subsidy's timeline sets monitoring.detection.
func TestCompareVariantsApplicable(t *testing.T) {
	args := []string{"compare", "baseline", "redirect-subsidy", "--households", "300", "--years", "7", "--reps", "3", "--variants", "--format", "json"}
	get := func(args ...string) map[string]analysis.VariantDiffs {
		code, out, errs := povsim(t, args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var c analysis.Comparison
		if err := json.Unmarshal([]byte(out), &c); err != nil {
			t.Fatal(err)
		}
		m := map[string]analysis.VariantDiffs{}
		for _, v := range c.Variants {
			m[v.Variant] = v
		}
		return m
	}
	vs := get(args...)
	if v := vs["detection-0.95"]; v.NotApplied != "" || !slices.Contains(v.Own, "redirect-subsidy") {
		t.Errorf("detection-0.95: not applied %q, own %v; want redirect-subsidy named as setting detection itself", v.NotApplied, v.Own)
	}
	if v := vs["household-worker"]; v.NotApplied != "" || len(v.Own) > 0 {
		t.Errorf("household-worker: not applied %q, own %v; want it applied to both", v.NotApplied, v.Own)
	}
	// A county file that sets land per household, and a policy for that
	// county: land-by-head would read its 2–10 mu as per person; it is not
	// applied.
	dir := t.TempDir()
	county, policy := filepath.Join(dir, "county.yaml"), filepath.Join(dir, "county-cut.yaml")
	if err := os.WriteFile(county, []byte("name: county\nextends: baseline\npopulation:\n  land_min: 2\n  land_max: 10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(policy, []byte("name: county-cut\nextends: county.yaml\ntransfers:\n  subsidy:\n    level: 0.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cv := get("compare", county, policy, "--households", "300", "--years", "7", "--reps", "3", "--variants", "--format", "json")
	if v := cv["land-by-head"]; !strings.Contains(v.NotApplied, "county sets population.land_min, population.land_max") {
		t.Errorf("land-by-head with a county's own land: not applied %q", v.NotApplied)
	}
	vs = get(append(args, "--set", "monitoring.detection=0.5")...)
	if v := vs["detection-0.95"]; !strings.Contains(v.NotApplied, "--set monitoring.detection=0.5") || len(v.Diffs) > 0 {
		t.Errorf("detection-0.95 under --set monitoring.detection=0.5: not applied %q, %d alternatives run", v.NotApplied, len(v.Diffs))
	}
}

// compare --variants --population reads the county's records once, not
// once per scenario and variant, and every run simulates them.
func TestPopulationReadOnce(t *testing.T) {
	file := filepath.Join("..", "..", "scenarios", "examples", "population.csv")
	reads := 0
	defer func(f func(string) ([]sim.HouseholdRecord, error)) { readPopulation = f }(readPopulation)
	readPopulation = func(path string) ([]sim.HouseholdRecord, error) {
		reads++
		return scenarios.ReadPopulation(path)
	}
	args := []string{"compare", "baseline", "cut-subsidy", "--population", file, "--years", "6", "--reps", "2", "--variants", "--format", "json"}
	code, out, errs := povsim(t, args...)
	if code != exitOK {
		t.Fatalf("povsim %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	if reads != 1 {
		t.Errorf("povsim %s read %s %d times, want once", strings.Join(args, " "), file, reads)
	}
	var c analysis.Comparison
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	recs, err := scenarios.ReadPopulation(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Summaries {
		if s.Households != len(recs) {
			t.Errorf("%s simulated %d households, want the file's %d", s.Scenario, s.Households, len(recs))
		}
	}
	if !slices.ContainsFunc(c.Variants, func(v analysis.VariantDiffs) bool { return v.NotApplied == "" }) {
		t.Errorf("no variant ran on the records: %+v", c.Variants)
	}
}
