package sweep

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/sensitivity"
)

// AnalyzeOptions choose what a sensitivity analysis reports.
type AnalyzeOptions struct {
	Outcomes  []string // recorded outcomes to analyse; empty: all
	Years     []int    // recorded years to analyse; empty: the last one
	Bootstrap int      // Sobol bootstrap resamples (0: no intervals)
	Seed      uint64   // bootstrap seed
}

// Report is a sensitivity analysis of a sweep's results: Sobol indices for
// a Saltelli design, Morris measures for a Morris design. The model output
// analysed at each design point is the mean over its replications.
type Report struct {
	Sweep     string      `json:"sweep"`
	Design    string      `json:"design"`
	Points    int         `json:"points"`
	N         int         `json:"n"` // base rows (Saltelli) or trajectories (Morris)
	Bootstrap int         `json:"bootstrap,omitempty"`
	Seed      uint64      `json:"bootstrap_seed,omitempty"`
	Sobol     []SobolRow  `json:"sobol,omitempty"`
	Morris    []MorrisRow `json:"morris,omitempty"`
	Notes     []string    `json:"notes,omitempty"`
}

// SobolRow holds one parameter's Sobol indices for one outcome and year,
// with their bootstrap 95% intervals. Rank 1 is the largest total index.
type SobolRow struct {
	Outcome   string    `json:"outcome"`
	Year      int       `json:"year"`
	Parameter string    `json:"parameter"`
	S1        jsonFloat `json:"S1"`
	S1Lo      jsonFloat `json:"S1_lo"`
	S1Hi      jsonFloat `json:"S1_hi"`
	ST        jsonFloat `json:"ST"`
	STLo      jsonFloat `json:"ST_lo"`
	STHi      jsonFloat `json:"ST_hi"`
	Rank      int       `json:"rank"`
}

// MorrisRow holds one parameter's Morris measures for one outcome and year:
// μ (mean elementary effect), μ* (mean absolute effect: importance) and σ
// (spread: non-linearity or interactions). Rank 1 is the largest μ*.
type MorrisRow struct {
	Outcome   string    `json:"outcome"`
	Year      int       `json:"year"`
	Parameter string    `json:"parameter"`
	Mu        jsonFloat `json:"mu"`
	MuStar    jsonFloat `json:"mu_star"`
	Sigma     jsonFloat `json:"sigma"`
	Rank      int       `json:"rank"`
}

// jsonFloat writes NaN (an interval not computed) as null.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
		return []byte("null"), nil
	}
	return []byte(fmtFloat(float64(f))), nil
}

