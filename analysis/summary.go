package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/povsim/povsim/sim"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Estimate summarizes one quantity across replications: the mean with the
// 95% confidence interval of the mean (Student's t), and the standard
// deviation between replications. With fewer than two replications the
// interval is undefined; with none, everything is.
type Estimate struct {
	Mean, Lo, Hi, SD float64
	N                int // replications where the quantity is defined
}

// Defined reports whether the estimate has a mean.
func (e Estimate) Defined() bool { return e.N > 0 }

// HasInterval reports whether the estimate has an interval.
func (e Estimate) HasInterval() bool { return e.N > 1 }

// HalfWidth is half the width of the 95% interval.
func (e Estimate) HalfWidth() float64 { return (e.Hi - e.Lo) / 2 }

// Within reports whether the estimate has an interval of half-width at
// most h: the stopping rule of every precision target (compare's
// --precision, a sweep's precision block). A NaN h is never met.
func (e Estimate) Within(h float64) bool { return e.HasInterval() && e.HalfWidth() <= h }

// Neg is the estimate of −x: the mean and interval negated, the interval's
// ends swapped.
func (e Estimate) Neg() Estimate {
	return Estimate{Mean: -e.Mean, Lo: -e.Hi, Hi: -e.Lo, SD: e.SD, N: e.N}
}

// EstimateOf summarizes xs, one value per replication.
func EstimateOf(xs []float64) Estimate { return estimate(xs) }

// Estimate computes an Estimate of xs, the values of the replications.
func estimate(xs []float64) Estimate {
	n := len(xs)
	if n == 0 {
		return Estimate{}
	}
	if n == 1 {
		return Estimate{Mean: xs[0], Lo: xs[0], Hi: xs[0], N: 1}
	}
	mean, sd := stat.MeanStdDev(xs, nil)
	half := tQuantile(n-1) * sd / math.Sqrt(float64(n))
	return Estimate{Mean: mean, Lo: mean - half, Hi: mean + half, SD: sd, N: n}
}

// tQuantile is the 97.5% quantile of Student's t with df degrees of
// freedom, remembered: a sweep's summary asks for the same few many times.
func tQuantile(df int) float64 {
	if q, ok := tCache.Load(df); ok {
		return q.(float64)
	}
	q := tQuantile1(float64(df))
	tCache.Store(df, q)
	return q
}

var tCache sync.Map // degrees of freedom → quantile

func tQuantile1(df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(0.975)
}

// MarshalJSON writes undefined parts as null, never NaN.
func (e Estimate) MarshalJSON() ([]byte, error) {
	type out struct {
		Mean *float64 `json:"mean"`
		Lo   *float64 `json:"lo"`
		Hi   *float64 `json:"hi"`
		SD   *float64 `json:"sd"`
		N    int      `json:"n"`
	}
	o := out{N: e.N}
	if e.Defined() {
		o.Mean = &e.Mean
	}
	if e.HasInterval() {
		o.Lo, o.Hi, o.SD = &e.Lo, &e.Hi, &e.SD
	}
	return json.Marshal(o)
}

// Series is an outcome's estimate per simulated year.
type Series struct {
	Key OutcomeKey `json:"-"`
	// Diff marks a paired difference, alternative − base, of Key.
	Diff bool `json:"-"`
	// Outcome is Key's name, "diff."+name for a paired difference.
	Outcome    string     `json:"outcome"`
	Label      string     `json:"label"`
	Unit       string     `json:"unit"`
	Cumulative bool       `json:"cumulative"`
	Years      []Estimate `json:"years"`
	// Split, with parameter draws, divides each year's interval variance
	// between the parameters and Monte Carlo noise (ApplyDraws).
	Split []Split `json:"variance_split,omitempty"`
}

// newSeries starts the series of k (or of its paired difference) over
// years years, every estimate undefined.
func newSeries(k OutcomeKey, diff bool, years int) Series {
	se := Series{Key: k, Diff: diff, Outcome: k.String(), Label: k.Label(), Unit: k.Unit(),
		Cumulative: k.Cumulative(), Years: make([]Estimate, years)}
	if diff {
		se.Outcome, se.Label = "diff."+se.Outcome, se.Label+" (difference)"
	}
	return se
}

