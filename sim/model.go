package sim

import (
	"fmt"
	"math"
	"sort"
)

// Config is the model input of a scenario: the parameters of the first
// year and the changes its timeline makes in later years.
type Config struct {
	Params   Params
	Timeline []Change
	// Households, if not empty, are the county's own household records,
	// simulated instead of a synthetic population; Params.Population's
	// composition parameters then only fill in what records do not say.
	Households []HouseholdRecord
	// Before, if not empty, sets parameters of the year before the first,
	// on which the population is drawn (population.go) and the warm-up
	// year runs (warmup.go), where they differ from the starting
	// parameters: a scenario's own settings start in its first year, and
	// the year before runs on what they replaced in the scenario it
	// extends. Population and calendar cannot differ. A change of the
	// timeline, even in the first year, never reaches the year before.
	Before map[string]any
}

// Change sets parameters, by their dotted paths, from Year on.
type Change struct {
	Year int
	Set  map[string]any
}

// Model is a validated Config with its timeline resolved into one parameter
// set per simulated year. A Model is read-only and safe for concurrent use.
type Model struct {
	years   []Params
	before  Params // the year before the first's: the population is drawn on them (population.go)
	warm    Params // the warm-up year's: before's, with the mechanisms the warm-up leaves out switched off (warmup.go)
	records []HouseholdRecord
}

// New validates cfg and resolves its timeline.
func New(cfg Config) (*Model, error) {
	if errs := cfg.Params.Validate(); len(errs) > 0 {
		return nil, errs
	}
	years, err := cfg.Yearly()
	if err != nil {
		return nil, err
	}
	if n := len(cfg.Households); n > 0 {
		if n != cfg.Params.Population.Households {
			return nil, Errors{{Path: "population.households", Value: cfg.Params.Population.Households,
				Msg: fmt.Sprintf("the number of household records (%d)", n)}}
		}
		for i := range cfg.Households {
			if bad := cfg.Households[i].Check(); len(bad) > 0 {
				return nil, fmt.Errorf("household record %d (%s): %s: got %s, want %s", i+1, cfg.Households[i].ID, bad[0][0], bad[0][1], bad[0][2])
			}
		}
	}
	before, err := cfg.YearBefore()
	if err != nil {
		return nil, err
	}
	return &Model{years: years, before: before, warm: warmUpParams(before), records: cfg.Households}, nil
}

// Set sets the starting parameter path to value from the year before the
// first on: whatever Before held for it no longer applies. Before is
// copied, not changed in place, so configs that share it stay apart.
func (c *Config) Set(path string, value any) error {
	if err := c.Params.Set(path, value); err != nil {
		return err
	}
	if _, ok := c.Before[path]; ok {
		b := make(map[string]any, len(c.Before)-1)
		for k, v := range c.Before {
			if k != path {
				b[k] = v
			}
		}
		c.Before = b
	}
	return nil
}

// YearBefore returns the parameters of the year before the first, on which
// the population is drawn and the warm-up year runs: the starting
// parameters, before any change of the timeline (a change of the first
// year is the first year's), with Before set on them in order of their
// paths. Its error is an Errors whose paths read before.PATH: a path Before
// may not hold (FixedPath), a value Set refuses, or, once every path is
// set, what Validate finds in the result. Params itself is not validated
// first, so a fault of Params alone is reported under before. too: New
// validates Params before it calls YearBefore.
func (c Config) YearBefore() (Params, error) {
	p := c.Params.Clone()
	paths := make([]string, 0, len(c.Before))
	for k := range c.Before {
		paths = append(paths, k)
	}
	sort.Strings(paths)
	var errs Errors
	for _, path := range paths {
		if FixedPath(path) {
			errs = append(errs, FieldError{Path: "before." + path, Value: c.Before[path],
				Msg: "a parameter that may differ from the first year's (population and calendar are fixed)"})
		} else if err := p.Set(path, c.Before[path]); err != nil {
			errs = append(errs, FieldError{Path: "before." + path, Value: c.Before[path], Msg: err.Error()})
		}
	}
	if len(errs) == 0 {
		for _, e := range p.Validate() {
			e.Path = "before." + e.Path
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		return Params{}, errs
	}
	return p, nil
}

// Params returns the parameters in force in simulated year index t
// (0 is StartYear).
func (m *Model) Params(t int) Params { return m.years[t] }

// Years is the number of simulated years.
func (m *Model) Years() int { return len(m.years) }

// Households is the number of simulated households.
func (m *Model) Households() int { return m.years[0].Population.Households }

// fixedPaths are parameters a timeline cannot change: they define the
// population or the calendar, which exist before the first year.
var fixedPaths = []string{"start_year", "years", "population.", "poverty.base_year", "specialty.products"}

// FixedPath reports whether the parameter at path is fixed for a run: one
// of the population or the calendar, which exist before the first year,
// so that neither a timeline nor Config.Before may set it.
func FixedPath(path string) bool {
	for _, f := range fixedPaths {
		if path == f || (f[len(f)-1] == '.' && len(path) > len(f) && path[:len(f)] == f) {
			return true
		}
	}
	return false
}

// Yearly resolves the timeline: one Params per simulated year. Changes apply
// in order of year, and within a year in order of their paths.
func (c Config) Yearly() ([]Params, error) {
	p := c.Params
	if p.Years <= 0 {
		return nil, fmt.Errorf("years: must be at least 1 (got %d)", p.Years)
	}
	changes := append([]Change(nil), c.Timeline...)
	sort.SliceStable(changes, func(i, j int) bool { return changes[i].Year < changes[j].Year })
	var errs Errors
	for _, ch := range changes {
		if ch.Year < p.StartYear || ch.Year >= p.StartYear+p.Years {
			errs = append(errs, FieldError{Path: "timeline", Value: ch.Year,
				Msg: fmt.Sprintf("a year within the simulated years %d–%d", p.StartYear, p.StartYear+p.Years-1)})
		}
		for path := range ch.Set {
			if FixedPath(path) {
				errs = append(errs, FieldError{Path: "timeline." + path, Value: ch.Year,
					Msg: "a parameter that may change over time (population and calendar are fixed)"})
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	years := make([]Params, p.Years)
	cur := p
	ci := 0
	for t := range years {
		year := p.StartYear + t
		for ci < len(changes) && changes[ci].Year == year {
			paths := make([]string, 0, len(changes[ci].Set))
			for k := range changes[ci].Set {
				paths = append(paths, k)
			}
			sort.Strings(paths)
			next := cur.Clone()
			for _, path := range paths {
				if err := next.Set(path, changes[ci].Set[path]); err != nil {
					errs = append(errs, FieldError{Path: "timeline." + path, Value: changes[ci].Set[path], Msg: err.Error()})
				}
			}
			if verrs := next.Validate(); len(verrs) > 0 {
				for _, e := range verrs {
					if _, changed := changes[ci].Set[e.Path]; changed {
						e.Path = "timeline." + e.Path
					}
					e.Msg = fmt.Sprintf("%s (after the timeline change of %d)", e.Msg, year)
					errs = append(errs, e)
				}
			}
			cur = next
			ci++
		}
		years[t] = cur
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return years, nil
}

// Clone returns a deep copy of p.
func (p Params) Clone() Params {
	q := p
	q.Population.SizeWeights = append([]float64(nil), p.Population.SizeWeights...)
	return q
}

// Line returns the poverty line in a given year, yuan per person.
func (p *Params) Line(year int) float64 {
	return p.Poverty.Line * math.Pow(1+p.Poverty.Index, float64(year-p.Poverty.BaseYear))
}
