package calibrate

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/internal/fileset"
	"github.com/povsim/povsim/internal/guard"
	"github.com/povsim/povsim/internal/pqschema"
	"github.com/povsim/povsim/sim"
	"go.yaml.in/yaml/v3"
	"gonum.org/v1/gonum/mat"
)

// Result is a finished calibration: the point estimate (SMD, or the
// posterior mean when only ABC ran), the model at it, and the draws.
type Result struct {
	Targets *Targets
	Problem *Problem
	SMD     *SMDResult // nil if not run
	ABC     *ABCResult // nil if not run
	Point   []float64
	Fit     *Eval
	Draws   []Particle
}

// SMDDraws draws n parameter vectors from the estimate's normal
// approximation N(θ̂, Cov), cut to the ranges, with equal weights (round 0):
// the draws an SMD-only calibration hands to --draws. Without standard
// errors (not identified) the single draw is the estimate.
func (p *Problem) SMDDraws(r *SMDResult, n int) []Particle {
	if !r.Identified || n < 1 {
		return []Particle{{Theta: r.Theta, Weight: 1}}
	}
	var chol mat.Cholesky
	if !chol.Factorize(r.Cov) {
		return []Particle{{Theta: r.Theta, Weight: 1}}
	}
	var l mat.TriDense
	chol.LTo(&l)
	rng := rand.New(rand.NewPCG(p.Seed, 0x5eed5eed))
	k := len(r.Theta)
	out := make([]Particle, 0, n)
	for tries := 0; len(out) < n && tries < 1000*n; tries++ {
		z := make([]float64, k)
		for i := range z {
			z[i] = rng.NormFloat64()
		}
		var x mat.VecDense
		x.MulVec(&l, mat.NewVecDense(k, z))
		theta := make([]float64, k)
		inside := true
		for i := range theta {
			theta[i] = r.Theta[i] + x.AtVec(i)
			inside = inside && theta[i] >= p.Params[i].Lo && theta[i] <= p.Params[i].Hi
		}
		if inside {
			out = append(out, Particle{Theta: theta, Weight: 1 / float64(n)})
		}
	}
	normalize(out)
	return out
}

// Files are the files a calibration writes into its folder.
var Files = []string{"calibrated.yaml", "fit.csv", "draws.csv", "draws.parquet", "provenance.json"}

// WriteDir writes calibrated.yaml, fit.csv, draws.csv, draws.parquet and,
// last, provenance.json into dir as one set: a reader finds the complete
// previous set or the complete new one, never a mix (internal/fileset).
func (r *Result) WriteDir(dir string, prov *Provenance) error {
	s, err := fileset.Begin(dir, 0o644)
	if err != nil {
		return err
	}
	writers := []func(io.Writer) error{
		func(w io.Writer) error { return r.writeScenario(w, dir) },
		r.writeFit, r.writeDrawsCSV, r.writeDrawsParquet,
		func(w io.Writer) error { prov.End = time.Now().UTC(); return analysis.WriteJSON(w, prov) },
	}
	for i, write := range writers {
		if err := s.Write(Files[i], write); err != nil {
			s.Abort()
			return err
		}
	}
	return s.Commit()
}

// CheckDir is the check of the output folder made before any work.
func CheckDir(dir string) error { return fileset.Check(dir, Files...) }

// writeScenario writes a scenario that extends the base and sets the
// fitted values in its first year.
func (r *Result) writeScenario(w io.Writer, dir string) error {
	ts := r.Targets
	ext := ts.BaseRef
	if ts.Base != nil && !strings.HasPrefix(ts.Base.Source, "library:") {
		abs, err := filepath.Abs(ts.Base.Source)
		if err != nil {
			return err
		}
		absDir, err := filepath.Abs(dir)
		if err != nil {
			return err
		}
		if rel, err := filepath.Rel(absDir, abs); err == nil {
			ext = rel
		} else {
			ext = abs
		}
	}
	name := ts.Name
	if name == "" {
		name = ts.Base.Name
	}
	doc := &yaml.Node{Kind: yaml.MappingNode}
	add := func(m *yaml.Node, k string, v *yaml.Node) {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, v)
	}
	str := func(s string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Value: s, Style: yaml.DoubleQuotedStyle}
	}
	add(doc, "name", str(name+"-calibrated"))
	add(doc, "description", str(fmt.Sprintf("%s with the values fitted by povsim calibrate to %s", ts.Base.Name, filepath.Base(ts.File))))
	add(doc, "extends", str(ext))
	for i, q := range ts.Params {
		m := doc
		parts := strings.Split(q.Path, ".")
		for _, part := range parts[:len(parts)-1] {
			m = child(m, part)
		}
		v := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(r.Point[i], 'g', -1, 64)}
		if r.SMD != nil && r.SMD.Identified {
			v.LineComment = fmt.Sprintf("standard error %.3g", r.SMD.SE[i])
		}
		add(m, parts[len(parts)-1], v)
	}
	doc.HeadComment = fmt.Sprintf("Fitted by povsim calibrate %s (targets sha256 %s, seed %d).\nEvery command reads it: povsim run calibrated.yaml", ts.File, ts.Hash[:16], r.Problem.Seed)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return enc.Close()
}

