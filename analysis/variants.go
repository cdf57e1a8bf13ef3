package analysis

import (
	"fmt"
	"io"
	"strings"
)

// VariantDiffs are a comparison's paired differences rerun under one of the
// model's variants (scenarios.Variants, docs/MODEL.md §8): settings the
// model's known misses leave open, applied to the defaults the scenarios
// inherit, with the same scenarios, seed and replications.
type VariantDiffs struct {
	Variant string        `json:"variant"`
	Why     string        `json:"why"`
	Set     []string      `json:"set"`
	Diffs   []Differences `json:"differences"`
}

// Direction is what a paired difference's 95% interval says: Up or Down
// when it excludes 0 on that side, Unclear when it includes 0 or there is
// no interval (one replication, or the difference is undefined).
type Direction int

const (
	Unclear Direction = iota
	Up
	Down
)

// DirectionOf is the direction of a paired difference.
func DirectionOf(e Estimate) Direction {
	switch {
	case !e.Defined() || !e.HasInterval():
		return Unclear
	case e.Lo > 0:
		return Up
	case e.Hi < 0:
		return Down
	}
	return Unclear
}

// variantMeasures are the measures the variants table shows, the headline
// first.
var variantMeasures = []struct {
	key  OutcomeKey
	name string
	up   string
	down string
}{
	{RegisteredReturn, "registered returns", "higher", "lower"},
	{ReturnRate, "income poverty", "higher", "lower"},
}

// WriteVariantsTable writes, for each alternative of c, its paired
// differences at the horizon under the defaults and under each of
// c.Variants, then a sentence per measure on whether its direction held.
// It writes nothing when c has no variants.
func WriteVariantsTable(w io.Writer, c Comparison) error {
	if len(c.Variants) == 0 {
		return nil
	}
	h := len(c.Years) - 1
	dec := DecimalsFor(c, RegisteredReturn)
	for i, d := range c.Diffs {
		fmt.Fprintf(w, "\n%s against %s in %d under the model's variants (docs/MODEL.md §8: settings its known misses leave open)\n",
			d.Scenario, c.Base, c.Years[h])
		rows := [][]string{{"variant", "Δ registered [95% CI]", "Δ income poverty [95% CI]"}}
		row := func(name string, d Differences) []string {
			return []string{name, ppCIDec(d.Get(RegisteredReturn).Years[h], dec), ppCIDec(d.Get(ReturnRate).Years[h], 2)}
		}
		rows = append(rows, row("(the defaults)", d))
		for _, v := range c.Variants {
			rows = append(rows, row(v.Variant, v.Diffs[i]))
		}
		if err := writeAligned(w, rows); err != nil {
			return err
		}
		for _, s := range VariantSentences(c, i) {
			fmt.Fprintln(w, s)
		}
	}
	fmt.Fprintln(w, VariantsNote)
	return nil
}

// VariantsNote says what a variant is, under the tables.
const VariantsNote = "a variant is not adopted: each moves some published figures toward the record and others away (docs/MODEL.md §8); " +
	"a direction that holds under all of them is one a planner can rely on"

// VariantSentences are a sentence per measure, registered returns first,
// on whether alternative i's difference at the horizon kept the defaults'
// direction under every variant of c.
func VariantSentences(c Comparison, i int) []string {
	var out []string
	for _, m := range variantMeasures {
		out = append(out, variantSentence(c, i, m.key, m.name, m.up, m.down))
	}
	return out
}

// variantSentence says whether alternative i's difference of k at the
// horizon keeps the defaults' direction under every variant.
func variantSentence(c Comparison, i int, k OutcomeKey, name, up, down string) string {
	h := len(c.Years) - 1
	words := map[Direction]string{Up: up, Down: down}
	def := DirectionOf(c.Diffs[i].Get(k).Years[h])
	byDir := map[Direction][]string{}
	for _, v := range c.Variants {
		dir := DirectionOf(v.Diffs[i].Get(k).Years[h])
		byDir[dir] = append(byDir[dir], v.Variant)
	}
	n := len(c.Variants)
	if def == Unclear {
		s := name + ": the defaults cannot tell it from no difference"
		for _, dir := range []Direction{Up, Down} {
			if vs := byDir[dir]; len(vs) > 0 {
				s += fmt.Sprintf("; %s under %s", words[dir], strings.Join(vs, ", "))
			}
		}
		if len(byDir[Unclear]) == n {
			s += ", nor can any variant"
		}
		return s + "."
	}
	other := Up
	if def == Up {
		other = Down
	}
	same := len(byDir[def])
	if same == n {
		return fmt.Sprintf("%s: %s under the defaults and under all %d variants.", name, words[def], n)
	}
	s := fmt.Sprintf("%s: %s under the defaults and under %d of the %d variants", name, words[def], same, n)
	if vs := byDir[Unclear]; len(vs) > 0 {
		s += "; includes 0 under " + strings.Join(vs, ", ")
	}
	if vs := byDir[other]; len(vs) > 0 {
		s += "; REVERSES (" + words[other] + ") under " + strings.Join(vs, ", ")
	}
	return s + "."
}
