package sim_test

// Tests of the monitoring system as it works (docs/MODEL.md §4, steps
// 11–13): support the same year after monitoring.delay_months, the 2020
// stock, the safety net linked to monitoring, extreme-poverty support,
// registered returns beside income poverty, causes and catastrophic
// health spending. Each is a hand-computed household.

import (
	"fmt"
	"math"
	"testing"

	"github.com/povsim/povsim/sim"
)

// poorPair is a laborer earning 1,000 a year with a child: 500 a person,
// under the monitoring line (6,000) and the poverty line (4,000).
var poorPair = sim.HouseholdRecord{Laborers: 1, Children: 1, Employed: 1, FormerlyPoor: true}

// Support starts delay_months after identification: a household found in
// the first year is paid the cash assistance for 12 − d months of it, and
// in full after; but the first year's stock, found by the 2020
// identification, is paid in full (start_stock).
func TestSupportDelay(t *testing.T) {
	for _, d := range []float64{0, 0.5, 3, 12} {
		for _, stock := range []bool{true, false} {
			t.Run(fmt.Sprintf("delay=%g,stock=%v", d, stock), func(t *testing.T) {
				p := quiet(5)
				p.Monitoring.Enabled, p.Monitoring.DelayMonths, p.Monitoring.StartStock = true, d, stock
				p.Monitoring.MinYears, p.Monitoring.ExitYears = 100, 100
				wage(&p, 1000)
				res := traced(t, p, records(1, poorPair))
				full := 2 * p.Monitoring.CashPerCapita
				first := res.Stories[0].Years[0]
				if stock && first.Support != 1 {
					t.Errorf("first year, of the 2020 stock: supported %g of it, want 1", first.Support)
				}
				if !stock && (first.Support < 0 || first.Support > 1-d/12) {
					t.Errorf("first year, found then: supported %g of it, want in [0, 1 − %g/12]", first.Support, d)
				}
				checkNear(t, "first year, household found then", first.Income[sim.IncAssistance], full*first.Support)
				for k := 1; k < 5; k++ {
					checkNear(t, fmt.Sprint("year ", k+1), res.Stories[0].Years[k].Income[sim.IncAssistance], full)
				}
			})
		}
	}
}

// A household found after the first year is supported for the rest of that
// year: its wage falls from 20,000 to 1,000 in year 3.
func TestSupportDelayLaterYear(t *testing.T) {
	p := quiet(5)
	p.Monitoring.Enabled, p.Monitoring.DelayMonths = true, 3
	p.Monitoring.MinYears, p.Monitoring.ExitYears = 100, 100
	wage(&p, 20000)
	res := traced(t, p, records(1, poorPair), wageFrom(p, 2, 1000))
	full := 2 * p.Monitoring.CashPerCapita
	found := res.Stories[0].Years[2].Support
	if found <= 0 || found > 0.75 {
		t.Errorf("year 3, found then: supported %g of it, want in (0, 0.75]", found)
	}
	for k, want := range []float64{0, 0, full * found, full, full} {
		checkNear(t, fmt.Sprint("year ", k+1, ": assistance"), res.Stories[0].Years[k].Income[sim.IncAssistance], want)
	}
}

// Households are found at a uniform time of the year: with no delay the
// share of the year supported, 1 − found, has mean 1/2 and is under 1/2
// for half the households (closed form of U[0,1); the tolerance is four
// standard errors, 0.29/√n and 0.5/√n).
func TestFoundThroughTheYear(t *testing.T) {
	const n = 2000
	p := quiet(3)
	p.Monitoring.Enabled, p.Monitoring.DelayMonths = true, 0
	p.Monitoring.MinYears, p.Monitoring.ExitYears = 100, 100
	wage(&p, 20000)
	res := traced(t, p, records(n, poorPair), wageFrom(p, 1, 1000))
	sum, under := 0.0, 0
	for _, st := range res.Stories {
		s := st.Years[1].Support
		if st.Years[1].Events&sim.EvIdentified == 0 || s <= 0 || s > 1 {
			t.Fatalf("household %d: found %v in year 2, supported %g of it", st.Household, st.Years[1].Events&sim.EvIdentified != 0, s)
		}
		sum += s
		if s < 0.5 {
			under++
		}
	}
	if mean := sum / n; math.Abs(mean-0.5) > 4*0.2887/math.Sqrt(n) {
		t.Errorf("mean share of the year supported %.4f, want 0.5 (uniform time found)", mean)
	}
	if frac := float64(under) / n; math.Abs(frac-0.5) > 4*0.5/math.Sqrt(n) {
		t.Errorf("%.4f of households supported under half the year, want 0.5", frac)
	}
}

