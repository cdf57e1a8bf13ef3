package sim

import "math"

// Default returns the baseline parameters: the transition-period policies
// kept as they were in 2021. docs/MODEL.md gives the source of each value or
// marks it "assumed".
func Default() Params {
	return Params{
		StartYear: 2021,
		Years:     10,
		Population: Population{
			Households:          10000,
			VillageSize:         200,
			VillagesPerTownship: 10,
			FormerlyPoorShare:   0.8,
			SizeWeights:         []float64{0.16, 0.31, 0.25, 0.15, 0.09, 0.04},
			NoLaborShare:        0.18,
			LaborersMin:         1,
			LaborersMax:         3,
			ElderlyShare:        0.55,
			LaborerAgeMin:       18,
			LaborerAgeMax:       64,
			ElderlyAgeSpan:      20,
			ChronicShare:        0.15,
			DisabledShare:       0.05,
			SkillMax:            0.5,
			MigrantShare:        0.45,
			LocalShare:          0.6,
			MarginalLine:        1.5,
			LandPerPerson:       false,
			LandMin:             1,
			LandMax:             7,
			TransferredShare:    0.1,
		},
		Poverty: Poverty{Line: 4000, BaseYear: 2020, Index: 0.03},
		Demography: Demography{
			Enabled:          true,
			RetireAge:        65,
			AdultAge:         16,
			ElderlyMortality: 0.04,
		},
		Labor: Labor{
			MigrantAgeMax:    45,
			MigrantJobFind:   0.7,
			MigrantJobLoss:   0.1,
			LocalJobFind:     0.6,
			LocalJobLoss:     0.15,
			PartYear:         true,
			HouseholdWorker:  false,
			MigrantWageMu:    math.Log(30000),
			LocalWageMu:      math.Log(15000),
			WageSigma:        0.5,
			MigrantNetShare:  0.6,
			SkillReturn:      0.4,
			SkillJobFind:     0.1,
			ChronicWage:      0.7,
			WageGrowth:       0.05,
			Cooperation:      0,
			CooperationLoss:  0,
			CooperationCost:  300,
			TalentReturn:     0,
			TalentSkill:      0.5,
			ReturneePremium:  1.5,
			ReturneeJobBoost: 0.01,
			ReturneeBoostMax: 0.2,
		},
		Training: Training{Rate: 0.02, AgeMax: 50, Gain: 0.2, CostPer: 2000},
		Farming: Farming{
			YieldValue:       3862, // calibrated (docs/MODEL.md §12)
			InputCost:        900,
			PriceGrowth:      0.02,
			ProductSigma:     0.15,
			VillageSigma:     0.05,
			Abandonment:      true,
			CapacityFarmer:   10,
			CapacityLocal:    4,
			CapacityElderly:  3,
			CapacityDisabled: 0,
		},
		Land: Land{
			TransferIdle:     0.1,
			ContractEnd:      0.2,
			RentPerMu:        400,
			ModernCoverage:   0.1,
			ModernTransfer:   0.1,
			ModernYieldGain:  0.1,
			ModernJobBoost:   0.05,
			SubsidyPerMu:     100,
			ParkCostPerVilla: 200000,
		},
		Specialty: Specialty{
			Products:       6,
			Adoption:       0,
			Premium:        0.3,
			Homogenization: 0.8,
			PriceFloor:     0.3,
			CostPerVillage: 100000,
		},
		Ecommerce: Ecommerce{
			Coverage:       0.3,
			PricePremium:   0.05,
			OlderFactor:    0.3,
			YoungAge:       45,
			JobBoost:       0.03,
			CostPerVillage: 50000,
		},
		Health: Health{
			EventBase:          0.144, // calibrated
			EventChronic:       0.12,
			EventElderly:       0.06,
			CostMu:             math.Log(8000),
			CostSigma:          1.0,
			ChronicCost:        2000,
			RoutineCost:        1000,
			RoutineSigma:       1.0,
			Reimbursement:      0.65, // assumed
			FormerlyPoorExtra:  0.15,
			WorkLoss:           0.3,
			ChronicOnset:       0.02,
			ElderlyOnsetFactor: 2,
			DisabilityOnset:    0.03,
			DoctorCoverage:     0.5,
			DoctorCostCut:      0.2,
			DoctorOnsetCut:     0.3,
			DoctorCost:         60000,
		},
		Disaster: Disaster{
			Probability:  0.05,
			HighExposure: 0.3,
			ExposureHigh: 2,
			ExposureLow:  0.5714285714285714, // keeps the mean multiplier at 1: 0.3×2 + 0.7×4/7 = 1
			CropLoss:     0.3,
			HouseholdHit: 0.2,
			DamageMu:     math.Log(5000),
			DamageSigma:  0.8,
			Relief:       0.3,
		},
		Transfers: Transfers{
			Subsidy:    Transfer{Amount: 1000, Level: 1, FormerlyPoorOnly: true},
			Industrial: Transfer{Amount: 1000, Level: 1, FormerlyPoorOnly: true},
			Ecological: Transfer{Amount: 30, Level: 1},
			Pension:    Transfer{Amount: 1400, Level: 1},
			Dibao:      Dibao{Line: 5962, Level: 1, Takeup: 0.6, ExtremeRatio: 1.3, Growth: 0.08, CampaignFloor: true, MarginalFloor: true, ReviewMonths: 6, ReviewMonthsNoLabor: 12},
		},
		Posts: WelfarePosts{
			PerHundred: 11,
			Pay:        6000,
			Term:       3,
			Targeting:  "registered",
			MaxAge:     70,
		},
		Monitoring: Monitoring{
			Enabled:        true,
			LineRatio:      1.5,
			Spread:         0.1,
			ShockShare:     0.5,
			Detection:      0.4546, // calibrated
			Persistence:    0,
			Lag:            0,
			DelayMonths:    0.5,
			StartStock:     true,
			SocialSecurity: true,
			MinYears:       1,
			StableMonths:   6,
			ExitYears:      1,
			ExitRatio:      0.962, // calibrated
			KeepNoLabor:    true,
			Targeting:      0.2,
			HealthRisk:     0.2,
			Mix:            Assistance{Cash: 0.1, Employment: 0.1, Health: 0.1, Industry: 0.7},
			CashPerCapita:  1000,
			JobWageShare:   0.8,
			HealthExtra:    0.2,
			IndustryPerMu:  300,
			IndustryBase:   1000,
			AdminCost:      200,
		},
	}
}

