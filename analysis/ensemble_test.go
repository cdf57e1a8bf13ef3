package analysis_test

import (
	"bytes"
	"context"
	"reflect"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// libraryModels builds models of library scenarios with their population
// shrunk to households (villages to at most a fifth of it, so that a small
// population still spreads over several villages).
func libraryModels(t testing.TB, households int, names ...string) []*sim.Model {
	t.Helper()
	var ms []*sim.Model
	for _, n := range names {
		sc, err := scenarios.Load(n)
		if err != nil {
			t.Fatalf("Load(%q): %v", n, err)
		}
		ms = append(ms, shrink(t, sc, households))
	}
	return ms
}

// shrink sets a scenario's population to households and returns its model.
func shrink(t testing.TB, sc *scenarios.Scenario, households int) *sim.Model {
	t.Helper()
	sets := []string{"population.households=" + strconv.Itoa(households)}
	if vs := households / 5; sc.Config.Params.Population.VillageSize > vs {
		sets = append(sets, "population.village_size="+strconv.Itoa(vs))
	}
	if err := sc.Override("test", sets); err != nil {
		t.Fatalf("%s: %v", sc.Name, err)
	}
	m, err := sim.New(sc.Config)
	if err != nil {
		t.Fatalf("%s: %v", sc.Name, err)
	}
	return m
}

func ensemble(t testing.TB, models []*sim.Model, opt analysis.Options) [][]sim.Result {
	t.Helper()
	res, err := analysis.Ensemble(context.Background(), models, opt)
	if err != nil {
		t.Fatalf("Ensemble(%+v): %v", opt, err)
	}
	return res
}

// Test 9: results, and the files written from them, do not depend on the
// number of workers. The models differ in population size (changshou is
// shrunk to 450 households) so that a worker's Runner is rebound to models
// of another size and back, and two households are traced.
func TestEnsembleWorkersDeterministic(t *testing.T) {
	names := []string{"baseline", "changshou", "cut-subsidy"}
	ms := libraryModels(t, 600, "baseline")
	ms = append(ms, libraryModels(t, 450, "changshou")...)
	ms = append(ms, libraryModels(t, 600, "cut-subsidy")...)
	opt := analysis.Options{Reps: 6, Seed: 42, Trace: []int{0, 7}}
	var runs [][][]sim.Result
	for _, w := range []int{1, 4} {
		opt.Workers = w
		runs = append(runs, ensemble(t, ms, opt))
	}
	if !reflect.DeepEqual(runs[0], runs[1]) {
		t.Fatal("Ensemble with 1 and 4 workers differ")
	}
	if n := len(runs[0][0][0].Stories); n != 2 {
		t.Errorf("replication First has %d stories, want 2 (households 0 and 7)", n)
	}
	if n := len(runs[0][0][1].Stories); n != 0 {
		t.Errorf("replication First+1 has %d stories, want none", n)
	}

	var csvs, jsons [][]byte
	for _, res := range runs {
		// Compare requires the same years; changshou has them.
		c := analysis.Compare(names, res, true)
		var csv, js bytes.Buffer
		if err := analysis.WriteComparisonCSV(&csv, c); err != nil {
			t.Fatal(err)
		}
		if err := analysis.WriteJSON(&js, c); err != nil {
			t.Fatal(err)
		}
		csvs, jsons = append(csvs, csv.Bytes()), append(jsons, js.Bytes())
	}
	if !bytes.Equal(csvs[0], csvs[1]) {
		t.Error("WriteComparisonCSV output differs between 1 and 4 workers")
	}
	if !bytes.Equal(jsons[0], jsons[1]) {
		t.Error("WriteJSON output differs between 1 and 4 workers")
	}
}

// Test 9: another master seed gives other results, and every replication
// of a run differs from the others.
func TestEnsembleSeeds(t *testing.T) {
	ms := libraryModels(t, 400, "baseline")
	a := ensemble(t, ms, analysis.Options{Reps: 3, Seed: 1, Workers: 2})
	b := ensemble(t, ms, analysis.Options{Reps: 3, Seed: 2, Workers: 2})
	for r := range a[0] {
		if reflect.DeepEqual(a[0][r].Years, b[0][r].Years) {
			t.Errorf("replication %d: seeds 1 and 2 give the same years", r)
		}
		if a[0][r].Seed != 1 || a[0][r].Rep != r {
			t.Errorf("replication %d: Seed %d Rep %d", r, a[0][r].Seed, a[0][r].Rep)
		}
	}
	if reflect.DeepEqual(a[0][0].Years, a[0][1].Years) {
		t.Error("replications 0 and 1 of one run are identical")
	}
}

// Test 9: replications are numbered, not drawn in sequence: First=k,
// Reps=n gives replications k … k+n−1 of a run from 0, so an ensemble can
// be extended.
func TestEnsembleFirst(t *testing.T) {
	ms := libraryModels(t, 400, "baseline", "rural-doctors")
	const k, n = 2, 3
	all := ensemble(t, ms, analysis.Options{Reps: k + n, Seed: 9, Workers: 2})
	part := ensemble(t, ms, analysis.Options{First: k, Reps: n, Seed: 9, Workers: 2})
	for m := range ms {
		if !reflect.DeepEqual(part[m], all[m][k:k+n]) {
			t.Errorf("model %d: First=%d Reps=%d differs from replications [%d:%d] of a run from 0", m, k, n, k, k+n)
		}
	}
}

// Tracing households records their stories without changing any draw.
func TestEnsembleTraceKeepsStatistics(t *testing.T) {
	ms := libraryModels(t, 400, "baseline")
	plain := ensemble(t, ms, analysis.Options{Reps: 2, Seed: 5})
	traced := ensemble(t, ms, analysis.Options{Reps: 2, Seed: 5, Trace: []int{1, 2, 3}})
	for r := range plain[0] {
		if !reflect.DeepEqual(plain[0][r].Years, traced[0][r].Years) || !reflect.DeepEqual(plain[0][r].Spells, traced[0][r].Spells) {
			t.Errorf("replication %d: tracing changed the statistics", r)
		}
	}
	if len(traced[0][0].Stories) != 3 {
		t.Errorf("%d stories, want 3", len(traced[0][0].Stories))
	}
}

func TestEnsembleDoneAndErrors(t *testing.T) {
	ms := libraryModels(t, 200, "baseline", "cut-subsidy")
	var done atomic.Int64
	ensemble(t, ms, analysis.Options{Reps: 3, Workers: 2, Done: func() { done.Add(1) }})
	if done.Load() != 6 {
		t.Errorf("Done called %d times, want 6 (2 models × 3 replications)", done.Load())
	}
	if _, err := analysis.Ensemble(context.Background(), ms, analysis.Options{Reps: 0}); err == nil {
		t.Error("Reps 0: no error")
	}
	if _, err := analysis.Ensemble(context.Background(), nil, analysis.Options{Reps: 1}); err == nil {
		t.Error("no models: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := analysis.Ensemble(ctx, ms, analysis.Options{Reps: 50, Workers: 2}); err == nil {
		t.Error("canceled context: no error")
	}
}

// Ensemble starts no more goroutines than it has jobs: --workers far
// above the replications took memory for goroutines that never ran one.
func TestEnsembleWorkersBoundedByJobs(t *testing.T) {
	ms := libraryModels(t, 100, "baseline")
	before := runtime.NumGoroutine()
	most := 0
	opt := analysis.Options{Reps: 2, Seed: 1, Workers: 100_000, Done: func() {
		most = max(most, runtime.NumGoroutine()-before)
	}}
	ensemble(t, ms, opt)
	if most > 2+1 { // two workers and the feeder
		t.Errorf("%d goroutines ran beside the test's for 2 replications, want at most 3", most)
	}
}
