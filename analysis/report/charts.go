package report

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/chart"
	"github.com/povsim/povsim/analysis/sensitivity"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Chart kinds, as `povsim plot KIND` names them.
const (
	KindRegistered = "registered"  // registered returns per year, one line per scenario, 95% bands
	KindRates      = "rates"       // return-to-poverty rate per year, one line per scenario, 95% bands
	KindDifference = "difference"  // paired difference to the base per year, bands, zero line
	KindCostEffect = "cost-effect" // extra fiscal cost against returns avoided, at the horizon
	KindTypes      = "types"       // rate by household type at the horizon, bars per scenario
	KindSurvival   = "survival"    // Kaplan–Meier share never returned, by years since 2020
	KindHazard     = "hazard"      // chance of falling back by years out of poverty
	KindExit       = "exit"        // chance of leaving poverty by years in poverty (how long a return lasts)
)

// Kinds lists the chart kinds built from a comparison, in report order.
var Kinds = []string{KindRegistered, KindRates, KindDifference, KindCostEffect, KindTypes, KindSurvival, KindHazard, KindExit}

// ErrNoData is returned (wrapped) for a chart whose data the input lacks:
// a difference with a single scenario, types without a breakdown by type,
// spells from a folder without spells.json.
var ErrNoData = errors.New("not available")

// Chart builds the chart of kind from in, laid out for a page or a
// figure of a paper (chart.DefaultWidth × chart.DefaultHeight).
func Chart(kind string, in *Input) (*plot.Plot, error) { return buildChart(kind, in, wide) }

// NarrowChart builds the chart of kind laid out for a phone's width
// (NarrowWidth × NarrowHeight): titles and axis labels wrapped, the legend
// above the data in one or two columns.
func NarrowChart(kind string, in *Input) (*plot.Plot, error) { return buildChart(kind, in, narrow) }

// Sizes of narrow charts: the same fonts on a smaller canvas, so that
// text stays legible when a phone scales the chart to its width.
const (
	NarrowWidth  = 9.5 * vg.Centimeter
	NarrowHeight = 10.5 * vg.Centimeter
)

// look is how a chart is laid out.
type look int

const (
	wide look = iota
	narrow
)

func buildChart(kind string, in *Input, lk look) (*plot.Plot, error) {
	switch kind {
	case KindRegistered:
		return registeredChart(in.Comparison, lk)
	case KindRates:
		return ratesChart(in.Comparison, lk)
	case KindDifference:
		return differenceChart(in.Comparison, lk)
	case KindCostEffect:
		return costEffectChart(in.Comparison, in.Households, lk)
	case KindTypes:
		return typesChart(in.Comparison, lk)
	case KindSurvival:
		return survivalChart(in.Spells, lk)
	case KindHazard:
		return hazardChart(in.Spells, lk)
	case KindExit:
		return exitChart(in.Spells, lk)
	}
	return nil, fmt.Errorf("unknown chart %q (want one of %s)", kind, strings.Join(Kinds, ", "))
}

// labels lays out l for lk and the series names: a legend above the data
// for up to three series (right of it for more) on a page; on a phone
// always above, in two columns for short names and one for long ones,
// with the title and axis labels wrapped.
func (lk look) labels(l chart.Labels, names []string) chart.Labels {
	if lk == wide {
		l.Legend = chart.LegendRight
		if len(names) <= 3 {
			l.Legend = chart.LegendTop
		}
		return l
	}
	l.Legend = chart.LegendTop
	l.LegendColumns = 2
	for _, n := range names {
		if utf8.RuneCountInString(n) > 16 {
			l.LegendColumns = 1
		}
	}
	l.Title = wrap(l.Title, 36)
	l.X = wrap(l.X, 44)
	l.Y = wrap(l.Y, 34)
	return l
}

