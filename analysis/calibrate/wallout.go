package calibrate

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

// WallRow is one target of a wall as files and pages show it. Model
// values are absent (null) where the model leaves the outcome undefined;
// the interval and z also with one replication, which has no Monte Carlo
// variance to read (they would be a zero-width interval and a z with no
// Monte Carlo noise).
type WallRow struct {
	Target      string   `json:"target"`
	Outcome     string   `json:"outcome"`
	Type        string   `json:"type,omitempty"`
	Years       string   `json:"years"`
	Use         Use      `json:"use"`
	Value       float64  `json:"value"`
	SE          float64  `json:"se"`
	Tolerance   float64  `json:"tolerance"`
	Model       *float64 `json:"model_mean"`
	Lo          *float64 `json:"model_lo"`
	Hi          *float64 `json:"model_hi"`
	Z           *float64 `json:"standardized_distance"`
	Inside      bool     `json:"inside_tolerance"`
	OnEdge      bool     `json:"on_edge"` // the model's interval straddles a bound of the tolerance
	Source      string   `json:"source"`
	Reliability string   `json:"reliability"`
}

// WallText is a wall row's numbers written for people: shares in percent,
// amounts in whole yuan.
type WallText struct{ Value, Tolerance, Model, Interval, Z string }

// Text writes the row's numbers for people.
func (r WallRow) Text() WallText {
	num := amount
	if r.Value <= 1 && r.Tolerance < 1 {
		num = percent
	}
	t := WallText{Value: num(r.Value), Tolerance: "± " + num(r.Tolerance), Model: "undefined", Z: "—"}
	if r.Model != nil {
		t.Model = num(*r.Model)
		if r.Lo != nil && r.Hi != nil {
			t.Interval = "[" + num(*r.Lo) + ", " + num(*r.Hi) + "]"
		} else {
			t.Interval = "—" // one replication: no interval
		}
	}
	if r.Z != nil {
		t.Z = fmt.Sprintf("%+.1f", *r.Z)
	}
	return t
}

// WallJSON is the wall as validate's JSON, the report and the page carry it.
type WallJSON struct {
	Scenario    string    `json:"scenario"`
	TargetsFile string    `json:"targets_file"`
	TargetsSHA  string    `json:"targets_sha256"`
	Households  int       `json:"households"`
	Reps        int       `json:"replications"`
	Seed        uint64    `json:"seed"`
	Targets     []WallRow `json:"targets"`
	Count       Count     `json:"inside"`
	Verdict     string    `json:"verdict"`
	// Uncertainty: empty for Monte Carlo intervals, else what they carry.
	Uncertainty string `json:"uncertainty,omitempty"`
}

// JSON is the wall as one value for JSON.
func (w *Wall) JSON() WallJSON {
	return WallJSON{Scenario: w.Scenario, TargetsFile: w.Targets.File, TargetsSHA: w.Targets.Hash, Households: w.Households,
		Reps: w.Reps, Seed: w.Seed, Targets: w.Rows(), Count: w.Count(), Verdict: w.Verdict(), Uncertainty: w.Uncertainty}
}

// Rows are the wall's targets in the file's order.
func (w *Wall) Rows() []WallRow {
	out := make([]WallRow, len(w.Checks))
	for i, c := range w.Checks {
		t := c.Target
		r := WallRow{Target: t.Name, Outcome: t.Outcome, Type: t.Type, Years: t.Years(), Use: t.Use, Value: t.Value, SE: t.SE,
			Tolerance: t.Tolerance, Inside: c.Inside, OnEdge: c.OnEdge(), Source: t.Source, Reliability: t.Reliability}
		if c.Defined {
			m := c.Mean
			r.Model = &m
		}
		if c.Defined && w.Reps > 1 { // one replication has no Monte Carlo variance to read: no interval, no z
			lo, hi, z := c.Lo, c.Hi, c.Z
			r.Lo, r.Hi, r.Z = &lo, &hi, &z
		}
		out[i] = r
	}
	return out
}

func percent(x float64) string {
	s := strconv.FormatFloat(100*x, 'g', 3, 64)
	if strings.Contains(s, "e") {
		s = strconv.FormatFloat(100*x, 'f', 4, 64)
	}
	return s + "%"
}

