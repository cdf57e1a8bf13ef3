package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/povsim/povsim/sim"
	"go.yaml.in/yaml/v3"
)

// Scenario is a loaded, resolved and validated scenario.
type Scenario struct {
	Name        string
	Description string
	Seed        string // the field studies (seeds) it comes from
	Extends     string // the scenario it overrides, if any
	Source      string // file path, or "library:NAME"
	Expect      Expect // what the scenario claims to do, relative to Compare
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
// of sim.Params at the top level, then a timeline.
type file struct {
	Name        string  `yaml:"name"`
	Description string  `yaml:"description"`
	Seed        string  `yaml:"seed"`
	Extends     string  `yaml:"extends"`
	Expect      *Expect `yaml:"expect"`
	sim.Params  `yaml:",inline"`
	Timeline    []change `yaml:"timeline"`
}

type change struct {
	Year int            `yaml:"year"`
	Set  map[string]any `yaml:"set"`
}

// Problem is one thing wrong in a scenario file.
type Problem struct {
	Line  int    // 0 when unknown
	Key   string // dotted path of the key
	Value string // the value found, as written
	Want  string // what was expected
}

// Error lists every problem found in one scenario file.
type Error struct {
	File     string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	if len(e.Problems) == 1 {
		fmt.Fprintf(&b, "%s: 1 problem:", e.File)
	} else {
		fmt.Fprintf(&b, "%s: %d problems:", e.File, len(e.Problems))
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		if p.Line > 0 {
			fmt.Fprintf(&b, "%s:%d: ", e.File, p.Line)
		} else {
			fmt.Fprintf(&b, "%s: ", e.File)
		}
		if p.Key != "" {
			fmt.Fprintf(&b, "%s: ", p.Key)
		}
		if p.Value != "" {
			fmt.Fprintf(&b, "got %s, ", p.Value)
		}
		fmt.Fprintf(&b, "want %s", p.Want)
	}
	return b.String()
}

// Loader reads scenarios from the embedded library and from files.
type Loader struct {
	// Files is where scenario files named by path are read; nil means the
	// operating system's file system. Library names never read it.
	Files fs.FS
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
			return nil, fmt.Errorf("scenario %q: no such file, and no library scenario of that name (try `povsim scenarios list`)", ref)
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
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &Error{File: source, Problems: []Problem{syntaxProblem(err)}}
	}
	if len(root.Content) == 0 {
		return nil, &Error{File: source, Problems: []Problem{{Want: "a YAML mapping with at least a name (the file is empty)"}}}
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, &Error{File: source, Problems: []Problem{{Line: doc.Line, Want: "a YAML mapping of keys to values at the top level"}}}
	}
	lines := map[string]int{}
	indexLines(doc, lines)

	// The base: another scenario, or the model defaults.
	base := &Scenario{Config: sim.Config{Params: sim.Default()}}
	if ext := scalarValue(doc, "extends"); ext != "" {
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
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var problems []Problem
	if err := dec.Decode(&f); err != nil && err != io.EOF {
		problems = append(problems, decodeProblems(err, doc)...)
	}
	problems = append(problems, scalarProblems(doc)...)
	if f.Name == "" && scalarValue(doc, "name") == "" {
		problems = append(problems, Problem{Key: "name", Want: "a name for the scenario"})
	}
	sc := &Scenario{
		Name: f.Name, Description: f.Description, Seed: f.Seed, Extends: f.Extends, Source: source,
		Config: sim.Config{Params: f.Params, Timeline: append([]sim.Change(nil), base.Config.Timeline...)},
	}
	if f.Expect != nil {
		sc.Expect = *f.Expect
		switch f.Expect.ReturnRate {
		case "", "lower", "higher":
		default:
			problems = append(problems, Problem{Line: lines["expect.return_rate"], Key: "expect.return_rate",
				Value: strconv.Quote(f.Expect.ReturnRate), Want: `"lower" or "higher"`})
		}
	}
	for i, ch := range f.Timeline {
		keys := make([]string, 0, len(ch.Set))
		for k := range ch.Set {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		probe := f.Params.Clone()
		for _, k := range keys {
			if err := probe.Set(k, ch.Set[k]); err != nil {
				problems = append(problems, Problem{Line: lines[fmt.Sprintf("timeline[%d].set.%s", i, k)],
					Key: fmt.Sprintf("timeline[%d].set.%s", i, k), Value: fmt.Sprint(ch.Set[k]), Want: wantOnly(SetWant(err), ch.Set[k])})
			}
			lines["timeline."+k] = lines[fmt.Sprintf("timeline[%d].set.%s", i, k)]
		}
		if first, last := f.Params.StartYear, f.Params.StartYear+f.Params.Years-1; ch.Year < first || ch.Year > last {
			problems = append(problems, Problem{Line: lines[fmt.Sprintf("timeline[%d].year", i)], Key: fmt.Sprintf("timeline[%d].year", i),
				Value: strconv.Itoa(ch.Year), Want: fmt.Sprintf("a year within the simulated years %d–%d", first, last)})
		}
		if len(ch.Set) == 0 {
			problems = append(problems, Problem{Line: lines[fmt.Sprintf("timeline[%d]", i)], Key: fmt.Sprintf("timeline[%d].set", i),
				Want: "at least one parameter to change"})
		}
		sc.Config.Timeline = append(sc.Config.Timeline, sim.Change{Year: ch.Year, Set: ch.Set})
	}
	if verrs := sc.Config.Params.Validate(); len(verrs) > 0 {
		problems = append(problems, modelProblems(verrs, lines)...)
	} else if len(problems) == 0 {
		if _, err := sim.New(sc.Config); err != nil {
			problems = append(problems, modelProblems(err, lines)...)
		}
	}
	if len(problems) > 0 {
		sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
		return nil, &Error{File: source, Problems: problems}
	}
	return sc, nil
}

// WalkYAML visits every mapping entry and sequence item below n, in
// document order, with its dotted path ("a.b", "a.list[2]"). key is nil for
// a sequence item.
func WalkYAML(n *yaml.Node, visit func(path string, key, value *yaml.Node)) {
	walkYAML(n, "", visit)
}

func walkYAML(n *yaml.Node, prefix string, visit func(path string, key, value *yaml.Node)) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := k.Value
			if prefix != "" {
				p = prefix + "." + k.Value
			}
			visit(p, k, v)
			walkYAML(v, p, visit)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := fmt.Sprintf("%s[%d]", prefix, i)
			visit(p, nil, c)
			walkYAML(c, p, visit)
		}
	}
}

