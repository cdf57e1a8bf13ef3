package analysis

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/povsim/povsim/sim"
)

// Comparison sets scenarios side by side against a base, on the same
// simulated households with common random numbers: replication r of every
// scenario uses the same draws, so differences are paired per replication.
type Comparison struct {
	Base string `json:"base"`
	Reps int    `json:"replications"`
	// Uncertainty says what the intervals carry (as Summary.Uncertainty).
	Uncertainty string        `json:"uncertainty,omitempty"`
	Years       []int         `json:"years"`
	Summaries   []Summary     `json:"scenarios"`
	Diffs       []Differences `json:"differences"`
	// Variants, if asked for (povsim compare --variants), are Diffs rerun
	// under each of the model's variants.
	Variants []VariantDiffs `json:"variants,omitempty"`
}

// Differences are one alternative's paired differences to the base.
type Differences struct {
	Scenario string `json:"scenario"`
	// Paired: per outcome, the mean over replications of (alt − base) per
	// year with its 95% interval.
	Paired []Series `json:"paired"`
	// UnpairedHalfWidth is the half-width of the 95% interval of the
	// return-rate difference per year had the two scenarios been run on
	// independent random numbers (Welch over replications), kept to show
	// what pairing buys. It is the Monte Carlo interval of the mean even
	// when the run has parameter draws (ApplyDrawsComparison leaves it),
	// so then it is not comparable with the paired interval.
	// NaN (null in JSON, empty in CSV) where either scenario has fewer
	// than two replications defined.
	UnpairedHalfWidth HalfWidths `json:"unpaired_half_width"`
	// KeptOut is, per year, the formerly poor households not poor in the
	// alternative that are poor in the base (base − alt), and Avoided the
	// households that never returned by that year (base − alt of ever returned).
	KeptOut Series `json:"kept_out"`
	Avoided Series `json:"returns_avoided"`
	// ExtraCost is the cumulative fiscal cost difference (alt − base) up to
	// each year, yuan.
	ExtraCost Series `json:"extra_cost"`
	// CostPerAvoided is the extra cumulative cost per return avoided at the
	// horizon (ratio of the means); defined only when returns were avoided.
	CostPerAvoided *float64 `json:"cost_per_return_avoided"`
	// RegisteredAvoided is, per year, the registered returns avoided since
	// the start: the sum over the years so far of the base's registered
	// returns minus the alternative's (a household registered in two
	// years counts twice, as the record counts registrations).
	RegisteredAvoided Series `json:"registered_returns_avoided"`
	// CostPerRegistered is the extra cumulative cost per registered return
	// avoided at the horizon (ratio of the means); defined only when
	// registered returns were avoided.
	CostPerRegistered *float64 `json:"cost_per_registered_return_avoided"`
}

// Compare summarizes results [scenario][replication]; names[0] is the base.
func Compare(names []string, results [][]sim.Result, byType bool) Comparison {
	c := Comparison{Base: names[0], Reps: len(results[0])}
	for i, n := range names {
		c.Summaries = append(c.Summaries, Summarize(n, results[i], byType))
	}
	c.Years = c.Summaries[0].Years
	base := results[0]
	for i := 1; i < len(names); i++ {
		c.Diffs = append(c.Diffs, differences(names[i], base, results[i], byType))
	}
	return c
}

