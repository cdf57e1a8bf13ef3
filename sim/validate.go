package sim

import (
	"fmt"
	"math"
	"strings"
)

type checker struct{ errs Errors }

func (c *checker) add(path string, v any, want string) {
	c.errs = append(c.errs, FieldError{Path: path, Value: v, Msg: want})
}

func (c *checker) finite(path string, v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		c.add(path, v, "a finite number")
		return false
	}
	return true
}

// prob checks a probability or share in [0, 1].
func (c *checker) prob(path string, v float64) {
	if c.finite(path, v) && (v < 0 || v > 1) {
		c.add(path, v, "a probability between 0 and 1")
	}
}

// nonneg checks an amount that cannot be negative.
func (c *checker) nonneg(path string, v float64) {
	if c.finite(path, v) && v < 0 {
		c.add(path, v, "a number ≥ 0")
	}
}

// rng checks v in [lo, hi].
func (c *checker) rng(path string, v, lo, hi float64) {
	if c.finite(path, v) && (v < lo || v > hi) {
		c.add(path, v, fmt.Sprintf("a number between %g and %g", lo, hi))
	}
}

func (c *checker) intRange(path string, v, lo, hi int) {
	if v < lo || v > hi {
		c.add(path, v, fmt.Sprintf("a whole number between %d and %d", lo, hi))
	}
}

// Validate checks every parameter and returns all problems found, or nil.
func (p *Params) Validate() Errors {
	c := &checker{}
	c.intRange("start_year", p.StartYear, 2000, 2100)
	c.intRange("years", p.Years, 1, 100)

	c.population(p)
	c.economy(p)
	c.shocks(p)
	c.programs(p)
	return c.errs
}

// population checks the parameters of the population at the start.
func (c *checker) population(p *Params) {
	pop := p.Population
	c.intRange("population.households", pop.Households, 1, 100_000_000)
	c.intRange("population.village_size", pop.VillageSize, 1, 1_000_000)
	c.intRange("population.villages_per_township", pop.VillagesPerTownship, 1, 1_000_000)
	c.prob("population.formerly_poor_share", pop.FormerlyPoorShare)
	maxSize := 0
	switch {
	case len(pop.SizeWeights) == 0 || len(pop.SizeWeights) > MaxMembers:
		c.add("population.size_weights", pop.SizeWeights, fmt.Sprintf("1 to %d weights, for household sizes 1, 2, …", MaxMembers))
	default:
		sum := 0.0
		for i, w := range pop.SizeWeights {
			path := fmt.Sprintf("population.size_weights[%d]", i)
			if c.finite(path, w) && w < 0 {
				c.add(path, w, "a weight ≥ 0")
			}
			if w > 0 {
				maxSize = i + 1
			}
			sum += w
		}
		if !(sum > 0) {
			c.add("population.size_weights", pop.SizeWeights, "at least one positive weight")
		}
	}
	c.prob("population.no_labor_share", pop.NoLaborShare)
	c.intRange("population.laborers_min", pop.LaborersMin, 0, MaxMembers)
	c.intRange("population.laborers_max", pop.LaborersMax, 0, MaxMembers)
	if pop.LaborersMin > pop.LaborersMax {
		c.add("population.laborers_min", pop.LaborersMin, fmt.Sprintf("at most laborers_max (%d)", pop.LaborersMax))
	}
	if maxSize > 0 && pop.LaborersMin > maxSize {
		c.add("population.laborers_min", pop.LaborersMin, fmt.Sprintf("at most the largest household size with a positive weight (%d): a household cannot have more laborers than members", maxSize))
	}
	c.prob("population.elderly_share", pop.ElderlyShare)
	c.intRange("population.laborer_age_min", pop.LaborerAgeMin, 10, 100)
	c.intRange("population.laborer_age_max", pop.LaborerAgeMax, pop.LaborerAgeMin, 100)
	c.intRange("population.elderly_age_span", pop.ElderlyAgeSpan, 0, 100)
	c.prob("population.chronic_share", pop.ChronicShare)
	c.prob("population.disabled_share", pop.DisabledShare)
	if pop.ChronicShare+pop.DisabledShare > 1 {
		c.add("population.disabled_share", pop.DisabledShare, "at most 1 − chronic_share")
	}
	c.prob("population.skill_max", pop.SkillMax)
	c.prob("population.migrant_share", pop.MigrantShare)
	c.prob("population.local_share", pop.LocalShare)
	c.nonneg("population.land_min", pop.LandMin)
	c.nonneg("population.marginal_line", pop.MarginalLine)
	if c.finite("population.land_max", pop.LandMax) && pop.LandMax < pop.LandMin {
		c.add("population.land_max", pop.LandMax, fmt.Sprintf("at least land_min (%g)", pop.LandMin))
	}

	c.prob("population.transferred_share", pop.TransferredShare)
}

