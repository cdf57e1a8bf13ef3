package sweep

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// small is a sweep that runs in a fraction of a second: 120 households,
// 3 years, 12 Latin hypercube points of 2 replications.
const small = `name: small
base: baseline
set:
  population.households: 120
  population.village_size: 40
  years: 3
parameters:
  - path: transfers.subsidy.level
    min: 0
    max: 1
  - path: monitoring.detection
    min: 0.2
    max: 0.9
  - path: monitoring.lag
    levels: [0, 2]
design:
  kind: latin-hypercube
  n: 12
replications: 2
outcomes: [return_rate, headcount, cost, poverty_gap]
seed: 7
`

func parse(t testing.TB, name, src string) *Sweep {
	t.Helper()
	sw, err := Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return sw
}

// smallSweep is small with its third parameter (levels) dropped, since a
// Latin hypercube samples ranges.
func smallSweep(t testing.TB) *Sweep {
	t.Helper()
	src := strings.Replace(small, "  - path: monitoring.lag\n    levels: [0, 2]\n", "", 1)
	return parse(t, "small.yaml", src)
}

func run(t testing.TB, sw *Sweep, opt Options) *Table {
	t.Helper()
	tab, _, err := Run(context.Background(), sw, opt)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// write writes a table and returns the bytes of its results and summary
// files (and provenance, for CSV).
func write(t testing.TB, out string, tab *Table) [][]byte {
	t.Helper()
	if err := Write(out, tab); err != nil {
		t.Fatal(err)
	}
	fs, _ := OutputFiles(out)
	var all [][]byte
	for _, p := range []string{fs.Results, fs.Summary, fs.Provenance} {
		if p == "" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b)
	}
	return all
}

func sameBytes(t testing.TB, what string, got, want [][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d files, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("%s: file %d differs (%d bytes, want %d)", what, i, len(got[i]), len(want[i]))
		}
	}
}

func TestParseSmall(t *testing.T) {
	sw := smallSweep(t)
	if sw.Points() != 12 || sw.Reps != 2 || sw.Seed != 7 || sw.Design.Kind != LatinHypercube {
		t.Fatalf("points %d reps %d seed %d kind %s", sw.Points(), sw.Reps, sw.Seed, sw.Design.Kind)
	}
	if !slices.Equal(sw.Years, []int{2021, 2022, 2023}) {
		t.Errorf("years %v, want every simulated year", sw.Years)
	}
	if got := sw.Base.Config.Params.Population.Households; got != 120 {
		t.Errorf("set not applied: households %d", got)
	}
	// The resolved sweep parses to itself.
	again, err := Parse("resolved", sw.Resolved())
	if err != nil {
		t.Fatalf("resolved sweep does not parse: %v\n%s", err, sw.Resolved())
	}
	if !bytes.Equal(again.Resolved(), sw.Resolved()) {
		t.Errorf("resolving is not idempotent:\n%s\n---\n%s", sw.Resolved(), again.Resolved())
	}
	if !slices.EqualFunc(again.Design.Points, sw.Design.Points, slices.Equal[[]float64]) {
		t.Errorf("the resolved sweep gives another design")
	}
}

func TestGridWithLevelsAndBool(t *testing.T) {
	src := strings.Replace(small, "design:\n  kind: latin-hypercube\n  n: 12", "design:\n  kind: grid\n  levels: 3", 1)
	src = strings.Replace(src, "parameters:\n", "parameters:\n  - path: monitoring.enabled\n    levels: [false, true]\n", 1)
	sw := parse(t, "grid.yaml", src)
	if sw.Points() != 2*3*3*2 {
		t.Fatalf("grid has %d points, want 36", sw.Points())
	}
	if sw.Params[0].Kind != Bool || sw.Params[3].Kind != Int {
		t.Errorf("kinds %v %v", sw.Params[0].Kind, sw.Params[3].Kind)
	}
	cfg, err := sw.Config(sw.Points() - 1)
	if err != nil {
		t.Fatal(err)
	}
	p := cfg.Params
	if !p.Monitoring.Enabled || p.Transfers.Subsidy.Level != 1 || p.Monitoring.Detection != 0.9 || p.Monitoring.Lag != 2 {
		t.Errorf("last grid point: %+v %+v", p.Monitoring, p.Transfers.Subsidy)
	}
	if _, err := Parse("again", sw.Resolved()); err != nil {
		t.Fatalf("resolved grid does not parse: %v\n%s", err, sw.Resolved())
	}
}

