package scenarios

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/povsim/povsim/internal/guard"
	"github.com/povsim/povsim/sim"
)

// PopulationColumns are the columns of a household records file, in order.
// household, village and registered are required; township defaults to the
// village; counts default to 0 and transferred_mu to 0.
var PopulationColumns = []string{
	"household", "village", "township", "registered",
	"laborers", "elderly", "children", "chronic", "disabled", "migrants", "employed",
	"land_mu", "transferred_mu",
}

var requiredColumns = map[string]bool{"household": true, "village": true, "registered": true, "land_mu": true}

// Row is one household record as stored in a Parquet file.
type Row struct {
	Household     string  `parquet:"household"`
	Village       string  `parquet:"village"`
	Township      string  `parquet:"township,optional"`
	Registered    bool    `parquet:"registered"`
	Laborers      int64   `parquet:"laborers"`
	Elderly       int64   `parquet:"elderly"`
	Children      int64   `parquet:"children"`
	Chronic       int64   `parquet:"chronic"`
	Disabled      int64   `parquet:"disabled"`
	Migrants      int64   `parquet:"migrants"`
	Employed      int64   `parquet:"employed"`
	LandMu        float64 `parquet:"land_mu"`
	TransferredMu float64 `parquet:"transferred_mu"`
	// Line is the CSV file's line of the row (the header is line 1), for
	// messages; 0 for a Parquet row.
	Line int `parquet:"-"`
}

// where names a row for people: "row 2 (line 3)" in a CSV file, "row 2"
// in a Parquet file.
func where(n, line int) string {
	if line > 0 {
		return fmt.Sprintf("row %d (line %d)", n, line)
	}
	return fmt.Sprintf("row %d", n)
}

// PopulationError lists every bad row of a records file.
type PopulationError struct {
	File     string
	Problems []string
}

func (e *PopulationError) Error() string {
	const show = 50
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problems; nothing was run", e.File, len(e.Problems))
	for i, p := range e.Problems {
		if i == show {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-show)
			break
		}
		b.WriteString("\n  " + p)
	}
	return b.String()
}

// ReadPopulation reads household records from a CSV or Parquet file (by
// extension). Every bad row is reported with its row number, column and
// value, all at once; on any problem no record is returned.
func ReadPopulation(path string) ([]sim.HouseholdRecord, error) {
	var rows []Row
	var probs []string
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		var f *os.File
		if f, err = os.Open(path); err != nil {
			return nil, err
		}
		defer f.Close()
		if rows, probs, err = readCSV(f); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	case ".parquet":
		if rows, err = readPopulationParquet(path); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("--population %s: want a .csv or .parquet file", path)
	}
	recs, more := Records(rows)
	probs = append(probs, more...)
	sort.SliceStable(probs, func(i, j int) bool { return rowOf(probs[i]) < rowOf(probs[j]) })
	if len(probs) > 0 {
		return nil, &PopulationError{File: path, Problems: probs}
	}
	return recs, nil
}

// readCSV parses the CSV layout; problems name the data row (1 is the first
// row after the header) and the column.
func readCSV(r io.Reader) ([]Row, []string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("reading the header: %w", err)
	}
	col := map[string]int{}
	var probs []string
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !contains(PopulationColumns, h) {
			probs = append(probs, fmt.Sprintf("header, column %d: got %q, want one of %s", i+1, h, strings.Join(PopulationColumns, ", ")))
			continue
		}
		if j, dup := col[h]; dup {
			probs = append(probs, fmt.Sprintf("header, column %d: %q repeats column %d", i+1, h, j+1))
			continue
		}
		col[h] = i
	}
	for c := range requiredColumns {
		if _, ok := col[c]; !ok {
			probs = append(probs, fmt.Sprintf("header: column %q is missing", c))
		}
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	var rows []Row
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				probs = append(probs, fmt.Sprintf("row %d (line %d): %v", n, pe.Line, pe.Err))
				continue
			}
			return nil, nil, err
		}
		if len(rec) != len(header) {
			line, _ := cr.FieldPos(0)
			probs = append(probs, fmt.Sprintf("row %d (line %d): %d fields, but the header has %d (a decimal comma? write 1.5, not 1,5, or quote the field)", n, line, len(rec), len(header)))
			continue
		}
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		line, _ := cr.FieldPos(0)
		bad := func(c, v, want string) {
			probs = append(probs, fmt.Sprintf("%s, column %s: got %q, want %s", where(n, line), c, v, want))
		}
		row := Row{Household: get("household"), Village: get("village"), Township: get("township"), Line: line}
		switch strings.ToLower(get("registered")) {
		case "true", "1", "yes", "y":
			row.Registered = true
		case "false", "0", "no", "n":
		default:
			bad("registered", get("registered"), "true or false (registered poor, lifted out by 2020)")
		}
		ints := []*int64{&row.Laborers, &row.Elderly, &row.Children, &row.Chronic, &row.Disabled, &row.Migrants, &row.Employed}
		for k, c := range []string{"laborers", "elderly", "children", "chronic", "disabled", "migrants", "employed"} {
			v := get(c)
			if v == "" {
				continue
			}
			x, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				bad(c, v, "a whole number")
				continue
			}
			*ints[k] = x
		}
		for c, dst := range map[string]*float64{"land_mu": &row.LandMu, "transferred_mu": &row.TransferredMu} {
			v := get(c)
			if v == "" && c == "transferred_mu" {
				continue
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				bad(c, v, "a number of mu")
				continue
			}
			*dst = x
		}
		rows = append(rows, row)
	}
	return rows, probs, nil
}