// indexLines records the line of every key (or sequence item), by path.
func indexLines(doc *yaml.Node, lines map[string]int) {
	WalkYAML(doc, func(p string, k, v *yaml.Node) {
		if k != nil {
			lines[p] = k.Line
		} else {
			lines[p] = v.Line
		}
	})
}

func scalarValue(doc *yaml.Node, key string) string {
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == key && doc.Content[i+1].Kind == yaml.ScalarNode {
			return doc.Content[i+1].Value
		}
	}
	return ""
}

var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
var unknownRE = regexp.MustCompile(`field (\S+) not found in type (\S+)`)
var unmarshalRE = regexp.MustCompile(`cannot unmarshal !!(\w+) ` + "`" + `(.*)` + "`" + ` into (\S+)`)

func syntaxProblem(err error) Problem {
	msg := err.Error()
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return Problem{Line: n, Want: "valid YAML (" + m[2] + ")"}
	}
	return Problem{Want: "valid YAML (" + strings.TrimPrefix(msg, "yaml: ") + ")"}
}

// decodeProblems turns the decoder's errors into problems with keys.
func decodeProblems(err error, doc *yaml.Node) []Problem {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return []Problem{syntaxProblem(err)}
	}
	byLine := keysByLine(doc)
	var out []Problem
	for _, msg := range te.Errors {
		var p Problem
		if m := lineRE.FindStringSubmatch(msg); m != nil {
			p.Line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		p.Want = msg
		keys := byLine[p.Line]
		switch {
		case unknownRE.MatchString(msg):
			u := unknownRE.FindStringSubmatch(msg)
			p.Key = pickKey(keys, func(k lineKey) bool { return lastPart(k.path) == u[1] })
			p.Want = "a known key (" + strconv.Quote(u[1]) + " is not a parameter here"
			if s := suggestKey(p.Key); s != "" {
				p.Want += fmt.Sprintf("; did you mean %q?", s)
			}
			p.Want += ")"
		case unmarshalRE.MatchString(msg):
			u := unmarshalRE.FindStringSubmatch(msg)
			p.Key = pickKey(keys, func(k lineKey) bool {
				switch k.value.Kind {
				case yaml.ScalarNode:
					return k.value.Value == u[2]
				case yaml.SequenceNode:
					return u[1] == "seq"
				case yaml.MappingNode:
					return u[1] == "map"
				}
				return false
			})
			p.Value = strconv.Quote(u[2])
			p.Want = goTypeName(u[3])
		default:
			p.Key = pickKey(keys, nil)
		}
		out = append(out, p)
	}
	return out
}