// The safety net: a monitored household is enrolled in dibao and assessed
// on this year's income (its cash assistance included) when
// monitoring.social_security is on, whatever the take-up draw; a household
// without labor capacity gets extreme-poverty support up to extreme_ratio
// times the dibao line. With social_security off and take-up 0 nobody is
// paid.
func TestSafetyNetLinked(t *testing.T) {
	for _, linked := range []bool{true, false} {
		t.Run(fmt.Sprint("social_security=", linked), func(t *testing.T) {
			p := quiet(3)
			p.Monitoring.Enabled, p.Monitoring.SocialSecurity = true, linked
			p.Monitoring.MinYears, p.Monitoring.ExitYears = 100, 100
			// Reviewed once a year, an unlinked household would be paid on
			// last year's income, which had no cash assistance.
			p.Transfers.Dibao = sim.Dibao{Line: 4500, Level: 1, Takeup: 0, ExtremeRatio: 1.3, ReviewMonths: 12, ReviewMonthsNoLabor: 12}
			wage(&p, 1000)
			recs := []sim.HouseholdRecord{
				{ID: "pair", Laborers: 1, Children: 1, FormerlyPoor: true},      // no job: no income
				{ID: "elder", Village: 1, Elderly: 1, FormerlyPoor: true},       // no labor capacity
				{ID: "unemployed", Village: 2, Laborers: 1, FormerlyPoor: true}, // monitored, one member
			}
			res := traced(t, p, recs)
			cash := p.Monitoring.CashPerCapita
			for k := range res.Years {
				for i, want := range []float64{
					(4500 - cash) * 2, // assessed 1,000 a person with the cash assistance
					(4500*1.3 - cash), // tekun line 5,850
					(4500 - cash) * 1,
				} {
					if !linked {
						want = 0
					}
					checkNear(t, fmt.Sprintf("%s, year %d: dibao", recs[i].ID, k+1), res.Stories[i].Years[k].Income[sim.IncTransfers], want)
				}
			}
		})
	}
}

