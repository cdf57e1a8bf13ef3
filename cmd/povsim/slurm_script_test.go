package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis/sweep"
)

// fakeSbatch puts an sbatch on PATH that logs its arguments, one per line,
// then a line "--", to dir/sbatch.log, and prints job IDs 101, 102, ….
func fakeSbatch(t *testing.T, dir string) (log string) {
	t.Helper()
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	log = filepath.Join(dir, "sbatch.log")
	script := `#!/usr/bin/env bash
n=$(( $(grep -c '^--$' "` + log + `" 2>/dev/null || true) + 101 ))
for a in "$@"; do printf '%s\n' "$a"; done >> "` + log + `"
echo -- >> "` + log + `"
echo "$n;cluster"
`
	if err := os.WriteFile(filepath.Join(bin, "sbatch"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log
}

// calls reads the fake sbatch's log: one argument list per call.
func calls(t *testing.T, log string) [][]string {
	t.Helper()
	b, err := os.ReadFile(log)
	if err != nil {
		return nil
	}
	var out [][]string
	var cur []string
	for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if l == "--" {
			out = append(out, cur)
			cur = nil
			continue
		}
		cur = append(cur, l)
	}
	os.Remove(log)
	return out
}

func has(args []string, want string) bool {
	for _, a := range args {
		if a == want {
			return true
		}
	}
	return false
}

// The generated script, on a path with a space and a %, with the resource
// flags and an option with a space, submits the array and the merge job
// with every option intact (bash -n, then run as bash 4.3 would be asked
// to: BASH_COMPAT=4.3, --posix); resubmit submits only the missing shards
// and the merge after them, or the merge alone.
func TestSlurmScriptSubmitAndResubmit(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	dir := filepath.Join(t.TempDir(), "my sweeps %1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := writeSweep(t, dir, sweepFile)
	bin := filepath.Join(dir, "povsim bin")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "results.parquet")
	stdout, errs := okPovsim(t, "sweep", file, "--slurm", "--shards", "3", "--out", out, "--slurm-binary", bin,
		"--time", "01:30:00", "--mem", "2G", "--partition", "long jobs", "--account", "proj1", "--slurm-option=--comment=a b")
	script := strings.TrimSpace(stdout)
	if !strings.Contains(errs, "warning: the jobs will run "+bin) {
		t.Errorf("no warning about a binary in the temporary folder: %s", errs)
	}
	s := string(mustRead(t, script))
	for _, w := range []string{
		`#SBATCH --output="` + strings.ReplaceAll(dir, "%", "%%") + `/results.logs/%x-%A_%a.out"`,
		"#SBATCH --time=01:30:00", "#SBATCH --mem=2G", `#SBATCH --partition="long jobs"`, "#SBATCH --account=proj1", `#SBATCH --comment="a b"`,
		"POVSIM='" + bin + "'",
	} {
		if !strings.Contains(s, w) {
			t.Errorf("script lacks %q", w)
		}
	}
	// Every array expansion is safe under set -u on bash ≤ 4.3, where an
	// empty "${A[@]}" is an unbound variable.
	for _, m := range regexp.MustCompile(`(\$\{(\w+)\[@\]\+)?"\$\{(\w+)\[@\]\}"`).FindAllStringSubmatch(s, -1) {
		if m[1] == "" && m[3] != "files" {
			t.Errorf("unguarded %s in the script", m[0])
		}
	}
	if b, err := exec.Command("bash", "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, b)
	}
	log := fakeSbatch(t, t.TempDir())
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("bash", append([]string{"--posix", script}, args...)...)
		cmd.Env = append(os.Environ(), "BASH_COMPAT=4.3")
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("bash %s %v: %v\n%s", script, args, err, b)
		}
		return string(b)
	}

	o := run()
	c := calls(t, log)
	if len(c) != 2 || !strings.Contains(o, "array=101 merge=102") {
		t.Fatalf("submit: %d sbatch calls %q; output %s", len(c), c, o)
	}
	if strings.Join(c[0], " ") != "--parsable "+script {
		t.Errorf("array call: %q", c[0])
	}
	for _, w := range []string{"--dependency=afterok:101", "--time=01:30:00", "--mem=2G", "--partition=long jobs", "--account=proj1", "--comment=a b",
		"--output=" + strings.ReplaceAll(dir, "%", "%%") + "/results.logs/%x-%j.out"} {
		if !has(c[1], w) {
			t.Errorf("merge call lacks %q: %q", w, c[1])
		}
	}

	// Shards 1 and 3 finished: resubmit asks for task 2 only.
	shards := filepath.Join(dir, "results.shards")
	for _, k := range []string{"1", "3"} {
		os.WriteFile(filepath.Join(shards, "shard-"+k+"-of-3.parquet"), nil, 0o644)
	}
	run("resubmit")
	c = calls(t, log)
	if len(c) != 2 || !has(c[0], "--array=2") || !has(c[1], "--dependency=afterok:101") {
		t.Errorf("resubmit: %q", c)
	}
	os.WriteFile(filepath.Join(shards, "shard-2-of-3.parquet"), nil, 0o644)
	o = run("resubmit")
	c = calls(t, log)
	if len(c) != 1 || strings.Contains(strings.Join(c[0], " "), "--dependency") || !strings.Contains(o, "merge only") {
		t.Errorf("resubmit with every shard there: %q\n%s", c, o)
	}
	// No resource flags: the script is as safe with nothing to add.
	stdout, _ = okPovsim(t, "sweep", file, "--slurm", "--shards", "2", "--out", filepath.Join(dir, "b.parquet"), "--slurm-binary", bin)
	script = strings.TrimSpace(stdout)
	s = string(mustRead(t, script))
	if !regexp.MustCompile(`#SBATCH --time=0-00:15:00\n`).MatchString(s) || !strings.Contains(s, "is an estimate") {
		t.Errorf("no estimated time limit in:\n%s", s)
	}
	run()
	if c := calls(t, log); len(c) != 2 {
		t.Errorf("submit without options: %q", c)
	}
}

