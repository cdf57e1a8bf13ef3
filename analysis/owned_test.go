package analysis_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
)

// writeFile writes text to dir/name.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// mustRead is the text of path, or fails the test naming what is gone.
func mustRead(t *testing.T, path, what string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return string(b)
}

// An output folder keeps the user's files: the scenario the run reads
// (scenario-mine.yaml, named like the resolved ones) and a comparison.csv
// of their own; a comparison that would replace that file refuses, naming
// it; the files povsim wrote earlier and no longer writes go.
func TestOutputKeepsUserFiles(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "scenario-mine.yaml", "name: halve\nextends: baseline\ntransfers:\n  subsidy:\n    level: 0.5\n")
	writeFile(t, dir, "comparison.csv", "mine\n")
	sc, err := scenarios.Load(in)
	if err != nil {
		t.Fatal(err)
	}
	prov := analysis.Provenance{Tool: "povsim", Command: []string{"povsim", "run"}}
	if err := analysis.WriteRun(dir, &prov, []*scenarios.Scenario{sc}, undefinedSummary()); err != nil {
		t.Fatal(err)
	}
	mustRead(t, in, "run --out removed the scenario it read")
	if got := mustRead(t, filepath.Join(dir, "comparison.csv"), "run --out removed a file it did not write"); got != "mine\n" {
		t.Errorf("comparison.csv = %q, want the user's", got)
	}
	if err := analysis.CheckOutput(dir, "compare", []*scenarios.Scenario{sc}); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "comparison.csv")) {
		t.Errorf("pre-flight of a compare over the user's comparison.csv: err %v, want one naming it", err)
	}
	if err := analysis.CheckOutput(dir, "run", []*scenarios.Scenario{sc}); err != nil {
		t.Errorf("pre-flight of a run beside the user's comparison.csv: %v", err)
	}
	c := analysis.Comparison{Summaries: []analysis.Summary{undefinedSummary()}}
	prov.Command = []string{"povsim", "compare"}
	err = analysis.WriteComparison(dir, &prov, []*scenarios.Scenario{sc}, c, nil)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "comparison.csv")) {
		t.Fatalf("compare over the user's comparison.csv: err %v, want one naming it", err)
	}
	if got := mustRead(t, filepath.Join(dir, "comparison.csv"), "refused compare"); got != "mine\n" {
		t.Errorf("refused compare wrote comparison.csv: %q", got)
	}
	os.Remove(filepath.Join(dir, "comparison.csv"))
	if err := analysis.WriteComparison(dir, &prov, nil, c, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "summary.csv")); err == nil {
		t.Error("the earlier run's summary.csv is left beside the comparison")
	}
	mustRead(t, in, "compare --out removed the user's scenario")
}

// A provenance.json that is not povsim's stops the write before anything,
// naming it.
func TestOutputForeignProvenance(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, analysis.ProvenanceFile, `{"tool":"other"}`)
	err := analysis.CheckOutput(dir, "run", nil)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("CheckOutput: err %v, want one naming %s", err, path)
	}
	if got := mustRead(t, path, "CheckOutput"); got != `{"tool":"other"}` {
		t.Errorf("provenance.json = %q", got)
	}
}

// calibrate's provenance.json is povsim's but not an output run, compare
// or validate replace: its draws are read with it. The write stops,
// naming it and the command that wrote it.
func TestOutputCalibrateProvenance(t *testing.T) {
	dir := t.TempDir()
	rec := `{"tool":"povsim","command":["povsim","calibrate","published"]}`
	path := writeFile(t, dir, analysis.ProvenanceFile, rec)
	err := analysis.CheckOutput(dir, "compare", nil)
	if err == nil || !strings.Contains(err.Error(), path+" is the record of a povsim calibrate output") {
		t.Fatalf("CheckOutput: err %v, want one naming %s and calibrate", err, path)
	}
	if got := mustRead(t, path, "CheckOutput"); got != rec {
		t.Errorf("provenance.json = %q", got)
	}
}

// The provenance.json of an older povsim, which lists no files, owns the
// files its command writes and its resolved scenarios: a comparison
// replaces them; a file of the user's beside them stays.
func TestOutputOlderProvenance(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, analysis.ProvenanceFile, `{"tool":"povsim","command":["povsim","run"],"scenarios":[{"name":"a","file":"scenario-a.yaml"}]}`)
	for _, n := range []string{"summary.csv", "summary.json", "scenario-a.yaml", "notes.txt"} {
		writeFile(t, dir, n, "x\n")
	}
	prov := analysis.Provenance{Tool: "povsim", Command: []string{"povsim", "compare"}}
	if err := analysis.WriteComparison(dir, &prov, nil, analysis.Comparison{Summaries: []analysis.Summary{undefinedSummary()}}, nil); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"summary.csv", "summary.json", "scenario-a.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("the older run's %s is left beside the comparison", n)
		}
	}
	mustRead(t, filepath.Join(dir, "notes.txt"), "the user's notes.txt")
}