// set stores year t's estimate, its interval cut at the outcome's bound
// unless the series is a paired difference, which may have either sign.
func (s *Series) set(t int, e Estimate) {
	if !s.Diff {
		e = s.Key.Bound().Clamp(e)
	}
	s.Years[t] = e
}

// UnmarshalJSON reads a series back, finding its key from its name. A
// key it has no field for is an error, as in the reader of the whole
// file (jsonerr.Decode), which says where.
func (s *Series) UnmarshalJSON(b []byte) error {
	type plain Series
	var p plain
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return err
	}
	name, diff := strings.CutPrefix(p.Outcome, "diff.")
	k, err := ParseOutcome(name)
	if err != nil {
		return err
	}
	p.Key, p.Diff = k, diff
	*s = Series(p)
	for t, e := range s.Years { // a file written before intervals were cut
		s.set(t, e)
	}
	return nil
}

// Summary is a scenario's outcomes per year across its replications.
type Summary struct {
	Scenario string `json:"scenario"`
	Reps     int    `json:"replications"`
	// Seed is the master seed and Households the simulated households at
	// the start (0: not recorded); Summarize leaves them to the caller.
	Seed       uint64 `json:"seed"`
	Households int    `json:"households"`
	// Uncertainty says what the intervals carry: empty for Monte Carlo
	// noise only, IntervalParams with parameter draws.
	Uncertainty string   `json:"uncertainty,omitempty"`
	Years       []int    `json:"years"`
	Series      []Series `json:"outcomes"`
	ByType      []Series `json:"by_type,omitempty"`
	Costs       []Series `json:"costs"`
	// Causes are the yearly shares by cause (docs/MODEL.md §4 step 11) of
	// registered returns, of income-poverty returns and of the households
	// monitoring identified (registered_cause.*, return_cause.*, cause.*).
	Causes []Series `json:"causes,omitempty"`
	// CauseTotals count the same events by cause over every year and
	// replication, so that each kind's shares add up to its events.
	CauseTotals []CauseCount `json:"cause_totals,omitempty"`
}

// Kinds of events counted by cause (CauseCount.Of).
const (
	EventsRegistered = "registered_returns" // registered returns (sim.YearStats.RegisteredCauses)
	EventsIncomePoor = "income_poverty"     // formerly poor households income-poor in a year (ReturnedCauses)
	EventsCases      = "cases"              // households monitoring identified in a year (Cases)
)

// CauseCount counts one kind of event by cause, summed over every year
// and replication of a run.
type CauseCount struct {
	Of     string       `json:"of"`     // EventsRegistered, EventsIncomePoor or EventsCases
	Events int          `json:"events"` // all causes
	Causes []CauseShare `json:"causes"` // in sim.Cause order
}

// CauseShare is one cause's events and share of all the events of its
// kind; Share is nil when there was no event.
type CauseShare struct {
	Cause  string   `json:"cause"`
	Events int      `json:"events"`
	Share  *float64 `json:"share"`
}

// causeKinds lists, per kind of event, the yearly counts by cause and the
// keys of the shares.
var causeKinds = []struct {
	of    string
	count func(*sim.YearStats) *[sim.NumCauses]int
	key   func(sim.Cause) OutcomeKey
}{
	{EventsRegistered, func(y *sim.YearStats) *[sim.NumCauses]int { return &y.RegisteredCauses }, RegisteredCauseShareOf},
	{EventsIncomePoor, func(y *sim.YearStats) *[sim.NumCauses]int { return &y.ReturnedCauses }, ReturnCauseShareOf},
	{EventsCases, func(y *sim.YearStats) *[sim.NumCauses]int { return &y.Cases }, CauseShareOf},
}

// CountCauses counts registered returns, income-poverty returns and
// identifications by cause over every year and replication of results.
func CountCauses(results []sim.Result) []CauseCount {
	var out []CauseCount
	for _, kind := range causeKinds {
		var n [sim.NumCauses]int
		for r := range results {
			for t := range results[r].Years {
				for c, v := range kind.count(&results[r].Years[t]) {
					n[c] += v
				}
			}
		}
		cc := CauseCount{Of: kind.of}
		for _, v := range n {
			cc.Events += v
		}
		for c, v := range n {
			cs := CauseShare{Cause: sim.Cause(c).String(), Events: v}
			if cc.Events > 0 {
				sh := float64(v) / float64(cc.Events)
				cs.Share = &sh
			}
			cc.Causes = append(cc.Causes, cs)
		}
		out = append(out, cc)
	}
	return out
}

