package sim

// disasterDamage is step 9 (docs/MODEL.md §4, step 9): in a village a
// disaster strikes this year (village.go), a household is hit with
// probability disaster.household_hit and loses a lognormal amount of
// property, part of which relief pays back.
func disasterDamage(y *householdYear, c *yearConst) {
	ds := &c.p.Disaster
	s := seedOf(y.key, purposeDisaster)
	if drawAt(s, 0) >= ds.HouseholdHit {
		return
	}
	dmg := lognormal(ds.DamageMu, ds.DamageSigma, c.d.normAt(s, 1)) * c.indexG
	y.inc[IncDamage] = -dmg
	y.inc[IncRelief] = ds.Relief * dmg
	c.ys.Cost[CostDisasterRelief] += y.inc[IncRelief]
	y.loss[CauseDisaster] += dmg - y.inc[IncRelief]
	y.ev |= EvDamage
}
