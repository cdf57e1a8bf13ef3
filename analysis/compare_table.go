package analysis

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/povsim/povsim/sim"
)

// comparisonLegend says, one line each, which measure is which and how
// the differences read.
const comparisonLegend = `registered: formerly poor households the monitoring system supports and still counts as poor after the year's response (the official measure)
income poverty (return rate): formerly poor households with income below the line this year, as a survey would see it
Δ: the alternative minus the base on the same households (paired), in percentage points; "(includes 0)": the 95% interval cannot tell it from no difference
registered returns avoided: the base's registered returns minus the alternative's, summed over the years (a household registered in two years counts twice)
returns avoided: households poor at least once since the start under the base but not under the alternative; kept out: poor this year under the base but not the alternative
`

// WriteComparisonTable writes a comparison for people: a sentence per
// alternative, the registered return and then income poverty per year with
// paired differences, the horizon with costs per return avoided by either
// measure, the cost by program, and a legend.
func WriteComparisonTable(w io.Writer, c Comparison) error {
	h := len(c.Years) - 1
	for _, d := range c.Diffs {
		fmt.Fprintln(w, headline(c, d, h))
	}
	if len(c.Diffs) > 0 {
		fmt.Fprintln(w)
	}
	reg := func(s Summary) Series { return s.Get(RegisteredReturn) }
	dec := DecimalsFor(c, RegisteredReturn)
	fmt.Fprintf(w, "registered returns among formerly poor households [95%% CI]; Δ = paired difference to %s\n", c.Base)
	if err := yearlyTable(w, c, reg, func(e Estimate) string { return pctCIDec(e, dec) }, func(e Estimate) string { return ppCIDec(e, dec) }); err != nil {
		return err
	}
	rate := func(s Summary) Series { return s.Get(ReturnRate) }
	fmt.Fprintf(w, "\nincome poverty (return rate) among formerly poor households [95%% CI]; Δ = paired difference to %s\n", c.Base)
	if err := yearlyTable(w, c, rate, pctCI, func(e Estimate) string { return ppCIDec(e, 2) }); err != nil {
		return err
	}
	if err := horizonTables(w, c, dec); err != nil {
		return err
	}
	if err := typeTable(w, c); err != nil {
		return err
	}
	if err := programTable(w, c); err != nil {
		return err
	}
	_, err := io.WriteString(w, comparisonLegend)
	return err
}

// headline is the comparison of one alternative in a sentence: the
// registered return's difference at the horizon first, income poverty's
// beside it.
func headline(c Comparison, d Differences, h int) string {
	dec := DecimalsFor(c, RegisteredReturn)
	reg, rr := d.Get(RegisteredReturn).Years[h], d.Get(ReturnRate).Years[h]
	av := d.Get(RegisteredAvoided).Years[h]
	var s string
	if sameEvery(reg) && sameEvery(av) {
		// Nothing to estimate: no replication registered a different return.
		s = fmt.Sprintf("%s against %s: registered returns the same in every replication over %d–%d (too few registered returns at this size to tell a difference)",
			d.Scenario, c.Base, c.Years[0], c.Years[h])
	} else {
		s = fmt.Sprintf("%s against %s: registered returns in %d %s", d.Scenario, c.Base, c.Years[h], ppCIDec(reg, dec))
		if av.Defined() {
			s += fmt.Sprintf(", over %d–%d %s%s", c.Years[0], c.Years[h], InWords(av, countCI1, " fewer registered", " more registered"), zeroNote(av))
		}
	}
	return s + fmt.Sprintf("; income poverty in %d %s.", c.Years[h], ppCIDec(rr, 2))
}

// sameEvery reports whether a paired difference was 0 in every
// replication (an interval of width 0 at 0).
func sameEvery(e Estimate) bool {
	return e.HasInterval() && e.Mean == 0 && e.Lo == 0 && e.Hi == 0
}

// zeroNote says when an estimate's interval includes zero.
func zeroNote(e Estimate) string {
	if e.HasInterval() && e.Lo <= 0 && e.Hi >= 0 {
		return " (includes 0)"
	}
	return ""
}

// yearlyTable writes one measure per year: the base, then each alternative
// and its paired difference.
func yearlyTable(w io.Writer, c Comparison, get func(Summary) Series, level, diff func(Estimate) string) error {
	head := []string{"year", c.Base}
	for _, d := range c.Diffs {
		head = append(head, d.Scenario, "Δ "+d.Scenario)
	}
	rows := [][]string{head}
	key := get(c.Summaries[0]).Key
	for t, y := range c.Years {
		row := []string{strconv.Itoa(y), level(get(c.Summaries[0]).Years[t])}
		for k, d := range c.Diffs {
			row = append(row, level(get(c.Summaries[k+1]).Years[t]), diff(d.Get(key).Years[t]))
		}
		rows = append(rows, row)
	}
	return writeAligned(w, rows)
}

