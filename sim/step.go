package sim

import (
	"encoding/binary"
	"math"
	"math/bits"
)

// step simulates year index t for every household. The order of events
// within a household-year is the one docs/MODEL.md states.
func (r *Runner) step(rk uint64, t int, res *Result) {
	p := &r.m.years[t]
	ys := &res.Years[t]
	c := r.yearSetup(rk, t, p, ys)
	c.res = res
	r.startTally(len(res.Spells.OutAtRisk))
	if c.lean && !noLean {
		r.stepLean(&c)
	} else {
		for i := range r.hh {
			h := &r.hh[i]
			if h.Flags&flagDissolved != 0 {
				continue
			}
			r.household(i, h, &c)
		}
	}
	r.tally(ys, &res.Spells)
}

// noLean sends every year through household; lean_test.go sets it to
// compare the lean household-year with the general one.
var noLean bool

// memberKey gives each member slot its own stream key.
func memberKey(key uint64, m int) uint64 { return key + uint64(m+1)*memberMul }

// b2i is 1 for true, 0 for false, without a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// household simulates one household-year. Draws are read where they are
// needed, from streams started with seedOf and read with drawAt (uniform
// draws) and normAt (normal draws), so that each purpose draws the numbers
// it always has. Where a branch would be hard to predict, the code adds or
// multiplies by 0 or 1 instead, chosen so that every number is the one the
// branch gave: x·1 = x exactly for every x, and x + 0 = x for every x but
// −0 (−0 + 0 = +0).
//
// Speed: Go spills every live register around a call and wherever a loop
// is short of registers, so household keeps few values live across its
// steps (the census and the parameters are read where they are used) and
// makes one call, members, before the rest is live. The events (ev) are
// read by the stories of traced households alone: those that cost more
// than an OR are counted for traced households only.
func (r *Runner) household(i int, h *Household, c *yearConst) {
	key := entityKey(c.hkey, entityHousehold|uint64(i)) // entityYearKey(rk, entityHousehold|i, year)
	vg := &r.villages[h.Village]
	ev := Event(b2i(vg.disaster)) * EvDisaster

	// 1–2. Demography and health onset, in one call made before anything
	// else is live: a call spills every live value. (3. Training is done
	// in the work loop of step 7.)
	if c.members {
		e, alive := members(key, h, c, vg)
		if !alive {
			return
		}
		ev |= e
	}
	p, ys := c.p, c.ys
	var inc [NumComponents]float64

	// 4. Monitoring: assistance of identified households starts after the
	// lag. A timeline that switches monitoring off ends every record.
	if !c.monitoring {
		h.Flags &^= flagMonitored | flagPending
	} else if h.Flags&flagPending != 0 {
		h.PendingIn--
		if h.PendingIn == 0 {
			h.Flags = h.Flags&^flagPending | flagMonitored
			h.Monitored, h.Above = 0, 0
		}
	}

	// 5. Major illness: drawn before work, since the ill laborer loses wages.
	n := int(h.Size)
	// The census is read where it is needed, not kept live across the steps.
	nSick := h.nChronic() + h.nDisabled()
	pIll := c.pIll[nSick][h.nElderly()]
	medical := 0.0
	ill := -1
	if s := seedOf(key, purposeIllness); drawAt(s, 0) < pIll {
		u := drawAt(s, 0)
		ill = min(int(u/pIll*float64(n)), n-1)
		hp := &p.Health
		z, fast := zigFast(mix(s + golden + golden)) // c.d.normAt(s, 1), inline
		if !fast {
			z = c.d.normSlow(s, 1)
		}
		x := hp.CostMu + float64(hp.CostSigma*z)
		e := expScale(expReduce(x)) // expG, inline
		if !expIn(x) {
			e = expSlow(x)
		}
		medical = e * c.indexG
		ev |= EvIllness
	}
	medical += c.chronicCost[nSick]
	if vg.doc {
		medical *= c.docCostMul
	}

	// 6. Public welfare posts: release at the end of a term, past the
	// age limit or when the holder has become disabled; fill vacancies. A
	// post released goes to another household, not straight back.
	post := -1
	if pf := memberFlagBits(h) & (0x0101010101010101 * uint64(memberPost)); pf != 0 {
		post = (63 - bits.LeadingZeros64(pf)) >> 3 // the last member holding one
		if hm := &h.Members[post]; int(h.PostYears) >= p.Posts.Term || ageOf(hm, c.aged) > p.Posts.MaxAge || hm.Health == Disabled {
			h.memberFlags[post] &^= memberPost
			post = -1
			vg.vacant++
		}
	} else if vg.vacant > 0 && postEligible(h, c.postTargeting) {
		if post = postCandidate(h, p, c.aged); post >= 0 {
			h.memberFlags[post] = h.memberFlags[post]&^memberEmployed | memberPost
			h.PostYears = 0
			vg.vacant--
			ev |= EvPost
		}
	}
	if post >= 0 {
		vg.held++
		h.PostYears++
		pay := p.Posts.Pay * c.payIndex
		inc[IncPosts] = pay
		ys.Cost[CostPosts] += pay
		ys.Employed++
	}

	// 7. Work: job transitions and wages of the able laborers; farming
	// capacity. The loop reads the year's numbers through c alone, to
	// leave registers to its own values.
	capAble := 0.0 // farming capacity of the able laborers, added in member order
	young, migrants, wages := 0, 0, 0.0
	for lm := uint(h.able); lm != 0; lm &= lm - 1 {
		m := bits.TrailingZeros(lm) & (MaxMembers - 1)
		mb := &h.Members[m]
		fl := &h.memberFlags[m]
		young |= b2i(int(mb.StartAge) < c.youngAge)
		if c.training && mix(key+trainDraw[m])>>11 < c.trainRate[b2i(int(mb.StartAge) <= c.trainAgeMax)] { // drawBits(s, m), s the training stream; no draw is below 0, the rate past the age limit
			// 3. Training, done here for it concerns the able laborers
			// too: draws are read by position, and nothing before step 7
			// reads a skill.
			tr := &p.Training
			mb.Skill = float32(min(1, float64(mb.Skill)+tr.Gain)) // math.Min, without a call
			ys.Trained++
			ys.Cost[CostTraining] += tr.CostPer
			ev |= EvTrained
		}
		if *fl&memberPost != 0 {
			// Posts are part-time village work: a holder farms as before.
			capAble += capacityOf(h, m, c)
			continue
		}
		if c.talent && mb.Mode == ModeMigrant && float64(mb.Skill) >= c.p.Labor.TalentSkill {
			if drawAt(seedOf(memberKey(key, m), purposeTalent), 0) < c.p.Labor.TalentReturn {
				mb.Mode = ModeLocal
				*fl |= memberReturnee
				ev |= EvTalentReturn
			}
		}
		if mb.Mode == ModeFarm {
			capAble += c.capFarmer
			continue
		}
		mi := b2i(mb.Mode == ModeMigrant)
		ri := int(*fl&memberReturnee) / int(memberReturnee)
		skill := float64(mb.Skill)
		find := vg.find[mi] + c.lab.skillJobFind*skill
		if find > 1 { // min(1, find), NaN included
			find = 1
		}
		s := key + laborStream[m] // seedOf(memberKey(key, m), purposeLabor)
		u := drawAt(s, 0)
		was := int(*fl & memberEmployed)
		now := was&b2i(u >= c.loss[mi]) | (was^1)&b2i(u < find)
		if h.Flags&flagTraced != 0 { // events are read by stories alone
			ev |= Event(now&^was)*EvJobFound | Event(was&^now)*EvJobLoss
		}
		*fl ^= uint8(now^was) * memberEmployed // the employed bit becomes now
		if now == 0 {
			capAble += c.capFarmer
			continue
		}
		c.ys.Employed++
		z, fast := zigFast(mix(s + golden + golden)) // d.normAt(s, 1), inline
		if !fast {
			z = c.d.normSlow(s, 1)
		}
		x := c.lab.wageSigma * z
		e := expScale(expReduce(x)) // expG, inline
		if !expIn(x) {
			e = expSlow(x)
		}
		w := c.med[mi][ri] * e
		if c.skillReturn {
			w *= 1 + c.lab.skillReturn*skill
		}
		w *= c.healthWage[mb.Health]
		if m == ill {
			w *= c.workLoss
		}
		w *= c.netShare[mi]
		migrants += mi
		if c.cooperation && mi == 1 {
			c.ys.Cost[CostCooperation] += c.lab.cooperationCost
		}
		capAble += c.capEmployed[mi]
		if c.returnees { // else no laborer is a returned talent
			vg.returneesNow += (mi ^ 1) & ri
		}
		wages += w
	}
	inc[IncWages] = wages
	ys.Migrants += migrants
	// Adults of working age at home, disabled laborers and the able laborers
	// who do not work away (the elderly do not count, disabled or not), are
	// h.home less migrants (takeCensus).

	// 8. Land and farming.
	land := float64(h.Land)
	transferred := float64(h.Transferred)
	avail := land - transferred
	cultivated, idle := avail, 0.0
	if c.abandonment {
		capacity := 0.0
		if c.capExact {
			// Whole numbers: any order gives the sum in member order.
			capacity = capAble + (float64(h.nDisabled())*c.capDisabled + float64(h.nElderlyAble())*c.capElderly)
		} else {
			for m := 0; m < n; m++ { // in member order
				switch {
				case h.able&(1<<m) != 0:
					capacity += capacityOf(h, m, c)
				case h.Members[m].Health == Disabled:
					capacity += c.capDisabled
				case h.Members[m].Role == Elderly:
					capacity += c.capElderly
				}
			}
		}
		if transferred > 0 && capacity > avail {
			// Transfers run year to year: a household that can farm more
			// land than it kept takes transferred land back.
			back := min(transferred, capacity-avail)
			transferred -= back
			avail += back
			cultivated = avail
			h.Transferred = float32(transferred)
		}
		if capacity < avail {
			cultivated, idle = capacity, avail-capacity
		}
	}
	inc[IncFarm] = cultivated * vg.netYield[young]
	if c.transferred {
		inc[IncRent] = transferred * p.Land.RentPerMu
		ys.Cost[CostLand] += transferred * p.Land.SubsidyPerMu
		ys.TransferredLand += transferred
	}
	moved := idle * c.moveRate[b2i(vg.park)]
	if moved > 0 {
		h.Transferred = float32(min(land, transferred+moved))
	}
	ys.CultivatedLand += cultivated
	ys.IdleLand += idle

	// 9. Disaster damage to property.
	if vg.disaster {
		if s := seedOf(key, purposeDisaster); drawAt(s, 0) < p.Disaster.HouseholdHit {
			dmg := expG(p.Disaster.DamageMu+float64(p.Disaster.DamageSigma*c.d.normAt(s, 1))) * c.indexG
			inc[IncDamage] = -dmg
			inc[IncRelief] = p.Disaster.Relief * dmg
			ys.Cost[CostDisasterRelief] += inc[IncRelief]
			ev |= EvDamage
		}
	}

	// 10. Transfers and reimbursement. A program a household does not get
	// pays it 0: its amount times c.paid[fpi] (float64(fpi|…All), 0 or 1).
	size := float64(n)
	transfers := 0.0                        // inc[IncTransfers], 0 so far
	pd := &c.paid[h.Flags&flagFormerlyPoor] // flagFormerlyPoor is 1: [fpi]
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
	inc[IncTransfers] = transfers
	inc[IncMedical] = -medical
	insured := p.Health.Reimbursement * medical
	extra := c.fpExtra * medical * pd.fp
	inc[IncReimbursement] = insured + extra
	ys.Cost[CostMedicalInsurance] += insured
	ys.Cost[CostMedicalAssistance] += extra

	// 11. Dynamic monitoring: identification and assistance.
	// net is the household's net income (c.sum) while summed is true: a
	// sum is not taken again until a step changes inc.
	var tLine, net, y0 float64 // y0: net income before assistance and dibao, set whenever c.monitoring (the exit test of step 13 reads it)
	summed := false
	if c.monitoring {
		mo := &p.Monitoring
		tLine = vg.tLine
		net, summed = c.sum(&inc), true
		y0 = net
		gross := inc[IncWages] + inc[IncPosts] + inc[IncFarm] + inc[IncRent] + inc[IncTransfers]
		oop := -(inc[IncMedical] + inc[IncReimbursement] + inc[IncDamage] + inc[IncRelief])
		g := gross // max(gross, 1), NaN included, without max's code for ±0 and NaN
		if g < 1 {
			g = 1
		}
		atRisk := y0/size < tLine || oop > mo.ShockShare*g
		var s uint64 // the monitoring stream; draws: 0 detection, 1 targeting, 2 kind
		if atRisk || h.Flags&flagMonitored != 0 {
			s = seedOf(key, purposeMonitoring)
		}
		if atRisk {
			ys.AtRisk++
			if h.Flags&(flagMonitored|flagPending) == 0 && drawAt(s, 0) < mo.Detection {
				ys.Enrolled++
				ev |= EvIdentified
				h.Kind = kindFromMix(drawAt(s, 2), &c.mixCum)
				if mo.Lag == 0 {
					h.Flags |= flagMonitored
					h.Monitored, h.Above = 0, 0
				} else {
					h.Flags |= flagPending
					h.PendingIn = uint8(mo.Lag)
				}
			}
		}
		if h.Flags&flagMonitored != 0 {
			kind := h.Kind
			if drawAt(s, 1) < mo.Targeting {
				kind = mainRisk(h, medical, gross, cultivated, p)
			}
			r.assist(h, kind, size, medical, cultivated, c, p, &inc, ys)
			if h.Flags&flagTraced != 0 {
				r.storyKind = kind // the story shows the kind paid
			}
			summed = false
			ev |= EvAssisted
			ys.Monitored++
			ys.Cost[CostMonitoringAdmin] += mo.AdminCost
		} else if h.Flags&flagPending != 0 {
			ys.Pending++
		} else if atRisk {
			ys.Missed++
			ev |= EvMissed
		}
	}

	// 12. Minimum living guarantee: the gap to the dibao line.
	dibaoPaid := 0.0
	if tr := &p.Transfers; c.dibao > 0 {
		// Take-up and eligibility are tested with the income, in one
		// branch: as branches of their own, they are mispredicted often.
		eligible := b2i(float64(h.dibaoU) < tr.Dibao.Takeup) & (b2i(h.able == 0) | b2i(!tr.Dibao.NoLaborOnly))
		// The means test assesses last year's income (this year's in the
		// first year): a shock this year is not topped up until next year.
		var assessed float64
		if c.year > p.StartYear {
			assessed = float64(h.LastIncome)
		} else if eligible != 0 {
			if !summed {
				net, summed = c.sum(&inc), true
			}
			assessed = net / size
		}
		if assessed <= 0 { // max(assessed, 0): −0 and negatives give +0, NaN stays
			assessed = 0
		}
		if pc := assessed; b2i(pc < c.dibao)&eligible != 0 {
			gap := (c.dibao - pc) * size
			dibaoPaid = gap
			inc[IncTransfers] += gap
			summed = false
			ys.Cost[CostDibao] += gap
			ev |= EvDibao
		}
	}

	// 13. Poverty status and outcomes.
	if !summed {
		net = c.sum(&inc)
	}
	pc := net / size
	poor := pc < c.line
	if c.monitoring && h.Flags&flagMonitored != 0 {
		mo := &p.Monitoring
		h.Monitored = sat(h.Monitored)
		// The household's own income, without the assistance and dibao it
		// is paid: the assistance itself does not take it out of monitoring.
		h.Above = uint8(b2i(y0/size >= mo.ExitRatio*tLine)) * sat(h.Above) // 0 when below, without a branch
		if int(h.Monitored) >= mo.MinYears && int(h.Above) >= mo.ExitYears && !(mo.KeepNoLabor && h.able == 0) {
			h.Flags &^= flagMonitored
			ys.Exited++
			ev |= EvExitMonitoring
		}
	}

	// The household's types.
	hasMigrant := b2i(migrants > 0)
	types := uint(h.types) | uint(hasMigrant)<<TypeMigrant |
		uint(hasMigrant&b2i(migrants == int(h.home))&b2i(n > migrants))<<TypeLeftBehind // athome == 0

	// Record the household-year: count it in the year's cells, spells
	// and income (record.go), update its poverty status and, if traced,
	// its story.
	fpi := int(h.Flags & flagFormerlyPoor)                                          // flagFormerlyPoor is 1
	pi, wi, ever := b2i(poor), int(h.Flags/flagPoor&1), int(h.Flags/flagEverPoor&1) // unsigned: shifts
	cl := &r.cells[(types|uint(fpi)*cellFormerlyPoor|uint(pi)*cellPoor|uint(ever)*cellEverPoor)%numCells]
	cl.households++
	cl.people += n
	// The gap is added as 0 when not poor: GapSum + 0 = GapSum. A
	// negative income counts as 0, as the dibao means test counts it: a
	// person's gap is at most 1.
	gap := size * (c.line - max(pc, 0)) / c.line
	ys.GapSum += math.Float64frombits(math.Float64bits(gap) & -uint64(pi))
	dur := min(int(h.Since), r.spellDurs-1)
	r.spells[(int(types)*r.spellDurs+dur)*numSpellStates+wi*spellWasPoor+pi*spellPoor+(fpi|ever)*spellAtRisk]++
	changed := pi ^ wi
	h.Since = uint8(changed | (changed^1)*int(sat(h.Since))) // 1 when the spell changes
	h.Flags = h.Flags&^flagPoor | uint16(pi)*(flagPoor|flagEverPoor)
	// The means test reads income before the guarantee itself.
	h.LastIncome = float32(pc)
	h.LastIncome -= float32(dibaoPaid / size)

	// Income: the components that may be nonzero (adding zero changes no sum).
	ys.Income[IncWages] += inc[IncWages]
	if c.posts {
		ys.Income[IncPosts] += inc[IncPosts]
	}
	ys.Income[IncFarm] += inc[IncFarm]
	if c.transferred {
		ys.Income[IncRent] += inc[IncRent]
	}
	ys.Income[IncTransfers] += inc[IncTransfers]
	if c.monitoring {
		ys.Income[IncAssistance] += inc[IncAssistance]
	}
	ys.Income[IncReimbursement] += inc[IncReimbursement]
	if c.disaster {
		ys.Income[IncRelief] += inc[IncRelief]
	}
	ys.Income[IncMedical] += inc[IncMedical]
	if c.disaster {
		ys.Income[IncDamage] += inc[IncDamage]
	}
	ys.Net += net

	if h.Flags&flagTraced != 0 {
		ev |= Event(pi&^wi)*EvFellBack | Event(wi&^pi)*EvRecovered
		r.tell(h, i, poor, pc, c.line, &inc, cultivated, idle, ev, c.res)
	}
}

