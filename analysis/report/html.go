package report

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/chart"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

//go:embed report.tmpl
var pageTemplate string

//go:embed report.css
var pageCSS string

var tmpl = template.Must(template.New("report").Parse(pageTemplate))

// Write writes the report as one self-contained HTML file: charts are
// inline SVG, the style sheet is inline, nothing is fetched from anywhere.
func Write(w io.Writer, in *Input) error {
	p, err := build(in)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, p); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = buf.WriteTo(w)
	return err
}

// page is the report's view: every text computed, so the template only
// lays it out.
type page struct {
	Title, Question string
	Version         string
	Generated       string
	CSS             template.CSS
	Horizon         int
	Span            string
	Lead            []string
	Notes           []string // how to read the answer (readingNotes)
	Cards           []card
	Figures         []figure
	Missing         []string
	Scenarios       []scenarioRow
	Diffs           []diffBlock
	Tables          []table
	Method          method
	Prov            provView
	Wall            wallView
	Variants        variantsView
	Causes          causeView
}

// wallView is the section "How well does this model match what is known".
type wallView struct {
	Shown                bool
	Verdict, Intro, Note string
	Rows                 []wallRow
}

type wallRow struct {
	Target, Use, Years, Published, Tolerance, Model, Interval, Z, Source string
	Inside, OnEdge                                                       bool
}

type card struct {
	Scenario     string
	IsBase       bool
	Class        string // "worse", "better" or "same" against the base, by registered returns
	Verdict      string
	Rate, RateCI string // registered returns at the horizon, the headline
	// Income poverty at the horizon, beside the headline.
	Income, IncomeCI string
	Diff             string // registered returns' difference to the base
	IncomeDiff       string
	IncomeVerdict    string
	// The comparison's effects in words whose sign is in the label: "Kept
	// out of poverty" or "More back in poverty", never a negative count.
	RegAvoidedLabel, RegAvoided string
	KeptOutLabel, KeptOut       string
	AvoidedLabel, Avoided       string
	ExtraCostLabel, ExtraCost   string
	CostPerRegistered, CostPer  string
	NeverReturned               string
	MedianYearsOut              string
}

type figure struct {
	ID, Title, Caption string
	N                  int
	SVG                template.HTML // for a page and for print
	Narrow             template.HTML // for a phone's width
}

type scenarioRow struct {
	Name, Role, Description, Source string
}

type diffBlock struct {
	Scenario, Base string
	Changes        []Change
	BeforeNote     string // what the year before the first is, when a change covers it
	Err            string
}

// beforeNote explains the year before the first to a reader of changes
// that cover it.
const beforeNote = "The year before the first simulated year is not in the results: each scenario's households are drawn on its settings and run one warm-up year on them (its before: settings, those it keeps from the scenario it extends, or, if it extends none, its starting settings). A row that includes that year means the two scenarios start from different households; a scenario file that extends the other (extends: baseline) starts from the same ones."

type table struct {
	ID, Caption, Note string
	Head              []string
	Rows              [][]cell
}

// cell is a table cell: a value and its interval, which may wrap below it.
type cell struct{ Main, CI string }

// addRow splits each formatted value "6.2% (4.9–7.5)" into its value and
// interval.
func (t *table) addRow(vals ...string) {
	row := make([]cell, len(vals))
	for i, v := range vals {
		if j := strings.Index(v, " ("); j > 0 && strings.HasSuffix(v, ")") {
			row[i] = cell{Main: v[:j], CI: v[j+1:]}
		} else {
			row[i] = cell{Main: v}
		}
	}
	t.Rows = append(t.Rows, row)
}

type method struct {
	Households, Reps string
	Seed             uint64
	Span             string
	Exit             int
	// Draws: the replications ran on parameter draws, and the intervals
	// carry parameter uncertainty; ParamShare is the parameters' share of
	// the variance of the base's return-rate interval at the horizon.
	Draws      bool
	ParamShare string
	DrawsFrom  string   // the draws, in words ("" when not known)
	Held       []string // drawn parameters a scenario kept at its own value
}

type provView struct {
	Tool, Version, GoVersion string
	Revision, Model          string
	Dirty                    bool
	Command, Reproduce       string
	Seed                     uint64
	Reps, Workers            int
	Households               string
	Start, End               string
	Scenarios                []provScenario
}

