package chart

import (
	"errors"
	"fmt"
	"math"
)

// Errors returned by the chart functions wrap one of these, so callers can
// tell them apart with errors.Is; the message names the series and index.
var (
	// ErrEmpty: no series, no points, no bars.
	ErrEmpty = errors.New("no data")
	// ErrLength: slices that must have the same length do not.
	ErrLength = errors.New("mismatched lengths")
	// ErrNotFinite: a value is NaN or infinite.
	ErrNotFinite = errors.New("value not finite")
	// ErrInvalid: other unusable input (interval with Lo > Hi, X not
	// increasing, a survival probability outside [0, 1], a duplicate
	// bar, too many series, ...).
	ErrInvalid = errors.New("invalid input")
	// ErrFormat: Render or Save was asked for a format it cannot write.
	ErrFormat = errors.New("unknown format")
)

// seriesID names series i in error messages.
func seriesID(i int, name string) string {
	if name == "" {
		return fmt.Sprintf("series #%d (unnamed)", i)
	}
	return fmt.Sprintf("series %q", name)
}

// finite returns an error naming field[i] if a value of vals is NaN or
// infinite.
func finite(field string, vals []float64) error {
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: %s[%d] is %v", ErrNotFinite, field, i, v)
		}
	}
	return nil
}

// checkBands validates line-chart series. unit01 requires every value in
// [0, 1] (survival probabilities).
func checkBands(chart string, series []Band, unit01 bool) error {
	if len(series) == 0 {
		return fmt.Errorf("chart: %s: %w: no series", chart, ErrEmpty)
	}
	if len(series) > MaxSeries {
		return fmt.Errorf("chart: %s: %w: %d series, at most %d can be told apart", chart, ErrInvalid, len(series), MaxSeries)
	}
	for i, s := range series {
		if err := checkBand(s, unit01); err != nil {
			return fmt.Errorf("chart: %s: %s: %w", chart, seriesID(i, s.Name), err)
		}
	}
	return nil
}

func checkBand(s Band, unit01 bool) error {
	n := len(s.X)
	if n == 0 {
		return fmt.Errorf("%w: no points (X is empty)", ErrEmpty)
	}
	if len(s.Mean) != n {
		return fmt.Errorf("%w: len(Mean) = %d, len(X) = %d", ErrLength, len(s.Mean), n)
	}
	band := len(s.Lo) > 0 || len(s.Hi) > 0
	if band {
		for _, f := range []struct {
			name string
			v    []float64
		}{{"Lo", s.Lo}, {"Hi", s.Hi}} {
			if len(f.v) != n {
				hint := ""
				if len(f.v) == 0 {
					hint = " (give both Lo and Hi, or neither)"
				}
				return fmt.Errorf("%w: len(%s) = %d, len(X) = %d%s", ErrLength, f.name, len(f.v), n, hint)
			}
		}
	}
	for _, f := range []struct {
		name string
		v    []float64
	}{{"X", s.X}, {"Mean", s.Mean}, {"Lo", s.Lo}, {"Hi", s.Hi}} {
		if err := finite(f.name, f.v); err != nil {
			return err
		}
	}
	for i := 1; i < n; i++ {
		if s.X[i] <= s.X[i-1] {
			return fmt.Errorf("%w: X must increase, but X[%d] = %v after X[%d] = %v", ErrInvalid, i, s.X[i], i-1, s.X[i-1])
		}
	}
	if band {
		for i := range n {
			if s.Lo[i] > s.Hi[i] {
				return fmt.Errorf("%w: Lo[%d] = %v is above Hi[%d] = %v", ErrInvalid, i, s.Lo[i], i, s.Hi[i])
			}
		}
	}
	if unit01 {
		for _, f := range []struct {
			name string
			v    []float64
		}{{"Mean", s.Mean}, {"Lo", s.Lo}, {"Hi", s.Hi}} {
			for i, v := range f.v {
				if v < 0 || v > 1 {
					return fmt.Errorf("%w: %s[%d] = %v is outside [0, 1]", ErrInvalid, f.name, i, v)
				}
			}
		}
	}
	return nil
}