// capacityOf is the farming capacity of able laborer m after the work of
// step 7: a post holder farms as before (as a farmer or part time), an
// employed laborer as its kind of work allows, the others as farmers.
func capacityOf(h *Household, m int, c *yearConst) float64 {
	mode, fl := h.Members[m].Mode, h.memberFlags[m]
	switch {
	case mode == ModeFarm:
		return c.capFarmer
	case fl&memberPost != 0:
		return c.capLocal
	case fl&memberEmployed != 0:
		return c.capEmployed[b2i(mode == ModeMigrant)]
	}
	return c.capFarmer
}

// memberFlagBits is the household's memberFlags as one word, member m in
// byte m. The slots past its members have none: a slot is cleared when its
// member leaves (demography) and set only for members.
func memberFlagBits(h *Household) uint64 {
	return binary.LittleEndian.Uint64(h.memberFlags[:])
}

// sum is the household's net income: its components added in order,
// leaving out those that are zero all year (adding zero changes no sum).
func (c *yearConst) sum(inc *[NumComponents]float64) float64 {
	s := inc[IncWages]
	if c.posts {
		s += inc[IncPosts]
	}
	s += inc[IncFarm]
	if c.transferred {
		s += inc[IncRent]
	}
	s += inc[IncTransfers]
	if c.monitoring {
		s += inc[IncAssistance]
	}
	s += inc[IncReimbursement]
	if c.disaster {
		s += inc[IncRelief]
	}
	s += inc[IncMedical]
	if c.disaster {
		s += inc[IncDamage]
	}
	return s
}

