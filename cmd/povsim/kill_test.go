package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/povsim/povsim/internal/fileset"
)

// buildFaultBinary builds povsim with -tags faultinject: its file writes
// stop with SIGKILL at the Nth point where a write can be interrupted
// (POVSIM_FAULT_CRASH_AT=N) and log the points they reach.
func buildFaultBinary(t *testing.T) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "povsim-fault")
	build := exec.Command(goCmd, "build", "-tags", "faultinject", "-o", bin, ".")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -tags faultinject: %v\n%s", err, b)
	}
	return bin
}

// killCase is a command that writes an output set, run twice: "old" makes
// the set a reader may find before, "new" the one it may find after.
type killCase struct {
	name     string
	prepare  func(t *testing.T, bin, dir string)              // inputs, in dir
	args     func(dir string, new bool) []string              // the command
	snapshot func(dir string) map[string][]byte               // the output set as a reader sees it
	identify func(t *testing.T, set map[string][]byte) string // "old", "new" or why neither
}

// visible reads the files of dir (not hidden, not folders).
func visible(dir string, keep func(string) bool) map[string][]byte {
	m := map[string][]byte{}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || !keep(e.Name()) {
			continue
		}
		m[e.Name()], _ = os.ReadFile(filepath.Join(dir, e.Name()))
	}
	return m
}

// hidden lists what interrupted writes may leave in dir.
func hidden(dir string) []string {
	var h []string
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			h = append(h, e.Name())
		}
	}
	return h
}

func runBin(bin, dir string, env []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	return cmd, &errb
}

// TestKillDuringWrites kills povsim with SIGKILL at every point where its
// output writes can be interrupted (and at spread-out moments of the whole
// command) for run --out, compare --out, sweep, merge and report. After
// each kill the output folder holds the complete old set or the complete
// new one; a set caught between its renames has its commit record, and the
// next povsim that writes there (fileset.Recover) completes it. Afterwards
// no temporary file is left.
func TestKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("builds povsim and runs it some 150 times")
	}
	bin := buildFaultBinary(t)
	for _, c := range killCases() {
		t.Run(c.name, func(t *testing.T) { killCaseTest(t, bin, c) })
	}
}

func killCaseTest(t *testing.T, bin string, c killCase) {
	base := t.TempDir()
	c.prepare(t, bin, base)
	// The old set, and the crash points of writing the new one.
	fresh := func() string {
		d, err := os.MkdirTemp(base, "try")
		if err != nil {
			t.Fatal(err)
		}
		copyInputs(t, base, d)
		cmd, errb := runBin(bin, d, nil, c.args(d, false)...)
		if err := cmd.Run(); err != nil {
			t.Fatalf("old run: %v\n%s", err, errb)
		}
		return d
	}
	d := fresh()
	log := filepath.Join(base, "points.log")
	start := time.Now()
	cmd, errb := runBin(bin, d, []string{"POVSIM_FAULT_LOG=" + log}, c.args(d, true)...)
	if err := cmd.Run(); err != nil {
		t.Fatalf("new run: %v\n%s", err, errb)
	}
	whole := time.Since(start)
	if got := c.identify(t, c.snapshot(d)); got != "new" {
		t.Fatalf("after an uninterrupted run the set is %s", got)
	}
	lb, _ := os.ReadFile(log)
	points := strings.Count(string(lb), "\n")
	if points < 2 {
		t.Fatalf("only %d crash points logged:\n%s", points, lb)
	}
	check := func(what string, d string) {
		t.Helper()
		got := c.identify(t, c.snapshot(d))
		pending := false
		for _, h := range hidden(d) {
			pending = pending || strings.HasSuffix(h, ".commit")
		}
		if got != "old" && got != "new" {
			if !pending {
				t.Errorf("%s: the folder holds %s, and no commit record", what, got)
				return
			}
		}
		if err := fileset.Recover(d); err != nil {
			t.Errorf("%s: recover: %v", what, err)
		}
		// A commit record rolls forward to the new set (one torn before it
		// was synced is dropped, leaving the old set); a complete set stays.
		after := c.identify(t, c.snapshot(d))
		if after != "old" && after != "new" || got == "new" && after != "new" || got == "old" && after == "new" && !pending {
			t.Errorf("%s: after recovery the folder holds %s (before: %s)", what, after, got)
		}
		if h := hidden(d); len(h) > 0 {
			t.Errorf("%s: left %v", what, h)
		}
	}
	for k := 1; k <= points; k++ {
		d := fresh()
		cmd, _ := runBin(bin, d, []string{fmt.Sprintf("POVSIM_FAULT_CRASH_AT=%d", k)}, c.args(d, true)...)
		err := cmd.Run()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("crash point %d: the command was not killed (%v)", k, err)
		}
		check(fmt.Sprintf("killed at crash point %d of %d", k, points), d)
	}
	// Kills at moments spread over the whole command.
	const tries = 8
	for i := range tries {
		d := fresh()
		cmd, _ := runBin(bin, d, nil, c.args(d, true)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(whole * time.Duration(i+1) / tries)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		check(fmt.Sprintf("killed after %v", whole*time.Duration(i+1)/tries), d)
	}
}

