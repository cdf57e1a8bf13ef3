package sweep

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/sensitivity"
	"github.com/povsim/povsim/internal/textdist"
	"github.com/povsim/povsim/internal/yamlerr"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
	"go.yaml.in/yaml/v3"
)

// Design kinds, as written in a sweep file.
const (
	Grid           = sensitivity.KindGrid
	LatinHypercube = sensitivity.KindLatinHypercube
	Saltelli       = sensitivity.KindSaltelli
	Morris         = sensitivity.KindMorris
)

// Limits that turn a typo into an error instead of a machine brought down.
const (
	DefaultMaxPoints = 1 << 20   // design points of one sweep
	MaxReplications  = 1_000_000 // replications of one point
)

// Sweep is a parsed, resolved and validated sweep file.
type Sweep struct {
	Name        string
	Description string
	Source      string              // the file, or the name given to Parse
	Base        *scenarios.Scenario // the base scenario with the sweep's `set` applied
	Params      []Param             // the swept parameters, in design column order
	Design      sensitivity.Design  // points in factor units; see Param.Applied
	Reps        int                 // replications per point; 0 when Precision is set
	Precision   *Precision          // a precision target instead of fixed replications
	Outcomes    []string            // recorded outcomes (names analysis.ParseOutcome reads)
	Years       []int               // recorded calendar years, ascending
	Seed        uint64              // master seed of every point (common random numbers)

	// Warnings are things that are allowed but probably not meant, such as
	// a swept parameter the base scenario's timeline changes later on.
	Warnings []string

	outcomes []analysis.OutcomeKey
	resolved []byte
	setPaths []string // the parameter paths under set
}

// ParamKind is the type of a swept parameter.
type ParamKind int

// Kinds of swept parameters.
const (
	Float ParamKind = iota // a number
	Int                    // a whole number: design values are rounded to the nearest
	Bool                   // true/false: levels 0 (false) and 1 (true), grids only
)

// Param is one swept parameter.
type Param struct {
	Path     string
	Kind     ParamKind
	Min, Max float64   // the range, for continuous designs (HasRange)
	Levels   []float64 // explicit levels (grid designs only)
	HasRange bool
}

// Applied maps a design value to the value the model is given: rounded for a
// whole-number parameter, 0 or 1 for a true/false one. Output files hold
// applied values.
func (p Param) Applied(x float64) float64 {
	switch p.Kind {
	case Int:
		return math.Round(x)
	case Bool:
		if x != 0 {
			return 1
		}
		return 0
	}
	return x
}

func (p Param) setValue(x float64) any {
	switch p.Kind {
	case Int:
		return math.Round(x)
	case Bool:
		return x != 0
	}
	return x
}

// Precision is a precision target: each point gets replications in steps of
// Step, from Min up to at most Max, until the 95% confidence interval of the
// mean of Outcome has a half-width of at most HalfWidth (or Relative × |mean|)
// in every recorded year, on at least analysis.MinPrecisionReps replications
// (compare's rule).
type Precision struct {
	Outcome   string  `yaml:"outcome"`
	HalfWidth float64 `yaml:"half_width,omitempty"`
	Relative  float64 `yaml:"relative,omitempty"`
	Min       int     `yaml:"min_replications"`
	Max       int     `yaml:"max_replications"`
	Step      int     `yaml:"step"`
}

// Resolved returns the sweep resolved: the base scenario inline with every
// parameter, and every default made explicit. Parsing it gives the same
// sweep; output files carry it as their provenance.
func (s *Sweep) Resolved() []byte { return slices.Clone(s.resolved) }

// Hash is the SHA-256 (hex) of the resolved sweep.
func (s *Sweep) Hash() string {
	h := sha256.Sum256(s.resolved)
	return hex.EncodeToString(h[:])
}

// Points is the number of design points.
func (s *Sweep) Points() int { return len(s.Design.Points) }

// ParamNames lists the swept parameter paths, in column order.
func (s *Sweep) ParamNames() []string {
	out := make([]string, len(s.Params))
	for i, p := range s.Params {
		out[i] = p.Path
	}
	return out
}

// Applied returns the parameter values design point i gives the model.
func (s *Sweep) Applied(i int) []float64 {
	x := s.Design.Points[i]
	out := make([]float64, len(x))
	for j, p := range s.Params {
		out[j] = p.Applied(x[j])
	}
	return out
}

