package sim

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// runAll runs reps replications of p with master seed seed.
func runAll(t testing.TB, p Params, seed uint64, reps int) []Result {
	t.Helper()
	m, err := New(Config{Params: p})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	r := m.NewRunner()
	out := make([]Result, reps)
	for rep := range out {
		out[rep] = r.Run(seed, rep, Options{})
	}
	return out
}

// checkRate fails if the observed share k/n is more than z binomial standard
// errors sqrt(p(1−p)/n) away from p.
func checkRate(t *testing.T, what string, k, n int, p, z float64) {
	t.Helper()
	if n == 0 {
		t.Fatalf("%s: no observations", what)
	}
	got := float64(k) / float64(n)
	se := math.Sqrt(p * (1 - p) / float64(n))
	if math.Abs(got-p) > z*se {
		t.Errorf("%s: got %.5f (%d/%d), want %.5f ± %.5f (%g SE)", what, got, k, n, p, z*se, z)
	} else {
		t.Logf("%s: got %.5f (%d/%d), want %.5f ± %.5f", what, got, k, n, p, z*se)
	}
}

// The tolerance of every Monte Carlo check in this file is 4 standard errors
// of the estimate: a correct model fails one check with probability 6e-5.
// The seeds are fixed, so the outcome does not change from run to run.
const zTol = 4

func TestMinimalParamsValid(t *testing.T) {
	p := Minimal(1000)
	if errs := p.Validate(); errs != nil {
		t.Fatalf("minimal params do not validate:\n%v", errs)
	}
	// Every household is exactly one laborer with income = wage: with
	// wage_sigma 0 and find 1, loss 0 nobody is poor and the net income is
	// households × exp(mu) in every year, with no other component.
	p.Labor.WageSigma = 0
	p.Labor.LocalJobFind, p.Labor.LocalJobLoss = 1, 0
	p.Labor.LocalWageMu = math.Log(8000)
	res := runAll(t, p, 1, 1)[0]
	for _, ys := range res.Years {
		if ys.Households != 1000 || ys.People != 1000 {
			t.Fatalf("%d: %d households, %d people; want 1000 of each", ys.Year, ys.Households, ys.People)
		}
		for k := Component(0); k < NumComponents; k++ {
			want := 0.0
			if k == IncWages {
				want = 1000 * 8000
			}
			if math.Abs(ys.Income[k]-want) > 1e-6*math.Max(1, want) {
				t.Errorf("%d: income %s = %g, want %g", ys.Year, k, ys.Income[k], want)
			}
		}
		if ys.Returned != 0 || ys.MarginalPoor != 0 || ys.Line != p.Poverty.Line {
			t.Errorf("%d: returned %d, marginal poor %d, line %g; want 0, 0, %g", ys.Year, ys.Returned, ys.MarginalPoor, ys.Line, p.Poverty.Line)
		}
	}
}

// TestLognormalPovertyRate: everybody is employed (find 1, loss 0) and the
// wage is exp(mu + sigma·Z), so the yearly poverty rate is
// P(exp(mu + sigma·Z) < z) = Φ((ln z − mu)/sigma). Each household-year is an
// independent Bernoulli draw (one stream per member-year), so the estimate
// over households × years × reps has the binomial standard error.
func TestLognormalPovertyRate(t *testing.T) {
	const households, reps = 4000, 2
	cases := []struct {
		mu, sigma, line float64
	}{
		{math.Log(10000), 0.5, 10000 * math.Exp(-1.6449*0.5)}, // p ≈ 0.05
		{math.Log(8000), 0.8, 8000 * math.Exp(-0.5244*0.8)},   // p ≈ 0.30
		{math.Log(4000), 1.2, 4000},                           // p = 0.5 exactly
		{math.Log(15000), 0.5, 4000},                          // default-like wage: p ≈ 0.004
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("mu=%.3f,sigma=%g,z=%.0f", c.mu, c.sigma, c.line), func(t *testing.T) {
			p := Minimal(households)
			p.Labor.LocalJobFind, p.Labor.LocalJobLoss = 1, 0
			p.Labor.LocalWageMu, p.Labor.WageSigma = c.mu, c.sigma
			p.Poverty.Line = c.line
			want := distuv.UnitNormal.CDF((math.Log(c.line) - c.mu) / c.sigma)
			poor, n := 0, 0
			for _, res := range runAll(t, p, 7, reps) {
				for _, ys := range res.Years {
					if ys.Households != households {
						t.Fatalf("%d households, want %d", ys.Households, households)
					}
					poor += ys.Returned + ys.MarginalPoor
					n += ys.Households
					if ys.PoorPeople != ys.Returned+ys.MarginalPoor {
						t.Fatalf("poor people %d ≠ poor households %d in one-member households", ys.PoorPeople, ys.Returned+ys.MarginalPoor)
					}
				}
			}
			checkRate(t, "poverty rate", poor, n, want, zTol)
		})
	}
}