// lineKey is a key of the document with its value node.
type lineKey struct {
	path  string
	value *yaml.Node
}

func lastPart(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// pickKey chooses the key an error on a line is about: the first that
// matches, else the shortest (the enclosing key of a one-line mapping).
func pickKey(keys []lineKey, match func(lineKey) bool) string {
	if match != nil {
		for _, k := range keys {
			if match(k) {
				return k.path
			}
		}
	}
	best := ""
	for _, k := range keys {
		if best == "" || len(k.path) < len(best) {
			best = k.path
		}
	}
	return best
}

// scalarProblems reports scalars the decoder would take silently for
// something the file did not say: a fraction written for a whole-number
// parameter (it would be truncated), and yes, no, on, off, y or n for a
// true-or-false one (YAML 1.2 reads them as text, but the decoder takes
// them for booleans when the field is one; a parameter's true or false is
// spelled the same everywhere, in parameters, timelines and --set,
// sim.Params.Set). A quoted string is the decoder's problem.
func scalarProblems(doc *yaml.Node) []Problem {
	var out []Problem
	probe := sim.Default()
	WalkYAML(doc, func(p string, k, v *yaml.Node) {
		if k == nil || v.Kind != yaml.ScalarNode {
			return
		}
		x, err := probe.Get(p)
		switch {
		case v.Tag == "!!float":
			whole := strings.HasPrefix(p, "timeline[") && k.Value == "year"
			if err == nil {
				_, whole = x.(int)
			}
			if f, ferr := strconv.ParseFloat(v.Value, 64); whole && (ferr != nil || f != float64(int64(f))) {
				out = append(out, Problem{Line: v.Line, Key: p, Value: v.Value, Want: "a whole number"})
			}
		case v.Tag == "!!str" && v.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) == 0:
			if _, isBool := x.(bool); err == nil && isBool {
				out = append(out, Problem{Line: v.Line, Key: p, Value: v.Value, Want: "true or false"})
			}
		}
	})
	return out
}

func goTypeName(t string) string {
	switch t {
	case "float64":
		return "a number"
	case "int":
		return "a whole number"
	case "bool":
		return "true or false"
	case "string":
		return "text"
	case "[]float64":
		return "a list of numbers"
	}
	return "a value of type " + t
}

// keysByLine maps a line to the keys on it, in document order.
func keysByLine(doc *yaml.Node) map[int][]lineKey {
	out := map[int][]lineKey{}
	WalkYAML(doc, func(p string, k, v *yaml.Node) {
		if k != nil {
			out[k.Line] = append(out[k.Line], lineKey{p, v})
		}
	})
	return out
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
		out = append(out, Problem{Line: line, Key: e.Path, Value: fmt.Sprint(e.Value), Want: e.Msg})
	}
	return out
}

// SetWant phrases an error of sim.Params.Set as what was expected, for
// messages of the form "KEY: got VALUE, want …".
func SetWant(err error) string {
	var up *sim.UnknownPathError
	if errors.As(err, &up) {
		w := fmt.Sprintf("a known parameter (no key %q in %s", up.Key, up.Where)
		if up.Suggest != "" {
			w += fmt.Sprintf("; did you mean %q?", up.Suggest)
		}
		return w + ")"
	}
	return strings.TrimPrefix(err.Error(), "want ")
}

// wantOnly is the expectation of a Params.Set error without the value it
// names (", got …", as %v or %q), which a Problem names itself.
func wantOnly(want string, value any) string {
	want = strings.TrimSuffix(want, fmt.Sprintf(", got %v", value))
	return strings.TrimSuffix(want, fmt.Sprintf(", got %q", fmt.Sprint(value)))
}
