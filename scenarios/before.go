package scenarios

import (
	"fmt"
	"maps"
	"reflect"
	"sort"

	"github.com/povsim/povsim/sim"
)

// inheritedBefore is the warm-up's settings (sim.Config.Before) of a
// scenario that extends base and starts on p: base's own, and base's
// starting value of every other parameter p sets otherwise. A scenario's
// own settings start in its first year; the year before runs on what they
// replaced, so that the scenario and the one it extends (and the one that
// extends, down to the root) start from the same households' last incomes.
func inheritedBefore(base sim.Config, p sim.Params) map[string]any {
	out := maps.Clone(base.Before)
	was := base.Params.Clone()
	for _, path := range sim.Paths() {
		if _, held := out[path]; held || sim.FixedPath(path) {
			continue
		}
		old, err1 := was.Get(path)
		now, err2 := p.Get(path)
		if err1 != nil || err2 != nil || reflect.DeepEqual(old, now) {
			continue
		}
		if out == nil {
			out = map[string]any{}
		}
		out[path] = old
	}
	return out
}

// explicitBefore checks a file's before: entries against its starting
// parameters p and returns them as the parameters' own types (so that a
// scenario's resolved YAML loads to the same Config), with a problem for
// each unknown path, fixed path or value of the wrong kind.
func explicitBefore(set map[string]any, p sim.Params, lines map[string]int) (map[string]any, []Problem) {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string]any, len(set))
	var problems []Problem
	for _, k := range keys {
		key, v := "before."+k, set[k]
		if pr, bad := setterProblem(p, key, k, v, lines); bad {
			problems = append(problems, pr)
			continue
		}
		if sim.FixedPath(k) {
			problems = append(problems, Problem{Line: lines[key], Key: key, Value: fmt.Sprint(v),
				Want: "a parameter that may differ in the year before the first (population and calendar are fixed)"})
			continue
		}
		probe := p.Clone()
		probe.Set(k, v) // checked by setterProblem
		out[k], _ = probe.Get(k)
	}
	return out, problems
}

// resolveBefore is the Before of a scenario starting on p: inherited's
// settings, then the file's own (which override them), without those
// that equal the starting value (they change nothing); nil if none is left.
func resolveBefore(inherited, own map[string]any, p sim.Params) map[string]any {
	out := maps.Clone(inherited)
	if len(own) > 0 && out == nil {
		out = map[string]any{}
	}
	maps.Copy(out, own)
	for k, v := range out {
		if now, err := p.Get(k); err == nil && reflect.DeepEqual(now, v) {
			delete(out, k)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
