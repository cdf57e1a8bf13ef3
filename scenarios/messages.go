package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/povsim/povsim/internal/textdist"
	"github.com/povsim/povsim/internal/yamlerr"
	"github.com/povsim/povsim/sim"
	"go.yaml.in/yaml/v3"
)

// topKeys are the keys a scenario file may have at the top level: its own
// (name, extends, timeline, …) and the parameters' groups and top-level
// parameters.
func topKeys() []string {
	var out []string
	t := reflect.TypeOf(file{})
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name != "" {
			out = append(out, name)
		}
	}
	for _, p := range sim.Paths() {
		first, _, _ := strings.Cut(p, ".")
		if !slices.Contains(out, first) {
			out = append(out, first)
		}
	}
	return out
}

// closeEnough is the distance below which a known name is suggested for a
// misspelled one: a third of its length, at least 2.
func closeEnough(name string) int { return max(2, 1+len(name)/3) }

// unknownKey suggests a known key for a misspelled one (see yamlerr.Unknown):
// at the top level the nearest top-level key, else (or failing that) the
// nearest parameter path.
func unknownKey(path, key, _ string) (string, []string) {
	if path == key && !strings.Contains(key, ".") {
		if s := textdist.Closest(key, topKeys(), closeEnough(key)); s != "" {
			return s, nil
		}
	}
	return suggestKey(path), nil
}

// dottedTopLevel rewrites the problem of a top-level key written as a
// dotted parameter path (--set's syntax) to say how to write it: nested,
// or in a timeline entry's set:.
func dottedTopLevel(doc *yaml.Node, problems []Problem) {
	for i, p := range problems {
		if !strings.Contains(p.Key, ".") {
			continue
		}
		for j := 0; j+1 < len(doc.Content); j += 2 {
			k, v := doc.Content[j], doc.Content[j+1]
			if k.Value != p.Key || k.Line != p.Line {
				continue
			}
			val := "…"
			if v.Kind == yaml.ScalarNode && v.Value != "" {
				val = v.Value
			}
			parts := strings.Split(p.Key, ".")
			nested := val
			for n := len(parts) - 1; n >= 1; n-- {
				nested = "{" + parts[n] + ": " + nested + "}"
			}
			want := fmt.Sprintf("it nested, %s: %s, or, to change it from a year on, under a timeline entry's set: as %s: %s "+
				"(a dotted path is the syntax of --set, set: and before:, not of the top level)", parts[0], nested, p.Key, val)
			if s := suggestKey(p.Key); s != "" {
				want += fmt.Sprintf(" (did you mean %q?)", s)
			}
			problems[i].Want = want
		}
	}
}

// setProblem is the problem of the setting k: v of a timeline entry's set:
// or of before: (key is its dotted path in the file), which Params.Set
// refused with err. A mapping is told that these take dotted paths; an
// unknown path, that the key is unknown (its value is not the problem).
func setProblem(key, k string, v any, err error, lines map[string]int) Problem {
	p := Problem{Line: lines[key], Key: key}
	section := "set:"
	if strings.HasPrefix(key, "before.") {
		section = "before:"
	}
	var up *sim.UnknownPathError
	switch m, isMap := v.(map[string]any); {
	case isMap:
		leaf, val := k, any(m)
		for {
			mm, ok := val.(map[string]any)
			if !ok || len(mm) == 0 {
				break
			}
			first := slices.Sorted(maps.Keys(mm))[0]
			leaf, val = leaf+"."+first, mm[first]
		}
		shown := "…"
		switch val.(type) {
		case map[string]any, []any, nil:
		default:
			shown = fmt.Sprint(val)
		}
		p.Value = "a mapping"
		p.Want = fmt.Sprintf("a value: %s takes dotted paths, e.g. %s: %s", section, leaf, shown)
	case errors.As(err, &up):
		p.Want = fmt.Sprintf("a known parameter (%q is unknown: no key %q in %s", up.Path, up.Key, up.Where)
		if up.Suggest != "" {
			p.Want += fmt.Sprintf("; did you mean %q?", up.Suggest)
		}
		p.Want += ")"
	default:
		p.Value, p.Want = fmt.Sprint(v), wantOnly(yamlerr.ParamWant(err), v)
	}
	return p
}

// libraryNames are the names of the embedded scenarios.
func libraryNames() []string {
	files, _ := fs.Glob(library, "library/*.yaml")
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = strings.TrimSuffix(path.Base(f), ".yaml")
	}
	return out
}

// noScenario is the error of a reference that names no file and no
// library scenario, with the nearest library name as a suggestion.
func noScenario(ref string) error {
	hint := "try `povsim scenarios list`"
	if s := textdist.Closest(ref, libraryNames(), closeEnough(ref)); s != "" {
		hint = fmt.Sprintf("did you mean %q? `povsim scenarios list` lists them", s)
	}
	return fmt.Errorf("scenario %q: no such file, and no library scenario of that name (%s)", ref, hint)
}

