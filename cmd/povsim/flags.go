package main

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// runFlags are the flags shared by the commands that simulate.
type runFlags struct {
	households int
	years      int
	reps       int
	seed       uint64
	workers    int
	format     string
	out        string
	set        []string
	by         string
	config     string
	population string
	recs       []sim.HouseholdRecord // population's, once read (records)
	together   int                   // scenarios run in one pool of workers (compare, report): the memory bound's; 0 is 1
	drawFlags
}

// running is how many workers may run at once, each keeping its
// households in memory: no more than the replications of the scenarios
// run together.
func (f *runFlags) running() int { return min(f.workers, f.reps*max(1, f.together)) }

func (f *runFlags) register(cmd *cobra.Command) {
	f.registerModel(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "table", "output format: table, csv or json")
	fl.StringVar(&f.out, "out", "", "folder to write the summary (CSV and JSON), the resolved scenarios and a provenance record")
	fl.StringVar(&f.by, "by", "", `break results down: "type" (household type)`)
	cmd.RegisterFlagCompletionFunc("format", completeValues("table", "csv", "json"))
	cmd.RegisterFlagCompletionFunc("by", completeValues("type"))
}

// checkOutput registers the checks of --format (table, csv or json) and
// --by of the commands that write a summary (run, compare, validate).
func checkOutput(cmd *cobra.Command) {
	checkFlag(cmd, "format", func(s string) string {
		if err := analysis.CheckFormat(s); err != nil {
			return wantOf(err)
		}
		return ""
	})
	checkFlag(cmd, "by", func(s string) string {
		if s != "" && s != "type" {
			return `"type"`
		}
		return ""
	})
}

// registerModel registers the flags that choose what is simulated, shared
// by every command that simulates.
func (f *runFlags) registerModel(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.IntVar(&f.households, "households", 0, "simulated households (0: the scenario's number)")
	fl.IntVar(&f.years, "years", 0, "simulated years (0: the scenario's number)")
	fl.IntVar(&f.reps, "reps", 20, "Monte Carlo replications")
	fl.Uint64Var(&f.seed, "seed", 1, "master seed; the same seed gives the same results")
	fl.IntVar(&f.workers, "workers", 2, "parallel workers (results do not depend on it)")
	fl.StringArrayVar(&f.set, "set", nil, "override a parameter, PATH=VALUE (repeatable; POVSIM_SET takes one a line), e.g. --set transfers.subsidy.level=0.5")
	fl.StringVar(&f.population, "population", "", "simulate the county's own households from a CSV or Parquet file (schema in the README) instead of a synthetic population")
	registerConfig(cmd, &f.config)
	sized := whole(func(n int) bool { return n >= 0 }, func(int) string { return "a positive number (or 0 for the scenario's)" })
	checkFlag(cmd, "households", sized)
	checkFlag(cmd, "years", sized)
	checkFlag(cmd, "reps", whole(func(n int) bool { return n >= 1 && n <= maxReps }, func(n int) string {
		if n < 1 {
			return "at least 1"
		}
		return fmt.Sprintf("at most %d %s", maxReps, repsMemory(n))
	}))
	checkFlag(cmd, "workers", workerCount)
}

// maxWorkers bounds --workers. It is fixed, not a multiple of this
// machine's cores, so that a --config file runs the same anywhere; more
// workers than replications or cores only wait (and each worker that
// runs keeps a scenario's households in memory).
const maxWorkers = 1024

// workerCount is the check of --workers: 1 to maxWorkers.
var workerCount = whole(func(n int) bool { return n >= 1 && n <= maxWorkers }, func(n int) string {
	if n < 1 {
		return "at least 1"
	}
	return fmt.Sprintf("at most %d (more workers than replications or than this machine's %d cores do not run faster)", maxWorkers, runtime.NumCPU())
})

// resolve layers the flags: defaults < --config file < POVSIM_* environment
// variables < flags given on the command line.
func (f *runFlags) resolve(cmd *cobra.Command) error {
	_, err := f.resolveOutput(cmd)
	return err
}