// child returns the mapping under key in m, adding it if missing.
func child(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	c := &yaml.Node{Kind: yaml.MappingNode}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, c)
	return c
}

func ffmt(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// writeFit writes one row per target: the published value, the model's mean
// at the point estimate with its 95% Monte Carlo interval, the standardized
// distance, whether the miss is within the pre-registered tolerance, and
// whether the target was fitted or held out.
func (r *Result) writeFit(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"target", "outcome", "type", "years", "value", "se", "tolerance", "model_mean", "model_lo", "model_hi",
		"standardized_distance", "inside_tolerance", "source", "reliability", "use"})
	for _, c := range r.Problem.Checks(r.Fit) {
		t := c.Target
		row := []string{t.Name, t.Outcome, t.Type, t.Years(), ffmt(t.Value), ffmt(t.SE), ffmt(t.Tolerance)}
		if !c.Defined {
			row = append(row, "", "", "", "", "false")
		} else {
			row = append(row, ffmt(c.Mean), ffmt(c.Lo), ffmt(c.Hi), ffmt(c.Z), strconv.FormatBool(c.Inside))
		}
		cw.Write(append(row, t.Source, t.Reliability, t.Use.String()))
	}
	cw.Flush()
	return cw.Error()
}

// DrawColumns are the leading columns of a draws file; the parameters'
// paths follow.
var DrawColumns = []string{"draw", "round", "weight", "distance"}

