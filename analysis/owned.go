package analysis

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/povsim/povsim/scenarios"
)

// legacyFiles are the files each command wrote before provenance.json
// listed them (Provenance.Files), besides the resolved scenarios.
var legacyFiles = map[string][]string{
	"run":      append(append([]string{}, runFiles...), ValidationFile),
	"compare":  append(append([]string{}, comparisonFiles...), ValidationFile),
	"validate": {"validation.csv", ValidationFile, ProvenanceFile},
}

// earlierOutput lists the files povsim wrote into dir for an earlier run,
// comparison or validation, as its provenance.json records them: none
// without one; an error if dir's provenance.json is not povsim's.
func earlierOutput(dir string) ([]string, error) {
	path := filepath.Join(dir, ProvenanceFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var p Provenance
	if err := json.Unmarshal(b, &p); err != nil || p.Tool != "povsim" {
		return nil, fmt.Errorf("%s exists and is not the provenance record of a povsim output: povsim replaces no file it did not write; move it away or choose another --out folder", path)
	}
	if len(p.Files) > 0 {
		return p.Files, nil
	}
	command := ""
	if len(p.Command) > 1 {
		command = p.Command[1]
	}
	files, ours := legacyFiles[command]
	if !ours && command != "" { // calibrate's record: its draws are read with it
		return nil, fmt.Errorf("%s is the record of a povsim %s output, which run, compare and validate do not replace: choose another --out folder", path, command)
	}
	files = slices.Clone(files)
	for _, sc := range p.Scenarios {
		if sc.File != "" {
			files = append(files, sc.File)
		}
	}
	return files, nil
}

// Claim checks that a new output may write names into dir, and returns the
// files of the earlier output there that go with it: those it does not
// write and that are not among inputs (paths the command reads). A file of
// names that is in dir but not written by povsim is an error naming it.
func Claim(dir string, names, inputs []string) ([]string, error) {
	earlier, err := earlierOutput(dir)
	if err != nil {
		return nil, err
	}
	prov := filepath.Join(dir, ProvenanceFile)
	why := prov + " does not list it"
	if _, err := os.Lstat(prov); err != nil {
		why = "the folder holds no " + ProvenanceFile + " of an earlier output"
	}
	for _, n := range names {
		path := filepath.Join(dir, n)
		if _, err := os.Lstat(path); err == nil && !slices.Contains(earlier, n) && n != ProvenanceFile {
			return nil, fmt.Errorf("%s exists and povsim did not write it (%s): povsim replaces no file it did not write; move it away or choose another --out folder", path, why)
		}
	}
	var remove []string
	for _, n := range earlier {
		if n == filepath.Base(n) && n != "." && n != ".." && !slices.Contains(names, n) && !isInput(filepath.Join(dir, n), inputs) {
			remove = append(remove, n)
		}
	}
	return remove, nil
}

// isInput reports whether path is one of the files inputs name.
func isInput(path string, inputs []string) bool {
	st, err := os.Stat(path)
	if err != nil {
		return false
	}
	for _, in := range inputs {
		if o, err := os.Stat(in); err == nil && os.SameFile(st, o) {
			return true
		}
	}
	return false
}

// inputsOf are the files scenarios were read from: each one's file and
// every file up its extends chain.
func inputsOf(scs []*scenarios.Scenario) []string {
	var in []string
	for _, sc := range scs {
		in = append(in, sc.Files...)
	}
	return in
}
