package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
)

// TestFromDirStrict: every JSON file of an output folder that report reads
// (provenance.json, comparison.json, spells.json, and a run's summary.json
// of one scenario or several) is read strictly: a key given twice, a key
// the file has no place for, anything after the value and a value of the
// wrong type are each an error that names the file and its line, the key,
// the value and what was expected.
func TestFromDirStrict(t *testing.T) {
	in := fixtureInput(t)
	comparison, run, runs := t.TempDir(), t.TempDir(), t.TempDir()
	for _, w := range []func(*analysis.Provenance) error{
		func(p *analysis.Provenance) error {
			return analysis.WriteComparison(comparison, p, nil, in.Comparison, in.Spells)
		},
		func(p *analysis.Provenance) error { return analysis.WriteRun(run, p, nil, in.Comparison.Summaries[0]) },
		func(p *analysis.Provenance) error { return analysis.WriteRun(runs, p, nil, in.Comparison.Summaries...) },
	} {
		prov := *in.Provenance
		if err := w(&prov); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []struct {
		dir, name string
		first     string // the file's first key, as written
		path      string // the path of its object
		wrong     [2]string
		want      string
	}{
		{comparison, "provenance.json", `  "tool": "povsim",`, "", [2]string{`"seed": 7,`, `"seed": -7,`}, "-7, want a whole number ≥ 0"},
		{comparison, "comparison.json", `  "base": "baseline",`, "", [2]string{`"replications": 4,`, `"replications": "4",`}, `"4", want a whole number`},
		{comparison, analysis.SpellsFile, `    "scenario": "baseline",`, "[0].", [2]string{`"replications": 4,`, `"replications": 4.5,`}, "4.5, want a whole number"},
		{run, "summary.json", `  "scenario": "baseline",`, "", [2]string{`"households": 0,`, `"households": [],`}, "an array, want a whole number"},
		{runs, "summary.json", `    "scenario": "baseline",`, "[0].", [2]string{`"seed": 0,`, `"seed": true,`}, "true, want a whole number ≥ 0"},
		// Inside an outcome's series, which reads itself.
		{comparison, "comparison.json", `          "outcome": "registered_return",`, "scenarios[0].outcomes[0].", [2]string{`"cumulative": false,`, `"cumulative": 0,`}, "0, want true or false"},
	} {
		file := filepath.Join(f.dir, f.name)
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if !strings.Contains(text, f.first) || !strings.Contains(text, f.wrong[0]) {
			t.Fatalf("%s: no %q or no %q", f.name, f.first, f.wrong[0])
		}
		key := strings.TrimSpace(f.first)
		key = key[1 : strings.Index(key[1:], `"`)+1]
		indent := f.first[:len(f.first)-len(strings.TrimLeft(f.first, " "))]
		for _, c := range []struct {
			name, text, at, want string
		}{
			{"key twice", strings.Replace(text, f.first, f.first+"\n"+f.first, 1), f.first + "\n" + f.first, f.path + key + ": want each key once (" + key + " is at "},
			{"unknown key", strings.Replace(text, f.first, f.first+"\n"+indent+`"colour": 1,`, 1), `"colour"`, f.path + `colour: want a known key ("colour" is not a key here; keys here: `},
			{"after the value", text + "{}\n", "{}\n", `got "{}\n", want one JSON value and nothing after it`},
			{"wrong type", strings.Replace(text, f.wrong[0], f.wrong[1], 1), f.wrong[1], f.path + strings.Split(f.wrong[0], `"`)[1] + ": got " + f.want},
		} {
			t.Run(f.name+"/"+f.path+c.name, func(t *testing.T) {
				if err := os.WriteFile(file, []byte(c.text), 0o644); err != nil {
					t.Fatal(err)
				}
				defer os.WriteFile(file, b, 0o644)
				line := strings.Count(c.text[:strings.Index(c.text, c.at)], "\n") + 1
				if c.name == "key twice" {
					line++ // the second
				}
				_, err := FromDir(f.dir)
				if err == nil || !strings.Contains(err.Error(), file+": 1 problem:") || !strings.Contains(err.Error(), fmt.Sprintf("\n  %s:%d:", file, line)) ||
					!strings.Contains(err.Error(), c.want) {
					t.Errorf("got %v\nwant 1 problem of %s on line %d: …%s…", err, file, line, c.want)
				}
			})
		}
	}
	if _, err := FromDir(comparison); err != nil {
		t.Errorf("the folder as written: %v", err)
	}
}
