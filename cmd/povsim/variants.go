package main

import (
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

// simulateVariants reruns the comparison of refs (refs[0] the base) under
// each of the model's variants (scenarios.Variants), with the flags'
// settings and reps replications, and returns the paired differences of
// each run.
func (f *compareFlags) simulateVariants(cmd *cobra.Command, e *env, refs []string, reps int) ([]analysis.VariantDiffs, error) {
	vs := scenarios.Variants()
	done, finish := progress(e, reps*len(refs)*len(vs), "variants")
	defer finish()
	out := make([]analysis.VariantDiffs, 0, len(vs))
	for _, v := range vs {
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
		out = append(out, analysis.VariantDiffs{Variant: v.Name, Why: v.Why, Set: v.Set, Diffs: analysis.Compare(names, res, false).Diffs})
	}
	return out, nil
}
