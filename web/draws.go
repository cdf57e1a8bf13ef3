package web

import (
	"net/http"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/analysis/calibrate"
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

// withDraws sets the plan's models per draw, if the request asks for draws,
// and says which drawn parameters the reference or the class's policy
// keeps at its own value (calibrate.Draws.Models).
func (s *Server) withDraws(req *RunRequest, pl *plan, refCfg, altCfg sim.Config) error {
	if !req.Draws {
		return nil
	}
	d := s.cfg.Draws
	if d == nil {
		return bad(http.StatusBadRequest, "draws: this server has no parameter draws (start it with povsim serve --draws default, or a draws file)")
	}
	var err error
	var held []calibrate.Held
	if pl.refDraws, held, err = d.Models(pl.refLabel, refCfg); err != nil {
		return &badRequest{http.StatusBadRequest, err}
	}
	for _, h := range held {
		pl.held = append(pl.held, pl.refLabel+" "+h.String())
	}
	if pl.altDraws, held, err = d.Models(pl.label, altCfg); err != nil {
		return &badRequest{http.StatusBadRequest, err}
	}
	for _, h := range held {
		pl.held = append(pl.held, pl.label+" "+h.String())
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
	return s.cfg.Draws.Groups(pl.reps, s.perDraw(), pl.seed)
}

// applyDraws gives a result's intervals parameter uncertainty.
func applyDraws(out *RunResult, ref, alt []sim.Result, d analysis.DrawGroups, held []string) {
	if d.Distinct > 1 {
		out.Uncertainty = analysis.IntervalParams
	}
	out.Held = held
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
		*m.ref, *m.alt = analysis.UnitInterval.Clamp(*m.ref), analysis.UnitInterval.Clamp(*m.alt) // pooled rates; the difference keeps its sign
		*m.diff, *m.sDiff = one(func(r int) (float64, bool) {
			a, okA := m.f(&alt[r])
			b, okB := m.f(&ref[r])
			return a - b, okA && okB
		})
	}
	out.Split = h
}
