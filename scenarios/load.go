package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/povsim/povsim/internal/yamlerr"
	"github.com/povsim/povsim/sim"
	"go.yaml.in/yaml/v3"
)

// Scenario is a loaded, resolved and validated scenario.
type Scenario struct {
	Name        string
	Description string
	Seed        string   // the field studies (seeds) it comes from
	Extends     string   // the scenario it overrides, if any
	Source      string   // file path, or "library:NAME"
	Files       []string // the files it was read from: its own, then up its extends chain (a library scenario is none)
	Expect      Expect   // what the scenario claims to do, relative to Compare
	Config      sim.Config
}

// Expect is a scenario's claim about its effect, checked by the tests of the
// library: ReturnRate is "lower", "higher" or "" (no claim), relative to the
// scenario named by Against (the baseline when empty).
type Expect struct {
	ReturnRate string `yaml:"return_rate,omitempty"`
	Against    string `yaml:"against,omitempty"`
}

// file is the YAML layout of a scenario file: metadata, then any parameter
// of sim.Params at the top level, the warm-up year's settings where they
// differ from the first year's (sim.Config.Before), then a timeline.
type file struct {
	Name        string  `yaml:"name"`
	Description string  `yaml:"description"`
	Seed        string  `yaml:"seed"`
	Extends     string  `yaml:"extends"`
	Expect      *Expect `yaml:"expect"`
	sim.Params  `yaml:",inline"`
	Before      map[string]any `yaml:"before"`
	Timeline    []change       `yaml:"timeline"`
}

type change struct {
	Year int            `yaml:"year"`
	Set  map[string]any `yaml:"set"`
}

// Problem is one thing wrong in a scenario file: its line, key, the value
// found and what was expected.
type Problem = yamlerr.Problem

// Error lists the problems found in one scenario file (at most
// yamlerr.MaxListed are printed, then how many more there are).
type Error = yamlerr.Error

// scenarioKeys are what a scenario file's keys name, for messages.
var scenarioKeys = yamlerr.Keys{Examples: "a name such as years, or a parameter path such as transfers.subsidy.level"}

// Loader reads scenarios from the embedded library and from files.
type Loader struct {
	// Files is where scenario files named by path are read; nil means the
	// operating system's file system. Library names never read it.
	Files fs.FS
	// Defaults are the parameters a scenario that extends none starts
	// from; nil means the model's defaults, sim.Default() (a Variant's
	// Loader sets them).
	Defaults *sim.Params
}

// Load reads a scenario by file path or library name, resolves its extends
// chain and timeline, and validates it. A reference that names an existing
// file is read as a file; otherwise it must be a library name.
func Load(ref string) (*Scenario, error) { return (&Loader{}).Load(ref) }

// Load is Load with the loader's file system.
func (l *Loader) Load(ref string) (*Scenario, error) {
	return l.load(ref, "", nil)
}

// Parse reads a scenario from YAML bytes named name (for messages); extends
// may name library scenarios only.
func Parse(name string, data []byte) (*Scenario, error) {
	l := &Loader{Files: emptyFS{}}
	return l.parse(name, "library", data, nil)
}

type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (l *Loader) defaults() sim.Params {
	if l.Defaults != nil {
		return l.Defaults.Clone()
	}
	return sim.Default()
}

func (l *Loader) readFile(p string) ([]byte, error) {
	if l.Files != nil {
		return fs.ReadFile(l.Files, filepath.ToSlash(p))
	}
	return os.ReadFile(p)
}

func (l *Loader) exists(p string) bool {
	if l.Files != nil {
		_, err := fs.Stat(l.Files, filepath.ToSlash(p))
		return err == nil
	}
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// load resolves ref relative to dir (the folder of the file that extends it).
func (l *Loader) load(ref, dir string, chain []string) (*Scenario, error) {
	var data []byte
	var source string
	candidate := ref
	if dir != "" && !filepath.IsAbs(ref) {
		candidate = filepath.Join(dir, ref)
	}
	switch {
	case looksLikePath(ref) || l.exists(candidate):
		b, err := l.readFile(candidate)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && !looksLikePath(ref) {
				break
			}
			return nil, fmt.Errorf("scenario %q: %w", ref, err)
		}
		data, source = b, candidate
	}
	if data == nil {
		b, err := library.ReadFile(path.Join("library", ref+".yaml"))
		if err != nil {
			return nil, noScenario(ref)
		}
		data, source = b, "library:"+ref
	}
	for _, c := range chain {
		if c == source {
			return nil, fmt.Errorf("scenario %s: extends cycle: %s → %s", chain[0], strings.Join(chain, " → "), source)
		}
	}
	return l.parse(source, filepath.Dir(candidate), data, append(chain, source))
}

