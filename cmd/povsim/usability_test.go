package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

// refused runs povsim and fails the test unless it exits with an error
// whose message holds every one of want.
func refused(t *testing.T, args []string, want ...string) string {
	t.Helper()
	code, _, errs := povsim(t, args...)
	if code != exitError {
		t.Errorf("povsim %s: exit %d, stderr %q; want exit %d", strings.Join(args, " "), code, errs, exitError)
	}
	for _, w := range want {
		if !strings.Contains(errs, w) {
			t.Errorf("povsim %s: stderr %q does not say %q", strings.Join(args, " "), errs, w)
		}
	}
	return errs
}

// An --out naming a folder (a trailing separator, or a folder that
// exists) is refused before any work, naming the flag, the value and the
// file wanted; nothing is written inside the folder.
func TestOutNamesFolder(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "rep") + string(filepath.Separator)
	existing := filepath.Join(dir, "old")
	if err := os.Mkdir(existing, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{folder, existing} {
		refused(t, append([]string{"report", "baseline", "--out", out}, figArgs...), "--out", out, "is a folder", "a file name ending in .html")
		refused(t, append([]string{"plot", "rates", "baseline", "--out", out}, figArgs...), "--out", out, "is a folder", "a file name ending in .svg or .png")
		refused(t, []string{"sensitivity", filepath.Join(dir, "none.parquet"), "--out", out}, "--out", out, "is a folder", "a file name ending in .csv or .json")
	}
	for _, inside := range []string{filepath.Join(dir, "rep", "rep"), filepath.Join(existing, "old")} {
		if _, err := os.Stat(inside); err == nil {
			t.Errorf("%s was written", inside)
		}
	}
}

// --set of a parameter a size flag sets too (years, the number of
// households) is refused naming both, wherever each was given; before,
// --set silently won.
func TestSetAgainstSizeFlags(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "flags.yaml")
	if err := os.WriteFile(cfg, []byte("set:\n  - training.rate=0.2\n  - years=5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"run", "--set", "years=5", "--years", "8"}, []string{"--set years=5", "--years 8", "give one"}},
		{[]string{"run", "--set", "population.households=5000", "--households", "500"}, []string{"--set population.households=5000", "--households 500"}},
		{[]string{"run", "--set", " years = 5", "--years", "8"}, []string{"--years 8"}},
		{[]string{"compare", "baseline", "cut-subsidy", "--years", "8", "--set", "years=5"}, []string{"--set years=5", "--years 8"}},
		{[]string{"run", "--config", cfg, "--years", "8"}, []string{cfg + ":3: set[1] years=5", "--years 8"}},
	} {
		refused(t, c.args, c.want...)
	}
	t.Setenv("POVSIM_YEARS", "8")
	refused(t, []string{"run", "--set", "years=5"}, "--set years=5", "POVSIM_YEARS=8")
}

// compare --by type prints, in its table, each household type's return
// rate at the horizon and its paired difference: the same figures as the
// JSON of the same run. Before, the table left them out without a word.
func TestCompareByTypeTable(t *testing.T) {
	args := []string{"compare", "baseline", "cut-subsidy", "--by", "type", "--households", "400", "--years", "7", "--reps", "4", "--seed", "2"}
	table, _ := mustPovsim(t, args...)
	js, _ := mustPovsim(t, append(args, "--format", "json")...)
	var c analysis.Comparison
	if err := json.Unmarshal([]byte(js), &c); err != nil {
		t.Fatal(err)
	}
	h := len(c.Years) - 1
	if !strings.Contains(table, fmt.Sprintf("by household type in %d", c.Years[h])) {
		t.Fatalf("no table by household type in:\n%s", table)
	}
	if len(c.Summaries[0].ByType) != int(sim.NumTypes) {
		t.Fatalf("%d types in the JSON, want %d", len(c.Summaries[0].ByType), sim.NumTypes)
	}
	for i, se := range c.Summaries[0].ByType {
		name := sim.Type(i).String()
		var want string
		for _, d := range c.Diffs[0].Paired {
			if d.Outcome == "diff."+se.Outcome {
				want = fmt.Sprintf("%+.2f pp", 100*d.Years[h].Mean)
			}
		}
		if want == "" {
			t.Fatalf("no paired difference of %s in the JSON", se.Outcome)
		}
		found := false
		for _, line := range strings.Split(table, "\n") {
			found = found || strings.HasPrefix(line, name+" ") && strings.Contains(line, want)
		}
		if !found {
			t.Errorf("no row of type %s with its difference %s in:\n%s", name, want, table)
		}
	}
}

