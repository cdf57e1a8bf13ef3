package sim_test

// Tests of mechanisms that no test read before an audit asked, of each
// piece of the household-year, "which test fails if I break this?"
// (scripts/mutate.sh names the mutations they catch). Like those of
// mechanism_test.go, each builds households from records under quiet
// parameters and checks a hand computation or a closed form.

import (
	"fmt"
	"math"
	"testing"

	"github.com/povsim/povsim/sim"
)

// ---------------------------------------------------------------------------
// The village-year (docs/MODEL.md §4.0).

// A program that covers a village costs its cost per village every year:
// with coverage 1, e-commerce, the rural doctor, the modern park and the
// specialty cost n × their cost per village (the park's in the land
// program, which pays no transfer subsidy here: no land is transferred).
func TestProgramCostsPerVillage(t *testing.T) {
	const n = 3
	p := quiet(2)
	p.Ecommerce.Coverage, p.Ecommerce.CostPerVillage = 1, 50000
	p.Health.DoctorCoverage, p.Health.DoctorCost = 1, 30000
	p.Land.ModernCoverage, p.Land.ParkCostPerVilla = 1, 70000
	p.Specialty.Adoption, p.Specialty.CostPerVillage = 1, 100000
	for _, ys := range traced(t, p, records(n, sim.HouseholdRecord{Laborers: 1})).Years {
		for _, c := range []struct {
			prog sim.Program
			want float64
		}{{sim.CostEcommerce, n * 50000}, {sim.CostDoctors, n * 30000}, {sim.CostLand, n * 70000}, {sim.CostSpecialty, n * 100000}} {
			checkNear(t, fmt.Sprintf("%d: cost of %s", ys.Year, c.prog), ys.Cost[c.prog], c.want)
		}
	}
}

// Farm income per mu cultivated is the yield value at the village's price
// less the input cost, both grown at farming.price_growth a year since the
// base year 2020: with no market or village shock and no homogenization,
// a specialty village sells at 1 + specialty.premium, and a modern park
// adds land.modern_yield_gain to the yield. A farmer who farms all its
// 6 mu (farming.abandonment off) in year y earns
// 6·((1 + g)^(y − 2020)·(Y·(1 + premium)·(1 + gain) − C)).
func TestFarmIncomePerMu(t *testing.T) {
	const land, yv, ic, g, premium, gain = 6.0, 3000.0, 800.0, 0.02, 0.3, 0.1
	p := quiet(3)
	fa := &p.Farming
	fa.YieldValue, fa.InputCost, fa.PriceGrowth, fa.Abandonment = yv, ic, g, false
	p.Specialty.Adoption, p.Specialty.Premium, p.Specialty.Homogenization = 1, premium, 0
	p.Land.ModernCoverage, p.Land.ModernYieldGain = 1, gain
	res := traced(t, p, records(1, sim.HouseholdRecord{Laborers: 1, Land: land}))
	for k, ys := range res.Years {
		grown := math.Pow(1+g, float64(ys.Year-p.Poverty.BaseYear))
		want := land * grown * (yv*(1+premium)*(1+gain) - ic)
		checkNear(t, fmt.Sprint(ys.Year, ": farm income"), res.Stories[0].Years[k].Income[sim.IncFarm], want)
	}
}

// The monitoring line of a township is the line times a factor uniform on
// [1 − spread, 1 + spread], drawn for the township: a household of one
// earning x per person, alone in its township, is at risk with probability
// (M·(1 + s) − x) / (2·s·M). At M = 6,000, s = 0.2 and x = 6,300: 0.375.
func TestTownshipSpread(t *testing.T) {
	const n, x, s = 1200, 6300.0, 0.2
	p := quiet(1)
	p.Monitoring.Enabled, p.Monitoring.Detection, p.Monitoring.Spread = true, 0, s
	wage(&p, x)
	recs := records(n, sim.HouseholdRecord{Laborers: 1, Employed: 1})
	for i := range recs {
		recs[i].Township = i // one household a township: the draws are independent
	}
	ys := traced(t, p, recs).Years[0]
	rateWithin(t, "households at risk", ys.AtRisk, n, (6000*(1+s)-x)/(2*s*6000))
}

// A disaster strikes a village with probability disaster.probability times
// its exposure: exposure_high in the share high_exposure of villages
// (here all), exposure_low in the others (here none).
func TestDisasterExposure(t *testing.T) {
	const n, years = 1000, 2
	for _, high := range []float64{1, 0} {
		t.Run(fmt.Sprint("high_exposure=", high), func(t *testing.T) {
			p := quiet(years)
			ds := &p.Disaster
			ds.Probability, ds.HighExposure, ds.ExposureHigh, ds.ExposureLow = 0.2, high, 2, 0.5
			res := traced(t, p, records(n, sim.HouseholdRecord{Laborers: 1}))
			struck := 0
			for _, st := range res.Stories {
				for _, sy := range st.Years {
					struck += b2i(sy.Events&sim.EvDisaster != 0)
				}
			}
			rateWithin(t, "villages struck", struck, n*years, 0.2*(2*high+0.5*(1-high)))
		})
	}
}

