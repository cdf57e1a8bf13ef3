package analysis

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

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
}

// Differences are one alternative's paired differences to the base.
type Differences struct {
	Scenario string `json:"scenario"`
	// Paired: per outcome, the mean over replications of (alt − base) per
	// year with its 95% interval.
	Paired []Series `json:"paired"`
	// UnpairedHalfWidth is the half-width of the 95% interval of the
	// return-rate difference per year had the two scenarios been run on
	// independent draws (Welch), kept to show what pairing buys.
	UnpairedHalfWidth []float64 `json:"unpaired_half_width"`
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
			if v, ok := ReturnRate.Value(&base[r].Years[t]); ok {
				xb = append(xb, v)
			}
			if v, ok := ReturnRate.Value(&alt[r].Years[t]); ok {
				xa = append(xa, v)
			}
		}
		d.UnpairedHalfWidth = append(d.UnpairedHalfWidth, welchHalfWidth(xa, xb))
	}
	// Kept out and avoided are base − alt: the pairs are swapped.
	d.KeptOut = pairedSeries(newSeries(KeptOut, false, years),
		func(y *sim.YearStats) (float64, bool) { return float64(y.Returned), true }, alt, base)
	d.Avoided = pairedSeries(newSeries(ReturnsAvoided, false, years),
		func(y *sim.YearStats) (float64, bool) { return float64(y.EverReturned), true }, alt, base)
	d.ExtraCost = newSeries(ExtraCost, false, years)
	cum := make([]float64, len(base))
	for t := 0; t < years; t++ {
		for r := range base {
			cum[r] += totalCost(&alt[r].Years[t]) - totalCost(&base[r].Years[t])
		}
		d.ExtraCost.Years[t] = estimate(append([]float64(nil), cum...))
	}
	h := years - 1
	if av := d.Avoided.Years[h]; av.Defined() && av.Mean > 0 {
		v := d.ExtraCost.Years[h].Mean / av.Mean
		d.CostPerAvoided = &v
	}
	return d
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
// where both are defined.
func pairedSeries(se Series, f func(*sim.YearStats) (float64, bool), base, alt []sim.Result) Series {
	xs := make([]float64, 0, len(base))
	for t := range se.Years {
		xs = xs[:0]
		for r := range base {
			a, okA := f(&alt[r].Years[t])
			b, okB := f(&base[r].Years[t])
			if okA && okB {
				xs = append(xs, a-b)
			}
		}
		se.Years[t] = estimate(xs)
	}
	return se
}

// welchHalfWidth is the 95% half-width of mean(a) − mean(b) for independent
// samples (Welch–Satterthwaite degrees of freedom).
func welchHalfWidth(a, b []float64) float64 {
	ea, eb := estimate(a), estimate(b)
	if !ea.HasInterval() || !eb.HasInterval() {
		return 0
	}
	va, vb := ea.SD*ea.SD/float64(ea.N), eb.SD*eb.SD/float64(eb.N)
	if va+vb == 0 {
		return 0
	}
	df := (va + vb) * (va + vb) / (va*va/float64(ea.N-1) + vb*vb/float64(eb.N-1))
	return tQuantileF(df) * math.Sqrt(va+vb)
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
	// paired return-rate difference at the horizon is at most Precision, or
	// MaxReps is reached.
	Precision float64
	MaxReps   int
}

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
		h := len(res[0][0].Years) - 1
		for k := 1; k < len(models); k++ {
			e := PairedSeries(ReturnRate, res[0], res[k]).Years[h]
			if !e.HasInterval() || e.HalfWidth() > opt.Precision {
				met = false
				// n ≈ (t·sd/precision)², with 10% margin.
				n := int(math.Ceil(1.1 * math.Pow(1.96*e.SD/opt.Precision, 2)))
				need = max(need, n)
			}
		}
		if met {
			return res, true, nil
		}
		if len(res[0]) >= maxReps {
			return res, false, nil
		}
		need = min(max(need, len(res[0])+2), maxReps)
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