// TestWageGrowthAndIndex: with wage growth g and a line indexed by i, the
// rate in year y is Φ((ln z + s·ln(1+i) − mu − s·ln(1+g))/sigma), s = y − base
// year. Checked year by year (households × reps draws per year).
func TestWageGrowthAndIndex(t *testing.T) {
	const households, reps = 4000, 2
	p := Minimal(households)
	p.Labor.LocalJobFind, p.Labor.LocalJobLoss = 1, 0
	p.Labor.LocalWageMu, p.Labor.WageSigma = math.Log(6000), 0.6
	p.Labor.WageGrowth = 0.02
	p.Poverty.Line, p.Poverty.Index, p.Poverty.BaseYear = 4000, 0.06, 2020
	results := runAll(t, p, 11, reps)
	for yi := range p.Years {
		year := p.StartYear + yi
		s := float64(year - p.Poverty.BaseYear)
		x := (math.Log(p.Poverty.Line) + s*math.Log1p(p.Poverty.Index) - p.Labor.LocalWageMu - s*math.Log1p(p.Labor.WageGrowth)) / p.Labor.WageSigma
		want := distuv.UnitNormal.CDF(x)
		poor, n := 0, 0
		for _, res := range results {
			ys := res.Years[yi]
			if ys.Year != year {
				t.Fatalf("year index %d is %d, want %d", yi, ys.Year, year)
			}
			if wantLine := p.Poverty.Line * math.Pow(1+p.Poverty.Index, s); math.Abs(ys.Line-wantLine) > 1e-9*wantLine {
				t.Errorf("%d: line %g, want %g", year, ys.Line, wantLine)
			}
			poor += ys.Returned + ys.MarginalPoor
			n += ys.Households
		}
		checkRate(t, fmt.Sprintf("%d poverty rate", year), poor, n, want, zTol)
	}
}