// members does a household-year's steps 1 and 2, those that change its
// members' roles and health: demography (deaths, ageing, coming of age,
// retirement) and health onset, each if the year has it. It reports the
// events and false if the household has no members left. The census
// (census.go) names the members each step concerns, so that a step visits
// those alone.
func members(key uint64, h *Household, c *yearConst, vg *village) (ev Event, alive bool) {
	if c.demography {
		// Draw 5m+k of the stream belongs to member slot m: k = 0 death,
		// 1–2 mode, 3 first job, 4 skill of a child coming of age.
		s := seedOf(key, purposeDemography)
		var dead uint // the elderly who die
		for em := uint(h.elderly); em != 0; em &= em - 1 {
			m := bits.TrailingZeros(em)
			if mix(key+deathDraw[m&(MaxMembers-1)])>>11 < c.mortality { // drawBits(s, 5m)
				dead |= 1 << m
			}
		}
		// Everyone ages, by the year counted in c.aged (ageOf); a member
		// whose age reaches that of its next role takes it. The first to
		// do so is the oldest child or the oldest laborer (the census keeps
		// their start ages; a role age is at most 255, so the age cap
		// does not matter): most years, no member is looked at.
		if c.aged >= min(c.roleAge[Child]-int(h.oldest[Child]), c.roleAge[Laborer]-int(h.oldest[Laborer])) {
			for m := range h.Members[:h.Size] {
				if mb := &h.Members[m]; ageOf(mb, c.aged) >= c.roleAge[mb.Role&3] { // never for the elderly, the dead among them
					newRole(h, m, s, c, vg) // it retakes the census itself
				}
			}
		}
		if dead != 0 {
			ev = EvDeath
			if !bury(h, dead, c.ys) {
				return ev, false
			}
		}
	}
	if c.health {
		// The onset of disability and chronic illness of the adults, in
		// one loop (two loops, one for each, cost more). Draw m of the
		// health stream s is read only by member m at risk: chronically ill
		// (of disability) or healthy (of chronic illness). Each is tested
		// on its state at the start of the step, so that the newly
		// chronically ill are not at risk of disability; a change retakes
		// the census at once (it is rare).
		o := &c.onset[b2i(vg.doc)]
		chronic, elderly := uint(h.chronic), uint(h.elderly)
		for am := chronic | uint(h.healthy); am != 0; am &= am - 1 {
			m := bits.TrailingZeros(am) & (MaxMembers - 1)
			ci := chronic >> m & 1
			if mix(key+healthDraw[m])>>11 < o[ci<<1|elderly>>m&1] { // drawBits(s, m)
				if ci != 0 {
					h.Members[m].Health = Disabled
					h.Members[m].Mode = ModeNone
					h.memberFlags[m] &^= memberEmployed
					ev |= EvDisability
				} else {
					h.Members[m].Health = Chronic
				}
				h.takeCensus()
			}
		}
	}
	return ev, true
}