func TestRunWriteRead(t *testing.T) {
	sw := smallSweep(t)
	dir := t.TempDir()
	tab, st, err := Run(context.Background(), sw, Options{Workers: 2, CacheDir: filepath.Join(dir, "cache")})
	if err != nil {
		t.Fatal(err)
	}
	if st.Points != 12 || st.Computed != 12 || st.Runs != 24 || st.Cached != 0 {
		t.Errorf("stats %+v", st)
	}
	for i, p := range tab.Points {
		if p.Index != i || p.Reps != 2 || len(p.Values) != 2*3*4 {
			t.Fatalf("point %d: %+v", i, p)
		}
	}
	for _, ext := range []string{".parquet", ".csv"} {
		out := filepath.Join(dir, "results"+ext)
		write(t, out, tab)
		back, err := Read(out)
		if err != nil {
			t.Fatal(err)
		}
		if back.Meta.SweepSHA256 != tab.Meta.SweepSHA256 || len(back.Points) != len(tab.Points) {
			t.Fatalf("%s: read back %d points", ext, len(back.Points))
		}
		for i := range tab.Points {
			a, b := tab.Points[i], back.Points[i]
			if a.Index != b.Index || a.Reps != b.Reps || !slices.Equal(a.Params, b.Params) || !equalNaN(a.Values, b.Values) {
				t.Fatalf("%s: point %d differs after reading back", ext, i)
			}
		}
	}
	// The same results with one worker, and without a cache.
	one := run(t, sw, Options{Workers: 1})
	sameBytes(t, "1 worker, no cache", write(t, filepath.Join(dir, "one.parquet"), one), write(t, filepath.Join(dir, "results.parquet"), tab))
}

func equalNaN(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) })
}

// Shards 1..N, each run on its own (no shared cache) and merged, write the
// same bytes as the unsharded sweep, for several N and both formats.
func TestShardsMergeByteIdentical(t *testing.T) {
	sw := smallSweep(t)
	dir := t.TempDir()
	whole := run(t, sw, Options{Workers: 2})
	for _, ext := range []string{".parquet", ".csv"} {
		want := write(t, filepath.Join(dir, "whole"+ext), whole)
		for _, n := range []int{1, 2, 3, 5, 12, 13} {
			var tables []*Table
			for k := n; k >= 1; k-- { // any order
				shard := Shard{K: k, N: n}
				tab := run(t, sw, Options{Workers: 2, Shard: shard, CacheDir: filepath.Join(dir, "cache", ext, shard.String())})
				out := filepath.Join(dir, "shards", ext[1:], strings.ReplaceAll(shard.String(), "/", "-of-")+ext)
				write(t, out, tab)
				back, err := Read(out)
				if err != nil {
					t.Fatal(err)
				}
				tables = append(tables, back)
			}
			merged, err := Merge(tables)
			if err != nil {
				t.Fatalf("N=%d: %v", n, err)
			}
			got := write(t, filepath.Join(dir, "merged", ext[1:], "n"+string(rune('0'+n%10))+ext), merged)
			sameBytes(t, ext+" merged shards", got, want)
		}
	}
}