// TestJobChain checks the two-state job chain against its closed form. With
// wage_sigma 0 and a wage far above the line, a household is poor exactly
// when its laborer is unemployed. Write q = job loss, f = job find and
// π = q/(q+f).
//
//   - The population starts employed with the stationary probability
//     f/(f+q) (runner.go assignMode), so P(unemployed in year 1) =
//     (1−π)q + π(1−f) = π, and by induction the poverty rate is π in every
//     year (the general form π + (p0 − π)(1−q−f)^t with p0 = π).
//   - Re-entry: a household not poor in year t−1 is employed then, so it is
//     poor in t with probability q. Spells.OutAtRisk/OutFall count formerly
//     poor households not poor the year before, but in year 1 every formerly
//     poor household is counted (nobody is flagged poor in 2020), and falls
//     with probability π; so the year-1 counts (FormerlyPoor and Returned of
//     year 1) are subtracted before the ratio is compared with q.
//   - First return: NeverReturned in year t ≥ 2 are the formerly poor
//     households employed in every year 1…t−1; by the Markov property each
//     becomes unemployed in t with probability q, so
//     ΣNewlyReturned/ΣNeverReturned over t ≥ 2 estimates q, while in year 1
//     the ratio is π.
//   - Ever returned: P(employed in every year 1…t) = P(employed in year 1)
//     (1−q)^(t−1) = (1−π)(1−q)^(t−1), so the share of formerly poor
//     households that returned by year t is 1 − (1−π)(1−q)^(t−1).
//     (For a household known to be employed at the start it would be
//     1 − (1−q)^t; the start state is not observed in the statistics.)
//   - Exit: a household poor in t−1 is unemployed then and finds a job with
//     probability f, so ΣInExit/ΣInAtRisk estimates f.
//
// Transition estimates are ratios of counts of conditionally Bernoulli(q)
// (or f) events given the past; by the martingale central limit theorem
// their standard error is sqrt(q(1−q)/n) with n the number at risk, the
// same as the binomial one.
func TestJobChain(t *testing.T) {
	const households, reps = 4000, 2
	cases := []struct{ loss, find float64 }{
		{0.15, 0.6}, // the default local chain
		{0.3, 0.3},
		{0.05, 0.9},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("q=%g,f=%g", c.loss, c.find), func(t *testing.T) {
			q, f := c.loss, c.find
			pi := q / (q + f)
			p := Minimal(households)
			p.Labor.LocalJobFind, p.Labor.LocalJobLoss = f, q
			p.Labor.LocalWageMu, p.Labor.WageSigma = math.Log(15000), 0
			p.Population.FormerlyPoorShare = 0.8
			results := runAll(t, p, 3, reps)

			var outRisk, outFall, inRisk, inExit, never, newly int
			for yi := range p.Years {
				poor, n, ever, fp := 0, 0, 0, 0
				for _, res := range results {
					ys := res.Years[yi]
					poor += ys.Returned + ys.MarginalPoor
					n += ys.Households
					ever += ys.EverReturned
					fp += ys.FormerlyPoor
					if yi == 0 {
						if ys.NeverReturned != ys.FormerlyPoor || ys.NewlyReturned != ys.Returned {
							t.Fatalf("year 1: never %d newly %d, want formerly poor %d and returned %d", ys.NeverReturned, ys.NewlyReturned, ys.FormerlyPoor, ys.Returned)
						}
						outRisk -= ys.FormerlyPoor
						outFall -= ys.Returned
					} else {
						never += ys.NeverReturned
						newly += ys.NewlyReturned
					}
				}
				checkRate(t, fmt.Sprintf("year %d poverty rate", yi+1), poor, n, pi, zTol)
				checkRate(t, fmt.Sprintf("year %d ever returned", yi+1), ever, fp, 1-(1-pi)*math.Pow(1-q, float64(yi)), zTol)
			}
			for _, res := range results {
				for d := range res.Spells.OutAtRisk {
					outRisk += res.Spells.OutAtRisk[d]
					outFall += res.Spells.OutFall[d]
					inRisk += res.Spells.InAtRisk[d]
					inExit += res.Spells.InExit[d]
				}
			}
			checkRate(t, "re-entry P(poor | not poor last year), years ≥ 2", outFall, outRisk, q, zTol)
			checkRate(t, "first-return hazard, years ≥ 2", newly, never, q, zTol)
			checkRate(t, "exit P(not poor | poor last year)", inExit, inRisk, f, zTol)
		})
	}
}

