package analysis

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// VariantDiffs are a comparison's paired differences rerun under one of the
// model's variants (scenarios.Variants, docs/MODEL.md §8): settings the
// model's known misses leave open, applied to the defaults the scenarios
// inherit, with the same scenarios, seed and replications.
type VariantDiffs struct {
	Variant string   `json:"variant"`
	Why     string   `json:"why"`
	Set     []string `json:"set"`
	// NotApplied says why the variant was not run, or ran and changed
	// nothing: --set sets one of its parameters, a scenario sets some of
	// them, or the scenarios' own settings or a county's records fix what
	// it changes. Such a variant tests nothing and is left out of the
	// sentences; Diffs is empty when it was not run.
	NotApplied string `json:"not_applied,omitempty"`
	// Own are the alternatives that set the variant's parameters
	// themselves: under it they compare their own values with the
	// variant's, which is their lever, not a test of it.
	Own   []string      `json:"own,omitempty"`
	Diffs []Differences `json:"differences"`
}

// owns reports whether alternative name sets the variant's parameters.
func (v VariantDiffs) owns(name string) bool { return slices.Contains(v.Own, name) }

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
	for _, v := range c.Variants { // as many decimals as any variant's intervals need
		dec = max(dec, DecimalsFor(Comparison{Diffs: v.Diffs}, RegisteredReturn))
	}
	if c.Reps < 2 {
		fmt.Fprintln(w, "\nunder the model's variants: one replication gives no interval, so no direction can be read; run more (--reps)")
	}
	for i, d := range c.Diffs {
		fmt.Fprintf(w, "\n%s against %s in %d under the model's variants (docs/MODEL.md §8: settings its known misses leave open)\n",
			d.Scenario, c.Base, c.Years[h])
		rows := [][]string{{"variant", "Δ registered [95% CI]", "Δ income poverty [95% CI]"}}
		row := func(name string, d Differences) []string {
			return []string{name, ppCIDec(d.Get(RegisteredReturn).Years[h], dec), ppCIDec(d.Get(ReturnRate).Years[h], 2)}
		}
		rows = append(rows, row("(the defaults)", d))
		for _, v := range c.Variants {
			switch {
			case v.NotApplied != "":
				rows = append(rows, []string{v.Variant, "not applied: " + v.NotApplied})
			case v.owns(d.Scenario):
				r := row(v.Variant, v.Diffs[i])
				rows = append(rows, append(r, "(sets its parameters itself)"))
			default:
				rows = append(rows, row(v.Variant, v.Diffs[i]))
			}
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
	var own []string
	n := 0
	for _, v := range c.Variants {
		switch {
		case v.NotApplied != "":
			continue
		case v.owns(c.Diffs[i].Scenario):
			own = append(own, v.Variant)
			continue
		}
		n++
		dir := DirectionOf(v.Diffs[i].Get(k).Years[h])
		byDir[dir] = append(byDir[dir], v.Variant)
	}
	ownNote := ""
	if len(own) > 0 {
		ownNote = fmt.Sprintf(" (not counted: %s, under which it sets the variant's parameters itself)", strings.Join(own, ", "))
	}
	if def == Unclear {
		s := name + ": the defaults cannot tell it from no difference"
		for _, dir := range []Direction{Up, Down} {
			if vs := byDir[dir]; len(vs) > 0 {
				s += fmt.Sprintf("; %s under %s", words[dir], strings.Join(vs, ", "))
			}
		}
		if len(byDir[Unclear]) == n && n > 0 {
			s += ", nor can any variant"
		}
		return s + ownNote + "."
	}
	other := Up
	if def == Up {
		other = Down
	}
	same := len(byDir[def])
	switch {
	case n == 0:
		return fmt.Sprintf("%s: %s under the defaults; no variant tests it%s.", name, words[def], ownNote)
	case same == n && n == 1:
		return fmt.Sprintf("%s: %s under the defaults and under the one variant that tests it%s.", name, words[def], ownNote)
	case same == n:
		return fmt.Sprintf("%s: %s under the defaults and under all %d variants%s.", name, words[def], n, ownNote)
	}
	s := fmt.Sprintf("%s: %s under the defaults and under %d of the %d variants", name, words[def], same, n)
	if vs := byDir[Unclear]; len(vs) > 0 {
		s += "; includes 0 under " + strings.Join(vs, ", ")
	}
	if vs := byDir[other]; len(vs) > 0 {
		s += "; REVERSES (" + words[other] + ") under " + strings.Join(vs, ", ")
	}
	return s + ownNote + "."
}
