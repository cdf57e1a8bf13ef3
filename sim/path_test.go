package sim

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestPaths(t *testing.T) {
	paths := Paths()
	seen := map[string]bool{}
	for _, path := range paths {
		if seen[path] {
			t.Errorf("path %q listed twice", path)
		}
		seen[path] = true
	}
	for _, want := range []string{
		"start_year", "years", "transfers.subsidy.level", "transfers.dibao.no_labor_only",
		"population.size_weights", "welfare_posts.targeting", "monitoring.mix.health", "land.park_cost",
	} {
		if !seen[want] {
			t.Errorf("Paths() lacks %q", want)
		}
	}
	// One path per leaf field of Params, counted here without yaml tags.
	var leaves func(rt reflect.Type) int
	leaves = func(rt reflect.Type) int {
		n := 0
		for i := 0; i < rt.NumField(); i++ {
			if f := rt.Field(i); f.Type.Kind() == reflect.Struct {
				n += leaves(f.Type)
			} else if f.IsExported() {
				n++
			}
		}
		return n
	}
	if want := leaves(reflect.TypeOf(Params{})); len(paths) != want {
		t.Errorf("%d paths for %d parameters", len(paths), want)
	}
}

// asString formats a parameter value the way a command line gives it.
func asString(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	case []float64:
		s := make([]string, len(x))
		for i, f := range x {
			s[i] = strconv.FormatFloat(f, 'g', -1, 64)
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	panic("unexpected type " + reflect.TypeOf(v).String())
}

// TestGetSetRoundTrip: every path can be read and written back, as a Go value
// and as a string, leaving Default() unchanged; and a changed value reaches
// exactly that field.
func TestGetSetRoundTrip(t *testing.T) {
	def := Default()
	for _, path := range Paths() {
		p := Default()
		v, err := p.Get(path)
		if err != nil {
			t.Errorf("Get(%q): %v", path, err)
			continue
		}
		if err := p.Set(path, v); err != nil {
			t.Errorf("Set(%q, %v) with the value Get returned: %v", path, v, err)
		}
		if err := p.Set(path, asString(v)); err != nil {
			t.Errorf("Set(%q, %q): %v", path, asString(v), err)
		}
		if !reflect.DeepEqual(p, def) {
			t.Errorf("Get/Set round trip of %q changed the parameters", path)
		}

		// Change the value and read it back.
		var nv any
		switch x := v.(type) {
		case float64:
			nv = x + 0.25
		case int:
			nv = x + 1
		case bool:
			nv = !x
		case string:
			nv = x + "x"
		case []float64:
			nv = append(append([]float64(nil), x...), 0.5)
		}
		if err := p.Set(path, nv); err != nil {
			t.Errorf("Set(%q, %v): %v", path, nv, err)
			continue
		}
		if got, _ := p.Get(path); !reflect.DeepEqual(got, nv) {
			t.Errorf("Set(%q, %v) then Get gives %v", path, nv, got)
		}
		q := Default()
		if err := q.Set(path, nv); err != nil {
			t.Fatal(err)
		}
		for _, other := range Paths() {
			if other == path {
				continue
			}
			a, _ := q.Get(other)
			b, _ := def.Get(other)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("Set(%q) changed %q", path, other)
			}
		}
	}
}

// TestSetDoesNotAlias: a slice given to Set is copied, so changing it later
// does not change the parameters.
func TestSetDoesNotAlias(t *testing.T) {
	p := Default()
	w := []float64{1, 2, 3}
	if err := p.Set("population.size_weights", w); err != nil {
		t.Fatal(err)
	}
	w[0] = 99
	if p.Population.SizeWeights[0] != 1 {
		t.Error("Set keeps the caller's slice")
	}
	q := p.Clone()
	q.Population.SizeWeights[1] = 99
	if p.Population.SizeWeights[1] != 2 {
		t.Error("Clone shares size_weights")
	}
}

func TestSetAcceptedForms(t *testing.T) {
	cases := []struct {
		path  string
		value any
		want  any
	}{
		{"transfers.subsidy.level", 0, 0.0},
		{"transfers.subsidy.level", int64(2), 2.0},
		{"transfers.subsidy.level", float32(0.5), 0.5},
		{"transfers.subsidy.level", " 0.25 ", 0.25},
		{"years", 5.0, 5},
		{"years", "7", 7},
		{"years", "1e1", 10},
		{"monitoring.enabled", "false", false},
		{"monitoring.enabled", "TRUE", true},
		{"monitoring.enabled", "False", false},
		{"monitoring.enabled", true, true},
		{"population.size_weights", "[1, 2]", []float64{1, 2}},
		{"population.size_weights", "1,2,3", []float64{1, 2, 3}},
		{"population.size_weights", []any{1, 0.5}, []float64{1, 0.5}},
		{"welfare_posts.targeting", "any", "any"},
	}
	for _, c := range cases {
		p := Default()
		if err := p.Set(c.path, c.value); err != nil {
			t.Errorf("Set(%q, %#v): %v", c.path, c.value, err)
			continue
		}
		if got, _ := p.Get(c.path); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Set(%q, %#v) gives %#v, want %#v", c.path, c.value, got, c.want)
		}
	}
}