// compare says that --set applies to every scenario, the base included: in
// its help, and in the table's first line when --set is given.
func TestCompareSetSaid(t *testing.T) {
	args := []string{"compare", "baseline", "cut-subsidy", "--households", "300", "--years", "6", "--reps", "2"}
	out, _ := mustPovsim(t, append(args, "--set", "training.rate=0.2", "--set", "monitoring.detection=0.5")...)
	first, _, _ := strings.Cut(out, "\n")
	if want := "with --set training.rate=0.2 monitoring.detection=0.5 applied to every scenario, the base included"; !strings.Contains(first, want) {
		t.Errorf("first line %q does not say %q", first, want)
	}
	out, _ = mustPovsim(t, args...)
	if first, _, _ := strings.Cut(out, "\n"); strings.Contains(first, "--set") {
		t.Errorf("first line %q names --set, which was not given", first)
	}
	help, _ := mustPovsim(t, "compare", "--help")
	if !strings.Contains(help, "--set applies to every scenario, the base included") {
		t.Errorf("compare's help does not say what --set applies to:\n%s", help)
	}
}

// A --config file's problems are listed at once: keys that are no flag,
// values of the wrong type, and values of the right type that their flag
// does not take, each with its line, before any work.
func TestConfigListsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "flags.yaml")
	if err := os.WriteFile(cfg, []byte("Repz: 3\nformat: xml\nworkers: 0\nby: village\nseed: 4\nyears: ten\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	errs := refused(t, []string{"run", "--config", cfg}, cfg+": 5 problems",
		cfg+`:1: Repz: want a known key`, `did you mean "reps"?`,
		cfg+`:2: format: got "xml", want one of table, csv, json`,
		cfg+`:3: workers: got 0, want at least 1`,
		cfg+`:4: by: got "village", want "type"`,
		cfg+`:6: years: got "ten", want a whole number`)
	if strings.Count(errs, cfg+":") != 6 { // the header and 5 problems
		t.Errorf("problems listed more than once:\n%s", errs)
	}
	if err := os.WriteFile(cfg, []byte("precision: 2\nprecision-outcome: povertyy\nreps: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	refused(t, []string{"compare", "baseline", "cut-subsidy", "--config", cfg}, cfg+": 3 problems",
		cfg+":1: precision: got 2, want a half-width between 0 and 1", cfg+`:2: precision-outcome: got "povertyy"`, cfg+":3: reps: got 0, want at least 1")
}

// compare's note on --precision gives the target and the widest half-width
// in percentage points, the table's unit, beside the flag's value.
func TestPrecisionInPoints(t *testing.T) {
	_, errs := mustPovsim(t, "compare", "baseline", "cut-subsidy", "--households", "300", "--years", "6", "--reps", "2",
		"--precision", "0.00005", "--max-reps", "12")
	if !strings.Contains(errs, "precision ±0.005 pp (--precision 0.00005)") {
		t.Errorf("the target is not given in points:\n%s", errs)
	}
	if !regexp.MustCompile(`\(widest ±[0-9.]+ pp\)`).MatchString(errs) {
		t.Errorf("the widest half-width is not given in points:\n%s", errs)
	}
}

// --max-reps is a cap --precision honours: one below what --precision runs
// anyway is refused (--max-reps 5 ran 20 and said "stopped at --max-reps
// 20"), and the note of a target not reached quotes the cap given.
func TestMaxReps(t *testing.T) {
	cmp := []string{"compare", "baseline", "cut-subsidy", "--households", "300", "--years", "6", "--precision", "0.01"}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--max-reps", "5"}, "--max-reps: got 5, want at least 10 (the fewest replications a --precision target is judged on)"},
		{[]string{"--max-reps", "0"}, "--max-reps: got 0, want at least 10"},
		{[]string{"--max-reps", "-1"}, "--max-reps: got -1, want at least 10"},
		{[]string{"--reps", "50", "--max-reps", "30"}, "--max-reps: got 30, want at least the 50 replications --reps 50 starts from"},
		{[]string{"--max-reps", "15"}, "--max-reps: got 15, want at least the 20 replications the default --reps starts from"},
	} {
		refused(t, append(slices.Clone(cmp), c.args...), c.want)
	}
	_, errs := mustPovsim(t, "compare", "baseline", "cut-subsidy", "--households", "300", "--years", "6", "--reps", "10",
		"--precision", "0.0000001", "--precision-outcome", "poverty", "--max-reps", "12")
	if !strings.Contains(errs, "NOT reached: stopped at 12 replications, --max-reps 12 (widest") {
		t.Errorf("the note does not say where --max-reps 12 stopped:\n%s", errs)
	}
}

