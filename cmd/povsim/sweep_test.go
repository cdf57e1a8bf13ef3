package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sweepFile is a small Saltelli sweep: 3 parameters, 6 base rows → 30
// points of 2 replications of 150 households over 3 years.
const sweepFile = `name: cli
base: baseline
set: {population.households: 150, population.village_size: 50, years: 3}
parameters:
  - {path: poverty.line, min: 3000, max: 5000}
  - {path: transfers.subsidy.level, min: 0, max: 1}
  - {path: monitoring.detection, min: 0.2, max: 0.9}
design: {kind: saltelli, n: 6}
replications: 2
outcomes: [return_rate, headcount, cost]
seed: 5
`

func writeSweep(t *testing.T, dir, src string) string {
	t.Helper()
	p := filepath.Join(dir, "sweep.yaml")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func okPovsim(t *testing.T, args ...string) (string, string) {
	t.Helper()
	code, out, errs := povsim(t, args...)
	if code != exitOK {
		t.Fatalf("povsim %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out, errs
}

func TestSweepCommand(t *testing.T) {
	dir := t.TempDir()
	file := writeSweep(t, dir, sweepFile)
	out := filepath.Join(dir, "results.parquet")
	_, errs := okPovsim(t, "sweep", file, "--out", out, "--workers", "2")
	if !strings.Contains(errs, "30 design points, 2 replications each; 30 ran (60 replications), 0 from the cache") {
		t.Errorf("report: %q", errs)
	}
	for _, f := range []string{out, filepath.Join(dir, "results.summary.parquet")} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	first := mustRead(t, out)
	// Again: everything from the cache, the same bytes.
	_, errs = okPovsim(t, "sweep", file, "--out", out, "--workers", "1")
	if !strings.Contains(errs, "0 ran (0 replications), 30 from the cache") {
		t.Errorf("second run: %q", errs)
	}
	if !bytes.Equal(mustRead(t, out), first) {
		t.Errorf("second run wrote other bytes")
	}
	// The resolved sweep inside the results file reproduces it.
	again := filepath.Join(dir, "again.parquet")
	okPovsim(t, "sweep", out, "--out", again, "--no-cache")
	if !bytes.Equal(mustRead(t, again), first) {
		t.Errorf("rerunning the sweep a results file holds wrote other bytes")
	}

	// Sensitivity: a table, CSV and JSON.
	table, _ := okPovsim(t, "sensitivity", out, "--outcome", "return_rate", "--bootstrap", "100")
	for _, w := range []string{"Sobol indices of sweep cli", "return_rate, 2023", "poverty.line", "ST total [95% CI]"} {
		if !strings.Contains(table, w) {
			t.Errorf("sensitivity table lacks %q:\n%s", w, table)
		}
	}
	csvOut := filepath.Join(dir, "indices.csv")
	okPovsim(t, "sensitivity", out, "--format", "json", "--year", "2022", "--year", "2023", "--out", csvOut)
	if c := string(mustRead(t, csvOut)); !strings.HasPrefix(c, "outcome,year,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi,rank\n") || strings.Count(c, "\n") != 1+3*2*3 {
		t.Errorf("indices.csv:\n%s", c)
	}
}

// Shards 1..N run by the command line and merged write the bytes of the
// unsharded sweep, for several N, in Parquet and CSV.
func TestSweepShardsMergeCommand(t *testing.T) {
	dir := t.TempDir()
	file := writeSweep(t, dir, sweepFile)
	for _, ext := range []string{".parquet", ".csv"} {
		whole := filepath.Join(dir, "whole"+ext)
		okPovsim(t, "sweep", file, "--out", whole)
		for _, n := range []string{"2", "4"} {
			var shards []string
			for k := 1; k <= int(n[0]-'0'); k++ {
				s := filepath.Join(dir, "n"+n, "shard-"+string(rune('0'+k))+ext)
				okPovsim(t, "sweep", file, "--shard", string(rune('0'+k))+"/"+n, "--out", s, "--cache", filepath.Join(dir, "cache-n"+n+ext))
				shards = append(shards, s)
			}
			merged := filepath.Join(dir, "n"+n, "merged"+ext)
			okPovsim(t, append([]string{"merge", "--out", merged}, shards...)...)
			for _, pair := range [][2]string{{whole, merged}, {strings.TrimSuffix(whole, ext) + ".summary" + ext, strings.TrimSuffix(merged, ext) + ".summary" + ext}} {
				if !bytes.Equal(mustRead(t, pair[0]), mustRead(t, pair[1])) {
					t.Errorf("N=%s %s: %s differs from %s", n, ext, pair[1], pair[0])
				}
			}
		}
	}
	code, _, errs := povsim(t, "merge", "--out", filepath.Join(dir, "m.parquet"), filepath.Join(dir, "n4", "shard-1.parquet"), filepath.Join(dir, "n4", "shard-3.parquet"))
	if code != exitError || !strings.Contains(errs, "missing shard(s) 2/4, 4/4") {
		t.Errorf("merge with missing shards: exit %d %s", code, errs)
	}
}

func TestSweepBadInput(t *testing.T) {
	dir := t.TempDir()
	good := writeSweep(t, dir, sweepFile)
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte(strings.Replace(sweepFile, "monitoring.detection, min: 0.2", "monitoring.detecton, min: 0.2", 1)), 0o644)
	empty := filepath.Join(dir, "empty.yaml")
	os.WriteFile(empty, []byte(strings.Replace(sweepFile, "poverty.line, min: 3000, max: 5000", "poverty.line, min: 3000, max: 3000", 1)), 0o644)
	out := filepath.Join(dir, "r.parquet")
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"sweep", bad, "--out", out}, []string{"bad.yaml:7:", "parameters[2].path", `did you mean "monitoring.detection"`}},
		{[]string{"sweep", empty, "--out", out}, []string{"empty.yaml:5:", "parameters[0].max", "is empty"}},
		{[]string{"sweep", good, "--out", out, "--shard", "5/4"}, []string{"--shard", "K=5 is greater than the number of shards N=4"}},
		{[]string{"sweep", good, "--out", out, "--shard", "0/4"}, []string{"--shard", "numbered from 1"}},
		{[]string{"sweep", good}, []string{"--out"}},
		{[]string{"sweep", good, "--out", filepath.Join(dir, "r.xlsx")}, []string{"--out", ".parquet or .csv"}},
		{[]string{"sweep", filepath.Join(dir, "missing.yaml"), "--out", out}, []string{"missing.yaml", "no such file"}},
		{[]string{"sensitivity", filepath.Join(dir, "missing.parquet")}, []string{"missing.parquet"}},
	} {
		code, _, errs := povsim(t, tc.args...)
		if code != exitError {
			t.Errorf("%v: exit %d, want %d", tc.args, code, exitError)
		}
		for _, w := range tc.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%v: error lacks %q:\n%s", tc.args[1:], w, errs)
			}
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("bad input wrote %s", out)
	}
}

