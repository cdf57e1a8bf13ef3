package sim_test

import (
	"testing"
	"time"

	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// The model's speed is stated per household-year. Two kinds of benchmark:
//
//   - Benchmark<Scenario> runs whole replications, as povsim run does: the
//     population is drawn, then every year simulated. Its ns/household-year
//     includes the population, spread over the years.
//
//   - Benchmark<Scenario>Year separates the two costs without exposing
//     anything from the package: each iteration runs one replication of the
//     scenario cut to 1 year and one cut to 1+yearsSteady years, same seed
//     and replication (so the same population and the same first year), each
//     timed on its own. The difference is the cost of yearsSteady years after
//     the first — the steady state — and is divided by the household-years
//     simulated in them (households that died out are skipped, so they do not
//     count), reported as ns/household-year; the 1-year run less one such
//     year is the population, reported as ns/household-population. Both include the yearly village and product
//     draws (yearSetup) and the per-replication result allocations, as a real
//     run does.
//
// An op of a …Year benchmark is the two replications, so its ns/op, B/op and
// allocs/op are of both. Allocations are per replication (the Result), never
// per household-year.

const yearsSteady = 20

func params(b *testing.B, scenario string, households int) sim.Config {
	b.Helper()
	if scenario == "" {
		p := sim.Default()
		p.Population.Households = households
		return sim.Config{Params: p}
	}
	s, err := scenarios.Load(scenario)
	if err != nil {
		b.Fatal(err)
	}
	c := s.Config
	c.Params = c.Params.Clone()
	if households > 0 {
		c.Params.Population.Households = households
	}
	return c
}

func model(b *testing.B, c sim.Config, years int) *sim.Model {
	b.Helper()
	if years > 0 {
		c.Params = c.Params.Clone()
		c.Params.Years = years
		// A timeline change beyond the years simulated is dropped.
		var tl []sim.Change
		for _, ch := range c.Timeline {
			if ch.Year < c.Params.StartYear+years {
				tl = append(tl, ch)
			}
		}
		c.Timeline = tl
	}
	m, err := sim.New(c)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// benchmarkRuns runs whole replications and reports the cost of one
// household-year, population included.
func benchmarkRuns(b *testing.B, c sim.Config) {
	m := model(b, c, 0)
	r := m.NewRunner()
	r.Run(1, 0, sim.Options{}) // warm the buffers
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r.Run(1, i, sim.Options{})
	}
	hy := float64(b.N) * float64(m.Households()*m.Years())
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/hy, "ns/household-year")
}

// benchmarkYears reports the steady-state cost of one household-year and,
// apart, the cost of drawing the population (see the top of the file).
func benchmarkYears(b *testing.B, c sim.Config) {
	short, long := model(b, c, 1), model(b, c, 1+yearsSteady)
	rs, rl := short.NewRunner(), long.NewRunner()
	rs.Run(1, 0, sim.Options{})
	rl.Run(1, 0, sim.Options{})
	var ts, tl time.Duration
	alive := 0 // household-years after the first, of households still alive
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		rs.Run(1, i, sim.Options{})
		t1 := time.Now()
		res := rl.Run(1, i, sim.Options{})
		ts += t1.Sub(t0)
		tl += time.Since(t1)
		for _, y := range res.Years[1:] {
			alive += y.Households
		}
	}
	year := float64(tl-ts) / float64(alive)
	b.ReportMetric(year, "ns/household-year")
	b.ReportMetric(float64(ts)/(float64(b.N)*float64(short.Households()))-year, "ns/household-population")
}

// BenchmarkBaseline is the default parameters, 20,000 households, 10 years.
func BenchmarkBaseline(b *testing.B) { benchmarkRuns(b, params(b, "", 20000)) }

// BenchmarkBaselineYear is the steady-state year of the default parameters.
func BenchmarkBaselineYear(b *testing.B) { benchmarkYears(b, params(b, "", 20000)) }

// BenchmarkBenchReference is scenarios/library/bench-reference.yaml as it is:
// 10,000 households, 10 years.
func BenchmarkBenchReference(b *testing.B) { benchmarkRuns(b, params(b, "bench-reference", 0)) }

// BenchmarkBenchReferenceYear is its steady-state year.
func BenchmarkBenchReferenceYear(b *testing.B) {
	benchmarkYears(b, params(b, "bench-reference", 0))
}

// BenchmarkBaselineYearLarge is the steady-state year with a million
// households, whose state does not fit in cache: what povsim run
// --households 1000000 sees.
func BenchmarkBaselineYearLarge(b *testing.B) { benchmarkYears(b, params(b, "", 1000000)) }
