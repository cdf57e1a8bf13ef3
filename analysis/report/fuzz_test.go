package report

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/povsim/povsim/analysis"
)

// FuzzFromDir: a folder of povsim output with any comparison.json and
// spells.json is read without a panic, as an error naming the folder or a
// file in it, or as an input the report is written from without a panic.
func FuzzFromDir(f *testing.F) {
	in := fixtureInput(f)
	dir := f.TempDir()
	prov := *in.Provenance
	if err := analysis.WriteComparison(dir, &prov, nil, in.Comparison, in.Spells); err != nil {
		f.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			f.Fatal(err)
		}
		return string(b)
	}
	comp, spells, provb := read("comparison.json"), read(analysis.SpellsFile), read("provenance.json")
	f.Add(comp, spells, provb)
	f.Add(comp, "[]", provb)
	f.Add(strings.Replace(comp, `"years": [`, `"years": [1999, `, 1), spells, provb)
	f.Add(strings.Replace(comp, `"reps": `, `"reps": -`, 1), spells, provb)
	f.Add(comp[:len(comp)/2], spells, provb)
	f.Add(strings.Replace(comp, `"cause": "illness",`, `"cause": "flood",`, 1), spells, provb)
	f.Add(comp, spells[:len(spells)/3], provb)
	f.Add(comp, strings.ReplaceAll(spells, "0.", "-1"), `{"scenarios": [{"name": "x"}]}`)
	f.Add(comp, spells, `{"scenarios": [{"name": "x", "resolved": "name: x\nbefore: {~: 0.1, training.rate: 0.2}\ntimeline: [{year: 2025, set: {null: 1}}]\n"}]}`)
	f.Add(comp, spells, `{"scenarios": [{"name": "x", "resolved": "name: x\nbefore:\n  ? \n  : 1\n  training.rate: 0.1\n  training.rate: 0.2\n"}]}`)
	f.Fuzz(func(t *testing.T, comp, spells, provb string) {
		d := t.TempDir()
		for name, text := range map[string]string{"comparison.json": comp, analysis.SpellsFile: spells, "provenance.json": provb} {
			if err := os.WriteFile(filepath.Join(d, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			in, err := FromDir(d)
			if err != nil {
				if !strings.Contains(err.Error(), d) {
					t.Errorf("error names neither the folder nor a file in it: %v", err)
				}
				return
			}
			Write(io.Discard, in)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("FromDir and Write still run after 20 s on:\n--- comparison.json\n%s\n--- spells.json\n%s\n--- provenance.json\n%s", comp, spells, provb)
		}
	})
}
