package main

import (
	"fmt"
	"io"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/sensitivity"
	"github.com/povsim/povsim/analysis/sweep"
	"github.com/povsim/povsim/internal/textdist"

	"github.com/povsim/povsim/analysis/chart"
	"github.com/povsim/povsim/analysis/report"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

func init() { commands = append(commands, newPlotCmd) }

// plotKinds describes the charts of `povsim plot`, in report.Kinds order.
var plotKinds = map[string]string{
	report.KindRegistered: "registered returns per year (the official measure), one line per scenario with its 95% band",
	report.KindRates:      "return-to-poverty rate (income poverty) per year, one line per scenario with its 95% band",
	report.KindDifference: "paired difference to BASE per year, with its 95% band and a zero line",
	report.KindCostEffect: "extra fiscal cost against returns to poverty avoided, per scenario",
	report.KindTypes:      "return-to-poverty rate by household type at the horizon",
	report.KindSurvival:   "share of formerly poor households never fallen back, by years since 2020 (Kaplan–Meier)",
	report.KindHazard:     "chance of falling back by years out of poverty",
	report.KindExit:       "chance of leaving poverty by years in it (how long a return lasts)",
}

// sweepKinds are the charts of a sweep's results file.
var sweepKinds = map[string]bool{"sobol": true, "morris": true, "scatter": true}

func plotKindList() string {
	var b strings.Builder
	for _, k := range report.Kinds {
		fmt.Fprintf(&b, "  %-12s %s\n", k, plotKinds[k])
	}
	b.WriteString("and, from the results file of a sweep (povsim plot KIND RESULTS):\n")
	b.WriteString("  sobol        Sobol first-order and total indices per parameter, with bootstrap intervals (saltelli design)\n")
	b.WriteString("  morris       Morris μ* against σ per parameter (morris design)\n")
	b.WriteString("  scatter      the outcome against a swept parameter, one point per run, with binned means\n")
	return b.String()
}

// nearestKind is ` (did you mean "KIND"?)` for the chart nearest to an
// unknown kind, if one is near; else "".
func nearestKind(kind string) string {
	kinds := append(slices.Clone(report.Kinds), slices.Sorted(maps.Keys(sweepKinds))...)
	if s := textdist.Closest(kind, kinds, max(2, 1+len(kind)/3)); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// sweepPlot holds the choices of a chart of a sweep.
type sweepPlot struct {
	outcome, param string
	year           int
	out, format    string
	w, h           vg.Length
	refuse         func(flag, want string) error // layered.refuse
}

// plotSweep draws a chart of a sweep's results file.
func plotSweep(e *env, kind string, args []string, o *sweepPlot) error {
	if len(args) != 1 {
		return fmt.Errorf("plot %s RESULTS: want the results file of a sweep (.parquet, or .csv with its .provenance.json)", kind)
	}
	tab, err := sweep.Read(args[0])
	if err != nil {
		return err
	}
	m := tab.Meta
	oi, yi := -1, len(m.Years)-1
	if o.outcome == "" {
		o.outcome = m.Outcomes[0]
		if slices.Contains(m.Outcomes, "return_rate") {
			o.outcome = "return_rate"
		}
	}
	if oi = slices.Index(m.Outcomes, o.outcome); oi < 0 {
		want := "an outcome the sweep recorded: " + strings.Join(m.Outcomes, ", ")
		if s := textdist.Closest(o.outcome, m.Outcomes, 4); s != "" {
			want += fmt.Sprintf(" (did you mean %q?)", s)
		}
		return o.refuse("outcome", want)
	}
	if o.year != 0 {
		if yi = slices.Index(m.Years, o.year); yi < 0 {
			return o.refuse("year", fmt.Sprintf("a year the sweep recorded: %v", m.Years))
		}
	}
	year := m.Years[yi]
	label, unit, percent := o.outcome, "", false
	if k, err := analysis.ParseOutcome(o.outcome); err == nil {
		label, unit, percent = k.Label(), k.Unit(), k.Share()
	}
	what := fmt.Sprintf("%s in %d", strings.ToLower(label[:1])+label[1:], year)
	write := func(p *plot.Plot, path string) error {
		if err := writeShared(path, func(wr io.Writer) error { return chart.Render(p, wr, o.format, o.w, o.h) }); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "plot: %s (%s)\n", path, o.format)
		return nil
	}
	switch kind {
	case "sobol", "morris":
		r, err := sweep.Analyze(tab, sweep.AnalyzeOptions{Outcomes: []string{o.outcome}, Years: []int{year}, Bootstrap: 1000, Seed: m.Seed})
		if err != nil {
			return fmt.Errorf("%s: %w", args[0], err)
		}
		var p *plot.Plot
		if kind == "sobol" {
			if len(r.Sobol) == 0 {
				return fmt.Errorf("%s: a %s design has no Sobol indices (plot morris for a morris design)", args[0], r.Design)
			}
			var ix sensitivity.Indices
			for _, row := range r.Sobol {
				ix.Factors = append(ix.Factors, sensitivity.SobolIndex{Name: row.Parameter,
					S1: float64(row.S1), S1Lo: float64(row.S1Lo), S1Hi: float64(row.S1Hi),
					ST: float64(row.ST), STLo: float64(row.STLo), STHi: float64(row.STHi)})
			}
			p, err = report.SobolChart(what, ix)
		} else {
			if len(r.Morris) == 0 {
				return fmt.Errorf("%s: a %s design has no elementary effects (plot sobol for a saltelli design)", args[0], r.Design)
			}
			var ix []sensitivity.MorrisIndex
			for _, row := range r.Morris {
				ix = append(ix, sensitivity.MorrisIndex{Name: row.Parameter, Mu: float64(row.Mu), MuStar: float64(row.MuStar), Sigma: float64(row.Sigma)})
			}
			// Effects are the outcome's change over a parameter's whole
			// range: in points for a share.
			u := unit
			if percent {
				u = "percentage points"
				for i := range ix {
					ix[i].Mu, ix[i].MuStar, ix[i].Sigma = 100*ix[i].Mu, 100*ix[i].MuStar, 100*ix[i].Sigma
				}
			}
			p, err = report.MorrisChart(what, u, ix)
			if out := report.MorrisUndrawn(ix); len(out) > 0 && err == nil {
				fmt.Fprintf(e.stderr, "plot: not drawn, no μ* or σ estimated: %s\n", strings.Join(out, ", "))
				for _, n := range r.Notes {
					fmt.Fprintf(e.stderr, "  %s\n", n)
				}
			}
		}
		if err != nil {
			return err
		}
		return write(p, o.out)
	}
	// scatter
	params := m.Params
	if o.param != "" {
		if !slices.Contains(m.Params, o.param) {
			return o.refuse("param", "a parameter the sweep varied: "+strings.Join(m.Params, ", "))
		}
		params = []string{o.param}
	}
	for _, name := range params {
		pi := slices.Index(m.Params, name)
		var x, y []float64
		for i := range tab.Points {
			pt := &tab.Points[i]
			for rep := 0; rep < pt.Reps; rep++ {
				if v := tab.Value(pt, rep, yi, oi); !math.IsNaN(v) {
					x, y = append(x, pt.Params[pi]), append(y, v)
				}
			}
		}
		p, err := report.SweepScatter(name, fmt.Sprintf("%s in %d", label, year), unit, x, y, percent)
		if err != nil {
			return err
		}
		path := o.out
		if len(params) > 1 {
			ext := filepath.Ext(path)
			path = strings.TrimSuffix(path, ext) + "-" + name + ext
		}
		if err := write(p, path); err != nil {
			return err
		}
	}
	return nil
}

func newPlotCmd(e *env) *cobra.Command {
	f := &figFlags{}
	sw := &sweepPlot{}
	var out, format string
	var width, height float64
	cmd := &cobra.Command{
		Use:   "plot KIND [BASE ALT... | RESULTS]",
		Short: "Draw a chart of a comparison or of a sweep as SVG or PNG, for a paper or a slide",
		Long: `plot compares the scenarios as compare does (same flags), or reads a folder written
by compare --out (--from DIR), and draws one chart as SVG or PNG, for a paper or a
slide. KIND is one of:

` + plotKindList() + `
Colours come from the Okabe–Ito palette and every series also has its own dash
pattern and marker (bars their own hatching), so charts survive grayscale
printing and colour blindness. Below 12 cm wide, charts are laid out for a
narrow column (wrapped titles, legend above).`,
		Example: `  povsim plot rates baseline cut-subsidy ecommerce-rollout --out rates.svg
  povsim plot difference baseline cut-subsidy --format png --out difference.png
  povsim plot survival --from results/ --out survival.png --width 12 --height 9
  povsim plot sobol results.parquet --outcome return_rate --year 2030 --out sobol.svg
  povsim plot scatter results.parquet --out scatter.png   # one file per parameter`,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completePlot,
		RunE: func(cmd *cobra.Command, args []string) error {
			kind := args[0]
			_, ok := plotKinds[kind]
			if !ok && !sweepKinds[kind] {
				return fmt.Errorf("plot: unknown chart %q%s; want one of:\n%s", kind, nearestKind(kind), plotKindList())
			}
			l, err := f.resolve(cmd)
			if err != nil {
				return err
			}
			out, format = l.GetString("out"), l.GetString("format")
			width, height = l.GetFloat64("width"), l.GetFloat64("height")
			sw.outcome, sw.year, sw.param = l.GetString("outcome"), l.GetInt("year"), l.GetString("param")
			sw.refuse = l.refuse
			if _, ok := plotFormat(format); !ok {
				return l.refuse("format", plotFormats)
			}
			if ext := strings.ToLower(filepath.Ext(out)); ext != "" && ext != ".svg" && ext != ".png" {
				return l.refuse("out", "a file ending in .svg or .png")
			}
			if out, format, err = plotTarget(kind, out, format); err != nil {
				return err
			}
			for _, side := range []struct {
				name string
				cm   float64
			}{{"width", width}, {"height", height}} {
				if want := plotSide(side.name, side.cm); want != "" {
					return l.refuse(side.name, want)
				}
			}
			if err := checkFile(l.origin("out"), out, "a file name ending in .svg or .png"); err != nil {
				return err
			}
			if sweepKinds[kind] {
				if err := sweepSimulated(cmd, kind, args[1:]); err != nil {
					return err
				}
				sw.out, sw.format = out, format
				sw.w, sw.h = vg.Length(width)*vg.Centimeter, vg.Length(height)*vg.Centimeter
				return plotSweep(e, kind, args[1:], sw)
			}
			in, err := f.input(cmd, e, args[1:])
			if err != nil {
				return err
			}
			w, h := vg.Length(width)*vg.Centimeter, vg.Length(height)*vg.Centimeter
			var p *plot.Plot
			if width < 12 {
				p, err = report.NarrowChart(kind, in)
			} else {
				p, err = report.Chart(kind, in)
			}
			if err != nil {
				return fmt.Errorf("plot %s: %w", kind, err)
			}
			if err := writeShared(out, func(wr io.Writer) error { return chart.Render(p, wr, format, w, h) }); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "plot: %s (%s, %g × %g cm)\n", out, format, width, height)
			return nil
		},
	}
	f.register(cmd, "")
	fl := cmd.Flags()
	fl.StringVar(&out, "out", "", "file to write (default: KIND.FORMAT)")
	fl.StringVar(&format, "format", "", "svg or png (default: from the --out extension, else svg)")
	cmd.RegisterFlagCompletionFunc("format", completeValues("svg", "png"))
	fl.Float64Var(&width, "width", 16, "width in centimetres (at most 150)")
	fl.Float64Var(&height, "height", 10, "height in centimetres (at most 150)")
	fl.StringVar(&sw.outcome, "outcome", "", "sobol, morris, scatter: the outcome (default: return_rate, else the sweep's first)")
	fl.IntVar(&sw.year, "year", 0, "sobol, morris, scatter: the year (default: the last recorded)")
	fl.StringVar(&sw.param, "param", "", "scatter: the swept parameter (default: one chart per parameter, FILE-PARAM.EXT)")
	return cmd
}