func TestMergeErrors(t *testing.T) {
	sw := smallSweep(t)
	var shards []*Table
	for k := 1; k <= 3; k++ {
		shards = append(shards, run(t, sw, Options{Shard: Shard{K: k, N: 3}}))
	}
	other := smallSweep(t)
	other.Seed = 8
	other.resolved = append(other.Resolved(), "# other\n"...)
	foreign := run(t, other, Options{Shard: Shard{K: 3, N: 3}})
	otherModel := *shards[2]
	otherModel.Meta.Model = "0123456789abcdef"
	otherVersion, otherGo, otherSplit, unfinished := *shards[2], *shards[2], *shards[2], *shards[2]
	otherVersion.Meta.Version, otherGo.Meta.GoVersion, otherSplit.Meta.Shard = "v0.0.1-other", "go1.0", Shard{K: 3, N: 4}
	unfinished.Points = unfinished.Points[:len(unfinished.Points)-1]
	whole := *shards[0]
	whole.Meta.Shard = Shard{}
	for _, tc := range []struct {
		name   string
		tables []*Table
		want   string
	}{
		{"missing", shards[:2], "missing shard(s) 3/3"},
		{"twice", []*Table{shards[0], shards[1], shards[1]}, "shard 2/3 is given twice"},
		{"foreign", []*Table{shards[0], shards[1], foreign}, "different sweeps"},
		{"other model", []*Table{shards[0], shards[1], &otherModel}, "models give different numbers"},
		{"none", nil, "nothing to merge"},
		{"other version", []*Table{shards[0], shards[1], &otherVersion}, "different povsim versions"},
		{"other Go", []*Table{shards[0], shards[1], &otherGo}, "different Go versions"},
		{"other split", []*Table{shards[0], shards[1], &otherSplit}, "is shard 3/4 but input 1 is shard 1/3"},
		{"unfinished", []*Table{shards[0], shards[1], &unfinished}, "holds 3 points, want 4: not a finished shard"},
		{"a whole sweep with a shard", []*Table{shards[0], &whole}, "is a whole sweep, not a shard"},
	} {
		_, err := Merge(tc.tables)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.name, err, tc.want)
		}
	}
	if got, err := Merge([]*Table{&whole}); got != &whole || err != nil {
		t.Errorf("a whole sweep alone: %p, %v; want it back as it is", got, err)
	}
	if _, _, err := Run(context.Background(), sw, Options{Shard: Shard{K: 4, N: 3}}); err == nil || !strings.Contains(err.Error(), "shard: got \"4/3\"") {
		t.Errorf("shard 4/3: %v, want it refused", err)
	}
}