// A registered return is a formerly poor household that the system
// supports this year and is still poor after the year's response; one the
// system does not see is poor as a survey sees it, not registered; a
// marginal household is never a registered return. All three pairs are
// monitored from the first year on (6 people ever monitored, none if
// nobody is found); the formerly poor households' income is the first
// two's: wages 2 × 1,000, from the second year cash assistance
// 2 × 2 × cash_per_capita.
func TestRegisteredReturn(t *testing.T) {
	p := quiet(2)
	p.Monitoring.Enabled = true
	p.Monitoring.MinYears, p.Monitoring.ExitYears = 100, 100
	wage(&p, 1000) // 500 a person; with cash assistance 1,500: still poor
	recs := []sim.HouseholdRecord{poorPair, poorPair, poorPair}
	recs[1].Village, recs[2].Village, recs[2].FormerlyPoor = 1, 2, false
	res := traced(t, p, recs)
	for k, ys := range res.Years {
		if ys.Returned != 2 || ys.Registered != 2 || ys.MarginalPoor != 1 {
			t.Errorf("%d: returned %d, registered %d, marginal poor %d; want 2, 2, 1", ys.Year, ys.Returned, ys.Registered, ys.MarginalPoor)
		}
		if ys.EverMonitored != 3 || ys.EverMonitoredPeople != 6 {
			t.Errorf("%d: ever monitored %d households, %d people; want 3, 6", ys.Year, ys.EverMonitored, ys.EverMonitoredPeople)
		}
		checkNear(t, fmt.Sprintf("%d: wages of the formerly poor", ys.Year), ys.FormerlyPoorIncome[sim.IncWages], 2*1000)
		if k > 0 {
			checkNear(t, fmt.Sprintf("%d: assistance of the formerly poor", ys.Year), ys.FormerlyPoorIncome[sim.IncAssistance], 2*2*p.Monitoring.CashPerCapita)
		}
		for c := range sim.NumComponents {
			fp := res.Stories[0].Years[k].Income[c] + res.Stories[1].Years[k].Income[c]
			checkNear(t, fmt.Sprintf("%d: %s of the formerly poor", ys.Year, c), ys.FormerlyPoorIncome[c], fp)
		}
		for i, want := range []bool{true, true, false} {
			if got := res.Stories[i].Years[k].Registered; got != want {
				t.Errorf("%d, household %d: the story says registered %v, want %v", ys.Year, i, got, want)
			}
		}
	}
	p.Monitoring.Detection = 0 // nobody found: poor, not registered
	res = traced(t, p, recs)
	for _, ys := range res.Years {
		if ys.Returned != 2 || ys.Registered != 0 {
			t.Errorf("detection 0, %d: returned %d, registered %d; want 2, 0", ys.Year, ys.Returned, ys.Registered)
		}
		if ys.EverMonitored != 0 || ys.EverMonitoredPeople != 0 {
			t.Errorf("detection 0, %d: ever monitored %d households, %d people; want 0, 0", ys.Year, ys.EverMonitored, ys.EverMonitoredPeople)
		}
	}
	p.Monitoring.Detection, p.Monitoring.CashPerCapita = 1, 5000 // assistance lifts them: found, not registered
	res = traced(t, p, recs)
	for _, ys := range res.Years {
		if ys.Returned != 0 || ys.Registered != 0 || ys.Monitored != 3 {
			t.Errorf("cash 5,000, %d: returned %d, registered %d, monitored %d; want 0, 0, 3", ys.Year, ys.Returned, ys.Registered, ys.Monitored)
		}
	}
}

// Registration reads the projected income: a formerly poor household
// found in year 2 (its wage falls from 20,000 to 2·(z − 300)) is poor by
// what it received when its support started late, but the cash assistance
// at its yearly rate, 1,000 a person, lifts it over the line z: it is
// income-poor, not a registered return. Whether it is poor by actual
// income is computed by hand from its share of the year supported.
func TestRegisteredOnProjectedIncome(t *testing.T) {
	const n = 400
	p := quiet(2)
	p.Monitoring.Enabled, p.Monitoring.DelayMonths = true, 0
	p.Monitoring.MinYears, p.Monitoring.ExitYears = 100, 100
	wage(&p, 20000)
	z := p.Line(p.StartYear + 1)
	res := traced(t, p, records(n, poorPair), wageFrom(p, 1, 2*(z-300)))
	poorNotRegistered := 0
	for _, st := range res.Stories {
		y := st.Years[1]
		if y.Support <= 0 {
			t.Fatalf("household %d: not supported in year 2", st.Household)
		}
		wantPoor := z-300+1000*y.Support < z
		if y.Poor != wantPoor || y.Registered {
			t.Errorf("household %d, supported %.3f of year 2: poor %v, registered %v; want %v, false", st.Household, y.Support, y.Poor, y.Registered, wantPoor)
		}
		if y.Poor {
			poorNotRegistered++
		}
	}
	if poorNotRegistered == 0 {
		t.Error("no household poor by its actual income: the test tests nothing")
	}
}