func (r *Result) writeDrawsCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := append([]string(nil), DrawColumns...)
	for _, q := range r.Targets.Params {
		head = append(head, q.Path)
	}
	cw.Write(head)
	for i, d := range r.Draws {
		dist := ""
		if r.ABC != nil {
			dist = ffmt(d.Dist)
		}
		row := []string{strconv.Itoa(i), strconv.Itoa(d.Round), ffmt(d.Weight), dist}
		for _, x := range d.Theta {
			row = append(row, ffmt(x))
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

func (r *Result) writeDrawsParquet(w io.Writer) error {
	cols := []pqschema.Column{{Name: "draw", Type: pqschema.Int64}, {Name: "round", Type: pqschema.Int64},
		{Name: "weight", Type: pqschema.Float64}, {Name: "distance", Type: pqschema.OptFloat, Opts: "optional"}}
	for _, q := range r.Targets.Params {
		cols = append(cols, pqschema.Column{Name: q.Path, Type: pqschema.Float64})
	}
	pw := pqschema.Writer(w, pqschema.Schema("povsim_draws", cols), analysis.Version, map[string]string{"povsim.targets_sha256": r.Targets.Hash})
	rows := make([]parquet.Row, len(r.Draws))
	for i, d := range r.Draws {
		row := parquet.Row{parquet.Int64Value(int64(i)).Level(0, 0, 0), parquet.Int64Value(int64(d.Round)).Level(0, 0, 1),
			parquet.DoubleValue(d.Weight).Level(0, 0, 2)}
		if r.ABC != nil {
			row = append(row, parquet.DoubleValue(d.Dist).Level(0, 1, 3))
		} else {
			row = append(row, parquet.NullValue().Level(0, 0, 3))
		}
		for k, x := range d.Theta {
			row = append(row, parquet.DoubleValue(x).Level(0, 0, 4+k))
		}
		rows[i] = row
	}
	if _, err := pw.WriteRows(rows); err != nil {
		return err
	}
	return pw.Close()
}

// Draws are parameter draws read back from a draws file: the paths they
// set, and per draw its values and weight. Base, when known (the embedded
// draws, OpenDraws("default")), holds the values at Paths of the scenario
// the calibration fitted (BaseName): Models holds a scenario's own
// settings by comparing with it.
type Draws struct {
	File     string
	Paths    []string
	Values   [][]float64
	Weights  []float64
	Base     []float64
	BaseName string
}

// ReadDraws reads a draws.csv or draws.parquet written by calibrate (or by
// hand: columns weight and the parameters' paths; draw, round and distance
// are optional). Weights must be non-negative and not all zero; they are
// normalized.
func ReadDraws(file string) (*Draws, error) {
	var head []string
	var rows [][]string
	var err error
	if strings.HasSuffix(file, ".parquet") {
		head, rows, err = readParquetRows(file)
	} else {
		head, rows, err = readCSVRows(file)
	}
	if err != nil {
		return nil, fmt.Errorf("--draws %s: %w", file, err)
	}
	return parseDraws(file, head, rows)
}

func readCSVRows(file string) ([]string, [][]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return csvRows(f)
}

func csvRows(r io.Reader) ([]string, [][]string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // parseDraws says which line has too few or too many
	all, err := cr.ReadAll()
	if err != nil {
		return nil, nil, err
	}
	if len(all) == 0 {
		return nil, nil, fmt.Errorf("empty file: want a header and at least one draw")
	}
	return all[0], all[1:], nil
}

func readParquetRows(file string) (_ []string, _ [][]string, err error) {
	defer guard.Recover(file, &err) // the Parquet reader panics on some damaged files
	pf, closeFile, err := guard.OpenParquet(file)
	if err != nil {
		return nil, nil, err
	}
	defer closeFile()
	var head []string
	for _, c := range pf.Schema().Columns() {
		head = append(head, strings.Join(c, "."))
	}
	rd := parquet.NewGenericReader[any](pf, pf.Schema())
	defer rd.Close()
	var out [][]string
	buf := make([]parquet.Row, 64)
	for {
		n, err := rd.ReadRows(buf)
		for _, row := range buf[:n] {
			rec := make([]string, len(head))
			for _, v := range row {
				if c := v.Column(); !v.IsNull() && c >= 0 && c < len(rec) {
					rec[c] = v.String()
				}
			}
			out = append(out, rec)
		}
		if err == io.EOF || n == 0 {
			break
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return head, out, nil
}

// repeatedColumn is an error naming a column the header of a draws table
// has twice, and both positions (counted from 1): which of the two to read
// is not clear.
func repeatedColumn(file string, head []string) error {
	seen := map[string]int{}
	for i, h := range head {
		if j, ok := seen[h]; ok {
			return fmt.Errorf("--draws %s: column %q is both column %d and column %d: want each column once", file, h, j+1, i+1)
		}
		seen[h] = i
	}
	return nil
}

// parseDraws checks a draws table: known parameter paths, numbers, weights.
func parseDraws(file string, head []string, rows [][]string) (*Draws, error) {
	if err := repeatedColumn(file, head); err != nil {
		return nil, err
	}
	d := &Draws{File: file}
	wcol := -1
	var pcols []int
	for i, h := range head {
		switch h {
		case "weight":
			wcol = i
		case "draw", "round", "distance":
		default:
			probe := sim.Default()
			x, err := probe.Get(h)
			if _, real := x.(float64); err != nil || !real {
				return nil, fmt.Errorf("--draws %s: column %q: want the path of a real-valued parameter, or one of draw, round, weight, distance", file, h)
			}
			d.Paths = append(d.Paths, h)
			pcols = append(pcols, i)
		}
	}
	if wcol < 0 || len(pcols) == 0 {
		return nil, fmt.Errorf("--draws %s: want a weight column and at least one parameter column (got %s)", file, strings.Join(head, ", "))
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("--draws %s: no draws", file)
	}
	total := 0.0
	for r, row := range rows {
		if len(row) != len(head) {
			return nil, fmt.Errorf("--draws %s: line %d: got %d fields, want %d", file, r+2, len(row), len(head))
		}
		num := func(c int) (float64, error) {
			x, err := strconv.ParseFloat(strings.TrimSpace(row[c]), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return 0, fmt.Errorf("--draws %s: line %d, column %s: got %q, want a finite number", file, r+2, head[c], row[c])
			}
			return x, nil
		}
		w, err := num(wcol)
		if err != nil {
			return nil, err
		}
		if w < 0 {
			return nil, fmt.Errorf("--draws %s: line %d, column weight: got %g, want a weight ≥ 0", file, r+2, w)
		}
		vals := make([]float64, len(pcols))
		for k, c := range pcols {
			if vals[k], err = num(c); err != nil {
				return nil, err
			}
		}
		d.Values, d.Weights = append(d.Values, vals), append(d.Weights, w)
		total += w
	}
	if !(total > 0) || math.IsInf(total, 0) {
		return nil, fmt.Errorf("--draws %s: weights sum to %g, want a positive, finite total", file, total)
	}
	for i := range d.Weights {
		d.Weights[i] /= total
	}
	return d, nil
}

// Pick chooses the draw of group g of replications: the draw at a uniform
// number of the group's own on the weights' cumulative distribution. It
// depends on seed and g only, so any run order and worker count, and every
// compared scenario, give group g the same draw.
func (d *Draws) Pick(g int, seed uint64) int {
	u := rand.New(rand.NewPCG(seed, 0xd4a5+uint64(g))).Float64()
	k := 0
	for ; k < len(d.Weights)-1; k++ {
		if u -= d.Weights[k]; u < 0 {
			break
		}
	}
	return k
}
