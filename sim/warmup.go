package sim

// The warm-up year (docs/MODEL.md §3, step 9). The model simulates the
// year before its first, StartYear − 1, once and unrecorded, for one
// thing: the income a household had last year, which the dibao means test
// assesses (step 12). Without it the first year's means test read that
// year's own income and topped up its shocks at once, where every later
// year pays its first transfers.dibao.review_months on last year's income
// and tops this year's shocks up that late. The warm-up runs the
// household-year with the year before's parameters (Model.before: the
// starting parameters before any change of the timeline, with
// Config.Before set on them), without the
// population's own changes (ageing, deaths, onset, training, talent
// return), welfare posts or monitoring; then the households and villages
// are put back as they were drawn, each with the warm-up's income as its
// last year's. Nothing else of the warm-up carries over.

// warmUpParams are the warm-up year's parameters: the year before's, with
// the mechanisms the warm-up leaves out switched off.
func warmUpParams(before Params) Params {
	w := before.Clone()
	w.Demography.Enabled = false
	w.Health.ChronicOnset, w.Health.DisabilityOnset = 0, 0
	w.Training.Rate = 0
	w.Labor.TalentReturn = 0
	w.Posts.PerHundred = 0
	w.Monitoring.Enabled = false
	return w
}

// warmUp simulates the warm-up year of the replication with key rk, whose
// counts are discarded, and keeps of it each household's income.
func (r *Runner) warmUp(rk uint64) {
	copy(r.drawnHH, r.hh)
	copy(r.drawnV, r.villages)
	r.warmStats = YearStats{}
	r.startReplication()
	// No story is told of the warm-up (c.res stays nil), and its tally
	// uses the run's spell durations (newSpellCounts), so that the buffer
	// is kept.
	c := r.yearSetup(rk, -1, &r.m.warm, &r.warmStats)
	r.startTally(len(r.m.years) + 2)
	for i := range r.hh {
		if h := &r.hh[i]; h.Flags&flagDissolved == 0 {
			r.household(i, h, &c)
		}
	}
	r.redrawMarginal(rk, &c)
	for i := range r.hh {
		last := r.hh[i].LastIncome
		r.hh[i] = r.drawnHH[i]
		r.hh[i].LastIncome = last
	}
	copy(r.villages, r.drawnV)
}