func TestSetUnknownPath(t *testing.T) {
	cases := []struct {
		path, key, where, suggest string
	}{
		{"transfers.subsidy.levl", "levl", "transfers.subsidy", "transfers.subsidy.level"},
		{"transfer.subsidy.level", "transfer", "the top level", "transfers.subsidy.level"},
		{"health.reimbursment", "reimbursment", "health", "health.reimbursement"},
		{"no.such.thing.at.all", "no", "the top level", ""},
		{"", "", "the top level", ""}, // suggestions are within 3 edits; the shortest path, "years", is 5 away
	}
	for _, c := range cases {
		p := Default()
		err := p.Set(c.path, 1)
		var up *UnknownPathError
		if !errors.As(err, &up) {
			t.Errorf("Set(%q): got %T %v, want *UnknownPathError", c.path, err, err)
			continue
		}
		if up.Path != c.path || up.Key != c.key || up.Where != c.where {
			t.Errorf("Set(%q): error %+v, want key %q in %q", c.path, *up, c.key, c.where)
		}
		if up.Suggest != c.suggest {
			t.Errorf("Set(%q): suggests %q, want %q", c.path, up.Suggest, c.suggest)
		}
		if c.suggest != "" && !strings.Contains(err.Error(), strconv.Quote(c.suggest)) {
			t.Errorf("Set(%q): error %q does not name the suggestion", c.path, err)
		}
		if _, gerr := p.Get(c.path); !errors.As(gerr, &up) {
			t.Errorf("Get(%q): %v, want *UnknownPathError", c.path, gerr)
		}
	}
}

func TestSetErrors(t *testing.T) {
	cases := []struct {
		path  string
		value any
		want  string // in the error
	}{
		{"transfers.subsidy.level", "abc", `want a number, got "abc"`},
		{"transfers.subsidy.level", true, "want a number"},
		{"transfers.subsidy.level", nil, "want a number"},
		{"years", 1.5, "want a whole number, got 1.5"},
		{"years", "2.5", "want a whole number"},
		{"years", math.NaN(), "want a whole number"},
		{"years", math.Inf(1), "want a whole number"},
		{"years", 1e300, "want a whole number"},
		{"monitoring.enabled", "maybe", `want true or false, got "maybe"`},
		// The spellings YAML 1.2 reads as text or numbers are not booleans
		// here either (parseBool): the same in --set, timelines and files.
		{"monitoring.enabled", "yes", `want true or false, got "yes"`},
		{"monitoring.enabled", "1", `want true or false, got "1"`},
		{"monitoring.enabled", "T", `want true or false, got "T"`},
		{"monitoring.enabled", 1, "want true or false"},
		{"welfare_posts.targeting", 3, "want a string"},
		{"population.size_weights", "", "want a list of numbers"},
		{"population.size_weights", "[1, x]", `want a number, got " x"`},
		{"population.size_weights", []any{1, "y"}, "item 1"},
		{"population.size_weights", 3, "want a list of numbers"},
		{"transfers.subsidy", 1, "group of parameters"},
		{"transfers", 1, "group of parameters"},
		{"years.more", 1, `"years" has no key "more"`},
	}
	for _, c := range cases {
		p := Default()
		err := p.Set(c.path, c.value)
		if err == nil {
			t.Errorf("Set(%q, %#v): no error", c.path, c.value)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("Set(%q, %#v): error %q, want it to contain %q", c.path, c.value, err, c.want)
		}
		if !reflect.DeepEqual(p, Default()) {
			t.Errorf("Set(%q, %#v) failed but changed the parameters", c.path, c.value)
		}
	}
}