func differences(name string, base, alt []sim.Result, byType bool) Differences {
	d := Differences{Scenario: name}
	outs := append([]OutcomeKey(nil), Outcomes...)
	if byType {
		for t := sim.Type(0); t < sim.NumTypes; t++ {
			outs = append(outs, ReturnRateOf(t))
		}
	}
	for p := sim.Program(0); p < sim.NumPrograms; p++ {
		outs = append(outs, CostOf(p))
	}
	for _, o := range outs {
		d.Paired = append(d.Paired, pairedSeries(newSeries(o, true, len(base[0].Years)), o.Value, base, alt))
	}
	years := len(base[0].Years)
	for t := 0; t < years; t++ {
		var xa, xb []float64
		for r := range base {
			if v, ok := ReturnRate.Value(base[r].Years, t); ok {
				xb = append(xb, v)
			}
			if v, ok := ReturnRate.Value(alt[r].Years, t); ok {
				xa = append(xa, v)
			}
		}
		d.UnpairedHalfWidth = append(d.UnpairedHalfWidth, welchHalfWidth(xa, xb))
	}
	// Kept out and avoided are base − alt: the pairs are swapped.
	d.KeptOut = pairedSeries(newSeries(KeptOut, false, years),
		func(ys []sim.YearStats, t int) (float64, bool) { return float64(ys[t].Returned), true }, alt, base)
	d.Avoided = pairedSeries(newSeries(ReturnsAvoided, false, years),
		func(ys []sim.YearStats, t int) (float64, bool) { return float64(ys[t].EverReturned), true }, alt, base)
	d.ExtraCost = cumulative(newSeries(ExtraCost, false, years), base, alt, totalCost)
	d.RegisteredAvoided = cumulative(newSeries(RegisteredAvoided, false, years), alt, base,
		func(y *sim.YearStats) float64 { return float64(y.Registered) })
	h := years - 1
	d.CostPerAvoided = perAvoided(d.ExtraCost.Years[h], d.Avoided.Years[h])
	d.CostPerRegistered = perAvoided(d.ExtraCost.Years[h], d.RegisteredAvoided.Years[h])
	return d
}

// cumulative fills se with the sum over the years so far of f(alt) −
// f(base), per replication.
func cumulative(se Series, base, alt []sim.Result, f func(*sim.YearStats) float64) Series {
	cum := make([]float64, len(base))
	for t := range se.Years {
		for r := range base {
			cum[r] += f(&alt[r].Years[t]) - f(&base[r].Years[t])
		}
		se.set(t, estimate(append([]float64(nil), cum...)))
	}
	return se
}

// perAvoided is the ratio of the mean extra cost to the mean returns
// avoided, nil unless it can be estimated (costPerReason).
func perAvoided(cost, avoided Estimate) *float64 {
	if costPerReason(avoided, cost) != "" {
		return nil
	}
	v := cost.Mean / avoided.Mean
	return &v
}

// PairedSeries estimates k(alt) − k(base) of a yearly outcome per year over
// the replications where both are defined (replication r of both run on
// the same draws).
func PairedSeries(k OutcomeKey, base, alt []sim.Result) Series {
	return pairedSeries(newSeries(k, true, len(base[0].Years)), k.Value, base, alt)
}

// Paired estimates f(alt) − f(base) of a whole-run quantity over the
// replications where both are defined.
func Paired(base, alt []sim.Result, f func(*sim.Result) (float64, bool)) Estimate {
	d := make([]float64, 0, len(base))
	for r := range base {
		b, okB := f(&base[r])
		a, okA := f(&alt[r])
		if okA && okB {
			d = append(d, a-b)
		}
	}
	return estimate(d)
}

// pairedSeries fills se with f(alt) − f(base) per year over replications
// where both are defined; f reads year t of a replication's years (as
// OutcomeKey.Value does).
func pairedSeries(se Series, f func(years []sim.YearStats, t int) (float64, bool), base, alt []sim.Result) Series {
	xs := make([]float64, 0, len(base))
	for t := range se.Years {
		xs = xs[:0]
		for r := range base {
			a, okA := f(alt[r].Years, t)
			b, okB := f(base[r].Years, t)
			if okA && okB {
				xs = append(xs, a-b)
			}
		}
		se.set(t, estimate(xs))
	}
	return se
}

// welchHalfWidth is the 95% half-width of mean(a) − mean(b) for independent
// samples (Welch–Satterthwaite degrees of freedom); NaN, no interval, when
// either has fewer than two values (not 0, a width it does not have).
func welchHalfWidth(a, b []float64) float64 {
	ea, eb := estimate(a), estimate(b)
	if !ea.HasInterval() || !eb.HasInterval() {
		return math.NaN()
	}
	va, vb := ea.SD*ea.SD/float64(ea.N), eb.SD*eb.SD/float64(eb.N)
	if va+vb == 0 {
		return 0
	}
	df := (va + vb) * (va + vb) / (va*va/float64(ea.N-1) + vb*vb/float64(eb.N-1))
	return tQuantileF(df) * math.Sqrt(va+vb)
}

// HalfWidths are half-widths per year, NaN where there is none: null in
// JSON (which has no NaN), read back as NaN.
type HalfWidths []float64

