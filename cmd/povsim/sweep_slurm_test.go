package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestSlurmSweep is the Slurm integration test: it starts a real one-node
// Slurm cluster on this machine (scripts/slurm/up.sh installs Debian's
// slurm-wlm and munge packages), builds povsim, writes a small sweep's
// job-array script with `povsim sweep --slurm`, submits it (3 array tasks
// and a dependent merge job), waits for both jobs, and checks that the
// merged output equals a single-machine run byte for byte.
//
// It runs only with POVSIM_SLURM=1 (.ci/run sets it in CI), and skips with
// the reason where Slurm cannot be installed or started (up.sh exit 3).
func TestSlurmSweep(t *testing.T) {
	if os.Getenv("POVSIM_SLURM") != "1" {
		t.Skip("Slurm integration test: set POVSIM_SLURM=1 to run it (it installs Debian's slurm-wlm and munge " +
			"and starts a one-node cluster with scripts/slurm/up.sh; needs root and apt-get)")
	}
	t0 := time.Now()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	slurm := filepath.Join(root, "scripts", "slurm")
	sh := func(timeout time.Duration, name string, args ...string) (string, string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, name, args...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return out.String(), errb.String(), err
	}

	// A cluster.
	out, errs, err := sh(15*time.Minute, filepath.Join(slurm, "up.sh"))
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 3 {
		t.Skipf("Slurm cannot be installed or started here (scripts/slurm/up.sh exit 3):\n%s", strings.TrimSpace(errs))
	}
	if err != nil {
		t.Fatalf("scripts/slurm/up.sh: %v\n%s\n%s", err, out, errs)
	}
	t.Cleanup(func() {
		if o, e, err := sh(time.Minute, filepath.Join(slurm, "down.sh")); err != nil {
			t.Errorf("down.sh: %v\n%s%s", err, o, e)
		}
	})
	t.Logf("cluster up in %.1f s: %s", time.Since(t0).Seconds(), strings.TrimSpace(out))

	// povsim, built for the jobs to run.
	dir := t.TempDir()
	bin := filepath.Join(dir, "povsim")
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	build := exec.Command(goCmd, "build", "-o", bin, "./cmd/povsim")
	build.Dir = root
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}

	// The sweep, its script, the jobs.
	file := writeSweep(t, dir, strings.Replace(sweepFile, "design: {kind: saltelli, n: 6}", "design: {kind: saltelli, n: 4}", 1))
	clusterOut := filepath.Join(dir, "cluster", "results.parquet")
	script, errs, err := sh(time.Minute, bin, "sweep", file, "--slurm", "--shards", "3", "--out", clusterOut)
	if err != nil {
		t.Fatalf("povsim sweep --slurm: %v\n%s", err, errs)
	}
	script = strings.TrimSpace(script)
	t1 := time.Now()
	submitted, errs, err := sh(time.Minute, "bash", script)
	if err != nil {
		t.Fatalf("bash %s: %v\n%s%s", script, err, submitted, errs)
	}
	m := regexp.MustCompile(`array=(\d+) merge=(\d+)`).FindStringSubmatch(submitted)
	if m == nil {
		t.Fatalf("the script printed no job IDs:\n%s%s", submitted, errs)
	}
	t.Logf("submitted array job %s (3 tasks) and merge job %s", m[1], m[2])
	logs := func() string {
		var b strings.Builder
		files, _ := filepath.Glob(filepath.Join(dir, "cluster", "results.logs", "*"))
		for _, f := range files {
			c, _ := os.ReadFile(f)
			b.WriteString("==> " + f + " <==\n" + string(c))
		}
		return b.String()
	}
	for _, id := range m[1:] {
		o, e, err := sh(6*time.Minute, filepath.Join(slurm, "wait-job.sh"), id, "300")
		if err != nil {
			t.Fatalf("job %s: %v\n%s%s\njob logs:\n%s", id, err, o, e, logs())
		}
		t.Log(strings.TrimSpace(o))
	}
	t.Logf("jobs done in %.1f s", time.Since(t1).Seconds())

	// One machine, its own cache: the same bytes.
	single := filepath.Join(dir, "single", "results.parquet")
	if _, errs, err := sh(5*time.Minute, bin, "sweep", file, "--out", single); err != nil {
		t.Fatalf("single-machine run: %v\n%s", err, errs)
	}
	for _, f := range []string{"results.parquet", "results.summary.parquet"} {
		a, err1 := os.ReadFile(filepath.Join(dir, "single", f))
		b, err2 := os.ReadFile(filepath.Join(dir, "cluster", f))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v\njob logs:\n%s", f, err1, err2, logs())
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the Slurm run (%d bytes) differs from the single-machine run (%d bytes)", f, len(b), len(a))
		}
	}
	t.Logf("Slurm sweep test: %.1f s in all", time.Since(t0).Seconds())
}
