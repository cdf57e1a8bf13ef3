package sim

// dibao is step 12 (docs/MODEL.md §4, step 12), the safety net: the
// minimum living guarantee (dibao) and, for a household without labor
// capacity, extreme-poverty support (tekun). It pays the household its
// guarantee; in the year monitoring finds a household, what linking adds
// to the guarantee it already had runs from the start of its support
// (y.delayed), and the rest of that is y.unpaid: being found never cuts
// the guarantee a household received before.
func dibao(y *householdYear, c *yearConst) {
	linked := y.assisted && c.p.Monitoring.SocialSecurity
	yearly, atEnd := guarantee(y, c, linked)
	if yearly == 0 {
		return
	}
	// had is what it receives anyway, paid all year: the whole guarantee
	// unless monitoring links it during this year, then what it had unlinked.
	had := yearly
	if linked && y.delayed > 0 { // linked from the year's start, it is paid yearly all year anyway
		had, _ = guarantee(y, c, false)
		had = min(had, yearly)
	}
	y.covered = true
	if atEnd { // on the rolls at the year's end
		c.ys.CoveredPeople += int(y.h.Size)
		if y.h.Flags&flagFormerlyPoor != 0 {
			c.ys.CoveredPeopleFormerlyPoor += int(y.h.Size)
		}
	}
	gap := had + (yearly-had)*(1-y.delayed)
	y.unpaid += yearly - gap
	y.dibaoPaid = gap
	y.inc[IncTransfers] += gap
	c.ys.Cost[CostDibao] += gap
	y.ev |= EvDibao
}

// guarantee is the household's guarantee this year, yuan: per person, the
// gaps between its line and the per-capita incomes its reviews assess,
// weighted by the part of the year each review's payment runs, times its
// size, if it is enrolled and eligible; else 0.
//
// Its line is the dibao line, or for a household without labor capacity
// the tekun line, transfers.dibao.extreme_ratio times it (never below it).
// A household is eligible without labor capacity, or always unless
// no_labor_only. A household linked to the safety net by monitoring
// (monitoring.social_security, N1) is enrolled and assessed on this
// year's income so far. Any other household is enrolled if it takes the
// guarantee up (its fixed draw against transfers.dibao.takeup), or if it
// has no labor capacity and is formerly poor with
// transfers.dibao.campaign_floor (the 2016–2020 campaign enrolled those
// households) or marginal with transfers.dibao.marginal_floor. Its income is
// reviewed every transfers.dibao.review_months (review_months_no_labor
// without labor capacity), each review assessing the income since the
// last one and paying its own top-up until the next: with income flowing
// evenly over a year, the first review_months of the year are paid on
// last year's per-capita income before the guarantee (in the first year
// the warm-up year's, warmup.go), the rest on this year's so far. The
// warm-up, with no year before it, reads its own. Monitoring (step 11)
// reads the guarantee of a household not yet linked, which the household
// already receives when the year's risks are assessed. atEnd reports
// whether the payment running at the year's end is above 0: the last
// review of the year reads this year's income, unless the whole year is
// paid on last year's (review_months 12).
func guarantee(y *householdYear, c *yearConst, linked bool) (yearly float64, atEnd bool) {
	h, db := y.h, &c.p.Transfers.Dibao
	line, months := c.dibao, db.ReviewMonths
	if h.able == 0 {
		line *= max(1, db.ExtremeRatio) // never below the dibao line
		months = db.ReviewMonthsNoLabor
	}
	floor := h.able == 0 && (db.CampaignFloor && h.Flags&flagFormerlyPoor != 0 ||
		db.MarginalFloor && h.Flags&flagFormerlyPoor == 0)
	enrolled := linked || floor || float64(h.dibaoU) < db.Takeup
	if !enrolled || (db.NoLaborOnly && h.able != 0) {
		return 0, false
	}
	// wLast is the part of the year paid on last year's income.
	wLast := months / 12
	if linked || c.year < c.p.StartYear { // the warm-up year has no year before it
		wLast = 0
	}
	now, last := topUp(line, netIncome(&y.inc)/y.size), topUp(line, float64(h.LastIncome))
	atEnd = now > 0
	if wLast >= 1 {
		atEnd = last > 0
	}
	return ((1-wLast)*now + wLast*last) * y.size, atEnd
}

// topUp is one review's guarantee per person a year: the gap between the
// line and the per-capita income the review assesses, a negative income
// counting as none.
func topUp(line, income float64) float64 {
	return max(0, line-max(income, 0))
}