// ageOf is the age of a member of a household whose members have aged
// aged years (yearConst.aged): its start age plus aged, at most 255.
func ageOf(mb *Member, aged int) int { return min(int(mb.StartAge)+aged, 255) }

// bury removes the members of the mask dead, who died this year, and
// reports false if the household has no members left.
func bury(h *Household, dead uint, ys *YearStats) bool {
	ys.Deaths += bits.OnesCount(dead)
	n, w := int(h.Size), 0
	for m := 0; m < n; m++ {
		if dead&(1<<m) != 0 {
			continue
		}
		h.Members[w], h.memberFlags[w] = h.Members[m], h.memberFlags[m]
		w++
	}
	for m := w; m < n; m++ {
		h.Members[m], h.memberFlags[m] = Member{}, 0
	}
	h.Size = uint8(w)
	if w == 0 {
		h.Flags |= flagDissolved
		ys.Dissolved++
		return false
	}
	h.takeCensus()
	return true
}

// newRole moves member m on to its next role: a child comes of age (its
// first job drawn from the chain it faces this year in the household's
// village vg), a laborer retires; and retakes the census. s is the
// household's demography stream.
func newRole(h *Household, m int, s uint64, c *yearConst, vg *village) {
	p := c.p
	mb := &h.Members[m]
	switch mb.Role {
	case Child:
		mb.Role = Laborer
		mb.Skill = float32(p.Population.SkillMax * drawAt(s, 5*m+4))
		assignMode(h, m, ageOf(mb, c.aged), drawAt(s, 5*m+1), drawAt(s, 5*m+2), drawAt(s, 5*m+3), p, &vg.find, &c.loss)
	case Laborer:
		mb.Role = Elderly
		mb.Mode = ModeNone
		h.memberFlags[m] &^= memberEmployed | memberReturnee
	}
	h.takeCensus()
}