// horizonTables write the horizon by measure, registered returns first,
// then the costs.
func horizonTables(w io.Writer, c Comparison, dec int) error {
	h := len(c.Years) - 1
	yuan := func(x float64) string { return strconv.FormatFloat(x, 'f', 0, 64) }
	fmt.Fprintf(w, "\nat the horizon (%d); sums over %d–%d\n", c.Years[h], c.Years[0], c.Years[h])
	reg := [][]string{{"registered returns", "registered [95% CI]", "Δ registered [95% CI]",
		fmt.Sprintf("registered returns avoided %d–%d", c.Years[0], c.Years[h]), "cost per registered return avoided"},
		{c.Base, pctCIDec(c.Summaries[0].Get(RegisteredReturn).Years[h], dec)}}
	inc := [][]string{{"income poverty", "return rate [95% CI]", "Δ rate [95% CI]", "households kept out of poverty",
		fmt.Sprintf("returns avoided since %d", c.Years[0]-1), "cost per return avoided"},
		{c.Base, pctCI(c.Summaries[0].Get(ReturnRate).Years[h])}}
	cost := [][]string{{"cost", "total cost (M yuan)", "extra cost (M yuan)"}, {c.Base, money(cumCost(c.Summaries[0]))}}
	for k, d := range c.Diffs {
		s := c.Summaries[k+1]
		reg = append(reg, []string{d.Scenario, pctCIDec(s.Get(RegisteredReturn).Years[h], dec),
			ppCIDec(d.Get(RegisteredReturn).Years[h], dec), InWords(d.Get(RegisteredAvoided).Years[h], countCI1, " avoided", " more registered") + zeroNote(d.Get(RegisteredAvoided).Years[h]),
			d.CostPerRegisteredText(h, yuan)})
		inc = append(inc, []string{d.Scenario, pctCI(s.Get(ReturnRate).Years[h]),
			ppCIDec(d.Get(ReturnRate).Years[h], 2), InWords(d.KeptOut.Years[h], countCI, " kept out", " more back in poverty"),
			InWords(d.Avoided.Years[h], countCI, " avoided", " more returns"), d.CostPerAvoidedText(h, yuan)})
		cost = append(cost, []string{d.Scenario, money(cumCost(s)), InWords(d.ExtraCost.Years[h], moneyCI, " more", " saved") + zeroNote(d.ExtraCost.Years[h])})
	}
	for i, rows := range [][][]string{reg, inc, cost} {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if err := writeAligned(w, rows); err != nil {
			return err
		}
	}
	return nil
}

// writeAligned writes rows of cells in aligned columns; a short row is
// padded with empty cells.
func writeAligned(w io.Writer, rows [][]string) error {
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		r = append(r, make([]string, n-len(r))...)
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	lines := strings.SplitAfter(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \n")
		if strings.HasSuffix(l, "\n") {
			lines[i] += "\n"
		}
	}
	_, err := io.WriteString(w, strings.Join(lines, ""))
	return err
}

// programTable writes the fiscal cost by program, for the programs that
// cost something in some scenario.
func programTable(w io.Writer, c Comparison) error {
	fmt.Fprintf(w, "\nfiscal cost by program, summed over the years (M yuan)\n")
	head := []string{"program"}
	for _, s := range c.Summaries {
		head = append(head, s.Scenario)
	}
	rows := [][]string{head}
	for p := 0; p < int(sim.NumPrograms); p++ {
		row := []string{sim.Program(p).String()}
		nonzero := false
		for _, s := range c.Summaries {
			v := sumMeans(s.Costs[p])
			nonzero = nonzero || v != 0
			row = append(row, strconv.FormatFloat(v/1e6, 'f', 2, 64))
		}
		if nonzero {
			rows = append(rows, row)
		}
	}
	if err := writeAligned(w, rows); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w)
	return err
}

// DecimalsFor is the number of decimals, 2 to 4, with which percentages of
// k and its paired differences show at least two significant digits of
// their smallest non-zero interval half-width (of their smallest non-zero
// mean where there is no interval): rare events such as registered
// returns need more than the usual two.
func DecimalsFor(c Comparison, k OutcomeKey) int {
	smallest := math.Inf(1)
	look := func(se Series) {
		for _, e := range se.Years {
			x := math.Abs(e.Mean)
			if e.HasInterval() {
				x = e.HalfWidth()
			}
			if e.Defined() && x > 1e-12 && x < smallest { // a zero width may carry rounding

				smallest = x
			}
		}
	}
	for _, s := range c.Summaries {
		look(s.Get(k))
	}
	for _, d := range c.Diffs {
		look(d.Get(k))
	}
	if math.IsInf(smallest, 1) {
		return 2
	}
	return min(4, max(2, 1-int(math.Floor(math.Log10(100*smallest)))))
}

// pctCIDec formats a share in percent with dec decimals: "0.172% [0.150, 0.194]".
func pctCIDec(e Estimate, dec int) string {
	switch {
	case !e.Defined():
		return "—"
	case !e.HasInterval():
		return strconv.FormatFloat(100*e.Mean, 'f', dec, 64) + "%"
	}
	return fmt.Sprintf("%.*f%% [%.*f, %.*f]", dec, 100*e.Mean, dec, 100*e.Lo, dec, 100*e.Hi)
}

// ppCIDec formats a difference of shares in percentage points with dec
// decimals, saying when its interval includes zero:
// "+0.012 pp [-0.004, +0.028] (includes 0)".
func ppCIDec(e Estimate, dec int) string {
	switch {
	case !e.Defined():
		return "—"
	case !e.HasInterval():
		return fmt.Sprintf("%+.*f pp", dec, 100*e.Mean)
	}
	return fmt.Sprintf("%+.*f pp [%+.*f, %+.*f]", dec, 100*e.Mean, dec, 100*e.Lo, dec, 100*e.Hi) + zeroNote(e)
}

// countCI1 is countCI to one decimal, for rare events averaged over
// replications: "2.5 [-4.1, 9.1]".
func countCI1(e Estimate) string {
	switch {
	case !e.Defined():
		return "—"
	case !e.HasInterval():
		return one1(e.Mean)
	}
	return one1(e.Mean) + " [" + one1(e.Lo) + ", " + one1(e.Hi) + "]"
}

// one1 writes x to one decimal, a small negative rounded to zero as 0.0,
// not −0.0.
func one1(x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	if s == "-0.0" {
		return "0.0"
	}
	return s
}