// sweepSimulated refuses a simulation flag given on the command line to
// a chart of a sweep's results (plot morris RESULTS --households 200): the
// sweep simulated them already, so it would be ignored, as with --from.
// POVSIM_* variables and --config files are left alone: they are meant
// for every command that takes the flag.
func sweepSimulated(cmd *cobra.Command, kind string, args []string) error {
	for _, n := range append(slices.Clone(simulating), "draws") {
		if fl := cmd.Flags().Lookup(n); fl != nil && cmd.Flags().Changed(n) {
			res := "RESULTS"
			if len(args) > 0 {
				res = args[0]
			}
			v := fl.Value.String()
			if sv, ok := fl.Value.(pflag.SliceValue); ok {
				v = strings.Join(sv.GetSlice(), " ")
			}
			return fmt.Errorf("plot %s %s and --%s %s: the sweep simulated its results already and keeps its own settings; give one or the other (set them in the sweep file and run sweep again)", kind, res, n, v)
		}
	}
	return nil
}

// maxPlotCm bounds plot's --width and --height: a PNG of 150 × 150 cm
// at chart.PNGDPI is 8,858 pixels a side, about 300 MB while drawn (a
// width given in pixels, --width 1600, asked for 20 GB).
const maxPlotCm = 150

// plotSide says what plot's --width or --height (name) takes when cm is
// not one; "" when it is.
func plotSide(name string, cm float64) string {
	if cm > 0 && cm <= maxPlotCm {
		return ""
	}
	return fmt.Sprintf("a %s above 0 and at most %d, in centimetres, not pixels (%d cm is %d pixels in a PNG at %d dots an inch)",
		name, maxPlotCm, maxPlotCm, int(math.Round(maxPlotCm/2.54*chart.PNGDPI)), chart.PNGDPI)
}

// plotFormats are the values of plot's --format.
const plotFormats = "svg or png"

// plotFormat reads plot's --format: svg, png or "" (the extension's), in
// any case, with or without a dot; ok is false for another.
func plotFormat(s string) (format string, ok bool) {
	format = strings.ToLower(strings.TrimPrefix(s, "."))
	return format, format == "" || format == "svg" || format == "png"
}

// plotTarget settles the output file and format: the format given, or the
// one of the file's extension, or svg; a file named with the other
// format's extension is an error.
func plotTarget(kind, out, format string) (string, string, error) {
	format, ok := plotFormat(format)
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(out), "."))
	if !ok {
		return "", "", fmt.Errorf("--format: got %q, want %s", format, plotFormats)
	}
	if format == "" {
		switch ext {
		case "svg", "png":
			format = ext
		default:
			format = "svg"
		}
	}
	switch {
	case out == "":
		out = kind + "." + format
	case (ext == "svg" || ext == "png") && ext != format:
		return "", "", fmt.Errorf("--out %s with --format %s: the extension and the format disagree", out, format)
	}
	return out, format, nil
}
