package calibrate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/povsim/povsim/internal/yamlerr"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
	"go.yaml.in/yaml/v3"
)

// Prior is the prior distribution of a fitted parameter over its range.
type Prior string

// The priors a targets file may name.
const (
	Uniform    Prior = "uniform"     // flat on the range
	LogUniform Prior = "log-uniform" // flat in the logarithm on the range (lower end > 0)
	Normal     Prior = "normal"      // normal with Mean and SD, cut to the range
)

// Param is a parameter to fit: a config path with its search range and prior.
type Param struct {
	Path     string
	Lo, Hi   float64
	Prior    Prior
	Mean, SD float64 // Normal only
	Line     int
}

// Use says what a target is for: fitted, or held out for validation.
type Use uint8

// The uses a targets file may give (key use).
const (
	Fit     Use = iota // enters the calibration's distance (the zero value: a target without use)
	HeldOut            // held out for validation: reported beside the fit, never fitted
)

// String is the use as a targets file writes it: "fit" or "held-out".
func (u Use) String() string {
	if u == HeldOut {
		return "held-out"
	}
	return "fit"
}

// MarshalText writes the use's name.
func (u Use) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// UnmarshalText reads "fit" or "held-out".
func (u *Use) UnmarshalText(b []byte) error {
	switch string(b) {
	case "fit":
		*u = Fit
	case "held-out":
		*u = HeldOut
	default:
		return fmt.Errorf("use: got %q, want fit or held-out", b)
	}
	return nil
}

// Target is a published figure: an outcome over calendar years From…To
// (one year when equal), overall or for a household Type, with its value
// and standard error (SE; given directly, or as a 95% interval), a
// pre-registered tolerance in the outcome's units, its source, and whether
// it is fitted or held out for validation (Use).
type Target struct {
	Name        string
	Outcome     string
	Type        string
	From, To    int
	Value       float64
	SE          float64
	Tolerance   float64
	Source      string
	Reliability string
	Use         Use
	Line        int
	stat        Statistic
}

// Years writes the target's span: "2022" or "2021-2024".
func (t Target) Years() string {
	if t.From == t.To {
		return strconv.Itoa(t.From)
	}
	return fmt.Sprintf("%d-%d", t.From, t.To)
}

// Fitted counts the targets with use fit.
func (ts *Targets) Fitted() int {
	n := 0
	for _, t := range ts.Targets {
		if t.Use == Fit {
			n++
		}
	}
	return n
}

// Targets is a loaded targets file.
type Targets struct {
	File    string
	Name    string
	BaseRef string              // the base scenario as the file names it
	Base    *scenarios.Scenario // the base scenario, loaded
	Params  []Param
	Targets []Target
	Hash    string // SHA-256 of the file's bytes
	unfit   error  // why the file cannot be calibrated on (Fittable), or nil
}