// economy checks the parameters of the line, demography, work, farming, land, specialties and e-commerce.
func (c *checker) economy(p *Params) {
	if c.finite("poverty.line", p.Poverty.Line) && p.Poverty.Line <= 0 {
		c.add("poverty.line", p.Poverty.Line, "a line > 0 yuan")
	}
	c.intRange("poverty.base_year", p.Poverty.BaseYear, 1990, 2100)
	c.rng("poverty.index", p.Poverty.Index, -0.5, 1)

	d := p.Demography
	c.intRange("demography.adult_age", d.AdultAge, 1, 30)
	c.intRange("demography.retire_age", d.RetireAge, d.AdultAge+1, 120)
	c.prob("demography.elderly_mortality", d.ElderlyMortality)

	l := p.Labor
	c.intRange("labor.migrant_age_max", l.MigrantAgeMax, 0, 120)
	c.prob("labor.migrant_job_find", l.MigrantJobFind)
	c.prob("labor.migrant_job_loss", l.MigrantJobLoss)
	c.prob("labor.local_job_find", l.LocalJobFind)
	c.prob("labor.local_job_loss", l.LocalJobLoss)
	c.rng("labor.migrant_wage_mu", l.MigrantWageMu, 0, 20)
	c.rng("labor.local_wage_mu", l.LocalWageMu, 0, 20)
	c.rng("labor.wage_sigma", l.WageSigma, 0, 5)
	c.prob("labor.migrant_net_share", l.MigrantNetShare)
	c.rng("labor.skill_return", l.SkillReturn, 0, 10)
	c.prob("labor.skill_job_find", l.SkillJobFind)
	c.prob("labor.chronic_wage", l.ChronicWage)
	c.rng("labor.wage_growth", l.WageGrowth, -0.5, 1)
	c.prob("labor.cooperation", l.Cooperation)
	c.prob("labor.cooperation_loss", l.CooperationLoss)
	c.nonneg("labor.cooperation_cost", l.CooperationCost)
	c.prob("labor.talent_return", l.TalentReturn)
	c.prob("labor.talent_skill", l.TalentSkill)
	c.rng("labor.returnee_premium", l.ReturneePremium, 0, 10)
	c.prob("labor.returnee_job_boost", l.ReturneeJobBoost)
	c.prob("labor.returnee_boost_max", l.ReturneeBoostMax)

	c.prob("training.rate", p.Training.Rate)
	c.intRange("training.age_max", p.Training.AgeMax, 0, 120)
	c.prob("training.gain", p.Training.Gain)
	c.nonneg("training.cost_per", p.Training.CostPer)

	f := p.Farming
	c.nonneg("farming.yield_value", f.YieldValue)
	c.nonneg("farming.input_cost", f.InputCost)
	c.rng("farming.price_growth", f.PriceGrowth, -0.5, 1)
	c.rng("farming.product_sigma", f.ProductSigma, 0, 3)
	c.rng("farming.village_sigma", f.VillageSigma, 0, 3)
	c.nonneg("farming.capacity_farmer", f.CapacityFarmer)
	c.nonneg("farming.capacity_local", f.CapacityLocal)
	c.nonneg("farming.capacity_elderly", f.CapacityElderly)
	c.nonneg("farming.capacity_disabled", f.CapacityDisabled)

	ld := p.Land
	c.prob("land.transfer_idle", ld.TransferIdle)
	c.prob("land.contract_end", ld.ContractEnd)
	c.nonneg("land.rent_per_mu", ld.RentPerMu)
	c.prob("land.modern_coverage", ld.ModernCoverage)
	c.prob("land.modern_transfer", ld.ModernTransfer)
	c.rng("land.modern_yield_gain", ld.ModernYieldGain, 0, 10)
	c.prob("land.modern_job_boost", ld.ModernJobBoost)
	c.nonneg("land.subsidy_per_mu", ld.SubsidyPerMu)
	c.nonneg("land.park_cost", ld.ParkCostPerVilla)

	s := p.Specialty
	c.intRange("specialty.products", s.Products, 1, 254)
	c.prob("specialty.adoption", s.Adoption)
	c.rng("specialty.premium", s.Premium, 0, 10)
	c.rng("specialty.homogenization", s.Homogenization, 0, 10)
	c.prob("specialty.price_floor", s.PriceFloor)
	c.nonneg("specialty.cost_per_village", s.CostPerVillage)

	e := p.Ecommerce
	c.prob("ecommerce.coverage", e.Coverage)
	c.rng("ecommerce.price_premium", e.PricePremium, 0, 10)
	c.prob("ecommerce.older_factor", e.OlderFactor)
	c.intRange("ecommerce.young_age", e.YoungAge, 0, 120)
	c.prob("ecommerce.job_boost", e.JobBoost)
	c.nonneg("ecommerce.cost_per_village", e.CostPerVillage)
}