type provScenario struct {
	Name, Source, YAML string
}

func build(in *Input) (*page, error) {
	c := in.Comparison
	if len(c.Summaries) == 0 || len(c.Years) == 0 {
		return nil, errors.New("report: no results")
	}
	h := len(c.Years) - 1
	p := &page{
		Title:    in.Title,
		Question: in.Question,
		Version:  analysis.BuildOf().Version,
		CSS:      template.CSS(pageCSS),
		Horizon:  c.Years[h],
		Span:     span(c),
	}
	if p.Title == "" {
		p.Title = DefaultTitle(c)
	}
	if p.Question == "" {
		p.Question = DefaultQuestion(c)
	}
	gen := in.Generated
	if gen.IsZero() {
		gen = time.Now()
	}
	p.Generated = gen.UTC().Format("2 January 2006, 15:04 UTC")

	p.Lead = lead(in)
	p.Notes = readingNotes(in)
	p.Cards = cards(in)
	p.Figures, p.Missing = figures(in)
	p.Scenarios, p.Diffs = scenarioSection(in)
	p.Tables = tables(in)
	hh := "an unknown number of"
	if in.Households > 0 {
		hh = thousands(float64(in.Households), 0)
	}
	p.Method = method{Households: hh, Reps: strconv.Itoa(c.Reps), Span: p.Span, Exit: c.Years[0] - 1}
	if c.Uncertainty == analysis.IntervalParams {
		p.Method.Draws = true
		if in.Draws != nil {
			p.Method.DrawsFrom, p.Method.Held = in.Draws.Source, in.Draws.Held
		}
		if se := c.Summaries[0].Get(analysis.ReturnRate); len(se.Split) == len(c.Years) {
			if sp := se.Split[len(c.Years)-1]; sp.Parameter > 0 { // 0: cut at zero, not told apart from the noise
				p.Method.ParamShare = strconv.FormatFloat(100*sp.ParameterShare(), 'f', 0, 64) + "%"
			}
		}
	}
	p.Prov = provenance(in, hh)
	p.Wall = wall(in)
	p.Variants = variants(in)
	p.Causes = causes(in)
	p.Method.Seed = p.Prov.Seed
	return p, nil
}

func rateOf(s analysis.Summary) analysis.Series {
	return s.Get(analysis.ReturnRate)
}

func spellsOf(in *Input, name string) (analysis.SpellSummary, bool) {
	for _, s := range in.Spells {
		if s.Scenario == name {
			return s, true
		}
	}
	return analysis.SpellSummary{}, false
}

// lead writes the answer in sentences, one paragraph per alternative:
// registered returns first, income poverty beside them.
func lead(in *Input) []string {
	c := in.Comparison
	h := len(c.Years) - 1
	hy := c.Years[h]
	dec := analysis.DecimalsFor(c, analysis.RegisteredReturn)
	reg := func(s analysis.Summary) analysis.Estimate { return s.Get(analysis.RegisteredReturn).Years[h] }
	base, baseReg := rateOf(c.Summaries[0]).Years[h], reg(c.Summaries[0])
	if len(c.Diffs) == 0 {
		s := fmt.Sprintf("Under %s, %s of the households lifted out of poverty by %d are registered as back in poverty in %d (95%% interval %s): "+
			"the official measure, households the monitoring system supports and still counts as poor. By income, as a survey would see it, %s are poor (95%% interval %s).",
			c.Base, pctDec(baseReg.Mean, dec), c.Years[0]-1, hy, pctCIDec(baseReg, dec), pctText(base.Mean), pctCI(base))
		if sp, ok := spellsOf(in, c.Base); ok && len(sp.Survival) > 0 {
			s += fmt.Sprintf(" %s have not fallen below the line once since %d.", capitalize(pctText(sp.Survival[len(sp.Survival)-1].Mean)), sp.Years[0])
		}
		return []string{s}
	}
	var out []string
	for k, d := range c.Diffs {
		var b strings.Builder
		fmt.Fprintf(&b, "Under %s, %s of the households lifted out of poverty by %d are registered as back in poverty in %d, against %s under %s",
			d.Scenario, pctDec(reg(c.Summaries[k+1]).Mean, dec), c.Years[0]-1, hy, pctDec(baseReg.Mean, dec), c.Base)
		b.WriteString(diffWords(d.Get(analysis.RegisteredReturn).Years[h], dec))
		fmt.Fprintf(&b, ". By income, as a survey would see it, %s are poor against %s", pctText(rateOf(c.Summaries[k+1]).Years[h].Mean), pctText(base.Mean))
		b.WriteString(diffWords(d.Get(analysis.ReturnRate).Years[h], 2))
		b.WriteString(".")
		b.WriteString(avoidedWords(c, d, h))
		out = append(out, b.String())
	}
	return out
}

