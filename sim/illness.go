package sim

import "math"

// illnessYear is what step 5 reads of a year.
type illnessYear struct {
	p           [MaxMembers + 1][MaxMembers + 1]float64 // p_ill by the members chronically ill or disabled, and elderly
	chronicCost [MaxMembers + 1]float64                 // yearly care of n members chronically ill or disabled, yuan
	docCostMul  float64                                 // 1 − health.doctor_cost_cut: the bill in a village with a rural doctor
}

func newIllnessYear(hp *Health, indexG float64) (il illnessYear) {
	for nc := range il.p {
		for ne := range il.p[nc] {
			il.p[nc][ne] = math.Min(1, hp.EventBase+hp.EventChronic*float64(nc)+hp.EventElderly*float64(ne))
		}
		il.chronicCost[nc] = hp.ChronicCost * float64(nc) * indexG
	}
	il.docCostMul = 1 - hp.DoctorCostCut
	return il
}

// illness is step 5 (docs/MODEL.md §4, step 5): a major illness strikes
// the household with a probability that grows with its chronically ill,
// disabled and elderly members, strikes one member (who loses part of its
// wage in step 7) and costs a lognormal bill; the chronically ill and
// disabled cost their yearly care. A rural doctor cuts the bill.
func illness(y *householdYear, c *yearConst) {
	h := y.h
	nSick := h.nChronic() + h.nDisabled()
	pIll := c.illness.p[nSick][h.nElderly()]
	medical := 0.0
	if s := seedOf(y.key, purposeIllness); drawAt(s, 0) < pIll {
		n := int(h.Size)
		y.ill = min(int(drawAt(s, 0)/pIll*float64(n)), n-1)
		hp := &c.p.Health
		medical = lognormal(hp.CostMu, hp.CostSigma, c.d.normAt(s, 1)) * c.indexG
		y.ev |= EvIllness
	}
	medical += c.illness.chronicCost[nSick]
	if y.vg.doc {
		medical *= c.illness.docCostMul
	}
	y.medical = medical
}