// shocks checks the parameters of health and disasters.
func (c *checker) shocks(p *Params) {
	h := p.Health
	c.prob("health.event_base", h.EventBase)
	c.prob("health.event_chronic", h.EventChronic)
	c.prob("health.event_elderly", h.EventElderly)
	c.rng("health.cost_mu", h.CostMu, 0, 20)
	c.rng("health.cost_sigma", h.CostSigma, 0, 5)
	c.nonneg("health.chronic_cost", h.ChronicCost)
	c.nonneg("health.routine_cost", h.RoutineCost)
	c.rng("health.routine_sigma", h.RoutineSigma, 0, 5)
	c.prob("health.reimbursement", h.Reimbursement)
	c.prob("health.formerly_poor_extra", h.FormerlyPoorExtra)
	c.prob("health.work_loss", h.WorkLoss)
	c.prob("health.chronic_onset", h.ChronicOnset)
	c.rng("health.elderly_onset_factor", h.ElderlyOnsetFactor, 0, 100)
	c.prob("health.disability_onset", h.DisabilityOnset)
	c.prob("health.doctor_coverage", h.DoctorCoverage)
	c.prob("health.doctor_cost_cut", h.DoctorCostCut)
	c.prob("health.doctor_onset_cut", h.DoctorOnsetCut)
	c.nonneg("health.doctor_cost", h.DoctorCost)

	ds := p.Disaster
	c.prob("disaster.probability", ds.Probability)
	c.prob("disaster.high_exposure", ds.HighExposure)
	c.rng("disaster.exposure_high", ds.ExposureHigh, 0, 100)
	c.rng("disaster.exposure_low", ds.ExposureLow, 0, 100)
	c.prob("disaster.crop_loss", ds.CropLoss)
	c.prob("disaster.household_hit", ds.HouseholdHit)
	c.rng("disaster.damage_mu", ds.DamageMu, 0, 20)
	c.rng("disaster.damage_sigma", ds.DamageSigma, 0, 5)
	c.prob("disaster.relief", ds.Relief)
}

