package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
)

// povsim runs Main with args and returns its exit code and outputs.
func povsim(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

// small keeps command tests fast.
var small = []string{"--households", "300", "--years", "4", "--reps", "3"}

func TestRunBaselineDefault(t *testing.T) {
	code, out, errs := povsim(t, append([]string{"run"}, small...)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"scenario baseline", "return rate [95% CI]", "2021", "2024"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if errs != "" {
		t.Errorf("stderr not empty when not a terminal (no progress bar expected): %q", errs)
	}
}

func TestRunByType(t *testing.T) {
	code, out, errs := povsim(t, append([]string{"run", "--by", "type"}, small...)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"by household type", "elderly-only", "left-behind", "with-migrant"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// The same seed gives byte-identical output with 1 and 4 workers, in every
// format; a different seed gives different output.
func TestRunDeterministicAcrossWorkers(t *testing.T) {
	for _, format := range []string{"table", "csv", "json"} {
		args := append([]string{"run", "--format", format, "--seed", "11"}, small...)
		_, one, _ := povsim(t, append(args, "--workers", "1")...)
		_, four, _ := povsim(t, append(args, "--workers", "4")...)
		if one != four {
			t.Errorf("%s: output differs between 1 and 4 workers", format)
		}
		_, other, _ := povsim(t, append([]string{"run", "--format", format, "--seed", "12"}, small...)...)
		if other == one {
			t.Errorf("%s: seeds 11 and 12 gave the same output", format)
		}
	}
}

func TestRunOutWritesProvenance(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "res")
	code, _, errs := povsim(t, "run", "cut-subsidy", "--out", dir, "--seed", "5", "--households", "300", "--reps", "3")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, f := range []string{"summary.csv", "summary.json", "provenance.json", "scenario-cut-subsidy.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	var prov struct {
		Version   string
		Model     string
		Revision  *string
		Dirty     *bool
		Seed      uint64
		Reps      int `json:"replications"`
		Reproduce string
		Scenarios []struct{ Resolved string }
	}
	b, _ := os.ReadFile(filepath.Join(dir, "provenance.json"))
	if err := json.Unmarshal(b, &prov); err != nil {
		t.Fatal(err)
	}
	if prov.Seed != 5 || prov.Reps != 3 || prov.Version == "" || len(prov.Scenarios) != 1 ||
		prov.Model != analysis.ModelFingerprint() || prov.Revision == nil || prov.Dirty == nil {
		t.Errorf("provenance incomplete: %+v", prov)
	}
	// The resolved scenario reproduces the run exactly.
	first, _ := os.ReadFile(filepath.Join(dir, "summary.csv"))
	dir2 := filepath.Join(t.TempDir(), "again")
	code, _, errs = povsim(t, "run", filepath.Join(dir, "scenario-cut-subsidy.yaml"), "--seed", "5", "--reps", "3", "--out", dir2)
	if code != exitOK {
		t.Fatalf("rerun from the resolved scenario: exit %d: %s", code, errs)
	}
	again, _ := os.ReadFile(filepath.Join(dir2, "summary.csv"))
	if !bytes.Equal(first, again) {
		t.Error("rerunning the resolved scenario with the recorded seed did not reproduce summary.csv")
	}
}

func TestRunBadInput(t *testing.T) {
	dir := t.TempDir()
	write := writer(t, dir)
	typo := write("typo.yaml", "name: typo\nextends: baseline\nhealth:\n  reimbursment: 0.7\n")
	prob := write("prob.yaml", "name: prob\nhealth:\n  event_base: 1.3\n")
	land := write("land.yaml", "name: land\npopulation:\n  land_min: -2\n")
	labor := write("labor.yaml", "name: labor\npopulation:\n  size_weights: [1, 1]\n  laborers_min: 3\n")
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown key", []string{"run", typo}, []string{"typo.yaml:4", "health.reimbursment", `did you mean "health.reimbursement"`}},
		{"probability", []string{"run", prob}, []string{"prob.yaml:3", "health.event_base", "got 1.3", "probability between 0 and 1"}},
		{"negative land", []string{"run", land}, []string{"land.yaml:3", "population.land_min", "got -2", "≥ 0"}},
		{"laborers", []string{"run", labor}, []string{"labor.yaml:4", "population.laborers_min", "more laborers than members"}},
		{"no such scenario", []string{"run", "no-such-scenario"}, []string{`"no-such-scenario"`, "scenarios list"}},
		{"bad --set path", []string{"run", "--set", "transfers.subsidy.levl=0.5"}, []string{"--set", "transfers.subsidy.levl", `did you mean "transfers.subsidy.level"`}},
		{"bad --set value", []string{"run", "--set", "health.reimbursement=1.5"}, []string{"--set", "health.reimbursement", "1.5", "probability"}},
		{"bad --set form", []string{"run", "--set", "nonsense"}, []string{"PATH=VALUE"}},
		{"bad --set boolean", []string{"run", "--set", "transfers.indexed=T"}, []string{"--set transfers.indexed=T: want true or false, got \"T\""}},
		{"bad --set type", []string{"run", "--set", "years=ten"}, []string{"--set years=ten: want a whole number"}},
		{"bad format", []string{"run", "--format", "xml"}, []string{"--format", `"xml"`, "table, csv, json"}},
		{"bad reps", []string{"run", "--reps", "0"}, []string{"--reps", "got 0"}},
		{"bad by", []string{"run", "--by", "village"}, []string{"--by", `"village"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{c.args[0], "--out", out, "--reps", "2", "--households", "200"}, c.args[1:]...)
			code, stdout, errs := povsim(t, args...)
			if code == exitOK {
				t.Fatalf("exit 0, want an error; stdout: %s", stdout)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("error lacks %q:\n%s", w, errs)
				}
			}
			if strings.Contains(errs, "panic") || strings.Contains(errs, "NaN") {
				t.Errorf("error shows a panic or NaN:\n%s", errs)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("--out folder exists after a rejected input (err %v)", err)
			}
		})
	}
}

// Flag values come from defaults < --config < POVSIM_* < flags.
func TestRunFlagPrecedence(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "flags.yaml")
	os.WriteFile(cfg, []byte("reps: 2\nhouseholds: 200\nyears: 3\n"), 0o644)
	_, out, errs := povsim(t, "run", "--config", cfg, "--format", "json")
	if !strings.Contains(out, `"replications": 2`) {
		t.Fatalf("--config reps not used: %s %s", out, errs)
	}
	t.Setenv("POVSIM_REPS", "3")
	_, out, _ = povsim(t, "run", "--config", cfg, "--format", "json")
	if !strings.Contains(out, `"replications": 3`) {
		t.Errorf("POVSIM_REPS did not override --config")
	}
	_, out, _ = povsim(t, "run", "--config", cfg, "--format", "json", "--reps", "4")
	if !strings.Contains(out, `"replications": 4`) {
		t.Errorf("--reps did not override POVSIM_REPS")
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("repz: 2\n"), 0o644)
	code, _, errs := povsim(t, "run", "--config", bad)
	if code == exitOK || !strings.Contains(errs, `"repz"`) {
		t.Errorf("unknown --config key accepted: %d %s", code, errs)
	}
}

func TestScenariosListAndShow(t *testing.T) {
	code, out, _ := povsim(t, "scenarios", "list")
	if code != exitOK || !strings.Contains(out, "baseline") || !strings.Contains(out, "cut-subsidy") {
		t.Fatalf("list: %d %s", code, out)
	}
	code, out, _ = povsim(t, "scenarios", "show", "cut-subsidy")
	if code != exitOK || !strings.Contains(out, "transfers.subsidy.level: 0") || !strings.Contains(out, "reimbursement:") {
		t.Fatalf("show: %d %s", code, out)
	}
}

func TestCompare(t *testing.T) {
	code, out, errs := povsim(t, append([]string{"compare", "baseline", "cut-subsidy", "--years", "7"}, "--households", "400", "--reps", "4")...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Δ cut-subsidy", "kept out", "cost per return avoided", "subsidy"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, _, errs = povsim(t, "compare", "baseline")
	if code == exitOK {
		t.Errorf("compare with one scenario accepted: %s", errs)
	}
}
