package scenarios

import (
	"fmt"
	"sort"
	"strings"

	"github.com/povsim/povsim/internal/yamlerr"
	"github.com/povsim/povsim/sim"
	"go.yaml.in/yaml/v3"
)

// YAML renders the scenario resolved: every parameter, the warm-up year's
// settings where they differ from the first year's (before:, in order of
// their paths) and the whole timeline, with no extends. Loading the result
// gives the same Config, so it is what a run's provenance keeps to
// reproduce the run.
func (s *Scenario) YAML() ([]byte, error) {
	type out struct {
		Name        string  `yaml:"name"`
		Description string  `yaml:"description,omitempty"`
		Seed        string  `yaml:"seed,omitempty"`
		Expect      *Expect `yaml:"expect,omitempty"`
		sim.Params  `yaml:",inline"`
		Before      map[string]any `yaml:"before,omitempty"`
		Timeline    []change       `yaml:"timeline,omitempty"`
	}
	o := out{Name: s.Name, Description: s.Description, Seed: s.Seed, Params: s.Config.Params, Before: s.Config.Before}
	if s.Expect != (Expect{}) {
		o.Expect = &s.Expect
	}
	for _, c := range s.Config.Timeline {
		o.Timeline = append(o.Timeline, change{Year: c.Year, Set: c.Set})
	}
	return yaml.Marshal(o)
}

// Override applies command-line settings "path=value" to the scenario's
// starting parameters (timeline changes still apply from their years) and
// validates the result. A setting holds from the year before the first on
// (sim.Config.Set): it replaces the scenario's before: setting of its path.
// Errors name the setting as given, after origin (where the settings were
// given: "--set").
func (s *Scenario) Override(origin string, sets []string) error {
	return s.OverrideFrom(origin, nil, sets)
}

// OverrideFrom is Override naming each setting where it was given, where(i)
// for sets[i] (a file's line: "flags.yaml:4: set[1]"); origin names them
// together, in the problems of the model they make, and each of them when
// where is nil.
func (s *Scenario) OverrideFrom(origin string, where func(i int) string, sets []string) error {
	cfg := sim.Config{Params: s.Config.Params.Clone(), Timeline: s.Config.Timeline, Before: s.Config.Before}
	var problems []string
	for i, kv := range sets {
		at := origin
		if where != nil {
			at = where(i)
		}
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			problems = append(problems, fmt.Sprintf("%s %q: want PATH=VALUE, e.g. transfers.subsidy.level=0.5", at, kv))
			continue
		}
		v = strings.TrimSpace(v)
		if !balanced(v) {
			problems = append(problems, fmt.Sprintf("%s %s: want a list written [a, b, …] with its brackets closed, or a single value", at, kv))
			continue
		}
		if err := cfg.Set(k, v); err != nil {
			problems = append(problems, fmt.Sprintf("%s %s: want %s", at, kv, yamlerr.ParamWant(err)))
		}
	}
	if len(problems) == 0 {
		if _, err := sim.New(cfg); err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				problems = append(problems, fmt.Sprintf("%s (scenario %s): %s", origin, s.Name, line))
			}
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	s.Config.Params, s.Config.Before = cfg.Params, cfg.Before
	return nil
}

// balanced reports whether a --set value's brackets pair up: sim reads
// "[1,2" as the list it would be if closed.
func balanced(v string) bool {
	depth := 0
	for _, c := range v {
		switch c {
		case '[':
			depth++
		case ']':
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}