// postEligible reports whether a household may receive a vacant post
// under welfare_posts.targeting.
func postEligible(h *Household, targeting uint8) bool {
	switch targeting {
	case postsMonitored:
		return h.Flags&(flagMonitored|flagPending) != 0
	case postsPoor:
		return h.Flags&flagPoor != 0
	}
	return true
}

// postCandidate picks the member who takes a post: a laborer at home without
// a wage job, else an elderly member able to work, else nobody (−1).
func postCandidate(h *Household, p *Params, aged int) int {
	for m := 0; m < int(h.Size); m++ {
		mb := &h.Members[m]
		if mb.Role == Laborer && mb.Health != Disabled && mb.Mode != ModeMigrant && h.memberFlags[m]&memberEmployed == 0 {
			return m
		}
	}
	for m := 0; m < int(h.Size); m++ {
		mb := &h.Members[m]
		if mb.Role == Elderly && mb.Health != Disabled && ageOf(mb, aged) <= p.Posts.MaxAge {
			return m
		}
	}
	return -1
}

func kindFromMix(u float64, cum *[4]float64) uint8 {
	for k := uint8(0); k < 3; k++ {
		if u < cum[k] {
			return k
		}
	}
	return KindIndustry
}

// mainRisk is the kind of assistance that matches a household's main risk:
// health after a large medical bill, employment when an able laborer is
// without work, industry when it farms, cash otherwise.
func mainRisk(h *Household, medical, gross, cultivated float64, p *Params) uint8 {
	if medical > p.Monitoring.HealthRisk*max(gross, 1) { // math.Max, without a call
		return KindHealth
	}
	if jobSeeker(h) >= 0 {
		return KindEmployment
	}
	if cultivated > 0 {
		return KindIndustry
	}
	return KindCash
}

