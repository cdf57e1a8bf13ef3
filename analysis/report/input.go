package report

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/calibrate"
	"github.com/povsim/povsim/internal/jsonerr"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// Input is everything a report shows.
type Input struct {
	// Title heads the report; empty gives one naming the scenarios.
	Title string
	// Question is the question the report answers, in a sentence; empty
	// gives DefaultQuestion.
	Question string

	Comparison analysis.Comparison // Summaries[0] is the base; no Diffs for a single scenario
	Spells     []analysis.SpellSummary
	// Scenarios are the resolved scenarios in the order of
	// Comparison.Summaries (their YAML is what reproduces the run).
	Scenarios  []analysis.ScenarioRecord
	Provenance *analysis.Provenance
	Households int       // simulated households (0: unknown)
	Generated  time.Time // when the report was written

	// Validation is the base scenario held against the published record
	// (section "How well does this model match what is known"); when nil,
	// ValidationNote says why it is not shown.
	Validation     *calibrate.WallJSON
	ValidationNote string

	// Draws, when the replications ran on parameter draws, says which
	// (the method section names them); nil when not known.
	Draws *DrawsNote
}

// DrawsNote says which parameter draws the replications ran on: Source in
// words, and Held, the drawn parameters a scenario kept at its own value.
type DrawsNote struct {
	Source string
	Held   []string
}

// DrawsOf describes the draws of --draws ref ("default": the calibration
// embedded in povsim) with the notes on the parameters scenarios held.
func DrawsOf(ref string, held []string) *DrawsNote {
	src := "the draws file " + ref + " (povsim calibrate)"
	if ref == calibrate.DefaultDraws {
		src = "the calibration of the default embedded in povsim (povsim calibrate published, --draws default; docs/MODEL.md §12)"
	}
	note := &DrawsNote{Source: src}
	for _, h := range held {
		note.Held = append(note.Held, capitalize(h))
	}
	return note
}

// Validate holds the base scenario's replications (results[0] of the run
// the report shows) against the targets ts, for the report's section on
// how well the model matches what is known. A problem (targets the run
// cannot measure) becomes the section's note, not an error: the rest of
// the report stands.
func (in *Input) Validate(ts *calibrate.Targets, base []sim.Result, seed uint64) {
	in.ValidateDraws(ts, base, seed, analysis.DrawGroups{})
}

// ValidateDraws is Validate for replications run on parameter draws (d
// says which share a draw): the wall's intervals carry the parameters'
// uncertainty (calibrate.WallOfDraws).
func (in *Input) ValidateDraws(ts *calibrate.Targets, base []sim.Result, seed uint64, d analysis.DrawGroups) {
	name := in.Comparison.Base
	w, err := calibrate.WallOfDraws(ts, name, in.Households, seed, base, d)
	if err != nil {
		in.ValidationNote = "The base scenario could not be held against the published record: " + err.Error()
		return
	}
	j := w.JSON()
	in.Validation = &j
}

// DefaultTitle names the scenarios compared.
func DefaultTitle(c analysis.Comparison) string {
	if len(c.Diffs) == 0 {
		return "Return to poverty under " + c.Base
	}
	names := make([]string, len(c.Diffs))
	for i, d := range c.Diffs {
		names[i] = d.Scenario
	}
	return "Return to poverty: " + joinAnd(names) + " against " + c.Base
}

// DefaultQuestion is the question a comparison answers.
func DefaultQuestion(c analysis.Comparison) string {
	if len(c.Years) == 0 {
		return ""
	}
	h := c.Years[len(c.Years)-1]
	if len(c.Diffs) == 0 {
		return fmt.Sprintf("How many households lifted out of poverty by %d fall back into poverty in %d–%d under %s (registered as returned, and below the line by income), how soon, why, and which households?",
			c.Years[0]-1, c.Years[0], h, c.Base)
	}
	names := make([]string, len(c.Diffs))
	for i, d := range c.Diffs {
		names[i] = d.Scenario
	}
	alt := joinOr(names)
	return fmt.Sprintf("If %s replaced %s, how many of the households lifted out of poverty by %d would fall back into poverty by %d (registered as returned, and below the line by income), how soon, why, and at what fiscal cost per return avoided?",
		alt, c.Base, c.Years[0]-1, h)
}

func joinAnd(xs []string) string { return join(xs, "and") }
func joinOr(xs []string) string  { return join(xs, "or") }

func join(xs []string, conj string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	case 2:
		return xs[0] + " " + conj + " " + xs[1]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + ", " + conj + " " + xs[len(xs)-1]
}

// resultsFile is the file of dir FromDir reads the results from.
func resultsFile(dir string) string {
	if exists(filepath.Join(dir, "comparison.json")) {
		return "comparison.json"
	}
	return "summary.json"
}