// TestJobChainBoosted: the population starts in the stationary state of
// the chain each laborer faces, boosts and skill included, so the poverty
// rate (σ = 0, wage above the line: poor ⇔ no job) is the same in every
// year from the first. With loss q, find f + b + k·s (b the e-commerce job
// boost with every village covered, or a modern park's, or labor
// cooperation for migrants) and skill s uniform on [0, S], a laborer is
// jobless with probability q/(q + f + b + k·s), on average over s
//
//	π = q/(k·S) · ln((q + f + b + k·S)/(q + f + b)).
//
// Drawn from the base chain f/(f+q) instead, the first year's rate would be
// far higher: about 0.25 for the local case against π ≈ 0.147. The same
// holds for children who come of age in the first year (adult age 1): they
// draw their first job from the chain they face that year.
func TestJobChainBoosted(t *testing.T) {
	const households, reps = 4000, 2
	const f, b, k, skillMax = 0.1, 0.3, 0.4, 1.0
	for _, tc := range []struct {
		name    string
		migrant bool
		q       float64 // the job loss the laborers face
		set     func(p *Params)
	}{
		{"local, e-commerce boost", false, 0.1, func(p *Params) { p.Ecommerce.Coverage, p.Ecommerce.JobBoost = 1, b }},
		{"local, park boost", false, 0.1, func(p *Params) { p.Land.ModernCoverage, p.Land.ModernJobBoost = 1, b }},
		{"migrant, labor cooperation", true, 0.2 * (1 - 0.5), func(p *Params) { p.Labor.Cooperation, p.Labor.CooperationLoss = b, 0.5 }},
		{"children coming of age, e-commerce boost", false, 0.1, func(p *Params) {
			p.Ecommerce.Coverage, p.Ecommerce.JobBoost = 1, b
			p.Population.LaborersMin, p.Population.LaborersMax, p.Population.ElderlyShare = 0, 0, 0 // one child aged 0
			p.Demography.Enabled, p.Demography.AdultAge = true, 1                                   // a laborer in year 1
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Minimal(households)
			p.Labor.WageSigma = 0
			p.Labor.SkillJobFind, p.Population.SkillMax = k, skillMax
			if tc.migrant {
				p.Population.MigrantShare, p.Population.LocalShare = 1, 0
				p.Population.LaborerAgeMin, p.Population.LaborerAgeMax = 20, 40 // all below labor.migrant_age_max (45)
				p.Labor.MigrantJobFind, p.Labor.MigrantJobLoss = f, 0.2
				p.Labor.MigrantWageMu, p.Labor.MigrantNetShare = math.Log(30000), 1
			} else {
				p.Labor.LocalJobFind, p.Labor.LocalJobLoss = f, tc.q
				p.Labor.LocalWageMu = math.Log(15000)
			}
			tc.set(&p)
			q := tc.q
			pi := q / (k * skillMax) * math.Log((q+f+b+k*skillMax)/(q+f+b))
			results := runAll(t, p, 5, reps)
			for yi := range p.Years {
				poor, n := 0, 0
				for _, res := range results {
					poor += res.Years[yi].Returned + res.Years[yi].MarginalPoor
					n += res.Years[yi].Households
				}
				checkRate(t, fmt.Sprintf("year %d poverty rate", yi+1), poor, n, pi, zTol)
			}
		})
	}
}

// TestJobChainMigrant: the same chain for migrants, whose household receives
// migrant_net_share of the wage. With find 1 and loss 0 and the line between
// the net and the gross wage, everyone is poor: the net share is applied.
func TestJobChainMigrant(t *testing.T) {
	p := Minimal(1000)
	p.Population.MigrantShare, p.Population.LocalShare = 1, 0
	p.Population.LaborerAgeMin, p.Population.LaborerAgeMax = 20, 40 // all below labor.migrant_age_max (45)
	p.Labor.MigrantJobFind, p.Labor.MigrantJobLoss = 1, 0
	p.Labor.MigrantWageMu, p.Labor.WageSigma = math.Log(10000), 0
	p.Labor.MigrantNetShare = 0.5
	p.Poverty.Line = 6000 // 5000 net < 6000 < 10000 gross
	res := runAll(t, p, 5, 1)[0]
	for _, ys := range res.Years {
		if ys.Migrants != 1000 || ys.Returned+ys.MarginalPoor != 1000 {
			t.Errorf("%d: %d migrants and %d poor, want 1000 and 1000", ys.Year, ys.Migrants, ys.Returned+ys.MarginalPoor)
		}
		if math.Abs(ys.Income[IncWages]-1000*5000) > 1e-6 {
			t.Errorf("%d: wages %g, want %g", ys.Year, ys.Income[IncWages], 1000*5000.0)
		}
	}
}