// readingNotes say how to read the answer: that intervals on parameter
// draws are wider than compare's, and that levels are the model's when it
// misses published figures.
func readingNotes(in *Input) []string {
	var out []string
	if in.Comparison.Uncertainty == analysis.IntervalParams {
		out = append(out, "These intervals carry the uncertainty of the calibrated parameters as well as Monte Carlo noise (each replication ran on one of the calibration's parameter draws), "+
			"so they are wider than those of povsim compare, which runs on the calibrated values alone: a difference clear there can be unclear here. "+
			"povsim report --draws none gives compare's intervals.")
	}
	if w := in.Validation; w != nil {
		n, inside := w.Count.Fit+w.Count.Held, w.Count.FitInside+w.Count.HeldInside
		if inside < n {
			out = append(out, fmt.Sprintf("The model misses %d of the %d published figures it was held against (How well does this model match what is known, below): "+
				"read these levels as the model's, and the differences as directions and rough sizes.", n-inside, n))
		}
	}
	return out
}

// diffWords is a paired difference in words: ": 0.23 percentage points
// more (95% interval +0.07 to +0.39)", and whether it is clear.
func diffWords(de analysis.Estimate, dec int) string {
	switch {
	case !de.Defined():
		return ""
	case de.Mean == 0 && de.Lo == 0 && de.Hi == 0:
		return ": the same in every replication"
	}
	more := "more"
	if de.Mean < 0 {
		more = "fewer"
	}
	s := fmt.Sprintf(": %s percentage points %s", thousands(abs(100*de.Mean), dec), more)
	if de.HasInterval() {
		s += fmt.Sprintf(" (95%% interval %s to %s)", signed(100*de.Lo, dec), signed(100*de.Hi, dec))
		if excludesZero(de) == 0 {
			s += ", a difference the simulation cannot tell from zero"
		}
	}
	return s
}

