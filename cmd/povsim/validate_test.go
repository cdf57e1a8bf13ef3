package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/calibrate"
	"github.com/povsim/povsim/sim"
)

// wallJSON runs validate with --format json and decodes the wall.
func wallJSON(t *testing.T, args ...string) calibrate.WallJSON {
	t.Helper()
	code, stdout, stderr := povsim(t, append([]string{"validate", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("validate %v: exit %d: %s", args, code, stderr)
	}
	var w calibrate.WallJSON
	if err := json.Unmarshal([]byte(stdout), &w); err != nil {
		t.Fatalf("validate %v: %v\n%s", args, err, stdout)
	}
	return w
}

// TestValidateTargetsFile: validate against a targets file of today's
// outcomes, in the three formats and to --out: one row per target with its
// use, the counts and the verdict; the same for one worker or two.
func TestValidateTargetsFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "targets.yaml")
	held := strings.Replace(smallTargets, "    reliability: D\n  - outcome: return_rate", "    reliability: D\n    use: held-out\n  - outcome: return_rate", 1)
	os.WriteFile(file, []byte(held), 0o644)
	args := []string{"--targets", file, "--households", "300", "--reps", "3", "--years", "3"}
	w1 := wallJSON(t, append(args, "--workers", "1")...)
	w2 := wallJSON(t, append(args, "--workers", "2")...)
	b1, _ := json.Marshal(w1)
	b2, _ := json.Marshal(w2)
	if string(b1) != string(b2) {
		t.Errorf("workers 1 and 2 differ:\n%s\n%s", b1, b2)
	}
	if len(w1.Targets) != 3 || w1.Scenario != "baseline" || w1.Households != 300 || w1.Reps != 3 {
		t.Fatalf("wall %s", b1)
	}
	if w1.Targets[1].Use != calibrate.HeldOut || w1.Targets[0].Use != calibrate.Fit || w1.Count.Held != 1 || w1.Count.Fit != 2 {
		t.Errorf("uses: %s", b1)
	}
	for _, r := range w1.Targets {
		if r.Model == nil || r.Lo == nil || r.Hi == nil || r.Z == nil || !(*r.Lo <= *r.Model && *r.Model <= *r.Hi) {
			t.Errorf("row %s: model value and interval %v %v %v", r.Target, r.Lo, r.Model, r.Hi)
		}
		if inside := abs(*r.Model-r.Value) <= r.Tolerance; inside != r.Inside {
			t.Errorf("row %s: inside %v for |%g − %g| against %g", r.Target, r.Inside, *r.Model, r.Value, r.Tolerance)
		}
	}
	if !strings.HasPrefix(w1.Verdict, "povsim's baseline ") {
		t.Errorf("verdict %q", w1.Verdict)
	}

	code, stdout, stderr := povsim(t, append([]string{"validate"}, args...)...)
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, want := range []string{"target", "use", "published", "tolerance", "model", "95% interval", "z", "inside", "source (mark)",
		"held-out", "test (D)", "fitted targets inside their tolerance:", w1.Verdict} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table without %q:\n%s", want, stdout)
		}
	}
	if lines := strings.Count(stdout, "\n"); lines != 2+1+3+4-1+2 {
		t.Errorf("table of %d lines, want 11 (title, blank, header, 3 targets, blank, counts, verdict, a noise note of 2):\n%s", lines, stdout)
	}
	if !strings.Contains(strings.Join(strings.Fields(stdout), " "), "this run's own noise is larger than they allow for.") {
		t.Errorf("a run smaller than 10,000 × 20 does not say its noise is larger than the tolerances allow:\n%s", stdout)
	}
	code, stdout, _ = povsim(t, append([]string{"validate", "--format", "csv"}, args...)...)
	if code != 0 || !strings.HasPrefix(stdout, "scenario,target,outcome,type,years,use,value,se,tolerance,model_mean,model_lo,model_hi,standardized_distance,inside_tolerance,source,reliability\n") ||
		strings.Count(stdout, "\n") != 4 {
		t.Errorf("csv:\n%s", stdout)
	}
	out := filepath.Join(dir, "wall")
	if code, _, stderr := povsim(t, append([]string{"validate", "--out", out}, args...)...); code != 0 {
		t.Fatal(stderr)
	}
	for _, f := range validateFiles {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("--out: %v", err)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestValidateBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--targets", "publishd"}, `targets "publishd": neither a file nor an embedded targets file (embedded: published)`},
		{[]string{"--targets", "no/such.yaml"}, "no/such.yaml"},
		{[]string{"--targets", "../../scenarios/examples/targets.yaml", "no-such-scenario"}, "no-such-scenario"},
		{[]string{"--targets", "../../scenarios/examples/targets.yaml", "--format", "xml"}, "xml"},
		{[]string{"--targets", "../../scenarios/examples/targets.yaml", "--years", "1"}, "outside the simulated years 2021–2021"},
	} {
		code, _, stderr := povsim(t, append([]string{"validate"}, c.args...)...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("validate %v: exit %d, %q; want an error with %q", c.args, code, stderr, c.want)
		}
	}
}

