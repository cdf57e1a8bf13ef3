package sweep

import (
	"encoding/json"
	"testing"

	"github.com/povsim/povsim/analysis"
)

// The metadata of a sweep's files describe each recorded outcome: label,
// unit and whether it is cumulative.
func TestMetadataOutcomeDictionary(t *testing.T) {
	kv, err := Meta{Outcomes: []string{"return_rate", "ever_returned", "cost.dibao"}, Sweep: "x"}.metadata("results")
	if err != nil {
		t.Fatal(err)
	}
	var pv provenance
	if err := json.Unmarshal([]byte(kv[KeyProvenance]), &pv); err != nil {
		t.Fatal(err)
	}
	want := []outcomeEntry{
		{"return_rate", analysis.ReturnRate.Label(), "share of formerly poor households", false},
		{"ever_returned", "Ever returned since 2020", "share of formerly poor households", true},
		{"cost.dibao", "Cost: dibao", "yuan", false},
	}
	if len(pv.Dictionary) != len(want) {
		t.Fatalf("dictionary %+v", pv.Dictionary)
	}
	for i, w := range want {
		if pv.Dictionary[i] != w {
			t.Errorf("entry %d: %+v, want %+v", i, pv.Dictionary[i], w)
		}
	}
}
