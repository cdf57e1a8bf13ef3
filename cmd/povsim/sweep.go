package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/povsim/povsim/analysis/sweep"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newSweepCmd) }

type sweepFlags struct {
	out         string
	cache       string
	noCache     bool
	workers     int
	shard       string
	slurm       bool
	shards      int
	slurmScript string
	slurmOpts   []string
	slurmBinary string
	slurmRes    slurmResources
	config      string
	src         *layered // where each value came from
}

// slurmWant is what sweep takes for --slurm from a variable or a --config
// file: nothing.
const slurmWant = "--slurm on the command line (a switch that writes a script instead of running is given where it is seen)"

// read reads the flags from the layers of layerFlags. --slurm is read from
// the command line only (slurmWant says why), even when it is given there.
func (f *sweepFlags) read(l *layered) error {
	if s := os.Getenv(envName("slurm")); s != "" {
		return errors.New(envRefusal("slurm", s, slurmWant))
	}
	if l.config.has("slurm") {
		return l.config.refuse("slurm", slurmWant)
	}
	f.src = l
	f.out, f.cache, f.shard = l.GetString("out"), l.GetString("cache"), l.GetString("shard")
	f.noCache, f.slurm = l.GetBool("no-cache"), l.GetBool("slurm")
	f.workers, f.shards = l.GetInt("workers"), l.GetInt("shards")
	f.slurmScript, f.slurmBinary = l.GetString("slurm-script"), l.GetString("slurm-binary")
	f.slurmOpts = l.GetStrings("slurm-option")
	if err := l.onePerLine("slurm-option", "sbatch option", isOption); err != nil {
		return err
	}
	r := &f.slurmRes
	r.time, r.mem, r.partition, r.account = l.GetString("time"), l.GetString("mem"), l.GetString("partition"), l.GetString("account")
	return nil
}

// slurmOnly refuses, without --slurm, the flags that only shape the
// Slurm script, given on the command line or in the --config file
// (sweep --shards 3 ran the whole sweep here). Their POVSIM_* variables
// may be set for every sweep of a cluster's shell, so they are not.
func (f *sweepFlags) slurmOnly(l *layered) error {
	if f.slurm {
		return nil
	}
	why := "it shapes the Slurm script --slurm writes; to run one shard here, give --shard K/N"
	var err error
	for _, n := range []string{"shards", "time", "mem", "partition", "account", "slurm-option", "slurm-script", "slurm-binary"} {
		if l.source(n) != fromEnv {
			err = errors.Join(err, l.needs(n, "slurm", why))
		}
	}
	return err
}

// optionStart is how an sbatch option starts: -x or --name.
var optionStart = regexp.MustCompile(`^--?[A-Za-z]`)

// isOption reports whether word starts as an sbatch option does.
func isOption(word string) bool { return optionStart.MatchString(word) }

// slurmResources are sbatch's resource options, first-class flags of
// --slurm.
type slurmResources struct{ time, mem, partition, account string }