// Check reports what makes counts by cause read from a file unusable: an
// unknown kind, causes other than this povsim's in its order, a negative
// count, or counts that do not add up to the events.
func (cc CauseCount) Check() error {
	known := false
	for _, k := range causeKinds {
		known = known || k.of == cc.Of
	}
	if !known {
		return fmt.Errorf("cause_totals: unknown kind of event %q (want %s, %s or %s)", cc.Of, EventsRegistered, EventsIncomePoor, EventsCases)
	}
	if len(cc.Causes) != int(sim.NumCauses) {
		return fmt.Errorf("cause_totals %s: %d causes, want %d (%s)", cc.Of, len(cc.Causes), sim.NumCauses, strings.Join(causeNames(), ", "))
	}
	sum := 0
	for c, cs := range cc.Causes {
		if want := sim.Cause(c).String(); cs.Cause != want || cs.Events < 0 {
			return fmt.Errorf("cause_totals %s: cause %d is %q with %d events, want %q with 0 or more", cc.Of, c+1, cs.Cause, cs.Events, want)
		}
		sum += cs.Events
	}
	if sum != cc.Events {
		return fmt.Errorf("cause_totals %s: the causes count %d events, the total says %d", cc.Of, sum, cc.Events)
	}
	return nil
}

// CauseCount finds the counts by cause of one kind of event (EventsRegistered,
// EventsIncomePoor, EventsCases); a summary read from an older file may
// lack them.
func (s *Summary) CauseCount(of string) (CauseCount, bool) {
	for _, cc := range s.CauseTotals {
		if cc.Of == of {
			return cc, true
		}
	}
	return CauseCount{}, false
}

// Summarize computes a scenario's Summary from its replications.
func Summarize(name string, results []sim.Result, byType bool) Summary {
	s := Summary{Scenario: name, Reps: len(results)}
	if len(results) == 0 {
		return s
	}
	for _, y := range results[0].Years {
		s.Years = append(s.Years, y.Year)
	}
	for _, o := range Outcomes {
		s.Series = append(s.Series, SeriesOf(o, results))
	}
	if byType {
		for t := sim.Type(0); t < sim.NumTypes; t++ {
			s.ByType = append(s.ByType, SeriesOf(ReturnRateOf(t), results))
		}
	}
	for p := sim.Program(0); p < sim.NumPrograms; p++ {
		s.Costs = append(s.Costs, SeriesOf(CostOf(p), results))
	}
	for _, kind := range causeKinds {
		for _, k := range CauseShares(kind.key) {
			s.Causes = append(s.Causes, SeriesOf(k, results))
		}
	}
	s.CauseTotals = CountCauses(results)
	return s
}

// SeriesOf estimates a yearly outcome per year across replications.
func SeriesOf(k OutcomeKey, results []sim.Result) Series {
	years := len(results[0].Years)
	se := newSeries(k, false, years)
	xs := make([]float64, 0, len(results))
	for t := 0; t < years; t++ {
		xs = xs[:0]
		for i := range results {
			if v, ok := k.Value(results[i].Years, t); ok {
				xs = append(xs, v)
			}
		}
		se.set(t, estimate(xs))
	}
	return se
}

// Get returns the series of an outcome; one the summary lacks (the types'
// rates when they were not asked for) has every year undefined.
func (s *Summary) Get(k OutcomeKey) Series {
	if se, ok := s.find(k); ok {
		return se
	}
	return newSeries(k, false, len(s.Years))
}

func (s *Summary) find(k OutcomeKey) (Series, bool) {
	for _, group := range [][]Series{s.Series, s.ByType, s.Costs, s.Causes} {
		for _, se := range group {
			if se.Key == k && !se.Diff {
				return se, true
			}
		}
	}
	return Series{}, false
}
