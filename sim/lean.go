package sim

import (
	"math"
	"math/bits"
)

// The lean household-year is household for a year in which demography,
// health onset, training, talent return, monitoring, welfare posts, land
// transfer, disasters, dibao and land abandonment all do nothing
// (yearConst.lean):
// what is left of a household-year is illness, work, farming, transfers and
// the outcomes, as in the bench-reference scenario. It does what household
// does in such a year, step by step and number by number, without the
// steps that do nothing; it leaves the events of traced households to
// household. A change to the model in household must be made here too.
//
// It also leaves out the multipliers that are 1 and the terms that are 0
// this year (x·1 = x for every x; x + 0 = x for every x but −0; a product is
// 0 only when its other factors are finite), and tests for them once a
// year (yearConst), since Go keeps few values of a long loop in registers.
//
// stepLean runs it, in two passes over blocks of households: leanDraw, the
// draws, wages and medical costs, whose long chains of dependent
// arithmetic (hashing, exp) of one household can overlap with the next
// one's; then leanRecords, the rest, in household order, so that every sum
// adds its terms in the order household does.
func (r *Runner) stepLean(c *yearConst) {
	const block = 64
	var buf [block]leanYear
	var keys [block]uint64
	for b := 0; b < len(r.hh); b += block {
		hh := r.hh[b:min(b+block, len(r.hh))]
		keys, buf := keys[:len(hh)], buf[:len(hh)] // one length: no bounds checks below
		// The keys first: independent of each other, they are off the
		// chain of dependent steps of each household-year.
		for k := range keys {
			keys[k] = entityKey(c.hkey, entityHousehold|uint64(b+k)) // entityYearKey(rk, entityHousehold|i, year)
		}
		for k := range hh {
			if hh[k].Flags&(flagDissolved|flagTraced) == 0 {
				r.leanDraw(keys[k], &hh[k], c, &buf[k])
			}
		}
		r.leanRecords(b, hh, c, buf)
	}
}

// leanYear carries a household-year from leanDraw to leanRecords.
type leanYear struct {
	wages, medical  float64
	young, migrants int
}

// leanDraw does illness and work (steps 5 and 7). The member loop reads
// the year's numbers from c alone (c.lab, c.d, c.ys) and keeps nothing else
// live but the household, its village and its sums, so that they stay in
// registers.
func (r *Runner) leanDraw(key uint64, h *Household, c *yearConst, out *leanYear) {
	vg := &r.villages[h.Village]

	// 5. Major illness.
	n := int(h.Size)
	nSick := h.nChronic() + h.nDisabled()
	nElderly := h.nElderly()
	medical := 0.0
	ill := -1
	if s := seedOf(key, purposeIllness); drawBits(s, 0) < c.pIllT[nSick][nElderly] { // drawAt(s, 0) < pIll
		pIll, u := c.pIll[nSick][nElderly], drawAt(s, 0)
		ill = min(int(u/pIll*float64(n)), n-1)
		hp := &c.p.Health
		medical = expG(hp.CostMu+float64(hp.CostSigma*c.d.normAt(s, 1))) * c.indexG
	}
	medical += c.chronicCost[nSick]
	if vg.doc {
		medical *= c.docCostMul
	}
	out.medical = medical

	// 7. Work.
	young, migrants, employed := 0, 0, 0
	wages := 0.0
	if c.youngMatters {
		for lm := uint(h.able); lm != 0; lm &= lm - 1 {
			young |= b2i(int(h.Members[bits.TrailingZeros(lm)].StartAge) < c.youngAge)
		}
	}
	for lm := uint(h.able); lm != 0; lm &= lm - 1 {
		m := bits.TrailingZeros(lm)
		mb := &h.Members[m]
		if mb.Mode == ModeFarm {
			continue
		}
		fl := &h.memberFlags[m]
		mi := b2i(mb.Mode == ModeMigrant)
		find := vg.find[mi] + c.lab.skillJobFind*float64(mb.Skill)
		if find > 1 { // min(1, find), NaN included
			find = 1
		}
		s := key + laborStream[m] // seedOf(memberKey(key, m), purposeLabor)
		u := drawAt(s, 0)
		was := int(*fl & memberEmployed)
		now := was&b2i(u >= c.loss[mi]) | (was^1)&b2i(u < find)
		*fl = *fl&^memberEmployed | uint8(now)*memberEmployed
		if now == 0 {
			continue
		}
		employed++
		z, fast := zigFast(mix(s + golden + golden)) // c.d.normAt(s, 1), inline
		if !fast {
			z = c.d.normSlow(s, 1)
		}
		x := c.lab.wageSigma * z
		e := expScale(expReduce(x)) // expG, inline
		if !expIn(x) {
			e = expSlow(x)
		}
		// The multipliers that are 1 are left out (x·1 = x).
		ri := 0
		if c.returnees {
			ri = int(*fl & memberReturnee / memberReturnee) // unsigned: a shift
		}
		w := c.med[mi][ri] * e
		if c.skillReturn {
			w *= 1 + c.lab.skillReturn*float64(mb.Skill)
		}
		if c.chronicWage && mb.Health == Chronic {
			w *= c.healthWage[Chronic]
		}
		if m == ill {
			w *= c.workLoss
		}
		if mi == 1 {
			w *= c.netShare[1]
			migrants++
			if c.cooperation {
				c.ys.Cost[CostCooperation] += c.lab.cooperationCost // the same number every time: in any order
			}
		} else if ri != 0 {
			vg.returneesNow++
		}
		wages += w
	}
	c.ys.Employed += employed
	c.ys.Migrants += migrants
	out.wages, out.young, out.migrants = wages, young, migrants
}