// A sweep cancelled in the middle and run again with the same cache ends
// with the same bytes as one never interrupted, without redoing the points
// it had finished.
func TestKillAndResumeByteIdentical(t *testing.T) {
	sw := smallSweep(t)
	dir := t.TempDir()
	want := write(t, filepath.Join(dir, "clean.parquet"), run(t, sw, Options{Workers: 2}))
	cache := filepath.Join(dir, "cache")
	for _, stopAfter := range []int{1, 5, 9} {
		os.RemoveAll(cache)
		ctx, cancel := context.WithCancel(context.Background())
		done := 0
		_, _, err := Run(ctx, sw, Options{Workers: 2, CacheDir: cache, PointDone: func(int, bool) {
			done++
			if done == stopAfter {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("stop after %d: got %v, want context.Canceled", stopAfter, err)
		}
		tab, st, err := Run(context.Background(), sw, Options{Workers: 2, CacheDir: cache})
		if err != nil {
			t.Fatal(err)
		}
		if st.Cached < stopAfter || st.Runs > 2*(12-stopAfter) {
			t.Errorf("stop after %d: resumed run %+v redid finished work", stopAfter, st)
		}
		got := write(t, filepath.Join(dir, "resumed.parquet"), tab)
		sameBytes(t, "resumed", got, want)
		// A third run reuses everything.
		_, st, err = Run(context.Background(), sw, Options{Workers: 2, CacheDir: cache})
		if err != nil || st.Runs != 0 || st.Cached != 12 {
			t.Errorf("third run: %+v %v, want everything from the cache", st, err)
		}
	}
}

// The cache is keyed by the model config and seed: another sweep that
// reaches the same configs, with fewer outcomes, runs nothing; a torn cache
// file is recomputed.
func TestCacheSharedAcrossSweeps(t *testing.T) {
	sw := smallSweep(t)
	cache := filepath.Join(t.TempDir(), "cache")
	run(t, sw, Options{CacheDir: cache})
	fewer := parse(t, "fewer.yaml", strings.Replace(strings.Replace(small, "  - path: monitoring.lag\n    levels: [0, 2]\n", "", 1),
		"outcomes: [return_rate, headcount, cost, poverty_gap]", "outcomes: [headcount]\nyears: [2023]", 1))
	_, st, err := Run(context.Background(), fewer, Options{CacheDir: cache})
	if err != nil || st.Runs != 0 {
		t.Fatalf("subset sweep: %+v %v, want no runs", st, err)
	}
	// Corrupt one record: its point is recomputed, the result unchanged.
	segs, _ := filepath.Glob(filepath.Join(cache, "seg-*.pts"))
	if len(segs) != 1 {
		t.Fatalf("%d segments, want 1 (one run stored points)", len(segs))
	}
	b, _ := os.ReadFile(segs[0])
	off, records := 0, 0
	for off+8 <= len(b) {
		n := int(binary.LittleEndian.Uint32(b[off+4:]))
		if records == 3 {
			b[off+8+n-40] ^= 1 // a value of the fourth record
		}
		off += 8 + n
		records++
	}
	if records != 12 || off != len(b) {
		t.Fatalf("%d records in %d of %d bytes, want 12", records, off, len(b))
	}
	os.WriteFile(segs[0], b, 0o644)
	tab, st, err := Run(context.Background(), sw, Options{CacheDir: cache})
	if err != nil || st.Runs != 2 || st.Computed != 1 {
		t.Fatalf("after corrupting a file: %+v %v, want one point recomputed", st, err)
	}
	dir := t.TempDir()
	sameBytes(t, "after repair", write(t, filepath.Join(dir, "a.csv"), tab), write(t, filepath.Join(dir, "b.csv"), run(t, sw, Options{})))
}

func TestPrecisionTarget(t *testing.T) {
	src := strings.Replace(strings.Replace(small, "  - path: monitoring.lag\n    levels: [0, 2]\n", "", 1),
		"replications: 2", "precision:\n  outcome: return_rate\n  half_width: 0.02\n  min_replications: 2\n  max_replications: 12\n  step: 2", 1)
	sw := parse(t, "precision.yaml", src)
	dir := t.TempDir()
	cache := filepath.Join(dir, "cache")
	a := run(t, sw, Options{Workers: 2, CacheDir: cache})
	varied := false
	for _, p := range a.Points {
		if p.Reps < 10 || p.Reps > 12 || p.Reps%2 != 0 { // a target is met on 10 or more
			t.Errorf("point %d: %d replications", p.Index, p.Reps)
		}
		varied = varied || p.Reps != a.Points[0].Reps
	}
	if !varied {
		t.Logf("every point used %d replications", a.Points[0].Reps)
	}
	// From the cache, and without it: the same decisions, the same bytes.
	b, st, err := Run(context.Background(), sw, Options{Workers: 1, CacheDir: cache})
	if err != nil || st.Runs != 0 {
		t.Fatalf("%+v %v", st, err)
	}
	c := run(t, sw, Options{Workers: 3})
	want := write(t, filepath.Join(dir, "a.parquet"), a)
	sameBytes(t, "cached", write(t, filepath.Join(dir, "b.parquet"), b), want)
	sameBytes(t, "fresh", write(t, filepath.Join(dir, "c.parquet"), c), want)
}

func TestShardParse(t *testing.T) {
	for _, tc := range []struct {
		in, err string
	}{
		{"1/1", ""}, {"3/4", ""}, {" 2 / 8 ", ""},
		{"5/4", "shard K=5 is greater than the number of shards N=4"},
		{"0/4", "numbered from 1"},
		{"1/0", "at least 1"},
		{"2", "want K/N"},
		{"a/b", "whole numbers"},
	} {
		_, err := ParseShard(tc.in)
		if (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("ParseShard(%q) = %v, want %q", tc.in, err, tc.err)
		}
	}
	s := Shard{K: 2, N: 3}
	if got := s.Indices(8); !slices.Equal(got, []int{1, 4, 7}) {
		t.Errorf("shard 2/3 of 8 points: %v", got)
	}
}

// A process killed while appending leaves a torn last record: the records
// before it are used, the torn one is recomputed.
func TestTornSegmentTail(t *testing.T) {
	sw := smallSweep(t)
	cache := filepath.Join(t.TempDir(), "cache")
	want := run(t, sw, Options{CacheDir: cache})
	segs, _ := filepath.Glob(filepath.Join(cache, "seg-*.pts"))
	st, err := os.Stat(segs[0])
	if err != nil {
		t.Fatal(err)
	}
	os.Truncate(segs[0], st.Size()-100)
	got, stats, err := Run(context.Background(), sw, Options{CacheDir: cache})
	if err != nil || stats.Computed != 1 || stats.Cached != 11 {
		t.Fatalf("%+v %v, want 11 points from the cache and 1 recomputed", stats, err)
	}
	dir := t.TempDir()
	sameBytes(t, "torn tail", write(t, filepath.Join(dir, "a.parquet"), got), write(t, filepath.Join(dir, "b.parquet"), want))
	// Later runs see both segments and need nothing.
	if _, stats, err = Run(context.Background(), sw, Options{CacheDir: cache}); err != nil || stats.Runs != 0 {
		t.Fatalf("%+v %v", stats, err)
	}
}