// wrap breaks s into lines of at most n characters at spaces.
func wrap(s string, n int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= n:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func years(c analysis.Comparison) []float64 {
	x := make([]float64, len(c.Years))
	for i, y := range c.Years {
		x[i] = float64(y)
	}
	return x
}

// band converts a series of estimates at x into a chart band, leaving out
// undefined points; the band is dropped if any point lacks an interval
// (a single replication).
func band(name string, x []float64, es []analysis.Estimate) chart.Band {
	b := chart.Band{Name: name}
	withBand := true
	for i, e := range es {
		if !e.Defined() {
			continue
		}
		b.X = append(b.X, x[i])
		b.Mean = append(b.Mean, e.Mean)
		b.Lo = append(b.Lo, math.Min(e.Lo, e.Mean))
		b.Hi = append(b.Hi, math.Max(e.Hi, e.Mean))
		if !e.HasInterval() {
			withBand = false
		}
	}
	if !withBand {
		b.Lo, b.Hi = nil, nil
	}
	return b
}

func horizon(c analysis.Comparison) int { return c.Years[len(c.Years)-1] }

func span(c analysis.Comparison) string {
	return fmt.Sprintf("%d–%d", c.Years[0], horizon(c))
}

// tooMany checks the number of series a chart can tell apart.
func tooMany(n int) error {
	if n > chart.MaxSeries {
		return fmt.Errorf("%d scenarios: a chart tells at most %d apart (compare fewer)", n, chart.MaxSeries)
	}
	return nil
}

// RatesChart draws each scenario's return-to-poverty rate per year with
// its 95% band.
func RatesChart(c analysis.Comparison) (*plot.Plot, error) { return ratesChart(c, wide) }

func ratesChart(c analysis.Comparison, lk look) (*plot.Plot, error) {
	return yearlyChart(c, lk, analysis.ReturnRate, KindRates, chart.Labels{
		Title:    "Formerly poor households back in poverty",
		X:        "Year",
		Y:        "Return-to-poverty rate (% of households)",
		YPercent: true,
	})
}

// RegisteredChart draws each scenario's registered returns per year (the
// official measure) with its 95% band.
func RegisteredChart(c analysis.Comparison) (*plot.Plot, error) { return registeredChart(c, wide) }

func registeredChart(c analysis.Comparison, lk look) (*plot.Plot, error) {
	return yearlyChart(c, lk, analysis.RegisteredReturn, KindRegistered, chart.Labels{
		Title:    "Registered returns to poverty (the official measure)",
		X:        "Year",
		Y:        "Registered returns (% of formerly poor households)",
		YPercent: true,
	})
}

// yearlyChart draws outcome k of each scenario per year with its 95% band.
func yearlyChart(c analysis.Comparison, lk look, k analysis.OutcomeKey, kind string, l chart.Labels) (*plot.Plot, error) {
	if len(c.Years) == 0 {
		return nil, fmt.Errorf("%s: %w: no years", kind, ErrNoData)
	}
	if err := tooMany(len(c.Summaries)); err != nil {
		return nil, err
	}
	x := years(c)
	var bands []chart.Band
	for _, s := range c.Summaries {
		bands = append(bands, band(s.Scenario, x, s.Get(k).Years))
	}
	return chart.Rates(lk.labels(l, namesOf(bands)), bands)
}

// DifferenceChart draws each alternative's paired difference in the
// return rate to the base per year, with its 95% band and a zero line.
func DifferenceChart(c analysis.Comparison) (*plot.Plot, error) { return differenceChart(c, wide) }

func differenceChart(c analysis.Comparison, lk look) (*plot.Plot, error) {
	if len(c.Diffs) == 0 {
		return nil, fmt.Errorf("difference: %w: one scenario, nothing to compare with", ErrNoData)
	}
	if err := tooMany(len(c.Diffs)); err != nil {
		return nil, err
	}
	x := years(c)
	var bands []chart.Band
	for _, d := range c.Diffs {
		se := d.Get(analysis.ReturnRate)
		bands = append(bands, band(d.Scenario+" − "+c.Base, x, se.Years))
	}
	return chart.Difference(lk.labels(chart.Labels{
		Title:   "Difference to " + c.Base + " (paired, same households)",
		X:       "Year",
		Y:       "Difference in return rate (percentage points)",
		YPoints: true,
		// Each alternative keeps the colour of its line in RatesChart,
		// where the base is series 0.
		StyleOffset: 1,
	}, namesOf(bands)), bands)
}

// CostEffectChart places each scenario at its extra fiscal cost against
// the base (summed over the years, million yuan) and the returns to
// poverty it avoided by the horizon (households of the simulated
// population), with 95% intervals; the base sits at the origin.
func CostEffectChart(c analysis.Comparison, households int) (*plot.Plot, error) {
	return costEffectChart(c, households, wide)
}

func costEffectChart(c analysis.Comparison, households int, lk look) (*plot.Plot, error) {
	if len(c.Diffs) == 0 {
		return nil, fmt.Errorf("cost-effect: %w: one scenario, nothing to compare with", ErrNoData)
	}
	if err := tooMany(len(c.Summaries)); err != nil {
		return nil, err
	}
	h := len(c.Years) - 1
	pts := []chart.CostPoint{{Name: c.Base}}
	for _, d := range c.Diffs {
		cost, eff := d.ExtraCost.Years[h], d.Avoided.Years[h]
		if !cost.Defined() || !eff.Defined() {
			continue
		}
		p := chart.CostPoint{Name: d.Scenario,
			Cost: cost.Mean / 1e6, CostLo: cost.Mean / 1e6, CostHi: cost.Mean / 1e6,
			Effect: eff.Mean, EffectLo: eff.Mean, EffectHi: eff.Mean}
		if cost.HasInterval() {
			p.CostLo, p.CostHi = cost.Lo/1e6, cost.Hi/1e6
		}
		if eff.HasInterval() {
			p.EffectLo, p.EffectHi = eff.Lo, eff.Hi
		}
		pts = append(pts, p)
	}
	title := fmt.Sprintf("Cost and effect, %s", span(c))
	if households > 0 {
		title += fmt.Sprintf(" (%s simulated households)", groupThousands(households))
	}
	return chart.CostEffect(lk.labels(chart.Labels{
		Title: title,
		X:     fmt.Sprintf("Extra fiscal cost, %s (million yuan)", span(c)),
		Y:     fmt.Sprintf("Returns to poverty avoided by %d (households)", horizon(c)),
	}, nil), pts)
}

// TypesChart draws the return-to-poverty rate of each household type at
// the horizon, one bar per scenario, with 95% whiskers.
func TypesChart(c analysis.Comparison) (*plot.Plot, error) { return typesChart(c, wide) }

func typesChart(c analysis.Comparison, lk look) (*plot.Plot, error) {
	if len(c.Summaries) == 0 || len(c.Summaries[0].ByType) == 0 {
		return nil, fmt.Errorf("types: %w: no breakdown by household type (run with --by type)", ErrNoData)
	}
	if err := tooMany(len(c.Summaries)); err != nil {
		return nil, err
	}
	h := len(c.Years) - 1
	var bars []chart.Bar
	for ti, se := range c.Summaries[0].ByType {
		name := typeName(se.Outcome)
		for _, s := range c.Summaries {
			if ti >= len(s.ByType) {
				continue
			}
			e := s.ByType[ti].Years[h]
			if !e.Defined() {
				continue
			}
			b := chart.Bar{Group: name, Name: s.Scenario, Value: e.Mean, Lo: e.Mean, Hi: e.Mean}
			if e.HasInterval() {
				b.Lo, b.Hi = math.Max(0, e.Lo), e.Hi
			}
			bars = append(bars, b)
		}
	}
	if len(bars) == 0 {
		return nil, fmt.Errorf("types: %w: no type has formerly poor households", ErrNoData)
	}
	names := make([]string, len(c.Summaries))
	for i, s := range c.Summaries {
		names[i] = s.Scenario
	}
	p, err := chart.GroupedBars(lk.labels(chart.Labels{
		Title:    fmt.Sprintf("Return to poverty by household type, %d", horizon(c)),
		X:        "Household type (a household can be of several)",
		Y:        "Return-to-poverty rate (% of the type)",
		YPercent: true,
	}, names), bars)
	if err == nil && lk == narrow {
		// Eight type names in a phone's width: slanted more steeply,
		// they keep clear of each other.
		p.X.Tick.Label.Rotation = math.Pi / 3
	}
	return p, err
}

func namesOf(bands []chart.Band) []string {
	names := make([]string, len(bands))
	for i, b := range bands {
		names[i] = b.Name
	}
	return names
}

func typeName(outcome string) string {
	const p = "return_rate."
	if len(outcome) > len(p) && outcome[:len(p)] == p {
		return outcome[len(p):]
	}
	return outcome
}

func needSpells(what string, sp []analysis.SpellSummary) error {
	if len(sp) == 0 {
		return fmt.Errorf("%s: %w: no spells (a folder written by compare without %s)", what, ErrNoData, analysis.SpellsFile)
	}
	return tooMany(len(sp))
}

// SurvivalChart draws each scenario's Kaplan–Meier curve: the share of
// formerly poor households that have not fallen back into poverty, by
// years since their exit in 2020, with 95% bands.
func SurvivalChart(sp []analysis.SpellSummary) (*plot.Plot, error) { return survivalChart(sp, wide) }

func survivalChart(sp []analysis.SpellSummary, lk look) (*plot.Plot, error) {
	if err := needSpells("survival", sp); err != nil {
		return nil, err
	}
	var curves []chart.Curve
	for _, s := range sp {
		x := make([]float64, len(s.Survival))
		for i := range x {
			x[i] = float64(i)
		}
		curves = append(curves, band(s.Scenario, x, s.Survival))
	}
	exit := 2020
	if len(sp[0].Years) > 0 {
		exit = sp[0].Years[0]
	}
	p, err := chart.Survival(lk.labels(chart.Labels{
		Title:    "Formerly poor households that have not fallen back",
		X:        fmt.Sprintf("Years since leaving poverty in %d", exit),
		Y:        "Never returned (% of households)",
		YPercent: true,
	}, namesOf(curves)), curves)
	if err != nil {
		return nil, err
	}
	p.Y.Min = survivalFloor(curves)
	return p, nil
}

// survivalFloor is where the survival axis starts: 0, unless every curve
// stays above one half, when the axis starts at the tenth below the
// lowest point so that the curves, and their differences, fill the chart.
// The ticks say where it starts.
func survivalFloor(curves []chart.Curve) float64 {
	lo := 1.0
	for _, c := range curves {
		for i, m := range c.Mean {
			lo = math.Min(lo, m)
			if len(c.Lo) > i {
				lo = math.Min(lo, c.Lo[i])
			}
		}
	}
	if lo < 0.5 {
		return 0
	}
	return math.Floor(lo*10-0.2) / 10
}

// groupThousands writes n with comma separators, as chart ticks do.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// HazardChart draws the chance of falling back into poverty in the next
// year by years out of poverty, per scenario, with 95% bands.
func HazardChart(sp []analysis.SpellSummary) (*plot.Plot, error) { return hazardChart(sp, wide) }

func hazardChart(sp []analysis.SpellSummary, lk look) (*plot.Plot, error) {
	if err := needSpells("hazard", sp); err != nil {
		return nil, err
	}
	bands, err := durationBands(sp, func(s analysis.SpellSummary) []analysis.Estimate { return s.FallHazard })
	if err != nil {
		return nil, fmt.Errorf("hazard: %w", err)
	}
	return chart.Rates(lk.labels(chart.Labels{
		Title:    "Chance of falling back, by years out of poverty",
		X:        "Years out of poverty (since 2020 or a later recovery)",
		Y:        "Fall back the next year (%)",
		YPercent: true,
	}, namesOf(bands)), bands)
}

// ExitChart draws how long a return to poverty lasts: the chance of
// leaving poverty in the next year by years in poverty, per scenario.
func ExitChart(sp []analysis.SpellSummary) (*plot.Plot, error) { return exitChart(sp, wide) }

func exitChart(sp []analysis.SpellSummary, lk look) (*plot.Plot, error) {
	if err := needSpells("exit", sp); err != nil {
		return nil, err
	}
	bands, err := durationBands(sp, func(s analysis.SpellSummary) []analysis.Estimate { return s.ExitHazard })
	if err != nil {
		return nil, fmt.Errorf("exit: %w", err)
	}
	return chart.Rates(lk.labels(chart.Labels{
		Title:    "How long a return lasts: chance of leaving poverty",
		X:        "Years in poverty",
		Y:        "Leave poverty the next year (%)",
		YPercent: true,
	}, namesOf(bands)), bands)
}

// maxHalfWidth leaves out of duration charts the hazards whose 95%
// interval is wider than ± 25 points: they rest on too few spells of that
// length to be worth drawing (the tables still list them).
const maxHalfWidth = 0.25

func durationBands(sp []analysis.SpellSummary, get func(analysis.SpellSummary) []analysis.Estimate) ([]chart.Band, error) {
	var bands []chart.Band
	for _, s := range sp {
		es := get(s)
		x := make([]float64, len(es))
		kept := make([]analysis.Estimate, len(es))
		for i := range es {
			x[i] = float64(s.Durations[i])
			kept[i] = es[i]
			if e := es[i]; e.HasInterval() && e.HalfWidth() > maxHalfWidth {
				kept[i] = analysis.Estimate{} // too few spells of this length
			}
		}
		b := band(s.Scenario, x, kept)
		if len(b.X) == 0 {
			continue
		}
		bands = append(bands, b)
	}
	if len(bands) == 0 {
		return nil, ErrNoData
	}
	return bands, nil
}

// SobolChart draws first-order and total Sobol indices per factor with
// their bootstrap intervals, factors sorted by total index.
func SobolChart(outcome string, ix sensitivity.Indices) (*plot.Plot, error) {
	fs := append([]sensitivity.SobolIndex(nil), ix.Factors...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].ST > fs[j].ST })
	var bars []chart.Bar
	for _, f := range fs {
		bars = append(bars,
			sobolBar(f.Name, "First order (S1)", f.S1, f.S1Lo, f.S1Hi),
			sobolBar(f.Name, "Total (ST)", f.ST, f.STLo, f.STHi))
	}
	return chart.GroupedBars(chart.Labels{
		Title:  wrap("Sensitivity of "+outcome+" (Sobol indices)", 60),
		X:      "Parameter",
		Y:      "Share of the outcome's variance",
		Legend: chart.LegendTop,
	}, bars)
}