// copyInputs copies the inputs prepared in base (files named in.*) into d.
func copyInputs(t *testing.T, base, d string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(base, "in.*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// seedOf reads the seed a folder's provenance.json records.
func seedOf(b []byte) (uint64, bool) {
	var p struct{ Seed uint64 }
	if json.Unmarshal(b, &p) != nil {
		return 0, false
	}
	return p.Seed, true
}

// folderCase is run or compare --out: the set is the provenance, the
// summaries and the scenarios, all of one seed.
func folderCase(name string, cmd ...string) killCase {
	seed := func(new bool) string {
		if new {
			return "2"
		}
		return "1"
	}
	return killCase{
		name:    name,
		prepare: func(*testing.T, string, string) {},
		args: func(dir string, new bool) []string {
			return append(append([]string{}, cmd...), "--households", "300", "--reps", "3", "--seed", seed(new), "--format", "csv", "--out", filepath.Join(dir, "out"))
		},
		snapshot: func(dir string) map[string][]byte {
			return visible(filepath.Join(dir, "out"), func(string) bool { return true })
		},
		identify: func(t *testing.T, set map[string][]byte) string {
			p, ok := set["provenance.json"]
			if !ok {
				return fmt.Sprintf("no provenance.json (files %v)", keys(set))
			}
			s, ok := seedOf(p)
			if !ok {
				return "a damaged provenance.json"
			}
			var prov struct{ Scenarios []struct{ File string } }
			json.Unmarshal(p, &prov)
			want := map[string]bool{}
			for _, sc := range prov.Scenarios {
				want[sc.File] = true
			}
			for _, f := range []string{"summary.csv", "summary.json", "comparison.csv", "comparison.json", "spells.json", "validation.json"} {
				if _, ok := set[f]; ok {
					want[f] = true
				}
			}
			if len(want) != len(set)-1 {
				return fmt.Sprintf("files %v for the provenance's %v", keys(set), keys(want))
			}
			// The CSV summaries name nothing of the seed: compare them with
			// the run's own stdout would need both runs; the JSON records
			// its replications, and each file must parse whole.
			for f, b := range set {
				if strings.HasSuffix(f, ".json") && !json.Valid(b) {
					return f + " damaged"
				}
			}
			if s == 2 {
				return "new"
			}
			return "old"
		},
	}
}

func keys[V any](m map[string]V) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

// byteCase is an output whose old and new files are known byte for byte
// (sweep and merge write the same bytes for the same inputs).
func byteCase(name string, prepare func(t *testing.T, bin, dir string), args func(dir string, new bool) []string, outs ...string) killCase {
	want := map[bool]map[string][]byte{}
	return killCase{
		name: name,
		prepare: func(t *testing.T, bin, base string) {
			prepare(t, bin, base)
			for _, nw := range []bool{false, true} {
				d, _ := os.MkdirTemp(base, "ref")
				copyInputs(t, base, d)
				cmd, errb := runBin(bin, d, nil, args(d, nw)...)
				if err := cmd.Run(); err != nil {
					t.Fatalf("reference run: %v\n%s", err, errb)
				}
				want[nw] = visible(d, func(n string) bool { return contains(outs, n) })
				if len(want[nw]) != len(outs) {
					t.Fatalf("reference run wrote %v, want %v", keys(want[nw]), outs)
				}
			}
		},
		args: args,
		snapshot: func(dir string) map[string][]byte {
			return visible(dir, func(n string) bool { return contains(outs, n) })
		},
		identify: func(t *testing.T, set map[string][]byte) string {
			for _, nw := range []bool{false, true} {
				same := len(set) == len(want[nw])
				for f, b := range want[nw] {
					same = same && bytes.Equal(set[f], b)
				}
				if same && nw {
					return "new"
				} else if same {
					return "old"
				}
			}
			return fmt.Sprintf("a mix or a part (files %v)", keys(set))
		},
	}
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

const killSweep = `name: kill
base: baseline
set: {population.households: 100, population.village_size: 50, years: 3}
parameters:
  - {path: poverty.line, min: 3000, max: 5000}
design: {kind: grid, levels: 4}
replications: 2
outcomes: [return_rate, cost]
seed: SEED
`

func killCases() []killCase {
	writeSweeps := func(t *testing.T, bin, dir string) {
		for _, s := range []string{"1", "2"} {
			if err := os.WriteFile(filepath.Join(dir, "in.sweep"+s+".yaml"), []byte(strings.Replace(killSweep, "SEED", s, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	which := func(new bool) string {
		if new {
			return "2"
		}
		return "1"
	}
	sweepCase := func(name, out string, outs ...string) killCase {
		return byteCase(name, writeSweeps, func(dir string, new bool) []string {
			return []string{"sweep", filepath.Join(dir, "in.sweep"+which(new)+".yaml"), "--no-cache", "--workers", "1", "--out", filepath.Join(dir, out)}
		}, outs...)
	}
	mergeCase := byteCase("merge", func(t *testing.T, bin, dir string) {
		writeSweeps(t, bin, dir)
		for _, s := range []string{"1", "2"} {
			for k := 1; k <= 2; k++ {
				cmd, errb := runBin(bin, dir, nil, "sweep", "in.sweep"+s+".yaml", "--no-cache", "--shard", fmt.Sprintf("%d/2", k),
					"--out", fmt.Sprintf("in.shard%s-%d.parquet", s, k))
				if err := cmd.Run(); err != nil {
					t.Fatalf("shard: %v\n%s", err, errb)
				}
			}
		}
	}, func(dir string, new bool) []string {
		s := which(new)
		return []string{"merge", "--out", filepath.Join(dir, "m.parquet"), filepath.Join(dir, "in.shard"+s+"-1.parquet"), filepath.Join(dir, "in.shard"+s+"-2.parquet")}
	}, "m.parquet", "m.summary.parquet")
	report := killCase{
		name:    "report",
		prepare: func(*testing.T, string, string) {},
		args: func(dir string, new bool) []string {
			return []string{"report", "baseline", "cut-subsidy", "--households", "300", "--reps", "3", "--title", "Title " + which(new), "--out", filepath.Join(dir, "r.html")}
		},
		snapshot: func(dir string) map[string][]byte {
			return visible(dir, func(n string) bool { return n == "r.html" })
		},
		identify: func(t *testing.T, set map[string][]byte) string {
			b, ok := set["r.html"]
			switch {
			case !ok:
				return "no r.html"
			case !bytes.HasSuffix(bytes.TrimSpace(b), []byte("</html>")):
				return "a partial r.html"
			case bytes.Contains(b, []byte("Title 2")):
				return "new"
			case bytes.Contains(b, []byte("Title 1")):
				return "old"
			}
			return "an r.html of neither run"
		},
	}
	return []killCase{
		folderCase("run", "run", "baseline"),
		folderCase("compare", "compare", "baseline", "cut-subsidy"),
		sweepCase("sweep parquet", "r.parquet", "r.parquet", "r.summary.parquet"),
		sweepCase("sweep csv", "r.csv", "r.csv", "r.summary.csv", "r.provenance.json"),
		mergeCase,
		report,
	}
}
