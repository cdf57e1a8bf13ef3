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
	chronic    float64       // labor.chronic_wage: the wage share of a chronically ill laborer
	workLoss   float64       // 1 − health.work_loss: the wage share of the member with a major illness
	netShare   float64       // labor.migrant_net_share: the share of a migrant's wage that reaches home
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
		chronic:    l.ChronicWage,
		workLoss:   1 - p.Health.WorkLoss,
		netShare:   l.MigrantNetShare,
		youngAge:   p.Ecommerce.YoungAge,
		cooperates: l.Cooperation > 0 || l.CooperationLoss > 0,
	}
}

// work is step 7 (docs/MODEL.md §4, step 7): each able laborer who does
// not hold a post, in slot order, may return from migrant work as a
// talent, then, if it seeks wage work, moves on its job chain and earns a
// wage if employed.
func work(y *householdYear, c *yearConst) {
	h := y.h
	wages := 0.0
	for lm := uint(h.able); lm != 0; lm &= lm - 1 {
		m := bits.TrailingZeros(lm)
		mb := &h.Members[m]
		if ageOf(mb, c.aged) < c.work.youngAge {
			y.young = true
		}
		if h.memberFlags[m]&memberPost != 0 {
			continue // posts are part-time village work: the holder farms as before
		}
		if c.run.talent {
			talentReturn(y, m, c)
		}
		if mb.Mode == ModeFarm {
			continue
		}
		if w, employed := job(y, m, c); employed {
			wages += w
		}
	}
	y.inc[IncWages] = wages
	c.ys.Migrants += y.migrants
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
// one, it finds one with the village's job finding plus its skill's. It
// returns the wage that reaches the household and whether m is employed.
func job(y *householdYear, m int, c *yearConst) (wage float64, employed bool) {
	mb, fl := &y.h.Members[m], &y.h.memberFlags[m]
	mi := b2i(mb.Mode == ModeMigrant)
	skill := float64(mb.Skill)
	find := min(1, y.vg.find[mi]+c.work.skillFind*skill)
	s := seedOf(memberKey(y.key, m), purposeLabor)
	u := drawAt(s, 0)
	was := *fl&memberEmployed != 0
	now := u < find
	if was {
		now = u >= c.work.loss[mi]
	}
	switch {
	case now && !was:
		*fl |= memberEmployed
		y.ev |= EvJobFound
	case was && !now:
		*fl &^= memberEmployed
		y.ev |= EvJobLoss
	}
	if !now {
		return 0, false
	}
	c.ys.Employed++
	returnee := *fl&memberReturnee != 0
	w := c.work.median[mi][b2i(returnee)] * expG(c.work.wageSigma*c.d.normAt(s, 1))
	w *= 1 + c.work.skillWage*skill
	if mb.Health == Chronic {
		w *= c.work.chronic
	}
	if m == y.ill {
		w *= c.work.workLoss
	}
	if mi == 1 {
		w *= c.work.netShare
		y.migrants++
		if c.work.cooperates {
			c.ys.Cost[CostCooperation] += c.p.Labor.CooperationCost
		}
	} else if returnee {
		y.vg.returneesNow++ // an employed local returnee draws jobs to the village next year
	}
	return w, true
}
