package sweep

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/internal/fileset"
	"github.com/povsim/povsim/internal/guard"
	"github.com/povsim/povsim/internal/jsonerr"
	"github.com/povsim/povsim/internal/pqschema"
)

// Output formats, chosen by the extension of the output file.
const (
	FormatParquet = ".parquet"
	FormatCSV     = ".csv"
)

// Files are the files of one output: the tidy results, the summary per
// point, and (CSV only, which has no room for it) the provenance.
type Files struct {
	Format     string // FormatParquet or FormatCSV
	Results    string // one row per point × replication × year × outcome
	Summary    string // one row per point × year × outcome
	Provenance string // CSV only: the metadata a Parquet file holds inside
}

// OutputFiles names the files written for an output path ending in .parquet
// or .csv: results.parquet gives results.summary.parquet beside it;
// results.csv gives results.summary.csv and results.provenance.json.
func OutputFiles(out string) (Files, error) {
	ext := filepath.Ext(out)
	stem := strings.TrimSuffix(out, ext)
	switch ext {
	case FormatParquet:
		return Files{Format: ext, Results: out, Summary: stem + ".summary" + ext}, nil
	case FormatCSV:
		return Files{Format: ext, Results: out, Summary: stem + ".summary" + ext, Provenance: stem + ".provenance.json"}, nil
	}
	return Files{}, fmt.Errorf("%s: want a file name ending in .parquet or .csv", out)
}

// CheckOutput is the pre-flight check of an output path, made before any
// simulation: a name ending in .parquet or .csv whose folder can be
// created and written, and none of whose files (results, summary,
// provenance) is a folder.
func CheckOutput(out string) error {
	fs, err := OutputFiles(out)
	if err != nil {
		return err
	}
	names := []string{filepath.Base(fs.Results), filepath.Base(fs.Summary)}
	if fs.Provenance != "" {
		names = append(names, filepath.Base(fs.Provenance))
	}
	return fileset.Check(filepath.Dir(out), names...)
}

// Write writes a table's results and summary (and, for CSV, provenance)
// files as one set: a reader finds the complete previous output or the
// complete new one (see internal/fileset). The bytes depend on nothing but
// the table.
func Write(out string, t *Table) error {
	fs, err := OutputFiles(out)
	if err != nil {
		return err
	}
	set, err := fileset.Begin(filepath.Dir(out), 0o666)
	if err != nil {
		return err
	}
	if err := writeFiles(set, fs, t); err != nil {
		set.Abort()
		return err
	}
	return set.Commit()
}

func writeFiles(set *fileset.Set, fs Files, t *Table) error {
	write := func(path string, w func(io.Writer) error) error {
		return set.Write(filepath.Base(path), w)
	}
	if fs.Format == FormatParquet {
		if err := write(fs.Results, func(w io.Writer) error { return writeResultsParquet(w, t) }); err != nil {
			return err
		}
		return write(fs.Summary, func(w io.Writer) error { return writeSummaryParquet(w, t) })
	}
	md, err := t.Meta.metadata("results")
	if err != nil {
		return err
	}
	if err := write(fs.Provenance, func(w io.Writer) error { return analysis.WriteJSON(w, md) }); err != nil {
		return err
	}
	if err := write(fs.Results, func(w io.Writer) error { return writeResultsCSV(w, t) }); err != nil {
		return err
	}
	return write(fs.Summary, func(w io.Writer) error { return writeSummaryCSV(w, t) })
}