// resolveOutput is resolve, returning the layers for the command's own flags.
func (f *runFlags) resolveOutput(cmd *cobra.Command) (*layered, error) {
	checkOutput(cmd) // before the --config file is read
	l, err := f.layers(cmd)
	if err != nil {
		return nil, err
	}
	f.format = l.GetString("format")
	f.out = l.GetString("out")
	f.by = l.GetString("by")
	return l, l.checkValues("format", "by")
}

// layers layers the command's flags (layerFlags), reads the model flags
// from the layers and checks them. Commands read their own flags from the
// layers it returns.
func (f *runFlags) layers(cmd *cobra.Command) (*layered, error) {
	l, err := layerFlags(cmd, &f.config)
	if err != nil {
		return nil, err
	}
	v := l.Viper
	f.src = l
	f.households = v.GetInt("households")
	f.years = v.GetInt("years")
	f.reps = v.GetInt("reps")
	f.seed = v.GetUint64("seed")
	f.workers = v.GetInt("workers")
	f.population = v.GetString("population")
	f.set = l.GetStrings("set")
	if err := l.onePerLine("set", "setting", isSetting); err != nil {
		return nil, err
	}
	if err := f.readDraws(l); err != nil {
		return nil, err
	}
	return l, f.check(l)
}

// settingStart is how a --set item starts: a parameter's path and "=".
var settingStart = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*=`)

// isSetting reports whether word starts as a --set item does.
func isSetting(word string) bool { return settingStart.MatchString(word) }

// maxReps bounds the replications of one scenario: every replication's
// results stay in memory (about 16 KB for 10 simulated years, measured),
// so 100,000 take about 1.6 GB per scenario.
const maxReps = 100_000

// repsMemory says what n replications would take, for messages.
func repsMemory(n int) string {
	return fmt.Sprintf("(each replication's results are kept in memory, about 16 KB for 10 years: %d would need about %.0f GB)", n, float64(n)*16e3/1e9)
}

func (f *runFlags) check(l *layered) error {
	if err := l.checkValues("reps", "workers", "households", "years"); err != nil {
		return err
	}
	if want := householdsMemory(f.households, f.running()); want != "" {
		return l.refuse("households", want)
	}
	return f.setAgainstSize(l)
}

// householdBytes is what a worker keeps of each household it simulates
// (measured: 1,000,000 households take about 240 MB a worker), and
// maxRunBytes what the households of a run's workers may take.
const (
	householdBytes = 240
	maxRunBytes    = 16e9
)

// householdsMemory says how many households are wanted when n households
// on w running workers would take more than maxRunBytes; "" if not.
func householdsMemory(n, w int) string {
	w = max(w, 1)
	most := int(maxRunBytes / householdBytes / float64(w))
	if n <= most {
		return ""
	}
	return fmt.Sprintf("at most %s with %s (each running worker keeps its households in memory, about %d bytes each: %s would need about %.0f GB, more than the %.0f GB povsim allows a run); give fewer households or --workers",
		thousands(most), plural(w, "worker"), householdBytes, thousands(n), float64(n)*float64(w)*householdBytes/1e9, maxRunBytes/1e9)
}

// setAgainstSize refuses a --set item of a parameter a size flag sets too
// (--years, --households, --population): which should hold is not clear.
func (f *runFlags) setAgainstSize(l *layered) error {
	sized := map[string]string{} // parameter path → the flag that sets it
	if f.years > 0 {
		sized["years"] = "years"
	}
	if f.households > 0 {
		sized["population.households"] = "households"
	}
	if f.population != "" {
		sized["population.households"] = "population"
	}
	for i, kv := range f.set {
		path, _, _ := strings.Cut(kv, "=")
		path = strings.TrimSpace(path)
		if flag, ok := sized[path]; ok {
			return fmt.Errorf("%s %s and %s both set %s: give one", l.itemOrigin("set", i), strings.TrimSpace(kv), l.given(flag), path)
		}
	}
	return nil
}

// load reads a scenario and applies the size flags and --set overrides.
func (f *runFlags) load(ref string) (*scenarios.Scenario, error) {
	return f.loadWith(&scenarios.Loader{}, ref)
}

// loadWith is load with the loader l.
func (f *runFlags) loadWith(l *scenarios.Loader, ref string) (*scenarios.Scenario, error) {
	sc, err := l.Load(ref)
	if err != nil {
		return nil, err
	}
	if err := f.apply(sc); err != nil {
		return nil, err
	}
	if err := f.checkSize(sc); err != nil {
		return nil, err
	}
	return sc, nil
}

// checkSize holds a scenario's own population.households (its file's, or
// a --set item's) to the memory bound --households is held to.
func (f *runFlags) checkSize(sc *scenarios.Scenario) error {
	if f.households > 0 || len(sc.Config.Households) > 0 { // checked with the flag, or fixed by records
		return nil
	}
	want := householdsMemory(sc.Config.Params.Population.Households, f.running())
	if want == "" {
		return nil
	}
	where := fmt.Sprintf("scenario %s (%s): population.households", sc.Name, sc.Source)
	for _, kv := range f.set {
		if path, _, _ := strings.Cut(kv, "="); strings.TrimSpace(path) == "population.households" {
			where = "--set " + strings.TrimSpace(kv)
		}
	}
	return fmt.Errorf("%s: %s", where, want)
}

// apply applies the size flags, --population and --set overrides to a
// loaded scenario. Errors name where each setting came from.
func (f *runFlags) apply(sc *scenarios.Scenario) error {
	type setting struct{ flag, kv string }
	var sets []setting
	if f.population != "" {
		if f.households > 0 {
			return fmt.Errorf("%s and %s: give one (the records fix the number of households)", f.src.origin("households"), f.src.origin("population"))
		}
		recs, err := f.records()
		if err != nil {
			return err
		}
		sc.Config.Households = recs
		sets = append(sets, setting{"population", fmt.Sprintf("population.households=%d", len(recs))})
	}
	if f.households > 0 {
		sets = append(sets, setting{"households", fmt.Sprintf("population.households=%d", f.households)})
	}
	if f.years > 0 {
		sets = append(sets, setting{"years", fmt.Sprintf("years=%d", f.years)})
	}
	for _, s := range sets {
		if err := sc.Override(f.src.origin(s.flag), []string{s.kv}); err != nil {
			return err
		}
	}
	if len(f.set) > 0 {
		return sc.OverrideFrom(f.src.origin("set"), func(i int) string { return f.src.itemOrigin("set", i) }, f.set)
	}
	return nil
}

// readPopulation is scenarios.ReadPopulation; tests count its calls.
var readPopulation = scenarios.ReadPopulation

// records are the households of --population's file, read once however
// many scenarios (and variants of them) are loaded; each gets its own copy.
func (f *runFlags) records() ([]sim.HouseholdRecord, error) {
	if f.recs == nil {
		recs, err := readPopulation(f.population)
		if err != nil {
			return nil, f.src.fileErr("population", err)
		}
		f.recs = recs
	}
	return slices.Clone(f.recs), nil
}

// prepareOut checks the output folder of a run or a comparison (kind)
// of scs before any work starts (it can be created and written, no output
// file is a folder, none is a file povsim did not write), so a bad path
// fails at once rather than after the simulation.
func (f *runFlags) prepareOut(kind string, scs []*scenarios.Scenario) error {
	if f.out == "" {
		return nil
	}
	if err := analysis.CheckOutput(f.out, kind, scs); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	if f, ok := w.(*os.File); ok {
		return term.IsTerminal(int(f.Fd()))
	}
	return false
}

// progress returns a callback that advances a progress bar with an ETA on a
// terminal, and does nothing otherwise.
func progress(e *env, total int, what string) (done func(), finish func()) {
	if !e.terminal {
		return func() {}, func() {}
	}
	bar := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100_000_000),
	)
	return func() { bar.Add(1) }, func() { bar.Finish() }
}