// The cause of a case is the shock that cost the household most: a laborer
// who loses a job of 20,000 (job loss) against a bill of 3,000 (illness),
// and the other way round; with no shock, no labor capacity or low income.
// A chronically ill laborer disabled in the first year (disability onset
// 1) loses the wage of its job (disability); one without a job loses no
// wage, and its household is left without labor capacity (no labor).
func TestCauseOfCase(t *testing.T) {
	for _, c := range []struct {
		name     string
		bill     float64 // a major illness every year, nothing reimbursed
		loseJob  bool
		disable  bool // disability onset 1 from the first year
		record   sim.HouseholdRecord
		want     sim.Cause
		category sim.Category
	}{
		{"job loss over a small bill", 3000, true, false, sim.HouseholdRecord{Laborers: 1, Employed: 1, FormerlyPoor: true}, sim.CauseJobLoss, sim.CategoryUnstable},
		{"a bill over the job", 30000, true, false, sim.HouseholdRecord{Laborers: 1, Employed: 1, FormerlyPoor: true}, sim.CauseIllness, sim.CategoryUnstable},
		{"no shock, no labor", 0, false, false, sim.HouseholdRecord{Elderly: 1}, sim.CauseNoLabor, sim.CategoryMarginal},
		{"no shock, a laborer without work", 0, false, false, sim.HouseholdRecord{Laborers: 1, FormerlyPoor: true}, sim.CauseLowIncome, sim.CategoryUnstable},
		{"an employed laborer disabled", 0, false, true, sim.HouseholdRecord{Laborers: 1, Employed: 1, Chronic: 1, FormerlyPoor: true}, sim.CauseDisability, sim.CategoryUnstable},
		{"a laborer without work disabled", 0, false, true, sim.HouseholdRecord{Laborers: 1, Chronic: 1, FormerlyPoor: true}, sim.CauseNoLabor, sim.CategoryUnstable},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := quiet(2)
			p.Monitoring.Enabled = true
			wage(&p, 20000)
			if c.disable {
				p.Health.DisabilityOnset = 1
			}
			if c.bill > 0 {
				h := &p.Health
				h.EventBase, h.CostMu, h.CostSigma, h.Reimbursement = 1, math.Log(c.bill), 0, 0
			}
			var tl []sim.Change
			if c.loseJob { // employed in year 1, the job lost in year 2
				tl = append(tl, sim.Change{Year: p.StartYear + 1, Set: map[string]any{"labor.local_job_loss": 1.0}})
			}
			if c.bill > 0 { // the bill from year 2 on
				p.Health.EventBase = 0
				tl = append(tl, sim.Change{Year: p.StartYear + 1, Set: map[string]any{"health.event_base": 1.0}})
			}
			res := traced(t, p, records(1, c.record), tl...)
			found := -1
			for k, ys := range res.Years {
				if ys.Enrolled == 1 {
					found = k
					if ys.Cases[c.want] != 1 || ys.Categories[c.category] != 1 {
						t.Errorf("year %d: cases %v, categories %v; want one %s, one %s", k+1, ys.Cases, ys.Categories, c.want, c.category)
					}
					break
				}
			}
			if found < 0 {
				t.Fatal("never identified")
			}
			if got := res.Stories[0].Years[found].Cause; got != c.want.String() {
				t.Errorf("the story's cause in year %d: %q, want %q", found+1, got, c.want)
			}
		})
	}
}