// Read reads a results file (.parquet, or .csv with its .provenance.json).
func Read(path string) (*Table, error) {
	fs, err := OutputFiles(path)
	if err != nil {
		return nil, err
	}
	var t *Table
	if fs.Format == FormatParquet {
		t, err = readResultsParquet(path)
	} else {
		t, err = readResultsCSV(path, fs.Provenance)
	}
	if err != nil {
		return nil, err
	}
	t.Source = path
	return t, nil
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// --- Parquet -------------------------------------------------------------

func resultsColumns(params []string) []pqschema.Column {
	cols := []pqschema.Column{pqschema.Col("point", pqschema.Int64), pqschema.Col("rep", pqschema.Int64)}
	for _, p := range params {
		cols = append(cols, pqschema.Col(p, pqschema.Float64))
	}
	return append(cols, pqschema.Col("year", pqschema.Int64), pqschema.Col("outcome", pqschema.String, "dict"), pqschema.Col("value", pqschema.OptFloat, "optional"))
}

func summaryColumns(params []string) []pqschema.Column {
	cols := []pqschema.Column{pqschema.Col("point", pqschema.Int64)}
	for _, p := range params {
		cols = append(cols, pqschema.Col(p, pqschema.Float64))
	}
	cols = append(cols, pqschema.Col("year", pqschema.Int64), pqschema.Col("outcome", pqschema.String, "dict"))
	for _, n := range []string{"mean", "lo", "hi", "sd"} {
		cols = append(cols, pqschema.Col(n, pqschema.OptFloat, "optional"))
	}
	return append(cols, pqschema.Col("n", pqschema.Int64))
}

// rowBuffer batches rows for WriteRows.
type rowBuffer struct {
	w    *parquet.GenericWriter[any]
	rows []parquet.Row
	n    int
}

func (b *rowBuffer) next() *parquet.Row {
	if b.n == len(b.rows) {
		b.rows = append(b.rows, nil)
	}
	r := &b.rows[b.n]
	*r = (*r)[:0]
	b.n++
	return r
}

func (b *rowBuffer) flush(force bool) error {
	if b.n == 0 || (!force && b.n < 4096) {
		return nil
	}
	_, err := b.w.WriteRows(b.rows[:b.n])
	b.n = 0
	return err
}

func optDouble(x float64, col int) parquet.Value {
	if math.IsNaN(x) {
		return parquet.NullValue().Level(0, 0, col)
	}
	return parquet.DoubleValue(x).Level(0, 1, col)
}

func writeResultsParquet(out io.Writer, t *Table) error {
	md, err := t.Meta.metadata("results")
	if err != nil {
		return err
	}
	k := len(t.Meta.Params)
	w := pqschema.Writer(out, pqschema.Schema("povsim_sweep_results", resultsColumns(t.Meta.Params)), analysis.Version, md)
	b := &rowBuffer{w: w}
	outcomes := make([][]byte, len(t.Meta.Outcomes))
	for i, o := range t.Meta.Outcomes {
		outcomes[i] = []byte(o)
	}
	for i := range t.Points {
		p := &t.Points[i]
		for rep := 0; rep < p.Reps; rep++ {
			for y, year := range t.Meta.Years {
				for o := range t.Meta.Outcomes {
					r := b.next()
					*r = append(*r, parquet.Int64Value(int64(p.Index)).Level(0, 0, 0), parquet.Int64Value(int64(rep)).Level(0, 0, 1))
					for j, x := range p.Params {
						*r = append(*r, parquet.DoubleValue(x).Level(0, 0, 2+j))
					}
					*r = append(*r,
						parquet.Int64Value(int64(year)).Level(0, 0, 2+k),
						parquet.ByteArrayValue(outcomes[o]).Level(0, 0, 3+k),
						optDouble(t.Value(p, rep, y, o), 4+k))
					if err := b.flush(false); err != nil {
						return err
					}
				}
			}
		}
	}
	if err := b.flush(true); err != nil {
		return err
	}
	return w.Close()
}

func writeSummaryParquet(out io.Writer, t *Table) error {
	md, err := t.Meta.metadata("summary")
	if err != nil {
		return err
	}
	k := len(t.Meta.Params)
	w := pqschema.Writer(out, pqschema.Schema("povsim_sweep_summary", summaryColumns(t.Meta.Params)), analysis.Version, md)
	b := &rowBuffer{w: w}
	err = t.summarize(func(s summaryRow) error {
		r := b.next()
		*r = append(*r, parquet.Int64Value(int64(s.point.Index)).Level(0, 0, 0))
		for j, x := range s.point.Params {
			*r = append(*r, parquet.DoubleValue(x).Level(0, 0, 1+j))
		}
		e := s.est
		mean, lo, hi, sd := math.NaN(), math.NaN(), math.NaN(), math.NaN()
		if e.Defined() {
			mean = e.Mean
		}
		if e.HasInterval() {
			lo, hi, sd = e.Lo, e.Hi, e.SD
		}
		*r = append(*r,
			parquet.Int64Value(int64(s.year)).Level(0, 0, 1+k),
			parquet.ByteArrayValue([]byte(s.outcome)).Level(0, 0, 2+k),
			optDouble(mean, 3+k), optDouble(lo, 4+k), optDouble(hi, 5+k), optDouble(sd, 6+k),
			parquet.Int64Value(int64(e.N)).Level(0, 0, 7+k))
		return b.flush(false)
	})
	if err != nil {
		return err
	}
	if err := b.flush(true); err != nil {
		return err
	}
	return w.Close()
}

func readResultsParquet(path string) (_ *Table, err error) {
	defer guard.Recover(path, &err)
	pf, closeFile, err := guard.OpenParquet(path)
	if err != nil {
		return nil, err
	}
	defer closeFile()
	kv := map[string]string{}
	for _, e := range pf.Metadata().KeyValueMetadata {
		kv[e.Key] = e.Value
	}
	meta, table, err := metaFrom(kv, path)
	if err != nil {
		return nil, err
	}
	if table != "results" {
		return nil, fmt.Errorf("%s: a sweep's %s table; give the results file (the one without .summary)", path, table)
	}
	var names []string
	for _, c := range pf.Schema().Columns() {
		names = append(names, strings.Join(c, "."))
	}
	want := resultsColumns(meta.Params)
	if len(names) != len(want) {
		return nil, fmt.Errorf("%s: %d columns, want %d (point, rep, the parameters, year, outcome, value)", path, len(names), len(want))
	}
	for i, c := range want {
		if names[i] != c.Name {
			return nil, fmt.Errorf("%s: column %d is %q, want %q", path, i+1, names[i], c.Name)
		}
	}
	asm := newAssembler(meta, path, pf.NumRows())
	k := len(meta.Params)
	buf := make([]parquet.Row, 1024)
	params := make([]float64, k)
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				if len(row) != len(want) {
					rows.Close()
					return nil, fmt.Errorf("%s: a row has %d values, want %d", path, len(row), len(want))
				}
				for j := range params {
					params[j] = row[2+j].Double()
				}
				v := math.NaN()
				if !row[4+k].IsNull() {
					v = row[4+k].Double()
				}
				if aerr := asm.add(int(row[0].Int64()), int(row[1].Int64()), params, int(row[2+k].Int64()), string(row[3+k].ByteArray()), v); aerr != nil {
					rows.Close()
					return nil, aerr
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		}
		rows.Close()
	}
	return asm.table()
}

