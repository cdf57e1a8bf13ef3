package sim

// routineCareYear is what routine care reads of a year.
type routineCareYear struct {
	median float64 // the median spending per member, yuan: routine_cost · g_z · exp(−σ²/2)
	sigma  float64 // health.routine_sigma
}

func newRoutineCareYear(hp *Health, indexG float64) routineCareYear {
	s := hp.RoutineSigma
	return routineCareYear{median: hp.RoutineCost * indexG * expG(-s*s/2), sigma: s}
}

// routineCare is the second part of step 5 (docs/MODEL.md §4, step 5): the
// household's out-of-pocket spending on routine care, outpatient visits
// and drugs, lognormal with mean health.routine_cost per member (indexed)
// and log-sd health.routine_sigma. It is consumption, as a household
// survey counts it: it is not subtracted from income, but it is
// out-of-pocket health spending in the test of catastrophic health
// expenditure (step 13).
func routineCare(y *householdYear, c *yearConst) {
	rc := &c.routineCare
	z := c.d.normAt(seedOf(y.key, purposeRoutineCare), 0)
	y.routine = y.size * lognormal(0, rc.sigma, z) * rc.median
}
