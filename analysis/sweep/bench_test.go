package sweep

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

// benchSweep is 200 points × 5 replications of one small village (200
// households, 10 years) of the baseline.
const benchSweep = `name: bench
base: baseline
set: {population.households: 200}
parameters:
  - {path: transfers.subsidy.level, min: 0, max: 1}
  - {path: monitoring.detection, min: 0.2, max: 0.9}
design: {kind: latin-hypercube, n: 200}
replications: 5
outcomes: [return_rate, headcount, poverty_gap, income, cost]
seed: 1
`

// direct runs the same replications as a sweep without it: one model per
// point, one runner reused, the outcomes read off each replication, nothing
// kept or written.
func direct(b *testing.B, sw *Sweep) float64 {
	var r *sim.Runner
	outs := make([]analysis.OutcomeKey, len(sw.Outcomes))
	for k, name := range sw.Outcomes {
		var err error
		if outs[k], err = analysis.ParseOutcome(name); err != nil {
			b.Fatal(err)
		}
	}
	sum := 0.0
	for i := range sw.Points() {
		cfg, err := sw.Config(i)
		if err != nil {
			b.Fatal(err)
		}
		m, err := sim.New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		if r == nil {
			r = m.NewRunner()
		} else {
			r.Use(m)
		}
		for rep := range sw.Reps {
			res := r.Run(sw.Seed, rep, sim.Options{})
			for t := range res.Years {
				for _, o := range outs {
					v, _ := o.Value(res.Years, t)
					sum += v
				}
			}
		}
	}
	return sum
}

// BenchmarkSweepOverhead measures what a sweep costs beyond the runs it is
// made of: each iteration runs the 200 × 5 replications directly, then as a
// sweep from an empty cache (keying, cache files, assembly and the Parquet
// output with its summary), then again from the full cache (a resumed or
// repeated sweep). One worker each, interleaved so that a busy machine
// slows both alike. Reported per design point, in wall time and in the
// process's CPU time (user + system), which other programs on the machine
// do not inflate.
//
//	go test ./analysis/sweep -run '^$' -bench SweepOverhead -benchtime 5x
func BenchmarkSweepOverhead(b *testing.B) { benchOverhead(b, benchSweep) }

// BenchmarkSweepOverheadLarge is the same with 2,000 households and 40
// points: ten times the work per point.
func BenchmarkSweepOverheadLarge(b *testing.B) {
	benchOverhead(b, strings.NewReplacer("households: 200}", "households: 2000}", "n: 200}", "n: 40}").Replace(benchSweep))
}

func benchOverhead(b *testing.B, src string) {
	sw := parse(b, "bench.yaml", src)
	var wDirect, wSweep, wCached, cDirect, cSweep, cCached time.Duration
	timed := func(wall, cpu *time.Duration, f func()) {
		t0, c0 := time.Now(), cpuTime()
		f()
		*wall += time.Since(t0)
		*cpu += cpuTime() - c0
	}
	for b.Loop() {
		timed(&wDirect, &cDirect, func() { direct(b, sw) })

		dir, err := os.MkdirTemp(b.TempDir(), "it")
		if err != nil {
			b.Fatal(err)
		}
		opt := Options{Workers: 1, CacheDir: filepath.Join(dir, "cache")}
		timed(&wSweep, &cSweep, func() {
			tab, _, err := Run(context.Background(), sw, opt)
			if err == nil {
				err = Write(filepath.Join(dir, "out.parquet"), tab)
			}
			if err != nil {
				b.Fatal(err)
			}
		})
		timed(&wCached, &cCached, func() {
			tab, st, err := Run(context.Background(), sw, opt)
			if err == nil {
				err = Write(filepath.Join(dir, "again.parquet"), tab)
			}
			if err != nil || st.Runs != 0 {
				b.Fatal(err, st)
			}
		})
	}
	points := float64(b.N * sw.Points())
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 / points }
	b.ReportMetric(per(wDirect), "direct-µs/point")
	b.ReportMetric(per(wSweep), "sweep-µs/point")
	b.ReportMetric(per(wSweep)-per(wDirect), "overhead-µs/point")
	b.ReportMetric(per(wCached), "cached-µs/point")
	if cDirect > 0 {
		b.ReportMetric(per(cDirect), "direct-cpu-µs/point")
		b.ReportMetric(per(cSweep)-per(cDirect), "overhead-cpu-µs/point")
		b.ReportMetric(100*(per(cSweep)-per(cDirect))/per(cDirect), "overhead-cpu-%")
		b.ReportMetric(per(cCached), "cached-cpu-µs/point")
	}
}