// validateSize is the size the published tolerances were set for: the
// noise floor in them assumes it.
var validateSize = []string{"--households", "10000", "--reps", "20"}

// TestValidatePublishedBaseline: validate on the embedded baseline against
// the embedded published record: every target with its source, mark and
// use, a model value with its interval, and the verdict.
func TestValidatePublishedBaseline(t *testing.T) {
	w := wallJSON(t, validateSize...)
	if w.TargetsFile != "targets:published" || w.Scenario != "baseline" || len(w.Targets) != 17 || w.Count.Fit != 5 || w.Count.Held != 12 {
		t.Fatalf("wall of %s on %s: %d targets, %+v", w.TargetsFile, w.Scenario, len(w.Targets), w.Count)
	}
	for _, r := range w.Targets {
		if r.Source == "" || r.Reliability == "" || r.Model == nil || !(*r.Lo <= *r.Model && *r.Model <= *r.Hi) {
			t.Errorf("row %+v", r)
		}
	}
	// The table: title, header, one line per target (its name, use, years,
	// inside or OUTSIDE as the JSON says, source and mark), the counts and
	// the verdict.
	code, stdout, stderr := povsim(t, append([]string{"validate"}, validateSize...)...)
	if code != 0 {
		t.Fatal(stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 2+1+17+3 || !strings.HasPrefix(lines[0], "validate baseline against targets:published: 17 targets, 10,000 households × 20 replications, seed 1") ||
		!strings.HasPrefix(lines[2], "target ") || lines[len(lines)-1] != w.Verdict {
		t.Fatalf("table:\n%s", stdout)
	}
	for i, r := range w.Targets {
		line, in := lines[3+i], "OUTSIDE"
		if r.Inside {
			in = "inside"
		}
		for _, want := range []string{r.Target, r.Use.String(), r.Years, in, r.Source + " (" + r.Reliability + ")"} {
			if !strings.Contains(line, want) {
				t.Errorf("table line %q without %q", line, want)
			}
		}
	}
	want := fmt.Sprintf("fitted targets inside their tolerance: %d of 5; held-out: %d of 12", w.Count.FitInside, w.Count.HeldInside)
	if lines[len(lines)-2] != want {
		t.Errorf("counts line %q, want %q", lines[len(lines)-2], want)
	}
}

// TestValidateBrokenIllness: a baseline where every household falls ill
// every year, uninsured, is reported outside its tolerance on the illness
// targets.
func TestValidateBrokenIllness(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "ill.yaml")
	os.WriteFile(file, []byte("name: ill\nextends: baseline\nhealth:\n  event_base: 1\n  chronic_onset: 0.5\n  reimbursement: 0\n  formerly_poor_extra: 0\n"), 0o644)
	base := wallJSON(t, "--households", "3000", "--reps", "4")
	ill := wallJSON(t, file, "--households", "3000", "--reps", "4")
	held := map[string]bool{}
	for i, r := range ill.Targets {
		if r.Outcome != "cause.illness" && r.Outcome != "catastrophic_health" {
			continue
		}
		held[r.Outcome] = true
		if r.Inside || *r.Z <= 0 || *r.Z <= *base.Targets[i].Z {
			t.Errorf("%s: inside %v, z %+.1f (baseline %+.1f); want outside, above the figure and the baseline", r.Target, r.Inside, *r.Z, *base.Targets[i].Z)
		}
	}
	if !held["cause.illness"] || !held["catastrophic_health"] {
		t.Errorf("the published record has no target of cause.illness or of catastrophic_health (held: %v): this test holds nothing", held)
	}
	if !strings.Contains(ill.Verdict, "misses") {
		t.Errorf("verdict %q", ill.Verdict)
	}
}

// TestValidateBaselineInsideTolerance is issue 14's test: on the default
// baseline every published target is inside its tolerance, at the size the
// tolerances were set for. Three are not (knownMisses, with the reasons
// docs/MODEL.md §11 and §13 give): they are reported and tolerated, unless
// POVSIM_VALIDATE_STRICT=1, which makes every miss fail. Any other target
// outside its tolerance fails the test: a change that loses a figure the
// model reproduced is caught. A known miss that is now inside fails too,
// so that the list says what the model misses today.
var knownMisses = map[string]string{
	"income_share_formerly_poor.wages 2022": "the formerly poor households' wages 48% of their gross income in 2022 against over two-thirds (70.8% ± 15, T7, C), held out, added after the fit: the model's wage share of the whole population is in the upper half of P10's tolerance (44% against 35.3% ± 9.1), so no wage level puts both inside while the populations are the formerly poor and marginal; wages assumed, not fitted, migrants at their net pay (docs/MODEL.md §11 item 1)",
	"monitored_share_formerly_poor 2021":    "4.1% of the formerly poor's people monitored in 2021 against ≈2 M of ≈99 M (2.0% ± 0.9, T2's split), held out, added after the fit: the model finds about twice the record's share of its formerly poor under the monitoring line, though its poorest fifth is no poorer than a survey's (P19); T2's 5% total is reached through marginal households, whose number is assumed (population.formerly_poor_share; docs/MODEL.md §11 item 1)",
	"ever_monitored_share 2024":             "14% of people in households ever monitored by 2024 against more than 7 M of ≈100 M (7.5% ± 4.9, T4, C), held out, added after the fit: the model identifies more households over the years than the record implies (its pool at risk turns over from year to year; T2 fits only the stock at the start); inside only with the safety net's review faster than the 2021 rule's half year, or with detection a trait of the household, tried and not adopted (docs/MODEL.md §11 item 1)",
}

func TestValidateBaselineInsideTolerance(t *testing.T) {
	w := wallJSON(t, validateSize...)
	if len(w.Targets) == 0 {
		t.Fatal("the wall has no target")
	}
	strict := os.Getenv("POVSIM_VALIDATE_STRICT") == "1"
	targets := map[string]bool{}
	for _, r := range w.Targets {
		targets[r.Outcome+" "+r.Years] = true
	}
	for miss := range knownMisses {
		if !targets[miss] {
			t.Errorf("knownMisses lists %q, which is no target of the published record: remove it or give its outcome and years as the wall names them", miss)
		}
	}
	for _, r := range w.Targets {
		if r.Inside {
			if _, known := knownMisses[r.Outcome+" "+r.Years]; known {
				t.Errorf("%s is inside its tolerance: remove it from knownMisses", r.Target)
			}
			continue
		}
		z := "undefined"
		if r.Z != nil {
			z = fmt.Sprintf("%+.1f", *r.Z)
		}
		reason, known := knownMisses[r.Outcome+" "+r.Years]
		switch {
		case known && !strict:
			t.Logf("known miss: %s (z %s): %s", r.Target, z, reason)
		default:
			t.Errorf("%s outside its tolerance (z %s)", r.Target, z)
		}
	}
}

// TestWallBesideResults: run's and compare's tables end with the scenario
// held against the published record, from the replications they ran: the
// count inside, the verdict, and at this small size that the run is
// noisier than the tolerances; a run whose years miss the targets' says
// why it is not held against them; the JSON output stays one document.
func TestWallBesideResults(t *testing.T) {
	size := []string{"--households", "300", "--reps", "3"}
	for _, args := range [][]string{{"run"}, {"compare", "baseline", "cut-subsidy"}} {
		code, out, errs := povsim(t, append(args, size...)...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		flat := strings.Join(strings.Fields(out), " ")
		for _, want := range []string{"against the published record: ", " of 17 figures inside their tolerance", "povsim's baseline ", "this run's own noise is larger"} {
			if !strings.Contains(flat, want) {
				t.Errorf("%v: output lacks %q:\n%s", args, want, out)
			}
		}
	}
	code, out, errs := povsim(t, "run", "--households", "300", "--reps", "3", "--years", "4")
	if code != exitOK {
		t.Fatalf("--years 4: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "not held against the published record: ") || !strings.Contains(out, "2025") {
		t.Errorf("a run of 2021–2024 does not say why it is not held against targets that reach 2025:\n%s", out)
	}
	_, out, _ = povsim(t, "run", "--households", "300", "--reps", "3", "--format", "json")
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Errorf("run --format json is no longer one JSON document: %v", err)
	}
}

// TestValidateWithoutParameters: a targets file of the user's own figures,
// with no parameters and every target held out, is something to validate
// against, not to calibrate on: validate holds the baseline against it,
// calibrate refuses it naming the file, the line and what is missing, and
// writes nothing.
func TestValidateWithoutParameters(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.yaml")
	_, rest, _ := strings.Cut(smallTargets, "targets:\n")
	mine := "name: mine\ntargets:\n" + strings.ReplaceAll(rest, "    reliability: D\n", "    reliability: D\n    use: held-out\n")
	if err := os.WriteFile(file, []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	w := wallJSON(t, "--targets", file, "--households", "300", "--reps", "3", "--years", "3")
	if len(w.Targets) != 3 || w.Count.Held != 3 || w.Count.Fit != 0 {
		t.Errorf("wall of a held-out file: %d targets, %d held out, %d fitted; want 3, 3, 0", len(w.Targets), w.Count.Held, w.Count.Fit)
	}
	out := filepath.Join(dir, "fit")
	code, _, errs := povsim(t, "calibrate", file, "--out", out, "--households", "300", "--reps", "2", "--years", "3")
	if code == exitOK {
		t.Fatal("calibrate accepted a file with nothing to fit")
	}
	for _, want := range []string{file + ":1: parameters", "a list of parameters to fit", file + ":2: targets", "at least one target with use: fit"} {
		if !strings.Contains(errs, want) {
			t.Errorf("calibrate's error lacks %q:\n%s", want, errs)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("calibrate refused the file but left %s (%v)", out, err)
	}
}

// run's wall of a scenario whose policies differ from the baseline's says
// that the record describes the baseline's; the baseline's, at another
// size, does not, nor a run too short to be held against the record.
func TestRunTellsPolicies(t *testing.T) {
	const says = "which the baseline keeps; "
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{"run", "monitoring-tight"}, true},
		{[]string{"run"}, false},
		{[]string{"run", "baseline", "--households", "500"}, false},
		{[]string{"run", "--set", "transfers.subsidy.level=0"}, true}, // --set changes the baseline's policies
		{[]string{"run", "cut-subsidy", "--years", "10"}, false},      // its cut starts in 2026, after the record's last year
		{[]string{"run", "--years", "2"}, false},                      // no wall (2021-2022 miss the record's years): no note on its misses
		{[]string{"run", "monitoring-tight", "--years", "3"}, false},
	} {
		code, out, errs := povsim(t, append(c.args, "--households", "300", "--reps", "2")...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", c.args, code, errs)
		}
		if got := strings.Contains(out, "which the baseline keeps"); got != c.want || c.want && !strings.Contains(out, says) {
			t.Errorf("%v: the note on policies %v, want %v:\n%s", c.args, got, c.want, out)
		}
	}
}

// run --out and compare --out keep the wall of the published record beside
// the results (validation.json, the base scenario's for compare), as
// validate --format json writes it; a run whose years miss the targets'
// writes none, and a wall of another scenario than the results' base is
// refused by report --from.
func TestOutWritesWall(t *testing.T) {
	size := []string{"--households", "300", "--reps", "2"}
	dir := t.TempDir()
	if code, _, errs := povsim(t, append([]string{"run", "--out", dir}, size...)...); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "validation.json"))
	if err != nil {
		t.Fatal(err)
	}
	code, want, errs := povsim(t, append([]string{"validate", "--format", "json"}, size...)...)
	if code != exitOK {
		t.Fatalf("validate: exit %d: %s", code, errs)
	}
	if string(b) != want {
		t.Errorf("run --out's validation.json is not validate's wall at the same size:\n%s\n%s", b, want)
	}
	short := t.TempDir()
	if code, _, errs := povsim(t, append([]string{"run", "--out", short, "--years", "3"}, size...)...); code != exitOK {
		t.Fatalf("run --years 3: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(short, "validation.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a run of 2021-2023 wrote a wall of targets up to 2025: %v", err)
	}
	// A wall that is not the results' base's.
	w := strings.Replace(string(b), `"scenario": "baseline"`, `"scenario": "cut-subsidy"`, 1)
	if err := os.WriteFile(filepath.Join(dir, "validation.json"), []byte(w), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := povsim(t, "report", "--from", dir, "--out", filepath.Join(t.TempDir(), "r.html")); code == exitOK || !strings.Contains(errs, "the wall of scenario cut-subsidy, but the results' base is baseline") {
		t.Errorf("report --from with another scenario's wall: exit %d, %q", code, errs)
	}
}

// run and compare hold their replications against the published record
// once, for the brief after the table and for validation.json beside
// --out alike, and not at all when neither is written. The wall held is
// marked (a size at which the brief has no note on noise): the brief and
// the file must both show the mark.
func TestWallHeldOnce(t *testing.T) {
	const marked, note = 1_000_000, "The tolerances were set for"
	calls := 0
	defer func(f func(*calibrate.Targets, string, int, uint64, []sim.Result, analysis.DrawGroups) (*calibrate.Wall, error)) {
		wallOfDraws = f
	}(wallOfDraws)
	wallOfDraws = func(ts *calibrate.Targets, scenario string, households int, seed uint64, res []sim.Result, d analysis.DrawGroups) (*calibrate.Wall, error) {
		calls++
		w, err := calibrate.WallOfDraws(ts, scenario, households, seed, res, d)
		if err == nil {
			w.Households = marked
		}
		return w, err
	}
	for _, c := range []struct {
		args        []string
		calls       int
		brief, file bool
	}{
		{[]string{"run", "--out", t.TempDir()}, 1, true, true},
		{[]string{"compare", "baseline", "cut-subsidy", "--out", t.TempDir()}, 1, true, true},
		{[]string{"run", "--draws", "default", "--out", t.TempDir()}, 1, true, true},
		{[]string{"run", "--format", "json", "--out", t.TempDir()}, 1, false, true},
		{[]string{"run"}, 1, true, false},
		{[]string{"run", "--format", "csv"}, 0, false, false},
	} {
		calls = 0
		args := append(c.args, "--households", "300", "--reps", "2")
		code, out, errs := povsim(t, args...)
		if code != exitOK {
			t.Fatalf("povsim %s: exit %d: %s", strings.Join(args, " "), code, errs)
		}
		if calls != c.calls {
			t.Errorf("povsim %s held the replications against the record %d times, want %d", strings.Join(args, " "), calls, c.calls)
		}
		if c.brief && (!strings.Contains(out, "against the published record: ") || strings.Contains(out, note)) {
			t.Errorf("povsim %s: the brief is not the wall held (it has no brief, or its note on noise):\n%s", strings.Join(args, " "), out)
		}
		if c.file {
			if w := readWall(t, args[slices.Index(args, "--out")+1]); w.Households != marked {
				t.Errorf("povsim %s: validation.json is not the wall held: %d households", strings.Join(args, " "), w.Households)
			}
		}
	}
}

// readWall reads the validation.json of an output folder.
func readWall(t *testing.T, dir string) calibrate.WallJSON {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "validation.json"))
	if err != nil {
		t.Fatal(err)
	}
	var w calibrate.WallJSON
	if err := json.Unmarshal(b, &w); err != nil {
		t.Fatalf("%s: %v", filepath.Join(dir, "validation.json"), err)
	}
	return w
}
