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

	"github.com/povsim/povsim/analysis/sweep"
)

// TestSlurmSweep is the Slurm integration test: it starts a real one-node
// Slurm cluster on this machine (scripts/slurm/up.sh installs Debian's
// slurm-wlm and munge packages), builds povsim into a folder whose name has
// a space, writes a small sweep's job-array script with `povsim sweep
// --slurm --slurm-binary` (output under another such folder), and submits
// it (3 array tasks and a dependent merge job) with task 2 made to fail: the
// array fails and the merge is cancelled. `bash SCRIPT resubmit` then
// resubmits task 2 alone and the merge after it, and the merged output must
// equal a single-machine run byte for byte.
//
// It runs only with POVSIM_SLURM=1 (.ci/run sets it in CI). Where Slurm
// cannot be installed (up.sh exit 3) it skips, except under CI=true, where
// only "not root", "no apt-get/dpkg" and "not Linux" are reasons to skip and
// anything else (a mirror, a package, a daemon that does not start) fails.
func TestSlurmSweep(t *testing.T) {
	if os.Getenv("POVSIM_SLURM") != "1" {
		t.Skip("Slurm integration test: set POVSIM_SLURM=1 to run it (it installs Debian's slurm-wlm and munge " +
			"and starts a one-node cluster with scripts/slurm/up.sh; needs root and apt-get)")
	}
	// This test's switch, not sweep's --slurm (which refuses POVSIM_SLURM):
	// the povsim it runs, and the jobs, inherit the environment.
	t.Setenv("POVSIM_SLURM", "")
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
		if os.Getenv("CI") == "true" && !noRootOrApt(errs) {
			t.Fatalf("CI: Slurm could not be installed or started, for a reason other than no root or no apt (scripts/slurm/up.sh exit 3):\n%s", strings.TrimSpace(errs))
		}
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

	// povsim, built for the jobs to run, in a folder with a space.
	dir := filepath.Join(t.TempDir(), "povsim slurm")
	bin := filepath.Join(dir, "bin dir", "povsim")
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	build := exec.Command(goCmd, "build", "-o", bin, "./cmd/povsim")
	build.Dir = root
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}

	// The sweep and its script.
	file := writeSweep(t, dir, strings.Replace(sweepFile, "design: {kind: saltelli, n: 6}", "design: {kind: saltelli, n: 4}", 1))
	cluster := filepath.Join(dir, "my cluster")
	clusterOut := filepath.Join(cluster, "results.parquet")
	script, errs, err := sh(time.Minute, bin, "sweep", file, "--slurm", "--shards", "3", "--out", clusterOut, "--slurm-binary", bin, "--time", "00:20:00")
	if err != nil {
		t.Fatalf("povsim sweep --slurm: %v\n%s", err, errs)
	}
	script = strings.TrimSpace(script)
	logs := func() string {
		var b strings.Builder
		files, _ := filepath.Glob(filepath.Join(cluster, "results.logs", "*"))
		for _, f := range files {
			c, _ := os.ReadFile(f)
			b.WriteString("==> " + f + " <==\n" + string(c))
		}
		return b.String()
	}
	submit := func(args ...string) (array, merge string) {
		t.Helper()
		out, errs, err := sh(time.Minute, "bash", append([]string{script}, args...)...)
		if err != nil {
			t.Fatalf("bash %s %v: %v\n%s%s", script, args, err, out, errs)
		}
		m := regexp.MustCompile(`array=(\S+) merge=(\d+)`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("the script printed no job IDs:\n%s%s", out, errs)
		}
		t.Logf("bash script %v: array job %s, merge job %s", args, m[1], m[2])
		return m[1], m[2]
	}
	wait := func(id string) error {
		o, e, err := sh(6*time.Minute, filepath.Join(slurm, "wait-job.sh"), id, "300")
		t.Log(strings.TrimSpace(o + e))
		return err
	}

	// Task 2 fails: its output path is a folder (povsim checks before it
	// runs anything). The array fails and the merge job never runs.
	shard2 := sweep.ShardFiles(clusterOut, 3)[1]
	if err := os.MkdirAll(shard2, 0o755); err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	array, merge := submit()
	if err := wait(array); err == nil {
		t.Fatalf("the array succeeded though task 2 could not write its output\njob logs:\n%s", logs())
	}
	if err := wait(merge); err == nil {
		t.Fatalf("the merge job succeeded after a failed task\njob logs:\n%s", logs())
	}
	if _, err := os.Stat(clusterOut); err == nil {
		t.Fatalf("%s written though a task failed", clusterOut)
	}

	// Resubmission: task 2 alone, then the merge.
	if err := os.Remove(shard2); err != nil {
		t.Fatal(err)
	}
	array, merge = submit("resubmit")
	for _, id := range []string{array, merge} {
		if err := wait(id); err != nil {
			t.Fatalf("job %s after resubmit: %v\njob logs:\n%s", id, err, logs())
		}
	}
	if l := logs(); strings.Count(l, "shard 1/3") > 1 || strings.Count(l, "shard 3/3") > 1 {
		t.Errorf("resubmit ran shards other than 2:\n%s", l)
	}
	t.Logf("jobs done in %.1f s", time.Since(t1).Seconds())

	// One machine, its own cache: the same bytes.
	single := filepath.Join(dir, "single", "results.parquet")
	if _, errs, err := sh(5*time.Minute, bin, "sweep", file, "--out", single); err != nil {
		t.Fatalf("single-machine run: %v\n%s", err, errs)
	}
	for _, f := range []string{"results.parquet", "results.summary.parquet"} {
		a, err1 := os.ReadFile(filepath.Join(dir, "single", f))
		b, err2 := os.ReadFile(filepath.Join(cluster, f))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v\njob logs:\n%s", f, err1, err2, logs())
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the Slurm run (%d bytes) differs from the single-machine run (%d bytes)", f, len(b), len(a))
		}
	}
	t.Logf("Slurm sweep test: %.1f s in all", time.Since(t0).Seconds())
}

// noRootOrApt reports whether up.sh skipped for want of root, apt or Linux
// (not a failure of this machine's setup that CI should see).
func noRootOrApt(stderr string) bool {
	for _, r := range []string{"must run as root", "apt-get not available", "dpkg not available", "not Linux"} {
		if strings.Contains(stderr, r) {
			return true
		}
	}
	return false
}
