package sweep

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProvenanceStrict: a sweep output's provenance, which resuming, merge,
// sensitivity and analyze read back, is read strictly, both the CSV
// output's .provenance.json and the provenance JSON inside it (and inside
// a Parquet file's metadata, read by the same metaFrom): a key given
// twice, a key with no place, anything after the value and a value of the
// wrong type are errors naming the file, the line, the key and what was
// expected.
func TestProvenanceStrict(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.csv")
	files := write(t, out, run(t, smallSweep(t), Options{Workers: 1}))
	fs, _ := OutputFiles(out)
	var kv map[string]string
	if err := json.Unmarshal(files[2], &kv); err != nil {
		t.Fatal(err)
	}
	prov, sw := kv[KeyProvenance], kv[KeySweep]
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	file := func(p, s string) string {
		return fmt.Sprintf("{\n  %q: %s,\n  %q: %s\n}\n", KeyProvenance, p, KeySweep, s)
	}
	if _, err := Read(out); err != nil {
		t.Fatalf("as written: %v", err)
	}
	t.Run("file", func(t *testing.T) {
		for _, c := range []struct{ name, text, want string }{
			{"key twice", strings.Replace(file(q(prov), q(sw)), "{\n", "{\n  \"povsim.sweep\": \"name: x\",\n", 1),
				":4:3: povsim.sweep: want each key once (povsim.sweep is at 2:3 too)"},
			{"unknown key", strings.Replace(file(q(prov), q(sw)), "{\n", "{\n  \"povsim.seed\": \"1\",\n", 1),
				`:2:3: povsim.seed: want a known key ("povsim.seed" is not a key here; did you mean "povsim.sweep"?; keys here: povsim.provenance, povsim.sweep)`},
			{"after the value", file(q(prov), q(sw)) + "{}\n", `:5:1: got "{}\n", want one JSON value and nothing after it`},
			{"wrong type", file(q(prov), "3"), ":3:19: povsim.sweep: got 3, want a JSON string"},
		} {
			t.Run(c.name, func(t *testing.T) {
				if err := os.WriteFile(fs.Provenance, []byte(c.text), 0o644); err != nil {
					t.Fatal(err)
				}
				_, err := Read(out)
				if err == nil || !strings.Contains(err.Error(), fs.Provenance+": 1 problem:") || !strings.Contains(err.Error(), "\n  "+fs.Provenance+c.want) {
					t.Errorf("got %v\nwant %s…%s…", err, fs.Provenance, c.want)
				}
			})
		}
	})
	t.Run("provenance JSON", func(t *testing.T) {
		if !strings.HasPrefix(prov, `{"tool":"povsim",`) {
			t.Fatalf("the provenance starts %q", prov[:20])
		}
		const where = "r.parquet (povsim.provenance)"
		for _, c := range []struct{ name, json, want string }{
			{"key twice", strings.Replace(prov, `"tool":"povsim",`, `"tool":"povsim","TOOL":"x",`, 1),
				":1:18: TOOL: want each key once (tool is at 1:2, and encoding/json reads keys that differ only in case into the same field)"},
			{"unknown key", strings.Replace(prov, `"tool":"povsim",`, `"tool":"povsim","colour":1,`, 1),
				`:1:18: colour: want a known key ("colour" is not a key here; keys here: tool, version`},
			{"after the value", prov + ",{}", fmt.Sprintf(`:1:%d: got ",{}", want one JSON value and nothing after it`, len(prov)+1)},
			{"wrong type", strings.Replace(prov, `"tool":"povsim",`, `"tool":["povsim"],`, 1), `:1:9: tool: got an array, want a JSON string`},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, _, err := metaFrom(map[string]string{KeyProvenance: c.json, KeySweep: sw}, "r.parquet")
				if err == nil || !strings.HasPrefix(err.Error(), where+": 1 problem:") || !strings.Contains(err.Error(), "\n  "+where+c.want) {
					t.Errorf("got %v\nwant %s…%s…", err, where, c.want)
				}
			})
		}
	})
}