// FromDir reads a folder written by `povsim compare --out DIR` (or `povsim
// run --out DIR`): comparison.json (or summary.json), provenance.json
// with the resolved scenarios, and spells.json when present.
func FromDir(dir string) (*Input, error) {
	in := &Input{}
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("--from: %w", err)
	}
	if !exists(filepath.Join(dir, "comparison.json")) && !exists(filepath.Join(dir, "summary.json")) {
		return nil, fmt.Errorf("%s: not a povsim output folder of compare --out or run --out: it holds neither comparison.json nor summary.json", dir)
	}
	pb, err := os.ReadFile(filepath.Join(dir, "provenance.json"))
	if err != nil {
		return nil, fmt.Errorf("%s: not a povsim output folder: %w", dir, err)
	}
	var prov analysis.Provenance
	if err := jsonerr.Decode(filepath.Join(dir, "provenance.json"), pb, &prov); err != nil {
		return nil, err
	}
	in.Provenance = &prov
	in.Scenarios = prov.Scenarios

	if cb, err := os.ReadFile(filepath.Join(dir, "comparison.json")); err == nil {
		if err := jsonerr.Decode(filepath.Join(dir, "comparison.json"), cb, &in.Comparison); err != nil {
			return nil, err
		}
	} else if sb, err2 := os.ReadFile(filepath.Join(dir, "summary.json")); err2 == nil {
		sums, err := readSummaries(filepath.Join(dir, "summary.json"), sb)
		if err != nil {
			return nil, err
		}
		in.Comparison = analysis.Comparison{Base: sums[0].Scenario, Reps: sums[0].Reps, Years: sums[0].Years, Summaries: sums}
	} else {
		return nil, fmt.Errorf("%s: neither comparison.json nor summary.json: %w", dir, err)
	}
	if len(in.Comparison.Summaries) == 0 || len(in.Comparison.Years) == 0 {
		return nil, fmt.Errorf("%s: the results hold no scenario or no year", dir)
	}
	if err := in.Comparison.Check(); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, resultsFile(dir)), err)
	}

	sp, err := analysis.ReadSpells(dir)
	switch {
	case err == nil:
		in.Spells = sp
	case errors.Is(err, fs.ErrNotExist):
		// Written by a compare that does not save spells: the report says so.
	default:
		return nil, err
	}
	in.Households = householdsOf(in.Scenarios)
	if err := readWall(dir, in); err != nil {
		return nil, err
	}
	return in, nil
}

// readWall reads the base scenario's wall of the published record that
// run and compare write beside their results (validation.json), if the
// folder has one; a folder written before them, or by a run whose years
// miss the targets', has none, and the report says so.
func readWall(dir string, in *Input) error {
	file := filepath.Join(dir, analysis.ValidationFile)
	b, err := os.ReadFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	}
	var w calibrate.WallJSON
	if err := jsonerr.Decode(file, b, &w); err != nil {
		return err
	}
	if w.Scenario != in.Comparison.Base {
		return fmt.Errorf("%s: the wall of scenario %s, but the results' base is %s", file, w.Scenario, in.Comparison.Base)
	}
	in.Validation = &w
	return nil
}

// exists reports whether file is there.
func exists(file string) bool {
	_, err := os.Stat(file)
	return err == nil
}

// readSummaries reads a run's summary.json, file: one scenario's summary
// (an object), or several (an array of them).
func readSummaries(file string, b []byte) ([]analysis.Summary, error) {
	var sums []analysis.Summary
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		if err := jsonerr.Decode(file, b, &sums); err != nil {
			return nil, err
		}
	} else {
		var one analysis.Summary
		if err := jsonerr.Decode(file, b, &one); err != nil {
			return nil, err
		}
		sums = append(sums, one)
	}
	for i, s := range sums {
		if s.Scenario == "" {
			return nil, fmt.Errorf("%s: summary %d names no scenario (want the key scenario in each summary)", file, i+1)
		}
	}
	if len(sums) == 0 {
		return nil, fmt.Errorf("%s: no summary in the file (want a summary, or an array of them)", file)
	}
	return sums, nil
}

// householdsOf reads the population size of the first resolved scenario.
func householdsOf(recs []analysis.ScenarioRecord) int {
	for _, r := range recs {
		if sc, err := scenarios.Parse(r.Name, []byte(r.Resolved)); err == nil {
			return sc.Config.Params.Population.Households
		}
	}
	return 0
}

// FromResults builds a report's input from the results of
// analysis.CompareModels, results [scenario][replication] with scs[0] the
// base: the comparison with its breakdown by household type, the spells,
// and the resolved scenarios. prov may be nil; its Scenarios are filled
// in.
func FromResults(scs []*scenarios.Scenario, results [][]sim.Result, prov *analysis.Provenance) (*Input, error) {
	if len(scs) == 0 || len(scs) != len(results) {
		return nil, fmt.Errorf("report: %d scenarios, %d result sets", len(scs), len(results))
	}
	names := make([]string, len(scs))
	var recs []analysis.ScenarioRecord
	for i, sc := range scs {
		names[i] = sc.Name
		y, err := sc.YAML()
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", sc.Name, err)
		}
		recs = append(recs, analysis.ScenarioRecord{Name: sc.Name, Source: sc.Source, File: "scenario-" + sc.Name + ".yaml", Resolved: string(y)})
	}
	if prov != nil {
		prov.Scenarios = recs
	}
	return &Input{
		Comparison: analysis.Compare(names, results, true),
		Spells:     analysis.SpellsOf(names, results, true),
		Scenarios:  recs,
		Provenance: prov,
		Households: scs[0].Config.Params.Population.Households,
	}, nil
}
