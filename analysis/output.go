package analysis

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Formats of summaries written to a terminal or a file.
const (
	FormatTable = "table"
	FormatCSV   = "csv"
	FormatJSON  = "json"
)

// CheckFormat reports an error for an unknown format name.
func CheckFormat(f string) error {
	switch f {
	case FormatTable, FormatCSV, FormatJSON:
		return nil
	}
	return fmt.Errorf("--format: got %q, want one of table, csv, json", f)
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// csvRow renders an Estimate's fields, leaving undefined ones empty.
func csvFields(e Estimate) []string {
	f := []string{"", "", "", "", strconv.Itoa(e.N)}
	if e.Defined() {
		f[0] = num(e.Mean)
	}
	if e.HasInterval() {
		f[1], f[2], f[3] = num(e.Lo), num(e.Hi), num(e.SD)
	}
	return f
}

// csvHeader heads the long form of summaries and comparisons.
const csvHeader = "scenario,year,outcome,mean,lo,hi,sd,n,unit,label,cumulative\n"

// WriteCSV writes summaries in long form: one row per scenario, year and
// outcome, with the mean, the 95% interval of the mean, the standard
// deviation across replications, the number of replications, then the
// outcome's unit, its label, and whether it is cumulative (counts or sums
// everything since the first simulated year).
func WriteCSV(w io.Writer, sums ...Summary) error {
	if _, err := io.WriteString(w, csvHeader); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, s := range sums {
		writeSeriesRows(cw, s.Scenario, s.Years, s.Series, s.ByType, s.Costs, s.Causes)
	}
	cw.Flush()
	return cw.Error()
}

// writeSeriesRows writes the rows of groups of series of one scenario.
func writeSeriesRows(cw *csv.Writer, scenario string, years []int, groups ...[]Series) {
	for _, group := range groups {
		for _, se := range group {
			for t, e := range se.Years {
				writeCSVRow(cw, scenario, years[t], se.Outcome, se.Key, csvFields(e))
			}
		}
	}
}

// writeCSVRow writes one row: the scenario, year and outcome name, the
// estimate's fields, then k's unit, label and cumulative flag (the label
// of a paired difference says so).
func writeCSVRow(cw *csv.Writer, scenario string, year int, name string, k OutcomeKey, est []string) {
	label := k.Label()
	if name != k.String() {
		label += " (difference)"
	}
	row := append([]string{scenario, strconv.Itoa(year), name}, est...)
	cw.Write(append(row, k.Unit(), label, strconv.FormatBool(k.Cumulative())))
}

// WriteJSON writes a value as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func pct(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }

// pctCI formats a share with its interval: "5.9% [5.6, 6.2]".
func pctCI(e Estimate) string {
	switch {
	case !e.Defined():
		return "—"
	case !e.HasInterval():
		return pct(e.Mean)
	}
	return fmt.Sprintf("%s [%.1f, %.1f]", pct(e.Mean), 100*e.Lo, 100*e.Hi)
}

func pctOnly(e Estimate) string {
	if !e.Defined() {
		return "—"
	}
	return pct(e.Mean)
}

func count(e Estimate) string {
	if !e.Defined() {
		return "—"
	}
	return strconv.FormatFloat(e.Mean, 'f', 0, 64)
}

func million(e Estimate) string {
	if !e.Defined() {
		return "—"
	}
	return strconv.FormatFloat(e.Mean/1e6, 'f', 2, 64)
}

// tableLegend explains WriteTable's columns.
const tableLegend = `registered: formerly poor households the monitoring system supports and still counts as poor after
  the year's response (the official measure); return rate: formerly poor households (lifted out by
  2020) with income below the line this year, as a survey would see it; ever returned: poor in
  at least one year so far; marginal entries: marginal households (never registered poor) poor for
  the first time this year; headcount: people poor; monitored: households under dynamic monitoring;
  missed: households at risk (below the monitoring line, or a large medical or disaster bill) and
  neither monitored nor waiting for assistance; income: net yuan per person; cost: public money
  this year. Counts are of the simulated households.
`

// WriteTable writes a summary as an aligned table for people.
func WriteTable(w io.Writer, s Summary) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	reg, rr, ever, entry, head, mon, miss, inc, cost := s.Get(RegisteredReturn), s.Get(ReturnRate), s.Get(EverReturned),
		s.Get(MarginalEntry), s.Get(Headcount), s.Get(Monitored), s.Get(Missed), s.Get(Income), s.Get(Cost)
	// Registered returns are rare: as many decimals as their intervals
	// need, as compare's tables give them (DecimalsFor).
	dec := DecimalsFor(Comparison{Summaries: []Summary{s}}, RegisteredReturn)
	fmt.Fprintln(tw, "year\tregistered [95% CI]\treturn rate [95% CI]\tever returned\tmarginal entries\theadcount\tmonitored\tmissed\tincome/person\tcost (M yuan)")
	for t, y := range s.Years {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", y, pctCIDec(reg.Years[t], dec),
			pctCI(rr.Years[t]), pctOnly(ever.Years[t]), pctOnly(entry.Years[t]), pctOnly(head.Years[t]),
			count(mon.Years[t]), count(miss.Years[t]), count(inc.Years[t]), million(cost.Years[t]))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprint(w, tableLegend)
	if len(s.ByType) > 0 {
		fmt.Fprintln(w, "\nreturn-to-poverty rate by household type (a household can be of several types)")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		head := []string{"year"}
		for _, se := range s.ByType {
			head = append(head, strings.TrimPrefix(se.Outcome, "return_rate."))
		}
		fmt.Fprintln(tw, strings.Join(head, "\t"))
		for t, y := range s.Years {
			row := []string{strconv.Itoa(y)}
			for _, se := range s.ByType {
				row = append(row, pctCI(se.Years[t]))
			}
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		return tw.Flush()
	}
	return nil
}