// LoadTargets reads and checks a targets file. Its base scenario is a
// library name or a file path relative to the targets file.
func LoadTargets(file string) (*Targets, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("targets: %w", err)
	}
	dir := filepath.Dir(file)
	return ParseTargets(file, data, func(ref string) (*scenarios.Scenario, error) {
		if strings.ContainsAny(ref, `/\`) || strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml") {
			if !filepath.IsAbs(ref) {
				ref = filepath.Join(dir, ref)
			}
		}
		return scenarios.Load(ref)
	})
}

// OpenTargets loads a targets file by its path, or one embedded in povsim
// by its name ("published": the published record, docs/MODEL.md §13). A
// reference with a path separator or a .yaml/.yml suffix is always a path;
// a bare name is the embedded file of that name, or else a file.
func OpenTargets(ref string) (*Targets, error) {
	if !strings.ContainsAny(ref, `/\`) && !strings.HasSuffix(ref, ".yaml") && !strings.HasSuffix(ref, ".yml") {
		if data, ok := scenarios.TargetsSource(ref); ok {
			return ParseTargets("targets:"+ref, data, scenarios.Load)
		}
		if _, err := os.Stat(ref); err != nil {
			return nil, fmt.Errorf("targets %q: neither a file nor an embedded targets file (embedded: %s)", ref, strings.Join(scenarios.Targets(), ", "))
		}
	}
	return LoadTargets(ref)
}

// targetsKeys are what a targets file's keys name, for messages.
var targetsKeys = yamlerr.Keys{Examples: "a targets file's key such as base, parameters or targets, a parameter's such as path or range, or a target's such as outcome, year or se"}

// ParseTargets reads a targets file's bytes (name is used in messages);
// loadBase loads the base scenario it names. Every problem found is
// reported at once, as a *scenarios.Error naming the file, line, key, value
// and what was expected.
func ParseTargets(name string, data []byte, loadBase func(ref string) (*scenarios.Scenario, error)) (*Targets, error) {
	d := &decoder{}
	ts := &Targets{File: name, BaseRef: "baseline"}
	sum := sha256.Sum256(data)
	ts.Hash = hex.EncodeToString(sum[:])
	doc, perr := yamlerr.Parse(data, "base, parameters and targets", targetsKeys)
	if doc == nil {
		return nil, yamlerr.New(name, perr)
	}
	var paramsNode, targetsNode *yaml.Node
	d.fields(doc, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			ts.Name = d.text(v, "name")
		case "base":
			ts.BaseRef = d.text(v, "base")
		case "parameters":
			paramsNode = v
		case "targets":
			targetsNode = v
		default:
			d.unknown(k, "", "name, base, parameters, targets")
		}
	})
	base, err := loadBase(ts.BaseRef)
	if err != nil {
		d.add(d.lineOf(doc, "base"), "base", strconv.Quote(ts.BaseRef), "a scenario (a library name or a file next to the targets file): "+err.Error())
	}
	ts.Base = base
	noParams := paramsNode == nil || paramsNode.Tag == "!!null" || paramsNode.Kind == yaml.SequenceNode && len(paramsNode.Content) == 0
	if !noParams { // none: a file to validate against, not to calibrate on (Fittable)
		ts.Params = d.params(paramsNode, doc, base)
	}
	ts.Targets = d.targets(targetsNode, doc, base)
	if err := yamlerr.New(name, d.problems); err != nil {
		return nil, err
	}
	var fit []scenarios.Problem
	if noParams {
		fit = append(fit, scenarios.Problem{Line: doc.Line, Key: "parameters", Want: "a list of parameters to fit (path, range, prior): povsim calibrate moves them"})
	}
	if ts.Fitted() == 0 {
		fit = append(fit, scenarios.Problem{Line: d.lineOf(doc, "targets"), Key: "targets", Value: "every target held-out",
			Want: "at least one target with use: fit (a calibration needs something to fit)"})
	}
	ts.unfit = yamlerr.New(name, fit)
	return ts, nil
}

// Fittable reports whether povsim calibrate can fit the file: it names
// parameters to fit and at least one target with use: fit. A file without
// them can still be validated against (povsim validate --targets).
func (ts *Targets) Fittable() error { return ts.unfit }

// decoder collects the problems of one targets file.
type decoder struct{ problems []scenarios.Problem }

func (d *decoder) add(line int, key, value, want string) {
	d.problems = append(d.problems, scenarios.Problem{Line: line, Key: key, Value: value, Want: want})
}

func (d *decoder) lineOf(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return m.Line
}

func hasKey(m *yaml.Node, key string) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return true
		}
	}
	return false
}

// fields visits a mapping's entries (yamlerr.Parse has refused a key
// given twice, or one that names nothing).
func (d *decoder) fields(m *yaml.Node, visit func(key string, k, v *yaml.Node)) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		visit(k.Value, k, v)
	}
}

func (d *decoder) unknown(k *yaml.Node, prefix, known string) {
	d.add(k.Line, prefix+k.Value, strconv.Quote(k.Value), "one of the keys "+known)
}

func (d *decoder) text(v *yaml.Node, key string) string {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		d.add(v.Line, key, describe(v), "text")
		return ""
	}
	return v.Value
}

// number reads a finite number; ok is false (and a problem recorded) otherwise.
func (d *decoder) number(v *yaml.Node, key string) (float64, bool) {
	if v.Kind == yaml.ScalarNode && (v.Tag == "!!int" || v.Tag == "!!float") {
		x, err := strconv.ParseFloat(strings.ReplaceAll(v.Value, "_", ""), 64)
		if err == nil && !math.IsInf(x, 0) && !math.IsNaN(x) {
			return x, true
		}
	}
	d.add(v.Line, key, describe(v), "a finite number")
	return 0, false
}

func (d *decoder) year(v *yaml.Node, key string) (int, bool) {
	x, ok := d.number(v, key)
	if !ok {
		return 0, false
	}
	if x != math.Trunc(x) || math.Abs(x) > 1e6 {
		d.add(v.Line, key, v.Value, "a calendar year (a whole number)")
		return 0, false
	}
	return int(x), true
}

// pair reads a list of two numbers.
func (d *decoder) pair(v *yaml.Node, key, want string) ([2]float64, bool) {
	if v.Kind != yaml.SequenceNode || len(v.Content) != 2 {
		d.add(v.Line, key, describe(v), want)
		return [2]float64{}, false
	}
	a, okA := d.number(v.Content[0], key+"[0]")
	b, okB := d.number(v.Content[1], key+"[1]")
	return [2]float64{a, b}, okA && okB
}

// describe writes a node as the file has it, for messages.
func describe(v *yaml.Node) string {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return "nothing"
		}
		return strconv.Quote(v.Value)
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	return "an alias"
}

// list checks that n is a non-empty list of mappings.
func (d *decoder) list(n, doc *yaml.Node, key, what string) []*yaml.Node {
	if n == nil {
		d.add(doc.Line, key, "", "a list of "+what)
		return nil
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.add(n.Line, key, describe(n), "a non-empty list of "+what)
		return nil
	}
	var out []*yaml.Node
	for i, it := range n.Content {
		if it.Kind != yaml.MappingNode {
			d.add(it.Line, fmt.Sprintf("%s[%d]", key, i), describe(it), "a mapping ("+what+")")
			continue
		}
		out = append(out, it)
	}
	return out
}

func (d *decoder) params(n, doc *yaml.Node, base *scenarios.Scenario) []Param {
	var out []Param
	seen := map[string]int{}
	for i, m := range d.list(n, doc, "parameters", "parameters to fit (path, range, prior)") {
		key := fmt.Sprintf("parameters[%d]", i)
		p := Param{Prior: Uniform, Line: m.Line}
		var hasRange, hasMean, hasSD bool
		d.fields(m, func(f string, k, v *yaml.Node) {
			switch f {
			case "path":
				p.Path = d.text(v, key+".path")
			case "range":
				r, ok := d.pair(v, key+".range", "a range [low, high]")
				p.Lo, p.Hi, hasRange = r[0], r[1], ok
				if ok && !(r[0] < r[1]) {
					d.add(v.Line, key+".range", fmt.Sprintf("[%g, %g]", r[0], r[1]), "a range [low, high] with low < high (this one is empty)")
					hasRange = false
				}
			case "prior":
				p.Prior = Prior(d.text(v, key+".prior"))
				if p.Prior != Uniform && p.Prior != LogUniform && p.Prior != Normal {
					d.add(v.Line, key+".prior", strconv.Quote(v.Value), "uniform, log-uniform or normal")
				}
			case "mean":
				p.Mean, hasMean = d.number(v, key+".mean")
			case "sd":
				p.SD, hasSD = d.number(v, key+".sd")
				if hasSD && p.SD <= 0 {
					d.add(v.Line, key+".sd", v.Value, "a positive standard deviation")
				}
			default:
				d.unknown(k, key+".", "path, range, prior, mean, sd")
			}
		})
		switch {
		case p.Path == "":
			d.add(m.Line, key+".path", "", "the config path of a parameter, e.g. transfers.subsidy.level")
		case seen[p.Path] > 0:
			d.add(d.lineOf(m, "path"), key+".path", strconv.Quote(p.Path), fmt.Sprintf("each parameter once (also at line %d)", seen[p.Path]))
		default:
			seen[p.Path] = d.lineOf(m, "path")
			d.checkPath(p, hasRange, base, key, d.lineOf(m, "path"), d.lineOf(m, "range"))
		}
		if !hasKey(m, "range") {
			d.add(m.Line, key+".range", "", "a range [low, high] to search")
		}
		if p.Prior == LogUniform && hasRange && p.Lo <= 0 {
			d.add(d.lineOf(m, "range"), key+".range", fmt.Sprintf("[%g, %g]", p.Lo, p.Hi), "a positive low end for a log-uniform prior")
		}
		if p.Prior == Normal && (!hasMean || !hasSD) {
			d.add(d.lineOf(m, "prior"), key+".prior", "normal", "mean and sd with a normal prior")
		}
		if p.Prior != Normal && (hasMean || hasSD) {
			f := "mean"
			if !hasMean {
				f = "sd"
			}
			d.add(d.lineOf(m, f), key+"."+f, "", "prior: normal (mean and sd belong to a normal prior)")
		}
		out = append(out, p)
	}
	return out
}

// checkPath checks that a parameter exists, is a real number, and that the
// base scenario stays valid at both ends of its range.
func (d *decoder) checkPath(p Param, hasRange bool, base *scenarios.Scenario, key string, pathLine, rangeLine int) {
	probe := sim.Default()
	if base != nil {
		probe = base.Config.Params.Clone()
	}
	x, err := probe.Get(p.Path)
	if err != nil {
		d.add(pathLine, key+".path", strconv.Quote(p.Path), yamlerr.ParamWant(err))
		return
	}
	if _, ok := x.(float64); !ok {
		d.add(pathLine, key+".path", strconv.Quote(p.Path), fmt.Sprintf("a parameter with a real value (this one holds %T)", x))
		return
	}
	if !hasRange || base == nil {
		return
	}
	for _, end := range []float64{p.Lo, p.Hi} {
		q := sim.Config{Params: base.Config.Params.Clone(), Timeline: base.Config.Timeline, Before: base.Config.Before}
		_ = q.Set(p.Path, end)
		if _, err := sim.New(q); err != nil {
			d.add(rangeLine, key+".range", fmt.Sprintf("[%g, %g]", p.Lo, p.Hi),
				fmt.Sprintf("a range of valid values (at %g: %s)", end, strings.ReplaceAll(err.Error(), "\n", "; ")))
			return
		}
	}
}

var reliabilityRE = regexp.MustCompile(`^[ABCD][-–+]?(\s*/\s*[ABCD][-–+]?)*$`)

func (d *decoder) targets(n, doc *yaml.Node, base *scenarios.Scenario) []Target {
	var out []Target
	for i, m := range d.list(n, doc, "targets", "published figures (outcome, year, value, se, tolerance, source, reliability)") {
		key := fmt.Sprintf("targets[%d]", i)
		t := Target{Line: m.Line}
		var has = map[string]bool{}
		var interval [2]float64
		d.fields(m, func(f string, k, v *yaml.Node) {
			has[f] = true
			fk := key + "." + f
			switch f {
			case "name":
				t.Name = d.text(v, fk)
			case "outcome":
				t.Outcome = d.text(v, fk)
			case "type":
				t.Type = d.text(v, fk)
			case "year":
				t.From, has[f] = d.year(v, fk)
				t.To = t.From
			case "years":
				if v.Kind != yaml.SequenceNode || len(v.Content) != 2 {
					d.add(v.Line, fk, describe(v), "a span [first, last] of calendar years")
					has[f] = false
					return
				}
				a, okA := d.year(v.Content[0], fk+"[0]")
				b, okB := d.year(v.Content[1], fk+"[1]")
				t.From, t.To, has[f] = a, b, okA && okB
				if has[f] && a > b {
					d.add(v.Line, fk, fmt.Sprintf("[%d, %d]", a, b), "a span [first, last] with first ≤ last")
					has[f] = false
				}
			case "value":
				t.Value, has[f] = d.number(v, fk)
			case "se":
				t.SE, has[f] = d.number(v, fk)
				if has[f] && t.SE <= 0 {
					d.add(v.Line, fk, v.Value, "a positive standard error")
				}
			case "interval":
				interval, has[f] = d.pair(v, fk, "a 95% interval [low, high]")
				if has[f] && !(interval[0] < interval[1]) {
					d.add(v.Line, fk, fmt.Sprintf("[%g, %g]", interval[0], interval[1]), "a 95% interval [low, high] with low < high")
					has[f] = false
				}
			case "tolerance":
				t.Tolerance, has[f] = d.number(v, fk)
				if has[f] && t.Tolerance <= 0 {
					d.add(v.Line, fk, v.Value, "a positive tolerance, in the outcome's units")
				}
			case "source":
				t.Source = d.text(v, fk)
			case "reliability":
				t.Reliability = d.text(v, fk)
				if t.Reliability != "" && !reliabilityRE.MatchString(t.Reliability) {
					d.add(v.Line, fk, strconv.Quote(t.Reliability), "a reliability mark A, B, C or D (official, academic, secondary, derived), e.g. B or A/D")
				}
			case "use":
				if u := d.text(v, fk); u != "" && t.Use.UnmarshalText([]byte(u)) != nil {
					d.add(v.Line, fk, strconv.Quote(u), "fit (the figure is fitted) or held-out (kept apart for validation)")
				}
			default:
				d.unknown(k, key+".", "name, outcome, type, year, years, value, se, interval, tolerance, source, reliability, use")
			}
		})
		d.checkTarget(&t, m, key, has, interval, base)
		out = append(out, t)
	}
	return out
}

// checkTarget checks what a target needs as a whole: its outcome, its
// years within the run, one uncertainty, and its source.
func (d *decoder) checkTarget(t *Target, m *yaml.Node, key string, has map[string]bool, interval [2]float64, base *scenarios.Scenario) {
	line := func(f string) int { return d.lineOf(m, f) }
	for _, f := range []string{"outcome", "value", "tolerance", "source", "reliability"} {
		if _, ok := has[f]; !ok {
			d.add(m.Line, key+"."+f, "", "a "+f+" for every target")
		}
	}
	if t.Outcome != "" {
		st, err := Lookup(t.Outcome, t.Type)
		if err != nil {
			k := key + ".outcome"
			if t.Type != "" {
				k = key + ".type"
			}
			v := t.Outcome
			if t.Type != "" {
				v = t.Type
			}
			d.add(line(strings.TrimPrefix(k, key+".")), k, strconv.Quote(v), err.Error())
		}
		t.stat = st
	}
	_, hasYear := has["year"]
	_, hasYears := has["years"]
	switch {
	case hasYear && hasYears:
		d.add(line("years"), key+".years", "", "year or years, not both")
	case !hasYear && !hasYears:
		d.add(m.Line, key+".year", "", "a year (or years: [first, last])")
	case base != nil && (has["year"] || has["years"]):
		p := base.Config.Params
		if first, last := p.StartYear, p.StartYear+p.Years-1; t.From < first || t.To > last {
			f := "year"
			if hasYears {
				f = "years"
			}
			d.add(line(f), key+"."+f, t.Years(), fmt.Sprintf("years within the simulated years %d–%d of base %s", first, last, base.Name))
		}
	}
	_, hasSE := has["se"]
	_, hasInterval := has["interval"]
	switch {
	case hasSE && hasInterval:
		d.add(line("interval"), key+".interval", "", "se or interval, not both")
	case !hasSE && !hasInterval:
		d.add(m.Line, key+".se", "", "the figure's uncertainty: se, or a 95% interval [low, high]")
	case has["interval"]:
		t.SE = (interval[1] - interval[0]) / (2 * 1.959963984540054)
		if has["value"] && (t.Value < interval[0] || t.Value > interval[1]) {
			d.add(line("interval"), key+".interval", fmt.Sprintf("[%g, %g]", interval[0], interval[1]), fmt.Sprintf("an interval around the value %g", t.Value))
		}
	}
	if t.Name == "" {
		t.Name = t.Outcome + typeSuffix(t.Type) + " " + t.Years()
	}
}

func typeSuffix(typ string) string {
	if typ == "" {
		return ""
	}
	return "." + typ
}