// ---------------------------------------------------------------------------
// Steps 5, 9 and 10: costs that follow the line, and the causes they give.

// A major illness strikes one member of the household, each alike: in a
// household of a laborer and a child struck with probability 0.5, the
// laborer is the one struck, and loses health.work_loss of its wage
// (10,000 × (1 − 0.5)), in half the households struck.
func TestIllStruckMember(t *testing.T) {
	const n = 2000
	p := quiet(1)
	wage(&p, 10000)
	h := &p.Health
	h.EventBase, h.CostMu, h.CostSigma, h.WorkLoss = 0.5, math.Log(1000), 0, 0.5
	struck, laborer := 0, 0
	for _, st := range traced(t, p, records(n, sim.HouseholdRecord{Laborers: 1, Children: 1, Employed: 1})).Stories {
		y := st.Years[0]
		if y.Events&sim.EvIllness == 0 {
			continue
		}
		struck++
		switch w := y.Income[sim.IncWages]; {
		case near(w, 5000):
			laborer++
		case !near(w, 10000):
			t.Fatalf("household %d: wage %g, want 10,000 or 5,000", st.Household, w)
		}
	}
	rateWithin(t, "households struck", struck, n, 0.5)
	rateWithin(t, "the laborer struck", laborer, struck, 0.5)
}

// billEveryYear gives every household a major illness every year whose
// bill is bill (σ 0) in the base year, the share reimbursed reimbursed
// (no extra share for the formerly poor).
func billEveryYear(p *sim.Params, bill, reimbursed float64) {
	h := &p.Health
	h.EventBase, h.CostMu, h.CostSigma, h.Reimbursement, h.FormerlyPoorExtra = 1, math.Log(bill), 0, reimbursed, 0
}

// damageEveryYear strikes every village with a disaster every year that
// hits every household for damage (σ 0) in the base year, the share
// relieved relieved, with no crop loss.
func damageEveryYear(p *sim.Params, damage, relieved float64) {
	ds := &p.Disaster
	ds.Probability, ds.HighExposure, ds.ExposureLow, ds.HouseholdHit = 1, 0, 1, 1
	ds.DamageMu, ds.DamageSigma, ds.Relief, ds.CropLoss = math.Log(damage), 0, relieved, 0
}

// Medical bills, the care of the chronically ill and disasters' damage
// follow the line's growth g_z = (1 + poverty.index)^(year − 2020),
// whatever transfers.indexed says: a household of a chronically ill
// laborer with a major illness (a bill of e^μ = 5,000, σ 0) and care of
// 1,200 every year, hit by a disaster (damage 8,000, σ 0) every year,
// nothing reimbursed or relieved.
func TestCostsFollowTheLine(t *testing.T) {
	p := quiet(3)
	p.Poverty.Index = 0.03
	billEveryYear(&p, 5000, 0)
	p.Health.ChronicCost = 1200
	damageEveryYear(&p, 8000, 0)
	res := traced(t, p, records(1, sim.HouseholdRecord{Laborers: 1, Chronic: 1}))
	for k, ys := range res.Years {
		g := math.Pow(1.03, float64(ys.Year-p.Poverty.BaseYear))
		inc := res.Stories[0].Years[k].Income
		checkNear(t, fmt.Sprint(ys.Year, ": medical costs"), -inc[sim.IncMedical], (5000+1200)*g)
		checkNear(t, fmt.Sprint(ys.Year, ": damage"), -inc[sim.IncDamage], 8000*g)
	}
}

// A shock's cost is what the household bears of it: a bill net of its
// reimbursement, damage net of its relief. A poor household (a laborer
// earning 1,000 with a child) has a bill and a disaster's damage every
// year; its cause is the larger of the two net costs.
func TestCauseNetOfRecovery(t *testing.T) {
	for _, c := range []struct {
		name                               string
		bill, reimbursed, damage, relieved float64
		want                               sim.Cause
	}{
		// 10,000 reimbursed at 70 % leaves 3,000; 8,000 relieved at 50 %, 4,000.
		{"the bill mostly reimbursed", 10000, 0.7, 8000, 0.5, sim.CauseDisaster},
		// 4,000 not reimbursed; 10,000 relieved at 70 % leaves 3,000.
		{"the damage mostly relieved", 4000, 0, 10000, 0.7, sim.CauseIllness},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := quiet(2)
			wage(&p, 1000)
			billEveryYear(&p, c.bill, c.reimbursed)
			damageEveryYear(&p, c.damage, c.relieved)
			res := traced(t, p, records(1, sim.HouseholdRecord{Laborers: 1, Children: 1, Employed: 1, FormerlyPoor: true}))
			for k, ys := range res.Years {
				if got := res.Stories[0].Years[k].Cause; got != c.want.String() || ys.ReturnedCauses[c.want] != 1 {
					t.Errorf("year %d: cause %q, returns by cause %v; want %s", k+1, got, ys.ReturnedCauses, c.want)
				}
			}
		})
	}
}

