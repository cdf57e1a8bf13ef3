package sim

import "math/bits"

// training is step 3 (docs/MODEL.md §4, step 3): an able laborer of
// training.age_max or younger is trained with probability training.rate
// (draw m of the training stream for member m) and gains skill.
func training(y *householdYear, c *yearConst) {
	h, tr := y.h, &c.p.Training
	s := seedOf(y.key, purposeTraining)
	for lm := uint(h.able); lm != 0; lm &= lm - 1 {
		m := bits.TrailingZeros(lm)
		mb := &h.Members[m]
		if ageOf(mb, c.aged) > tr.AgeMax || drawAt(s, m) >= tr.Rate {
			continue
		}
		mb.Skill = float32(min(1, float64(mb.Skill)+tr.Gain))
		c.ys.Trained++
		c.ys.Cost[CostTraining] += tr.CostPer
		y.ev |= EvTrained
	}
}
