package analysis

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/povsim/povsim/scenarios"
)

// WriteScenarios writes each scenario's resolved YAML into dir as
// scenario-NAME.yaml and returns their provenance records.
func WriteScenarios(dir string, scs []*scenarios.Scenario) ([]ScenarioRecord, error) {
	var recs []ScenarioRecord
	for _, sc := range scs {
		y, err := sc.YAML()
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", sc.Name, err)
		}
		name := "scenario-" + sc.Name + ".yaml"
		if err := WriteFileAtomic(filepath.Join(dir, name), func(w io.Writer) error {
			_, err := w.Write(y)
			return err
		}); err != nil {
			return nil, err
		}
		recs = append(recs, ScenarioRecord{Name: sc.Name, Source: sc.Source, File: name, Resolved: string(y)})
	}
	return recs, nil
}

// WriteRun writes summary.csv, summary.json and provenance.json into dir.
// The provenance record is written last and gets its end time and the
// command that reproduces the run.
func WriteRun(dir string, prov *Provenance, sums ...Summary) error {
	if err := WriteFileAtomic(filepath.Join(dir, "summary.csv"), func(w io.Writer) error {
		return WriteCSV(w, sums...)
	}); err != nil {
		return err
	}
	if err := WriteFileAtomic(filepath.Join(dir, "summary.json"), func(w io.Writer) error {
		if len(sums) == 1 {
			return WriteJSON(w, sums[0])
		}
		return WriteJSON(w, sums)
	}); err != nil {
		return err
	}
	return writeProvenance(dir, prov)
}

// writeProvenance completes and writes provenance.json, last of a run's files.
func writeProvenance(dir string, prov *Provenance) error {
	var files []string
	for _, s := range prov.Scenarios {
		files = append(files, filepath.Join(dir, s.File))
	}
	prov.End = time.Now().UTC()
	if len(prov.Command) > 1 {
		prov.Reproduce = fmt.Sprintf("povsim %s %s --seed %d --reps %d", prov.Command[1], strings.Join(files, " "), prov.Seed, prov.Reps)
	}
	return WriteFileAtomic(filepath.Join(dir, "provenance.json"), func(w io.Writer) error {
		return WriteJSON(w, prov)
	})
}

// WriteComparison writes comparison.csv, comparison.json and
// provenance.json into dir.
func WriteComparison(dir string, prov *Provenance, c Comparison) error {
	if err := WriteFileAtomic(filepath.Join(dir, "comparison.csv"), func(w io.Writer) error {
		return WriteComparisonCSV(w, c)
	}); err != nil {
		return err
	}
	if err := WriteFileAtomic(filepath.Join(dir, "comparison.json"), func(w io.Writer) error {
		return WriteJSON(w, c)
	}); err != nil {
		return err
	}
	return writeProvenance(dir, prov)
}
