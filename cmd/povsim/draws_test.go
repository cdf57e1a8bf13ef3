package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
)

func runJSON(t *testing.T, args ...string) analysis.Summary {
	t.Helper()
	code, out, errOut := povsim(t, append(args, "--format", "json")...)
	if code != 0 {
		t.Fatalf("povsim %v: exit %d: %s", args, code, errOut)
	}
	var s analysis.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestDrawsSingleDrawIsMonteCarlo: --draws with one draw gives exactly the
// run with those values set: the same means and the same intervals.
func TestDrawsSingleDrawIsMonteCarlo(t *testing.T) {
	file := filepath.Join(t.TempDir(), "draws.csv")
	os.WriteFile(file, []byte("draw,round,weight,distance,labor.local_job_find,transfers.subsidy.level\n0,3,1,,0.4,0.8\n"), 0o644)
	size := []string{"--households", "300", "--reps", "6", "--years", "4"}
	with := runJSON(t, append([]string{"run", "--draws", file}, size...)...)
	plain := runJSON(t, append([]string{"run", "--set", "labor.local_job_find=0.4", "--set", "transfers.subsidy.level=0.8"}, size...)...)
	if with.Uncertainty != "" {
		t.Errorf("one draw: uncertainty %q, want none (Monte Carlo only)", with.Uncertainty)
	}
	for i := range plain.Series {
		for y, e := range plain.Series[i].Years {
			if got := with.Series[i].Years[y]; got != e {
				t.Errorf("%s year %d: with the draw %+v, with --set %+v", plain.Series[i].Outcome, y, got, e)
			}
		}
	}
}

// TestDrawsWiden: with draws that differ, the return rate's intervals are
// wider than Monte Carlo alone, their half-width the square root of the
// split's sum times a t at fewer than draws − 1 degrees of freedom,
// and the means are those of the replications.
func TestDrawsWiden(t *testing.T) {
	file := filepath.Join(t.TempDir(), "draws.csv")
	os.WriteFile(file, []byte("weight,labor.local_wage_mu\n1,9.0\n1,9.3\n1,9.6\n1,9.9\n"), 0o644)
	size := []string{"--households", "300", "--reps", "16", "--years", "3"}
	with := runJSON(t, append([]string{"run", "--draws", file}, size...)...)
	if with.Uncertainty != analysis.IntervalParams {
		t.Fatalf("uncertainty %q, want %q", with.Uncertainty, analysis.IntervalParams)
	}
	se := with.Get(analysis.Income)
	for y, e := range se.Years {
		s := se.Split[y]
		// 16 replications, two a draw: t at fewer than G − 1 = 7 degrees of
		// freedom (a variance taking MS_within away), above t(7) = 2.365
		if tq := e.HalfWidth() / math.Sqrt(s.Parameter+s.MonteCarlo); !(tq > 2.365 && tq < 100) {
			t.Errorf("year %d: interval ±%g, split %g + %g: t %g, want above t(7) = 2.365", y, e.HalfWidth(), s.Parameter, s.MonteCarlo, tq)
		}
		mc := math.Pow(e.SD, 2) / float64(e.N)
		if !(s.Parameter > 0) || !(e.HalfWidth() > 1.96*math.Sqrt(mc)) {
			t.Errorf("year %d: income interval ±%g with split %+v, want wider than Monte Carlo alone (±%g)", y, e.HalfWidth(), s, 1.96*math.Sqrt(mc))
		}
	}
}

// TestDrawsBad: a draws file with an unknown column, a negative weight or
// a drawn parameter also set by --set is refused.
func TestDrawsBad(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, body, want string }{
		{"unknown", "weight,labor.local_job_fnd\n1,0.3\n", `column "labor.local_job_fnd"`},
		{"negative", "weight,labor.local_job_find\n-1,0.3\n", "want a weight ≥ 0"},
		{"nan", "weight,labor.local_job_find\n1,NaN\n", "want a finite number"},
		{"invalid", "weight,labor.local_job_find\n1,1.7\n", "draw 0 makes scenario baseline invalid"},
	}
	for _, c := range cases {
		file := filepath.Join(dir, c.name+".csv")
		os.WriteFile(file, []byte(c.body), 0o644)
		code, _, errOut := povsim(t, "run", "--draws", file, "--households", "100", "--reps", "2")
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want an error with %q", c.name, code, errOut, c.want)
		}
	}
	file := filepath.Join(dir, "ok.csv")
	os.WriteFile(file, []byte("weight,labor.local_job_find\n1,0.3\n"), 0o644)
	if code, _, errOut := povsim(t, "run", "--draws", file, "--set", "labor.local_job_find=0.2"); code == 0 || !strings.Contains(errOut, "is drawn") {
		t.Errorf("--set of a drawn parameter: exit %d, %q", code, errOut)
	}
}

// TestReportDraws: a report of scenarios run on draws says in words that
// its intervals carry parameter uncertainty, and how much of the base's.
func TestReportDraws(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "draws.csv")
	os.WriteFile(file, []byte("weight,labor.local_wage_mu\n1,9.0\n1,9.5\n1,9.9\n"), 0o644)
	out := filepath.Join(dir, "r.html")
	code, _, stderr := povsim(t, "report", "baseline", "cut-subsidy", "--draws", file, "--households", "200", "--reps", "8", "--out", out)
	if code != 0 {
		t.Fatalf("report: %s", stderr)
	}
	b, _ := os.ReadFile(out)
	for _, want := range []string{"carry both the uncertainty of the parameters and the Monte Carlo error", "comes from the parameters"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("report does not say %q", want)
		}
	}
}

// TestDrawsProvenance: the provenance of a run on draws names them, and its
// command to reproduce the run uses them.
func TestDrawsProvenance(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "draws.csv")
	os.WriteFile(file, []byte("weight,labor.local_wage_mu\n1,9.0\n1,9.5\n"), 0o644)
	out := filepath.Join(dir, "out")
	if code, _, stderr := povsim(t, "run", "--draws", file, "--per-draw", "3", "--households", "100", "--reps", "6", "--years", "2", "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	b, _ := os.ReadFile(filepath.Join(out, "provenance.json"))
	var prov struct{ Draws, Reproduce string }
	json.Unmarshal(b, &prov)
	want := "--draws " + file + " --per-draw 3"
	if prov.Draws != want || !strings.HasSuffix(prov.Reproduce, want) {
		t.Errorf("provenance draws %q, reproduce %q; want %q in both", prov.Draws, prov.Reproduce, want)
	}
}