// avoidedWords says what an alternative avoids by each measure over the
// years, at what cost.
func avoidedWords(c analysis.Comparison, d analysis.Differences, h int) string {
	var b strings.Builder
	hy := c.Years[h]
	yuan := func(x float64) string { return thousands(x, 0) }
	if ra := d.Get(analysis.RegisteredAvoided).Years[h]; ra.Defined() {
		switch {
		case ra.Mean >= 0.05:
			fmt.Fprintf(&b, " Over %s, %s fewer registered returns are counted", span(c), thousands(ra.Mean, 1))
		case ra.Mean <= -0.05:
			fmt.Fprintf(&b, " Over %s, %s more registered returns are counted", span(c), thousands(-ra.Mean, 1))
		default:
			fmt.Fprintf(&b, " Over %s, as many registered returns are counted", span(c))
		}
		if ra.HasInterval() && (ra.Mean >= 0.05 || ra.Mean <= -0.05) {
			lo, hi := ra.Lo, ra.Hi
			if ra.Mean < 0 {
				lo, hi = -ra.Hi, -ra.Lo
			}
			fmt.Fprintf(&b, " (95%% interval %s to %s", thousands(lo, 1), thousands(hi, 1))
			if excludesZero(ra) == 0 {
				b.WriteString(", which includes none")
			}
			b.WriteString(")")
		}
		if ra.Mean >= 0.05 && excludesZero(ra) > 0 {
			fmt.Fprintf(&b, "; each costs %s", d.CostPerRegisteredText(h, yuan))
		}
		b.WriteString(".")
	}
	av, cost := d.Avoided.Years[h], d.ExtraCost.Years[h]
	if !av.Defined() {
		return b.String()
	}
	switch {
	case av.Mean >= 0.5:
		fmt.Fprintf(&b, " By %d, %s fewer households have fallen below the line at least once", hy, thousands(av.Mean, 0))
	case av.Mean <= -0.5:
		fmt.Fprintf(&b, " By %d, %s more households have fallen below the line at least once", hy, thousands(-av.Mean, 0))
	default:
		fmt.Fprintf(&b, " By %d, as many households have fallen below the line at least once", hy)
	}
	costUnclear := cost.HasInterval() && excludesZero(cost) == 0
	if cost.Defined() {
		if cost.Mean >= 0 {
			fmt.Fprintf(&b, ", for %s million yuan more over %s", thousands(cost.Mean/1e6, 2), span(c))
		} else {
			fmt.Fprintf(&b, ", and %s million yuan are saved over %s", thousands(-cost.Mean/1e6, 2), span(c))
		}
		if costUnclear {
			b.WriteString(", an amount that cannot be told from zero")
		}
	}
	b.WriteString(".")
	if av.Mean > 0 { // the comparison's own rule and words (analysis: costPerText)
		fmt.Fprintf(&b, " Cost per return by income avoided: %s.", d.CostPerAvoidedText(h, yuan))
	}
	return b.String()
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func cards(in *Input) []card {
	c := in.Comparison
	h := len(c.Years) - 1
	dec := analysis.DecimalsFor(c, analysis.RegisteredReturn)
	yuan := func(x float64) string { return thousands(x, 0) }
	var out []card
	for i, s := range c.Summaries {
		r := s.Get(analysis.RegisteredReturn).Years[h]
		cd := card{Scenario: s.Scenario, IsBase: i == 0, Rate: pctDec(r.Mean, dec), Income: pctCI(rateOf(s).Years[h])}
		if !r.Defined() {
			cd.Rate = "—"
		}
		if r.HasInterval() {
			cd.RateCI = fmt.Sprintf("%s to %s", pctDec(r.Lo, dec), pctDec(r.Hi, dec))
		}
		if sp, ok := spellsOf(in, s.Scenario); ok && len(sp.Survival) > 0 {
			cd.NeverReturned = pctCI(sp.Survival[len(sp.Survival)-1])
			cd.MedianYearsOut = medianText(sp)
		}
		if i == 0 {
			cd.Class = "base"
			out = append(out, cd)
			continue
		}
		d := c.Diffs[i-1]
		de, ie := d.Get(analysis.RegisteredReturn).Years[h], d.Get(analysis.ReturnRate).Years[h]
		cd.Diff, cd.IncomeDiff = ppCIDec(de, dec), ppCI(ie)
		if de.Mean == 0 && de.Lo == 0 && de.Hi == 0 {
			cd.Diff = "0, the same in every replication"
		}
		cd.Class, cd.Verdict = verdict(de, "registered returns")
		_, cd.IncomeVerdict = verdict(ie, "households poor by income")
		hy := strconv.Itoa(c.Years[h])
		cd.RegAvoidedLabel, cd.RegAvoided = effect(d.Get(analysis.RegisteredAvoided).Years[h], "Registered returns avoided, "+span(c),
			"More registered returns, "+span(c), countCI1, "")
		cd.KeptOutLabel, cd.KeptOut = effect(d.KeptOut.Years[h], "Kept out of poverty in "+hy, "More back in poverty in "+hy, countCI, " households")
		cd.AvoidedLabel, cd.Avoided = effect(d.Avoided.Years[h], "Returns avoided by "+hy, "More returns by "+hy, countCI, " households")
		cd.ExtraCostLabel, cd.ExtraCost = effect(d.ExtraCost.Years[h], "Extra cost, "+span(c), "Saved, "+span(c), millionCI, " million yuan")
		cd.CostPerRegistered = d.CostPerRegisteredText(h, yuan)
		cd.CostPer = d.CostPerAvoidedText(h, yuan)
		out = append(out, cd)
	}
	return out
}

// verdict classes a paired difference ("worse", "better", "same") and says
// it in words of what: "more registered returns".
func verdict(e analysis.Estimate, what string) (string, string) {
	switch excludesZero(e) {
	case 1:
		return "worse", "more " + what
	case -1:
		return "better", "fewer " + what
	}
	return "same", "no clear difference in " + what
}

// effect labels a signed estimate by its sign, so that its value reads as a
// positive amount: 369 households under "More back in poverty", not −369
// under "Kept out of poverty".
func effect(e analysis.Estimate, pos, neg string, format func(analysis.Estimate) string, unit string) (string, string) {
	if !e.Defined() {
		return pos, "—"
	}
	if e.Mean < 0 {
		pos, e = neg, e.Neg()
	}
	return pos, format(e) + unit
}

// medianText: "4 years (3 to 5)", "more than 10 years".
func medianText(sp analysis.SpellSummary) string {
	n := len(sp.Survival) - 1
	if sp.MedianOut == nil {
		return fmt.Sprintf("over %d years: fewer than half have returned", n)
	}
	s := fmt.Sprintf("%d years", *sp.MedianOut)
	if sp.MedianOutLo != nil || sp.MedianOutHi != nil {
		lo, hi := fmt.Sprintf("beyond %d", n), fmt.Sprintf("beyond %d", n)
		// The band's upper edge crosses last: it bounds the median from above.
		if sp.MedianOutLo != nil {
			lo = strconv.Itoa(*sp.MedianOutLo)
		}
		if sp.MedianOutHi != nil {
			hi = strconv.Itoa(*sp.MedianOutHi)
		}
		s += fmt.Sprintf(" (%s to %s)", lo, hi)
	}
	return s
}

// figureSpec: the report's charts, with captions.
type figureSpec struct {
	kind, caption string
}

func figures(in *Input) ([]figure, []string) {
	c := in.Comparison
	hy := c.Years[len(c.Years)-1]
	specs := []figureSpec{
		{KindRegistered, fmt.Sprintf("Registered returns: share of the households lifted out of poverty by %d that the monitoring system supports in the year and still counts as poor after its response (the official measure), per scenario. Shaded: 95%% interval of the mean over %d replications.", c.Years[0]-1, c.Reps)},
		{KindRates, fmt.Sprintf("Income poverty: share of the households lifted out of poverty by %d whose income is below the line in each year, as a survey would see it, per scenario. Shaded: 95%% interval of the mean over %d replications.", c.Years[0]-1, c.Reps)},
		{KindDifference, fmt.Sprintf("Each scenario's return-to-poverty rate minus %s's, computed on the same simulated households in each replication (paired). Shaded: 95%% interval; where it leaves the zero line the difference is clear.", c.Base)},
		{KindCostEffect, fmt.Sprintf("Extra fiscal cost against %s summed over %s (horizontal) and households that had not fallen back by %d but would have under %s (vertical), with 95%% intervals. Up and to the left is better value.", c.Base, span(c), hy, c.Base)},
		{KindTypes, fmt.Sprintf("Return-to-poverty rate in %d among the formerly poor households of each type. Whiskers: 95%% intervals. A household belongs to every type whose description fits it.", hy)},
		{KindSurvival, "Kaplan–Meier estimate of the share of formerly poor households that have not been poor in any year since their exit, by years since the exit. Shaded: 95% interval over replications."},
		{KindHazard, "Chance that a household out of poverty for a given number of years falls back in the next year (pooled over households, years and replications; 95% jackknife interval over replications). Durations with too few spells are left out."},
		{KindExit, "Chance that a household poor for a given number of years leaves poverty in the next year: how long a return lasts. Durations with too few spells are left out."},
	}
	var figs []figure
	var missing []string
	for _, sp := range specs {
		p, err := Chart(sp.kind, in)
		if err != nil {
			if errors.Is(err, ErrNoData) {
				missing = append(missing, err.Error())
				continue
			}
			missing = append(missing, fmt.Sprintf("%s: %v", sp.kind, err))
			continue
		}
		svg, err := inlineSVG(p, "fig-"+sp.kind+"-title", "chart wide", chart.DefaultWidth, chart.DefaultHeight)
		if err != nil {
			missing = append(missing, fmt.Sprintf("%s: %v", sp.kind, err))
			continue
		}
		f := figure{ID: sp.kind, Title: p.Title.Text, Caption: sp.caption, N: len(figs) + 1, SVG: svg}
		if pn, err := NarrowChart(sp.kind, in); err == nil {
			f.Narrow, _ = inlineSVG(pn, "fig-"+sp.kind+"-title-narrow", "chart narrow", NarrowWidth, NarrowHeight)
		}
		figs = append(figs, f)
	}
	return figs, missing
}

var (
	svgStart = regexp.MustCompile(`(?s)^.*?<svg\b`)
	svgSize  = regexp.MustCompile(`^<svg width="[^"]*" height="[^"]*"`)
)

// InlineSVG renders p as SVG for embedding in HTML: without the XML
// prolog, scaled by its viewBox to the width of its container, with the
// chart's title as its accessible name (the element titleID).
func InlineSVG(p *plot.Plot, titleID string) (template.HTML, error) {
	return inlineSVG(p, titleID, "chart", chart.DefaultWidth, chart.DefaultHeight)
}

func inlineSVG(p *plot.Plot, titleID, class string, w, h vg.Length) (template.HTML, error) {
	var buf bytes.Buffer
	if err := chart.Render(p, &buf, "svg", w, h); err != nil {
		return "", err
	}
	s := svgStart.ReplaceAllString(buf.String(), "<svg")
	if !svgSize.MatchString(s) {
		return "", errors.New("unexpected SVG header from gonum/plot")
	}
	title := template.HTMLEscapeString(strings.ReplaceAll(p.Title.Text, "\n", " "))
	s = svgSize.ReplaceAllString(s, fmt.Sprintf(`<svg class="%s" role="img" aria-labelledby="%s" preserveAspectRatio="xMidYMid meet"`, class, titleID))
	i := strings.IndexByte(s, '>')
	s = s[:i+1] + fmt.Sprintf("\n<title id=\"%s\">%s</title>", titleID, title) + s[i+1:]
	return template.HTML(strings.TrimSpace(s)), nil
}

func scenarioSection(in *Input) ([]scenarioRow, []diffBlock) {
	c := in.Comparison
	rec := map[string]analysis.ScenarioRecord{}
	for _, r := range in.Scenarios {
		rec[r.Name] = r
	}
	var rows []scenarioRow
	for i, s := range c.Summaries {
		row := scenarioRow{Name: s.Scenario, Role: "alternative"}
		if i == 0 {
			row.Role = "base"
		}
		if r, ok := rec[s.Scenario]; ok {
			row.Source = r.Source
			if sc, err := scenarios.Parse(r.Name, []byte(r.Resolved)); err == nil {
				row.Description = sc.Description
			}
		}
		rows = append(rows, row)
	}
	var diffs []diffBlock
	base, okBase := rec[c.Base]
	for _, d := range c.Diffs {
		b := diffBlock{Scenario: d.Scenario, Base: c.Base}
		alt, ok := rec[d.Scenario]
		switch {
		case !okBase || !ok:
			b.Err = "the resolved scenarios are not available, so their parameters cannot be compared"
		default:
			ch, err := ConfigDiff(base, alt)
			if err != nil {
				b.Err = err.Error()
			}
			b.Changes = ch
			if slices.ContainsFunc(ch, func(c Change) bool { return c.YearBefore }) {
				b.BeforeNote = beforeNote
			}
		}
		diffs = append(diffs, b)
	}
	return rows, diffs
}

func tables(in *Input) []table {
	c := in.Comparison
	h := len(c.Years) - 1
	var out []table

	// The two measures per year, registered returns first.
	dec := analysis.DecimalsFor(c, analysis.RegisteredReturn)
	out = append(out,
		yearlyTable(c, "registered", "Registered returns per year: formerly poor households the monitoring system supports and still counts as poor (% of formerly poor households, 95% interval)",
			analysis.RegisteredReturn, func(e analysis.Estimate) string { return pctCIDec(e, dec) }, func(e analysis.Estimate) string { return ppCIDec(e, dec) }),
		yearlyTable(c, "rates", "Return-to-poverty rate by income per year, as a survey would see it (% of formerly poor households, 95% interval)",
			analysis.ReturnRate, pctCI, ppCI))

	// Horizon.
	if len(c.Diffs) > 0 {
		out = append(out, horizonTables(c, dec)...)
	}

	// Costs by program.
	t := table{ID: "costs", Caption: fmt.Sprintf("Fiscal cost by program, summed over %s (million yuan)", span(c)), Head: []string{"Program"}}
	for _, s := range c.Summaries {
		t.Head = append(t.Head, s.Scenario)
	}
	for p := 0; p < int(sim.NumPrograms); p++ {
		row := []string{sim.Program(p).String()}
		nonzero := false
		for _, s := range c.Summaries {
			v := 0.0
			if p < len(s.Costs) {
				v = sumMeans(s.Costs[p])
			}
			nonzero = nonzero || v != 0
			row = append(row, thousands(v/1e6, 2))
		}
		if nonzero {
			t.addRow(row...)
		}
	}
	total := []string{"total"}
	for _, s := range c.Summaries {
		total = append(total, thousands(totalCost(s)/1e6, 2))
	}
	t.addRow(total...)
	out = append(out, t)

	// Types at the horizon.
	if len(c.Summaries[0].ByType) > 0 {
		t = table{ID: "types", Caption: fmt.Sprintf("Return-to-poverty rate by household type in %d (%% of the type's formerly poor households, 95%% interval)", c.Years[h]),
			Head: []string{"Household type"}}
		for _, s := range c.Summaries {
			t.Head = append(t.Head, s.Scenario)
		}
		for ti, se := range c.Summaries[0].ByType {
			row := []string{typeName(se.Outcome)}
			for _, s := range c.Summaries {
				if ti < len(s.ByType) {
					row = append(row, pctCI(s.ByType[ti].Years[h]))
				} else {
					row = append(row, "—")
				}
			}
			t.addRow(row...)
		}
		t.Note = "A household belongs to every type that fits it, and to “other” only if none does; types are taken in the year counted."
		out = append(out, t)
	}

	if len(in.Spells) > 0 {
		out = append(out, spellTables(in)...)
	}
	return out
}

func spellTables(in *Input) []table {
	sp := in.Spells
	var out []table
	exit := sp[0].Years[0]

	t := table{ID: "spells", Caption: "How long households stay out of poverty, and how long a return lasts",
		Head: []string{"Scenario", fmt.Sprintf("Never returned by %d", sp[0].Years[len(sp[0].Years)-1]),
			"Half have returned after", "Mean length of a return (years)"}}
	for _, s := range sp {
		never := "—"
		if len(s.Survival) > 0 {
			never = pctCI(s.Survival[len(s.Survival)-1])
		}
		t.addRow(s.Scenario, never, medianText(s), yearsCI(s.MeanReturn))
	}
	t.Note = fmt.Sprintf("Never returned: Kaplan–Meier share of formerly poor households not poor in any year since %d. Half have returned after: the first year in which that share is at most 50%% (from the interval's edges in parentheses). Mean length of a return: implied by the chance of leaving poverty after each year in it.", exit)
	out = append(out, t)

	t = table{ID: "survival", Caption: fmt.Sprintf("Share of formerly poor households never returned to poverty since %d (Kaplan–Meier, 95%% interval)", exit),
		Head: []string{"Year", "Years since exit"}}
	for _, s := range sp {
		t.Head = append(t.Head, s.Scenario)
	}
	for i, y := range sp[0].Years {
		row := []string{strconv.Itoa(y), strconv.Itoa(i)}
		for _, s := range sp {
			if i < len(s.Survival) {
				row = append(row, pctCI(s.Survival[i]))
			} else {
				row = append(row, "—")
			}
		}
		t.addRow(row...)
	}
	out = append(out, t)

	t = table{ID: "hazards", Caption: "Chance of falling back, and of leaving poverty, in the next year by spell length (%, 95% interval)",
		Head: []string{"Years"}}
	for _, s := range sp {
		t.Head = append(t.Head, "Fall back: "+s.Scenario)
	}
	for _, s := range sp {
		t.Head = append(t.Head, "Leave poverty: "+s.Scenario)
	}
	for i, d := range sp[0].Durations {
		row := []string{strconv.Itoa(d)}
		for _, s := range sp {
			row = append(row, estAt(s.FallHazard, i))
		}
		for _, s := range sp {
			row = append(row, estAt(s.ExitHazard, i))
		}
		t.addRow(row...)
	}
	t.Note = "Fall back: among households out of poverty for that many years (since the exit in " + strconv.Itoa(exit) + " or a later recovery). Leave poverty: among households poor for that many years. Pooled over households, years and replications; intervals by the jackknife over replications."
	out = append(out, t)

	if len(sp[0].ByType) > 0 {
		t = table{ID: "types-survival", Caption: fmt.Sprintf("Never returned by %d, by household type (%%, 95%% interval)", sp[0].Years[len(sp[0].Years)-1]),
			Head: []string{"Household type"}}
		for _, s := range sp {
			t.Head = append(t.Head, s.Scenario)
		}
		for ti, ts := range sp[0].ByType {
			row := []string{ts.Type}
			for _, s := range sp {
				if ti < len(s.ByType) && len(s.ByType[ti].Survival) > 0 {
					row = append(row, pctCI(s.ByType[ti].Survival[len(s.ByType[ti].Survival)-1]))
				} else {
					row = append(row, "—")
				}
			}
			t.addRow(row...)
		}
		out = append(out, t)

		// How long a return lasts, by type, once sim counts spells by type.
		t = table{ID: "types-return", Caption: "Mean length of a return to poverty by household type (years, 95% interval)",
			Head: []string{"Household type"}}
		for _, s := range sp {
			t.Head = append(t.Head, s.Scenario)
		}
		found := false
		for ti, ts := range sp[0].ByType {
			row := []string{ts.Type}
			for _, s := range sp {
				if ti < len(s.ByType) && s.ByType[ti].MeanReturn != nil {
					row = append(row, yearsCI(*s.ByType[ti].MeanReturn))
					found = true
				} else {
					row = append(row, "—")
				}
			}
			t.addRow(row...)
		}
		if found {
			out = append(out, t)
		}
	}
	return out
}

func estAt(es []analysis.Estimate, i int) string {
	if i < len(es) {
		return pctCI(es[i])
	}
	return "—"
}

func sumMeans(se analysis.Series) float64 {
	s := 0.0
	for _, e := range se.Years {
		if e.Defined() {
			s += e.Mean
		}
	}
	return s
}

func totalCost(s analysis.Summary) float64 {
	return sumMeans(s.Get(analysis.Cost))
}

func provenance(in *Input, households string) provView {
	b := analysis.BuildOf()
	v := provView{Tool: "povsim", Version: b.Version, Revision: b.Revision, Dirty: b.Dirty, Model: b.Model, Households: households}
	p := in.Provenance
	if p != nil {
		v.Tool, v.Version, v.GoVersion = p.Tool, p.Version, p.GoVersion
		v.Revision, v.Dirty, v.Model = p.Revision, p.Dirty, p.Model
		v.Command = analysis.ShellJoin(p.Command)
		v.Reproduce = p.Reproduce
		v.Seed, v.Reps, v.Workers = p.Seed, p.Reps, p.Workers
		if !p.Start.IsZero() {
			v.Start = p.Start.UTC().Format(time.RFC3339)
		}
		if !p.End.IsZero() {
			v.End = p.End.UTC().Format(time.RFC3339)
		}
	}
	if v.Reps == 0 {
		v.Reps = in.Comparison.Reps
	}
	for _, r := range in.Scenarios {
		v.Scenarios = append(v.Scenarios, provScenario{Name: r.Name, Source: r.Source, YAML: r.Resolved})
	}
	return v
}

// wall lays out the base scenario held against the published record.
func wall(in *Input) wallView {
	w := in.Validation
	if w == nil {
		note := in.ValidationNote
		if note == "" {
			note = "Not shown: these results were not held against the published record (a report made from saved results); run povsim validate " + in.Comparison.Base + " for it."
		}
		return wallView{Note: note}
	}
	v := wallView{Shown: true, Verdict: w.Verdict,
		Intro: fmt.Sprintf("The base scenario, %s, as simulated for this report (%s households × %d replications), against %d published figures (%s). "+
			"Fitted figures are those the model's parameters may be set from; held-out figures were kept apart and test its mechanisms. "+
			"Each tolerance was fixed before any fitting from the figure's uncertainty and the Monte Carlo noise; z is the miss in units of both combined.",
			w.Scenario, thousands(float64(w.Households), 0), w.Reps, len(w.Targets), w.TargetsFile)}
	if w.Uncertainty != "" {
		v.Intro += " The model's 95% intervals carry the parameters' uncertainty (the replications ran on parameter draws) as well as Monte Carlo noise, and z divides the miss by both and the figure's own uncertainty."
	}
	for _, r := range w.Targets {
		x := r.Text()
		v.Rows = append(v.Rows, wallRow{Target: r.Target, Use: r.Use.String(), Years: r.Years, Published: x.Value, Tolerance: x.Tolerance,
			Model: x.Model, Interval: x.Interval, Z: x.Z, Source: r.Source + " (" + r.Reliability + ")", Inside: r.Inside, OnEdge: r.OnEdge})
	}
	return v
}