// MarshalJSON writes NaN as null.
func (h HalfWidths) MarshalJSON() ([]byte, error) {
	out := make([]*float64, len(h))
	for i := range h {
		if !math.IsNaN(h[i]) {
			out[i] = &h[i]
		}
	}
	return json.Marshal(out)
}

// numOrEmpty writes x for CSV, NaN as empty.
func numOrEmpty(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return num(x)
}

// UnmarshalJSON reads null as NaN.
func (h *HalfWidths) UnmarshalJSON(b []byte) error {
	var in []*float64
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*h = make(HalfWidths, len(in))
	for i, x := range in {
		(*h)[i] = math.NaN()
		if x != nil {
			(*h)[i] = *x
		}
	}
	return nil
}

// Get finds the paired difference of a yearly outcome (Get(ReturnRate) is
// the difference of return rates), or the comparison series KeptOut,
// ReturnsAvoided and ExtraCost. One the comparison lacks (the types' rates
// when they were not asked for) has every year undefined.
func (d *Differences) Get(k OutcomeKey) Series {
	if se, ok := d.find(k); ok {
		return se
	}
	return newSeries(k, k.Yearly(), len(d.ExtraCost.Years))
}

func (d *Differences) find(k OutcomeKey) (Series, bool) {
	switch k {
	case KeptOut:
		return d.KeptOut, d.KeptOut.Years != nil
	case ReturnsAvoided:
		return d.Avoided, d.Avoided.Years != nil
	case ExtraCost:
		return d.ExtraCost, d.ExtraCost.Years != nil
	case RegisteredAvoided:
		return d.RegisteredAvoided, d.RegisteredAvoided.Years != nil
	}
	for _, s := range d.Paired {
		if s.Key == k && s.Diff {
			return s, true
		}
	}
	return Series{}, false
}

// CompareOptions control CompareModels.
type CompareOptions struct {
	Options
	// Precision, if > 0, adds replications until the 95% half-width of every
	// alternative's paired difference of Measure at the horizon is at most
	// Precision, with at least MinPrecisionReps replications, or MaxReps is
	// reached.
	Precision float64
	// Measure is the measure the target is on: registered returns (the zero
	// value, the headline) or income poverty. Registered returns are rare
	// (about 0.1 % a year): their differences, and a sensible Precision, are
	// some 100 times smaller than income poverty's.
	Measure Measure
	MaxReps int
}

// MinPrecisionReps is the fewest replications a precision target is judged
// on. Registered returns are counts of a few households: a handful of
// replications can give the same paired difference every time, and a t
// interval of width 0 that meets any target (3 replications of 10,000
// households did, at the eleventh session's model).
const MinPrecisionReps = 10

// CompareModels runs the models (models[0] is the base) with common random
// numbers, adding replications for a precision target if one is set. It
// returns the results and whether the target was met.
func CompareModels(ctx context.Context, models []*sim.Model, opt CompareOptions) ([][]sim.Result, bool, error) {
	res, err := Ensemble(ctx, models, opt.Options)
	if err != nil || opt.Precision <= 0 || len(models) < 2 {
		return res, opt.Precision <= 0, err
	}
	maxReps := max(opt.MaxReps, opt.Reps)
	for {
		need := len(res[0])
		met := true
		for _, e := range HorizonDiffs(res, opt.Measure) {
			if !e.Within(opt.Precision) {
				met = false
				// n ≈ (t·sd/precision)², with 10% margin.
				n := int(math.Ceil(1.1 * math.Pow(1.96*e.SD/opt.Precision, 2)))
				need = max(need, n)
			}
		}
		if met && len(res[0]) >= MinPrecisionReps {
			return res, true, nil
		}
		if len(res[0]) >= maxReps {
			return res, false, nil
		}
		need = min(max(need, len(res[0])+2, MinPrecisionReps), maxReps)
		more := opt.Options
		more.First, more.Reps, more.Trace = opt.First+len(res[0]), need-len(res[0]), nil
		add, err := Ensemble(ctx, models, more)
		if err != nil {
			return nil, false, err
		}
		for k := range res {
			res[k] = append(res[k], add[k]...)
		}
	}
}

// tQuantileF is the 97.5% quantile of Student's t with real df.
func tQuantileF(df float64) float64 {
	if df > 1e6 {
		return 1.959963984540054
	}
	return tQuantile1(df)
}