// A transfer cut costs the household what the program pays it less than
// in the year before the first (Config.Before), per the program's unit —
// a member, a mu, an elder, the household — and indexed with the amounts
// it pays. A formerly poor household of two elders and a child on 4 mu,
// poor (no income but its transfers), has a bill of 2,500 × g_z every
// year (2,575 and 2,652 in 2021 and 2022), nothing reimbursed: it is poor
// by the transfer cut when the cut costs it more than the bill, by
// illness when less.
func TestTransferCutUnits(t *testing.T) {
	for _, c := range []struct {
		program string
		before  float64 // amount the year before; 0 now
		indexed bool
		want    sim.Cause
	}{
		{"subsidy", 1000, false, sim.CauseTransferCut},   // 3 members: 3,000
		{"subsidy", 800, false, sim.CauseIllness},        // 2,400
		{"ecological", 700, false, sim.CauseTransferCut}, // 4 mu: 2,800
		{"ecological", 600, false, sim.CauseIllness},     // 2,400
		{"pension", 1400, false, sim.CauseTransferCut},   // 2 elders: 2,800
		{"industrial", 2700, false, sim.CauseTransferCut},
		{"industrial", 2400, false, sim.CauseIllness},
		{"industrial", 2550, true, sim.CauseTransferCut}, // 2,550 × g_z, above 2,500 × g_z
	} {
		t.Run(fmt.Sprintf("%s=%g,indexed=%v", c.program, c.before, c.indexed), func(t *testing.T) {
			p := quiet(2)
			p.Poverty.Index = 0.03
			p.Transfers.Indexed = c.indexed
			for _, tr := range []*sim.Transfer{&p.Transfers.Subsidy, &p.Transfers.Industrial, &p.Transfers.Ecological, &p.Transfers.Pension} {
				*tr = sim.Transfer{Amount: 0, Level: 1}
			}
			billEveryYear(&p, 2500, 0)
			p.Population.Households = 1
			m, err := sim.New(sim.Config{Params: p, Before: map[string]any{"transfers." + c.program + ".amount": c.before},
				Households: []sim.HouseholdRecord{{Elderly: 2, Children: 1, Land: 4, FormerlyPoor: true}}})
			if err != nil {
				t.Fatal(err)
			}
			res := m.NewRunner().Run(mechSeed, 0, sim.Options{Trace: []int{0}})
			for k, ys := range res.Years {
				if got := res.Stories[0].Years[k].Cause; got != c.want.String() {
					t.Errorf("year %d: cause %q, want %s (returns by cause %v)", k+1, got, c.want, ys.ReturnedCauses)
				}
			}
		})
	}
}

