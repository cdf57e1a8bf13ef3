package scenarios_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
	"gonum.org/v1/gonum/stat/distuv"
)

var update = flag.Bool("update", false, "rewrite golden files")

// library returns the entries of the embedded library, failing the test if
// it cannot be listed or is empty.
func library(t *testing.T) []scenarios.Entry {
	t.Helper()
	lib, err := scenarios.Library()
	if err != nil {
		t.Fatalf("Library: %v", err)
	}
	if len(lib) == 0 {
		t.Fatal("Library: no scenarios")
	}
	return lib
}

// load loads a library scenario and shrinks its population to households
// (and its villages to at most a fifth of it, so that the small population
// still spreads over several villages: changshou's villages hold 697).
func load(t *testing.T, name string, households int) *scenarios.Scenario {
	t.Helper()
	return loadFrom(t, &scenarios.Loader{}, name, households)
}

// loadFrom is load with loader l.
func loadFrom(t *testing.T, l *scenarios.Loader, name string, households int) *scenarios.Scenario {
	t.Helper()
	sc, err := l.Load(name)
	if err != nil {
		t.Fatalf("Load(%q): %v", name, err)
	}
	if households > 0 {
		sets := []string{"population.households=" + strconv.Itoa(households)}
		if vs := households / 5; sc.Config.Params.Population.VillageSize > vs {
			sets = append(sets, "population.village_size="+strconv.Itoa(vs))
		}
		if err := sc.Override("test", sets); err != nil {
			t.Fatalf("%s: Override(%v): %v", name, sets, err)
		}
	}
	return sc
}

// Test 1: every library scenario loads, validates and runs.
func TestLibraryLoadsAndRuns(t *testing.T) {
	for _, e := range library(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			sc, err := scenarios.Load(e.Name)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if sc.Name != e.Name || sc.Source != "library:"+e.Name || sc.Extends != e.Extends {
				t.Errorf("Load: name %q source %q extends %q; want %q, %q, %q",
					sc.Name, sc.Source, sc.Extends, e.Name, "library:"+e.Name, e.Extends)
			}
			if sc.Description == "" {
				t.Error("no description")
			}
			if errs := sc.Config.Params.Validate(); len(errs) > 0 {
				t.Fatalf("Validate: %v", errs)
			}
			switch sc.Expect.ReturnRate {
			case "", "lower", "higher":
			default:
				t.Errorf("expect.return_rate = %q", sc.Expect.ReturnRate)
			}

			sc = load(t, e.Name, 500)
			m, err := sim.New(sc.Config)
			if err != nil {
				t.Fatalf("sim.New after Override: %v", err)
			}
			p := sc.Config.Params
			res := m.Run(1, 0)
			if len(res.Years) != p.Years {
				t.Fatalf("Run: %d years, want %d", len(res.Years), p.Years)
			}
			for i, y := range res.Years {
				if y.Year != p.StartYear+i {
					t.Errorf("year %d: Year = %d, want %d", i, y.Year, p.StartYear+i)
				}
				if y.Households <= 0 || y.Households > 500 {
					t.Errorf("%d: %d households, want 1…500", y.Year, y.Households)
				}
				if y.FormerlyPoor <= 0 || y.Returned < 0 || y.Returned > y.FormerlyPoor {
					t.Errorf("%d: returned %d of %d formerly poor", y.Year, y.Returned, y.FormerlyPoor)
				}
				if math.IsNaN(y.Net) || math.IsInf(y.Net, 0) {
					t.Errorf("%d: net income %v", y.Year, y.Net)
				}
			}
		})
	}
}

// Test 2: the resolved YAML of every library scenario (extends and timeline
// folded in) matches its golden file; run with -update to rewrite them.
func TestResolvedGolden(t *testing.T) {
	dir := filepath.Join("testdata", "resolved")
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]bool{}
	for _, e := range library(t) {
		want[e.Name+".yaml"] = true
		t.Run(e.Name, func(t *testing.T) {
			sc, err := scenarios.Load(e.Name)
			if err != nil {
				t.Fatal(err)
			}
			got, err := sc.YAML()
			if err != nil {
				t.Fatalf("YAML: %v", err)
			}
			if bytes.Contains(got, []byte("extends:")) {
				t.Errorf("resolved YAML still has extends:\n%s", got)
			}
			path := filepath.Join(dir, e.Name+".yaml")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			golden, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./scenarios/ -run TestResolvedGolden -update)", err)
			}
			if !bytes.Equal(got, golden) {
				t.Errorf("resolved YAML differs from %s (rerun with -update if the change is intended):\n%s",
					path, lineDiff(string(golden), string(got)))
			}
		})
	}
	// No golden file for a scenario that left the library.
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	for _, f := range files {
		if !want[filepath.Base(f)] {
			if *update {
				os.Remove(f)
			} else {
				t.Errorf("%s: no library scenario of that name (stale golden file; -update removes it)", f)
			}
		}
	}
}