// Minimal returns Default() with every mechanism switched off, so that
// every household is one healthy laborer of skill 0 who seeks local wage work
// and has no land, no transfers, no medical costs and no disasters. Its
// per-capita net income is then exactly its wage when employed at the
// year's end and 0 otherwise (labor.part_year false), and the wage is
// exp(local_wage_mu + wage_sigma·Z) (no growth, no skill premium). The
// poverty line is poverty.line in every year. The
// closed-form tests start from it (sim/closedform_test.go,
// analysis/spells_test.go).
func Minimal(households int) Params {
	p := Default()
	p.Years = 10
	p.Population.Households = households

	// One member, who is a laborer.
	pop := &p.Population
	pop.SizeWeights = []float64{1}
	pop.NoLaborShare = 0
	pop.LaborersMin, pop.LaborersMax = 1, 1
	pop.ChronicShare, pop.DisabledShare = 0, 0
	pop.SkillMax = 0
	pop.MigrantShare, pop.LocalShare = 0, 1 // everyone seeks local wage work
	pop.LandMin, pop.LandMax = 0, 0
	pop.TransferredShare = 0
	pop.MarginalLine = 0 // drawn as any household: the chains start stationary

	p.Poverty.Index = 0
	p.Demography.Enabled = false

	l := &p.Labor
	l.WageGrowth = 0
	l.PartYear = false // a job counts for the whole year or not at all
	l.SkillReturn = 0
	l.SkillJobFind = 0
	l.Cooperation, l.CooperationLoss = 0, 0
	l.TalentReturn = 0
	l.ReturneeJobBoost = 0

	p.Training.Rate = 0
	p.Farming.YieldValue, p.Farming.InputCost = 0, 0
	p.Farming.ProductSigma, p.Farming.VillageSigma = 0, 0
	p.Farming.PriceGrowth = 0
	p.Land.TransferIdle = 0
	p.Land.ModernCoverage = 0
	p.Specialty.Adoption = 0
	p.Ecommerce.Coverage = 0

	h := &p.Health
	h.EventBase, h.EventChronic, h.EventElderly = 0, 0, 0
	h.ChronicCost, h.RoutineCost = 0, 0
	h.ChronicOnset, h.DisabilityOnset = 0, 0
	h.DoctorCoverage = 0

	p.Disaster.Probability = 0

	t := &p.Transfers
	t.Subsidy.Level, t.Industrial.Level, t.Ecological.Level, t.Pension.Level = 0, 0, 0, 0
	t.Dibao.Level = 0

	p.Posts.PerHundred = 0
	p.Monitoring.Enabled = false
	return p
}
