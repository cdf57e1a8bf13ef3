package main

import (
	"encoding/json"
	"os"
	"path/filepath"
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
		{[]string{"report", "baseline", "changshou", "--households", "300", "--years", "4", "--reps", "3", "--draws", "none", "--out", "never-written.html"},
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

// Two compared scenarios with one name are refused before anything runs
// (their resolved files and results would be one), naming the name and
// both sources; nothing is written.
func TestCompareRefusesOneNameTwice(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "baseline.yaml")
	if err := os.WriteFile(file, []byte("name: baseline\nextends: baseline\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "d")
	code, stdout, errs := povsim(t, "compare", "baseline", file, "--households", "200", "--reps", "2", "--out", out)
	want := `two compared scenarios are named "baseline": library:baseline and ` + file
	if code == exitOK || !strings.Contains(errs, want) {
		t.Errorf("exit %d, stderr %q, want an error containing %q", code, errs, want)
	}
	if stdout != "" {
		t.Errorf("printed %d bytes before refusing", len(stdout))
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("refused compare created %s", out)
	}
}

// The reproduce command in provenance.json quotes a path with a space, so
// that it can be pasted into a shell.
func TestReproduceQuotesPaths(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my results")
	code, _, errs := povsim(t, "run", "cut-subsidy", "--households", "300", "--years", "6", "--reps", "2", "--out", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "provenance.json"))
	if err != nil {
		t.Fatal(err)
	}
	var prov struct{ Reproduce string }
	if err := json.Unmarshal(b, &prov); err != nil {
		t.Fatal(err)
	}
	want := "povsim run '" + filepath.Join(dir, "scenario-cut-subsidy.yaml") + "' --seed 1 --reps 2"
	if prov.Reproduce != want {
		t.Errorf("reproduce %q, want %q", prov.Reproduce, want)
	}
}

// A scenario's own number of households is held to the memory bound
// --households is: from its file, naming the scenario and the key, and from
// --set, naming the item; --households, checked itself, wins.
func TestScenarioHouseholdsBound(t *testing.T) {
	huge := filepath.Join(t.TempDir(), "huge.yaml")
	if err := os.WriteFile(huge, []byte("name: huge\nextends: baseline\npopulation:\n  households: 90000000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", huge}, "scenario huge (" + huge + "): population.households: at most 33,333,333 with 2 workers"},
		{[]string{"run", "--set", "population.households=90000000"}, "--set population.households=90000000: at most 33,333,333 with 2 workers"},
		{[]string{"compare", "baseline", "cut-subsidy", "--set", "population.households=90000000"}, "--set population.households=90000000: at most"},
		{[]string{"run", huge, "--households", "300", "--years", "2", "--reps", "2"}, ""},
	} {
		code, _, errs := povsim(t, c.args...)
		if c.want == "" {
			if code != exitOK {
				t.Errorf("%v: exit %d: %s", c.args, code, errs)
			}
			continue
		}
		if code == exitOK || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error containing %q", c.args, code, errs, c.want)
		}
	}
}

// Settings in a --config file or POVSIM_* variables shared with the
// command that simulated saved results are not refused with --from (they
// are that command's settings); on the command line they are. And
// POVSIM_MAX_REPS, set for serve's page, does not break compare without
// --precision.
func TestSharedSettingsWithFrom(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "flags.yaml")
	if err := os.WriteFile(cfg, []byte("households: 300\nyears: 7\nreps: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	saved := filepath.Join(dir, "cmp")
	if code, _, errs := povsim(t, "compare", "baseline", "cut-subsidy", "--config", cfg, "--out", saved); code != exitOK {
		t.Fatalf("compare: exit %d: %s", code, errs)
	}
	if code, _, errs := povsim(t, "report", "--from", saved, "--config", cfg, "--out", filepath.Join(dir, "a.html")); code != exitOK {
		t.Errorf("report --from with the compare's --config: exit %d: %s", code, errs)
	}
	t.Setenv("POVSIM_REPS", "3")
	if code, _, errs := povsim(t, "report", "--from", saved, "--out", filepath.Join(dir, "b.html")); code != exitOK {
		t.Errorf("report --from with POVSIM_REPS: exit %d: %s", code, errs)
	}
	if code, _, errs := povsim(t, "report", "--from", saved, "--reps", "3", "--out", filepath.Join(dir, "c.html")); code == exitOK || !strings.Contains(errs, "the saved results were simulated already") {
		t.Errorf("report --from --reps 3: exit %d, %q; want a refusal", code, errs)
	}
	t.Setenv("POVSIM_MAX_REPS", "200")
	if code, _, errs := povsim(t, "compare", "baseline", "cut-subsidy", "--households", "300", "--years", "7", "--reps", "2"); code != exitOK {
		t.Errorf("compare with POVSIM_MAX_REPS set for serve: exit %d: %s", code, errs)
	}
}

// The memory bound counts the workers that run at once: compare and
// report run every scenario's replications in one pool, so two scenarios
// of one replication keep two workers busy, not one.
func TestRunningWorkers(t *testing.T) {
	for _, c := range []struct{ workers, reps, together, want int }{
		{2, 1, 0, 1}, {2, 1, 1, 1}, {2, 1, 2, 2}, {8, 3, 2, 6}, {4, 20, 3, 4},
	} {
		f := runFlags{workers: c.workers, reps: c.reps, together: c.together}
		if got := f.running(); got != c.want {
			t.Errorf("%d workers, %d replications, %d scenarios: %d running, want %d", c.workers, c.reps, c.together, got, c.want)
		}
	}
}

// An output folder's earlier files are replaced, never a file the command
// reads: not one two extends away (top extends mid, which extends the
// earlier run's scenario-baseline.yaml), nor one a validated scenario
// extends. A file povsim did not write in a folder with no earlier output
// is refused, and the message says the folder holds none.
func TestOutKeepsTheExtendsChain(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "o")
	small := []string{"--households", "300", "--years", "5", "--reps", "2"}
	if code, _, errs := povsim(t, append([]string{"run", "--out", out}, small...)...); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	mid, top := filepath.Join(out, "mid.yaml"), filepath.Join(dir, "top.yaml")
	if err := os.WriteFile(mid, []byte("name: mid\nextends: scenario-baseline.yaml\nmonitoring:\n  lag: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(top, []byte("name: top\nextends: o/mid.yaml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(out, "scenario-baseline.yaml")
	for _, args := range [][]string{{"run", top, "--out", out}, {"validate", mid, "--out", out}} {
		if code, _, errs := povsim(t, append(args, small...)...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		if _, err := os.Stat(base); err != nil {
			t.Errorf("%v removed %s, which the scenario's extends chain reads", args, base)
		}
	}
	plain := filepath.Join(dir, "plain")
	if err := os.MkdirAll(plain, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(plain, "summary.csv"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := povsim(t, append([]string{"run", "--out", plain}, small...)...)
	if code == exitOK || !strings.Contains(errs, "the folder holds no provenance.json of an earlier output") {
		t.Errorf("run into a folder with a summary.csv of the user's: exit %d, %q", code, errs)
	}
}
