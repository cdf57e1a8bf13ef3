package analysis

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/povsim/povsim/internal/fileset"
	"github.com/povsim/povsim/scenarios"
)

// Files of an output folder. A run writes runFiles and the resolved
// scenarios (scenario-NAME.yaml), a comparison comparisonFiles and the
// scenarios; provenance.json names the scenario files.
var (
	runFiles        = []string{"summary.csv", "summary.json", ProvenanceFile}
	comparisonFiles = []string{"comparison.csv", "comparison.json", SpellsFile, ProvenanceFile}
)

// ValidationFile is the wall of the published record beside a run's or a
// comparison's results (an OutputFile), and validate --out's.
const ValidationFile = "validation.json"

// ProvenanceFile is the name of an output folder's provenance record.
const ProvenanceFile = "provenance.json"

// CheckOutput is the pre-flight check of the output folder of a run or a
// comparison (kind) of scs, made before any simulation: the folder can be
// created and written, no file a run or a comparison writes there is a
// folder, a provenance.json there is povsim's, and no file this output
// writes is in the folder unless povsim wrote it (Claim).
func CheckOutput(dir, kind string, scs []*scenarios.Scenario) error {
	if err := fileset.Check(dir, append(append([]string{}, runFiles...), comparisonFiles...)...); err != nil {
		return err
	}
	names := append(slices.Clone(legacyFiles[kind]), ProvenanceFile)
	for _, sc := range scs {
		names = append(names, scenarioFile(sc))
	}
	_, err := Claim(dir, names, inputsOf(scs))
	return err
}

// scenarioFile is the name of a scenario's resolved file in an output.
func scenarioFile(sc *scenarios.Scenario) string { return "scenario-" + sc.Name + ".yaml" }

// WriteRun writes a run's output folder as one set: summary.csv,
// summary.json, the resolved scenarios and provenance.json (which gets its
// end time and the command that reproduces the run). A reader of dir finds
// the whole previous output or the whole new one; the files of an earlier
// run, comparison or validation that this one does not write are removed
// with it, those its provenance.json lists (never an input of this one). A
// file this one writes that is in dir but was not written by povsim is an
// error (Claim).
func WriteRun(dir string, prov *Provenance, scs []*scenarios.Scenario, sums ...Summary) error {
	return WriteRunWith(dir, prov, scs, nil, sums...)
}

// OutputFile is a further JSON file of an output folder, written in the
// same set as the rest (povsim's run and compare write the wall of the
// published record as validation.json).
type OutputFile struct {
	Name  string
	Value any
}

// WriteRunWith is WriteRun with further files.
func WriteRunWith(dir string, prov *Provenance, scs []*scenarios.Scenario, extra []OutputFile, sums ...Summary) error {
	return writeSet(dir, prov, scs, func(s *fileset.Set) error {
		if err := s.Write("summary.csv", func(w io.Writer) error { return WriteCSV(w, sums...) }); err != nil {
			return err
		}
		if err := s.Write("summary.json", func(w io.Writer) error {
			if len(sums) == 1 {
				return WriteJSON(w, sums[0])
			}
			return WriteJSON(w, sums)
		}); err != nil {
			return err
		}
		return writeExtra(s, extra)
	})
}

// writeExtra writes further JSON files into a set.
func writeExtra(s *fileset.Set, extra []OutputFile) error {
	for _, f := range extra {
		if err := s.Write(f.Name, func(w io.Writer) error { return WriteJSON(w, f.Value) }); err != nil {
			return err
		}
	}
	return nil
}

// WriteComparison writes a comparison's output folder as one set (see
// WriteRun): comparison.csv, comparison.json, spells.json (for `povsim
// report --from DIR`), the resolved scenarios and provenance.json.
func WriteComparison(dir string, prov *Provenance, scs []*scenarios.Scenario, c Comparison, spells []SpellSummary) error {
	return WriteComparisonWith(dir, prov, scs, c, spells, nil)
}

// WriteComparisonWith is WriteComparison with further files.
func WriteComparisonWith(dir string, prov *Provenance, scs []*scenarios.Scenario, c Comparison, spells []SpellSummary, extra []OutputFile) error {
	return writeSet(dir, prov, scs, func(s *fileset.Set) error {
		if err := s.Write("comparison.csv", func(w io.Writer) error { return WriteComparisonCSV(w, c) }); err != nil {
			return err
		}
		if err := s.Write("comparison.json", func(w io.Writer) error { return WriteJSON(w, c) }); err != nil {
			return err
		}
		if err := s.Write(SpellsFile, func(w io.Writer) error { return WriteJSON(w, spells) }); err != nil {
			return err
		}
		return writeExtra(s, extra)
	})
}

// writeSet writes the files of an output folder: the command's own (body),
// the resolved scenarios, and provenance.json, then commits them together.
func writeSet(dir string, prov *Provenance, scs []*scenarios.Scenario, body func(*fileset.Set) error) error {
	s, err := fileset.Begin(dir, 0o644)
	if err != nil {
		return err
	}
	err = body(s)
	if err == nil {
		err = writeScenarios(s, prov, scs)
	}
	var remove []string
	if err == nil {
		prov.Files = append(s.Names(), ProvenanceFile)
		remove, err = Claim(dir, prov.Files, inputsOf(scs))
	}
	if err == nil {
		err = writeProvenance(s, dir, prov)
	}
	if err != nil {
		s.Abort()
		return err
	}
	s.Remove(remove...)
	return s.Commit()
}

// writeScenarios writes each scenario's resolved YAML as
// scenario-NAME.yaml and records them in the provenance (without
// scenarios, the provenance's records are kept as they are).
func writeScenarios(s *fileset.Set, prov *Provenance, scs []*scenarios.Scenario) error {
	if len(scs) == 0 {
		return nil
	}
	prov.Scenarios = nil
	for _, sc := range scs {
		y, err := sc.YAML()
		if err != nil {
			return fmt.Errorf("scenario %s: %w", sc.Name, err)
		}
		name := scenarioFile(sc)
		if err := s.Write(name, func(w io.Writer) error {
			_, err := w.Write(y)
			return err
		}); err != nil {
			return err
		}
		prov.Scenarios = append(prov.Scenarios, ScenarioRecord{Name: sc.Name, Source: sc.Source, File: name, Resolved: string(y)})
	}
	return nil
}

// writeProvenance completes and writes provenance.json.
func writeProvenance(s *fileset.Set, dir string, prov *Provenance) error {
	var files []string
	for _, sc := range prov.Scenarios {
		files = append(files, filepath.Join(dir, sc.File))
	}
	prov.End = time.Now().UTC()
	if len(prov.Command) > 1 {
		args := append([]string{"povsim", prov.Command[1]}, files...)
		args = append(args, "--seed", strconv.FormatUint(prov.Seed, 10), "--reps", strconv.Itoa(prov.Reps))
		prov.Reproduce = ShellJoin(args) // a path with a space is quoted
		if prov.Draws != "" {
			prov.Reproduce += " " + prov.Draws
		}
	}
	return s.Write(ProvenanceFile, func(w io.Writer) error { return WriteJSON(w, prov) })
}
