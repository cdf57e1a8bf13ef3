package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/web"
)

// TestRunDrawsDefault: --draws default runs on the embedded calibration's
// draws (intervals carry parameter uncertainty, the provenance says
// "--draws default"); --draws none is a run without draws.
func TestRunDrawsDefault(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := povsim(t, "run", "--draws", "default", "--households", "200", "--years", "3", "--reps", "8", "--format", "json", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s analysis.Summary
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatal(err)
	}
	if s.Uncertainty != analysis.IntervalParams {
		t.Errorf("uncertainty %q, want %q", s.Uncertainty, analysis.IntervalParams)
	}
	b, _ := os.ReadFile(filepath.Join(out, "provenance.json"))
	var prov struct{ Draws string }
	json.Unmarshal(b, &prov)
	if prov.Draws != "--draws default --per-draw 2" {
		t.Errorf("provenance draws %q", prov.Draws)
	}
	if none := runJSON(t, "run", "--draws", "none", "--households", "200", "--years", "3", "--reps", "8"); none.Uncertainty != "" {
		t.Errorf("--draws none: uncertainty %q, want none", none.Uncertainty)
	}
	// The table's note on the split says the intervals carry the draws,
	// and how many the replications ran on.
	code, stdout, stderr = povsim(t, "run", "--draws", "default", "--households", "200", "--years", "3", "--reps", "8")
	if code != exitOK || !strings.Contains(stdout, "intervals carry parameter uncertainty") || !strings.Contains(stdout, "these 8 replications ran on") {
		t.Errorf("run --draws default's table: exit %d, %s\n%s", code, stderr, stdout)
	}
	if code, _, stderr := povsim(t, "run", "--draws", "./default", "--households", "100", "--reps", "2"); code == 0 || !strings.Contains(stderr, "./default") {
		t.Errorf("--draws ./default (no such file): exit %d, %q; want an error naming it", code, stderr)
	}
}

// TestDrawsDefaultHoldsOwnSettings: with the embedded draws, a scenario
// (monitoring-tight) or --set that sets a drawn parameter keeps its value
// and the command says so; with a draws file, --set of a drawn parameter
// stays an error (TestDrawsBad).
func TestDrawsDefaultHoldsOwnSettings(t *testing.T) {
	size := []string{"--households", "200", "--years", "3", "--reps", "4", "--draws", "default"}
	code, _, stderr := povsim(t, append([]string{"compare", "baseline", "monitoring-tight"}, size...)...)
	if code != exitOK || !strings.Contains(stderr, "--draws default: scenario monitoring-tight keeps monitoring.detection = 0.9") ||
		strings.Contains(stderr, "scenario baseline keeps") {
		t.Errorf("compare: exit %d, stderr %q; want monitoring-tight's detection held and nothing of the baseline's", code, stderr)
	}
	code, _, stderr = povsim(t, append([]string{"run", "--set", "monitoring.detection=0.5"}, size...)...)
	if code != exitOK || !strings.Contains(stderr, "keeps monitoring.detection = 0.5") {
		t.Errorf("run --set: exit %d, stderr %q", code, stderr)
	}
}

