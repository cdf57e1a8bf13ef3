package analysis

import (
	"encoding/json"
	"math"

	"github.com/povsim/povsim/sim"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Outcome is a quantity read off one year of one replication. Value reports
// false where the quantity is undefined (a share of zero households).
type Outcome struct {
	Name  string
	Label string
	Unit  string
	Value func(y *sim.YearStats) (float64, bool)
}

func ratio(num, den int) (float64, bool) {
	if den == 0 {
		return 0, false
	}
	return float64(num) / float64(den), true
}

// Outcomes are the outcomes every summary reports, in order.
var Outcomes = []Outcome{
	{"return_rate", "Return-to-poverty rate", "share of formerly poor households",
		func(y *sim.YearStats) (float64, bool) { return ratio(y.Returned, y.FormerlyPoor) }},
	{"ever_returned", "Ever returned since 2020", "share of formerly poor households",
		func(y *sim.YearStats) (float64, bool) { return ratio(y.EverReturned, y.FormerlyPoor) }},
	{"marginal_entry", "First entries, marginal", "share of marginal households",
		func(y *sim.YearStats) (float64, bool) { return ratio(y.MarginalFirst, y.Marginal) }},
	{"marginal_poor", "Poverty rate, marginal", "share of marginal households",
		func(y *sim.YearStats) (float64, bool) { return ratio(y.MarginalPoor, y.Marginal) }},
	{"headcount", "Headcount (people)", "share of people",
		func(y *sim.YearStats) (float64, bool) { return ratio(y.PoorPeople, y.People) }},
	{"poverty_gap", "Poverty gap", "share of the line per person",
		func(y *sim.YearStats) (float64, bool) {
			if y.People == 0 {
				return 0, false
			}
			return y.GapSum / float64(y.People), true
		}},
	{"monitored", "Under monitoring", "households",
		func(y *sim.YearStats) (float64, bool) { return float64(y.Monitored), true }},
	{"missed", "At risk, not monitored", "households",
		func(y *sim.YearStats) (float64, bool) { return float64(y.Missed), true }},
	{"income", "Mean income", "yuan per person",
		func(y *sim.YearStats) (float64, bool) {
			if y.People == 0 {
				return 0, false
			}
			return y.Net / float64(y.People), true
		}},
	{"cost", "Fiscal cost", "yuan",
		func(y *sim.YearStats) (float64, bool) { return totalCost(y), true }},
}

func totalCost(y *sim.YearStats) float64 {
	s := 0.0
	for _, c := range y.Cost {
		s += c
	}
	return s
}

// OutcomeByName finds an outcome, including the per-program costs
// "cost.PROGRAM" and the per-type rates "return_rate.TYPE".
func OutcomeByName(name string) (Outcome, bool) {
	for _, o := range Outcomes {
		if o.Name == name {
			return o, true
		}
	}
	for p := sim.Program(0); p < sim.NumPrograms; p++ {
		if name == "cost."+p.String() {
			return costOutcome(p), true
		}
	}
	for t := sim.Type(0); t < sim.NumTypes; t++ {
		if name == "return_rate."+t.String() {
			return typeOutcome(t), true
		}
	}
	return Outcome{}, false
}

func costOutcome(p sim.Program) Outcome {
	return Outcome{"cost." + p.String(), "Cost: " + p.String(), "yuan",
		func(y *sim.YearStats) (float64, bool) { return y.Cost[p], true }}
}

func typeOutcome(t sim.Type) Outcome {
	return Outcome{"return_rate." + t.String(), "Return rate: " + t.String(), "share of formerly poor households of the type",
		func(y *sim.YearStats) (float64, bool) {
			return ratio(y.Types[t].Returned, y.Types[t].FormerlyPoor)
		}}
}

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

// tQuantile is the 97.5% quantile of Student's t with df degrees of freedom.
func tQuantile(df int) float64 { return tQuantile1(float64(df)) }

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
	Outcome string     `json:"outcome"`
	Label   string     `json:"label"`
	Unit    string     `json:"unit"`
	Years   []Estimate `json:"years"`
	// Split, with parameter draws, divides each year's interval variance
	// between the parameters and Monte Carlo noise (ApplyDraws).
	Split []Split `json:"variance_split,omitempty"`
}

// Summary is a scenario's outcomes per year across its replications.
type Summary struct {
	Scenario string `json:"scenario"`
	Reps     int    `json:"replications"`
	// Uncertainty says what the intervals carry: empty for Monte Carlo
	// noise only, IntervalParams with parameter draws.
	Uncertainty string   `json:"uncertainty,omitempty"`
	Years       []int    `json:"years"`
	Series      []Series `json:"outcomes"`
	ByType      []Series `json:"by_type,omitempty"`
	Costs       []Series `json:"costs"`
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
			s.ByType = append(s.ByType, SeriesOf(typeOutcome(t), results))
		}
	}
	for p := sim.Program(0); p < sim.NumPrograms; p++ {
		s.Costs = append(s.Costs, SeriesOf(costOutcome(p), results))
	}
	return s
}

// SeriesOf estimates an outcome per year across replications.
func SeriesOf(o Outcome, results []sim.Result) Series {
	years := len(results[0].Years)
	se := Series{Outcome: o.Name, Label: o.Label, Unit: o.Unit, Years: make([]Estimate, years)}
	xs := make([]float64, 0, len(results))
	for t := 0; t < years; t++ {
		xs = xs[:0]
		for i := range results {
			if v, ok := o.Value(&results[i].Years[t]); ok {
				xs = append(xs, v)
			}
		}
		se.Years[t] = estimate(xs)
	}
	return se
}

// Get returns the series of an outcome by name.
func (s *Summary) Get(outcome string) (Series, bool) {
	for _, group := range [][]Series{s.Series, s.ByType, s.Costs} {
		for _, se := range group {
			if se.Outcome == outcome {
				return se, true
			}
		}
	}
	return Series{}, false
}