func TestYearlyTimeline(t *testing.T) {
	p := Default()
	p.Population.Households = 1000
	cfg := Config{Params: p, Timeline: []Change{
		// Out of order on purpose: changes apply in order of year.
		{Year: 2026, Set: map[string]any{"transfers.subsidy.level": "0"}},
		{Year: 2024, Set: map[string]any{"transfers.subsidy.level": 0.5, "monitoring.detection": 0.9}},
		{Year: 2024, Set: map[string]any{"health.reimbursement": 0.7}},
	}}
	years, err := cfg.Yearly()
	if err != nil {
		t.Fatal(err)
	}
	if len(years) != p.Years {
		t.Fatalf("%d years, want %d", len(years), p.Years)
	}
	for i, y := range years {
		year := p.StartYear + i
		d := Default()
		level, det, reimb := 1.0, d.Monitoring.Detection, d.Health.Reimbursement
		if year >= 2024 {
			level, det, reimb = 0.5, 0.9, 0.7
		}
		if year >= 2026 {
			level = 0
		}
		if y.Transfers.Subsidy.Level != level || y.Monitoring.Detection != det || y.Health.Reimbursement != reimb {
			t.Errorf("%d: subsidy level %g, detection %g, reimbursement %g; want %g, %g, %g",
				year, y.Transfers.Subsidy.Level, y.Monitoring.Detection, y.Health.Reimbursement, level, det, reimb)
		}
	}
	if cfg.Params.Transfers.Subsidy.Level != 1 {
		t.Error("Yearly changed the config's parameters")
	}

	// The model reads each year's parameters: years before the first change
	// are those of the run without a timeline, the others differ.
	m := newModel(t, cfg)
	if m.Params(3).Transfers.Subsidy.Level != 0.5 || m.Years() != p.Years || m.Households() != 1000 {
		t.Errorf("Model: params(3) level %g, %d years, %d households", m.Params(3).Transfers.Subsidy.Level, m.Years(), m.Households())
	}
	a := m.Run(5, 0)
	b := newModel(t, Config{Params: p}).Run(5, 0)
	if !reflect.DeepEqual(a.Years[:3], b.Years[:3]) {
		t.Error("a timeline change in 2024 changed the years before 2024")
	}
	if a.Years[3].Cost[CostSubsidy] >= b.Years[3].Cost[CostSubsidy] || a.Years[5].Cost[CostSubsidy] != 0 {
		t.Errorf("subsidy cost 2024 %g (no timeline %g), 2026 %g (want 0)", a.Years[3].Cost[CostSubsidy], b.Years[3].Cost[CostSubsidy], a.Years[5].Cost[CostSubsidy])
	}
}

func TestYearlyRejects(t *testing.T) {
	cases := []struct {
		name   string
		change Change
		want   []string
	}{
		{"year before start", Change{Year: 2020, Set: map[string]any{"transfers.subsidy.level": 0}},
			[]string{"timeline", "2020", "2021–2030"}},
		{"year after end", Change{Year: 2031, Set: map[string]any{"transfers.subsidy.level": 0}},
			[]string{"timeline", "2031", "2021–2030"}},
		{"population", Change{Year: 2025, Set: map[string]any{"population.households": 5}},
			[]string{"timeline.population.households", "population and calendar are fixed"}},
		{"start year", Change{Year: 2025, Set: map[string]any{"start_year": 2022}},
			[]string{"timeline.start_year", "fixed"}},
		{"products", Change{Year: 2025, Set: map[string]any{"specialty.products": 3}},
			[]string{"timeline.specialty.products", "fixed"}},
		{"invalid value", Change{Year: 2025, Set: map[string]any{"health.reimbursement": 2}},
			[]string{"health.reimbursement", "got 2", "probability", "after the timeline change of 2025"}},
		{"unknown path", Change{Year: 2025, Set: map[string]any{"transfers.subsidy.levl": 0}},
			[]string{"timeline.transfers.subsidy.levl", `did you mean "transfers.subsidy.level"`}},
		{"bad type", Change{Year: 2025, Set: map[string]any{"monitoring.lag": 0.5}},
			[]string{"timeline.monitoring.lag", "whole number"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := Config{Params: Default(), Timeline: []Change{c.change}}
			_, err := cfg.Yearly()
			if err == nil {
				t.Fatal("accepted")
			}
			var errs Errors
			if !errors.As(err, &errs) {
				t.Errorf("error is %T, want Errors", err)
			}
			checkMentions(t, err.Error(), c.want...)
			if _, nerr := New(cfg); nerr == nil || nerr.Error() != err.Error() {
				t.Errorf("New gives %v, Yearly %v", nerr, err)
			}
		})
	}
}

// FuzzSet: Set and Get never panic, whatever the path and value; a failed
// Set leaves the parameters unchanged.
func FuzzSet(f *testing.F) {
	for _, s := range []struct{ path, value string }{
		{"transfers.subsidy.level", "0.5"},
		{"transfers.subsidy.levl", "1"},
		{"years", "1.5"},
		{"monitoring.enabled", "maybe"},
		{"population.size_weights", "[1, 2, x]"},
		{"population.size_weights", "[]"},
		{"transfers", "1"},
		{"", ""},
		{".", "NaN"},
		{"years..", "Inf"},
		{"welfare_posts.targeting", "\x00"},
		{"population.size_weights", ",,,"},
		{"start_year", "-1e308"},
	} {
		f.Add(s.path, s.value, 1.5, int64(3), true)
	}
	f.Fuzz(func(t *testing.T, path, value string, x float64, n int64, b bool) {
		for _, v := range []any{value, x, n, b, []any{x, value}, nil} {
			p := Default()
			before := p.Clone()
			if err := p.Set(path, v); err != nil && !reflect.DeepEqual(p, before) {
				t.Errorf("Set(%q, %#v) failed (%v) but changed the parameters", path, v, err)
			}
			if _, err := p.Get(path); err != nil {
				var up *UnknownPathError
				if errors.As(err, &up) {
					_ = up.Error()
				}
			}
		}
	})
}
