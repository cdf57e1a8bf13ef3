package sensitivity

import (
	"errors"
	"fmt"
	"math"
)

// Sentinel errors. Errors returned by this package wrap one of these, so
// callers can test for a class of problem with errors.Is while the message
// still names the offending factor, point or argument.
var (
	// ErrNoFactors is returned when a design or analysis has no factors.
	ErrNoFactors = errors.New("sensitivity: no factors")
	// ErrFactor is returned for an invalid factor definition: empty or
	// duplicate name, Min >= Max, non-finite bounds or levels, or duplicate
	// levels.
	ErrFactor = errors.New("sensitivity: invalid factor")
	// ErrSize is returned for an invalid sample size, number of
	// trajectories, number of levels or number of bootstrap resamples.
	ErrSize = errors.New("sensitivity: invalid size")
	// ErrDesign is returned when an analysis is given a design of the wrong
	// kind or one whose points are inconsistent with its metadata.
	ErrDesign = errors.New("sensitivity: invalid design")
	// ErrOutput is returned when model outputs have the wrong length or
	// contain NaN or ±Inf, or when they carry no information (zero variance).
	ErrOutput = errors.New("sensitivity: invalid model output")
)

// Factor is one swept model parameter.
//
// A factor is either continuous, over the closed range [Min, Max], or
// discrete, taking exactly the values in Levels. Only [Grid] uses Levels;
// the sampling designs ([LatinHypercube], [Saltelli], [Morris]) always use
// [Min, Max] and ignore Levels. A factor with a non-empty Levels slice does
// not need Min and Max unless it is used in a sampling design.
type Factor struct {
	Name     string
	Min, Max float64
	Levels   []float64
}

// discrete reports whether f has explicit levels.
func (f Factor) discrete() bool { return len(f.Levels) > 0 }

// scale maps u in [0, 1] to the factor range, returning Min and Max exactly
// at the ends.
func (f Factor) scale(u float64) float64 {
	switch u {
	case 0:
		return f.Min
	case 1:
		return f.Max
	}
	return f.Min + u*(f.Max-f.Min)
}

// checkNames rejects an empty factor list and empty or duplicate names.
func checkNames(factors []Factor) error {
	if len(factors) == 0 {
		return ErrNoFactors
	}
	seen := make(map[string]int, len(factors))
	for i, f := range factors {
		if f.Name == "" {
			return fmt.Errorf("%w: factor %d has an empty name", ErrFactor, i)
		}
		if j, ok := seen[f.Name]; ok {
			return fmt.Errorf("%w: factors %d and %d are both named %q", ErrFactor, j, i, f.Name)
		}
		seen[f.Name] = i
	}
	return nil
}

// checkRange validates the continuous range of f.
func checkRange(f Factor) error {
	if math.IsNaN(f.Min) || math.IsInf(f.Min, 0) || math.IsNaN(f.Max) || math.IsInf(f.Max, 0) {
		return fmt.Errorf("%w: factor %q has non-finite range [%v, %v]", ErrFactor, f.Name, f.Min, f.Max)
	}
	if f.Min >= f.Max {
		return fmt.Errorf("%w: factor %q has Min %v >= Max %v", ErrFactor, f.Name, f.Min, f.Max)
	}
	if math.IsInf(f.Max-f.Min, 0) {
		return fmt.Errorf("%w: factor %q range [%v, %v] overflows float64", ErrFactor, f.Name, f.Min, f.Max)
	}
	return nil
}

// checkLevels validates the discrete levels of f.
func checkLevels(f Factor) error {
	seen := make(map[float64]bool, len(f.Levels))
	for i, v := range f.Levels {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: factor %q level %d is %v", ErrFactor, f.Name, i, v)
		}
		if seen[v] {
			return fmt.Errorf("%w: factor %q has duplicate level %v", ErrFactor, f.Name, v)
		}
		seen[v] = true
	}
	return nil
}

// checkContinuous validates factors for a sampling design, which uses the
// [Min, Max] range of every factor.
func checkContinuous(factors []Factor) error {
	if err := checkNames(factors); err != nil {
		return err
	}
	for _, f := range factors {
		if err := checkRange(f); err != nil {
			return err
		}
	}
	return nil
}

// cloneFactors returns a deep copy so a Design does not alias the caller's
// slices.
func cloneFactors(factors []Factor) []Factor {
	out := make([]Factor, len(factors))
	for i, f := range factors {
		out[i] = f
		if f.Levels != nil {
			out[i].Levels = append([]float64(nil), f.Levels...)
		}
	}
	return out
}