// assembler rebuilds a Table from rows in file order.
type assembler struct {
	t        *Table
	where    string
	rows     int64 // rows the file can hold: no point may need more values
	years    map[int]int
	outcomes map[string]int
	cur      *Point
	filled   int
}

func newAssembler(m Meta, where string, rows int64) *assembler {
	a := &assembler{t: &Table{Meta: m}, where: where, rows: rows, years: map[int]int{}, outcomes: map[string]int{}}
	for i, y := range m.Years {
		a.years[y] = i
	}
	for i, o := range m.Outcomes {
		a.outcomes[o] = i
	}
	return a
}

func (a *assembler) add(point, rep int, params []float64, year int, outcome string, v float64) error {
	ny, no := len(a.t.Meta.Years), len(a.t.Meta.Outcomes)
	if a.cur == nil || a.cur.Index != point {
		if err := a.finish(); err != nil {
			return err
		}
		if point < 0 || point >= a.t.Meta.TotalPoints || (a.cur != nil && point < a.cur.Index) || !a.t.Meta.Shard.Has(point) {
			return fmt.Errorf("%s: point %d out of order or outside the design (shard %s)", a.where, point, a.t.Meta.Shard)
		}
		a.t.Points = append(a.t.Points, Point{Index: point, Params: append([]float64(nil), params...)})
		a.cur = &a.t.Points[len(a.t.Points)-1]
		a.filled = 0
	}
	p := a.cur
	y, ok1 := a.years[year]
	o, ok2 := a.outcomes[outcome]
	if !ok1 || !ok2 || rep < 0 || rep > MaxReplications {
		return fmt.Errorf("%s: point %d: unexpected row (rep %d, year %d, outcome %q)", a.where, point, rep, year, outcome)
	}
	if rep >= p.Reps {
		if need := int64(rep+1) * int64(ny*no); need > a.rows {
			return fmt.Errorf("%s: point %d: replication %d needs %d values, more than the file's %d rows can hold", a.where, point, rep, need, a.rows)
		}
		p.Reps = rep + 1
		if need := p.Reps * ny * no; len(p.Values) < need {
			grow := make([]float64, need-len(p.Values))
			for i := range grow {
				grow[i] = math.NaN()
			}
			p.Values = append(p.Values, grow...)
		}
	}
	p.Values[(rep*ny+y)*no+o] = v
	a.filled++
	return nil
}

func (a *assembler) finish() error {
	if a.cur == nil {
		return nil
	}
	if want := a.cur.Reps * len(a.t.Meta.Years) * len(a.t.Meta.Outcomes); a.filled != want {
		return fmt.Errorf("%s: point %d has %d rows, want %d (%d replications × %d years × %d outcomes)",
			a.where, a.cur.Index, a.filled, want, a.cur.Reps, len(a.t.Meta.Years), len(a.t.Meta.Outcomes))
	}
	return nil
}

func (a *assembler) table() (*Table, error) {
	if err := a.finish(); err != nil {
		return nil, err
	}
	return a.t, nil
}

// --- CSV -----------------------------------------------------------------