// InWords writes an effect with its sign as a word: "369 more back in
// poverty [238, 500]" rather than "-369 [-500, -238]". format writes an
// estimate, its interval after the first " [" or " (".
func InWords(e Estimate, format func(Estimate) string, pos, neg string) string {
	if !e.Defined() {
		return "—"
	}
	word := pos
	if e.Mean < 0 {
		word, e = neg, e.Neg()
	}
	s := format(e)
	if i := strings.IndexAny(s, "[("); i > 0 && s[i-1] == ' ' {
		return s[:i-1] + word + s[i-1:]
	}
	return s + word
}

// CostPerAvoidedText is the cost per return avoided (income poverty: ever
// returned) at year index h written by yuan, or why there is none.
func (d *Differences) CostPerAvoidedText(h int, yuan func(float64) string) string {
	return costPerText(d.Avoided.Years[h], d.ExtraCost.Years[h], d.CostPerAvoided, yuan)
}

// CostPerRegisteredText is the cost per registered return avoided at year
// index h written by yuan, or why there is none.
func (d *Differences) CostPerRegisteredText(h int, yuan func(float64) string) string {
	return costPerText(d.Get(RegisteredAvoided).Years[h], d.ExtraCost.Years[h], d.CostPerRegistered, yuan)
}

// costPerText writes the cost per return avoided to two significant
// digits (a ratio of two Monte Carlo means is no more precise), or why
// there is none (costPerReason).
func costPerText(av, cost Estimate, per *float64, yuan func(float64) string) string {
	if why := costPerReason(av, cost); why != "" {
		return why
	}
	return "about " + yuan(RoundSignificant(*per, 2)) + " yuan"
}

// costPerReason says why there is no cost per return avoided, or "" when
// there is one: the returns avoided and the extra cost are both above zero
// by their intervals. When either cannot be told from zero, the ratio is
// unbounded or of unknown sign; a scenario saves money only when the whole
// interval of its extra cost is below zero.
func costPerReason(av, cost Estimate) string {
	switch {
	case !av.Defined() || !cost.Defined():
		return "—"
	case av.Mean <= 0:
		return "does not apply: no return avoided"
	case !av.HasInterval() || av.Lo <= 0:
		return "not estimable: the returns avoided cannot be told from zero"
	case !cost.HasInterval() || cost.Lo <= 0 && cost.Hi >= 0:
		return "not estimable: the extra cost cannot be told from zero"
	case cost.Hi < 0:
		return "nothing: it avoids returns and saves money"
	}
	return ""
}

// RoundSignificant rounds x to n significant digits: 161204887 to 2 is
// 160000000.
func RoundSignificant(x float64, n int) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', n, 64), 64)
	if err != nil {
		return x
	}
	return r
}

func sumMeans(se Series) float64 {
	s := 0.0
	for _, e := range se.Years {
		if e.Defined() {
			s += e.Mean
		}
	}
	return s
}

func cumCost(s Summary) float64 {
	return sumMeans(s.Get(Cost))
}

func money(x float64) string { return strconv.FormatFloat(x/1e6, 'f', 2, 64) }

func moneyCI(e Estimate) string {
	if !e.HasInterval() {
		return money(e.Mean)
	}
	return fmt.Sprintf("%s [%s, %s]", money(e.Mean), money(e.Lo), money(e.Hi))
}

func countCI(e Estimate) string {
	if !e.Defined() {
		return "—"
	}
	if !e.HasInterval() {
		return strconv.FormatFloat(e.Mean, 'f', 0, 64)
	}
	return fmt.Sprintf("%.0f [%.0f, %.0f]", e.Mean, e.Lo, e.Hi)
}

