package main

import (
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
)

// `povsim --version` and `povsim version` print the same line, naming the
// version, the revision (or that none was recorded) and the model.
func TestVersion(t *testing.T) {
	code, flag, errs := povsim(t, "--version")
	if code != exitOK {
		t.Fatalf("--version: exit %d: %s", code, errs)
	}
	code, cmd, errs := povsim(t, "version")
	if code != exitOK {
		t.Fatalf("version: exit %d: %s", code, errs)
	}
	if flag != cmd {
		t.Errorf("--version %q, version %q", flag, cmd)
	}
	for _, want := range []string{"povsim ", "revision ", "model " + analysis.ModelFingerprint()} {
		if !strings.Contains(flag, want) {
			t.Errorf("--version %q lacks %q", flag, want)
		}
	}
}

// `scenarios init NAME` writes a scenario named NAME that loads, and never
// overwrites a file or takes a name that is not one.
func TestScenariosInit(t *testing.T) {
	t.Chdir(t.TempDir())
	if code, _, errs := povsim(t, "scenarios", "init", "north-county"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, out, errs := povsim(t, "scenarios", "show", "north-county.yaml")
	if code != exitOK || !strings.Contains(out, "name: north-county\n") || !strings.Contains(out, "households: 5000") {
		t.Errorf("show: exit %d: %s%s", code, out, errs)
	}
	if code, _, errs := povsim(t, "scenarios", "init", "north-county.yaml"); code == exitOK || !strings.Contains(errs, "north-county.yaml already exists") {
		t.Errorf("second init: exit %d: %s", code, errs)
	}
	if code, _, errs := povsim(t, "scenarios", "init", "../x"); code == exitOK || !strings.Contains(errs, `got name "../x"`) {
		t.Errorf("bad name: exit %d: %s", code, errs)
	}
}

// run's JSON says how it was run: seed, simulated households, replications;
// its table says so too, with "1 replication" singular.
func TestRunSaysHowItRan(t *testing.T) {
	code, out, errs := povsim(t, "run", "--format", "json", "--seed", "7", "--households", "300", "--reps", "2", "--years", "2")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{`"seed": 7,`, `"households": 300,`, `"replications": 2,`, `"cumulative": true`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	_, out, _ = povsim(t, "run", "--seed", "7", "--households", "1500", "--reps", "1", "--years", "2")
	for _, want := range []string{"— 1 replication, seed 7, 1,500 households simulated\n", "missed: households at risk (below the monitoring line"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

// The shell completes scenario names, plot kinds and formats.
func TestCompletion(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "run", "cut"}, "cut-subsidy\t"},
		{[]string{"__complete", "compare", "baseline", "ecom"}, "ecommerce-rollout\t"},
		{[]string{"__complete", "plot", "ra"}, "rates\n"},
		{[]string{"__complete", "plot", "rates", "base"}, "baseline\t"},
		{[]string{"__complete", "run", "--format", ""}, "table\ncsv\njson\n"},
		{[]string{"__complete", "plot", "rates", "--format", ""}, "svg\npng\n"},
	} {
		_, out, _ := povsim(t, c.args...)
		if !strings.Contains(out, c.want) {
			t.Errorf("%v: %q lacks %q", c.args, out, c.want)
		}
	}
	_, out, _ := povsim(t, "scenarios", "list")
	if !strings.HasPrefix(out, "NAME") || !strings.Contains(strings.SplitN(out, "\n", 2)[0], "STUDY") {
		t.Errorf("scenarios list header: %q", strings.SplitN(out, "\n", 2)[0])
	}
}
