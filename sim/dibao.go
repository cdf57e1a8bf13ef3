package sim

// dibao is step 12 (docs/MODEL.md §4, step 12), the safety net: the
// minimum living guarantee (dibao) and, for a household without labor
// capacity, extreme-poverty support (tekun), whose line is
// transfers.dibao.extreme_ratio times the dibao line (never below it). An eligible household
// (without labor capacity, or any household unless no_labor_only) is paid
// the gap between its line and its assessed per-capita income, times its
// size, if it takes the guarantee up. A household under monitoring takes
// it up and is assessed on this year's income so far: monitoring links it
// to social security (monitoring.social_security, N1); support found this
// year runs from its start (y.delayed). Any other household takes it up
// with probability transfers.dibao.takeup (its fixed draw) and is assessed
// on last year's income before the guarantee (this year's in the first
// year): a shock this year is not topped up until next year.
func dibao(y *householdYear, c *yearConst) {
	h, db := y.h, &c.p.Transfers.Dibao
	linked := y.assisted && c.p.Monitoring.SocialSecurity
	assessed := float64(h.LastIncome)
	if linked || c.year == c.p.StartYear {
		assessed = netIncome(&y.inc) / y.size
	}
	assessed = max(assessed, 0) // a negative income counts as none
	line := c.dibao
	if h.able == 0 {
		line *= max(1, db.ExtremeRatio) // never below the dibao line
	}
	// Take-up, eligibility and the means test in one branch: take-up is
	// drawn at random, so a branch of its own would often be mispredicted.
	takes := (b2i(float64(h.dibaoU) < db.Takeup) | b2i(linked)) & (b2i(h.able == 0) | b2i(!db.NoLaborOnly))
	if takes&b2i(assessed < line) == 0 {
		return
	}
	gap := (line - assessed) * y.size * (1 - y.delayed)
	y.dibaoPaid = gap
	y.inc[IncTransfers] += gap
	c.ys.Cost[CostDibao] += gap
	y.ev |= EvDibao
}