// WriteComparisonCSV writes every summary, then each alternative's paired
// differences, kept out, returns avoided, extra cost and registered returns
// avoided per year, the unpaired half-width of the return-rate difference
// per year, and the costs per return and per registered return avoided at
// the horizon: every yearly outcome of the JSON, in the long form of
// WriteCSV (the whole-run counts by cause are in the JSON only).
func WriteComparisonCSV(w io.Writer, c Comparison) error {
	if err := WriteCSV(w, c.Summaries...); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, d := range c.Diffs {
		writeSeriesRows(cw, d.Scenario, c.Years, d.Paired, []Series{d.KeptOut, d.Avoided, d.ExtraCost, d.Get(RegisteredAvoided)})
		for t, hw := range d.UnpairedHalfWidth {
			writeCSVRow(cw, d.Scenario, c.Years[t], UnpairedHalfWidth.String(), UnpairedHalfWidth,
				[]string{numOrEmpty(hw), "", "", "", strconv.Itoa(c.Reps)})
		}
		if h := len(c.Years) - 1; h >= 0 {
			for _, per := range []struct {
				k OutcomeKey
				v *float64
			}{{CostPerReturnAvoided, d.CostPerAvoided}, {CostPerRegistered, d.CostPerRegistered}} {
				cpa := []string{"", "", "", "", strconv.Itoa(c.Reps)}
				if per.v != nil {
					cpa[0] = num(*per.v)
				}
				writeCSVRow(cw, d.Scenario, c.Years[h], per.k.String(), per.k, cpa)
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// Check reports what a comparison read from a file lacks for the tables
// and charts: each scenario's yearly outcomes and each alternative's paired
// return rate and cost, over every year; and counts by cause, where there
// are any, that do not add up; and a number of replications below 1 (a
// file edited to "replications": -4 was read as simulated -4 times).
func (c *Comparison) Check() error {
	if c.Reps < 1 {
		return fmt.Errorf("replications: got %d, want at least 1", c.Reps)
	}
	for _, s := range c.Summaries {
		if s.Reps < 1 {
			return fmt.Errorf("%s: replications: got %d, want at least 1", s.Scenario, s.Reps)
		}
		if s.Reps != c.Reps {
			return fmt.Errorf("replications: got %d, but scenario %s ran %d (compared scenarios run the same replications)", c.Reps, s.Scenario, s.Reps)
		}
		if n := s.mostReplications(); n > 0 && n != s.Reps {
			return fmt.Errorf("%s: replications: got %d, but its estimates hold at most %d (a quantity defined in every replication holds them all)", s.Scenario, s.Reps, n)
		}
	}
	n := len(c.Years)
	has := func(se Series, ok bool, k OutcomeKey, who string) error {
		if !ok {
			return fmt.Errorf("%s: no series %s", who, k)
		}
		if len(se.Years) != n {
			return fmt.Errorf("%s: %s has %d years, want %d (%v)", who, se.Outcome, len(se.Years), n, c.Years)
		}
		return nil
	}
	for _, s := range c.Summaries {
		for _, k := range Outcomes {
			se, ok := s.find(k)
			if err := has(se, ok, k, s.Scenario); err != nil {
				return err
			}
		}
		for _, cc := range s.CauseTotals { // absent from files written before them
			if err := cc.Check(); err != nil {
				return fmt.Errorf("%s: %w", s.Scenario, err)
			}
		}
	}
	for _, d := range c.Diffs {
		for _, k := range []OutcomeKey{ReturnRate, Cost, KeptOut, ReturnsAvoided, ExtraCost} {
			se, ok := d.find(k)
			if err := has(se, ok, k, d.Scenario); err != nil {
				return err
			}
		}
	}
	for _, v := range c.Variants {
		if v.NotApplied != "" && len(v.Diffs) == 0 {
			continue
		}
		if len(v.Diffs) != len(c.Diffs) {
			return fmt.Errorf("variant %s: %d alternatives, want %d", v.Variant, len(v.Diffs), len(c.Diffs))
		}
		for i, d := range v.Diffs {
			if d.Scenario != c.Diffs[i].Scenario {
				return fmt.Errorf("variant %s: alternative %d is %s, want %s", v.Variant, i+1, d.Scenario, c.Diffs[i].Scenario)
			}
			for _, k := range []OutcomeKey{RegisteredReturn, ReturnRate} {
				se, ok := d.find(k)
				if err := has(se, ok, k, "variant "+v.Variant+": "+d.Scenario); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// mostReplications is the most replications any of the summary's
// estimates holds: all of them, for a quantity defined in every one.
func (s *Summary) mostReplications() int {
	n := 0
	for _, group := range [][]Series{s.Series, s.Costs} {
		for _, se := range group {
			for _, e := range se.Years {
				n = max(n, e.N)
			}
		}
	}
	return n
}
