package sim

// The marginal households' 2020 definition (docs/MODEL.md §3, step 10).
// The households the model draws that were never registered poor are the
// marginal households prone to poverty, which N1 defines as ordinary
// households with the same income condition as the unstable formerly
// poor: a per-capita net income under the monitoring range, about 1.5
// times the line in 2020 (P6). With population.marginal_line above 0, a
// marginal household whose warm-up per-capita income before the guarantee
// is at or over marginal_line times the warm-up year's line is drawn again,
// from a start stream and a warm-up year of its own, until a draw is
// under it; after maxMarginalDraws draws the last is kept. Formerly poor
// households are drawn once, whatever their income: registration was
// settled by 2020.

// maxMarginalDraws bounds a marginal household's redraws.
const maxMarginalDraws = 100

// redrawBits is draw k's part of a household's entity (bits 40 and up;
// households are fewer than 2^40): draw 0 is the household as first drawn.
func redrawBits(k int) uint64 { return uint64(k) << 40 }

// redrawMarginal redraws, after the warm-up year c, the marginal
// households whose warm-up income is over the line population.marginal_line
// sets, each redraw simulated through a warm-up year of its own. A
// county's household records are never redrawn.
func (r *Runner) redrawMarginal(rk uint64, c *yearConst) {
	ratio := c.p.Population.MarginalLine
	if ratio == 0 || len(r.m.records) > 0 {
		return
	}
	limit := ratio * c.line
	for i := range r.hh {
		h := &r.hh[i]
		for k := 1; k <= maxMarginalDraws && h.Flags&flagFormerlyPoor == 0 && float64(h.LastIncome) >= limit; k++ {
			r.drawHousehold(rk, i, k, r.drawnV)
			r.drawnHH[i] = *h
			h.takeCensus() // as startReplication did for the first draws
			c.redraw = redrawBits(k)
			r.household(i, h, c)
		}
	}
	c.redraw = 0
}