// Analyze computes the sensitivity indices of a whole sweep's results.
func Analyze(t *Table, opt AnalyzeOptions) (*Report, error) {
	m := t.Meta
	if m.Shard.N > 0 {
		return nil, fmt.Errorf("this is shard %s of a sweep; merge the shards first (povsim merge)", m.Shard)
	}
	if m.Design != Saltelli && m.Design != Morris {
		return nil, fmt.Errorf("sensitivity indices need a saltelli design (Sobol indices) or a morris design (elementary effects); this sweep has a %s design", m.Design)
	}
	sw, err := (&Loader{MaxPoints: max(DefaultMaxPoints, m.TotalPoints)}).Parse(m.Name+" (resolved sweep in the results file)", []byte(m.Sweep))
	if err != nil {
		return nil, fmt.Errorf("the resolved sweep in the results file: %w", err)
	}
	d := sw.Design
	if len(d.Points) != len(t.Points) || d.Kind != m.Design {
		return nil, fmt.Errorf("the design rebuilt from the resolved sweep has %d %s points, the file %d", len(d.Points), d.Kind, len(t.Points))
	}
	for i := range t.Points {
		if !slices.Equal(sw.Applied(i), t.Points[i].Params) {
			return nil, fmt.Errorf("the design rebuilt from the resolved sweep differs from the file's parameter values at point %d (written by another povsim version?)", i)
		}
	}

	outcomes := opt.Outcomes
	if len(outcomes) == 0 {
		outcomes = m.Outcomes
	}
	years := opt.Years
	if len(years) == 0 {
		years = m.Years[len(m.Years)-1:]
	}
	oidx := make([]int, len(outcomes))
	for i, o := range outcomes {
		oidx[i] = slices.Index(m.Outcomes, o)
		if oidx[i] < 0 {
			return nil, fmt.Errorf("outcome %q: not recorded in this sweep (recorded: %v)", o, m.Outcomes)
		}
	}
	yidx := make([]int, len(years))
	for i, y := range years {
		yidx[i] = slices.Index(m.Years, y)
		if yidx[i] < 0 {
			return nil, fmt.Errorf("year %d: not recorded in this sweep (recorded: %v)", y, m.Years)
		}
	}

	r := &Report{Sweep: m.Name, Design: m.Design, Points: len(t.Points), N: d.N}
	if m.Design == Saltelli {
		r.Bootstrap, r.Seed = opt.Bootstrap, opt.Seed
	}
	y := make([]float64, len(t.Points))
	applied := make([][]float64, len(t.Points))
	for i := range t.Points {
		applied[i] = t.Points[i].Params
	}
	for oi, o := range outcomes {
		for yi, year := range years {
			for i := range t.Points {
				p := &t.Points[i]
				sum, n := 0.0, 0
				for rep := 0; rep < p.Reps; rep++ {
					if v := t.Value(p, rep, yidx[yi], oidx[oi]); !math.IsNaN(v) {
						sum += v
						n++
					}
				}
				if n == 0 {
					return nil, fmt.Errorf("%s in %d is undefined in every replication of design point %d", o, year, p.Index)
				}
				y[i] = sum / float64(n)
			}
			switch m.Design {
			case Saltelli:
				idx, err := sensitivity.Sobol(d, y, opt.Bootstrap, opt.Seed)
				if errors.Is(err, sensitivity.ErrOutput) {
					r.Notes = append(r.Notes, fmt.Sprintf("%s in %d: %v: no parameter changes it", o, year, err))
					continue
				}
				if err != nil {
					return nil, err
				}
				rows := make([]SobolRow, len(idx.Factors))
				for i, f := range idx.Factors {
					rows[i] = SobolRow{Outcome: o, Year: year, Parameter: f.Name,
						S1: jsonFloat(f.S1), S1Lo: jsonFloat(f.S1Lo), S1Hi: jsonFloat(f.S1Hi),
						ST: jsonFloat(f.ST), STLo: jsonFloat(f.STLo), STHi: jsonFloat(f.STHi)}
				}
				rank(len(rows), func(i int) float64 { return float64(rows[i].ST) }, func(i, k int) { rows[i].Rank = k })
				r.Sobol = append(r.Sobol, rows...)
			case Morris:
				// The model ran at the applied values (a whole number's
				// design value rounded): effects divide by those steps.
				idx, err := sensitivity.ElementaryEffectsAt(d, applied, y)
				if err != nil {
					return nil, err
				}
				for _, f := range idx {
					if f.Skipped > 0 && oi == 0 && yi == 0 { // the same steps for every outcome and year
						r.Notes = append(r.Notes, skippedNote(f, d.N))
					}
				}
				rows := make([]MorrisRow, len(idx))
				for i, f := range idx {
					rows[i] = MorrisRow{Outcome: o, Year: year, Parameter: f.Name,
						Mu: jsonFloat(f.Mu), MuStar: jsonFloat(f.MuStar), Sigma: jsonFloat(f.Sigma)}
				}
				rank(len(rows), func(i int) float64 { return float64(rows[i].MuStar) }, func(i, k int) { rows[i].Rank = k })
				r.Morris = append(r.Morris, rows...)
			}
		}
	}
	if note := roughSobol(r.Sobol, r.N); note != "" {
		r.Notes = append(r.Notes, note)
	}
	return r, nil
}

// skippedNote says that some of a whole-number parameter's Morris steps
// rounded to no change, so their effects are undefined.
func skippedNote(f sensitivity.MorrisIndex, r int) string {
	if f.Skipped == r {
		return fmt.Sprintf("%s: every one of its %d Morris steps rounds to no change (a whole number; a wider range or fewer levels gives it steps): no effect is estimated, μ*, μ and σ are empty", f.Name, r)
	}
	return fmt.Sprintf("%s: %d of its %d Morris steps round to no change (a whole number): its effects are from the other %d, each divided by the rounded step the model ran", f.Name, f.Skipped, r, r-f.Skipped)
}

// roughSobol says when Sobol indices are estimated too roughly to read:
// an index outside [0, 1] beyond rounding is the estimator's noise.
func roughSobol(rows []SobolRow, n int) string {
	var out []string
	for _, s := range rows {
		for _, x := range []jsonFloat{s.S1, s.ST} {
			if v := float64(x); v < -0.05 || v > 1.05 {
				out = append(out, fmt.Sprintf("%s %s in %d %.3f", s.Parameter, s.Outcome, s.Year, v))
				break
			}
		}
	}
	if len(out) == 0 {
		return ""
	}
	return fmt.Sprintf("indices outside [0, 1] (%s) are the estimator's noise at N = %d base rows, not effects: "+
		"more base rows (the design's n; a few hundred at least) narrow them, and the intervals say how far to trust each", strings.Join(out, "; "), n)
}

