package sim

import "math/bits"

// onsetYear is the year's onset probabilities by the state of an adult at
// risk, onsetYear[ci<<1|ei]: ci 1 if chronically ill (its risk is
// disability), ei 1 if elderly (a healthy elder's risk of chronic illness
// is the elderly's).
type onsetYear [4]float64

// newOnsetYear gives the onset probabilities in a village without ([0])
// and with ([1]) a rural doctor, who cuts them by health.doctor_onset_cut.
func newOnsetYear(hp *Health) (o [2]onsetYear) {
	for doc := range o {
		cut := 1.0
		if doc == 1 {
			cut = 1 - hp.DoctorOnsetCut
		}
		chronic, disability := hp.ChronicOnset*cut, hp.DisabilityOnset*cut
		o[doc] = onsetYear{chronic, chronic * hp.ElderlyOnsetFactor, disability, disability}
	}
	return o
}

// healthOnset is step 2 (docs/MODEL.md §4, step 2): an adult in good
// health may become chronically ill, a chronically ill one disabled. Draw
// m of the health stream is read only by member m at risk. Each is tested
// on its state at the start of the step, so that the newly chronically ill
// are not at risk of disability; a change retakes the census at once.
func healthOnset(y *householdYear, c *yearConst) {
	h := y.h
	s := seedOf(y.key, purposeHealth)
	o := &c.onset[b2i(y.vg.doc)]
	chronic, elderly := uint(h.chronic), uint(h.elderly)
	for am := chronic | uint(h.healthy); am != 0; am &= am - 1 {
		m := bits.TrailingZeros(am)
		ci := chronic >> m & 1
		if drawAt(s, m) >= o[ci<<1|elderly>>m&1] {
			continue
		}
		if ci != 0 {
			if h.memberFlags[m]&memberEmployed != 0 { // the wage of the job it can no longer hold
				mi := b2i(h.Members[m].Mode == ModeMigrant)
				ri := int(h.memberFlags[m]&memberReturnee) / int(memberReturnee)
				y.loss[CauseDisability] += c.work.median[mi][ri] * c.work.netShare[mi]
			}
			h.Members[m].Health = Disabled
			h.Members[m].Mode = ModeNone
			h.memberFlags[m] &^= memberEmployed
			y.ev |= EvDisability
		} else {
			h.Members[m].Health = Chronic
		}
		h.takeCensus()
	}
}
