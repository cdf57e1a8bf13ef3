package analysis_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

var update = flag.Bool("update", false, "rewrite golden files")

// undefinedSummary summarizes replications with no formerly poor household
// and no people, where the rates, the gap and the income are undefined, and
// one replication, where no interval is.
func undefinedSummary() analysis.Summary {
	rs := []sim.Result{{Years: []sim.YearStats{{Year: 2021, Households: 3, Marginal: 3, Monitored: 2}}}}
	return analysis.Summarize("empty", rs, true)
}

// Test 10: JSON never holds NaN: undefined parts are null.
func TestJSONNoNaN(t *testing.T) {
	var b bytes.Buffer
	if err := analysis.WriteJSON(&b, undefinedSummary()); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b.Bytes()) {
		t.Fatalf("invalid JSON:\n%s", b.String())
	}
	for _, bad := range []string{"NaN", "Inf"} {
		if strings.Contains(b.String(), bad) {
			t.Errorf("JSON contains %s:\n%s", bad, b.String())
		}
	}
	var back struct {
		Outcomes []struct {
			Outcome string `json:"outcome"`
			Years   []struct {
				Mean *float64 `json:"mean"`
				Lo   *float64 `json:"lo"`
				N    int      `json:"n"`
			} `json:"years"`
		} `json:"outcomes"`
	}
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	for _, o := range back.Outcomes {
		y := o.Years[0]
		switch o.Outcome {
		case "return_rate", "income", "poverty_gap":
			if y.Mean != nil || y.N != 0 {
				t.Errorf("%s: mean %v n %d, want null and 0", o.Outcome, *y.Mean, y.N)
			}
		case "monitored":
			if y.Mean == nil || *y.Mean != 2 || y.Lo != nil || y.N != 1 {
				t.Errorf("monitored: want mean 2, lo null, n 1")
			}
		}
	}
	// An undefined Estimate alone.
	js, err := json.Marshal(analysis.Estimate{})
	if err != nil || string(js) != `{"mean":null,"lo":null,"hi":null,"sd":null,"n":0}` {
		t.Errorf("Estimate{} marshals to %s, %v", js, err)
	}
}

// Test 10: WriteCSV leaves undefined fields empty.
func TestWriteCSVUndefined(t *testing.T) {
	var b bytes.Buffer
	if err := analysis.WriteCSV(&b, undefinedSummary()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"scenario,year,outcome,mean,lo,hi,sd,n,unit,label,cumulative\n",
		"empty,2021,return_rate,,,,,0,share of formerly poor households,Income poverty of the formerly poor (as a survey sees it),false\n", // undefined
		"empty,2021,income,,,,,0,yuan per person,Mean income,false\n",
		"empty,2021,monitored,2,,,,1,households,Under monitoring,false\n", // one replication: a mean, no interval
	} {
		if !strings.Contains(out, want) {
			t.Errorf("CSV lacks %q:\n%s", want, out)
		}
	}
	for _, bad := range []string{"NaN", "Inf"} {
		if strings.Contains(out, bad) {
			t.Errorf("CSV contains %s", bad)
		}
	}
}

// Test 10: the tables for people, on a fixed small run, match their golden
// files (testdata/*.golden; -update rewrites them).
func TestGoldenTables(t *testing.T) {
	names := []string{"baseline", "cut-subsidy"}
	res := ensemble(t, libraryModels(t, 300, names...), analysis.Options{Reps: 3, Seed: 1})
	for _, tc := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"table.golden", func(b *bytes.Buffer) error {
			return analysis.WriteTable(b, analysis.Summarize("baseline", res[0], true))
		}},
		{"comparison.golden", func(b *bytes.Buffer) error {
			return analysis.WriteComparisonTable(b, analysis.Compare(names, res, false))
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var got bytes.Buffer
			if err := tc.write(&got); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.file, got.Bytes())
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./analysis/ -run TestGoldenTables -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (rerun with -update if intended):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestCheckFormat(t *testing.T) {
	for _, f := range []string{analysis.FormatTable, analysis.FormatCSV, analysis.FormatJSON} {
		if err := analysis.CheckFormat(f); err != nil {
			t.Errorf("CheckFormat(%q): %v", f, err)
		}
	}
	if err := analysis.CheckFormat("xml"); err == nil || !strings.Contains(err.Error(), `"xml"`) {
		t.Errorf("CheckFormat(xml): %v", err)
	}
}
