// Package chart draws povsim's result charts (scenario rates over time,
// scenario differences, cost-effectiveness, grouped bars, parameter sweeps
// and survival curves) with gonum.org/v1/plot, and renders them as SVG or
// PNG.
//
// The inputs are plain types ([Band], [CostPoint], [Bar] and float slices)
// that import nothing else from povsim: callers convert their simulation
// results into these types. Every chart function validates its input and
// returns an error, never a panic, for empty input, slices of mismatched
// length, and NaN or infinite values; the error names the offending series
// and index.
//
// # Readability
//
// Charts are meant to be read at a glance and to survive printing in
// grayscale:
//
//   - colours come from the Okabe–Ito colour-blind-safe palette;
//   - each series is also told apart by dash pattern and marker shape
//     (bars by hatching), so it can be identified without colour;
//   - 95% intervals are drawn as translucent bands (line charts) or as
//     whiskers (bars, cost-effect points);
//   - the legend sits outside the data area by default (right of it), see
//     [LegendPosition];
//   - axis labels are given by the caller and should carry units; set
//     [Labels].XPercent or [Labels].YPercent for values that are fractions
//     (0.05) to get percent ticks ("5%");
//   - all text uses the Liberation Sans font embedded in gonum/plot, so
//     layout does not depend on the fonts installed on the machine. SVG
//     output names Arial and Helvetica (metric-compatible with Liberation
//     Sans) as fallbacks for viewers that lack it.
//
// At most [MaxSeries] series (or bar names) can be drawn in one chart,
// the number of distinct styles.
//
// # Rendering
//
// [Render] writes a chart as "svg" or "png" to an io.Writer; [Save] and
// [SaveSize] write a file, choosing the format from its extension. PNG
// output is rasterised at [PNGDPI] dots per inch.
package chart
