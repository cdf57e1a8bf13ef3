package sweep

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
	"golang.org/x/sync/errgroup"
)

// Options control how a sweep is run. None of them changes its results.
type Options struct {
	Workers  int    // goroutines, each running whole design points; 0 means 1
	Shard    Shard  // the slice of the design to run; zero for all of it
	CacheDir string // folder of finished points; "" keeps nothing (no resume)
	// Progress is called with the number of units just finished (see
	// Sweep.Units), one call at a time.
	Progress func(n int)
	// PointDone is called after each point is finished and kept in the
	// cache, one call at a time, with whether it came from the cache.
	PointDone func(index int, cached bool)
}

// Stats counts what a run did.
type Stats struct {
	Points   int // design points of the shard
	Cached   int // points read from the cache without running anything
	Computed int // points that ran at least one replication
	Runs     int // replications run
}

// Units is the amount of work of a shard, in the units Options.Progress
// counts: replications with a fixed number per point, points with a
// precision target (whose replications are not known in advance).
func (s *Sweep) Units(shard Shard) int {
	n := len(shard.Indices(s.Points()))
	if s.Precision != nil {
		return n
	}
	return n * s.Reps
}

// Run runs the design points of opt.Shard and returns their table, in
// design order. Finished points are stored in opt.CacheDir as they finish and
// reused from there, so a run interrupted at any moment (context cancelled,
// process killed) and started again redoes only the unfinished points, and
// returns the same table.
func Run(ctx context.Context, s *Sweep, opt Options) (*Table, Stats, error) {
	if opt.Shard.N > 0 {
		if _, err := ParseShard(opt.Shard.String()); err != nil {
			return nil, Stats{}, fmt.Errorf("shard: %w", err)
		}
	}
	indices := opt.Shard.Indices(s.Points())
	t := &Table{Meta: NewMeta(s, opt.Shard), Points: make([]Point, len(indices))}
	st := Stats{Points: len(indices)}
	c, err := openCache(opt.CacheDir)
	if err != nil {
		return nil, Stats{}, fmt.Errorf("cache %s: %w", opt.CacheDir, err)
	}
	defer c.close()

	var mu sync.Mutex
	report := func(units int) {
		if opt.Progress != nil && units > 0 {
			mu.Lock()
			opt.Progress(units)
			mu.Unlock()
		}
	}
	g, ctx := errgroup.WithContext(ctx)
	jobs := make(chan int)
	for range min(max(1, opt.Workers), max(1, len(indices))) { // no goroutine that would get no point
		g.Go(func() error {
			w := &worker{s: s, c: c, report: report}
			for j := range jobs {
				pt, runs, err := w.point(ctx, indices[j])
				if err != nil {
					return err
				}
				t.Points[j] = pt
				mu.Lock()
				st.Runs += runs
				if runs == 0 {
					st.Cached++
				} else {
					st.Computed++
				}
				if opt.PointDone != nil {
					opt.PointDone(pt.Index, runs == 0)
				}
				mu.Unlock()
			}
			return nil
		})
	}
	g.Go(func() error {
		defer close(jobs)
		for j := range indices {
			select {
			case jobs <- j:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, st, err
	}
	return t, st, nil
}

// worker runs design points one at a time with its own household buffers.
type worker struct {
	s      *Sweep
	c      *cache
	r      *sim.Runner
	report func(units int)
}

// point returns design point i, from the cache where it can, running the
// replications it lacks and storing them. runs is the number of
// replications run.
func (w *worker) point(ctx context.Context, i int) (pt Point, runs int, err error) {
	s := w.s
	cfg, err := s.Config(i)
	if err != nil {
		return Point{}, 0, err
	}
	m, err := sim.New(cfg)
	if err != nil {
		return Point{}, 0, fmt.Errorf("design point %d: %w", i, err)
	}
	key, err := PointKey(cfg, s.Seed)
	if err != nil {
		return Point{}, 0, err
	}
	e, err := w.c.load(key, s.Outcomes)
	if err != nil {
		return Point{}, 0, fmt.Errorf("design point %d: cache: %w", i, err)
	}
	years := make([]int, m.Years())
	for t := range years {
		years[t] = m.Params(0).StartYear + t
	}
	switch {
	case e == nil || !slices.Equal(e.Years, years):
		e = &entry{Years: years, Outcomes: append([]string(nil), s.Outcomes...)}
	case !e.covers(s.Outcomes):
		// Kept for other outcomes: run again, for them and these together.
		names := append([]string(nil), e.Outcomes...)
		for _, o := range s.Outcomes {
			if !slices.Contains(names, o) {
				names = append(names, o)
			}
		}
		e = &entry{Years: years, Outcomes: names}
	}
	stored := e.Reps

	// extend makes sure replications 0 … n−1 are in e.
	extend := func(n int) error {
		if n <= e.Reps {
			return nil
		}
		if w.r == nil {
			w.r = m.NewRunner()
		} else {
			w.r.Use(m)
		}
		outs := make([]analysis.OutcomeKey, len(e.Outcomes))
		for k, name := range e.Outcomes {
			o, err := analysis.ParseOutcome(name)
			if err != nil {
				return fmt.Errorf("cached point: %w", err)
			}
			outs[k] = o
		}
		for rep := e.Reps; rep < n; rep++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			res := w.r.Run(s.Seed, rep, sim.Options{})
			for t := range res.Years {
				for _, o := range outs {
					v, ok := o.Value(res.Years, t)
					if !ok {
						v = math.NaN()
					}
					e.Values = append(e.Values, v)
				}
			}
			e.Reps++
			runs++
			if s.Precision == nil {
				w.report(1)
			}
		}
		return nil
	}

	need := s.Reps
	if s.Precision != nil {
		need, err = w.precise(e, extend)
	} else {
		w.report(min(e.Reps, need))
		err = extend(need)
	}
	if e.Reps > stored {
		// Keep what was run, even when interrupted.
		if serr := w.c.store(key, e); serr != nil && err == nil {
			err = fmt.Errorf("design point %d: cache: %w", i, serr)
		}
	}
	if err != nil {
		return Point{}, runs, err
	}
	if s.Precision != nil {
		w.report(1)
	}
	return s.project(i, e, need), runs, nil
}

func (e *entry) covers(outcomes []string) bool {
	for _, o := range outcomes {
		if e.outcomeIndex(o) < 0 {
			return false
		}
	}
	return true
}

// precise adds replications until the precision target is met and returns
// how many the point uses; as compare's, a target is met only on at least
// analysis.MinPrecisionReps replications (max_replications is at least
// that). The decision depends on nothing but the values
// of the replications, so a point read from the cache stops where a point
// run afresh would.
func (w *worker) precise(e *entry, extend func(int) error) (int, error) {
	pr := w.s.Precision
	o := e.outcomeIndex(pr.Outcome)
	ny := len(e.Years)
	no := len(e.Outcomes)
	need := pr.Min
	xs := make([]float64, 0, pr.Max)
	for {
		if err := extend(need); err != nil {
			return 0, err
		}
		met := true
		for _, year := range w.s.Years {
			t := year - e.Years[0]
			xs = xs[:0]
			for rep := 0; rep < need; rep++ {
				if v := e.Values[(rep*ny+t)*no+o]; !math.IsNaN(v) {
					xs = append(xs, v)
				}
			}
			est := analysis.EstimateOf(xs) // not cut at the outcome's bound: the width the replications give
			target := pr.HalfWidth
			if pr.Relative > 0 {
				target = pr.Relative * math.Abs(est.Mean)
			}
			if !est.Within(target) {
				met = false
				break
			}
		}
		// As compare's rule: no target is met on fewer than
		// analysis.MinPrecisionReps replications, whatever their interval
		// (a few replications that happen to agree, or nearly, say little
		// of the spread).
		if met && need >= analysis.MinPrecisionReps || need >= pr.Max {
			return need, nil
		}
		need = min(need+pr.Step, pr.Max)
	}
}

// project keeps the sweep's outcomes and years of the first reps
// replications of an entry.
func (s *Sweep) project(i int, e *entry, reps int) Point {
	ny, no := len(s.Years), len(s.Outcomes)
	ey, eo := len(e.Years), len(e.Outcomes)
	oi := make([]int, no)
	for k, name := range s.Outcomes {
		oi[k] = e.outcomeIndex(name)
	}
	pt := Point{Index: i, Params: s.Applied(i), Reps: reps, Values: make([]float64, 0, reps*ny*no)}
	for rep := 0; rep < reps; rep++ {
		for _, year := range s.Years {
			t := year - e.Years[0]
			base := (rep*ey + t) * eo
			for _, k := range oi {
				pt.Values = append(pt.Values, e.Values[base+k])
			}
		}
	}
	return pt
}