// maxRecords is the most households a records file may hold: sim's limit.
const maxRecords = 100_000_000

// readPopulationParquet reads the rows of a Parquet records file in
// batches (a damaged file's claimed row count allocates nothing), refuses
// more rows than a simulation can take, and turns a panic of the Parquet
// reader on damaged bytes into an error naming the file.
func readPopulationParquet(path string) (rows []Row, err error) {
	defer guard.Recover(path, &err)
	pf, closeFile, err := guard.OpenParquet(path)
	if err != nil {
		return nil, err
	}
	defer closeFile()
	if n := pf.NumRows(); n > maxRecords || n < 0 {
		return nil, fmt.Errorf("%s: %d households, want at most %d", path, n, maxRecords)
	}
	r := parquet.NewGenericReader[Row](pf)
	defer r.Close()
	buf := make([]Row, 4096)
	for {
		n, err := r.Read(buf)
		rows = append(rows, buf[:n]...)
		if len(rows) > maxRecords {
			return nil, fmt.Errorf("%s: more than %d households", path, maxRecords)
		}
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
}

// Records checks rows and turns them into sim records: villages and
// townships are numbered in order of first appearance.
func Records(rows []Row) ([]sim.HouseholdRecord, []string) {
	var probs []string
	if len(rows) == 0 {
		return nil, []string{"no household rows"}
	}
	villages, towns := map[string]int{}, map[string]int{}
	villageTown := map[int]int{}
	seen := map[string]int{}
	recs := make([]sim.HouseholdRecord, 0, len(rows))
	for i, r := range rows {
		n := i + 1
		at := where(n, r.Line)
		if r.Household == "" {
			probs = append(probs, fmt.Sprintf("%s, column household: empty, want an identifier", at))
		} else if first, dup := seen[r.Household]; dup {
			probs = append(probs, fmt.Sprintf("%s, column household: %q repeats row %d", at, r.Household, first))
		} else {
			seen[r.Household] = n
		}
		if r.Village == "" {
			probs = append(probs, fmt.Sprintf("%s, column village: empty, want a village name", at))
		}
		v, ok := villages[r.Village]
		if !ok {
			v = len(villages)
			villages[r.Village] = v
		}
		tname := r.Township
		if tname == "" {
			tname = "village:" + r.Village
		}
		t, ok := towns[tname]
		if !ok {
			t = len(towns)
			towns[tname] = t
		}
		if prev, ok := villageTown[v]; ok && prev != t {
			probs = append(probs, fmt.Sprintf("%s, column township: village %q was in another township in an earlier row", at, r.Village))
		}
		villageTown[v] = t
		rec := sim.HouseholdRecord{
			ID: r.Household, Village: v, Township: t, FormerlyPoor: r.Registered,
			Laborers: int(r.Laborers), Elderly: int(r.Elderly), Children: int(r.Children),
			Chronic: int(r.Chronic), Disabled: int(r.Disabled), Migrants: int(r.Migrants), Employed: int(r.Employed),
			Land: r.LandMu, Transferred: r.TransferredMu,
		}
		for _, c := range rec.Check() {
			probs = append(probs, fmt.Sprintf("%s, column %s: got %s, want %s", at, c[0], c[1], c[2]))
		}
		recs = append(recs, rec)
	}
	return recs, probs
}

// rowOf is the row number a problem starts with ("row 12, …"), 0 for
// problems of the header or the whole file.
func rowOf(problem string) int {
	var n int
	if _, err := fmt.Sscanf(problem, "row %d", &n); err != nil {
		return 0
	}
	return n
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// WritePopulationParquet writes rows as a Parquet file (used to convert the
// CSV example, and by tests).
func WritePopulationParquet(w io.Writer, rows []Row) error {
	var buf bytes.Buffer
	if err := parquet.Write(&buf, rows); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
