package sim

// Runner simulates replications of a Model. It owns the household buffers,
// so one Runner per goroutine: a Runner is not safe for concurrent use, and
// reusing it for many replications allocates only the per-replication results.
type Runner struct {
	m        *Model
	hh       []household
	villages []village
	town     []float64 // per township: uniform drawn at the start, scaled to the line multiplier each year
	products []productYear
	d        *draws
	trace    map[int]int // household index → story index
	villageN []int       // households per village

	// Counts of the year being simulated, summed into its YearStats and
	// Spells when the year ends (tally): one increment per household instead
	// of one per statistic.
	cells     [numCells]cell
	spells    []int // by (types × durations + duration) × spellState
	spellDurs int   // durations of this year's spells (startTally)

	aged int // years in which the replication's members have aged so far, this one included (demography on)

	// The households and villages as drawn, kept while the warm-up year
	// runs, and the warm-up's counts, discarded (warmup.go).
	drawnHH   []household
	drawnV    []village
	warmStats YearStats
}

type productYear struct {
	factor float64 // homogenization factor
	shock  float64 // exp(σ z) market shock
}

// NewRunner returns a Runner for m.
func (m *Model) NewRunner() *Runner {
	pop := m.years[0].Population
	nv := (pop.Households + pop.VillageSize - 1) / pop.VillageSize
	nt := (nv + pop.VillagesPerTownship - 1) / pop.VillagesPerTownship
	if len(m.records) > 0 {
		nv, nt = 0, 0
		for _, rec := range m.records {
			nv, nt = max(nv, rec.Village+1), max(nt, rec.Township+1)
		}
	}
	r := &Runner{
		m:        m,
		hh:       make([]household, pop.Households),
		villages: make([]village, nv),
		town:     make([]float64, nt),
		products: make([]productYear, m.years[0].Specialty.Products+1), // the last is the promoted specialty
		d:        newDraws(),
		villageN: make([]int, nv),
		drawnHH:  make([]household, pop.Households),
		drawnV:   make([]village, nv),
	}
	for i := range r.hh {
		if len(m.records) > 0 {
			r.villageN[m.records[i].Village]++
		} else {
			r.villageN[i/pop.VillageSize]++
		}
	}
	return r
}

// Use rebinds the Runner to another model with the same population size,
// keeping its buffers; with another size it allocates new ones.
func (r *Runner) Use(m *Model) {
	p0, p1 := r.m.years[0].Population, m.years[0].Population
	if len(r.m.records) > 0 || len(m.records) > 0 || p0.Households != p1.Households || p0.VillageSize != p1.VillageSize ||
		p0.VillagesPerTownship != p1.VillagesPerTownship || r.m.years[0].Specialty.Products != m.years[0].Specialty.Products {
		*r = *m.NewRunner()
		return
	}
	r.m = m
}

// Options select what a replication records beyond its yearly statistics.
type Options struct {
	Trace []int // households whose stories are recorded
}

// Run simulates replication rep of the run with master seed seed. The result
// depends on nothing but the model, seed and rep.
func (r *Runner) Run(seed uint64, rep int, opt Options) Result {
	res := Result{
		Seed:   seed,
		Rep:    rep,
		Years:  make([]YearStats, len(r.m.years)),
		Spells: newSpells(len(r.m.years)),
	}
	rk := repKey(seed, rep)
	r.populate(rk)
	r.warmUp(rk)
	r.trace = nil
	if len(opt.Trace) > 0 {
		r.trace = make(map[int]int, len(opt.Trace))
		for _, i := range opt.Trace {
			if i < 0 || i >= len(r.hh) {
				continue
			}
			if _, dup := r.trace[i]; dup {
				continue
			}
			r.trace[i] = len(res.Stories)
			r.hh[i].Flags |= flagTraced
			res.Stories = append(res.Stories, Story{
				Household: i, Village: int(r.hh[i].Village),
				FormerlyPoor: r.hh[i].Flags&flagFormerlyPoor != 0,
			})
		}
	}
	for t := range r.m.years {
		r.step(rk, t, &res)
	}
	return res
}

// Run is a convenience for one replication with a fresh Runner.
func (m *Model) Run(seed uint64, rep int) Result {
	return m.NewRunner().Run(seed, rep, Options{})
}

// step simulates year index t for every household: the year setup
// (docs/MODEL.md §4.0), then the household-year (§4.1–4.13) of every
// household that is not dissolved, in index order, then the year's counts.
func (r *Runner) step(rk uint64, t int, res *Result) {
	ys := &res.Years[t]
	c := r.yearSetup(rk, t, &r.m.years[t], ys)
	c.res = res
	r.startTally(len(res.Spells.OutAtRisk))
	for i := range r.hh {
		if h := &r.hh[i]; h.Flags&flagDissolved == 0 {
			r.household(i, h, &c)
		}
	}
	r.tally(ys, &res.Spells)
}
