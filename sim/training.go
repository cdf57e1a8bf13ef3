package sim

// train is step 3 (docs/MODEL.md §4, step 3) for able laborer m: one of
// training.age_max or younger is trained with probability training.rate
// (draw m of the household's training stream) and gains skill. The work
// loop of step 7, which visits the same laborers, calls it.
func train(y *householdYear, m int, c *yearConst) {
	tr, mb := &c.p.Training, &y.h.Members[m]
	if ageOf(mb, c.aged) > tr.AgeMax || drawAt(seedOf(y.key, purposeTraining), m) >= tr.Rate {
		return
	}
	mb.Skill = float32(min(1, float64(mb.Skill)+tr.Gain))
	c.ys.Trained++
	c.ys.Cost[CostTraining] += tr.CostPer
	y.ev |= EvTrained
}