// timelineProblems checks a file's own timeline entries on the starting
// parameters p (see entryProblems); decoded are the problems decoding
// found, whose keys it does not report again. If all are right, it
// resolves the whole timeline (inherited, the scenario extended's, then
// own) year by year as sim does, and reports each parameter a change
// leaves invalid once, at the entry and key that set it, with the
// change's year.
func timelineProblems(p sim.Params, inherited []sim.Change, own []change, lines map[string]int, decoded []Problem) []Problem {
	var out []Problem
	for i, ch := range own {
		out = append(out, entryProblems(p, i, ch, lines, decoded)...)
	}
	if len(out) > 0 {
		return out
	}
	return resolveProblems(p, inherited, own, lines)
}

// entryProblems checks timeline entry i: its year within the simulated
// years (unless decoding reported it), some setting, every key a
// parameter that may change, every value of its kind.
func entryProblems(p sim.Params, i int, ch change, lines map[string]int, decoded []Problem) []Problem {
	var out []Problem
	at := func(k string) string { return fmt.Sprintf("timeline[%d].set.%s", i, k) }
	year := fmt.Sprintf("timeline[%d].year", i)
	if first, last := p.StartYear, p.StartYear+p.Years-1; (ch.Year < first || ch.Year > last) && !hasKey(decoded, year) {
		out = append(out, Problem{Line: lines[year], Key: year,
			Value: fmt.Sprint(ch.Year), Want: fmt.Sprintf("a year within the simulated years %d–%d", first, last)})
	}
	if len(ch.Set) == 0 {
		out = append(out, Problem{Line: lines[fmt.Sprintf("timeline[%d]", i)], Key: fmt.Sprintf("timeline[%d].set", i),
			Want: "at least one parameter to change"})
	}
	for _, k := range slices.Sorted(maps.Keys(ch.Set)) {
		if pr, bad := setterProblem(p, at(k), k, ch.Set[k], lines); bad {
			out = append(out, pr)
		} else if sim.FixedPath(k) {
			out = append(out, Problem{Line: lines[at(k)], Key: at(k), Value: fmt.Sprint(ch.Set[k]),
				Want: "a parameter that may change over time (population and calendar are fixed)"})
		}
	}
	return out
}

// setterProblem is the problem of setting path k to v (from a timeline
// entry or before:, under key) on p: a value Params.Set refuses, or one
// YAML read as text ("0", "true") for a parameter that is a number or a
// boolean, which the top level refuses too.
func setterProblem(p sim.Params, key, k string, v any, lines map[string]int) (Problem, bool) {
	probe := p.Clone()
	if err := probe.Set(k, v); err != nil {
		return setProblem(key, k, v, err, lines), true
	}
	s, text := v.(string)
	if !text {
		return Problem{}, false
	}
	typed, _ := probe.Get(k)
	want := map[string]string{"float64": "a number", "int": "a whole number", "bool": "true or false"}[fmt.Sprintf("%T", typed)]
	if want == "" {
		return Problem{}, false
	}
	return Problem{Line: lines[key], Key: key, Value: strconv.Quote(s), Want: want + " (written without quotes)"}, true
}

// hasKey reports whether one of problems is about key.
func hasKey(problems []Problem, key string) bool {
	return slices.ContainsFunc(problems, func(p Problem) bool { return p.Key == key })
}

// resolveProblems resolves the timeline as sim.Config.Yearly does (changes
// in order of year, inherited ones first within a year), and reports each
// parameter a change leaves invalid once (those invalid from the start are
// the starting parameters' problems).
func resolveProblems(p sim.Params, inherited []sim.Change, own []change, lines map[string]int) []Problem {
	type entry struct {
		sim.Change
		i int // the index in own; -1 for an inherited change
	}
	var changes []entry
	for _, c := range inherited {
		changes = append(changes, entry{c, -1})
	}
	for i, c := range own {
		changes = append(changes, entry{sim.Change{Year: c.Year, Set: c.Set}, i})
	}
	sort.SliceStable(changes, func(a, b int) bool { return changes[a].Year < changes[b].Year })
	reported := map[string]bool{}
	for _, e := range p.Validate() {
		reported[e.Path] = true
	}
	setBy := map[string]int{} // path → the own entry that set it last, -1 for inherited
	var out []Problem
	cur := p.Clone()
	for _, ch := range changes {
		for _, k := range slices.Sorted(maps.Keys(ch.Set)) {
			cur.Set(k, ch.Set[k]) // checked by timelineProblems (own) or the scenario extended (inherited)
			setBy[k] = ch.i
		}
		for _, e := range cur.Validate() {
			if reported[e.Path] {
				continue
			}
			reported[e.Path] = true
			pr := Problem{Line: lines[e.Path], Key: e.Path, Value: fmt.Sprint(e.Value), Want: fmt.Sprintf("%s (after the timeline change of %d)", e.Msg, ch.Year)}
			if i, ok := setBy[e.Path]; ok && i >= 0 {
				pr.Key = fmt.Sprintf("timeline[%d].set.%s", i, e.Path)
				pr.Line = lines[pr.Key]
			} else if pr.Line == 0 && ch.i >= 0 {
				pr.Line = lines[fmt.Sprintf("timeline[%d]", ch.i)]
			} else if pr.Line == 0 {
				pr.Line = lines["extends"]
			}
			out = append(out, pr)
		}
	}
	return out
}