// lineDiff lists the first lines that differ between two texts.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < max(len(wl), len(gl)) && n < 10; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			n++
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g + "\n")
		}
	}
	return b.String()
}

// Test 2: parsing the resolved YAML gives back the scenario's Config.
//
// YAML does not keep Go's types of the timeline's map values: a value
// written 1.0 in a library file decodes as float64(1), is marshalled as "1"
// and decodes back as int(1). Such configs are not reflect.DeepEqual though
// they mean the same; for them the test compares what the model sees, the
// parameters of every simulated year (sim.Config.Yearly), and logs the
// scenarios concerned.
func TestResolvedRoundTrip(t *testing.T) {
	for _, e := range library(t) {
		t.Run(e.Name, func(t *testing.T) {
			sc, err := scenarios.Load(e.Name)
			if err != nil {
				t.Fatal(err)
			}
			y, err := sc.YAML()
			if err != nil {
				t.Fatal(err)
			}
			back, err := scenarios.Parse(e.Name+".resolved.yaml", y)
			if err != nil {
				t.Fatalf("Parse(YAML()): %v\n%s", err, y)
			}
			if back.Name != sc.Name || back.Description != sc.Description || back.Seed != sc.Seed {
				t.Errorf("metadata: got %q/%q/%q, want %q/%q/%q", back.Name, back.Description, back.Seed,
					sc.Name, sc.Description, sc.Seed)
			}
			if !reflect.DeepEqual(back.Config.Before, sc.Config.Before) {
				t.Fatalf("the warm-up's settings differ after the round trip: got %#v, want %#v", back.Config.Before, sc.Config.Before)
			}
			if reflect.DeepEqual(back.Config, sc.Config) {
				return
			}
			if !reflect.DeepEqual(back.Config.Params, sc.Config.Params) {
				t.Fatalf("starting parameters differ after the round trip:\ngot  %+v\nwant %+v", back.Config.Params, sc.Config.Params)
			}
			want, err := sc.Config.Yearly()
			if err != nil {
				t.Fatal(err)
			}
			got, err := back.Config.Yearly()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("yearly parameters differ after the round trip:\ngot  %v\nwant %v", back.Config.Timeline, sc.Config.Timeline)
			}
			t.Logf("Config not DeepEqual after the round trip, only in the Go types of timeline values "+
				"(yearly parameters equal): %v → %v", typed(sc.Config.Timeline), typed(back.Config.Timeline))
		})
	}
}

// typed renders a timeline with the Go type of each value.
func typed(tl []sim.Change) string {
	var parts []string
	for _, c := range tl {
		keys := make([]string, 0, len(c.Set))
		for k := range c.Set {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%d %s=%T(%v)", c.Year, k, c.Set[k], c.Set[k]))
		}
	}
	return strings.Join(parts, ", ")
}

// Settings of the direction test (test 5). 4,000 households × 8
// replications of 10 years keep the whole library (15 scenarios) to a few
// seconds on two cores while the smallest claimed effect (skills-training,
// about −0.05 pp) still stands out: paired on common random numbers its 95%
// interval is about ±0.02 pp.
const (
	dirHouseholds = 4000
	dirReps       = 8
	dirWorkers    = 2
	dirSeed       = 1
)

// knownDirection lists the scenarios whose claim is known to fail, with the
// reason, keyed by name (VARIANT/name under one of the model's variants);
// they are skipped (with their numbers) when they fail, and logged when
// they hold again, so that the entry can be removed.
// At the defaults it has been empty since session 1 fixed land transfer
// (land comes back, parks take idle land) and made the promoted specialty
// a product of its own.
var knownDirection = map[string]string{
	// At 10,000 households × 20 replications (povsim compare baseline
	// skills-training --set monitoring.detection=0.95) training lowers
	// income poverty in every year 2022-2030, by 0.005 pp on average, its
	// interval excluding zero in 2023-2027: a system that finds nearly
	// every household at risk lifts most of those training would have
	// lifted, and what is left is too small for this test's 4,000 × 8.
	"detection-0.95/skills-training": "its effect, −0.005 pp, is below this test's resolution when monitoring finds nearly everyone",
}