// programs checks the parameters of transfers, the safety net, welfare posts and monitoring.
func (c *checker) programs(p *Params) {
	for _, t := range []struct {
		name string
		t    Transfer
	}{{"subsidy", p.Transfers.Subsidy}, {"industrial", p.Transfers.Industrial},
		{"ecological", p.Transfers.Ecological}, {"pension", p.Transfers.Pension}} {
		c.nonneg("transfers."+t.name+".amount", t.t.Amount)
		c.rng("transfers."+t.name+".level", t.t.Level, 0, 10)
	}
	c.nonneg("transfers.dibao.line", p.Transfers.Dibao.Line)
	c.rng("transfers.dibao.level", p.Transfers.Dibao.Level, 0, 10)
	c.prob("transfers.dibao.takeup", p.Transfers.Dibao.Takeup)
	c.rng("transfers.dibao.extreme_ratio", p.Transfers.Dibao.ExtremeRatio, 0, 10)
	c.rng("transfers.dibao.growth", p.Transfers.Dibao.Growth, -0.5, 1)
	c.rng("transfers.dibao.review_months", p.Transfers.Dibao.ReviewMonths, 0, 12)
	c.rng("transfers.dibao.review_months_no_labor", p.Transfers.Dibao.ReviewMonthsNoLabor, 0, 12)

	wp := p.Posts
	c.rng("welfare_posts.per_hundred", wp.PerHundred, 0, 100)
	c.nonneg("welfare_posts.pay", wp.Pay)
	c.intRange("welfare_posts.term", wp.Term, 1, 100)
	if _, ok := postTargeting(wp.Targeting); !ok {
		c.add("welfare_posts.targeting", wp.Targeting, `one of "`+strings.Join(postTargetings[:], `", "`)+`"`)
	}
	c.intRange("welfare_posts.max_age", wp.MaxAge, 0, 120)

	m := p.Monitoring
	c.rng("monitoring.line_ratio", m.LineRatio, 0, 10)
	c.prob("monitoring.spread", m.Spread)
	c.rng("monitoring.shock_share", m.ShockShare, 0, 100)
	c.prob("monitoring.detection", m.Detection)
	c.prob("monitoring.persistence", m.Persistence)
	c.intRange("monitoring.lag", m.Lag, 0, 10)
	c.rng("monitoring.delay_months", m.DelayMonths, 0, 12)
	c.rng("monitoring.stable_months", m.StableMonths, 0, 12)
	c.intRange("monitoring.min_years", m.MinYears, 0, 100)
	c.intRange("monitoring.exit_years", m.ExitYears, 1, 100)
	c.rng("monitoring.exit_ratio", m.ExitRatio, 0, 10)
	c.prob("monitoring.targeting", m.Targeting)
	mix := m.Mix
	for _, w := range []struct {
		n string
		v float64
	}{{"cash", mix.Cash}, {"employment", mix.Employment}, {"health", mix.Health}, {"industry", mix.Industry}} {
		c.nonneg("monitoring.mix."+w.n, w.v)
	}
	if mix.Cash+mix.Employment+mix.Health+mix.Industry <= 0 {
		c.add("monitoring.mix", fmt.Sprintf("cash %g, employment %g, health %g, industry %g", mix.Cash, mix.Employment, mix.Health, mix.Industry), "at least one positive weight")
	}
	c.nonneg("monitoring.cash_per_capita", m.CashPerCapita)
	c.rng("monitoring.job_wage_share", m.JobWageShare, 0, 10)
	c.prob("monitoring.health_extra", m.HealthExtra)
	c.nonneg("monitoring.health_risk", m.HealthRisk)
	c.nonneg("monitoring.industry_per_mu", m.IndustryPerMu)
	c.nonneg("monitoring.industry_base", m.IndustryBase)
	c.nonneg("monitoring.admin_cost", m.AdminCost)
}