// Households returns the largest number of households any design point
// simulates and the key it comes from: a swept population.households
// (its largest applied value), else set.population.households, else the
// base scenario's. n is 0 when the base's households are fixed by
// records and population.households is not swept.
func (s *Sweep) Households() (n int, key string) {
	if len(s.Base.Config.Households) == 0 {
		n = s.Base.Config.Params.Population.Households
		key = fmt.Sprintf("base %s: population.households", s.Base.Name)
		if slices.Contains(s.setPaths, "population.households") {
			key = "set.population.households"
		}
	}
	for j, p := range s.Params {
		if p.Path != "population.households" {
			continue
		}
		for i := range s.Design.Points {
			if v := int(p.Applied(s.Design.Points[i][j])); v > n {
				n, key = v, "parameters: population.households"
			}
		}
	}
	return n, key
}

// Config returns the model config of design point i: the base scenario's
// parameters with the swept ones set from the year before the first on
// (sim.Config.Set; its timeline still applies from its years, as with
// --set), and the base's warm-up settings of every other parameter.
func (s *Sweep) Config(i int) (sim.Config, error) {
	cfg := baseConfig(s.Base)
	for j, par := range s.Params {
		if err := cfg.Set(par.Path, par.setValue(s.Design.Points[i][j])); err != nil {
			return sim.Config{}, fmt.Errorf("design point %d: %s: %w", i, par.Path, err)
		}
	}
	return cfg, nil
}

// baseConfig is the base scenario's parameters (a copy), timeline and
// warm-up settings, to set parameters on.
func baseConfig(base *scenarios.Scenario) sim.Config {
	return sim.Config{Params: base.Config.Params.Clone(), Timeline: base.Config.Timeline, Before: base.Config.Before}
}

// file is the YAML layout of a sweep file.
type file struct {
	Name         string         `yaml:"name"`
	Description  string         `yaml:"description"`
	Base         yaml.Node      `yaml:"base"`
	Set          map[string]any `yaml:"set"`
	Parameters   []paramSpec    `yaml:"parameters"`
	Design       designSpec     `yaml:"design"`
	Replications int            `yaml:"replications"`
	Precision    *Precision     `yaml:"precision"`
	Outcomes     []string       `yaml:"outcomes"`
	Years        []int          `yaml:"years"`
	Seed         *uint64        `yaml:"seed"`
}

type paramSpec struct {
	Path   string   `yaml:"path"`
	Min    *float64 `yaml:"min,omitempty"`
	Max    *float64 `yaml:"max,omitempty"`
	Levels []any    `yaml:"levels,omitempty"`
}

type designSpec struct {
	Kind   string `yaml:"kind"`
	N      int    `yaml:"n,omitempty"`
	Levels int    `yaml:"levels,omitempty"`
}

// keys lists the keys of each YAML mapping type, for messages.
var keys = map[string][]string{
	"file":       {"name", "description", "base", "set", "parameters", "design", "replications", "precision", "outcomes", "years", "seed"},
	"paramSpec":  {"path", "min", "max", "levels"},
	"designSpec": {"kind", "n", "levels"},
	"Precision":  {"outcome", "half_width", "relative", "min_replications", "max_replications", "step"},
}

// Loader reads sweep files.
type Loader struct {
	// Files is where the sweep file and base scenarios named by path are
	// read; nil means the operating system's file system.
	Files fs.FS
	// MaxPoints bounds the number of design points; 0 means DefaultMaxPoints.
	MaxPoints int
}

// Load reads, resolves and validates a sweep file. A base scenario named by
// a relative path is read relative to the sweep file's folder.
func Load(path string) (*Sweep, error) { return (&Loader{}).Load(path) }

// Load is Load with the loader's file system and limits.
func (l *Loader) Load(path string) (*Sweep, error) {
	var data []byte
	var err error
	if l.Files != nil {
		data, err = fs.ReadFile(l.Files, filepath.ToSlash(path))
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("sweep file: %w", err)
	}
	return l.parse(path, filepath.Dir(path), data, l.Files)
}

// Parse reads a sweep from YAML bytes named name (for messages). Its base
// may be a library scenario or an inline scenario, not a file.
func Parse(name string, data []byte) (*Sweep, error) {
	return (&Loader{}).Parse(name, data)
}

