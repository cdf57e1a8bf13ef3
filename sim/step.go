package sim

import "math"

// step simulates year index t for every household. The order of events
// within a household-year is the one docs/MODEL.md states.
func (r *Runner) step(rk uint64, t int, res *Result) {
	p := &r.m.years[t]
	ys := &res.Years[t]
	c := r.yearSetup(rk, t, p, ys)
	for i := range r.hh {
		h := &r.hh[i]
		if h.Flags&flagDissolved != 0 {
			continue
		}
		r.household(rk, i, h, p, &c, ys, &res.Spells, res)
	}
}

// memberKey gives each member slot its own stream key.
func memberKey(key uint64, m int) uint64 { return key + uint64(m+1)*0x8cb92ba72f3d8dd7 }

func (r *Runner) household(rk uint64, i int, h *Household, p *Params, c *yearConst, ys *YearStats, sp *Spells, res *Result) {
	key := entityYearKey(rk, entityHousehold|uint64(i), c.year)
	vg := &r.villages[h.Village]
	d := r.d
	var inc [NumComponents]float64
	var ev Event
	if vg.disaster {
		ev |= EvDisaster
	}
	fp := h.Flags&flagFormerlyPoor != 0

	// 1. Demography: deaths, ageing, coming of age, retirement.
	if c.demography {
		if !r.demography(key, h, p, ys, &ev) {
			return
		}
	}

	// 2. Health: onset of chronic illness and disability.
	if c.health {
		d.seed(key, purposeHealth)
		cut := 1.0
		if vg.doc {
			cut = 1 - p.Health.DoctorOnsetCut
		}
		for m := 0; m < int(h.Size); m++ {
			mb := &h.Members[m]
			if mb.Role == Child {
				continue
			}
			u := d.at(m)
			switch mb.Health {
			case Healthy:
				pr := p.Health.ChronicOnset * cut
				if mb.Role == Elderly {
					pr *= p.Health.ElderlyOnsetFactor
				}
				if u < pr {
					mb.Health = Chronic
				}
			case Chronic:
				if u < p.Health.DisabilityOnset*cut {
					mb.Health = Disabled
					mb.Mode = ModeNone
					h.memberFlags[m] &^= memberEmployed
					ev |= EvDisability
				}
			}
		}
	}

	// 3. Training.
	if c.training {
		d.seed(key, purposeTraining)
		for m := 0; m < int(h.Size); m++ {
			mb := &h.Members[m]
			if mb.Role == Laborer && mb.Health != Disabled && int(mb.Age) <= p.Training.AgeMax && d.at(m) < p.Training.Rate {
				mb.Skill = float32(math.Min(1, float64(mb.Skill)+p.Training.Gain))
				ys.Trained++
				ys.Cost[CostTraining] += p.Training.CostPer
				ev |= EvTrained
			}
		}
	}

	// 4. Monitoring: assistance of identified households starts after the lag.
	if h.Flags&flagPending != 0 {
		h.PendingIn--
		if h.PendingIn == 0 {
			h.Flags = h.Flags&^flagPending | flagMonitored
			h.Monitored, h.Above = 0, 0
		}
	}

	// 5. Major illness: drawn before work, since the ill laborer loses wages.
	nChronic, nElderly := 0, 0
	for m := 0; m < int(h.Size); m++ {
		mb := &h.Members[m]
		if mb.Health != Healthy {
			nChronic++
		}
		if mb.Role == Elderly {
			nElderly++
		}
	}
	hp := &p.Health
	pIll := math.Min(1, hp.EventBase+hp.EventChronic*float64(nChronic)+hp.EventElderly*float64(nElderly))
	medical := 0.0
	ill := -1
	d.seed(key, purposeIllness)
	if u := d.Float64(); u < pIll {
		ill = min(int(u/pIll*float64(h.Size)), int(h.Size)-1)
		medical = math.Exp(hp.CostMu+hp.CostSigma*d.NormFloat64()) * c.indexG
		ev |= EvIllness
	}
	medical += hp.ChronicCost * float64(nChronic) * c.indexG
	if vg.doc {
		medical *= 1 - hp.DoctorCostCut
	}

	// 6. Public welfare posts: release at the end of a term, fill vacancies.
	post := -1
	for m := 0; m < int(h.Size); m++ {
		if h.memberFlags[m]&memberPost != 0 {
			post = m
		}
	}
	if post >= 0 && (int(h.PostYears) >= p.Posts.Term || int(h.Members[post].Age) > p.Posts.MaxAge) {
		h.memberFlags[post] &^= memberPost
		post = -1
		vg.vacant++
	}
	if post < 0 && vg.vacant > 0 && r.postEligible(h, p) {
		if post = postCandidate(h, p); post >= 0 {
			h.memberFlags[post] = h.memberFlags[post]&^memberEmployed | memberPost
			h.PostYears = 0
			vg.vacant--
			ev |= EvPost
		}
	}
	if post >= 0 {
		vg.held++
		h.PostYears++
		inc[IncPosts] = p.Posts.Pay
		ys.Cost[CostPosts] += p.Posts.Pay
		ys.Employed++
	}

	// 7. Work: job transitions and wages; farming capacity.
	l := &p.Labor
	localBoost := 0.0
	if vg.ecom {
		localBoost += p.Ecommerce.JobBoost
	}
	if vg.park {
		localBoost += p.Land.ModernJobBoost
	}
	if vg.returnees > 0 {
		localBoost += math.Min(0.2, l.ReturneeJobBoost*float64(vg.returnees))
	}
	capacity := 0.0
	young, ableLaborers, migrants, athome := false, 0, 0, 0
	hasDisabled := false
	wages := 0.0
	for m := 0; m < int(h.Size); m++ {
		mb := &h.Members[m]
		fl := &h.memberFlags[m]
		if mb.Health == Disabled {
			hasDisabled = true
			capacity += p.Farming.CapacityDisabled
			athome++
			continue
		}
		if mb.Role != Laborer {
			if mb.Role == Elderly {
				capacity += p.Farming.CapacityElderly
			}
			continue
		}
		ableLaborers++
		if int(mb.Age) < p.Ecommerce.YoungAge {
			young = true
		}
		if *fl&memberPost != 0 {
			capacity += p.Farming.CapacityLocal
			athome++
			continue
		}
		if c.talent && mb.Mode == ModeMigrant && float64(mb.Skill) >= l.TalentSkill {
			d.seed(memberKey(key, m), purposeTalent)
			if d.Float64() < l.TalentReturn {
				mb.Mode = ModeLocal
				*fl |= memberReturnee
				ev |= EvTalentReturn
			}
		}
		if mb.Mode == ModeFarm {
			capacity += p.Farming.CapacityFarmer
			athome++
			continue
		}
		migrant := mb.Mode == ModeMigrant
		var find, loss, med float64
		if migrant {
			find, loss, med = l.MigrantJobFind+l.Cooperation, l.MigrantJobLoss*(1-l.CooperationLoss), c.migrantMed
		} else {
			find, loss, med = l.LocalJobFind+localBoost, l.LocalJobLoss, c.localMed
			if *fl&memberReturnee != 0 {
				med *= l.ReturneePremium
			}
		}
		skill := float64(mb.Skill)
		find = math.Min(1, find+l.SkillJobFind*skill)
		d.seed(memberKey(key, m), purposeLabor)
		u := d.Float64()
		was := *fl&memberEmployed != 0
		var now bool
		if was {
			now = u >= loss
		} else {
			now = u < find
		}
		if now != was {
			if now {
				ev |= EvJobFound
			} else {
				ev |= EvJobLoss
			}
		}
		if !now {
			*fl &^= memberEmployed
			capacity += p.Farming.CapacityFarmer
			athome++
			continue
		}
		*fl |= memberEmployed
		ys.Employed++
		w := med * math.Exp(l.WageSigma*d.NormFloat64())
		if l.SkillReturn != 0 {
			w *= 1 + l.SkillReturn*skill
		}
		if mb.Health == Chronic {
			w *= l.ChronicWage
		}
		if m == ill {
			w *= 1 - hp.WorkLoss
		}
		if migrant {
			w *= l.MigrantNetShare
			migrants++
			if l.Cooperation > 0 || l.CooperationLoss > 0 {
				ys.Cost[CostCooperation] += l.CooperationCost
			}
		} else {
			capacity += p.Farming.CapacityLocal
			athome++
			if *fl&memberReturnee != 0 {
				vg.returneesNow++
			}
		}
		wages += w
	}
	inc[IncWages] = wages
	ys.Migrants += migrants
	noLabor := ableLaborers == 0

	// 8. Land and farming.
	land := float64(h.Land)
	transferred := float64(h.Transferred)
	avail := land - transferred
	cultivated, idle := avail, 0.0
	if p.Farming.Abandonment && capacity < avail {
		cultivated, idle = capacity, avail-capacity
	}
	price := vg.price
	if vg.ecom {
		prem := p.Ecommerce.PricePremium
		if !young {
			prem *= p.Ecommerce.OlderFactor
		}
		price *= 1 + prem
	}
	yield := c.yieldValue * price * (1 - vg.cropLoss)
	if vg.park {
		yield *= 1 + p.Land.ModernYieldGain
	}
	inc[IncFarm] = cultivated * (yield - c.inputCost)
	inc[IncRent] = transferred * p.Land.RentPerMu
	ys.Cost[CostLand] += transferred * p.Land.SubsidyPerMu
	moved := idle * p.Land.TransferIdle
	if vg.park {
		moved += cultivated * p.Land.ModernTransfer
	}
	if moved > 0 {
		h.Transferred = float32(math.Min(land, transferred+moved))
	}
	ys.CultivatedLand += cultivated
	ys.IdleLand += idle
	ys.TransferredLand += transferred

	// 9. Disaster damage to property.
	if vg.disaster {
		d.seed(key, purposeDisaster)
		if d.Float64() < p.Disaster.HouseholdHit {
			dmg := math.Exp(p.Disaster.DamageMu+p.Disaster.DamageSigma*d.NormFloat64()) * c.indexG
			inc[IncDamage] = -dmg
			inc[IncRelief] = p.Disaster.Relief * dmg
			ys.Cost[CostDisasterRelief] += inc[IncRelief]
			ev |= EvDamage
		}
	}

	// 10. Transfers and reimbursement.
	size := float64(h.Size)
	tr := &p.Transfers
	if pay := tr.Subsidy.Amount * tr.Subsidy.Level; pay > 0 && (fp || !tr.Subsidy.FormerlyPoorOnly) {
		inc[IncTransfers] += pay * size
		ys.Cost[CostSubsidy] += pay * size
	}
	if pay := tr.Industrial.Amount * tr.Industrial.Level; pay > 0 && (fp || !tr.Industrial.FormerlyPoorOnly) {
		inc[IncTransfers] += pay
		ys.Cost[CostIndustrial] += pay
	}
	if pay := tr.Ecological.Amount * tr.Ecological.Level; pay > 0 && (fp || !tr.Ecological.FormerlyPoorOnly) {
		inc[IncTransfers] += pay * land
		ys.Cost[CostEcological] += pay * land
	}
	if pay := tr.Pension.Amount * tr.Pension.Level; pay > 0 && nElderly > 0 && (fp || !tr.Pension.FormerlyPoorOnly) {
		inc[IncTransfers] += pay * float64(nElderly)
		ys.Cost[CostPension] += pay * float64(nElderly)
	}
	inc[IncMedical] = -medical
	insured := hp.Reimbursement * medical
	extra := 0.0
	if fp {
		extra = math.Min(1-hp.Reimbursement, hp.FormerlyPoorExtra) * medical
	}
	inc[IncReimbursement] = insured + extra
	ys.Cost[CostMedicalInsurance] += insured
	ys.Cost[CostMedicalAssistance] += extra

	// 11. Dynamic monitoring: identification and assistance.
	var tLine float64
	atRisk := false
	if c.monitoring {
		mo := &p.Monitoring
		tLine = c.monLine * (1 - mo.Spread + 2*mo.Spread*r.town[vg.Township])
		y0 := sum(&inc)
		gross := inc[IncWages] + inc[IncPosts] + inc[IncFarm] + inc[IncRent] + inc[IncTransfers]
		oop := -(inc[IncMedical] + inc[IncReimbursement] + inc[IncDamage] + inc[IncRelief])
		atRisk = y0/size < tLine || oop > mo.ShockShare*math.Max(gross, 1)
		d.seed(key, purposeMonitoring) // draws: 0 detection, 1 targeting, 2 kind
		if atRisk {
			ys.AtRisk++
			if h.Flags&(flagMonitored|flagPending) == 0 && d.at(0) < mo.Detection {
				ys.Enrolled++
				ev |= EvIdentified
				h.Kind = kindFromMix(d.at(2), &c.mixCum)
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
			if d.at(1) < mo.Targeting {
				kind = mainRisk(h, medical, gross, cultivated, p)
			}
			r.assist(h, kind, size, medical, cultivated, c, p, &inc, ys)
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
	if c.dibao > 0 && float64(h.dibaoU) < tr.Dibao.Takeup && (noLabor || !tr.Dibao.NoLaborOnly) {
		if pc := sum(&inc) / size; pc < c.dibao {
			gap := (c.dibao - pc) * size
			inc[IncTransfers] += gap
			ys.Cost[CostDibao] += gap
			ev |= EvDibao
		}
	}

	// 13. Poverty status and outcomes.
	net := sum(&inc)
	pc := net / size
	poor := pc < c.line
	if c.monitoring && h.Flags&flagMonitored != 0 {
		mo := &p.Monitoring
		h.Monitored = sat(h.Monitored)
		if pc >= mo.ExitRatio*tLine {
			h.Above = sat(h.Above)
		} else {
			h.Above = 0
		}
		if int(h.Monitored) >= mo.MinYears && int(h.Above) >= mo.ExitYears && !(mo.KeepNoLabor && noLabor) {
			h.Flags &^= flagMonitored
			ys.Exited++
			ev |= EvExitMonitoring
		}
	}
	r.record(h, poor, pc, c.line, net, &inc, cultivated, idle, noLabor, hasDisabled, migrants, athome, ys, sp, ev, res, i)
}

// demography ages the household's members and removes those who die. It
// reports false if the household has no members left.
func (r *Runner) demography(key uint64, h *Household, p *Params, ys *YearStats, ev *Event) bool {
	d := r.d
	d.seed(key, purposeDemography)
	n := int(h.Size)
	dm := &p.Demography
	// Draw 5m+k of the stream belongs to member slot m: k = 0 death,
	// 1–2 mode, 3 first job, 4 skill of a child coming of age.
	deaths := 0
	for m := 0; m < n; m++ {
		mb := &h.Members[m]
		if mb.Role == Elderly && d.at(5*m) < dm.ElderlyMortality {
			mb.Age = 0 // marks the dead for removal below
			deaths++
			continue
		}
		if mb.Age < 255 {
			mb.Age++
		}
		switch {
		case mb.Role == Child && int(mb.Age) >= dm.AdultAge:
			mb.Role = Laborer
			mb.Skill = float32(p.Population.SkillMax * d.at(5*m+4))
			r.assignMode(h, m, d.at(5*m+1), d.at(5*m+2), d.at(5*m+3), p)
		case mb.Role == Laborer && int(mb.Age) >= dm.RetireAge:
			mb.Role = Elderly
			mb.Mode = ModeNone
			h.memberFlags[m] &^= memberEmployed | memberReturnee
		}
	}
	if deaths == 0 {
		return true
	}
	ys.Deaths += deaths
	*ev |= EvDeath
	w := 0
	for m := 0; m < n; m++ {
		if h.Members[m].Role == Elderly && h.Members[m].Age == 0 {
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
	return true
}

// postEligible reports whether a household may receive a vacant post.
func (r *Runner) postEligible(h *Household, p *Params) bool {
	switch p.Posts.Targeting {
	case "monitored":
		return h.Flags&(flagMonitored|flagPending) != 0
	case "poor":
		return h.Flags&flagPoor != 0
	}
	return true
}

// postCandidate picks the member who takes a post: a laborer at home without
// a wage job, else an elderly member able to work, else nobody (−1).
func postCandidate(h *Household, p *Params) int {
	for m := 0; m < int(h.Size); m++ {
		mb := &h.Members[m]
		if mb.Role == Laborer && mb.Health != Disabled && mb.Mode != ModeMigrant && h.memberFlags[m]&memberEmployed == 0 {
			return m
		}
	}
	for m := 0; m < int(h.Size); m++ {
		mb := &h.Members[m]
		if mb.Role == Elderly && mb.Health != Disabled && int(mb.Age) <= p.Posts.MaxAge {
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
	if medical > 0.2*math.Max(gross, 1) {
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

// jobSeeker is an able laborer at home without a job or post, or −1.
func jobSeeker(h *Household) int {
	for m := 0; m < int(h.Size); m++ {
		mb := &h.Members[m]
		if mb.Role == Laborer && mb.Health != Disabled && h.memberFlags[m]&(memberEmployed|memberPost) == 0 {
			return m
		}
	}
	return -1
}

// assist pays one year of monitoring assistance of the given kind. A kind
// that does not fit the household (a job offer without an able laborer) does
// nothing: the cost of a single path of assistance (002).
func (r *Runner) assist(h *Household, kind uint8, size, medical, cultivated float64, c *yearConst, p *Params, inc *[NumComponents]float64, ys *YearStats) {
	mo := &p.Monitoring
	switch kind {
	case KindCash:
		v := mo.CashPerCapita * size
		inc[IncAssistance] += v
		ys.Cost[CostAssistCash] += v
	case KindEmployment:
		if m := jobSeeker(h); m >= 0 {
			v := mo.JobWageShare * c.localMed
			h.memberFlags[m] |= memberEmployed
			if h.Members[m].Mode == ModeFarm {
				h.Members[m].Mode = ModeLocal
			}
			inc[IncAssistance] += v
			ys.Cost[CostAssistJobs] += v
			ys.Employed++
		}
	case KindHealth:
		outOfPocket := -inc[IncMedical] - inc[IncReimbursement]
		v := math.Max(0, math.Min(mo.HealthExtra*medical, outOfPocket))
		inc[IncReimbursement] += v
		ys.Cost[CostAssistHealth] += v
	case KindIndustry:
		v := mo.IndustryBase + mo.IndustryPerMu*cultivated
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

func sat(x uint8) uint8 {
	if x < 255 {
		return x + 1
	}
	return x
}