// TestJobChainPartYear: with labor.part_year a job lost or found during the
// year pays for the part of the year it was held, from a uniform time t:
// t·w if lost, (1 − t)·w if found. One laborer per household, wage W fixed
// (σ = 0), line a·W: a household is poor if it had no job all year, or lost
// its job before time a, or found one after time 1 − a. In the stationary
// state (employed with π = f/(f + q), where the population starts) the
// losses πq equal the finds (1 − π)f, so each year
//
//	P(poor) = (1 − π)(1 − f) + 2·π·q·a,   E[wage] = π·W,
//
// the mean the whole-year convention gives too, whose movers' wages are 0
// or W (standard deviation W/2) where part-year ones are uniform on [0, W]
// (W/√12). The time is independent of the wage: with a lognormal wage
// (σ > 0) of a migrant, of whose pay the household gets the net share n,
// E[wage] = π·n·W·exp(σ²/2).
func TestJobChainPartYear(t *testing.T) {
	const households, reps, w, a = 4000, 2, 15000.0, 0.4
	for _, c := range []struct {
		loss, find, sigma float64
		migrant           bool
	}{{0.15, 0.6, 0, false}, {0.3, 0.3, 0, false}, {0.3, 0.3, 0.5, true}} {
		t.Run(fmt.Sprintf("q=%g,f=%g,σ=%g,migrant=%v", c.loss, c.find, c.sigma, c.migrant), func(t *testing.T) {
			q, f := c.loss, c.find
			pi := f / (f + q)
			p := Minimal(households)
			p.Labor.PartYear = true
			p.Labor.LocalJobFind, p.Labor.LocalJobLoss = f, q
			p.Labor.LocalWageMu, p.Labor.WageSigma = math.Log(w), c.sigma
			net := 1.0
			if c.migrant {
				net = 0.5
				p.Population.MigrantShare, p.Population.LocalShare = 1, 0
				p.Population.LaborerAgeMin, p.Population.LaborerAgeMax = 20, 40 // all below labor.migrant_age_max (45)
				p.Labor.MigrantJobFind, p.Labor.MigrantJobLoss = f, q
				p.Labor.MigrantWageMu, p.Labor.MigrantNetShare = math.Log(w), net
			}
			p.Poverty.Line = a * w * net
			if c.migrant { // four times the households: a loser's pay is a small part of the mean
				p.Population.Households *= 4
			}
			results := runAll(t, p, 7, reps)
			want := (1-pi)*(1-f) + 2*pi*q*a
			mean := pi * net * w * math.Exp(c.sigma*c.sigma/2)
			for yi := range p.Years {
				poor, n, wages, employed := 0, 0, 0.0, 0
				for _, res := range results {
					ys := res.Years[yi]
					poor += ys.Returned + ys.MarginalPoor
					n += ys.Households
					wages += ys.Income[IncWages]
					employed += ys.Employed
				}
				if c.sigma == 0 {
					checkRate(t, fmt.Sprintf("year %d poverty rate", yi+1), poor, n, want, zTol)
				}
				checkRate(t, fmt.Sprintf("year %d employed at the year's end", yi+1), employed, n, pi, zTol)
				// A household's wage is n·W·h·exp(σZ), h ∈ [0, 1]: its sd is
				// below its root mean square, n·W·exp(σ²).
				if got, se := wages/float64(n), net*w*math.Exp(c.sigma*c.sigma)/math.Sqrt(float64(n)); math.Abs(got-mean) > zTol*se {
					t.Errorf("year %d: mean wage %.0f, want %.0f ± %.0f", yi+1, got, mean, zTol*se)
				}
			}
		})
	}
}

