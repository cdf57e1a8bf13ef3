package report

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// Change is one parameter that differs between two scenarios over a run
// of years in which both keep the same values. The run may start in the
// year before the first (YearBefore): the year the households are drawn
// on and warmed up in (sim.Config.Before), which the results do not show.
type Change struct {
	Path       string // dotted parameter path, e.g. transfers.subsidy.level
	Years      string // "all years", "from 2026", "2023–2025", "2024", "2020, the year before the first", "2020 (the year before) and 2021–2030" …
	Base       string // value in the base scenario
	Alt        string // value in the alternative
	YearBefore bool   // the run starts in the year before the first
}

// ConfigDiff lists, parameter by parameter (in sim.Paths order) and year by
// year, where two resolved scenarios differ: the year before the first
// (their before: settings, or inherited ones, on their starting
// parameters), their starting parameters and the effect of their
// timelines. Metadata (name, description) is not compared.
func ConfigDiff(base, alt analysis.ScenarioRecord) ([]Change, error) {
	by, err := yearly(base)
	if err != nil {
		return nil, err
	}
	ay, err := yearly(alt)
	if err != nil {
		return nil, err
	}
	if len(by) != len(ay) || by[1].StartYear != ay[1].StartYear {
		return nil, fmt.Errorf("%s and %s do not simulate the same years", base.Name, alt.Name)
	}
	start, n := by[1].StartYear, len(by)-1
	var out []Change
	for _, path := range sim.Paths() {
		var run *Change
		var runFrom int
		var runBase, runAlt any
		flush := func(end int) { // indexes runFrom … end−1 (0 is the year before)
			if run == nil {
				return
			}
			run.Years, run.YearBefore = yearsText(start, n, runFrom-1, end-1), runFrom == 0
			out = append(out, *run)
			run = nil
		}
		for t := range n + 1 {
			bv, _ := by[t].Get(path)
			av, _ := ay[t].Get(path)
			if reflect.DeepEqual(bv, av) {
				flush(t)
				continue
			}
			if run != nil && reflect.DeepEqual(bv, runBase) && reflect.DeepEqual(av, runAlt) {
				continue
			}
			flush(t)
			run = &Change{Path: path, Base: valueText(bv), Alt: valueText(av)}
			runFrom, runBase, runAlt = t, bv, av
		}
		flush(n + 1)
	}
	return out, nil
}

// yearly is a resolved scenario's parameters of the year before the first,
// then of each simulated year.
func yearly(r analysis.ScenarioRecord) ([]sim.Params, error) {
	sc, err := scenarios.Parse(r.Name, []byte(r.Resolved))
	if err != nil {
		return nil, fmt.Errorf("resolved scenario %s: %w", r.Name, err)
	}
	years, err := sc.Config.Yearly()
	if err != nil {
		return nil, fmt.Errorf("resolved scenario %s: %w", r.Name, err)
	}
	before, err := sc.Config.YearBefore()
	if err != nil {
		return nil, fmt.Errorf("resolved scenario %s: %w", r.Name, err)
	}
	return append([]sim.Params{before}, years...), nil
}

// yearsText describes simulated years from … to−1 of a run of n years
// starting in start; from −1 is the year before the first.
func yearsText(start, n, from, to int) string {
	y0, y1 := start+from, start+to-1
	switch {
	case from == -1 && to == 0:
		return fmt.Sprintf("%d, the year before the first", y0)
	case from == -1 && to == n && n == 1:
		return fmt.Sprintf("%d (the year before) and %d", y0, start)
	case from == -1 && to == n:
		return fmt.Sprintf("%d (the year before) and %d–%d", y0, start, start+n-1)
	case from == -1:
		return fmt.Sprintf("%d (the year before) to %d", y0, y1)
	case from == 0 && to == n:
		return "all years"
	case to == n:
		return fmt.Sprintf("from %d", y0)
	case y0 == y1:
		return strconv.Itoa(y0)
	}
	return fmt.Sprintf("%d–%d", y0, y1)
}

func valueText(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []float64:
		parts := make([]string, len(x))
		for i, f := range x {
			parts[i] = strconv.FormatFloat(f, 'g', -1, 64)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case bool:
		if x {
			return "on"
		}
		return "off"
	}
	return fmt.Sprint(v)
}
