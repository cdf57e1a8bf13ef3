package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

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
}

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
See docs/SWEEPS.md.`,
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
	fl.IntVar(&f.workers, "workers", runtime.NumCPU(), "parallel workers (results do not depend on it); with --slurm, CPUs per array task (default 1)")
	fl.StringVar(&f.shard, "shard", "", "run only shard K of N of the design, K/N with 1 ≤ K ≤ N")
	fl.BoolVar(&f.slurm, "slurm", false, "write a Slurm job-array script (one task per shard, then a merge job) instead of running")
	fl.IntVar(&f.shards, "shards", 4, "with --slurm: the number of shards (array tasks)")
	fl.StringVar(&f.slurmScript, "slurm-script", "", "with --slurm: where to write the script (default: OUT without extension + .slurm.sh)")
	fl.StringArrayVar(&f.slurmOpts, "slurm-option", nil, "with --slurm: an sbatch option for every job (repeatable), e.g. --slurm-option=--time=02:00:00")
	return cmd
}

func runSweep(cmd *cobra.Command, e *env, f *sweepFlags, file string) error {
	if f.out == "" {
		return fmt.Errorf("--out: give the output file, e.g. --out results.parquet (or .csv)")
	}
	if err := sweep.CheckOutput(f.out); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	if f.workers < 1 {
		return fmt.Errorf("--workers: got %d, want at least 1", f.workers)
	}
	var shard sweep.Shard
	if f.shard != "" {
		if f.slurm {
			return fmt.Errorf("--shard and --slurm: the Slurm script runs the shards itself; give --shards N")
		}
		s, err := sweep.ParseShard(f.shard)
		if err != nil {
			return fmt.Errorf("--shard: %w", err)
		}
		shard = s
	}
	sw, err := loadSweep(file)
	if err != nil {
		return err
	}
	for _, w := range sw.Warnings {
		fmt.Fprintf(e.stderr, "povsim: warning: %s\n", w)
	}
	cache := f.cache
	if cache == "" {
		cache = f.out + ".d"
	}
	if f.slurm {
		if !cmd.Flags().Changed("workers") {
			f.workers = 1 // one CPU per array task unless asked
		}
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
		return fmt.Errorf("--shards: got %d, want at least 1", f.shards)
	}
	if f.shards > sw.Points() {
		return fmt.Errorf("--shards: got %d, but the design has only %d points (one shard needs at least one)", f.shards, sw.Points())
	}
	switch filepath.Ext(file) {
	case sweep.FormatParquet, sweep.FormatCSV:
		return fmt.Errorf("--slurm: give the sweep file itself, not a results file")
	}
	abs := func(p string) (string, error) { return filepath.Abs(p) }
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("--slurm: cannot find the povsim binary: %w", err)
	}
	exe, _ = filepath.EvalSymlinks(exe)
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
	b, err := sweep.SlurmScript(sweep.SlurmOptions{
		Povsim: exe, Sweep: paths[0], Out: paths[1], Cache: paths[2], Script: paths[3],
		Shards: f.shards, Workers: f.workers, Name: sw.Name, Points: sw.Points(), Extra: f.slurmOpts,
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