func sobolBar(group, name string, v, lo, hi float64) chart.Bar {
	b := chart.Bar{Group: group, Name: name, Value: v, Lo: v, Hi: v}
	if !math.IsNaN(lo) && !math.IsNaN(hi) {
		b.Lo, b.Hi = math.Min(lo, v), math.Max(hi, v)
	}
	return b
}

// MorrisChart places each factor at its Morris μ* (mean absolute
// elementary effect: importance) and σ (their spread: non-linearity and
// interactions), labelled by name. unit is the unit of an effect (the
// outcome's change over the whole range of a factor), e.g. "points"; keep
// it short. A factor without a μ* or σ (a whole number whose Morris steps
// all round to no change, or with a single effect and so no spread) is
// left out and named under the title; MorrisUndrawn names them.
func MorrisChart(outcome, unit string, ix []sensitivity.MorrisIndex) (*plot.Plot, error) {
	var pts []chart.CostPoint
	for _, f := range ix {
		if !morrisDrawable(f) {
			continue
		}
		pts = append(pts, chart.CostPoint{Name: f.Name,
			Cost: f.MuStar, CostLo: f.MuStar, CostHi: f.MuStar,
			Effect: f.Sigma, EffectLo: f.Sigma, EffectHi: f.Sigma})
	}
	title := "Screening of " + outcome + " (Morris)"
	if out := MorrisUndrawn(ix); len(out) > 0 {
		if len(pts) == 0 {
			return nil, fmt.Errorf("no parameter has Morris measures to draw: %s (no effect, or a single one, is estimated; a wider range or fewer levels gives a whole number steps)", strings.Join(out, ", "))
		}
		title = wrap(title, 60) + "\n" + wrap("Not drawn, no μ* or σ estimated: "+strings.Join(out, ", "), 60)
	} else {
		title = wrap(title, 60)
	}
	u := ""
	if unit != "" {
		u = " (" + unit + ")"
	}
	return chart.CostEffect(chart.Labels{
		Title: title,
		X:     wrap("μ*, mean absolute effect"+u, 60),
		Y:     wrap("σ, spread of the effects"+u, 40),
	}, pts)
}