// A returned talent disabled loses the wage of its job, the returnee's
// premium included: a migrant of a chronically ill laborer comes home to
// local work in year 1 (10,000 × premium 1.5 = 15,000); in year 2 it is
// disabled and the household has a bill of 12,000, nothing reimbursed.
// Disability (15,000) costs more than illness (12,000); without the
// premium (10,000) it would cost less.
func TestCauseDisabilityReturnee(t *testing.T) {
	p := quiet(2)
	p.Monitoring.Enabled = true
	p.Population.SkillMax = 1
	p.Labor.TalentReturn, p.Labor.TalentSkill, p.Labor.ReturneePremium = 1, 0, 1.5
	p.Labor.MigrantJobFind, p.Labor.MigrantJobLoss = 0, 0
	wage(&p, 10000)
	h := &p.Health
	h.CostMu, h.CostSigma, h.Reimbursement, h.FormerlyPoorExtra = math.Log(12000), 0, 0, 0
	year2 := sim.Change{Year: p.StartYear + 1, Set: map[string]any{"health.disability_onset": 1.0, "health.event_base": 1.0}}
	res := traced(t, p, records(1, sim.HouseholdRecord{Laborers: 1, Migrants: 1, Employed: 1, Chronic: 1}), year2)
	if ev := res.Stories[0].Years[0].Events; ev&sim.EvTalentReturn == 0 {
		t.Fatalf("year 1: no talent return (events %v): the test tests nothing", ev)
	}
	ys := res.Years[1]
	if ys.Enrolled != 1 || ys.Cases[sim.CauseDisability] != 1 {
		t.Errorf("year 2: %d identified, cases %v; want one, for disability", ys.Enrolled, ys.Cases)
	}
}

// Every case, registered return and income-poor return has one cause and
// every case one category, on the defaults; the stocks are consistent.
func TestCauseSharesAddUp(t *testing.T) {
	p := sim.Default()
	p.Population.Households = 3000
	m, err := sim.New(sim.Config{Params: p})
	if err != nil {
		t.Fatal(err)
	}
	sum := func(xs []int) (s int) {
		for _, x := range xs {
			s += x
		}
		return s
	}
	registered := 0
	for _, ys := range m.Run(3, 0).Years {
		registered += ys.Registered
		if got := sum(ys.Cases[:]); got != ys.Enrolled {
			t.Errorf("%d: cases by cause add up to %d, enrolled %d", ys.Year, got, ys.Enrolled)
		}
		if got := sum(ys.Categories[:]); got != ys.Enrolled {
			t.Errorf("%d: cases by category add up to %d, enrolled %d", ys.Year, got, ys.Enrolled)
		}
		if got := sum(ys.RegisteredCauses[:]); got != ys.Registered {
			t.Errorf("%d: registered returns by cause add up to %d, registered %d", ys.Year, got, ys.Registered)
		}
		if got := sum(ys.ReturnedCauses[:]); got != ys.Returned {
			t.Errorf("%d: income-poor returns by cause add up to %d, returned %d", ys.Year, got, ys.Returned)
		}
		if ys.Registered > ys.Returned || ys.Eliminated > ys.EverMonitored || ys.MonitoredPeople < ys.Monitored || ys.EverMonitored < ys.Monitored {
			t.Errorf("%d: registered %d > returned %d, or eliminated %d > ever monitored %d, or monitored people %d < households %d",
				ys.Year, ys.Registered, ys.Returned, ys.Eliminated, ys.EverMonitored, ys.MonitoredPeople, ys.Monitored)
		}
		if ys.Enrolled > 0 && ys.Cases[sim.CauseIllness] == 0 {
			t.Errorf("%d: no case caused by illness among %d", ys.Year, ys.Enrolled)
		}
	}
	if registered == 0 {
		t.Error("no registered return in ten years: the test tests nothing")
	}
}

// Catastrophic health expenditure (P28): out-of-pocket costs of at least
// 40% of the capacity to pay, income before medical costs less the
// poverty line per person. A bill of 3,000 against a wage of 10,000 for
// two people (capacity 2,000) is catastrophic; against 20,000 (capacity
// 12,000, 40% is 4,800) it is not.
func TestCatastrophicHealth(t *testing.T) {
	for _, c := range []struct {
		wage float64
		want int
	}{{10000, 1}, {20000, 0}} {
		p := quiet(2)
		wage(&p, c.wage)
		h := &p.Health
		h.EventBase, h.CostMu, h.CostSigma, h.Reimbursement, h.WorkLoss = 1, math.Log(3000), 0, 0, 0
		res := traced(t, p, records(1, sim.HouseholdRecord{Laborers: 1, Children: 1, Employed: 1}))
		for _, ys := range res.Years {
			if ys.Catastrophic != c.want {
				t.Errorf("wage %g, %d: catastrophic %d, want %d", c.wage, ys.Year, ys.Catastrophic, c.want)
			}
		}
	}
}

