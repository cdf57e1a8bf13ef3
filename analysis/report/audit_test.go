package report

// Tests of FromDir's refusals that no test read before an audit asked
// "which test fails if I break this?" (scripts/mutate.sh names the
// mutations they catch).

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A run --out folder whose summary.json holds no summary, or a summary of
// no year, is refused, saying which.
func TestFromDirEmptyResults(t *testing.T) {
	for _, c := range []struct{ summary, want string }{
		{"[]", "no summary in the file"},
		{`{"scenario": "baseline", "replications": 2, "years": []}`, "the results hold no scenario or no year"},
	} {
		dir := t.TempDir()
		for name, text := range map[string]string{"provenance.json": "{}", "summary.json": c.summary} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := FromDir(dir); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("summary.json %s: %v, want %q", c.summary, err, c.want)
		}
	}
}

// A saved comparison edited to a number of replications below 1 is
// refused, naming the file (it was read as "simulated -4 times").
func TestFromDirReplications(t *testing.T) {
	_, dir := fixtureDir(t)
	file := filepath.Join(dir, "comparison.json")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"-4", "0"} {
		text := strings.Replace(string(b), `"replications": 4,`, `"replications": `+n+`,`, 1)
		if text == string(b) {
			t.Fatal(`comparison.json holds no "replications": 4`)
		}
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		want := file + ": replications: got " + n + ", want at least 1"
		if _, err := FromDir(dir); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("replications %s: %v, want %q", n, err, want)
		}
	}
}