// A cut is judged by kind of household, each setting reaching whom it
// reached. A subsidy of 1,000 a member for everyone in 2020, for the
// formerly poor alone now, cuts a marginal household's 3,000, more than
// its bill of 2,500 (the cause is the cut), and not a formerly poor one's.
// One of 1,000 for the formerly poor alone in 2020 and 900 for everyone
// now is no cut to a marginal household, which gains 2,700 (it is poor by
// its bill of 200), and cuts a formerly poor one's by 300, more than its
// bill.
func TestTransferCutReach(t *testing.T) {
	for _, c := range []struct {
		beforeOnly, nowOnly bool
		now, bill           float64
		formerlyPoor        bool
		want                sim.Cause
	}{
		{false, true, 1000, 2500, false, sim.CauseTransferCut},
		{false, true, 1000, 2500, true, sim.CauseIllness}, // still paid: no cut
		{true, false, 900, 200, false, sim.CauseIllness},
		{true, false, 900, 200, true, sim.CauseTransferCut},
	} {
		name := fmt.Sprintf("only %v→%v, formerly poor %v", c.beforeOnly, c.nowOnly, c.formerlyPoor)
		t.Run(name, func(t *testing.T) {
			p := quiet(1)
			for _, tr := range []*sim.Transfer{&p.Transfers.Industrial, &p.Transfers.Ecological, &p.Transfers.Pension} {
				*tr = sim.Transfer{Amount: 0, Level: 1}
			}
			p.Transfers.Subsidy = sim.Transfer{Amount: c.now, Level: 1, FormerlyPoorOnly: c.nowOnly}
			billEveryYear(&p, c.bill, 0)
			p.Population.Households = 1
			m, err := sim.New(sim.Config{Params: p,
				Before:     map[string]any{"transfers.subsidy.amount": 1000.0, "transfers.subsidy.formerly_poor_only": c.beforeOnly},
				Households: []sim.HouseholdRecord{{Elderly: 2, Children: 1, Land: 4, FormerlyPoor: c.formerlyPoor}}})
			if err != nil {
				t.Fatal(err)
			}
			res := m.NewRunner().Run(mechSeed, 0, sim.Options{Trace: []int{0}})
			if got := res.Stories[0].Years[0].Cause; got != c.want.String() {
				t.Errorf("cause %q, want %s", got, c.want)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Steps 4, 11 and 13: monitoring.

// The exit test counts consecutive years above the threshold: a pair found
// in year 1 (income 500 a person) is above it in year 2 (wage 20,000),
// under it in year 3 (1,000 again), above it from year 4; with
// exit_years 2 it leaves in year 5, not year 4.
func TestExitYearsConsecutive(t *testing.T) {
	p := quiet(6)
	mo := &p.Monitoring
	mo.Enabled, mo.MinYears, mo.ExitYears, mo.ExitRatio = true, 1, 2, 1
	wage(&p, 1000)
	res := traced(t, p, records(1, poorPair), wageFrom(p, 1, 20000), wageFrom(p, 2, 1000), wageFrom(p, 3, 20000))
	for k, ys := range res.Years {
		if want := b2i(k+1 == 5); ys.Exited != want {
			t.Errorf("year %d: exited %d, want %d", k+1, ys.Exited, want)
		}
	}
}

// A household that left monitoring, its risk eliminated, and is found
// again is no longer counted as eliminated, and serves its min_years
// afresh once its assistance starts after the lag. With lag 1, min_years
// 2 and exit_years 1, a pair with income 500 a person in years 1 and 4 and
// 10,000 in the others is found in year 1, supported from year 2, leaves
// in year 3; found again in year 4, supported from year 5, it leaves in
// year 6.
func TestFoundAgain(t *testing.T) {
	p := quiet(7)
	mo := &p.Monitoring
	mo.Enabled, mo.Lag, mo.MinYears, mo.ExitYears, mo.ExitRatio = true, 1, 2, 1, 1
	wage(&p, 1000)
	res := traced(t, p, records(1, poorPair), wageFrom(p, 1, 20000), wageFrom(p, 3, 1000), wageFrom(p, 4, 20000))
	for k, ys := range res.Years {
		exited, eliminated := b2i(k+1 == 3 || k+1 == 6), b2i(k+1 == 3 || k+1 >= 6)
		if ys.Enrolled != b2i(k+1 == 1 || k+1 == 4) || ys.Exited != exited || ys.Eliminated != eliminated {
			t.Errorf("year %d: enrolled %d, exited %d, eliminated %d; want %d, %d, %d", k+1, ys.Enrolled, ys.Exited, ys.Eliminated,
				b2i(k+1 == 1 || k+1 == 4), exited, eliminated)
		}
	}
}

// In a year without monitoring every record ends: a pair monitored in
// year 1 is not in year 2 (monitoring off), nor in year 3, when
// monitoring is back but finds nobody (detection 0).
func TestMonitoringOffEndsRecords(t *testing.T) {
	p := quiet(3)
	p.Monitoring.Enabled, p.Monitoring.MinYears = true, 100
	wage(&p, 1000)
	res := traced(t, p, records(1, poorPair),
		sim.Change{Year: p.StartYear + 1, Set: map[string]any{"monitoring.enabled": false}},
		sim.Change{Year: p.StartYear + 2, Set: map[string]any{"monitoring.enabled": true, "monitoring.detection": 0.0}})
	for k, ys := range res.Years {
		want := k == 0
		if got := res.Stories[0].Years[k].Monitored; ys.Monitored != b2i(want) || got != want {
			t.Errorf("year %d: monitored %d (story: %v), want %v", k+1, ys.Monitored, got, want)
		}
	}
}

// A household above the monitoring line is at risk when its out-of-pocket
// costs are above monitoring.shock_share of its gross income, and is then
// a case of sudden severe hardship: a laborer earning 40,000 with a bill
// of 15,000 (above 0.3 × 40,000; 25,000 left, above the line of 6,000).
func TestHardshipCategory(t *testing.T) {
	p := quiet(1)
	p.Monitoring.Enabled, p.Monitoring.ShockShare = true, 0.3
	wage(&p, 40000)
	billEveryYear(&p, 15000, 0)
	p.Health.WorkLoss = 0
	ys := traced(t, p, records(1, sim.HouseholdRecord{Laborers: 1, Employed: 1})).Years[0]
	if want := [sim.NumCategories]int{sim.CategoryHardship: 1}; ys.Enrolled != 1 || ys.Categories != want {
		t.Errorf("enrolled %d, categories %v; want 1, %v", ys.Enrolled, ys.Categories, want)
	}
}

// The kind of assistance a household is given is drawn from monitoring.mix:
// with cash and employment weighted alike, half the households found get
// each, none health or industry assistance.
func TestAssistanceMix(t *testing.T) {
	const n = 2000
	p := quiet(1)
	p.Monitoring.Enabled, p.Monitoring.Mix = true, sim.Assistance{Cash: 1, Employment: 1}
	wage(&p, 1000)
	count := map[string]int{}
	for _, st := range traced(t, p, records(n, sim.HouseholdRecord{Laborers: 1})).Stories {
		count[st.Years[0].Assistance]++
	}
	if count["cash"]+count["employment"] != n {
		t.Errorf("kinds of assistance %v, want cash and employment only", count)
	}
	rateWithin(t, "employment assistance", count["employment"], n, 0.5)
}

// The safety net a household is linked to by monitoring this year pays
// from when its support starts: a pair whose wage falls from 20,000 to
// 1,000 in year 2 is found then, supported for the share s of the year
// (at most 0.75 with a delay of 3 months), and paid s × its yearly
// guarantee, (4,500 − 500 − cash_per_capita·s) × 2. The system judges it
// by its projected income, the guarantee at its yearly rate: 4,500 +
// cash_per_capita·(1 − s) a person, above the line; it is no registered
// return (paid for s of the year only, it would be one).
func TestSafetyNetFoundLate(t *testing.T) {
	const n = 20
	p := quiet(2)
	mo := &p.Monitoring
	mo.Enabled, mo.SocialSecurity, mo.DelayMonths, mo.MinYears = true, true, 3, 100
	p.Transfers.Dibao = sim.Dibao{Line: 4500, Level: 1, Takeup: 0, ReviewMonths: 6}
	wage(&p, 20000)
	res := traced(t, p, records(n, poorPair), wageFrom(p, 1, 1000))
	cash, supported := p.Monitoring.CashPerCapita, 0
	for _, st := range res.Stories {
		y := st.Years[1]
		s := y.Support
		if y.Events&sim.EvIdentified == 0 || s < 0 || s > 0.75 {
			t.Fatalf("household %d, year 2: found %v, supported %g of the year; want found, at most 0.75 of it", st.Household, y.Events&sim.EvIdentified != 0, s)
		}
		supported += b2i(s > 0)
		checkNear(t, fmt.Sprintf("household %d, year 2: dibao", st.Household), y.Income[sim.IncTransfers], s*(4500-500-cash*s)*2)
		if y.Registered {
			t.Errorf("household %d, year 2: a registered return, supported %g of the year", st.Household, s)
		}
	}
	if supported == 0 {
		t.Errorf("no household supported in the year it was found")
	}
}

// ---------------------------------------------------------------------------
// The population as drawn (docs/MODEL.md §3).

// drawnStories runs replication 0 of p's drawn population (no records),
// every household traced, and returns their stories.
func drawnStories(t *testing.T, p sim.Params) []sim.Story {
	t.Helper()
	m, err := sim.New(sim.Config{Params: p})
	if err != nil {
		t.Fatal(err)
	}
	all := make([]int, p.Population.Households)
	for i := range all {
		all[i] = i
	}
	return m.NewRunner().Run(mechSeed, 0, sim.Options{Trace: all}).Stories
}

// A drawn household has transferred population.transferred_share of its
// land out at the start (kept all year: no idle land moves, none is taken
// back); an adult is disabled with probability disabled_share and
// chronically ill with probability chronic_share; a child is of an age
// 0 … adult_age − 1.
func TestDrawnPopulation(t *testing.T) {
	const n = 2000
	p := sim.Default()
	p.Population.Households, p.Years = n, 1
	p.Population.TransferredShare, p.Population.ChronicShare, p.Population.DisabledShare = 0.25, 0.3, 0.2
	p.Demography.Enabled = false
	p.Health.ChronicOnset, p.Health.DisabilityOnset = 0, 0
	p.Farming.Abandonment, p.Land.TransferIdle = false, 0
	var adults, chronic, disabled, children int
	for _, st := range drawnStories(t, p) {
		y := st.Years[0]
		if math.Abs(y.Transferred-0.25*y.Land) > 1e-5*y.Land {
			t.Fatalf("household %d: %g mu transferred of %g, want a quarter", st.Household, y.Transferred, y.Land)
		}
		for _, mb := range y.Members {
			if mb.Role == sim.Child {
				children++
				if int(mb.StartAge) >= p.Demography.AdultAge {
					t.Fatalf("household %d: a child aged %d, want under %d", st.Household, mb.StartAge, p.Demography.AdultAge)
				}
				continue
			}
			adults++
			chronic += b2i(mb.Health == sim.Chronic)
			disabled += b2i(mb.Health == sim.Disabled)
		}
	}
	if children < 500 {
		t.Fatalf("%d children drawn, want some hundreds", children)
	}
	rateWithin(t, "chronically ill adults", chronic, adults, 0.3)
	rateWithin(t, "disabled adults", disabled, adults, 0.2)
}

// A laborer drawn at labor.migrant_age_max or younger may work away: with
// migrant_share 1 every drawn laborer of 40 is a migrant when the limit is
// 40, none when it is 39.
func TestMigrantAgeMax(t *testing.T) {
	for _, c := range []struct {
		limit   int
		migrant bool
	}{{40, true}, {39, false}} {
		p := sim.Minimal(50)
		p.Years = 1
		p.Population.LaborerAgeMin, p.Population.LaborerAgeMax, p.Population.MigrantShare = 40, 40, 1
		p.Labor.MigrantAgeMax = c.limit
		for _, st := range drawnStories(t, p) {
			if mb := st.Years[0].Members[0]; (mb.Mode == sim.ModeMigrant) != c.migrant {
				t.Fatalf("migrant_age_max %d: a laborer of %d works in mode %v, want migrant %v", c.limit, mb.StartAge, mb.Mode, c.migrant)
			}
		}
	}
}

// ---------------------------------------------------------------------------
// Steps 6–8: posts, work, land.

// A welfare post goes to an elder able to work of welfare_posts.max_age or
// younger, who keeps it until older than max_age: an elder of 65 (the
// retirement age, span 0), alone in its village with one post, holds it
// every year at max_age 65 and never at 64.
func TestWelfarePostMaxAge(t *testing.T) {
	for _, maxAge := range []int{65, 64} {
		t.Run(fmt.Sprint("max_age=", maxAge), func(t *testing.T) {
			p := quiet(3)
			p.Population.ElderlyAgeSpan = 0
			p.Posts = sim.WelfarePosts{PerHundred: 100, Pay: 6000, Term: 100, Targeting: "any", MaxAge: maxAge}
			res := traced(t, p, records(1, sim.HouseholdRecord{Elderly: 1}))
			for k := range res.Years {
				checkNear(t, fmt.Sprintf("year %d: post's pay", k+1), res.Stories[0].Years[k].Income[sim.IncPosts], 6000*b2f(maxAge == 65))
			}
		})
	}
}

// A village's posts are welfare_posts.per_hundred per hundred households,
// rounded to the nearest: 75 per hundred in a village of two is 1.5, two
// posts, which its two laborers without work take; 70 per hundred is 1.4,
// one post.
func TestWelfarePostQuota(t *testing.T) {
	for _, c := range []struct {
		perHundred float64
		posts      int
	}{{75, 2}, {70, 1}} {
		p := quiet(2)
		p.Posts = sim.WelfarePosts{PerHundred: c.perHundred, Pay: 6000, Term: 100, Targeting: "any", MaxAge: 70}
		res := traced(t, p, []sim.HouseholdRecord{{ID: "a", Laborers: 1}, {ID: "b", Laborers: 1}}) // one village
		for _, ys := range res.Years {
			checkNear(t, fmt.Sprintf("per_hundred %g, %d: cost of posts", c.perHundred, ys.Year), ys.Cost[sim.CostPosts], float64(c.posts)*6000)
		}
	}
}

// The warm-up year has no welfare posts: the first year's means test,
// reviewing last year's income alone (review_months 12), reads the warm-up
// income of a laborer without work, 0, though it takes a post paying
// 3,000 in the first year; the second reads the first year's 3,000.
func TestWarmUpWithoutPosts(t *testing.T) {
	p := quiet(2)
	p.Posts = sim.WelfarePosts{PerHundred: 100, Pay: 3000, Term: 100, Targeting: "any", MaxAge: 70}
	p.Transfers.Dibao = sim.Dibao{Line: 4500, Level: 1, Takeup: 1, ReviewMonths: 12}
	res := traced(t, p, records(1, sim.HouseholdRecord{Laborers: 1}))
	for k, want := range []float64{4500, 1500} {
		checkNear(t, fmt.Sprintf("year %d: dibao", k+1), res.Stories[0].Years[k].Income[sim.IncTransfers], want)
	}
}

// The warm-up year leaves out the population's own changes — health
// onset, training, talent return — whose effects would reach the first
// year's means test through the warm-up's income: a laborer earning 3,000
// in the warm-up, reviewed on last year's income alone (review_months and
// review_months_no_labor 12), is paid 4,500 − 3,000 = 1,500 in year 1, whatever those changes do
// to it in year 1 itself (disabled: nothing; trained: 4,500; come home
// from migrant work to a local job: 2,000).
func TestWarmUpWithoutPopulationChanges(t *testing.T) {
	for _, c := range []struct {
		name   string
		record sim.HouseholdRecord
		set    func(p *sim.Params)
	}{
		{"health onset", sim.HouseholdRecord{Laborers: 1, Chronic: 1, Employed: 1}, func(p *sim.Params) {
			p.Health.DisabilityOnset, p.Labor.ChronicWage = 1, 1
		}},
		{"training", sim.HouseholdRecord{Laborers: 1, Employed: 1}, func(p *sim.Params) {
			p.Training, p.Labor.SkillReturn = sim.Training{Rate: 1, Gain: 0.5, AgeMax: 100}, 1
		}},
		{"talent return", sim.HouseholdRecord{Laborers: 1, Migrants: 1, Employed: 1}, func(p *sim.Params) {
			l := &p.Labor
			l.TalentReturn, l.TalentSkill, l.ReturneePremium = 1, 0, 2
			l.MigrantWageMu, l.MigrantNetShare, l.MigrantJobLoss, l.LocalWageMu = math.Log(3000), 1, 0, math.Log(1000)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := quiet(1)
			wage(&p, 3000)
			p.Transfers.Dibao = sim.Dibao{Line: 4500, Level: 1, Takeup: 1, ReviewMonths: 12, ReviewMonthsNoLabor: 12}
			c.set(&p)
			y := traced(t, p, records(1, c.record)).Stories[0].Years[0]
			checkNear(t, "year 1: dibao", y.Income[sim.IncTransfers], 1500)
		})
	}
}

// A laborer's wage grows with its skill by labor.skill_return, and
// training adds training.gain to the skill up to 1: with training every
// year and a gain of 0.6 a laborer of any skill has skill 1 from the
// second year, and an employed one earns 10,000 × (1 + 0.5 × skill).
func TestSkillReturn(t *testing.T) {
	p := quiet(3)
	p.Population.SkillMax, p.Labor.SkillReturn = 1, 0.5
	p.Training = sim.Training{Rate: 1, Gain: 0.6, AgeMax: 100}
	wage(&p, 10000)
	res := traced(t, p, records(20, sim.HouseholdRecord{Laborers: 1, Employed: 1}))
	for _, st := range res.Stories {
		for k, y := range st.Years {
			skill := float64(y.Members[0].Skill)
			if k > 0 && skill != 1 {
				t.Errorf("household %d, year %d: skill %g, want 1", st.Household, k+1, skill)
			}
			checkNear(t, fmt.Sprintf("household %d, year %d: wage", st.Household, k+1), y.Income[sim.IncWages], 10000*(1+0.5*skill))
		}
	}
}

// A welfare post is part-time village work: a laborer who seeks wage work
// and holds a post farms farming.capacity_local (4 mu of its 20), as an
// employed local worker does; a farmer holding one farms full time
// (capacity_farmer, 10).
func TestPostHolderFarmsPartTime(t *testing.T) {
	for _, c := range []struct {
		localShare, cultivated float64
	}{{1, 4}, {0, 10}} {
		p := quiet(1)
		wage(&p, 1000) // no job found
		p.Population.LocalShare = c.localShare
		p.Farming.CapacityFarmer, p.Farming.CapacityLocal = 10, 4
		p.Posts = sim.WelfarePosts{PerHundred: 100, Pay: 1000, Term: 100, Targeting: "any", MaxAge: 70}
		res := traced(t, p, records(1, sim.HouseholdRecord{Laborers: 1, Land: 20}))
		y := res.Stories[0].Years[0]
		if y.Income[sim.IncPosts] != 1000 || y.Cultivated != c.cultivated {
			t.Errorf("local_share %g: post's pay %g, %g mu farmed; want 1,000 and %g", c.localShare, y.Income[sim.IncPosts], y.Cultivated, c.cultivated)
		}
	}
}

// The e-commerce premium is full for a household with a laborer under
// ecommerce.young_age, older_factor of it otherwise: a laborer of 44 sells
// at 1 + 0.1, one of 45 (young_age) at 1 + 0.1 × 0.5; 10 mu at a yield of
// 1,000 and no input cost earn 11,000 and 10,500.
func TestEcommerceYoungAge(t *testing.T) {
	for _, c := range []struct {
		age  int
		farm float64
	}{{44, 11000}, {45, 10500}} {
		p := quiet(1)
		p.Population.LaborerAgeMin, p.Population.LaborerAgeMax = c.age, c.age
		p.Ecommerce = sim.Ecommerce{Coverage: 1, PricePremium: 0.1, OlderFactor: 0.5, YoungAge: 45}
		p.Farming.YieldValue, p.Farming.InputCost, p.Farming.Abandonment = 1000, 0, false
		y := traced(t, p, records(1, sim.HouseholdRecord{Laborers: 1, Land: 10})).Stories[0].Years[0]
		checkNear(t, fmt.Sprintf("age %d: farm income", c.age), y.Income[sim.IncFarm], c.farm)
	}
}

// Returned talents working in their village last year raise its local job
// finding by labor.returnee_job_boost each, up to returnee_boost_max: in
// each of 500 villages a migrant comes home to a local job in year 1
// (talent return 1), and a neighbor without work, who finds none on its
// own (local_job_find 0), finds one in year 2 with probability
// min(0.1, 1 × 1) = 0.1.
func TestReturneeBoostCapped(t *testing.T) {
	const n = 500
	p := quiet(2)
	wage(&p, 10000)
	l := &p.Labor
	l.TalentReturn, l.TalentSkill, l.ReturneeJobBoost, l.ReturneeBoostMax = 1, 0, 1, 0.1
	var recs []sim.HouseholdRecord
	for v := range n {
		recs = append(recs, sim.HouseholdRecord{ID: fmt.Sprint("talent", v), Village: v, Township: v / 10, Laborers: 1, Migrants: 1, Employed: 1},
			sim.HouseholdRecord{ID: fmt.Sprint("neighbor", v), Village: v, Township: v / 10, Laborers: 1})
	}
	res := traced(t, p, recs)
	found := 0
	for i, st := range res.Stories {
		if i%2 == 0 {
			if y := st.Years[0]; y.Members[0].Mode != sim.ModeLocal || !y.Employed[0] {
				t.Fatalf("%s: mode %v, employed %v in year 1; want a returned talent in a local job", recs[i].ID, y.Members[0].Mode, y.Employed[0])
			}
			continue
		}
		if st.Years[0].Employed[0] {
			t.Fatalf("%s found a job in year 1, before any talent returned", recs[i].ID)
		}
		found += b2i(st.Years[1].Employed[0])
	}
	rateWithin(t, "neighbors finding a job in year 2", found, n, 0.1)
}

// Labor cooperation — better job finding or less job loss for migrants —
// costs labor.cooperation_cost per employed migrant a year: three
// migrants who keep their jobs cost 900 when either lever is on, nothing
// when both are off.
func TestCooperationCost(t *testing.T) {
	for _, c := range []struct{ find, loss, want float64 }{{0.1, 0, 900}, {0, 0.3, 900}, {0, 0, 0}} {
		p := quiet(2)
		l := &p.Labor
		l.MigrantJobFind, l.MigrantJobLoss, l.Cooperation, l.CooperationLoss, l.CooperationCost = 0, 0, c.find, c.loss, 300
		for _, ys := range traced(t, p, records(3, sim.HouseholdRecord{Laborers: 1, Migrants: 1, Employed: 1})).Years {
			if ys.Migrants != 3 {
				t.Errorf("cooperation %g, %g, %d: %d employed migrants, want 3", c.find, c.loss, ys.Year, ys.Migrants)
			}
			checkNear(t, fmt.Sprintf("cooperation %g, %g, %d: its cost", c.find, c.loss, ys.Year), ys.Cost[sim.CostCooperation], c.want)
		}
	}
}

// Idle land moves to the transfer market at land.transfer_idle a year, and
// in a village with a modern park at transfer_idle + modern_transfer: a
// laborer without work farms 10 of its 20 mu; 10 lie idle in year 1, of
// which 10 × rate are transferred out, and 10 − 10 × rate of those left
// idle in year 2.
func TestIdleLandTransferredInParks(t *testing.T) {
	for _, park := range []bool{false, true} {
		t.Run(fmt.Sprint("park=", park), func(t *testing.T) {
			p := quiet(2)
			wage(&p, 1000) // finds no job
			p.Farming.CapacityFarmer = 10
			p.Land.TransferIdle, p.Land.ModernTransfer, p.Land.ModernCoverage = 0.1, 0.2, b2f(park)
			rate := 0.1 + 0.2*b2f(park)
			res := traced(t, p, records(1, sim.HouseholdRecord{Laborers: 1, Land: 20}))
			out := 0.0
			for k, ys := range res.Years {
				idle := 10 - out
				out += idle * rate
				checkNear(t, fmt.Sprintf("year %d: idle land", k+1), ys.IdleLand, idle)
				checkNear(t, fmt.Sprintf("year %d: land farmed", k+1), ys.CultivatedLand, 10)
				if got := res.Stories[0].Years[k].Transferred; math.Abs(got-out) > 1e-5 { // kept as float32
					t.Errorf("year %d: %g mu transferred out, want %g", k+1, got, out)
				}
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Step 13: poverty and catastrophic spending.

// Poor is under the line: an elder whose only income is a pension of
// exactly the line (4,000) is not poor; one of 3,999 is.
func TestPoorUnderTheLine(t *testing.T) {
	for _, c := range []struct {
		pension float64
		poor    bool
	}{{4000, false}, {3999, true}} {
		p := quiet(1)
		p.Transfers.Pension = sim.Transfer{Amount: c.pension, Level: 1}
		res := traced(t, p, records(1, sim.HouseholdRecord{Elderly: 1, FormerlyPoor: true}))
		if got := res.Stories[0].Years[0].Poor; got != c.poor || res.Years[0].Returned != b2i(c.poor) {
			t.Errorf("pension %g: poor %v (returned %d), want %v", c.pension, got, res.Years[0].Returned, c.poor)
		}
	}
}

// Spells are counted by how long they have lasted, a year at least: a
// formerly poor pair out of poverty at the start (income 10,000 a person)
// is out for 1 then 2 years at risk in years 1 and 2, falls back in year
// 2 (1,000), is poor for 1 year at risk of leaving in year 3 and for 2 in
// year 4, when it leaves (20,000 again).
func TestSpellDurations(t *testing.T) {
	p := quiet(4)
	wage(&p, 20000)
	res := traced(t, p, records(1, poorPair), wageFrom(p, 1, 1000), wageFrom(p, 3, 20000))
	sp := res.Spells
	for _, c := range []struct {
		name      string
		got, want []int
	}{
		{"out at risk", sp.OutAtRisk, []int{0, 1, 1, 0, 0, 0}},
		{"fell back", sp.OutFall, []int{0, 0, 1, 0, 0, 0}},
		{"in at risk", sp.InAtRisk, []int{0, 1, 1, 0, 0, 0}},
		{"left", sp.InExit, []int{0, 0, 1, 0, 0, 0}},
	} {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s by duration: %v, want %v", c.name, c.got, c.want)
		}
	}
}

// The capacity to pay of the catastrophic test is income before medical
// costs less the line per person: a laborer alone earning 20,000 has a
// capacity of 16,000 whatever its bill; 40 % of it, 6,400, is above a bill
// of 6,000 (not catastrophic) and under one of 7,000 (catastrophic).
func TestCatastrophicCapacityBeforeBills(t *testing.T) {
	for _, c := range []struct {
		bill float64
		want int
	}{{6000, 0}, {7000, 1}} {
		p := quiet(1)
		wage(&p, 20000)
		billEveryYear(&p, c.bill, 0)
		p.Health.WorkLoss = 0
		if ys := traced(t, p, records(1, sim.HouseholdRecord{Laborers: 1, Employed: 1})).Years[0]; ys.Catastrophic != c.want {
			t.Errorf("bill %g: catastrophic %d, want %d", c.bill, ys.Catastrophic, c.want)
		}
	}
}