// The jobs of a Slurm script inherit the environment it was submitted
// from; the script clears povsim's variables, so that a POVSIM_CONFIG
// written for another command (a key merge does not take) or a
// POVSIM_WORKERS cannot change what a task or the merge does. The povsim
// the script runs here records the POVSIM_ variables it sees.
func TestSlurmScriptClearsPovsimVariables(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	file := writeSweep(t, dir, sweepFile)
	seen := filepath.Join(dir, "seen")
	bin := filepath.Join(dir, "povsim")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\nenv | grep '^POVSIM_' >> '"+seen+"'\necho \"$@\" >> '"+seen+".args'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	stdout, _ := okPovsim(t, "sweep", file, "--slurm", "--shards", "2", "--out", filepath.Join(dir, "r.parquet"), "--slurm-binary", bin)
	script := strings.TrimSpace(stdout)
	for _, mode := range [][]string{{"merge"}, {}} {
		cmd := exec.Command("bash", append([]string{script}, mode...)...)
		cmd.Env = append(os.Environ(), "POVSIM_CONFIG="+filepath.Join(dir, "run.yaml"), "POVSIM_WORKERS=7", "POVSIM_SHARDS=9")
		if len(mode) == 0 { // a task of the array
			cmd.Env = append(cmd.Env, "SLURM_ARRAY_TASK_ID=2", "SLURM_CPUS_PER_TASK=3")
		}
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("bash %s %v: %v\n%s", script, mode, err, b)
		}
	}
	if b, err := os.ReadFile(seen); err != nil || len(b) != 0 {
		t.Errorf("the jobs saw povsim's variables (%v):\n%s", err, b)
	}
	args := string(mustRead(t, seen+".args"))
	if !strings.Contains(args, "merge --out") || !strings.Contains(args, "--shard 2/2") || !strings.Contains(args, "--workers 3") {
		t.Errorf("the jobs ran:\n%s", args)
	}
}

// --slurm refuses a binary of go run (a temporary build, gone when povsim
// exits) and a --slurm-binary that is not an executable file.
func TestSlurmBinaryChecks(t *testing.T) {
	dir := t.TempDir()
	file := writeSweep(t, dir, sweepFile)
	out := filepath.Join(dir, "r.parquet")
	code, _, errs := povsim(t, "sweep", file, "--slurm", "--out", out) // the test binary is a go-build temporary
	if code != exitError || !strings.Contains(errs, "temporary build") || !strings.Contains(errs, "--slurm-binary") {
		t.Errorf("go-build binary: exit %d, %s", code, errs)
	}
	code, _, errs = povsim(t, "sweep", file, "--slurm", "--out", out, "--slurm-binary", filepath.Join(dir, "missing"))
	if code != exitError || !strings.Contains(errs, "--slurm-binary "+filepath.Join(dir, "missing")+": no such file") {
		t.Errorf("missing binary: exit %d, %s", code, errs)
	}
	code, _, errs = povsim(t, "sweep", file, "--slurm", "--out", out, "--slurm-binary", file)
	if code != exitError || !strings.Contains(errs, "not an executable file") {
		t.Errorf("not executable: exit %d, %s", code, errs)
	}
}

// The time limit estimated without --time: household-years per task ×
// 300 ns / workers × 3, at least 15 minutes, rounded up to the minute.
func TestEstimateTime(t *testing.T) {
	src := `name: big
base: baseline
set: {population.households: 100000, years: 20}
parameters:
  - {path: poverty.line, min: 3000, max: 5000}
design: {kind: latin-hypercube, n: 100}
replications: 100
outcomes: [return_rate]
`
	sw, err := sweep.Parse("big.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		shards, workers int
		want            string
	}{
		// 100 points × 100 × 100000 × 20 = 2e10 household-years × 300 ns
		// = 6000 s, × 3 = 5 h.
		{1, 1, "0-05:00:00"},
		{1, 4, "0-01:15:00"},   // 1500 s × 3
		{3, 1, "0-01:42:00"},   // 34 points: 6.8e9 × 300 ns = 2040 s, × 3 = 6120 s
		{100, 1, "0-00:15:00"}, // 180 s: the 15-minute floor
		{1, 1000, "0-00:15:00"},
	} {
		got, note := estimateTime(sw, c.shards, c.workers)
		if got != c.want || !strings.Contains(note, got+" is an estimate") {
			t.Errorf("%d shards, %d workers: %s, want %s (%s)", c.shards, c.workers, got, c.want, note)
		}
	}
	sw2, _ := sweep.Parse("long.yaml", []byte(strings.Replace(src, "replications: 100", "replications: 1000", 1)))
	if got, _ := estimateTime(sw2, 1, 1); got != "2-02:00:00" { // 50 h
		t.Errorf("50 hours: %s", got)
	}
}