// Parse is Parse with the loader's limits.
func (l *Loader) Parse(name string, data []byte) (*Sweep, error) {
	return l.parse(name, "", data, fstest.MapFS{})
}

type parser struct {
	source   string
	lines    map[string]int
	problems []yamlerr.Problem
}

func (p *parser) add(key, value, want string) {
	p.problems = append(p.problems, yamlerr.Problem{Line: p.lineOf(key), Key: key, Value: value, Want: want})
}

// lineOf is the line of key or, for a key that is missing, of the nearest
// enclosing key that is there.
func (p *parser) lineOf(key string) int {
	for key != "" {
		if l, ok := p.lines[key]; ok {
			return l
		}
		i := strings.LastIndexAny(key, ".[")
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return 0
}

func (p *parser) err() error {
	if len(p.problems) == 0 {
		return nil
	}
	return yamlerr.New(p.source, p.problems)
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// sweepKeys are what a sweep file's keys name, for messages.
var sweepKeys = yamlerr.Keys{Examples: "a sweep's key such as design or replications, a parameter's such as path or min, or under set a parameter path such as transfers.subsidy.level"}

func (l *Loader) parse(source, dir string, data []byte, files fs.FS) (*Sweep, error) {
	p := &parser{source: source, lines: map[string]int{}}
	doc, perr := yamlerr.Parse(data, "base, parameters, design and replications", sweepKeys)
	if doc == nil {
		p.problems = append(p.problems, perr...)
		return nil, p.err()
	}
	p.lines = yamlerr.Lines(doc)

	var f file
	p.problems = append(p.problems, yamlerr.Decode(data, doc, &f, unknownKey)...)

	sw := &Sweep{Name: f.Name, Description: f.Description, Source: source}
	if sw.Name == "" {
		base := filepath.Base(source)
		sw.Name = strings.TrimSuffix(base, filepath.Ext(base))
	}

	// The base scenario, with `set` applied.
	sw.Base = p.base(&f, dir, files)
	if sw.Base != nil && len(f.Set) > 0 {
		p.set(sw.Base, f.Set)
	}
	for k := range f.Set {
		sw.setPaths = append(sw.setPaths, k)
	}

	// Seed, outcomes, years, replications.
	sw.Seed = 1
	if f.Seed != nil {
		sw.Seed = *f.Seed
	}
	p.outcomes(sw, f.Outcomes)
	if sw.Base != nil {
		p.years(sw, f.Years)
	}
	p.replications(sw, &f)

	// Parameters and design.
	if sw.Base != nil {
		p.params(sw, f.Parameters)
	}
	p.designKind(f.Design)
	if len(p.problems) > 0 {
		return nil, p.err()
	}
	maxPoints := l.MaxPoints
	if maxPoints <= 0 {
		maxPoints = DefaultMaxPoints
	}
	p.design(sw, f.Design, maxPoints)
	if len(p.problems) > 0 {
		return nil, p.err()
	}
	p.checkPoints(sw)
	if len(p.problems) > 0 {
		return nil, p.err()
	}
	res, err := sw.marshalResolved(f.Design)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	sw.resolved = res
	return sw, nil
}

// base loads the base scenario: a reference (library name or path relative
// to dir) or an inline mapping.
func (p *parser) base(f *file, dir string, files fs.FS) *scenarios.Scenario {
	n := &f.Base
	switch n.Kind {
	case 0:
		if _, ok := p.lines["base"]; ok {
			p.add("base", "", "a scenario: a library name (see `povsim scenarios list`), a file, or an inline scenario")
		} else {
			p.add("base", "", "a base scenario: a library name (see `povsim scenarios list`), a file, or an inline scenario (base: baseline)")
		}
		return nil
	case yaml.ScalarNode:
		ref := strings.TrimSpace(n.Value)
		if ref == "" {
			p.add("base", `""`, "a scenario: a library name (see `povsim scenarios list`), a file, or an inline scenario")
			return nil
		}
		ld := &scenarios.Loader{Files: files}
		target := ref
		if dir != "" && !filepath.IsAbs(ref) {
			cand := filepath.Join(dir, ref)
			if looksLikePath(ref) || exists(files, cand) {
				target = cand
			}
		}
		sc, err := ld.Load(target)
		if err != nil {
			p.add("base", strconv.Quote(ref), "a scenario that loads: "+indent(err.Error()))
			return nil
		}
		return sc
	case yaml.MappingNode:
		b, err := yaml.Marshal(n)
		if err != nil {
			p.add("base", "", "an inline scenario ("+err.Error()+")")
			return nil
		}
		sc, err := scenarios.Parse(p.source+" (inline base)", b)
		if err != nil {
			p.add("base", "", "a valid inline scenario: "+indent(err.Error()))
			return nil
		}
		return sc
	}
	p.add("base", "", "a scenario name or an inline scenario mapping")
	return nil
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n    ") }

func looksLikePath(ref string) bool {
	return strings.ContainsAny(ref, `/\`) || strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml")
}

func exists(files fs.FS, p string) bool {
	if files != nil {
		st, err := fs.Stat(files, filepath.ToSlash(p))
		return err == nil && !st.IsDir()
	}
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// set applies the sweep's fixed overrides to the base.
func (p *parser) set(base *scenarios.Scenario, set map[string]any) {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	cfg := baseConfig(base)
	ok := true
	for _, k := range keys {
		key := "set." + k
		if err := cfg.Set(k, set[k]); err != nil {
			p.add(key, fmt.Sprint(set[k]), yamlerr.ParamWant(err))
			ok = false
		}
	}
	if !ok {
		return
	}
	if _, err := sim.New(cfg); err != nil {
		for _, e := range fieldErrors(err) {
			key := "set." + e.Path
			if _, given := set[e.Path]; !given {
				key = "set"
			}
			p.add(key, fmt.Sprint(e.Value), e.Path+": "+e.Msg)
		}
		return
	}
	base.Config.Params, base.Config.Before = cfg.Params, cfg.Before
}

func fieldErrors(err error) sim.Errors {
	var fe sim.Errors
	if errors.As(err, &fe) {
		return fe
	}
	return sim.Errors{{Path: "", Value: "", Msg: err.Error()}}
}

func (p *parser) outcomes(sw *Sweep, names []string) {
	if _, given := p.lines["outcomes"]; given && len(names) == 0 {
		p.add("outcomes", "[]", "at least one outcome, e.g. [return_rate]")
		return
	}
	if len(names) == 0 {
		for _, o := range analysis.Outcomes {
			names = append(names, o.String())
		}
	}
	seen := map[string]bool{}
	for i, n := range names {
		key := fmt.Sprintf("outcomes[%d]", i)
		o, err := analysis.ParseOutcome(n)
		switch {
		case err != nil:
			p.add(key, strconv.Quote(n), outcomeWant(err))
		case !o.Yearly():
			p.add(key, strconv.Quote(n), "an outcome of one scenario ("+n+" compares two): "+knownOutcomes())
		case seen[n]:
			p.add(key, strconv.Quote(n), "each outcome once")
		default:
			seen[n] = true
			sw.Outcomes = append(sw.Outcomes, n)
			sw.outcomes = append(sw.outcomes, o)
		}
	}
}

func knownOutcomes() string { return analysis.KnownOutcomes(true) }

// outcomeWant is what a sweep file should have named instead of an unknown
// outcome, with the closest name if one is close.
func outcomeWant(err error) string {
	var ue *analysis.UnknownOutcomeError
	if errors.As(err, &ue) && ue.Suggestion() != "" {
		return "an outcome (did you mean " + strconv.Quote(ue.Suggestion()) + "?): " + knownOutcomes()
	}
	return "an outcome: " + knownOutcomes()
}

func (p *parser) years(sw *Sweep, years []int) {
	bp := sw.Base.Config.Params
	first, last := bp.StartYear, bp.StartYear+bp.Years-1
	if _, given := p.lines["years"]; given && len(years) == 0 {
		p.add("years", "[]", fmt.Sprintf("at least one year in %d–%d (or leave years out for all)", first, last))
		return
	}
	if len(years) == 0 {
		for y := first; y <= last; y++ {
			sw.Years = append(sw.Years, y)
		}
		return
	}
	seen := map[int]bool{}
	for i, y := range years {
		key := fmt.Sprintf("years[%d]", i)
		switch {
		case y < first || y > last:
			p.add(key, strconv.Itoa(y), fmt.Sprintf("a simulated year of the base scenario, %d–%d", first, last))
		case seen[y]:
			p.add(key, strconv.Itoa(y), "each year once")
		default:
			seen[y] = true
			sw.Years = append(sw.Years, y)
		}
	}
	sort.Ints(sw.Years)
}

func (p *parser) replications(sw *Sweep, f *file) {
	_, hasReps := p.lines["replications"]
	if f.Precision == nil {
		switch {
		case !hasReps:
			p.add("replications", "", "replications per design point (e.g. replications: 5), or a precision target")
		case f.Replications < 1 || f.Replications > MaxReplications:
			p.add("replications", strconv.Itoa(f.Replications), fmt.Sprintf("a whole number between 1 and %d", MaxReplications))
		default:
			sw.Reps = f.Replications
		}
		return
	}
	if hasReps {
		p.add("replications", strconv.Itoa(f.Replications), "either replications or a precision target, not both")
	}
	pr := *f.Precision
	target := p.precisionTarget(sw, &pr)
	counts := p.precisionCounts(&pr)
	if target && counts && !hasReps {
		sw.Precision = &pr
	}
}

// precisionTarget checks the outcome and the half-width of a precision
// target (the first recorded outcome by default).
func (p *parser) precisionTarget(sw *Sweep, pr *Precision) bool {
	ok := true
	if pr.Outcome == "" {
		pr.Outcome = sw.firstOutcome()
	}
	if !slices.Contains(sw.Outcomes, pr.Outcome) {
		p.add("precision.outcome", strconv.Quote(pr.Outcome), "one of the recorded outcomes: "+strings.Join(sw.Outcomes, ", "))
		ok = false
	}
	switch {
	case pr.HalfWidth > 0 && pr.Relative > 0:
		p.add("precision.relative", num(pr.Relative), "either half_width or relative, not both")
	case pr.HalfWidth == 0 && pr.Relative == 0:
		p.add("precision", "", "a target: half_width (of the 95% interval of the mean, in the outcome's unit) or relative (half-width / |mean|)")
	case !(pr.HalfWidth >= 0) || math.IsInf(pr.HalfWidth, 0):
		p.add("precision.half_width", num(pr.HalfWidth), "a positive number")
	case !(pr.Relative >= 0) || math.IsInf(pr.Relative, 0):
		p.add("precision.relative", num(pr.Relative), "a positive number")
	default:
		return ok
	}
	return false
}

// precisionCounts checks a precision target's replications, each one
// given (a value of 0 written is not the default): min_replications (5
// by default), max_replications (100, at least analysis.MinPrecisionReps:
// no target is met on fewer) and step (min_replications).
func (p *parser) precisionCounts(pr *Precision) bool {
	given := func(k string) bool { _, g := p.lines["precision."+k]; return g }
	if !given("min_replications") {
		pr.Min = 5
	}
	if !given("max_replications") {
		pr.Max = 100
	}
	if !given("step") {
		pr.Step = pr.Min
	}
	ok := true
	if pr.Min < 2 || pr.Min > MaxReplications {
		p.add("precision.min_replications", strconv.Itoa(pr.Min), fmt.Sprintf("a whole number between 2 and %d (an interval needs two)", MaxReplications))
		ok = false
	}
	if lo := max(pr.Min, analysis.MinPrecisionReps); pr.Max < lo || pr.Max > MaxReplications {
		p.add("precision.max_replications", strconv.Itoa(pr.Max), fmt.Sprintf("a whole number between %d and %d, and at least min_replications (a target is met only on %d replications or more, as compare's)", lo, MaxReplications, analysis.MinPrecisionReps))
		ok = false
	}
	if pr.Step < 1 {
		p.add("precision.step", strconv.Itoa(pr.Step), "a whole number ≥ 1")
		ok = false
	}
	return ok
}

func (s *Sweep) firstOutcome() string {
	if len(s.Outcomes) > 0 {
		return s.Outcomes[0]
	}
	return ""
}

// fixedForSweep are parameters a sweep cannot vary: they define the
// calendar of the recorded years.
var fixedForSweep = []string{"start_year", "years"}

func (p *parser) params(sw *Sweep, specs []paramSpec) {
	if len(specs) == 0 {
		want := "at least one parameter to vary, e.g.\n    parameters:\n      - {path: transfers.subsidy.level, min: 0, max: 1}"
		if _, given := p.lines["parameters"]; given {
			p.add("parameters", "[]", want)
		} else {
			p.add("parameters", "", want)
		}
		return
	}
	seen := map[string]int{}
	for i, ps := range specs {
		key := fmt.Sprintf("parameters[%d]", i)
		par, ok := p.param(sw, key, ps)
		if !ok {
			continue
		}
		if j, dup := seen[par.Path]; dup {
			p.add(key+".path", strconv.Quote(par.Path), fmt.Sprintf("each parameter once (also parameters[%d])", j))
			continue
		}
		seen[par.Path] = i
		sw.Params = append(sw.Params, par)
		for _, ch := range sw.Base.Config.Timeline {
			if _, set := ch.Set[par.Path]; set {
				sw.Warnings = append(sw.Warnings, fmt.Sprintf("%s:%d: %s: the base scenario's timeline sets it from %d on, so the swept value holds only until then",
					p.source, p.lineOf(key), par.Path, ch.Year))
				break
			}
		}
	}
}

func (p *parser) param(sw *Sweep, key string, ps paramSpec) (Param, bool) {
	par := Param{Path: strings.TrimSpace(ps.Path)}
	if par.Path == "" {
		p.add(key+".path", "", "the dotted config path of a model parameter, e.g. transfers.subsidy.level")
		return par, false
	}
	if slices.Contains(fixedForSweep, par.Path) {
		p.add(key+".path", strconv.Quote(par.Path), "a parameter other than the calendar (start_year, years): set those in the base scenario or under set")
		return par, false
	}
	probe := sw.Base.Config.Params
	v, err := probe.Get(par.Path)
	if err != nil {
		p.add(key+".path", strconv.Quote(par.Path), yamlerr.ParamWant(err))
		return par, false
	}
	switch v.(type) {
	case float64:
		par.Kind = Float
	case int:
		par.Kind = Int
	case bool:
		par.Kind = Bool
	default:
		p.add(key+".path", strconv.Quote(par.Path), fmt.Sprintf("a numeric or true/false parameter (%s is %T; sweeps vary numbers)", par.Path, v))
		return par, false
	}
	_, hasLevels := p.lines[key+".levels"]
	hasMin, hasMax := ps.Min != nil, ps.Max != nil
	ok := true
	switch {
	case hasLevels && (hasMin || hasMax):
		p.add(key, "", "either a range (min and max) or levels, not both")
		return par, false
	case hasLevels:
		if len(ps.Levels) == 0 {
			p.add(key+".levels", "[]", "at least one level (the list is empty)")
			return par, false
		}
		seen := map[float64]bool{}
		for j, lv := range ps.Levels {
			lk := fmt.Sprintf("%s.levels[%d]", key, j)
			x, err := levelValue(par.Kind, lv)
			if err != nil {
				p.add(lk, fmt.Sprint(lv), err.Error())
				ok = false
				continue
			}
			if seen[x] {
				p.add(lk, fmt.Sprint(lv), "each level once")
				ok = false
				continue
			}
			seen[x] = true
			par.Levels = append(par.Levels, x)
		}
	case par.Kind == Bool:
		p.add(key, "", "levels: [false, true] (a true/false parameter has no range)")
		return par, false
	case !hasMin || !hasMax:
		missing := "min"
		if hasMin {
			missing = "max"
		}
		p.add(key+"."+missing, "", "a range, min and max (or levels)")
		return par, false
	default:
		par.Min, par.Max, par.HasRange = *ps.Min, *ps.Max, true
		switch {
		case math.IsNaN(par.Min) || math.IsInf(par.Min, 0):
			p.add(key+".min", num(par.Min), "a finite number")
			ok = false
		case math.IsNaN(par.Max) || math.IsInf(par.Max, 0):
			p.add(key+".max", num(par.Max), "a finite number")
			ok = false
		case par.Min >= par.Max:
			p.add(key+".max", num(par.Max), fmt.Sprintf("more than min (%s): the range [%s, %s] is empty", num(par.Min), num(par.Min), num(par.Max)))
			ok = false
		case math.IsInf(par.Max-par.Min, 0):
			p.add(key+".max", num(par.Max), "a range whose width is a finite number")
			ok = false
		}
	}
	if !ok {
		return par, false
	}
	// Each end of the range, and each level, must give valid parameters.
	check := func(k string, x float64) { // each end and level: every problem at once
		q := baseConfig(sw.Base)
		if err := q.Set(par.Path, par.setValue(x)); err != nil {
			p.add(k, num(x), yamlerr.ParamWant(err))
			ok = false
			return
		}
		if _, err := sim.New(q); err != nil {
			for _, e := range fieldErrors(err) {
				if e.Path == par.Path || e.Path == "timeline."+par.Path {
					p.add(k, num(x), e.Msg)
				} else {
					p.add(k, num(x), fmt.Sprintf("a value that keeps the model valid (%s)", e.Error()))
				}
			}
			ok = false
		}
	}
	if par.HasRange {
		check(key+".min", par.Min)
		check(key+".max", par.Max)
	}
	for j, x := range par.Levels {
		check(fmt.Sprintf("%s.levels[%d]", key, j), x)
	}
	return par, ok
}

func levelValue(kind ParamKind, v any) (float64, error) {
	var x float64
	switch t := v.(type) {
	case bool:
		if kind != Bool {
			return 0, fmt.Errorf("a number")
		}
		if t {
			return 1, nil
		}
		return 0, nil
	case int:
		x = float64(t)
	case int64:
		x = float64(t)
	case uint64:
		x = float64(t)
	case float64:
		x = t
	default:
		if kind == Bool {
			return 0, fmt.Errorf("true or false")
		}
		return 0, fmt.Errorf("a number")
	}
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return 0, fmt.Errorf("a finite number")
	case kind == Int && x != math.Trunc(x):
		return 0, fmt.Errorf("a whole number (the parameter is a whole number)")
	case kind == Bool && x != 0 && x != 1:
		return 0, fmt.Errorf("true or false (or 1 or 0)")
	}
	return x, nil
}

func (p *parser) design(sw *Sweep, ds designSpec, maxPoints int) {
	factors := make([]sensitivity.Factor, len(sw.Params))
	for i, par := range sw.Params {
		factors[i] = sensitivity.Factor{Name: par.Path, Min: par.Min, Max: par.Max, Levels: par.Levels}
	}
	kind := ds.Kind
	k := len(factors)
	needRange := func() bool {
		ok := true
		for i, par := range sw.Params {
			if !par.HasRange {
				p.add(fmt.Sprintf("parameters[%d]", i), "", fmt.Sprintf("a range, min and max: a %s design samples ranges (levels are for grid designs)", kind))
				ok = false
			}
		}
		return ok
	}
	noLevels := func() bool {
		if ds.Levels != 0 {
			p.add("design.levels", strconv.Itoa(ds.Levels), fmt.Sprintf("no levels for a %s design (levels are for grid and morris designs)", kind))
			return false
		}
		return true
	}
	needN := func(what string) bool {
		if ds.N < 2 || ds.N > maxPoints {
			p.add("design.n", strconv.Itoa(ds.N), fmt.Sprintf("%s: a whole number between 2 and %d", what, maxPoints))
			return false
		}
		return true
	}
	tooBig := func(points float64) bool {
		if points > float64(maxPoints) {
			p.add("design", "", fmt.Sprintf("at most %d design points (this design has %.0f)", maxPoints, points))
			return true
		}
		return false
	}
	var d sensitivity.Design
	var err error
	switch kind {
	case Grid:
		if ds.N != 0 {
			p.add("design.n", strconv.Itoa(ds.N), "no n for a grid (its size is the product of the numbers of levels)")
			return
		}
		size := 1.0
		continuous := false
		for _, par := range sw.Params {
			if par.HasRange {
				continuous = true
				size *= float64(ds.Levels)
			} else {
				size *= float64(len(par.Levels))
			}
		}
		if continuous && ds.Levels < 2 {
			p.add("design.levels", strconv.Itoa(ds.Levels), "at least 2 values per parameter given by a range (levels: 3 gives min, middle, max)")
			return
		}
		if !continuous && ds.Levels != 0 {
			p.add("design.levels", strconv.Itoa(ds.Levels), "no levels: every parameter lists its own levels")
			return
		}
		if tooBig(size) {
			return
		}
		d, err = sensitivity.Grid(factors, ds.Levels)
	case LatinHypercube:
		if !needRange() || !noLevels() || !needN("the number of points") || tooBig(float64(ds.N)) {
			return
		}
		d, err = sensitivity.LatinHypercube(factors, ds.N, sw.Seed)
	case Saltelli:
		if !needRange() || !noLevels() || !needN("the number of base rows (points = n × (parameters + 2))") || tooBig(float64(ds.N)*float64(k+2)) {
			return
		}
		d, err = sensitivity.Saltelli(factors, ds.N, sw.Seed)
	case Morris:
		if ds.Levels == 0 {
			ds.Levels = 4
		}
		if ds.Levels < 2 || ds.Levels%2 != 0 || ds.Levels > 1000 {
			p.add("design.levels", strconv.Itoa(ds.Levels), "an even number of grid levels, at least 2 (default 4)")
			return
		}
		if !needRange() || !needN("the number of trajectories (points = n × (parameters + 1))") || tooBig(float64(ds.N)*float64(k+1)) {
			return
		}
		d, err = sensitivity.Morris(factors, ds.N, ds.Levels, sw.Seed)
	default:
		return // designKind reported it
	}
	if err != nil {
		p.add("design", "", err.Error())
		return
	}
	sw.Design = d
}

// designKind checks that the file has a design of a known kind, with the
// other problems of the file (the design itself is made once they are
// fixed).
func (p *parser) designKind(ds designSpec) {
	if _, given := p.lines["design"]; !given {
		p.add("design", "", "a design: kind grid, latin-hypercube, saltelli or morris (design: {kind: grid, levels: 3})")
		return
	}
	switch ds.Kind {
	case Grid, LatinHypercube, Saltelli, Morris:
	case "":
		p.add("design.kind", "", "a kind: grid, latin-hypercube, saltelli or morris")
	default:
		p.add("design.kind", strconv.Quote(ds.Kind), "grid, latin-hypercube, saltelli or morris")
	}
}

// checkPoints validates the model config of every design point, so a sweep
// never fails half-way through.
func (p *parser) checkPoints(sw *Sweep) {
	reported := 0
	for i := range sw.Design.Points {
		cfg, err := sw.Config(i)
		if err == nil {
			_, err = sim.New(cfg)
		}
		if err == nil {
			continue
		}
		var where []string
		for j, par := range sw.Params {
			where = append(where, par.Path+"="+num(par.Applied(sw.Design.Points[i][j])))
		}
		p.add("parameters", "", fmt.Sprintf("parameters valid together at every design point; at point %d (%s): %s",
			i, strings.Join(where, ", "), indent(err.Error())))
		reported++
		if reported == 3 {
			return
		}
	}
}

// resolvedFile is the layout of a resolved sweep.
type resolvedFile struct {
	Name         string      `yaml:"name"`
	Description  string      `yaml:"description,omitempty"`
	Base         *yaml.Node  `yaml:"base"`
	Parameters   []paramSpec `yaml:"parameters"`
	Design       designSpec  `yaml:"design"`
	Replications int         `yaml:"replications,omitempty"`
	Precision    *Precision  `yaml:"precision,omitempty"`
	Outcomes     []string    `yaml:"outcomes"`
	Years        []int       `yaml:"years"`
	Seed         uint64      `yaml:"seed"`
}

func (s *Sweep) marshalResolved(ds designSpec) ([]byte, error) {
	by, err := s.Base.YAML()
	if err != nil {
		return nil, err
	}
	var base yaml.Node
	if err := yaml.Unmarshal(by, &base); err != nil {
		return nil, err
	}
	if s.Design.Kind == Morris {
		ds.Levels = s.Design.Levels
	}
	r := resolvedFile{
		Name: s.Name, Description: s.Description, Base: base.Content[0],
		Design: ds, Replications: s.Reps, Precision: s.Precision,
		Outcomes: s.Outcomes, Years: s.Years, Seed: s.Seed,
	}
	for _, par := range s.Params {
		ps := paramSpec{Path: par.Path}
		if par.HasRange {
			ps.Min, ps.Max = &par.Min, &par.Max
		}
		for _, x := range par.Levels {
			switch par.Kind {
			case Bool:
				ps.Levels = append(ps.Levels, x != 0)
			case Int:
				ps.Levels = append(ps.Levels, int64(x))
			default:
				ps.Levels = append(ps.Levels, x)
			}
		}
		r.Parameters = append(r.Parameters, ps)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// unknownKey suggests a key of the mapping an unknown key is in, and
// lists them all.
func unknownKey(_, key, typ string) (string, []string) {
	known := keys[typ[strings.LastIndexByte(typ, '.')+1:]]
	return closest(key, known), known
}

// closest returns the candidate nearest to s by edit distance, if close.
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if len(c) >= 3 && (strings.HasPrefix(s, c) || strings.HasPrefix(c, s)) {
			return c
		}
		if d := textdist.Distance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