// TestValidateDraws: validate on one draw is validate with its value set
// (same means, intervals and z: all Monte Carlo); on draws of the farm
// yield far apart the income of the formerly poor, which the yield moves,
// has a wider interval than without, and the wall says what its intervals
// carry; --draws default runs on the embedded draws.
func TestValidateDraws(t *testing.T) {
	size := []string{"--households", "300", "--years", "5", "--reps", "8"}
	dir := t.TempDir()
	file := filepath.Join(dir, "one.csv")
	os.WriteFile(file, []byte("weight,farming.yield_value\n1,3000\n"), 0o644)
	one := wallJSON(t, append([]string{"--draws", file}, size...)...)
	set := wallJSON(t, append([]string{"--set", "farming.yield_value=3000"}, size...)...)
	if one.Uncertainty != "" {
		t.Errorf("one draw: uncertainty %q, want none", one.Uncertainty)
	}
	for i, r := range set.Targets {
		o := one.Targets[i]
		if (r.Model == nil) != (o.Model == nil) || r.Model != nil && (*r.Model != *o.Model || *r.Lo != *o.Lo || *r.Z != *o.Z) {
			t.Errorf("%s: one draw %v [%v], with --set %v [%v]", r.Target, o.Model, o.Lo, r.Model, r.Lo)
		}
	}
	apart := filepath.Join(dir, "apart.csv")
	os.WriteFile(apart, []byte("weight,farming.yield_value\n1,2500\n1,4500\n"), 0o644)
	with := wallJSON(t, append([]string{"--draws", apart, "--per-draw", "2", "--seed", "2"}, size...)...)
	without := wallJSON(t, append([]string{"--seed", "2"}, size...)...)
	if with.Uncertainty != analysis.IntervalParams {
		t.Errorf("draws: uncertainty %q", with.Uncertainty)
	}
	wider := 0
	for i, r := range with.Targets {
		if r.Outcome != "income_formerly_poor" || r.Model == nil {
			continue
		}
		wider++
		w0 := without.Targets[i]
		if *r.Hi-*r.Lo <= *w0.Hi-*w0.Lo {
			t.Errorf("%s: interval [%g, %g] with draws, [%g, %g] without: want wider", r.Target, *r.Lo, *r.Hi, *w0.Lo, *w0.Hi)
		}
	}
	if wider == 0 {
		t.Errorf("no income_formerly_poor target with a model value among %d: no interval was compared", len(with.Targets))
	}
	if def := wallJSON(t, append([]string{"--draws", "default"}, size...)...); def.Uncertainty != analysis.IntervalParams {
		t.Errorf("--draws default: uncertainty %q", def.Uncertainty)
	}
}

// TestReportDrawsDefault: the report runs on the embedded draws unless
// told otherwise, and its method says so; --draws none gives Monte Carlo
// intervals.
func TestReportDrawsDefault(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		draws       []string
		want, avoid string
	}{
		{nil, "the calibration of the default embedded in povsim", "measure the Monte Carlo error of simulating"},
		{[]string{"--draws", "none"}, "measure the Monte Carlo error of simulating", "embedded in povsim"},
	} {
		out := filepath.Join(dir, "r.html")
		args := append([]string{"report", "baseline", "monitoring-tight", "--households", "200", "--years", "5", "--reps", "6", "--out", out}, c.draws...)
		if code, _, stderr := povsim(t, args...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		b, _ := os.ReadFile(out)
		page := string(b)
		if !strings.Contains(page, c.want) || strings.Contains(page, c.avoid) {
			t.Errorf("%v: want %q and not %q in the report", c.draws, c.want, c.avoid)
		}
		if c.draws == nil && !strings.Contains(page, "Scenario monitoring-tight keeps monitoring.detection = 0.9") {
			t.Errorf("the report's method does not say monitoring-tight keeps its detection")
		}
	}
}

// TestServeDefaultDraws: povsim serve has the embedded draws by default;
// the page learns it from /api/scenarios and a run that asks for them has
// intervals that carry parameter uncertainty.
func TestServeDefaultDraws(t *testing.T) {
	e := &env{stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, args: []string{"povsim", "serve"}}
	if def := newServeCmd(e).Flags().Lookup("draws").DefValue; def != "default" {
		t.Fatalf("serve --draws defaults to %q, want default", def)
	}
	f := &serveFlags{addr: "127.0.0.1:0", limits: web.DefaultLimits(), draws: "default", perDraw: 2, quiet: true}
	base, cancel, done := startServe(t, e, f)
	defer func() { cancel(); <-done }()
	resp, err := http.Get(base + "/api/scenarios")
	if err != nil {
		t.Fatal(err)
	}
	var info web.LibraryInfo
	json.NewDecoder(resp.Body).Decode(&info)
	resp.Body.Close()
	if !info.Draws {
		t.Errorf("/api/scenarios: draws false, want true")
	}
	body := `{"scenario":"baseline","households":200,"years":3,"reps":8,"draws":true}`
	resp, err = http.Post(base+"/api/run", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var last web.Event
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		last = web.Event{}
		json.Unmarshal(sc.Bytes(), &last)
	}
	if last.Result == nil || last.Result.Uncertainty != analysis.IntervalParams {
		t.Errorf("run with draws: last event %+v", last)
	}
}