// leanRecords does farming, transfers and the outcomes (steps 8, 10, 13)
// for the households hh, the block that starts at household b, in order,
// and runs household for those traced.
func (r *Runner) leanRecords(b int, hh []Household, c *yearConst, buf []leanYear) {
	buf = buf[:len(hh)]
	ys, reimbursement := c.ys, c.p.Health.Reimbursement
	for k := range hh {
		h := &hh[k]
		if h.Flags&(flagDissolved|flagTraced) != 0 {
			if h.Flags&flagDissolved == 0 {
				r.household(b+k, h, c) // a story needs the events
			}
			continue
		}
		in := &buf[k]
		vg := &r.villages[h.Village]
		fpi := int(h.Flags & flagFormerlyPoor) // flagFormerlyPoor is 1
		n := int(h.Size)
		wages, medical, young, migrants := in.wages, in.medical, in.young, in.migrants

		// 8. Farming: all land is cultivated (no household has land
		// transferred out in a lean year: land − 0 = land).
		land := float64(h.Land)
		farm := land * vg.netYield[young]
		ys.CultivatedLand += land

		// 10. Transfers and reimbursement.
		size := float64(n)
		transfers := 0.0
		pd := &c.paid[fpi] // the programs' multipliers, 0 or 1
		if c.subsidy > 0 {
			v := c.subsidy * size * pd.subsidy
			transfers += v
			ys.Cost[CostSubsidy] += v
		}
		if c.industrial > 0 {
			v := c.industrial * pd.industrial
			transfers += v
			ys.Cost[CostIndustrial] += v
		}
		if c.ecological > 0 {
			v := c.ecological * land * pd.ecological
			transfers += v
			ys.Cost[CostEcological] += v
		}
		if c.pension > 0 {
			v := c.pension * float64(h.nElderly()) * pd.pension
			transfers += v
			ys.Cost[CostPension] += v
		}
		insured := reimbursement * medical
		reimbursed := insured
		ys.Cost[CostMedicalInsurance] += insured
		// extra is 0, and adding it changes nothing, when fpExtra is 0 and
		// medical finite (0·∞ is NaN: household adds that NaN).
		if c.fpExtra != 0 || !(medical <= math.MaxFloat64) {
			extra := c.fpExtra * medical * pd.fp
			reimbursed += extra
			ys.Cost[CostMedicalAssistance] += extra
		}

		// 13. Poverty status and outcomes: record, for the components that
		// are not zero this year.
		net := wages + farm + transfers + reimbursed + -medical // c.sum
		pc := net / size
		poor := pc < c.line
		types := uint(h.types)
		if migrants > 0 {
			types |= 1<<TypeMigrant | uint(b2i(migrants == int(h.home))&b2i(n > migrants))<<TypeLeftBehind // athome == 0
		}
		pi, wi, ever := b2i(poor), int(h.Flags/flagPoor&1), int(h.Flags/flagEverPoor&1) // unsigned: shifts
		cl := &r.cells[(types|uint(fpi)*cellFormerlyPoor|uint(pi)*cellPoor|uint(ever)*cellEverPoor)%numCells]
		cl.households++
		cl.people += n
		gap := size * (c.line - max(pc, 0)) / c.line // a negative income counts as 0
		ys.GapSum += math.Float64frombits(math.Float64bits(gap) & -uint64(pi))
		dur := min(int(h.Since), r.spellDurs-1)
		r.spells[(int(types)*r.spellDurs+dur)*numSpellStates+wi*spellWasPoor+pi*spellPoor+(fpi|ever)*spellAtRisk]++
		changed := pi ^ wi
		h.Since = uint8(changed | (changed^1)*int(sat(h.Since)))
		h.Flags = h.Flags&^flagPoor | uint16(pi)*(flagPoor|flagEverPoor)
		h.LastIncome = float32(pc)
		ys.Income[IncWages] += wages
		ys.Income[IncFarm] += farm
		ys.Income[IncTransfers] += transfers
		ys.Income[IncReimbursement] += reimbursed
		ys.Income[IncMedical] += -medical
		ys.Net += net
	}
}