func looksLikePath(ref string) bool {
	return strings.ContainsAny(ref, `/\`) || strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml")
}

// parse decodes one file on top of the scenario it extends.
func (l *Loader) parse(source, dir string, data []byte, chain []string) (*Scenario, error) {
	if len(chain) == 0 {
		chain = []string{source}
	}
	if strings.HasPrefix(source, "library:") {
		dir = ""
	}
	doc, perr := yamlerr.Parse(data, "at least a name", scenarioKeys)
	if doc == nil {
		return nil, yamlerr.New(source, perr)
	}
	lines := yamlerr.Lines(doc)

	// The base: another scenario, or the model defaults.
	base := &Scenario{Config: sim.Config{Params: l.defaults()}}
	ext := scalarValue(doc, "extends")
	if ext != "" {
		b, err := l.load(ext, dir, chain)
		if err != nil {
			var se *Error
			if errors.As(err, &se) {
				return nil, fmt.Errorf("%s:%d: extends %q: %w", source, lines["extends"], ext, err)
			}
			return nil, &Error{File: source, Problems: []Problem{{Line: lines["extends"], Key: "extends", Value: strconv.Quote(ext), Want: err.Error()}}}
		}
		base = b
	}

	f := file{Params: base.Config.Params.Clone()}
	problems := yamlerr.Decode(data, doc, &f, unknownKey)
	dottedTopLevel(doc, problems)
	if f.Name == "" && scalarValue(doc, "name") == "" {
		problems = append(problems, Problem{Key: "name", Want: "a name for the scenario"})
	} else if !fileName(f.Name) {
		problems = append(problems, Problem{Line: lines["name"], Key: "name", Value: strconv.Quote(f.Name),
			Want: "a name fit for a file name (outputs write scenario-NAME.yaml): letters, digits, -, _ and ., not starting with . or -"})
	}
	sc := &Scenario{
		Name: f.Name, Description: f.Description, Seed: f.Seed, Extends: f.Extends, Source: source,
		Config: sim.Config{Params: f.Params, Timeline: append([]sim.Change(nil), base.Config.Timeline...)},
	}
	if !strings.HasPrefix(source, "library:") {
		sc.Files = []string{source}
	}
	sc.Files = append(sc.Files, base.Files...)
	var inherited map[string]any
	if ext != "" {
		inherited = inheritedBefore(base.Config, f.Params)
	}
	own, bp := explicitBefore(f.Before, f.Params, lines)
	problems = append(problems, bp...)
	sc.Config.Before = resolveBefore(inherited, own, f.Params)
	if f.Expect != nil {
		sc.Expect = *f.Expect
		switch f.Expect.ReturnRate {
		case "", "lower", "higher":
		default:
			problems = append(problems, Problem{Line: lines["expect.return_rate"], Key: "expect.return_rate",
				Value: strconv.Quote(f.Expect.ReturnRate), Want: `"lower" or "higher"`})
		}
	}
	problems = append(problems, setTwice(f.Timeline, lines)...)
	problems = append(problems, timelineProblems(f.Params, base.Config.Timeline, f.Timeline, lines, problems)...)
	for _, ch := range f.Timeline {
		sc.Config.Timeline = append(sc.Config.Timeline, sim.Change{Year: ch.Year, Set: ch.Set})
	}
	if verrs := sc.Config.Params.Validate(); len(verrs) > 0 {
		problems = append(problems, modelProblems(verrs, lines)...)
	} else if len(problems) == 0 {
		if _, err := sim.New(sc.Config); err != nil {
			problems = append(problems, modelProblems(err, lines)...)
		}
	}
	if err := yamlerr.New(source, problems); err != nil {
		return nil, err
	}
	return sc, nil
}

// fileName reports whether name can name a file of its own in any
// folder, on any system, and in a shell command unquoted.
func fileName(name string) bool {
	for i, r := range name {
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || (i > 0 && (r == '-' || r == '.'))
		if !ok {
			return false
		}
	}
	return true
}

// setTwice is a problem for each parameter the file's timeline sets twice
// for one year (in two entries of that year): sim would apply the later
// one, but which the author meant is not clear. A scenario that extends
// another may set a year's parameter again: its own holds.
func setTwice(tl []change, lines map[string]int) []Problem {
	type yearKey struct {
		year int
		key  string
	}
	first := map[yearKey]int{} // → the entry that sets it first
	var out []Problem
	for i, ch := range tl {
		for _, k := range slices.Sorted(maps.Keys(ch.Set)) {
			j, dup := first[yearKey{ch.Year, k}]
			if !dup {
				first[yearKey{ch.Year, k}] = i
				continue
			}
			key := fmt.Sprintf("timeline[%d].set.%s", i, k)
			out = append(out, Problem{Line: lines[key], Key: key, Want: fmt.Sprintf(
				"each parameter set once for a year (timeline[%d], on line %d, sets %s for %d too: keep the one that should hold)",
				j, lines[fmt.Sprintf("timeline[%d].set.%s", j, k)], k, ch.Year)})
		}
	}
	return out
}

func scalarValue(doc *yaml.Node, key string) string {
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == key && doc.Content[i+1].Kind == yaml.ScalarNode {
			return doc.Content[i+1].Value
		}
	}
	return ""
}

// suggestKey proposes a known parameter path for a misspelled one.
func suggestKey(key string) string {
	probe := sim.Default()
	err := probe.Set(key, "0")
	var up *sim.UnknownPathError
	if errors.As(err, &up) {
		return up.Suggest
	}
	return ""
}

// modelProblems maps sim's validation errors to lines.
func modelProblems(err error, lines map[string]int) []Problem {
	var fe sim.Errors
	if !errors.As(err, &fe) {
		return []Problem{{Want: err.Error()}}
	}
	out := make([]Problem, 0, len(fe))
	for _, e := range fe {
		line := lines[e.Path]
		if line == 0 {
			// population.size_weights[2] → population.size_weights
			if i := strings.IndexByte(e.Path, '['); i > 0 {
				line = lines[e.Path[:i]]
			}
		}
		if line == 0 && strings.HasPrefix(e.Path, "before.") {
			// the warm-up's settings together: written, else inherited
			if line = lines["before"]; line == 0 {
				line = lines["extends"]
			}
		}
		out = append(out, Problem{Line: line, Key: e.Path, Value: fmt.Sprint(e.Value), Want: e.Msg})
	}
	return out
}

// wantOnly is the expectation of a Params.Set error without the value it
// names (", got …", as %v or %q), which a Problem names itself.
func wantOnly(want string, value any) string {
	want = strings.TrimSuffix(want, fmt.Sprintf(", got %v", value))
	return strings.TrimSuffix(want, fmt.Sprintf(", got %q", fmt.Sprint(value)))
}