// jobSeeker is an able laborer who seeks wage work (mode Local or
// Migrant) and has neither a job nor a post, or −1. A farmer works its
// land: it is not a job seeker.
func jobSeeker(h *Household) int {
	for m := 0; m < int(h.Size); m++ {
		mb := &h.Members[m]
		if mb.Role == Laborer && mb.Health != Disabled && (mb.Mode == ModeLocal || mb.Mode == ModeMigrant) && h.memberFlags[m]&(memberEmployed|memberPost) == 0 {
			return m
		}
	}
	return -1
}

// assist pays one year of monitoring assistance of the given kind. A kind
// that does not fit the household (a job offer without a job seeker, health
// assistance without a medical bill) does nothing: the cost of a single
// path of assistance (002).
func (r *Runner) assist(h *Household, kind uint8, size, medical, cultivated float64, c *yearConst, p *Params, inc *[NumComponents]float64, ys *YearStats) {
	mo := &p.Monitoring
	switch kind {
	case KindCash:
		v := mo.CashPerCapita * c.payIndex * size
		inc[IncAssistance] += v
		ys.Cost[CostAssistCash] += v
	case KindEmployment:
		if m := jobSeeker(h); m >= 0 {
			// A local job (a workshop or village job) at a share of the
			// local median wage; an unemployed migrant placed in it stays
			// in local work, as a returned talent does.
			v := mo.JobWageShare * c.localMed
			h.Members[m].Mode = ModeLocal
			h.memberFlags[m] |= memberEmployed // carried into next year's local chain
			inc[IncAssistance] += v
			ys.Cost[CostAssistJobs] += v
			ys.Employed++
		}
	case KindHealth:
		outOfPocket := -inc[IncMedical] - inc[IncReimbursement]
		v := max(0, minMath(mo.HealthExtra*medical, outOfPocket)) // math.Max(0, math.Min(…)), without calls
		inc[IncReimbursement] += v
		ys.Cost[CostAssistHealth] += v
	case KindIndustry:
		v := (mo.IndustryBase + mo.IndustryPerMu*cultivated) * c.payIndex
		inc[IncAssistance] += v
		ys.Cost[CostAssistIndustry] += v
	}
}

func sum(inc *[NumComponents]float64) float64 {
	s := 0.0
	for _, v := range inc {
		s += v
	}
	return s
}

// minMath is math.Min(a, b) without a call (math.Min is assembly on
// amd64): the builtin min but for −Inf, which math.Min returns even when
// the other argument is NaN. (The builtin max and min are math.Max and
// math.Min wherever an argument is a constant, neither NaN nor ±Inf.)
func minMath(a, b float64) float64 {
	if a < -math.MaxFloat64 || b < -math.MaxFloat64 { // −Inf
		return math.Inf(-1)
	}
	return min(a, b)
}

func sat(x uint8) uint8 {
	if x < 255 {
		return x + 1
	}
	return x
}