// rank gives rank 1 to the largest value (ties by design order; an
// undefined value, NaN, last).
func rank(n int, val func(int) float64, set func(i, rank int)) {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	v := func(i int) float64 { // an undefined value (NaN) ranks last
		if x := val(i); !math.IsNaN(x) {
			return x
		}
		return math.Inf(-1)
	}
	sort.SliceStable(order, func(a, b int) bool { return v(order[a]) > v(order[b]) })
	for k, i := range order {
		set(i, k+1)
	}
}

// WriteJSON writes the report as JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func csvFloat(f jsonFloat) string {
	if math.IsNaN(float64(f)) {
		return ""
	}
	return fmtFloat(float64(f))
}

// WriteCSV writes one row per outcome, year and parameter.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if r.Design == Saltelli {
		cw.Write([]string{"outcome", "year", "parameter", "S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi", "rank"})
		for _, s := range r.Sobol {
			cw.Write([]string{s.Outcome, strconv.Itoa(s.Year), s.Parameter, csvFloat(s.S1), csvFloat(s.S1Lo), csvFloat(s.S1Hi),
				csvFloat(s.ST), csvFloat(s.STLo), csvFloat(s.STHi), strconv.Itoa(s.Rank)})
		}
	} else {
		cw.Write([]string{"outcome", "year", "parameter", "mu", "mu_star", "sigma", "rank"})
		for _, m := range r.Morris {
			cw.Write([]string{m.Outcome, strconv.Itoa(m.Year), m.Parameter, csvFloat(m.Mu), csvFloat(m.MuStar), csvFloat(m.Sigma), strconv.Itoa(m.Rank)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable writes the report for people: per outcome and year, the
// parameters from most to least influential.
func (r *Report) WriteTable(w io.Writer) error {
	unit := func(o string) string {
		if k, err := analysis.ParseOutcome(o); err == nil {
			return k.Unit()
		}
		return ""
	}
	f3 := func(x jsonFloat) string {
		if math.IsNaN(float64(x)) {
			return "—"
		}
		return strconv.FormatFloat(float64(x), 'f', 3, 64)
	}
	g4 := func(x jsonFloat) string {
		if math.IsNaN(float64(x)) {
			return "—"
		}
		return strconv.FormatFloat(float64(x), 'g', 4, 64)
	}
	if r.Design == Saltelli {
		fmt.Fprintf(w, "Sobol indices of sweep %s: %d points (N = %d base rows), %d bootstrap resamples for the 95%% intervals\n",
			r.Sweep, r.Points, r.N, r.Bootstrap)
	} else {
		fmt.Fprintf(w, "Morris elementary effects of sweep %s: %d points (r = %d trajectories); effects are per whole range of a parameter\n",
			r.Sweep, r.Points, r.N)
	}
	block := func(o string, year int) {
		fmt.Fprintf(w, "\n%s, %d (%s)\n", o, year, unit(o))
	}
	tw := func() *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) }
	if r.Design == Saltelli {
		for start := 0; start < len(r.Sobol); {
			end := start
			for end < len(r.Sobol) && r.Sobol[end].Outcome == r.Sobol[start].Outcome && r.Sobol[end].Year == r.Sobol[start].Year {
				end++
			}
			rows := slices.Clone(r.Sobol[start:end])
			sort.SliceStable(rows, func(a, b int) bool { return rows[a].Rank < rows[b].Rank })
			block(rows[0].Outcome, rows[0].Year)
			t := tw()
			fmt.Fprintln(t, "rank\tparameter\tS1 first-order [95% CI]\tST total [95% CI]")
			for _, s := range rows {
				fmt.Fprintf(t, "%d\t%s\t%s [%s, %s]\t%s [%s, %s]\n", s.Rank, s.Parameter,
					f3(s.S1), f3(s.S1Lo), f3(s.S1Hi), f3(s.ST), f3(s.STLo), f3(s.STHi))
			}
			if err := t.Flush(); err != nil {
				return err
			}
			start = end
		}
	} else {
		for start := 0; start < len(r.Morris); {
			end := start
			for end < len(r.Morris) && r.Morris[end].Outcome == r.Morris[start].Outcome && r.Morris[end].Year == r.Morris[start].Year {
				end++
			}
			rows := slices.Clone(r.Morris[start:end])
			sort.SliceStable(rows, func(a, b int) bool { return rows[a].Rank < rows[b].Rank })
			block(rows[0].Outcome, rows[0].Year)
			t := tw()
			fmt.Fprintln(t, "rank\tparameter\tμ*\tμ\tσ")
			for _, m := range rows {
				fmt.Fprintf(t, "%d\t%s\t%s\t%s\t%s\n", m.Rank, m.Parameter, g4(m.MuStar), g4(m.Mu), g4(m.Sigma))
			}
			if err := t.Flush(); err != nil {
				return err
			}
			start = end
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "\nnote: %s\n", n)
	}
	return nil
}