func TestSweepSlurmScript(t *testing.T) {
	dir := t.TempDir()
	file := writeSweep(t, dir, sweepFile)
	out := filepath.Join(dir, "cluster", "results.parquet")
	bin := filepath.Join(dir, "povsim")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	stdout, errs := okPovsim(t, "sweep", file, "--slurm", "--shards", "3", "--out", out, "--slurm-option=--time=00:10:00", "--slurm-binary", bin)
	script := strings.TrimSpace(stdout)
	if script != filepath.Join(dir, "cluster", "results.slurm.sh") || !strings.Contains(errs, "bash "+script) {
		t.Fatalf("stdout %q stderr %q", stdout, errs)
	}
	s := string(mustRead(t, script))
	for _, w := range []string{"#SBATCH --array=1-3", "#SBATCH --time=00:10:00", "#SBATCH --cpus-per-task=1",
		"--shard \"$k/$SHARDS\"", `"--dependency=afterok:$array"`, "merge --out \"$OUT\"", "SWEEP='" + file + "'"} {
		if !strings.Contains(s, w) {
			t.Errorf("script lacks %q", w)
		}
	}
	if strings.Count(s, "#SBATCH --time") != 1 {
		t.Errorf("a time limit given with --slurm-option is not the only one:\n%s", s)
	}
	if _, err := os.Stat(filepath.Join(dir, "cluster", "results.logs")); err != nil {
		t.Errorf("log folder not made: %v", err)
	}
	if b, err := exec.Command("bash", "-n", script).CombinedOutput(); err != nil {
		t.Errorf("bash -n: %v\n%s", err, b)
	}
	code, _, errs := povsim(t, "sweep", file, "--slurm", "--shards", "31", "--out", out, "--slurm-binary", bin)
	if code != exitError || !strings.Contains(errs, "only 30 points") {
		t.Errorf("too many shards: %d %s", code, errs)
	}
}

