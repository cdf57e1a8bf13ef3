package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCalibrateKilledResumes: a calibration killed with SIGKILL in the
// middle of its work, run again with the same command, reads what it had
// evaluated from its cache and writes the same files as a calibration
// never interrupted.
func TestCalibrateKilledResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds povsim and runs three calibrations")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "povsim")
	if b, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	file := filepath.Join(dir, "targets.yaml")
	os.WriteFile(file, []byte(smallTargets), 0o644)
	args := func(out string) []string {
		return []string{"calibrate", file, "--out", out, "--households", "1000", "--reps", "2", "--years", "4",
			"--particles", "20", "--rounds", "2", "--max-evals", "60", "--workers", "1"}
	}
	killed := filepath.Join(dir, "killed")
	cmd := exec.Command(bin, args(killed)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for cacheBytes(filepath.Join(killed, "cache")) < 5_000 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if _, err := os.Stat(filepath.Join(killed, "fit.csv")); err == nil {
		t.Skip("the calibration finished before it could be killed")
	}
	b, err := exec.Command(bin, args(killed)...).Output()
	if err != nil {
		t.Fatalf("run again: %v\n%s", err, b)
	}
	if !strings.Contains(string(b), "read from the cache") || strings.Contains(string(b), "(0 read from the cache)") {
		t.Errorf("the resumed calibration read nothing from its cache: %s", b)
	}
	fresh := filepath.Join(dir, "fresh")
	if b, err := exec.Command(bin, args(fresh)...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted: %v\n%s", err, b)
	}
	for _, name := range []string{"calibrated.yaml", "fit.csv", "draws.csv", "draws.parquet"} {
		a, _ := os.ReadFile(filepath.Join(killed, name))
		b, _ := os.ReadFile(filepath.Join(fresh, name))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: resumed after SIGKILL and uninterrupted differ", name)
		}
	}
}

func cacheBytes(dir string) int64 {
	ents, _ := os.ReadDir(dir)
	var n int64
	for _, e := range ents {
		if info, err := e.Info(); err == nil {
			n += info.Size()
		}
	}
	return n
}