// TestJobLossCause: the job-loss cause (step 11) of a laborer who lost its
// job is the median wage of its work for the rest of the year, (1 − t)·W
// with part_year, W without. Every laborer changes state each year (find
// and loss 1: half lose their job, half find one), everyone is poor (the
// line is far above any income) and every household has a major illness
// costing X = W/4, unreimbursed: a household whose laborer lost its job
// is counted under job loss iff (1 − t)·W > X, with probability 1 − X/W,
// always without part_year; one whose laborer found a job, under illness.
func TestJobLossCause(t *testing.T) {
	const households, w = 4000, 20000.0
	for _, partYear := range []bool{true, false} {
		p := Minimal(households)
		p.Years = 3
		p.Labor.PartYear = partYear
		p.Labor.LocalJobFind, p.Labor.LocalJobLoss = 1, 1
		p.Labor.LocalWageMu = math.Log(w)
		p.Population.FormerlyPoorShare = 1
		p.Poverty.Line = 1e9
		h := &p.Health
		h.EventBase, h.CostMu, h.CostSigma = 1, math.Log(w/4), 0
		h.Reimbursement, h.FormerlyPoorExtra, h.WorkLoss = 0, 0, 0
		want := 0.5 * (1 - 0.25)
		if !partYear {
			want = 0.5
		}
		for _, ys := range runAll(t, p, 11, 1)[0].Years {
			checkRate(t, fmt.Sprintf("part_year %v, %d: job loss as the cause", partYear, ys.Year), ys.ReturnedCauses[CauseJobLoss], ys.FormerlyPoor, want, zTol)
			if ys.ReturnedCauses[CauseJobLoss]+ys.ReturnedCauses[CauseIllness] != ys.FormerlyPoor {
				t.Errorf("part_year %v, %d: causes %v of %d households, want job loss or illness", partYear, ys.Year, ys.ReturnedCauses, ys.FormerlyPoor)
			}
		}
	}
}

// TestIndexedAmounts: with transfers.indexed the amounts paid grow with the
// line, g_z = (1 + poverty.index)^(y − poverty.base_year); without, they
// stay nominal. One-person households on 2 mu whose only laborer never
// finds a job: each gets the subsidy, a welfare post (one per household,
// open to anyone, from the second year so that no post is one held at the
// start, whose term would end early: §4 step 6) and monitoring assistance
// (everyone is under the line and found at once) of one kind, cash or
// industry (on the 2 mu it farms), so each program costs households ×
// amount × g_z a year (no posts in the first).
func TestIndexedAmounts(t *testing.T) {
	const households, subsidy, pay, cash, index = 200, 1000.0, 6000.0, 500.0, 0.03
	const industryBase, industryPerMu, land = 1000.0, 100.0, 2.0
	for _, tc := range []struct {
		indexed bool
		kind    Assistance
	}{{false, Assistance{Cash: 1}}, {true, Assistance{Cash: 1}}, {false, Assistance{Industry: 1}}, {true, Assistance{Industry: 1}}} {
		t.Run(fmt.Sprintf("indexed=%v,%+v", tc.indexed, tc.kind), func(t *testing.T) {
			p := Minimal(households)
			p.Poverty.Index = index
			p.Labor.LocalJobFind = 0
			p.Population.LandMin, p.Population.LandMax = land, land
			p.Transfers.Indexed = tc.indexed
			p.Transfers.Subsidy = Transfer{Amount: subsidy, Level: 1}
			p.Posts = WelfarePosts{PerHundred: 0, Pay: pay, Term: 100, Targeting: "any", MaxAge: 100}
			mo := &p.Monitoring
			mo.Enabled, mo.LineRatio, mo.Detection, mo.Lag, mo.Targeting = true, 10, 1, 0, 0
			mo.Mix, mo.CashPerCapita, mo.AdminCost = tc.kind, cash, 0
			mo.IndustryBase, mo.IndustryPerMu = industryBase, industryPerMu
			type program struct {
				what   string
				cost   Program
				amount float64
			}
			assist := program{"cash assistance", CostAssistCash, cash}
			if tc.kind.Industry > 0 {
				assist = program{"industry assistance", CostAssistIndustry, industryBase + industryPerMu*land}
			}
			m, err := New(Config{Params: p, Timeline: []Change{{Year: p.StartYear + 1, Set: map[string]any{"welfare_posts.per_hundred": 100}}}})
			if err != nil {
				t.Fatal(err)
			}
			res := m.Run(1, 0)
			for _, ys := range res.Years {
				g := 1.0
				if tc.indexed {
					g = math.Pow(1+index, float64(ys.Year-p.Poverty.BaseYear))
				}
				for _, c := range []program{{"subsidy", CostSubsidy, subsidy}, {"posts", CostPosts, pay}, assist} {
					want := households * c.amount * g
					if c.cost == CostPosts && ys.Year == p.StartYear {
						want = 0
					}
					if got := ys.Cost[c.cost]; math.Abs(got-want) > 1e-9*want {
						t.Errorf("%d: %s costs %.4f, want %d × %g × %.6f = %.4f", ys.Year, c.what, got, households, c.amount, g, want)
					}
				}
			}
		})
	}
}

