package sim

import (
	"math"
	"math/bits"
)

// workYear is what step 7 reads of a year, by a laborer's kind of work:
// [0] local, [1] migrant.
type workYear struct {
	loss       [2]float64    // yearly job-loss probability
	median     [2][2]float64 // median wage this year; [0][1]: of a returned talent (labor.returnee_premium)
	localMed   float64       // the median local wage, W_loc (read by employment assistance)
	wageSigma  float64       // labor.wage_sigma
	skillFind  float64       // labor.skill_job_find
	skillWage  float64       // labor.skill_return
	healthWage [3]float64    // the wage share by HealthState: labor.chronic_wage for the chronically ill
	workLoss   float64       // 1 − health.work_loss: the wage share of the member with a major illness
	netShare   [2]float64    // the share of the wage that reaches home: labor.migrant_net_share for a migrant
	partYear   bool          // labor.part_year
	youngAge   int           // ecommerce.young_age
	cooperates bool          // labor cooperation is on: an employed migrant costs labor.cooperation_cost
}

// newWorkYear sets the year's work constants; since is the years since the
// base year, by which wages have grown.
func newWorkYear(p *Params, since float64) workYear {
	l := &p.Labor
	g := math.Pow(1+l.WageGrowth, since)
	local, migrant := expG(l.LocalWageMu)*g, expG(l.MigrantWageMu)*g
	return workYear{
		loss:       jobLoss(p),
		median:     [2][2]float64{{local, local * l.ReturneePremium}, {migrant, migrant}},
		localMed:   local,
		wageSigma:  l.WageSigma,
		skillFind:  l.SkillJobFind,
		skillWage:  l.SkillReturn,
		healthWage: [3]float64{Healthy: 1, Chronic: l.ChronicWage, Disabled: 1},
		workLoss:   1 - p.Health.WorkLoss,
		netShare:   [2]float64{1, l.MigrantNetShare},
		partYear:   l.PartYear,
		youngAge:   p.Ecommerce.YoungAge,
		cooperates: l.Cooperation > 0 || l.CooperationLoss > 0,
	}
}

// work is step 7 (docs/MODEL.md §4, step 7): each able laborer, in slot
// order, is trained (step 3, done here for it concerns the same laborers:
// draws are read by position, and nothing before step 7 reads a skill);
// unless it holds a post, it may return from migrant work as a talent
// and, if it seeks wage work, moves on its job chain and earns a wage if
// employed. What its work leaves it of the year it farms (farmYear.capacity):
// their sum is the able laborers' farming capacity, read by step 8.
func work(y *householdYear, c *yearConst) {
	h := y.h
	h.worker(c.p) // with labor.household_worker: a household without a wage seeker sends one, without a job yet
	wages, capacity, young := 0.0, 0.0, 0
	for lm := uint(h.able); lm != 0; lm &= lm - 1 {
		m := bits.TrailingZeros(lm)
		mb := &h.Members[m]
		if c.run.training {
			train(y, m, c)
		}
		young |= b2i(ageOf(mb, c.aged) < c.work.youngAge)
		// held is the share of the year m held a wage job (none for a
		// farmer or a post holder): its farming capacity follows it.
		held := 0.0
		if h.memberFlags[m]&memberPost == 0 { // a post is part-time village work: the holder farms as before
			if c.run.talent {
				talentReturn(y, m, c)
			}
			if mb.Mode != ModeFarm {
				var w float64
				w, held = job(y, m, c)
				wages += w // 0 if without a job all year
			}
		}
		capacity += c.farm.capacityHeld(mb.Mode, h.memberFlags[m], held)
	}
	y.inc[IncWages] = wages
	y.laborCapacity = capacity
	y.young = young != 0
	c.ys.Migrants += y.migrants
}

// heldShare is the share of the year a laborer held the job it lost
// (now = 0) or found (now = 1) this year. The transition happened because
// its draw u fell below the transition's probability p (loss or find), so
// u/p is uniform on [0, 1) and independent of everything else the year
// draws: it is the time of the year the job was lost, or 1 − the time it
// was found.
func heldShare(now int, u, p float64) float64 {
	t := u / p
	if now == 1 {
		return 1 - t
	}
	return t
}

// talentReturn brings member m, a migrant of skill labor.talent_skill or
// more, back to local work with probability labor.talent_return.
func talentReturn(y *householdYear, m int, c *yearConst) {
	mb := &y.h.Members[m]
	if mb.Mode != ModeMigrant || float64(mb.Skill) < c.p.Labor.TalentSkill {
		return
	}
	if drawAt(seedOf(memberKey(y.key, m), purposeTalent), 0) < c.p.Labor.TalentReturn {
		mb.Mode = ModeLocal
		y.h.memberFlags[m] |= memberReturnee
		y.ev |= EvTalentReturn
	}
}

// job moves member m, who seeks local or migrant wage work, on its job
// chain: employed last year, it keeps its job unless it loses it; without
// one, it finds one with the village's job finding plus its skill's. A job
// lost or found this year pays for the part of the year it was held
// (heldShare). It returns the wage that reaches the household and the
// share of the year m held a job.
func job(y *householdYear, m int, c *yearConst) (wage, held float64) {
	mb, fl := &y.h.Members[m], &y.h.memberFlags[m]
	mi := b2i(mb.Mode == ModeMigrant)
	skill := float64(mb.Skill)
	find := min(1, y.vg.find[mi]+c.work.skillFind*skill)
	s := seedOf(memberKey(y.key, m), purposeLabor)
	u := drawAt(s, 0)
	// Employed last year (was = 1), it keeps its job if u ≥ loss; without
	// one, it finds one if u < find. The outcomes are random: they are
	// combined without branches, which the CPU would often mispredict.
	was := int(*fl & memberEmployed)
	now := was&b2i(u >= c.work.loss[mi]) | (was^1)&b2i(u < find)
	*fl = *fl&^memberEmployed | uint8(now)*memberEmployed
	if y.h.Flags&flagTraced != 0 { // events are read by stories alone
		y.ev |= Event(now&^was)*EvJobFound | Event(was&^now)*EvJobLoss
	}
	ri := int(*fl&memberReturnee) / int(memberReturnee)
	// held: the job's state at the year's end counts for the whole year,
	// or, with part_year, a job lost or found this year counts until it
	// was lost or from when it was found.
	held = float64(now)
	if now != was && c.work.partYear {
		p := find // found: u < find
		if was == 1 {
			p = c.work.loss[mi] // lost: u < loss
		}
		held = heldShare(now, u, p)
	}
	if was > now { // lost: the median wage of its work for the rest of the year
		y.loss[CauseJobLoss] += (1 - held) * c.work.median[mi][ri] * c.work.netShare[mi]
	}
	if held == 0 {
		return 0, 0
	}
	w := c.work.median[mi][ri] * expG(c.work.wageSigma*c.d.normAt(s, 1))
	w *= 1 + c.work.skillWage*skill
	w *= c.work.healthWage[mb.Health]
	if m == y.ill {
		w *= c.work.workLoss
	}
	w *= c.work.netShare[mi] * held
	if now == 0 { // paid until it lost the job
		return w, held
	}
	y.employed++
	y.migrants += mi
	if c.work.cooperates && mi == 1 {
		c.ys.Cost[CostCooperation] += c.p.Labor.CooperationCost
	}
	y.vg.returneesNow += (mi ^ 1) & ri // an employed local returnee draws jobs to the village next year
	return w, held
}