func newSweepCmd(e *env) *cobra.Command {
	f := &sweepFlags{}
	cmd := &cobra.Command{
		Use:   "sweep FILE",
		Short: "Run a parameter sweep (grid, Latin hypercube, Saltelli or Morris design) into a tidy Parquet or CSV file",
		Long: `sweep runs every point of the experimental design of a sweep file (a base scenario,
the parameters to vary by their config paths, a design, replications or a precision
target, outcomes, years and a seed) and writes one tidy row per design point ×
replication × year × outcome, with the parameter values as columns, plus a summary
per point (FILE.summary.parquet or .csv). Every point runs with the sweep's seed:
common random numbers, so differences between points are the parameters' effects.

Finished points are kept in a cache folder (--cache, by default OUT.d/), so a sweep
interrupted at any moment and run again with the same command redoes only what was
missing and writes the same bytes as an uninterrupted run.

--shard K/N runs a deterministic slice of the design (points i with i mod N = K−1);
povsim merge combines the N shard outputs into exactly what one machine writes.
--slurm writes a job-array script for a Slurm cluster instead of running anything.
See docs/SWEEPS.md.

The flags can also come from POVSIM_* variables and a --config file, except
--slurm, a switch that writes a script instead of running: POVSIM_SLURM or a
slurm key in the file is an error. The script clears every POVSIM_* variable
before its jobs run, so that they do what the script says whatever the
environment it was submitted from.`,
		Example: `  povsim sweep sweep.yaml --out results.parquet
  povsim sweep sweep.yaml --out results.csv --workers 8
  povsim sweep sweep.yaml --shard 3/10 --out shards/shard-3.parquet --cache cache/
  povsim sweep sweep.yaml --slurm --shards 20 --out results.parquet && bash results.slurm.sh
  povsim sweep old-results.parquet --out again.parquet     # rerun the sweep a results file holds`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSweep(cmd, e, f, args[0])
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", "output file: .parquet or .csv (required); the summary goes beside it")
	fl.StringVar(&f.cache, "cache", "", "folder of finished design points, reused by any sweep or shard with the same configs and seed (default: OUT.d)")
	fl.BoolVar(&f.noCache, "no-cache", false, "keep no finished points (an interrupted sweep then starts over)")
	fl.IntVar(&f.workers, "workers", runtime.NumCPU(), "parallel workers (results do not depend on it); with --slurm, CPUs per array task, 1 unless given")
	fl.StringVar(&f.shard, "shard", "", "run only shard K of N of the design, K/N with 1 ≤ K ≤ N")
	fl.BoolVar(&f.slurm, "slurm", false, "write a Slurm job-array script (one task per shard, then a merge job) instead of running; read from the command line only, never from POVSIM_SLURM or a --config file; the script clears POVSIM_* variables for its jobs")
	fl.IntVar(&f.shards, "shards", 4, "with --slurm: the number of shards (array tasks)")
	fl.StringVar(&f.slurmScript, "slurm-script", "", "with --slurm: where to write the script (default: OUT without extension + .slurm.sh)")
	fl.StringArrayVar(&f.slurmOpts, "slurm-option", nil, "with --slurm: any other sbatch option for every job (repeatable; POVSIM_SLURM_OPTION takes one a line), e.g. --slurm-option=--qos=long")
	fl.StringVar(&f.slurmBinary, "slurm-binary", "", "with --slurm: the povsim binary the jobs run, at a path the compute nodes see (default: this povsim)")
	fl.StringVar(&f.slurmRes.time, "time", "", "with --slurm: time limit of each job (sbatch --time, e.g. 02:00:00; default: an estimate from the sweep's size)")
	fl.StringVar(&f.slurmRes.mem, "mem", "", "with --slurm: memory of each job (sbatch --mem, e.g. 4G)")
	fl.StringVar(&f.slurmRes.partition, "partition", "", "with --slurm: partition (sbatch --partition)")
	fl.StringVar(&f.slurmRes.account, "account", "", "with --slurm: account charged (sbatch --account)")
	registerConfig(cmd, &f.config)
	return cmd
}

func runSweep(cmd *cobra.Command, e *env, f *sweepFlags, file string) error {
	l, err := layerFlags(cmd, &f.config)
	if err != nil {
		return err
	}
	if err := f.read(l); err != nil {
		return err
	}
	if f.out == "" {
		return fmt.Errorf("--out: give the output file, e.g. --out results.parquet (or .csv)")
	}
	if err := sweep.CheckOutput(f.out); err != nil {
		return fmt.Errorf("%s: %w", l.origin("out"), err)
	}
	if want := workerCount(strconv.Itoa(f.workers)); want != "" {
		return l.refuse("workers", want)
	}
	if err := f.slurmOnly(l); err != nil {
		return err
	}
	var shard sweep.Shard
	if f.shard != "" {
		if f.slurm {
			return fmt.Errorf("%s and %s: the Slurm script runs the shards itself; give --shards N", l.origin("shard"), l.origin("slurm"))
		}
		s, err := sweep.ParseShard(f.shard)
		if err != nil {
			return fmt.Errorf("%s: %w", l.origin("shard"), err)
		}
		shard = s
	}
	sw, err := loadSweep(file)
	if err != nil {
		return err
	}
	if err := cmd.Context().Err(); err != nil {
		return err // interrupted while loading
	}
	for _, w := range sw.Warnings {
		fmt.Fprintf(e.stderr, "povsim: warning: %s\n", w)
	}
	cache := f.cache
	if cache == "" {
		cache = f.out + ".d"
	}
	if f.slurm && l.source("workers") == fromDefault {
		f.workers = 1 // one CPU per array task unless asked
	}
	if err := sweepMemory(f, sw, file, shard); err != nil {
		return err
	}
	if f.slurm {
		return writeSlurm(e, f, sw, file, cache)
	}
	if f.noCache {
		cache = ""
	}

	total := sw.Units(shard)
	done, finish := progress(e, total, "sweep "+sw.Name)
	tab, st, err := sweep.Run(cmd.Context(), sw, sweep.Options{
		Workers: f.workers, Shard: shard, CacheDir: cache,
		Progress: func(n int) {
			for range n {
				done()
			}
		},
	})
	finish()
	if err != nil {
		if cmd.Context().Err() != nil && cache != "" {
			return fmt.Errorf("sweep %s stopped: %w (finished design points are kept in %s; run the same command again to resume)", sw.Name, err, cache)
		}
		return err
	}
	if err := sweep.Write(f.out, tab); err != nil {
		return err
	}
	files, _ := sweep.OutputFiles(f.out)
	what := fmt.Sprintf("%d design points", st.Points)
	if shard.N > 0 {
		what = fmt.Sprintf("shard %s: %d of %d design points", shard, st.Points, sw.Points())
	}
	reps := fmt.Sprintf("%d replications each", sw.Reps)
	if sw.Precision != nil {
		reps = fmt.Sprintf("%d to %d replications each for ±%s", sw.Precision.Min, sw.Precision.Max, precisionTarget(sw.Precision))
	}
	fmt.Fprintf(e.stderr, "sweep %s: %s, %s; %d ran (%d replications), %d from the cache\n", sw.Name, what, reps, st.Computed, st.Runs, st.Cached)
	fmt.Fprintf(e.stderr, "wrote %s and %s\n", files.Results, files.Summary)
	return nil
}

// sweepMemory holds the largest population a design point of the sweep
// (or of its shard; with --slurm, of one array task) simulates to the
// memory bound run and compare hold --households to, before anything
// runs. A worker runs one design point at a time, its replications one
// after another, so at most min(workers, points) run at once.
func sweepMemory(f *sweepFlags, sw *sweep.Sweep, file string, shard sweep.Shard) error {
	n, key := sw.Households()
	points := len(shard.Indices(sw.Points()))
	if f.slurm {
		points = (sw.Points() + max(f.shards, 1) - 1) / max(f.shards, 1)
	}
	if want := householdsMemory(n, min(f.workers, max(points, 1))); want != "" {
		return fmt.Errorf("%s: %s: got %s households, want %s", file, key, thousands(n), want)
	}
	return nil
}

func precisionTarget(p *sweep.Precision) string {
	if p.Relative > 0 {
		return fmt.Sprintf("%g%% of the mean of %s", 100*p.Relative, p.Outcome)
	}
	return fmt.Sprintf("%g in %s", p.HalfWidth, p.Outcome)
}

// loadSweep reads a sweep file, or the resolved sweep a results file holds.
func loadSweep(file string) (*sweep.Sweep, error) {
	switch filepath.Ext(file) {
	case sweep.FormatParquet, sweep.FormatCSV:
		tab, err := sweep.Read(file)
		if err != nil {
			return nil, err
		}
		return sweep.Parse(file+" (resolved sweep)", []byte(tab.Meta.Sweep))
	}
	return sweep.Load(file)
}

// writeSlurm writes the job-array script of the sweep.
func writeSlurm(e *env, f *sweepFlags, sw *sweep.Sweep, file, cache string) error {
	if f.shards < 1 {
		return f.src.refuse("shards", "at least 1")
	}
	if f.shards > sw.Points() {
		return f.src.refuse("shards", fmt.Sprintf("at most %d (the design has only %d points, and one shard needs at least one)", sw.Points(), sw.Points()))
	}
	switch filepath.Ext(file) {
	case sweep.FormatParquet, sweep.FormatCSV:
		return fmt.Errorf("--slurm: give the sweep file itself, not a results file")
	}
	for i, o := range f.slurmOpts {
		if err := sweep.CheckOption(o); err != nil {
			return fmt.Errorf("%s %q: %w", f.src.itemOrigin("slurm-option", i), o, err)
		}
	}
	abs := func(p string) (string, error) { return filepath.Abs(p) }
	exe, err := slurmBinary(e, f.slurmBinary, f.src.origin("slurm-binary"))
	if err != nil {
		return err
	}
	script := f.slurmScript
	if script == "" {
		script = strings.TrimSuffix(f.out, filepath.Ext(f.out)) + ".slurm.sh"
	}
	var paths [4]string
	for i, p := range []string{file, f.out, cache, script} {
		if paths[i], err = abs(p); err != nil {
			return err
		}
	}
	timeLimit, timeNote := f.slurmRes.time, ""
	timeGiven := timeLimit != ""
	for _, o := range f.slurmOpts {
		timeGiven = timeGiven || strings.HasPrefix(o, "--time") || strings.HasPrefix(o, "-t")
	}
	if !timeGiven {
		timeLimit, timeNote = estimateTime(sw, f.shards, f.workers)
	}
	b, err := sweep.SlurmScript(sweep.SlurmOptions{
		Povsim: exe, Sweep: paths[0], Out: paths[1], Cache: paths[2], Script: paths[3],
		Shards: f.shards, Workers: f.workers, Name: sw.Name, Points: sw.Points(), Extra: f.slurmOpts,
		Time: timeLimit, Mem: f.slurmRes.mem, Partition: f.slurmRes.partition, Account: f.slurmRes.account, TimeNote: timeNote,
	})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(paths[3]), 0o755); err != nil {
		return err
	}
	// The folder for the jobs' output must exist before sbatch, even when
	// the script is submitted with sbatch directly.
	if err := os.MkdirAll(sweep.LogDir(paths[1]), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(paths[3], b, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s\n", paths[3])
	fmt.Fprintf(e.stderr, "wrote the Slurm script of sweep %s (%d points in %d array tasks, then a merge job)\nsubmit it on the cluster with: bash %s\n",
		sw.Name, sw.Points(), f.shards, paths[3])
	return nil
}

// slurmBinary is the povsim the jobs run: --slurm-binary, or this one. A
// binary of `go run` (a temporary build, gone when it exits) is refused; one
// in a temporary folder gets a warning (compute nodes rarely see it).
func slurmBinary(e *env, given, origin string) (string, error) {
	exe := given
	if exe == "" {
		self, err := os.Executable()
		if err != nil {
			return "", fmt.Errorf("--slurm: cannot find the povsim binary: %w (name it with --slurm-binary)", err)
		}
		exe = self
	}
	exe, err := filepath.Abs(exe)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	st, err := os.Stat(exe)
	switch {
	case err != nil:
		return "", fmt.Errorf("%s %s: %w", origin, exe, unwrapPathErr(err))
	case st.IsDir() || st.Mode().Perm()&0o111 == 0:
		return "", fmt.Errorf("%s %s: not an executable file", origin, exe)
	}
	if given == "" && strings.Contains(exe, string(filepath.Separator)+"go-build") {
		return "", fmt.Errorf("--slurm: this povsim is a temporary build (%s, from go run?) that is deleted when it exits, so every task would fail; "+
			"build one (go build -o ~/bin/povsim ./cmd/povsim) and run it, or name it with --slurm-binary", exe)
	}
	if tmp := os.TempDir(); strings.HasPrefix(exe, tmp+string(filepath.Separator)) {
		fmt.Fprintf(e.stderr, "povsim: warning: the jobs will run %s, in %s, which is usually local to this machine: compute nodes may not see it (name another with --slurm-binary)\n", exe, tmp)
	}
	return exe, nil
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// householdYearCost is what one simulated household-year costs one CPU,
// generously (about 105 ns measured on the project's machine, README's
// Speed; clusters' cores are often slower, and sweeps add overhead).
const householdYearCost = 300 * time.Nanosecond

// estimateTime estimates a time limit for each job from the sweep's size:
// the household-years of a shard's points at the base scenario's size (the
// most replications a precision target allows), at householdYearCost per
// CPU, times 3, and at least 15 minutes. It returns sbatch's D-HH:MM:SS and
// a note for the script.
func estimateTime(sw *sweep.Sweep, shards, workers int) (string, string) {
	p := sw.Base.Config.Params
	reps := sw.Reps
	if sw.Precision != nil {
		reps = sw.Precision.Max
	}
	points := (sw.Points() + shards - 1) / shards
	units := float64(points) * float64(reps) * float64(p.Population.Households) * float64(p.Years)
	est := time.Duration(units * float64(householdYearCost) / float64(max(1, workers)))
	limit := max(15*time.Minute, 3*est).Round(time.Minute)
	if limit < 3*est {
		limit += time.Minute
	}
	d := int(limit.Hours()) / 24
	h, m := int(limit.Hours())%24, int(limit.Minutes())%60
	s := fmt.Sprintf("%d-%02d:%02d:00", d, h, m)
	note := fmt.Sprintf("--time %s is an estimate: %d points × %d replications × %d households × %d years per task at %v per household-year and CPU, times 3 (at least 15 min). Pass --time to set it; a task stopped by its limit is finished by resubmit.",
		s, points, reps, p.Population.Households, p.Years, householdYearCost)
	return s, note
}
