package calibrate

import (
	"fmt"
	"strings"
	"sync"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

// Statistic reads one number off one replication over the simulated years
// with indices first…last (0 is the start year); ok is false where it is
// undefined (a share of no households).
type Statistic func(r *sim.Result, first, last int) (v float64, ok bool)

var registry = struct {
	sync.RWMutex
	m map[string]Statistic
}{m: map[string]Statistic{}}

// Register adds an outcome a targets file may name, or replaces one: a
// statistic over a span of years that the yearly outcomes cannot express,
// such as a share of sums (returns over a span of formerly poor
// household-years). A name with a household type is "NAME.TYPE".
func Register(name string, s Statistic) {
	registry.Lock()
	defer registry.Unlock()
	registry.m[name] = s
}

// Lookup finds the statistic of an outcome for a household type (typ
// empty: overall). A registered statistic comes first; otherwise any
// outcome povsim reports by year (analysis.ParseOutcome) is read as the
// mean of its yearly values over the span, over the years where it is
// defined.
func Lookup(outcome, typ string) (Statistic, error) {
	name := outcome + typeSuffix(typ)
	if st, ok := find(name); ok {
		return st, nil
	}
	if typ != "" {
		if _, ok := find(outcome); ok {
			return nil, fmt.Errorf("an outcome povsim breaks down by household type (%s has no type %q; its types: %s)",
				outcome, typ, strings.Join(typesOf(outcome), ", "))
		}
	}
	_, err := analysis.ParseOutcome(name)
	if err == nil { // known, but not measured on one scenario's years
		return nil, fmt.Errorf("an outcome measured on one scenario's years (%s compares two scenarios)", name)
	}
	msg := strings.TrimPrefix(err.Error(), fmt.Sprintf("unknown outcome %q", name))
	return nil, fmt.Errorf("an outcome povsim reports%s", strings.Replace(msg, "; known outcomes: ", "; known: ", 1))
}

// find looks a statistic up by its full name: registered ones first, then
// povsim's yearly outcomes.
func find(name string) (Statistic, bool) {
	registry.RLock()
	s, ok := registry.m[name]
	registry.RUnlock()
	if ok {
		return s, true
	}
	if k, err := analysis.ParseOutcome(name); err == nil && k.Yearly() {
		return yearlyMean(k), true
	}
	return nil, false
}

// bound is the range of the target's statistic, where the model's
// interval stops (docs/MODEL.md §6): a yearly outcome's mean over the span
// has the outcome's bound; a registered statistic has none.
func (t Target) bound() analysis.Bound {
	name := t.Outcome + typeSuffix(t.Type)
	registry.RLock()
	_, registered := registry.m[name]
	registry.RUnlock()
	if k, err := analysis.ParseOutcome(name); err == nil && !registered {
		return k.Bound()
	}
	return analysis.Unbounded
}

// typesOf lists the household types an outcome is broken down by.
func typesOf(outcome string) []string {
	var out []string
	for t := sim.Type(0); t < sim.NumTypes; t++ {
		if _, ok := find(outcome + "." + t.String()); ok {
			out = append(out, t.String())
		}
	}
	if len(out) == 0 {
		return []string{"none"}
	}
	return out
}

func yearlyMean(o analysis.OutcomeKey) Statistic {
	return func(r *sim.Result, first, last int) (float64, bool) {
		s, n := 0.0, 0
		for t := first; t <= last; t++ {
			if v, ok := o.Value(r.Years, t); ok {
				s += v
				n++
			}
		}
		if n == 0 {
			return 0, false
		}
		return s / float64(n), true
	}
}