func writeResultsCSV(out io.Writer, t *Table) error {
	bw := bufio.NewWriterSize(out, 1<<16)
	cw := csv.NewWriter(bw)
	head := []string{"point", "rep"}
	head = append(head, t.Meta.Params...)
	cw.Write(append(head, "year", "outcome", "value"))
	k := len(t.Meta.Params)
	rec := make([]string, k+5)
	for i := range t.Points {
		p := &t.Points[i]
		rec[0] = strconv.Itoa(p.Index)
		for j, x := range p.Params {
			rec[2+j] = fmtFloat(x)
		}
		for rep := 0; rep < p.Reps; rep++ {
			rec[1] = strconv.Itoa(rep)
			for y, year := range t.Meta.Years {
				rec[2+k] = strconv.Itoa(year)
				for o, name := range t.Meta.Outcomes {
					rec[3+k] = name
					rec[4+k] = ""
					if v := t.Value(p, rep, y, o); !math.IsNaN(v) {
						rec[4+k] = fmtFloat(v)
					}
					if err := cw.Write(rec); err != nil {
						return err
					}
				}
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func writeSummaryCSV(out io.Writer, t *Table) error {
	bw := bufio.NewWriterSize(out, 1<<16)
	cw := csv.NewWriter(bw)
	head := []string{"point"}
	head = append(head, t.Meta.Params...)
	cw.Write(append(head, "year", "outcome", "mean", "lo", "hi", "sd", "n"))
	k := len(t.Meta.Params)
	rec := make([]string, k+8)
	err := t.summarize(func(s summaryRow) error {
		rec[0] = strconv.Itoa(s.point.Index)
		for j, x := range s.point.Params {
			rec[1+j] = fmtFloat(x)
		}
		rec[1+k] = strconv.Itoa(s.year)
		rec[2+k] = s.outcome
		for i := 3 + k; i < 7+k; i++ {
			rec[i] = ""
		}
		e := s.est
		if e.Defined() {
			rec[3+k] = fmtFloat(e.Mean)
		}
		if e.HasInterval() {
			rec[4+k], rec[5+k], rec[6+k] = fmtFloat(e.Lo), fmtFloat(e.Hi), fmtFloat(e.SD)
		}
		rec[7+k] = strconv.Itoa(e.N)
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// readProvenanceFile reads data, the provenance file provPath beside a CSV
// output: the metadata a Parquet output holds, as one JSON object.
func readProvenanceFile(provPath string, data []byte) (map[string]string, error) {
	var f struct {
		Provenance string `json:"povsim.provenance"`
		Sweep      string `json:"povsim.sweep"`
	}
	if err := jsonerr.Decode(provPath, data, &f); err != nil {
		return nil, err
	}
	kv := map[string]string{}
	if f.Provenance != "" {
		kv[KeyProvenance] = f.Provenance
	}
	if f.Sweep != "" {
		kv[KeySweep] = f.Sweep
	}
	return kv, nil
}

func readResultsCSV(path, provPath string) (*Table, error) {
	pb, err := os.ReadFile(provPath)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: its provenance file %s is missing (a CSV output is the pair)", path, provPath)
		}
		return nil, err
	}
	kv, err := readProvenanceFile(provPath, pb)
	if err != nil {
		return nil, err
	}
	meta, _, err := metaFrom(kv, provPath)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bufio.NewReaderSize(f, 1<<16))
	cr.ReuseRecord = true
	want := resultsColumns(meta.Params)
	cr.FieldsPerRecord = len(want)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, c := range want {
		if head[i] != c.Name {
			return nil, fmt.Errorf("%s: column %d is %q, want %q", path, i+1, head[i], c.Name)
		}
	}
	k := len(meta.Params)
	// Each value is a row of at least k+5 bytes (fields and commas).
	asm := newAssembler(meta, path, st.Size()/int64(k+5))
	params := make([]float64, k)
	line := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line++
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		bad := func(col int) error {
			return fmt.Errorf("%s:%d: %s: got %q, want a number", path, line, want[col].Name, rec[col])
		}
		point, err := strconv.Atoi(rec[0])
		if err != nil {
			return nil, bad(0)
		}
		rep, err := strconv.Atoi(rec[1])
		if err != nil {
			return nil, bad(1)
		}
		for j := range params {
			if params[j], err = strconv.ParseFloat(rec[2+j], 64); err != nil {
				return nil, bad(2 + j)
			}
		}
		year, err := strconv.Atoi(rec[2+k])
		if err != nil {
			return nil, bad(2 + k)
		}
		v := math.NaN()
		if rec[4+k] != "" {
			if v, err = strconv.ParseFloat(rec[4+k], 64); err != nil {
				return nil, bad(4 + k)
			}
		}
		if err := asm.add(point, rep, params, year, rec[3+k], v); err != nil {
			return nil, err
		}
	}
	return asm.table()
}