// TestIndexedPrograms: what the four programs pay does not depend on
// income, so indexing them (and nothing else: the same population, the
// same deaths) multiplies each year's cost of each by exactly g_z, up to
// rounding, at the defaults.
func TestIndexedPrograms(t *testing.T) {
	p := Default()
	p.Population.Households = 2000
	q := p.Clone()
	q.Transfers.Indexed = true
	nominal, indexed := runAll(t, p, 3, 1)[0], runAll(t, q, 3, 1)[0]
	for y, ys := range indexed.Years {
		g := math.Pow(1+p.Poverty.Index, float64(ys.Year-p.Poverty.BaseYear))
		for _, c := range []struct {
			what string
			cost Program
		}{{"subsidy", CostSubsidy}, {"industrial", CostIndustrial}, {"ecological", CostEcological}, {"pension", CostPension}} {
			want := nominal.Years[y].Cost[c.cost] * g
			if got := ys.Cost[c.cost]; want == 0 || math.Abs(got-want) > 1e-12*want {
				t.Errorf("%d: %s costs %.4f indexed, want %.4f × %.6f = %.4f", ys.Year, c.what, got, nominal.Years[y].Cost[c.cost], g, want)
			}
		}
	}
}

// Routine care (step 5) is lognormal with mean routine_cost per member and
// is not subtracted from income; it makes health spending catastrophic
// (step 13) when it reaches 40% of the capacity to pay. A household of n
// members, one a laborer earning w = 10,000 a year, with the line
// z = 4,000 has a capacity of w − n·z, so with routine cost R and log-sd σ
// its spending is catastrophic with probability
// P(n·R·exp(σZ − σ²/2) ≥ 0.4·(w − n·z)) = 1 − Φ((ln(0.4·(w − n·z)/(n·R)) + σ²/2)/σ),
// and nobody is poor, whatever the spending.
func TestRoutineCareCatastrophic(t *testing.T) {
	const w, n = 10000, 20000
	for _, c := range []struct{ size, cost, sigma, index float64 }{
		{1, 1000, 1, 0}, {1, 2000, 0.5, 0}, {1, 3000, 0.3, 0}, {2, 800, 0.5, 0},
		{1, 1500, 0.5, 0.2}, // the line and the spending grow by g = 1.2^(year − 2020): the capacity shrinks
	} {
		p := Minimal(n)
		p.Years = 2
		p.Population.SizeWeights = make([]float64, int(c.size))
		p.Population.SizeWeights[int(c.size)-1] = 1
		p.Labor.WageSigma = 0
		p.Labor.LocalJobFind, p.Labor.LocalJobLoss = 1, 0
		p.Labor.LocalWageMu = math.Log(w)
		p.Health.RoutineCost, p.Health.RoutineSigma = c.cost, c.sigma
		p.Poverty.Index = c.index
		for _, ys := range runAll(t, p, 7, 1)[0].Years {
			g := math.Pow(1+c.index, float64(ys.Year-p.Poverty.BaseYear))
			x := (math.Log(catastrophicShare*(w-c.size*p.Poverty.Line*g)/(c.size*c.cost*g)) + c.sigma*c.sigma/2) / c.sigma
			what := fmt.Sprintf("%d: catastrophic share, %g members, routine cost %g, σ %g, index %g", ys.Year, c.size, c.cost, c.sigma, c.index)
			checkRate(t, what, ys.Catastrophic, ys.Households, 1-distuv.UnitNormal.CDF(x), zTol)
			if ys.Returned+ys.MarginalPoor != 0 || math.Abs(ys.Net-n*w) > 1e-6*n*w {
				t.Errorf("%s: %d poor, net %g; want 0 poor and net %d: routine care is not income", what, ys.Returned+ys.MarginalPoor, ys.Net, n*w)
			}
		}
	}
}