// MorrisUndrawn names the factors of ix that MorrisChart leaves out: those
// whose μ* or σ is not a finite number.
func MorrisUndrawn(ix []sensitivity.MorrisIndex) []string {
	var out []string
	for _, f := range ix {
		if !morrisDrawable(f) {
			out = append(out, f.Name)
		}
	}
	return out
}

func morrisDrawable(f sensitivity.MorrisIndex) bool {
	return !math.IsNaN(f.MuStar) && !math.IsInf(f.MuStar, 0) && !math.IsNaN(f.Sigma) && !math.IsInf(f.Sigma, 0)
}

// SweepScatter draws an outcome against one swept parameter, one point
// per run, with the mean in bins. With percent the outcome is a share
// (0.05) drawn in percent and unit is not shown.
func SweepScatter(param, outcome, unit string, x, y []float64, percent bool) (*plot.Plot, error) {
	bins := 0
	if len(x) >= 20 {
		bins = min(10, len(x)/10)
	}
	ylab := outcome
	switch {
	case percent:
		ylab += " (%)"
	case unit != "":
		ylab += " (" + unit + ")"
	}
	return chart.Scatter(chart.Labels{
		Title:    wrap(outcome+" against "+param, 60),
		X:        param,
		Y:        wrap(ylab, 40),
		YPercent: percent,
	}, x, y, bins)
}