// TestWarmUpYear: the dibao means test of the first year reads the income
// of the warm-up year before it, as every later year reads the year
// before. One laborer per household, always employed, wage W growing by g
// a year from the base year 2020 (σ = 0), a dibao line D above every wage,
// every household enrolled, its income reviewed every R months: year y
// pays D − (1 − R/12)·W·(1 + g)^(y − 2020) − R/12·W·(1 + g)^(y − 1 − 2020),
// in 2021 at R = 12 D − W (the warm-up's wage), not D − W·(1 + g) (its
// own).
func TestWarmUpYear(t *testing.T) {
	const households, w, g, d = 100, 3000.0, 0.1, 5000.0
	for _, months := range []float64{12, 3} {
		p := sim.Minimal(households)
		p.Years = 3
		p.Labor.LocalJobFind, p.Labor.LocalJobLoss = 1, 0
		p.Labor.LocalWageMu, p.Labor.WageSigma, p.Labor.WageGrowth = math.Log(w), 0, g
		p.Transfers.Dibao = sim.Dibao{Line: d, Level: 1, Takeup: 1, ExtremeRatio: 1, ReviewMonths: months}
		m, err := sim.New(sim.Config{Params: p})
		if err != nil {
			t.Fatal(err)
		}
		last := months / 12
		for _, ys := range m.Run(1, 0).Years {
			s := float64(ys.Year - p.Poverty.BaseYear)
			want := households * (d - (1-last)*w*math.Pow(1+g, s) - last*w*math.Pow(1+g, s-1))
			checkNear(t, fmt.Sprintf("review %g months, %d: dibao paid", months, ys.Year), ys.Cost[sim.CostDibao], want)
		}
	}
}

// Being found never cuts the guarantee a household already had: a laborer
// and a child earning 1,000 a year, on dibao at a line of 4,500 by take-up,
// are paid their whole top-up when monitoring misses them (detection 0);
// found during the year (detection 1, support three months later, no 2020
// stock), their guarantee and assistance come to at least as much, what
// linking and assistance add running from the start of their support.
// It holds whether or not monitoring links the households it finds to the
// safety net (monitoring.social_security).
func TestFoundKeepsItsGuarantee(t *testing.T) {
	for _, linking := range []bool{true, false} { // monitoring.social_security: found, linked or not
		t.Run(fmt.Sprintf("social_security=%v", linking), func(t *testing.T) { foundKeepsItsGuarantee(t, linking) })
	}
}

func foundKeepsItsGuarantee(t *testing.T, linking bool) {
	paid := func(detection float64) float64 {
		p := quiet(1)
		p.Monitoring.Enabled, p.Monitoring.Detection = true, detection
		p.Monitoring.SocialSecurity = linking
		p.Monitoring.StartStock, p.Monitoring.DelayMonths = false, 3
		p.Transfers.Dibao = sim.Dibao{Line: 4500, Level: 1, Takeup: 1, ReviewMonths: 6, ReviewMonthsNoLabor: 12}
		wage(&p, 1000)
		res := traced(t, p, records(1, sim.HouseholdRecord{Laborers: 1, Children: 1, Employed: 1}))
		inc := res.Stories[0].Years[0].Income
		return inc[sim.IncTransfers] + inc[sim.IncAssistance] // the assistance it is found for lowers the top-up its income needs
	}
	missed, found := paid(0), paid(1)
	if missed != 8000 || found < missed-1e-9 {
		t.Errorf("guarantee and assistance %.0f when missed (want 2 × 4,500 − 1,000 = 8,000), %.0f when found: being found cut the guarantee it had", missed, found)
	}
}
