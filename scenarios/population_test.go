package scenarios

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/povsim/povsim/sim"
)

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadPopulationExample(t *testing.T) {
	recs, err := ReadPopulation("examples/population.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 120 {
		t.Fatalf("%d records, want the example's 120", len(recs))
	}
	// Three villages in two townships, numbered in order of appearance.
	villages, towns := map[int]bool{}, map[int]bool{}
	for _, r := range recs {
		villages[r.Village], towns[r.Township] = true, true
	}
	if len(villages) != 3 || len(towns) != 2 {
		t.Errorf("%d villages and %d townships, want 3 and 2", len(villages), len(towns))
	}
	first := recs[0]
	want := sim.HouseholdRecord{ID: "SH-001", Village: 0, Township: 0, FormerlyPoor: true,
		Laborers: 3, Elderly: 1, Children: 2, Land: 3.8}
	if first != want {
		t.Errorf("first record %+v, want %+v", first, want)
	}
}

// A CSV file saved with a byte-order mark (as spreadsheets save UTF-8)
// reads as one without.
func TestReadPopulationBOM(t *testing.T) {
	recs, err := ReadPopulation(writeFile(t, "pop.csv", "\ufeffhousehold,village,registered,laborers,land_mu\nA,v1,true,1,2.5\n"))
	if err != nil || len(recs) != 1 || recs[0].ID != "A" || recs[0].Land != 2.5 {
		t.Errorf("records %+v, %v; want household A on 2.5 mu", recs, err)
	}
}

// Every bad row is reported with its row, column and value, all at once,
// and nothing is returned.
func TestReadPopulationErrors(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"bad values", "household,village,registered,laborers,elderly,land_mu\n" +
			"A,v1,maybe,2,1,3\n" +
			"B,v1,true,9,1,-2\n" +
			"A,v2,true,1,0,x\n" +
			"C,v2,true,1,0,4\n",
			[]string{"6 problems", "row 1 (line 2), column registered: got \"maybe\"", "row 2 (line 3), column laborers+elderly+children: got 10",
				"row 2 (line 3), column land_mu: got -2", "row 3 (line 4), column land_mu: got \"x\"", "row 3 (line 4), column household: \"A\" repeats row 1"}},
		{"missing column", "household,village,land_mu\nA,v1,2\n", []string{`column "registered" is missing`}},
		{"unknown column", "household,village,registered,land_mu,income\nA,v1,true,2,100\n", []string{`got "income"`, "want one of"}},
		{"inconsistent counts", "household,village,registered,laborers,elderly,disabled,migrants,employed,land_mu,transferred_mu\n" +
			"A,v1,true,1,1,1,1,0,2,3\n",
			[]string{"row 1 (line 2), column migrants: got 1, want at most the 0 laborers who are not disabled", "row 1 (line 2), column transferred_mu: got 3"}},
		{"no rows", "household,village,registered,land_mu\n", []string{"no household rows"}},
		{"more sick than adults, land not a number", "household,village,registered,laborers,chronic,disabled,land_mu\nA,v1,true,1,1,1,NaN\n",
			[]string{"row 1 (line 2), column chronic+disabled: got 2, want at most the 1 adults", "row 1 (line 2), column land_mu: got NaN, want an area ≥ 0 mu"}},
		{"village in two townships", "household,village,township,registered,laborers,land_mu\nA,v1,t1,true,1,2\nB,v1,t2,true,1,2\n",
			[]string{"row 2 (line 3), column township"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, "pop.csv", c.text)
			recs, err := ReadPopulation(p)
			if err == nil {
				t.Fatalf("no error; records %+v", recs)
			}
			if recs != nil {
				t.Errorf("records returned with an error")
			}
			var pe *PopulationError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v, want *PopulationError", err, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if !strings.HasPrefix(err.Error(), p) {
				t.Errorf("error does not start with the file name: %v", err)
			}
		})
	}
	if _, err := ReadPopulation(writeFile(t, "pop.txt", "x")); err == nil || !strings.Contains(err.Error(), ".csv or .parquet") {
		t.Errorf("unknown extension: %v", err)
	}
}