// Test 5: each scenario with an expect claim moves the return-to-poverty
// rate in the direction it claims, against the scenario named by
// expect.against (the baseline when empty). The outcome is the paired
// difference (scenario − base, same seed and replication) of the return
// rate averaged over the years from the scenario's first timeline year on
// (all years without a timeline); the claim holds when the 95% t interval
// of the mean difference over replications excludes zero on the claimed
// side.
func TestLibraryDirection(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole library; skipped with -short")
	}
	checkDirections(t, "", &scenarios.Loader{})
}

// Test 5b: every claim of test 5 holds under each of the model's variants
// (scenarios.Variants, docs/MODEL.md §8): a claim is about a direction, and
// the wall's verdict tells a planner to read paired differences as
// directions.
func TestLibraryDirectionUnderVariants(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole library once per variant; skipped with -short")
	}
	for _, v := range scenarios.Variants() {
		t.Run(v.Name, func(t *testing.T) {
			l, err := v.Loader()
			if err != nil {
				t.Fatal(err)
			}
			checkDirections(t, v.Name, l)
		})
	}
}

// checkDirections runs test 5 on the scenarios of loader l (the bases
// included); variant names them in knownDirection's keys ("" for none).
func checkDirections(t *testing.T, variant string, l *scenarios.Loader) {
	type claim struct {
		sc      *scenarios.Scenario
		against string
	}
	var claims []claim
	for _, e := range library(t) {
		sc := loadFrom(t, l, e.Name, dirHouseholds)
		if sc.Expect.ReturnRate == "" {
			continue
		}
		against := sc.Expect.Against
		if against == "" {
			against = "baseline"
		}
		claims = append(claims, claim{sc, against})
	}
	if len(claims) == 0 {
		t.Fatal("no scenario of the library makes a claim")
	}

	// One ensemble: the bases first, then every claiming scenario.
	var models []*sim.Model
	index := map[string]int{}
	add := func(key string, sc *scenarios.Scenario) {
		if _, ok := index[key]; ok {
			return
		}
		m, err := sim.New(sc.Config)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		index[key] = len(models)
		models = append(models, m)
	}
	for _, c := range claims {
		add("base:"+c.against, loadFrom(t, l, c.against, dirHouseholds))
	}
	for _, c := range claims {
		add(c.sc.Name, c.sc)
	}
	res, err := analysis.Ensemble(context.Background(), models, analysis.Options{Reps: dirReps, Seed: dirSeed, Workers: dirWorkers})
	if err != nil {
		t.Fatal(err)
	}
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: dirReps - 1}.Quantile(0.975)

	for _, c := range claims {
		t.Run(c.sc.Name, func(t *testing.T) {
			p := c.sc.Config.Params
			first := p.StartYear
			if len(c.sc.Config.Timeline) > 0 {
				first = c.sc.Config.Timeline[0].Year
				for _, ch := range c.sc.Config.Timeline {
					first = min(first, ch.Year)
				}
			}
			from := first - p.StartYear
			arm, base := res[index[c.sc.Name]], res[index["base:"+c.against]]
			diffs := make([]float64, dirReps)
			for r := range diffs {
				s := 0.0
				for y := from; y < p.Years; y++ {
					s += rate(arm[r].Years[y]) - rate(base[r].Years[y])
				}
				diffs[r] = s / float64(p.Years-from)
			}
			mean, sd := meanSD(diffs)
			half := tq * sd / math.Sqrt(dirReps)
			lo, hi := mean-half, mean+half
			msg := c.sc.Name + " vs " + c.against + ", " + strconv.Itoa(first) + "–" + strconv.Itoa(p.StartYear+p.Years-1) +
				": return rate " + pp(mean) + " [" + pp(lo) + ", " + pp(hi) + "], claimed " + c.sc.Expect.ReturnRate
			ok := c.sc.Expect.ReturnRate == "lower" && hi < 0 || c.sc.Expect.ReturnRate == "higher" && lo > 0
			t.Log(msg)
			key := c.sc.Name
			if variant != "" {
				key = variant + "/" + key
			}
			reason, known := knownDirection[key]
			switch {
			case !ok && known:
				t.Skipf("known: %s fails its claim (%s); measured %s", key, reason, msg)
			case !ok:
				t.Errorf("claim fails: %s", msg)
			case known:
				t.Logf("%s now holds its claim: remove it from knownDirection", key)
			}
		})
	}
}

func rate(y sim.YearStats) float64 { return float64(y.Returned) / float64(y.FormerlyPoor) }

func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)-1))
}

func pp(x float64) string { return fmt.Sprintf("%+.3f pp", 100*x) }
