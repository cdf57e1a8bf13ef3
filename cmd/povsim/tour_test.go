package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tourCommands reads the README's tour: the command lines of the sh blocks
// between "## A short tour" and the next paragraph that is not a block,
// without their comments.
func tourCommands(t *testing.T) [][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "## A short tour")
	if start < 0 {
		t.Fatal(`README.md has no "## A short tour"`)
	}
	text = text[start:]
	text = text[:strings.Index(text, "TestReadmeTour")]
	var cmds [][]string
	inBlock := false
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(line, "```sh"):
			inBlock = true
			continue
		case strings.HasPrefix(line, "```"):
			inBlock = false
			continue
		}
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		if f := strings.Fields(line); inBlock && len(f) > 0 {
			cmds = append(cmds, f)
		}
	}
	return cmds
}

// copyTree copies the files under src (a folder of the repository) to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The README's tour runs as written: every command succeeds in a folder
// that holds only what a clone ships for it (examples/ and
// scenarios/examples/), and writes the files it says. `go build` is the
// binary under test; `serve` waits for a browser and is left out.
func TestReadmeTour(t *testing.T) {
	cmds := tourCommands(t)
	if len(cmds) < 15 {
		t.Fatalf("the tour has %d commands: %v", len(cmds), cmds)
	}
	dir := t.TempDir()
	copyTree(t, filepath.Join("..", "..", "examples"), filepath.Join(dir, "examples"))
	copyTree(t, filepath.Join("..", "..", "scenarios", "examples"), filepath.Join(dir, "scenarios", "examples"))
	t.Chdir(dir)
	ran := map[string]bool{}
	for _, c := range cmds {
		switch {
		case c[0] == "go":
			if strings.Join(c, " ") != "go build -o povsim ./cmd/povsim" {
				t.Errorf("tour builds with %q", strings.Join(c, " "))
			}
			continue
		case c[0] != "./povsim":
			t.Errorf("tour command %q does not start with ./povsim", strings.Join(c, " "))
			continue
		case c[1] == "serve":
			continue
		}
		code, stdout, stderr := povsim(t, c[1:]...)
		if code != exitOK || stdout+stderr == "" {
			t.Errorf("%s: exit %d, %d bytes out:\n%s", strings.Join(c, " "), code, len(stdout), stderr)
		}
		ran[c[1]] = true
	}
	for _, f := range []string{"results/summary.csv", "results/provenance.json", "report.html", "rates.svg",
		"results.parquet", "results.summary.parquet", "my-scenario.yaml"} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("the tour did not write %s: %v", f, err)
		}
	}
	for _, sub := range []string{"run", "compare", "validate", "report", "plot", "sweep", "sensitivity", "scenarios"} {
		if !ran[sub] {
			t.Errorf("the tour never runs %s", sub)
		}
	}
}
