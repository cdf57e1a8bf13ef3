package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Output paths are checked before any simulation: a folder where an output
// file goes fails at once, naming the user's path (not a temporary file),
// and nothing is written.
func TestOutputCheckedBeforeWork(t *testing.T) {
	dir := t.TempDir()
	file := writeSweep(t, dir, sweepFile)
	if err := os.MkdirAll(filepath.Join(dir, "r.summary.parquet"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "out", "summary.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "rep.html"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "afile"), nil, 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", file, "--out", filepath.Join(dir, "r.parquet")}, filepath.Join(dir, "r.summary.parquet") + " is a folder"},
		{[]string{"merge", "--out", filepath.Join(dir, "r.parquet"), file}, filepath.Join(dir, "r.summary.parquet") + " is a folder"},
		{append([]string{"run", "--out", filepath.Join(dir, "out")}, small...), filepath.Join(dir, "out", "summary.json") + " is a folder"},
		{[]string{"compare", "baseline", "cut-subsidy", "--out", filepath.Join(dir, "out"), "--households", "300", "--reps", "3"}, filepath.Join(dir, "out", "summary.json") + " is a folder"},
		{[]string{"report", "baseline", "cut-subsidy", "--out", filepath.Join(dir, "rep.html"), "--households", "300", "--reps", "3"}, filepath.Join(dir, "rep.html") + " is a folder"},
		{append([]string{"run", "--out", filepath.Join(dir, "afile", "x")}, small...), "cannot create the folder " + filepath.Join(dir, "afile", "x")},
	} {
		start := time.Now()
		code, _, errs := povsim(t, c.args...)
		if code != exitError || !strings.Contains(errs, c.want) || strings.Contains(errs, ".tmp") {
			t.Errorf("povsim %s: exit %d, %q; want exit 1 and %q", c.args[0], code, errs, c.want)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Logf("povsim %s took %v to fail: did it simulate first?", c.args[0], d)
		}
	}
	for _, f := range []string{"r.parquet", "r.parquet.d", filepath.Join("out", "summary.csv"), filepath.Join("out", "provenance.json")} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("%s written by a command that failed its output check", f)
		}
	}
}

// An output folder that holds the user's files: run reads its scenario
// there (scenario-mine.yaml) and keeps it and the user's comparison.csv;
// compare, which would replace that file, refuses before it simulates,
// naming it, and so does validate over the user's validation.csv.
func TestOutKeepsUserFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plans")
	os.Mkdir(dir, 0o755)
	mine, theirs := filepath.Join(dir, "scenario-mine.yaml"), filepath.Join(dir, "comparison.csv")
	os.WriteFile(mine, []byte("name: halve\nextends: baseline\ntransfers:\n  subsidy:\n    level: 0.5\n"), 0o644)
	os.WriteFile(theirs, []byte("mine\n"), 0o644)
	if code, _, errs := povsim(t, "run", mine, "--households", "200", "--reps", "2", "--out", dir); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	code, out, errs := povsim(t, "compare", "baseline", mine, "--households", "200", "--reps", "2", "--out", dir)
	if code != exitError || !strings.Contains(errs, theirs+" exists and povsim did not write it") || out != "" {
		t.Errorf("compare over the user's comparison.csv: exit %d, %d bytes out, stderr %q; want exit 1 before any output, naming %s", code, len(out), errs, theirs)
	}
	csv := filepath.Join(dir, "validation.csv")
	os.WriteFile(csv, []byte("mine\n"), 0o644)
	code, out, errs = povsim(t, "validate", mine, "--households", "200", "--reps", "2", "--out", dir)
	if code != exitError || !strings.Contains(errs, csv+" exists and povsim did not write it") || out != "" {
		t.Errorf("validate over the user's validation.csv: exit %d, %d bytes out, stderr %q; want exit 1 before any output, naming %s", code, len(out), errs, csv)
	}
	for _, f := range []string{mine, theirs, csv, filepath.Join(dir, "scenario-halve.yaml")} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s is gone: %v", f, err)
		}
	}
}

// SIGTERM stops a command with exit code 143 (128 + 15), SIGINT with 130,
// each with the message that nothing partial was written.
func TestSignalExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds povsim")
	}
	bin := buildFaultBinary(t)
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		dir := t.TempDir()
		cmd := exec.Command(bin, "run", "--households", "2000", "--reps", "100000", "--out", filepath.Join(dir, "out"))
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(700 * time.Millisecond)
		cmd.Process.Signal(c.sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: povsim did not stop within 30 s", c.sig)
		}
		if got := cmd.ProcessState.ExitCode(); got != c.code || !strings.Contains(errb.String(), "interrupted") {
			t.Errorf("%v: exit %d, %q; want exit %d", c.sig, got, errb.String(), c.code)
		}
		if h := hidden(filepath.Join(dir, "out")); len(h) > 0 {
			t.Errorf("%v: left %v", c.sig, h)
		}
	}
}
