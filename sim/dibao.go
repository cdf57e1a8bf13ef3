package sim

// dibao is step 12 (docs/MODEL.md §4, step 12), the minimum living
// guarantee: a household that takes it up (its fixed draw below
// transfers.dibao.takeup) and is eligible (without labor capacity, or any
// household unless no_labor_only) is paid the gap between the dibao line
// and its assessed per-capita income, times its size. The means test
// assesses last year's income before the guarantee (this year's, so far,
// in the first year): a shock this year is not topped up until next year.
func dibao(y *householdYear, c *yearConst) {
	h, db := y.h, &c.p.Transfers.Dibao
	assessed := float64(h.LastIncome)
	if c.year == c.p.StartYear {
		assessed = netIncome(&y.inc) / y.size
	}
	assessed = max(assessed, 0) // a negative income counts as none
	// Take-up, eligibility and the means test in one branch: take-up is
	// drawn at random, so a branch of its own would often be mispredicted.
	takes := b2i(float64(h.dibaoU) < db.Takeup) & (b2i(h.able == 0) | b2i(!db.NoLaborOnly))
	if takes&b2i(assessed < c.dibao) == 0 {
		return
	}
	gap := (c.dibao - assessed) * y.size
	y.dibaoPaid = gap
	y.inc[IncTransfers] += gap
	c.ys.Cost[CostDibao] += gap
	y.ev |= EvDibao
}
