package analysis

import (
	"context"
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
	outs := append([]Outcome(nil), Outcomes...)
	if byType {
		for t := sim.Type(0); t < sim.NumTypes; t++ {
			outs = append(outs, typeOutcome(t))
		}
	}
	for p := sim.Program(0); p < sim.NumPrograms; p++ {
		outs = append(outs, costOutcome(p))
	}
	for _, o := range outs {
		d.Paired = append(d.Paired, pairedSeries(o, base, alt))
	}
	years := len(base[0].Years)
	rr := Outcomes[0]
	for t := 0; t < years; t++ {
		var xa, xb []float64
		for r := range base {
			if v, ok := rr.Value(&base[r].Years[t]); ok {
				xb = append(xb, v)
			}
			if v, ok := rr.Value(&alt[r].Years[t]); ok {
				xa = append(xa, v)
			}
		}
		d.UnpairedHalfWidth = append(d.UnpairedHalfWidth, welchHalfWidth(xa, xb))
	}
	d.KeptOut = pairedSeries(Outcome{"kept_out", "Households kept out of poverty", "households",
		func(y *sim.YearStats) (float64, bool) { return float64(y.Returned), true }}, alt, base)
	d.Avoided = pairedSeries(Outcome{"returns_avoided", "Returns avoided since 2020", "households",
		func(y *sim.YearStats) (float64, bool) { return float64(y.EverReturned), true }}, alt, base)
	// Cumulative extra cost.
	d.ExtraCost = Series{Outcome: "extra_cost", Label: "Extra fiscal cost since the start", Unit: "yuan", Years: make([]Estimate, years)}
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

// PairedSeries estimates o(alt) − o(base) per year over the replications
// where both are defined (replication r of both run on the same draws).
func PairedSeries(o Outcome, base, alt []sim.Result) Series { return pairedSeries(o, base, alt) }

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

// pairedSeries estimates o(alt) − o(base) per year over replications where
// both are defined.
func pairedSeries(o Outcome, base, alt []sim.Result) Series {
	years := len(base[0].Years)
	se := Series{Outcome: "diff." + o.Name, Label: o.Label + " (difference)", Unit: o.Unit, Years: make([]Estimate, years)}
	if o.Name == "kept_out" || o.Name == "returns_avoided" {
		se.Outcome, se.Label = o.Name, o.Label
	}
	xs := make([]float64, 0, len(base))
	for t := 0; t < years; t++ {
		xs = xs[:0]
		for r := range base {
			a, okA := o.Value(&alt[r].Years[t])
			b, okB := o.Value(&base[r].Years[t])
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

// Get finds a paired series by outcome ("diff.return_rate", "kept_out", …).
func (d *Differences) Get(outcome string) (Series, bool) {
	for _, s := range d.Paired {
		if s.Outcome == outcome {
			return s, true
		}
	}
	switch outcome {
	case "kept_out":
		return d.KeptOut, true
	case "returns_avoided":
		return d.Avoided, true
	case "extra_cost":
		return d.ExtraCost, true
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
			e := pairedSeries(Outcomes[0], res[0], res[k]).Years[h]
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
	rate := func(s Summary) Series { se, _ := s.Get("return_rate"); return se }
	for t, y := range c.Years {
		row := []string{strconv.Itoa(y), pctCI(rate(c.Summaries[0]).Years[t])}
		for k, d := range c.Diffs {
			diff, _ := d.Get("diff.return_rate")
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
	fmt.Fprintln(tw, "scenario\treturn rate\tΔ rate [95% CI]\tkept out (households)\treturns avoided since 2020\ttotal cost (M yuan)\textra cost (M yuan)\tcost per return avoided (yuan)")
	fmt.Fprintf(tw, "%s\t%s\t\t\t\t%s\t\t\n", c.Base, pctCI(rate(c.Summaries[0]).Years[h]), money(cumCost(c.Summaries[0])))
	for k, d := range c.Diffs {
		diff, _ := d.Get("diff.return_rate")
		cpa := "— (none avoided)"
		if d.CostPerAvoided != nil {
			cpa = strconv.FormatFloat(*d.CostPerAvoided, 'f', 0, 64)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.Scenario, pctCI(rate(c.Summaries[k+1]).Years[h]),
			ppCI(diff.Years[h]), countCI(d.KeptOut.Years[h]), countCI(d.Avoided.Years[h]),
			money(cumCost(c.Summaries[k+1])), moneyCI(d.ExtraCost.Years[h]), cpa)
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
	se, _ := s.Get("cost")
	return sumMeans(se)
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

// WriteComparisonCSV writes every summary, then every paired difference, in
// the long form of WriteCSV.
func WriteComparisonCSV(w io.Writer, c Comparison) error {
	if err := WriteCSV(w, c.Summaries...); err != nil {
		return err
	}
	var rows []Summary
	for _, d := range c.Diffs {
		s := Summary{Scenario: d.Scenario, Reps: c.Reps, Years: c.Years}
		s.Series = append(append([]Series(nil), d.Paired...), d.KeptOut, d.Avoided, d.ExtraCost)
		rows = append(rows, s)
	}
	return writeCSVRows(w, rows...)
}
