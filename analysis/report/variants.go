package report

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/povsim/povsim/analysis"
)

// variantsView is the part of "How well does this model match what is
// known" that reruns the comparison under the model's variants
// (analysis.VariantDiffs; docs/MODEL.md §8).
type variantsView struct {
	Shown  bool
	Note   string
	Blocks []variantBlock
}

type variantBlock struct {
	Table     table
	Sentences []string
}

// variants lays out each alternative's differences at the horizon under
// the defaults and each variant, with the sentences on their directions;
// a note says how to add them when the comparison has none.
func variants(in *Input) variantsView {
	c := in.Comparison
	switch {
	case len(c.Diffs) == 0:
		return variantsView{Note: "A report of one scenario has no differences to hold under the model's variants."}
	case len(c.Variants) == 0:
		return variantsView{Note: "Not run for this report. povsim compare " + c.Base + " … --variants --out DIR reruns the comparison under each of the model's variants " +
			"(settings its known misses leave open, docs/MODEL.md §8); povsim report --from DIR then shows here whether each difference keeps its direction."}
	}
	h := len(c.Years) - 1
	dec := analysis.DecimalsFor(c, analysis.RegisteredReturn)
	v := variantsView{Shown: true, Note: "Each variant is a setting the model's misses on the wall leave open, applied to the defaults every scenario inherits, " +
		"on the same households and replications; none is adopted. " + analysis.VariantsNote + "."}
	for i, d := range c.Diffs {
		t := table{ID: "variants-" + strconv.Itoa(i+1),
			Caption: fmt.Sprintf("%s against %s in %d under the model's variants: paired differences, points (95%% interval)", d.Scenario, c.Base, c.Years[h]),
			Head:    []string{"Variant", "Registered returns", "Income poverty"}}
		row := func(name string, d analysis.Differences) {
			t.addRow(name, ppCIDec(d.Get(analysis.RegisteredReturn).Years[h], dec), ppCIDec(d.Get(analysis.ReturnRate).Years[h], 2))
		}
		row("the defaults", d)
		for _, vd := range c.Variants {
			switch {
			case vd.NotApplied != "":
				t.addRow(vd.Variant+": "+vd.Why, "not applied: "+vd.NotApplied, "")
			case slices.Contains(vd.Own, d.Scenario):
				row(vd.Variant+": "+vd.Why+" ("+d.Scenario+" sets its parameters itself)", vd.Diffs[i])
			default:
				row(vd.Variant+": "+vd.Why, vd.Diffs[i])
			}
		}
		v.Blocks = append(v.Blocks, variantBlock{Table: t, Sentences: analysis.VariantSentences(c, i)})
	}
	return v
}
