package analysis

import (
	"context"
	"fmt"
	"sync"

	"github.com/povsim/povsim/sim"
	"golang.org/x/sync/errgroup"
)

// Version is povsim's version, recorded in every output's provenance.
const Version = "0.1.0"

// Options control a Monte Carlo ensemble.
type Options struct {
	Reps    int    // replications per scenario
	First   int    // index of the first replication (for adding replications to an ensemble)
	Seed    uint64 // master seed
	Workers int    // goroutines; 0 means 1
	Trace   []int  // households whose stories are recorded (replication First only)
	// Models, if set, gives the model that replication rep (counted from
	// 0, First included) of scenario model runs, instead of models[model]:
	// with parameter draws, every scenario of a replication runs on that
	// replication's draw. It must be safe for concurrent use.
	Models func(model, rep int) *sim.Model
	// Done is called once per finished replication, from any goroutine, one
	// call at a time.
	Done func()
}

// Ensemble runs replications First … First+Reps−1 of every model with the
// same seeds, so that scenario i and j of replication r share their random
// draws (common random numbers). Results are indexed [model][replication]
// and do not depend on the number of workers or the order in which the
// replications finish. Each worker holds one set of household buffers, so
// memory grows with households × workers, not with replications.
func Ensemble(ctx context.Context, models []*sim.Model, opt Options) ([][]sim.Result, error) {
	if opt.Reps < 1 {
		return nil, fmt.Errorf("replications: want at least 1, got %d", opt.Reps)
	}
	if len(models) == 0 {
		return nil, fmt.Errorf("no scenario to run")
	}
	// No more goroutines than jobs: a huge Workers must not start
	// goroutines that would never get one.
	workers := min(max(1, opt.Workers), opt.Reps*len(models))
	out := make([][]sim.Result, len(models))
	for i := range out {
		out[i] = make([]sim.Result, opt.Reps)
	}
	type job struct{ model, rep int }
	jobs := make(chan job)
	g, ctx := errgroup.WithContext(ctx)
	var mu sync.Mutex
	for w := 0; w < workers; w++ {
		g.Go(func() error {
			var r *sim.Runner
			for j := range jobs {
				rep := opt.First + j.rep
				m := models[j.model]
				if opt.Models != nil {
					m = opt.Models(j.model, rep)
				}
				if r == nil {
					r = m.NewRunner()
				} else {
					r.Use(m)
				}
				var o sim.Options
				if rep == opt.First {
					o.Trace = opt.Trace
				}
				out[j.model][j.rep] = r.Run(opt.Seed, rep, o)
				if opt.Done != nil {
					mu.Lock()
					opt.Done()
					mu.Unlock()
				}
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		defer close(jobs)
		for rep := 0; rep < opt.Reps; rep++ {
			for m := range models {
				select {
				case jobs <- job{m, rep}:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}