func amount(x float64) string {
	s := strconv.FormatFloat(x, 'f', 0, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// WriteTable writes the wall for a terminal: one line per target, the
// counts by use, the verdict, and NoiseNote for a run smaller than the
// tolerances' size (as run's and compare's brief says).
func (w *Wall) WriteTable(out io.Writer) error {
	fmt.Fprintf(out, "validate %s against %s: %d targets, %s households × %d replications, seed %d\n\n",
		w.Scenario, w.Targets.File, len(w.Checks), amount(float64(w.Households)), w.Reps, w.Seed)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tuse\tyears\tpublished\ttolerance\tmodel\t95% interval\tz\tinside\tsource (mark)")
	for _, r := range w.Rows() {
		in := "OUTSIDE"
		if r.Inside {
			in = "inside"
		}
		if r.OnEdge {
			in += " (edge)"
		}
		x := r.Text()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s (%s)\n", r.Target, r.Use, r.Years, x.Value, x.Tolerance,
			x.Model, x.Interval, x.Z, in, r.Source, r.Reliability)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if w.Uncertainty != "" {
		fmt.Fprintf(out, "\n%s\n", w.Uncertainty)
	}
	c := w.Count()
	verdict := w.Verdict()
	if n := NoiseNote(w.Households, w.Reps); n != "" {
		verdict += "\n" + wrapText(n, 100, "")
	}
	_, err := fmt.Fprintf(out, "\nfitted targets inside their tolerance: %d of %d; held-out: %d of %d\n%s\n",
		c.FitInside, c.Fit, c.HeldInside, c.Held, strings.TrimSuffix(verdict, "\n"))
	return err
}

// WriteCSV writes one row per target: the columns of fit.csv with the
// scenario in front.
func (w *Wall) WriteCSV(out io.Writer) error {
	cw := csv.NewWriter(out)
	cw.Write([]string{"scenario", "target", "outcome", "type", "years", "use", "value", "se", "tolerance", "model_mean", "model_lo", "model_hi",
		"standardized_distance", "inside_tolerance", "source", "reliability"})
	opt := func(x *float64) string {
		if x == nil {
			return ""
		}
		return ffmt(*x)
	}
	for _, r := range w.Rows() {
		cw.Write([]string{w.Scenario, r.Target, r.Outcome, r.Type, r.Years, r.Use.String(), ffmt(r.Value), ffmt(r.SE), ffmt(r.Tolerance),
			opt(r.Model), opt(r.Lo), opt(r.Hi), opt(r.Z), strconv.FormatBool(r.Inside), r.Source, r.Reliability})
	}
	cw.Flush()
	return cw.Error()
}

// WriteBrief writes the wall in a few lines, for the end of a table of
// results: how many figures are inside their tolerance, which are
// outside, the verdict, and where the whole wall is. A run smaller than
// the size the tolerances were set for (households × reps below
// toleranceHouseholds × toleranceReps) says that its own noise is larger
// than they allow for.
func (w *Wall) WriteBrief(out io.Writer) error {
	c := w.Count()
	n, in := c.Fit+c.Held, c.FitInside+c.HeldInside
	s := fmt.Sprintf("against the published record: %d of %d figures inside their tolerance", in, n)
	if names := w.Outside(); len(names) > 0 {
		s += "; outside: " + strings.Join(names, "; ")
	}
	s += ". " + w.Verdict()
	if n := NoiseNote(w.Households, w.Reps); n != "" {
		s += " " + n
	}
	s += " povsim validate, given the same scenario and flags, shows each figure"
	if w.Targets == nil || w.Targets.Name == "published" {
		s += "; docs/MODEL.md §13 explains them"
	}
	s += "."
	_, err := io.WriteString(out, wrapText(s, 100, "  "))
	return err
}

// WriteBriefOf holds replications already run (of the scenario named
// scenario, on seed; d says which share a parameter draw, if any) against
// ts, as WallOfDraws, and writes the brief; replications whose years do
// not cover the targets' say so in plain words instead, and any other
// reason they cannot be held against them is a note: only a failure to
// write is an error.
func WriteBriefOf(out io.Writer, ts *Targets, scenario string, households int, seed uint64, res []sim.Result, d analysis.DrawGroups) error {
	if len(res) > 0 && len(res[0].Years) > 0 {
		first, last := res[0].Years[0].Year, res[0].Years[len(res[0].Years)-1].Year
		lo, hi := ts.span()
		if lo < first || hi > last {
			s := fmt.Sprintf("not held against the published record: its figures cover %d–%d and this run simulates %d–%d.", lo, hi, first, last)
			if first <= lo {
				s += fmt.Sprintf(" --years %d or more shows it.", hi-first+1)
			}
			_, err := io.WriteString(out, wrapText(s, 100, "  "))
			return err
		}
	}
	w, err := WallOfDraws(ts, scenario, households, seed, res, d)
	if err != nil { // a note, not a failure: the results stand
		first, _, _ := strings.Cut(err.Error(), "\n")
		_, err = io.WriteString(out, wrapText("not held against the published record: "+first, 100, "  "))
		return err
	}
	return w.WriteBrief(out)
}

// The size the published targets' tolerances were set for (the noise
// floor σ_MC, docs/MODEL.md §13).
const toleranceHouseholds, toleranceReps = 10000, 20

// NoiseNote says, for a wall of households × reps smaller than the size
// the published tolerances were set for, that its own noise is larger
// than they allow for; "" at that size or larger.
func NoiseNote(households, reps int) string {
	if households*reps >= toleranceHouseholds*toleranceReps {
		return ""
	}
	return fmt.Sprintf("The tolerances were set for %s households × %d replications; this run's own noise is larger than they allow for.",
		amount(toleranceHouseholds), toleranceReps)
}

// wrapText breaks s into lines of at most width characters at spaces, the
// lines after the first indented, each ending in a newline.
func wrapText(s string, width int, indent string) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(s) {
		n := utf8.RuneCountInString(word)
		switch {
		case i == 0:
		case line+1+n > width:
			b.WriteString("\n" + indent)
			line = len(indent)
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += n
	}
	b.WriteByte('\n')
	return b.String()
}