// TestSweepHelperProcess is not a test: TestSweepKill9 and
// TestInterruptSaysItOnce run the test binary as povsim through it.
func TestSweepHelperProcess(t *testing.T) {
	if os.Getenv("POVSIM_SWEEP_HELPER") != "1" {
		t.Skip("helper process of TestSweepKill9")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(Main(args, os.Stdout, os.Stderr))
}

// A sweep killed with SIGKILL in the middle and started again with the same
// command ends with the same bytes as an uninterrupted run.
func TestSweepKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("runs povsim three times")
	}
	dir := t.TempDir()
	file := writeSweep(t, dir, strings.NewReplacer("population.households: 150, population.village_size: 50, years: 3",
		"population.households: 2000, years: 6", "n: 6", "n: 8").Replace(sweepFile))
	helper := func(args ...string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestSweepHelperProcess$", "--"}, args...)...)
		cmd.Env = append(os.Environ(), "POVSIM_SWEEP_HELPER=1")
		return cmd
	}
	clean := filepath.Join(dir, "clean", "results.parquet")
	if b, err := helper("sweep", file, "--out", clean, "--workers", "1").CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, b)
	}
	out := filepath.Join(dir, "killed", "results.parquet")
	cache := out + ".d"
	cmd := helper("sweep", file, "--out", out, "--workers", "2")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Finished points are appended to a segment file in the cache, about
	// 480 bytes each here.
	kept := func() int64 {
		var n int64
		segs, _ := filepath.Glob(filepath.Join(cache, "seg-*.pts"))
		for _, s := range segs {
			if st, err := os.Stat(s); err == nil {
				n += st.Size()
			}
		}
		return n
	}
	deadline := time.Now().Add(60 * time.Second)
	for kept() < 2500 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Kill() // SIGKILL
	cmd.Wait()
	if _, err := os.Stat(out); err == nil {
		t.Logf("the sweep finished before it was killed")
	} else {
		t.Logf("killed with %d bytes of finished points kept (of about 19,000)", kept())
	}
	b, err := helper("sweep", file, "--out", out, "--workers", "2").CombinedOutput()
	if err != nil {
		t.Fatalf("resumed run: %v\n%s", err, b)
	}
	if !strings.Contains(string(b), "from the cache") {
		t.Errorf("resumed run: %s", b)
	}
	for _, f := range []string{"results.parquet", "results.summary.parquet"} {
		if !bytes.Equal(mustRead(t, filepath.Join(dir, "clean", f)), mustRead(t, filepath.Join(dir, "killed", f))) {
			t.Errorf("%s: killed and resumed differs from the uninterrupted run", f)
		}
	}
}

// sensitivity's --year is read from a --config file as a list, one
// number or a text of numbers (year: "2022" was silently ignored), and a
// year given twice is refused (its rows were printed twice).
func TestSensitivityYears(t *testing.T) {
	dir := t.TempDir()
	res := filepath.Join(dir, "results.parquet")
	okPovsim(t, "sweep", writeSweep(t, dir, sweepFile), "--out", res, "--workers", "1")
	for _, year := range []string{"2022", `"2022"`, `" 2022 "`, "[2022]"} {
		cfg := filepath.Join(dir, "c.yaml")
		if err := os.WriteFile(cfg, []byte("year: "+year+"\noutcome: return_rate\nbootstrap: 10\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, _ := okPovsim(t, "sensitivity", res, "--config", cfg)
		if !strings.Contains(out, "return_rate, 2022") || strings.Contains(out, "return_rate, 2023") {
			t.Errorf("year: %s: want the indices of 2022 only:\n%s", year, out)
		}
	}
	code, out, errs := povsim(t, "sensitivity", res, "--year", "2022", "--year", "2022")
	if code != exitError || out != "" || !strings.Contains(errs, "--year: got [2022,2022], want each year once (2022 is given twice)") {
		t.Errorf("--year 2022 --year 2022: exit %d, stdout %q, message %q", code, out, errs)
	}
}

// A sweep is held to the household memory bound run and compare are held
// to, for the largest population any design point simulates (set, the
// base scenario, a swept population.households), before anything runs:
// 90,000,000 households ran out of memory.
func TestSweepHouseholdsMemory(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ name, src, want string }{
		{"set", "base: baseline\nset: {population.households: 90000000}\nparameters: [{path: monitoring.detection, min: 0.2, max: 0.9}]\n",
			"set.population.households: got 90,000,000 households, want at most 33,333,333 with 2 workers"},
		{"base", "base: {name: huge, years: 2, population: {households: 90000000}}\nparameters: [{path: monitoring.detection, min: 0.2, max: 0.9}]\n",
			"base huge: population.households: got 90,000,000 households, want at most 33,333,333 with 2 workers"},
		{"swept", "base: baseline\nset: {population.households: 500}\nparameters: [{path: population.households, min: 100, max: 90000000}]\n",
			"parameters: population.households: got "}, // the design's largest point
	} {
		src := filepath.Join(dir, c.name+".yaml")
		body := c.src + "design: {kind: morris, n: 2, levels: 4}\nreplications: 2\noutcomes: [return_rate]\n"
		if err := os.WriteFile(src, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, errs := povsim(t, "sweep", src, "--out", filepath.Join(dir, c.name+".parquet"), "--workers", "2", "--no-cache")
		if code != exitError || !strings.Contains(errs, src+": "+c.want) || !strings.Contains(errs, "households, want at most 33,333,333 with 2 workers") {
			t.Errorf("%s: exit %d, stderr %q; want exit %d mentioning %q", c.name, code, errs, exitError, src+": "+c.want)
		}
	}
}
