package calibrate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// Keywords of --draws: DefaultDraws names the draws of the calibration of
// the default embedded in povsim (scenarios/calibrated, written by
// scripts/calibrate-default.sh); NoDraws, like an empty reference, asks for
// none. They win over files of the same names: a file called default is
// ./default.
const (
	DefaultDraws = "default"
	NoDraws      = "none"
)

// OpenDraws reads the draws ref names: nil for "" and "none", the embedded
// calibration's for "default", else the draws file ref (ReadDraws).
func OpenDraws(ref string) (*Draws, error) {
	switch ref {
	case "", NoDraws:
		return nil, nil
	case DefaultDraws:
		return embeddedDraws()
	}
	return ReadDraws(ref)
}

// embeddedDraws parses the embedded draws and gives them the base the
// calibration fitted them on, read from its provenance.
func embeddedDraws() (*Draws, error) {
	b, err := scenarios.Calibration("draws.csv")
	if err != nil {
		return nil, err
	}
	d, err := ParseDraws(DefaultDraws, bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("the embedded calibration (a bug; run scripts/calibrate-default.sh): %w", err)
	}
	prov, err := scenarios.Calibration("provenance.json")
	if err != nil {
		return nil, err
	}
	var p struct{ Base string }
	if err := json.Unmarshal(prov, &p); err != nil || p.Base == "" {
		return nil, fmt.Errorf("--draws default: the embedded calibration's provenance.json names no base scenario (a bug; run scripts/calibrate-default.sh)")
	}
	base, err := scenarios.Load(p.Base)
	if err != nil {
		return nil, fmt.Errorf("--draws default: the calibration's base: %w", err)
	}
	d.Base = make([]float64, len(d.Paths))
	for j, path := range d.Paths {
		if d.Base[j], err = realAt(&base.Config.Params, path); err != nil {
			return nil, fmt.Errorf("--draws default: base %s: %w", p.Base, err)
		}
	}
	d.BaseName = p.Base
	return d, nil
}

// ParseDraws reads a draws table in CSV from r; name is the file in
// messages and in Draws.File. ReadDraws reads files with it.
func ParseDraws(name string, r io.Reader) (*Draws, error) {
	head, rows, err := csvRows(r)
	if err != nil {
		return nil, fmt.Errorf("--draws %s: %w", name, err)
	}
	return parseDraws(name, head, rows)
}

// realAt is the real value at path.
func realAt(p *sim.Params, path string) (float64, error) {
	v, err := p.Get(path)
	if err != nil {
		return 0, err
	}
	x, ok := v.(float64)
	if !ok {
		return 0, fmt.Errorf("%s is not a real-valued parameter", path)
	}
	return x, nil
}

// Held is a drawn path a scenario sets to a value of its own (in its file,
// by --set or by a lever): the scenario keeps Value in every draw, instead
// of the draws', which describe the calibration's base, where it is Base.
type Held struct {
	Path        string
	Value, Base float64
}

// String says what was held, for people.
func (h Held) String() string {
	return fmt.Sprintf("keeps %s = %g, its own setting, in every draw (the calibrated base has %g)", h.Path, h.Value, h.Base)
}

// Models makes the model of cfg (scenario name, for messages) at every
// draw, with the draw's values set at its paths in the first year (changes
// of a timeline still apply from their years). When the draws know their
// base (the embedded ones), a path where cfg's first-year value differs
// from the base's is the scenario's own setting: it is held at cfg's
// value in every draw and listed in held, and where cfg's warm-up runs on
// the base's value (cfg.Before), it runs on the draw's. Draws
// of a file replace every path they hold, from the warm-up on.
func (d *Draws) Models(name string, cfg sim.Config) (models []*sim.Model, held []Held, err error) {
	keep := make([]bool, len(d.Paths))
	if d.Base != nil {
		for j, path := range d.Paths {
			v, err := realAt(&cfg.Params, path)
			if err != nil {
				return nil, nil, fmt.Errorf("--draws %s: %w", d.File, err)
			}
			if v != d.Base[j] {
				keep[j] = true
				held = append(held, Held{Path: path, Value: v, Base: d.Base[j]})
			}
		}
	}
	models = make([]*sim.Model, len(d.Values))
	for k, vals := range d.Values {
		c := cfg
		c.Params = cfg.Params.Clone()
		for j, path := range d.Paths {
			if keep[j] {
				c.Before = drawBefore(c.Before, path, d.Base[j], vals[j])
				continue
			}
			if err := c.Set(path, vals[j]); err != nil {
				return nil, nil, fmt.Errorf("--draws %s: draw %d, %s: %w", d.File, k, path, err)
			}
		}
		if models[k], err = sim.New(c); err != nil {
			return nil, nil, fmt.Errorf("--draws %s: draw %d makes scenario %s invalid: %w", d.File, k, name, err)
		}
	}
	return models, held, nil
}

// drawBefore is the warm-up settings before with the draw's value x at path
// if before holds the calibrated base's value there (a copy; before is not
// changed): a scenario that holds its own value of a drawn path from its
// first year on runs the year before on the draw, as the base does.
func drawBefore(before map[string]any, path string, base, x float64) map[string]any {
	if v, ok := before[path].(float64); !ok || v != base {
		return before
	}
	out := maps.Clone(before)
	out[path] = x
	return out
}

// Groups are the draw groups of reps replications run perDraw to a draw:
// replication r is in group r/perDraw, which runs on draw d.Pick(group,
// seed).
func (d *Draws) Groups(reps, perDraw int, seed uint64) analysis.DrawGroups {
	seen := map[int]bool{}
	for g := 0; g*perDraw < reps; g++ {
		seen[d.Pick(g, seed)] = true
	}
	return analysis.DrawGroups{Group: func(r int) int { return r / perDraw }, Distinct: len(seen)}
}

// ValidateOn is Validate on parameter draws: replication r of sc runs on
// draw d.Pick(r/perDraw, opt.Seed) (Draws.Models: a scenario's own settings
// are held and listed), and the wall's intervals carry the parameters'
// uncertainty (WallOfDraws). Without draws (d nil) it is Validate.
func ValidateOn(ctx context.Context, ts *Targets, sc *scenarios.Scenario, opt Options, d *Draws, perDraw int) (*Wall, []Held, error) {
	if d == nil {
		w, err := Validate(ctx, ts, sc, opt)
		return w, nil, err
	}
	if perDraw < 1 {
		return nil, nil, fmt.Errorf("replications per draw: want at least 1, got %d", perDraw)
	}
	s, err := newSim(ts, sc.Config, opt)
	if err != nil {
		return nil, nil, err
	}
	models, held, err := d.Models(sc.Name, s.cfg)
	if err != nil {
		return nil, nil, err
	}
	m, err := sim.New(s.cfg)
	if err != nil {
		return nil, nil, err
	}
	res, err := analysis.Ensemble(ctx, []*sim.Model{m}, analysis.Options{Reps: opt.Reps, Seed: opt.Seed, Workers: opt.Workers,
		Models: func(_, r int) *sim.Model { return models[d.Pick(r/perDraw, opt.Seed)] }})
	if err != nil {
		return nil, nil, err
	}
	w, err := WallOfDraws(ts, sc.Name, m.Households(), opt.Seed, res[0], d.Groups(opt.Reps, perDraw, opt.Seed))
	return w, held, err
}