// WriteComparisonTable writes a comparison for people: rates per year with
// paired differences, then the horizon with costs.
func WriteComparisonTable(w io.Writer, c Comparison) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "return-to-poverty rate among formerly poor households [95%% CI]; Δ = paired difference to %s\n", c.Base)
	head := []string{"year", c.Base}
	for _, d := range c.Diffs {
		head = append(head, d.Scenario, "Δ "+d.Scenario)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	rate := func(s Summary) Series { return s.Get(ReturnRate) }
	for t, y := range c.Years {
		row := []string{strconv.Itoa(y), pctCI(rate(c.Summaries[0]).Years[t])}
		for k, d := range c.Diffs {
			diff := d.Get(ReturnRate)
			row = append(row, pctCI(rate(c.Summaries[k+1]).Years[t]), ppCI(diff.Years[t]))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	h := len(c.Years) - 1
	fmt.Fprintf(w, "\nat the horizon (%d); costs summed over %d–%d\n", c.Years[h], c.Years[0], c.Years[h])
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\treturn rate\tΔ rate [95% CI]\thouseholds kept out of poverty\treturns avoided since 2020\ttotal cost (M yuan)\textra cost (M yuan)\tcost per return avoided")
	fmt.Fprintf(tw, "%s\t%s\t\t\t\t%s\t\t\n", c.Base, pctCI(rate(c.Summaries[0]).Years[h]), money(cumCost(c.Summaries[0])))
	for k, d := range c.Diffs {
		diff := d.Get(ReturnRate)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.Scenario, pctCI(rate(c.Summaries[k+1]).Years[h]),
			ppCI(diff.Years[h]), InWords(d.KeptOut.Years[h], countCI, " kept out", " more back in poverty"),
			InWords(d.Avoided.Years[h], countCI, " avoided", " more returns"),
			money(cumCost(c.Summaries[k+1])), InWords(d.ExtraCost.Years[h], moneyCI, " more", " saved"),
			d.CostPerAvoidedText(h, func(x float64) string { return strconv.FormatFloat(x, 'f', 0, 64) }))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nfiscal cost by program, summed over the years (M yuan)\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head = []string{"program"}
	for _, s := range c.Summaries {
		head = append(head, s.Scenario)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for p := 0; p < int(sim.NumPrograms); p++ {
		row := []string{sim.Program(p).String()}
		nonzero := false
		for _, s := range c.Summaries {
			v := sumMeans(s.Costs[p])
			if v != 0 {
				nonzero = true
			}
			row = append(row, strconv.FormatFloat(v/1e6, 'f', 2, 64))
		}
		if nonzero {
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
	}
	return tw.Flush()
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

// CostPerAvoidedText is the cost per return avoided at year index h written
// by yuan, or why there is none.
func (d *Differences) CostPerAvoidedText(h int, yuan func(float64) string) string {
	av, cost := d.Avoided.Years[h], d.ExtraCost.Years[h]
	switch {
	case !av.Defined() || !cost.Defined():
		return "—"
	case av.Mean <= 0:
		return "does not apply: no return avoided"
	case cost.Mean <= 0:
		return "nothing: it avoids returns and saves money"
	}
	return yuan(*d.CostPerAvoided) + " yuan"
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

// ppCI formats a difference of shares in percentage points.
func ppCI(e Estimate) string {
	switch {
	case !e.Defined():
		return "—"
	case !e.HasInterval():
		return fmt.Sprintf("%+.2f pp", 100*e.Mean)
	}
	return fmt.Sprintf("%+.2f pp [%+.2f, %+.2f]", 100*e.Mean, 100*e.Lo, 100*e.Hi)
}

// WriteComparisonCSV writes every summary, then each alternative's paired
// differences, kept out, returns avoided and extra cost per year, the
// unpaired half-width of the return-rate difference per year, and the cost
// per return avoided at the horizon: every outcome of the JSON, in the long
// form of WriteCSV.
func WriteComparisonCSV(w io.Writer, c Comparison) error {
	if err := WriteCSV(w, c.Summaries...); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, d := range c.Diffs {
		writeSeriesRows(cw, d.Scenario, c.Years, d.Paired, []Series{d.KeptOut, d.Avoided, d.ExtraCost})
		for t, hw := range d.UnpairedHalfWidth {
			writeCSVRow(cw, d.Scenario, c.Years[t], UnpairedHalfWidth.String(), UnpairedHalfWidth,
				[]string{num(hw), "", "", "", strconv.Itoa(c.Reps)})
		}
		cpa := []string{"", "", "", "", strconv.Itoa(c.Reps)}
		if d.CostPerAvoided != nil {
			cpa[0] = num(*d.CostPerAvoided)
		}
		if h := len(c.Years) - 1; h >= 0 {
			writeCSVRow(cw, d.Scenario, c.Years[h], CostPerReturnAvoided.String(), CostPerReturnAvoided, cpa)
		}
	}
	cw.Flush()
	return cw.Error()
}

// Check reports what a comparison read from a file lacks for the tables
// and charts: each scenario's yearly outcomes and each alternative's paired
// return rate and cost, over every year.
func (c *Comparison) Check() error {
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
	}
	for _, d := range c.Diffs {
		for _, k := range []OutcomeKey{ReturnRate, Cost, KeptOut, ReturnsAvoided, ExtraCost} {
			se, ok := d.find(k)
			if err := has(se, ok, k, d.Scenario); err != nil {
				return err
			}
		}
	}
	return nil
}
