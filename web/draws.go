package web

import (
	"fmt"
	"net/http"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

// Headline is the variance split of a run's headline numbers when it ran
// on parameter draws: the registered return and the return rate over all
// years of the reference and of the class's policy, and their paired
// differences.
type Headline struct {
	RefRegistered  analysis.Split `json:"ref_mean_registered"`
	AltRegistered  analysis.Split `json:"alt_mean_registered"`
	DiffRegistered analysis.Split `json:"diff_mean_registered"`
	Ref            analysis.Split `json:"ref_mean_rate"`
	Alt            analysis.Split `json:"alt_mean_rate"`
	Diff           analysis.Split `json:"diff_mean_rate"`
}

// drawModels makes cfg's model at every parameter draw the server has.
func (s *Server) drawModels(cfg sim.Config) ([]*sim.Model, error) {
	d := s.cfg.Draws
	out := make([]*sim.Model, len(d.Values))
	for k, vals := range d.Values {
		c := cfg
		c.Params = cfg.Params.Clone()
		for j, p := range d.Paths {
			if err := c.Params.Set(p, vals[j]); err != nil {
				return nil, fmt.Errorf("draw %d, %s: %w", k, p, err)
			}
		}
		m, err := sim.New(c)
		if err != nil {
			return nil, fmt.Errorf("draw %d makes the scenario invalid: %w", k, err)
		}
		out[k] = m
	}
	return out, nil
}

// withDraws sets the plan's models per draw, if the request asks for draws.
func (s *Server) withDraws(req *RunRequest, pl *plan, refCfg, altCfg sim.Config) error {
	if !req.Draws {
		return nil
	}
	if s.cfg.Draws == nil {
		return bad(http.StatusBadRequest, "draws: this server has no parameter draws (start it with povsim serve --draws FILE)")
	}
	var err error
	if pl.refDraws, err = s.drawModels(refCfg); err != nil {
		return &badRequest{http.StatusBadRequest, err}
	}
	if pl.altDraws, err = s.drawModels(altCfg); err != nil {
		return &badRequest{http.StatusBadRequest, err}
	}
	return nil
}

// perDraw is how many replications share a draw.
func (s *Server) perDraw() int { return max(2, s.cfg.PerDraw) }

// draw is the draw replication rep runs on.
func (s *Server) draw(pl *plan, rep int) int { return s.cfg.Draws.Pick(rep/s.perDraw(), pl.seed) }

// models is analysis.Options.Models for a plan with draws (nil without).
func (s *Server) models(pl *plan) func(m, rep int) *sim.Model {
	if pl.refDraws == nil {
		return nil
	}
	return func(m, rep int) *sim.Model {
		if m == 0 {
			return pl.refDraws[s.draw(pl, rep)]
		}
		return pl.altDraws[s.draw(pl, rep)]
	}
}

// groups are the draw groups of the plan's replications.
func (s *Server) groups(pl *plan) analysis.DrawGroups {
	seen := map[int]bool{}
	for r := 0; r < pl.reps; r++ {
		seen[s.draw(pl, r)] = true
	}
	k := s.perDraw()
	return analysis.DrawGroups{Group: func(r int) int { return r / k }, Distinct: len(seen)}
}

// applyDraws gives a result's intervals parameter uncertainty.
func applyDraws(out *RunResult, ref, alt []sim.Result, d analysis.DrawGroups) {
	if d.Distinct > 1 {
		out.Uncertainty = analysis.IntervalParams
	}
	for _, o := range []struct {
		dst *Outcomes
		res []sim.Result
	}{{&out.Ref, ref}, {&out.Alt, alt}} {
		get := func(k analysis.OutcomeKey) []analysis.Estimate { return analysis.SeriesDraws(k, o.res, d).Years }
		o.dst.Registered = get(analysis.RegisteredReturn)
		o.dst.ReturnRate, o.dst.EverReturned, o.dst.Monitored = get(analysis.ReturnRate), get(analysis.EverReturned), get(analysis.Monitored)
		o.dst.Income, o.dst.Cost = get(analysis.Income), get(analysis.Cost)
	}
	out.Diff.Registered = analysis.PairedSeriesDraws(analysis.RegisteredReturn, ref, alt, d).Years
	out.Diff.ReturnRate = analysis.PairedSeriesDraws(analysis.ReturnRate, ref, alt, d).Years
	out.Diff.Cost = analysis.PairedSeriesDraws(analysis.Cost, ref, alt, d).Years
	one := func(f func(r int) (float64, bool)) (analysis.Estimate, analysis.Split) {
		var xs []float64
		var reps []int
		for r := range ref {
			if x, ok := f(r); ok {
				xs, reps = append(xs, x), append(reps, r)
			}
		}
		return analysis.EstimateDraws(xs, reps, d)
	}
	h := &Headline{}
	for _, m := range []struct {
		f                 func(*sim.Result) (float64, bool)
		ref, alt, diff    *analysis.Estimate
		sRef, sAlt, sDiff *analysis.Split
	}{
		{meanRegistered, &out.Ref.MeanRegistered, &out.Alt.MeanRegistered, &out.Diff.MeanRegistered, &h.RefRegistered, &h.AltRegistered, &h.DiffRegistered},
		{meanRate, &out.Ref.MeanRate, &out.Alt.MeanRate, &out.Diff.MeanRate, &h.Ref, &h.Alt, &h.Diff},
	} {
		*m.ref, *m.sRef = one(func(r int) (float64, bool) { return m.f(&ref[r]) })
		*m.alt, *m.sAlt = one(func(r int) (float64, bool) { return m.f(&alt[r]) })
		*m.diff, *m.sDiff = one(func(r int) (float64, bool) {
			a, okA := m.f(&alt[r])
			b, okB := m.f(&ref[r])
			return a - b, okA && okB
		})
	}
	out.Split = h
}