// A flag that means something only with another is refused without it,
// naming the flag and what it needs, wherever it was given; and the
// commands of povsim scenarios are suggested for povsim list, show, init.
func TestFlagsThatNeedAnother(t *testing.T) {
	sw := writeSweep(t, t.TempDir(), sweepFile)
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"run", "--per-draw", "5"}, []string{"--per-draw 5", "needs --draws"}},
		{[]string{"run", "--per-draw", "5", "--draws", "none"}, []string{"--per-draw 5", "needs --draws"}},
		{[]string{"compare", "baseline", "cut-subsidy", "--precision-outcome", "poverty"}, []string{"--precision-outcome poverty", "needs --precision"}},
		{[]string{"report", "baseline", "--precision-outcome", "poverty", "--out", filepath.Join(t.TempDir(), "r.html")}, []string{"--precision-outcome poverty", "needs --precision"}},
		{[]string{"compare", "baseline", "cut-subsidy", "--max-reps", "30"}, []string{"--max-reps 30", "needs --precision"}},
		{[]string{"sweep", sw, "--out", filepath.Join(filepath.Dir(sw), "r.parquet"), "--shards", "3"}, []string{"--shards 3 needs --slurm", "give --shard K/N"}},
		{[]string{"sweep", sw, "--out", filepath.Join(filepath.Dir(sw), "r.parquet"), "--mem", "4G"}, []string{"--mem 4G needs --slurm"}},
		{[]string{"serve", "--draws", "none", "--per-draw", "5"}, []string{"--per-draw 5", "needs --draws"}},
		{[]string{"list"}, []string{`unknown command "list"`, "povsim scenarios list"}},
		{[]string{"show", "baseline"}, []string{"povsim scenarios show"}},
	} {
		refused(t, c.args, c.want...)
	}
	t.Setenv("POVSIM_PER_DRAW", "4")
	refused(t, []string{"run"}, "POVSIM_PER_DRAW=4", "needs --draws")
}

// scenarios init's file names itself in its header (how to run it) and
// describes a starting scenario, not the README's example county.
func TestScenariosInitHeader(t *testing.T) {
	t.Chdir(t.TempDir())
	mustPovsim(t, "scenarios", "init", "north-county")
	text := string(readFile(t, "north-county.yaml"))
	for _, want := range []string{"# north-county.yaml", "povsim scenarios init north-county", "povsim run north-county.yaml", "\nname: north-county\n", "\ndescription: A starting scenario"} {
		if !strings.Contains(text, want) {
			t.Errorf("north-county.yaml does not say %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{"examples/my-county.yaml", "A county of 5,000 households", "my-county"} {
		if strings.Contains(text, bad) {
			t.Errorf("north-county.yaml says %q, of the README's example:\n%s", bad, text)
		}
	}
	if out, _ := mustPovsim(t, "scenarios", "show", "north-county.yaml"); !strings.Contains(out, "description: A starting scenario") {
		t.Errorf("the description does not load:\n%s", out)
	}
}

// calibrate and sweep stopped by Ctrl-C say so in their own words, with
// no raw "context canceled" line before.
func TestInterruptSaysItOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs povsim in processes")
	}
	dir := t.TempDir()
	sweepFile := filepath.Join(dir, "sweep.yaml")
	if err := os.WriteFile(sweepFile, []byte("name: s\nbase: baseline\nset: {population.households: 3000}\nparameters:\n  - {path: transfers.subsidy.level, min: 0, max: 1}\ndesign: {kind: saltelli, n: 32}\nreplications: 4\noutcomes: [return_rate]\nseed: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"calibrate", "../../scenarios/examples/targets.yaml", "--households", "3000", "--out", filepath.Join(dir, "fit")},
		{"sweep", sweepFile, "--out", filepath.Join(dir, "r.parquet"), "--workers", "1"},
	} {
		cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestSweepHelperProcess$", "--"}, args...)...) // povsim's Main (sweep_test.go)
		cmd.Env = append(os.Environ(), "POVSIM_SWEEP_HELPER=1")
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1500 * time.Millisecond)
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%s: did not stop within 60 s of SIGINT", args[0])
		}
		got := errb.String()
		if code := cmd.ProcessState.ExitCode(); code != exitInterrupted || !strings.Contains(got, "interrupted") {
			t.Errorf("%s: exit %d, stderr %q; want exit %d saying it was interrupted", args[0], code, got, exitInterrupted)
		}
		if strings.Contains(got, "context canceled") {
			t.Errorf("%s: a raw context error on SIGINT:\n%s", args[0], got)
		}
	}
}