// A Parquet file with the same rows reads back to the same records.
func TestReadPopulationParquet(t *testing.T) {
	csvRecs, err := ReadPopulation("examples/population.csv")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("examples/population.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, probs, err := readCSV(f)
	f.Close()
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	var buf bytes.Buffer
	if err := WritePopulationParquet(&buf, rows); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "pop.parquet")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pqRecs, err := ReadPopulation(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(csvRecs, pqRecs) {
		t.Error("Parquet records differ from the CSV's")
	}
}

// Records drive the simulation: the households, their members and land are
// the records', whatever the synthetic population parameters say.
func TestRecordsRun(t *testing.T) {
	recs, err := ReadPopulation("examples/population.csv")
	if err != nil {
		t.Fatal(err)
	}
	p := sim.Default()
	p.Population.Households = len(recs)
	p.Population.SizeWeights = []float64{1} // ignored with records
	p.Demography.Enabled = false            // members keep their roles in year 1
	m, err := sim.New(sim.Config{Params: p, Households: recs})
	if err != nil {
		t.Fatal(err)
	}
	res := m.NewRunner().Run(3, 0, sim.Options{Trace: []int{0, 1}})
	people, fp := 0, 0
	for _, r := range recs {
		people += r.Size()
		if r.FormerlyPoor {
			fp++
		}
	}
	y0 := res.Years[0]
	if y0.People+y0.Deaths != people || y0.FormerlyPoor != fp || y0.Households+y0.Dissolved != len(recs) {
		t.Errorf("year 1: %d people + %d deaths, %d formerly poor, %d households; records have %d people, %d formerly poor, %d households",
			y0.People, y0.Deaths, y0.FormerlyPoor, y0.Households, people, fp, len(recs))
	}
	st := res.Stories[0]
	if got := st.Years[0].Land; float32(got) != float32(recs[0].Land) { // land is held as float32
		t.Errorf("household 0 land %v, want %v", got, recs[0].Land)
	}
	roles := map[sim.Role]int{}
	for _, mb := range st.Years[0].Members {
		roles[mb.Role]++
	}
	if roles[sim.Laborer] != recs[0].Laborers || roles[sim.Child] != recs[0].Children {
		t.Errorf("household 0 members %v, want %d laborers and %d children", roles, recs[0].Laborers, recs[0].Children)
	}
	// A record count that disagrees with population.households is an error.
	p.Population.Households = len(recs) + 1
	if _, err := sim.New(sim.Config{Params: p, Households: recs}); err == nil || !strings.Contains(err.Error(), "household records") {
		t.Errorf("mismatched count accepted: %v", err)
	}
}

// FuzzReadPopulationCSV: no input makes the CSV reader panic, and records
// it accepts pass their own consistency check.
func FuzzReadPopulationCSV(f *testing.F) {
	data, _ := os.ReadFile("examples/population.csv")
	f.Add(string(data))
	f.Add("household,village,registered,land_mu\nA,v,true,1\n")
	f.Add("household,village,registered,laborers,land_mu\nA,v,yes,-3,NaN\n")
	f.Add("\ufeffhousehold,village,registered,land_mu\n\"A,v,true,1\n")
	f.Fuzz(func(t *testing.T, text string) {
		rows, probs, err := readCSV(strings.NewReader(text))
		if err != nil || len(probs) > 0 {
			return
		}
		recs, probs := Records(rows)
		if len(probs) > 0 {
			return
		}
		for i := range recs {
			if bad := recs[i].Check(); len(bad) > 0 {
				t.Fatalf("accepted record %d fails its check: %v", i, bad)
			}
		}
	})
}

// FuzzReadPopulationParquet: a Parquet records file of any bytes is read
// without a panic, as records that pass their checks or as an error that
// names the file. Seeds: the example and copies with 4 bytes overwritten.
func FuzzReadPopulationParquet(f *testing.F) {
	fh, err := os.Open("examples/population.csv")
	if err != nil {
		f.Fatal(err)
	}
	rows, _, err := readCSV(fh)
	fh.Close()
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePopulationParquet(&buf, rows); err != nil {
		f.Fatal(err)
	}
	b := buf.Bytes()
	f.Add(b)
	for i := 1; i <= 40; i++ {
		d := bytes.Clone(b)
		copy(d[4+(len(b)-12)*i/41:], []byte{0xff, 0xff, 0xff, 0xff})
		f.Add(d)
	}
	f.Add([]byte("PAR1PAR1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "h.parquet")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		recs, err := ReadPopulation(p)
		if err != nil {
			if !strings.HasPrefix(err.Error(), p) {
				t.Fatalf("error names no file: %v", err)
			}
			return
		}
		for i := range recs {
			if bad := recs[i].Check(); len(bad) > 0 {
				t.Fatalf("accepted record %d fails its check: %v", i, bad)
			}
		}
	})
}

// A CSV row with more or fewer fields than the header (a decimal comma) and
// a repeated header column are refused, naming the row or column.
func TestPopulationCSVFieldCounts(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"household,village,registered,land_mu\nA,v,true,1,5\n", "row 1 (line 2): 5 fields, but the header has 4 (a decimal comma?"},
		{"household,village,registered,land_mu\nA,v,true\n", "row 1 (line 2): 3 fields, but the header has 4"},
		{"household,village,registered,land_mu,land_mu\nA,v,true,1,2\n", `header, column 5: "land_mu" repeats column 4`},
	} {
		_, err := ReadPopulation(writeFile(t, "h.csv", c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.text, err, c.want)
		}
	}
}
