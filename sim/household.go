package sim

// householdYear is one household's year in progress: what each step of
// the household-year hands on to the steps after it.
type householdYear struct {
	i   int
	key uint64 // the household-year's key: its streams start here (rng.go)
	h   *household
	vg  *village // the household's village this year

	size float64 // members, after demography: the divisor of per-capita income

	inc           [NumComponents]float64 // this year's income by component, yuan
	medical       float64                // this year's medical bill before reimbursement (step 5)
	ill           int                    // the member with a major illness this year, or −1 (step 5)
	routine       float64                // this year's out-of-pocket spending on routine care, yuan: consumption, not in inc (step 5)
	young         bool                   // an able laborer is under ecommerce.young_age (step 7; read by step 8)
	laborCapacity float64                // the land the able laborers can farm after their work, mu (step 7; read by step 8)
	migrants      int                    // employed migrants (step 7)
	employed      int                    // laborers with a wage job at the year's end or a post (steps 6, 7 and 11; read by step 13)
	cultivated    float64                // land farmed this year, mu (step 8)
	idle          float64                // land left idle this year, mu (step 8)
	dibaoPaid     float64                // the guarantee paid this year (step 12)
	covered       bool                   // enrolled in the safety net with a guarantee above 0 this year (step 12; read by step 13)
	kind          uint8                  // the kind of assistance paid this year (step 11; read by the story)
	assisted      bool                   // monitored and assisted this year (step 11; read by step 13)
	delayed       float64                // the share of the year before support started, for a household identified this year (step 11)
	found         bool                   // identified this year, not of the stock found in 2020 (step 11; read by step 13)
	registered    bool                   // a registered return this year (step 13)
	unpaid        float64                // the year's response (assistance, guarantee) not paid because support started late, yuan (steps 11–12; read by step 13)
	loss          [numShocks]float64     // what each shock cost the household this year, yuan, by Cause (causes.go)
	ev            Event                  // what happened, for the story of a traced household
}

// householdKey is the key of household i's year, where its streams start:
// entityYearKey(rk, entityHousehold|i, year), or in the warm-up's redraw k
// of a marginal household (marginal.go) that of the entity i + k·2⁴⁰.
func (c *yearConst) householdKey(i int) uint64 {
	return entityKey(c.hkey, entityHousehold|c.redraw|uint64(i))
}

// household simulates one household-year: the steps of docs/MODEL.md §4,
// in order, each a function in the file named after its mechanism. A step
// that does not run this year (yearConst.run) is not called.
func (r *Runner) household(i int, h *household, c *yearConst) {
	y := householdYear{
		i:   i,
		key: c.householdKey(i),
		h:   h,
		vg:  &r.villages[h.Village],
		ill: -1,
	}
	if y.vg.disaster {
		y.ev = EvDisaster
	}
	if c.run.demography && !demography(&y, c) { // 1. demography.go
		return // no member left
	}
	if c.run.health {
		healthOnset(&y, c) // 2. health.go
	}
	assistanceLag(h, c) // 4. monitoring.go
	y.size = float64(h.Size)
	illness(&y, c) // 5. illness.go
	if c.run.routineCare {
		routineCare(&y, c) // 5. routinecare.go
	}
	if c.run.posts {
		welfarePost(&y, c) // 6. posts.go
	}
	work(&y, c)    // 7. work.go
	farming(&y, c) // 8. land.go
	if y.vg.disaster {
		disasterDamage(&y, c) // 9. disaster.go
	}
	transfers(&y, c) // 10. transfers.go
	if c.run.monitoring {
		monitor(&y, c) // 11. monitoring.go
	}
	if c.run.dibao {
		dibao(&y, c) // 12. dibao.go
	}
	r.record(&y, c) // 13. income.go and record.go
}
