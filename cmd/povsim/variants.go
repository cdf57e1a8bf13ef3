package main

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/calibrate"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
	"github.com/spf13/cobra"
)

// readVariants reads --variants, which reruns the comparison on the
// defaults each variant sets: not on parameter draws, and not into CSV,
// whose one table has no place for them.
func (f *compareFlags) readVariants(l *layered) error {
	f.variants = l.GetBool("variants")
	if !f.variants {
		return nil
	}
	if f.draws != "" && f.draws != calibrate.NoDraws {
		return l.refuse("variants", "no --variants with --draws "+f.draws+": a variant sets parameters the draws may draw (run them apart)")
	}
	if f.format == analysis.FormatCSV {
		return l.refuse("variants", "--format table or json: the CSV's one table has no place for the variants")
	}
	return nil
}

// simulateVariants reruns the comparison of refs (refs[0] the base;
// plain, the same scenarios loaded as the comparison ran them) under each
// of the model's variants (scenarios.Variants), with the flags' settings
// and reps replications, and returns the paired differences of each run.
// A variant tests nothing, and says why, when --set sets one of its
// parameters, when a scenario sets some of them but not all (the mix
// would be neither the scenario's nor the variant's), or when it changes
// no result (the scenarios or a county's records fix what it changes);
// the alternatives that set all its parameters themselves are named.
func (f *compareFlags) simulateVariants(cmd *cobra.Command, e *env, refs []string, plain []*scenarios.Scenario, base []analysis.Differences, reps int) ([]analysis.VariantDiffs, error) {
	vs := scenarios.Variants()
	done, finish := progress(e, reps*len(refs)*len(vs), "variants")
	defer finish()
	out := make([]analysis.VariantDiffs, 0, len(vs))
	for _, v := range vs {
		vd := analysis.VariantDiffs{Variant: v.Name, Why: v.Why, Set: v.Set}
		why, own, err := f.applicable(v, plain)
		if err != nil {
			return nil, err
		}
		if why != "" {
			vd.NotApplied = why
			out = append(out, vd)
			continue
		}
		vd.Own = own
		if vd.Diffs, err = f.simulateVariant(cmd, v, refs, reps, done); err != nil {
			return nil, err
		}
		if reflect.DeepEqual(vd.Diffs, base) {
			vd.NotApplied = "it changes no result here (the scenarios or a county's records fix what it changes)"
		}
		out = append(out, vd)
	}
	return out, nil
}

// simulateVariant runs refs under v and returns their paired differences.
func (f *compareFlags) simulateVariant(cmd *cobra.Command, v scenarios.Variant, refs []string, reps int, done func()) ([]analysis.Differences, error) {
	l, err := v.Loader()
	if err != nil {
		return nil, err
	}
	names := make([]string, len(refs))
	models := make([]*sim.Model, len(refs))
	for i, ref := range refs {
		sc, err := f.loadWith(l, ref)
		if err != nil {
			return nil, err
		}
		if models[i], err = sim.New(sc.Config); err != nil {
			return nil, err
		}
		names[i] = sc.Name
	}
	opt := analysis.Options{Reps: reps, Seed: f.seed, Workers: f.workers, Done: done}
	res, _, err := analysis.CompareModels(cmd.Context(), models, analysis.CompareOptions{Options: opt})
	if err != nil {
		return nil, err
	}
	return analysis.Compare(names, res, false).Diffs, nil
}

// applicable says why v cannot be applied to the scenarios plain ("" when
// it can) and names the alternatives that set all its parameters
// themselves.
func (f *compareFlags) applicable(v scenarios.Variant, plain []*scenarios.Scenario) (string, []string, error) {
	paths := v.Paths()
	for _, kv := range f.set {
		p, _, _ := strings.Cut(kv, "=")
		if slices.Contains(paths, strings.TrimSpace(p)) {
			return "--set " + strings.TrimSpace(kv) + " sets its parameter", nil, nil
		}
	}
	var own []string
	for i, sc := range plain {
		set, err := setsOf(sc.Config, paths)
		if err != nil {
			return "", nil, err
		}
		switch {
		case len(set) > 0 && len(set) < len(paths):
			return fmt.Sprintf("%s sets %s, which the variant sets together with %s", sc.Name, strings.Join(set, ", "), strings.Join(paths, ", ")), nil, nil
		case len(set) > 0 && i > 0:
			own = append(own, sc.Name)
		}
	}
	return "", own, nil
}

// setsOf lists the paths whose value in c differs from the model's
// default in the year before the first or in any simulated year: those
// the scenario sets.
func setsOf(c sim.Config, paths []string) ([]string, error) {
	years, err := yearsThrough(c, math.MaxInt) // run.go: the year before and every simulated year
	if err != nil {
		return nil, err
	}
	def := sim.Default()
	var out []string
	for _, path := range paths {
		want, err := def.Get(path)
		if err != nil {
			return nil, err
		}
		for _, p := range years {
			if got, _ := p.Get(path); !reflect.DeepEqual(got, want) {
				out = append(out, path)
				break
			}
		}
	}
	return out, nil
}
