package sim

import (
	"fmt"
	"math"
	"testing"
)

// Accounting identities that hold exactly (counts) or up to rounding (sums of
// money) in every year of every replication, whatever the parameters.

// relTol is the tolerance of identities between sums of money. Both sides
// add the same per-household amounts, over a few thousand households, in
// different groupings; each addition rounds by at most 2^-53 relative to
// the running sum, so the relative difference is below n·2^-53 ≈ 1e-12 for
// n = 10^4 terms. 1e-9 leaves a wide margin.
const relTol = 1e-9

func closeRel(a, b float64) bool {
	return math.Abs(a-b) <= relTol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func checkClose(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !closeRel(got, want) {
		t.Errorf("%s: %.6f ≠ %.6f (difference %g)", what, got, want, got-want)
	}
}

// TestMonitoringTallies: the last year's counts of households ever
// monitored and of those whose risk is eliminated, and of their members,
// are those of the households the run ends with.
func TestMonitoringTallies(t *testing.T) {
	p := Default()
	p.Population.Households = 2000
	m, err := New(Config{Params: p})
	if err != nil {
		t.Fatal(err)
	}
	r := m.NewRunner()
	last := r.Run(1, 0, Options{}).Years[p.Years-1]
	var ever, everPeople, elim, elimPeople int
	for i := range r.hh {
		h := &r.hh[i]
		if h.Flags&flagDissolved != 0 {
			continue
		}
		if h.Flags&flagEverMonitored != 0 {
			ever, everPeople = ever+1, everPeople+int(h.Size)
		}
		if h.Flags&flagEliminated != 0 {
			elim, elimPeople = elim+1, elimPeople+int(h.Size)
		}
	}
	if elim == 0 || elimPeople == elim {
		t.Fatalf("%d households eliminated with %d members: the test tests nothing", elim, elimPeople)
	}
	if last.EverMonitored != ever || last.EverMonitoredPeople != everPeople || last.Eliminated != elim || last.EliminatedPeople != elimPeople {
		t.Errorf("%d: ever monitored %d households, %d people; eliminated %d, %d; the households say %d, %d; %d, %d",
			last.Year, last.EverMonitored, last.EverMonitoredPeople, last.Eliminated, last.EliminatedPeople, ever, everPeople, elim, elimPeople)
	}
}

// checkCounts checks the counting identities of one replication.
func checkCounts(t *testing.T, p Params, res Result) {
	t.Helper()
	prevHH, prevPeople, prevNever, prevNewly := p.Population.Households, -1, -1, 0
	prevEver, prevEverPeople := 0, 0
	for yi, ys := range res.Years {
		at := fmt.Sprintf("rep %d, %d", res.Rep, ys.Year)
		if ys.Year != p.StartYear+yi {
			t.Errorf("%s: year index %d has year %d", at, yi, ys.Year)
		}
		if ys.Households != prevHH-ys.Dissolved {
			t.Errorf("%s: households %d ≠ previous %d − dissolved %d", at, ys.Households, prevHH, ys.Dissolved)
		}
		if prevPeople >= 0 && ys.People != prevPeople-ys.Deaths {
			t.Errorf("%s: people %d ≠ previous %d − deaths %d (the model has no births)", at, ys.People, prevPeople, ys.Deaths)
		}
		if ys.People < ys.Households || ys.People > MaxMembers*ys.Households {
			t.Errorf("%s: %d people in %d households", at, ys.People, ys.Households)
		}
		if ys.FormerlyPoor+ys.Marginal != ys.Households {
			t.Errorf("%s: formerly poor %d + marginal %d ≠ households %d", at, ys.FormerlyPoor, ys.Marginal, ys.Households)
		}
		if ys.Returned > ys.FormerlyPoor || ys.MarginalPoor > ys.Marginal {
			t.Errorf("%s: returned %d of %d, marginal poor %d of %d", at, ys.Returned, ys.FormerlyPoor, ys.MarginalPoor, ys.Marginal)
		}
		if ys.EverReturned < ys.Returned || ys.MarginalEverPoor < ys.MarginalPoor {
			t.Errorf("%s: ever returned %d < returned %d or marginal ever poor %d < poor %d", at, ys.EverReturned, ys.Returned, ys.MarginalEverPoor, ys.MarginalPoor)
		}
		if ys.CoveredPeopleFormerlyPoor > ys.CoveredPeople || ys.CoveredPeople > ys.People || ys.CoveredPeopleFormerlyPoor > ys.FormerlyPoorPeople {
			t.Errorf("%s: people on the safety net %d (formerly poor %d) against people %d (formerly poor %d)", at, ys.CoveredPeople, ys.CoveredPeopleFormerlyPoor, ys.People, ys.FormerlyPoorPeople)
		}
		if ys.MonitoredPeopleFormerlyPoor > ys.MonitoredPeople {
			t.Errorf("%s: people monitored in formerly poor households %d > people monitored %d", at, ys.MonitoredPeopleFormerlyPoor, ys.MonitoredPeople)
		}
		if ys.EmployedFormerlyPoor > ys.Employed {
			t.Errorf("%s: employed in formerly poor households %d > employed %d", at, ys.EmployedFormerlyPoor, ys.Employed)
		}
		if ys.NewlyReturned > ys.Returned || ys.MarginalFirst > ys.MarginalPoor || ys.NewlyReturned > ys.NeverReturned {
			t.Errorf("%s: newly returned %d (returned %d, never returned %d), marginal first %d (poor %d)", at, ys.NewlyReturned, ys.Returned, ys.NeverReturned, ys.MarginalFirst, ys.MarginalPoor)
		}
		// Each alive formerly poor household either had returned before
		// this year (counted in EverReturned, not in NeverReturned) or had
		// not (counted in NeverReturned; in EverReturned iff NewlyReturned).
		if ys.EverReturned+ys.NeverReturned-ys.NewlyReturned != ys.FormerlyPoor {
			t.Errorf("%s: ever %d + never %d − newly %d ≠ formerly poor %d", at, ys.EverReturned, ys.NeverReturned, ys.NewlyReturned, ys.FormerlyPoor)
		}
		// The risk set only shrinks: by this year's first returns and by
		// dissolved households that had never returned.
		if prevNever >= 0 && (ys.NeverReturned > prevNever-prevNewly || ys.NeverReturned < prevNever-prevNewly-ys.Dissolved) {
			t.Errorf("%s: never returned %d, previous %d − newly %d, dissolved %d", at, ys.NeverReturned, prevNever, prevNewly, ys.Dissolved)
		}
		if ys.PoorPeople < ys.Returned+ys.MarginalPoor || ys.PoorPeople > ys.People {
			t.Errorf("%s: poor people %d, poor households %d, people %d", at, ys.PoorPeople, ys.Returned+ys.MarginalPoor, ys.People)
		}
		if ys.GapSum < 0 || ys.GapSum > float64(ys.PoorPeople)+1e-9 {
			t.Errorf("%s: gap sum %g outside [0, poor people %d]", at, ys.GapSum, ys.PoorPeople)
		}

		// Monitoring.
		if ys.Monitored+ys.Pending+ys.Missed > ys.Households {
			t.Errorf("%s: monitored %d + pending %d + missed %d > households %d", at, ys.Monitored, ys.Pending, ys.Missed, ys.Households)
		}
		if ys.Missed > ys.AtRisk || ys.Enrolled > ys.AtRisk || ys.AtRisk > ys.Households {
			t.Errorf("%s: missed %d, enrolled %d, at risk %d, households %d", at, ys.Missed, ys.Enrolled, ys.AtRisk, ys.Households)
		}
		if ys.Exited > ys.Monitored {
			t.Errorf("%s: exited %d > monitored %d (exits are counted among the monitored)", at, ys.Exited, ys.Monitored)
		}
		// Ever monitored: every monitored household, each of its members;
		// it grows by this year's first identifications at most and
		// shrinks by the dissolved households and the deaths at most.
		if ys.EverMonitored < ys.Monitored || ys.EverMonitored > ys.Households ||
			ys.EverMonitoredPeople < ys.MonitoredPeople || ys.EverMonitoredPeople > ys.People ||
			ys.EverMonitoredPeople < ys.EverMonitored || ys.EverMonitoredPeople > MaxMembers*ys.EverMonitored ||
			ys.EliminatedPeople > ys.EverMonitoredPeople || ys.EliminatedPeople < ys.Eliminated || ys.EliminatedPeople > MaxMembers*ys.Eliminated {
			t.Errorf("%s: ever monitored %d households, %d people; eliminated %d, %d; monitored %d, %d; alive %d, %d",
				at, ys.EverMonitored, ys.EverMonitoredPeople, ys.Eliminated, ys.EliminatedPeople, ys.Monitored, ys.MonitoredPeople, ys.Households, ys.People)
		}
		if ys.EverMonitored > prevEver+ys.Enrolled || ys.EverMonitored < prevEver-ys.Dissolved || ys.EverMonitoredPeople < prevEverPeople-ys.Deaths {
			t.Errorf("%s: ever monitored %d households (previous %d, enrolled %d, dissolved %d), %d people (previous %d, deaths %d)",
				at, ys.EverMonitored, prevEver, ys.Enrolled, ys.Dissolved, ys.EverMonitoredPeople, prevEverPeople, ys.Deaths)
		}

		// Land.
		if ys.CultivatedLand < 0 || ys.IdleLand < 0 || ys.TransferredLand < 0 {
			t.Errorf("%s: negative land: cultivated %g, idle %g, transferred %g", at, ys.CultivatedLand, ys.IdleLand, ys.TransferredLand)
		}
		maxLand := p.Population.LandMax // per household
		if p.Population.LandPerPerson {
			maxLand *= float64(len(p.Population.SizeWeights))
		}
		if total := ys.CultivatedLand + ys.IdleLand + ys.TransferredLand; total > float64(ys.Households)*maxLand*(1+1e-6) {
			t.Errorf("%s: %g mu in use, more than %d households × %g mu", at, total, ys.Households, maxLand)
		}

		// Types overlap; Other holds the households in no other type.
		sumHH := 0
		for k := Type(0); k < NumTypes; k++ {
			tc := ys.Types[k]
			sumHH += tc.Households
			if tc.FormerlyPoor+tc.Marginal != tc.Households || tc.Households > ys.Households ||
				tc.Returned > tc.FormerlyPoor || tc.MarginalPoor > tc.Marginal ||
				tc.PoorPeople > tc.People || tc.People > ys.People || tc.Returned > ys.Returned ||
				tc.PoorPeople < tc.Returned+tc.MarginalPoor {
				t.Errorf("%s: type %s inconsistent: %+v (year: %d households, %d returned, %d people)", at, k, tc, ys.Households, ys.Returned, ys.People)
			}
			if k != TypeOther && tc.Households+ys.Types[TypeOther].Households > ys.Households {
				t.Errorf("%s: type %s (%d) and other (%d) overlap: %d households", at, k, tc.Households, ys.Types[TypeOther].Households, ys.Households)
			}
		}
		if sumHH < ys.Households {
			t.Errorf("%s: types count %d households, fewer than the %d alive", at, sumHH, ys.Households)
		}
		if ys.Types[TypeLeftBehind].Households > ys.Types[TypeMigrant].Households {
			t.Errorf("%s: left-behind %d > with-migrant %d", at, ys.Types[TypeLeftBehind].Households, ys.Types[TypeMigrant].Households)
		}
		if ys.Types[TypeElderlyOnly].Households > ys.Types[TypeNoLabor].Households {
			t.Errorf("%s: elderly-only %d > no-labor %d", at, ys.Types[TypeElderlyOnly].Households, ys.Types[TypeNoLabor].Households)
		}

		prevHH, prevPeople, prevNever, prevNewly = ys.Households, ys.People, ys.NeverReturned, ys.NewlyReturned
		prevEver, prevEverPeople = ys.EverMonitored, ys.EverMonitoredPeople
	}

	sp := res.Spells
	for d := range sp.OutAtRisk {
		if sp.OutFall[d] > sp.OutAtRisk[d] || sp.InExit[d] > sp.InAtRisk[d] {
			t.Errorf("rep %d: spells at duration %d: fell %d of %d, exited %d of %d", res.Rep, d, sp.OutFall[d], sp.OutAtRisk[d], sp.InExit[d], sp.InAtRisk[d])
		}
	}
	// Poor households at risk of leaving poverty are those poor the year
	// before and still alive, so their total is bounded by the poor counts of
	// all but the last year.
	inRisk, poorBefore := 0, 0
	for _, n := range sp.InAtRisk {
		inRisk += n
	}
	for _, ys := range res.Years[:len(res.Years)-1] {
		poorBefore += ys.Returned + ys.MarginalPoor
	}
	if inRisk > poorBefore {
		t.Errorf("rep %d: %d poor at risk of exit, more than the %d poor household-years before the last year", res.Rep, inRisk, poorBefore)
	}
}

// checkMoney checks that income components add up to net income and that
// what households receive from each program is what the budget pays.
func checkMoney(t *testing.T, res Result) {
	t.Helper()
	for _, ys := range res.Years {
		at := fmt.Sprintf("rep %d, %d", res.Rep, ys.Year)
		sum := 0.0
		for _, v := range ys.Income {
			sum += v
		}
		checkClose(t, at+": Σ income components vs net", sum, ys.Net)
		checkFormerlyPoorIncome(t, at, &ys)
		c := ys.Cost
		checkClose(t, at+": transfers received vs subsidy+industrial+ecological+pension+dibao paid",
			ys.Income[IncTransfers], c[CostSubsidy]+c[CostIndustrial]+c[CostEcological]+c[CostPension]+c[CostDibao])
		checkClose(t, at+": post pay received vs paid", ys.Income[IncPosts], c[CostPosts])
		checkClose(t, at+": reimbursement received vs insurance+medical assistance+health assistance paid",
			ys.Income[IncReimbursement], c[CostMedicalInsurance]+c[CostMedicalAssistance]+c[CostAssistHealth])
		checkClose(t, at+": relief received vs paid", ys.Income[IncRelief], c[CostDisasterRelief])
		checkClose(t, at+": assistance received vs cash+jobs+industry paid",
			ys.Income[IncAssistance], c[CostAssistCash]+c[CostAssistJobs]+c[CostAssistIndustry])
		// Programs paid to households are all accounted for above: their
		// total is what households receive from the state.
		paid := 0.0
		for k := Program(0); k < NumPrograms; k++ {
			if k.paidToHouseholds() {
				paid += c[k]
			}
			if c[k] < 0 {
				t.Errorf("%s: negative cost %s = %g", at, k, c[k])
			}
		}
		checkClose(t, at+": money paid to households vs received",
			paid, ys.Income[IncTransfers]+ys.Income[IncPosts]+ys.Income[IncReimbursement]+ys.Income[IncRelief]+ys.Income[IncAssistance])
		// Signs: costs are negative, everything else non-negative except
		// farm income (a bad harvest can be a loss).
		for k := Component(0); k < NumComponents; k++ {
			v := ys.Income[k]
			switch k {
			case IncMedical, IncDamage:
				if v > 0 {
					t.Errorf("%s: %s = %g, want ≤ 0", at, k, v)
				}
			case IncFarm:
			default:
				if v < 0 {
					t.Errorf("%s: %s = %g, want ≥ 0", at, k, v)
				}
			}
		}
		// Relief and reimbursement never exceed the costs they pay back.
		if ys.Income[IncRelief] > -ys.Income[IncDamage]*(1+relTol) {
			t.Errorf("%s: relief %g exceeds damage %g", at, ys.Income[IncRelief], -ys.Income[IncDamage])
		}
		if ys.Income[IncReimbursement] > -ys.Income[IncMedical]*(1+relTol) {
			t.Errorf("%s: reimbursement %g exceeds medical costs %g", at, ys.Income[IncReimbursement], -ys.Income[IncMedical])
		}
	}
}

// checkFormerlyPoorIncome checks the formerly poor households' income by
// component: it adds up to their net income, lies between 0 and all
// households' income of the component where the component has one sign,
// is all households' income when every household is formerly poor and
// nothing when none is.
func checkFormerlyPoorIncome(t *testing.T, at string, ys *YearStats) {
	t.Helper()
	sum := 0.0
	for k, v := range ys.FormerlyPoorIncome {
		sum += v
		all := ys.Income[k]
		switch c := Component(k); {
		case ys.Marginal == 0:
			checkClose(t, fmt.Sprintf("%s: %s of the formerly poor, all households formerly poor", at, c), v, all)
		case ys.FormerlyPoor == 0 && v != 0:
			t.Errorf("%s: %s of the formerly poor = %g, with no formerly poor household", at, c, v)
		case c == IncFarm: // either sign
		case all >= 0 && (v < 0 || v > all*(1+relTol)):
			t.Errorf("%s: %s of the formerly poor = %g, outside [0, %g] (all households)", at, c, v, all)
		case all < 0 && (v > 0 || v < all*(1+relTol)):
			t.Errorf("%s: %s of the formerly poor = %g, outside [%g (all households), 0]", at, c, v, all)
		}
	}
	checkClose(t, at+": Σ formerly poor income components vs their net", sum, ys.FormerlyPoorNet)
}

func TestConservationDefault(t *testing.T) {
	p := Default()
	p.Population.Households = 3000
	for _, seed := range []uint64{1, 2, 3} {
		for _, res := range runAll(t, p, seed, 2) {
			checkCounts(t, p, res)
			checkMoney(t, res)
			if last := res.Years[len(res.Years)-1]; last.Deaths == 0 && res.Years[0].Deaths == 0 {
				t.Errorf("seed %d rep %d: no deaths with demography on", seed, res.Rep)
			}
		}
	}
}

// TestMoneyEveryLine turns on every program that pays households, so that
// each line of the identities in checkMoney is exercised, and checks each is
// non-zero over the run.
func TestMoneyEveryLine(t *testing.T) {
	p := Default()
	p.Population.Households = 3000
	p.Disaster.Probability = 0.3
	p.Posts.PerHundred = 5
	p.Monitoring.Enabled = true
	p.Monitoring.Targeting = 0.5
	p.Monitoring.Mix = Assistance{Cash: 1, Employment: 1, Health: 1, Industry: 1}
	var total [NumPrograms]float64
	var inc [NumComponents]float64
	for _, res := range runAll(t, p, 17, 2) {
		checkCounts(t, p, res)
		checkMoney(t, res)
		for _, ys := range res.Years {
			for k := range total {
				total[k] += ys.Cost[k]
			}
			for k := range inc {
				inc[k] += ys.Income[k]
			}
		}
	}
	for k := Program(0); k < NumPrograms; k++ {
		if k.paidToHouseholds() && total[k] == 0 {
			t.Errorf("program %s paid nothing: its identity is not exercised", k)
		}
	}
	for k := Component(0); k < NumComponents; k++ {
		if inc[k] == 0 {
			t.Errorf("income component %s is zero over the run", k)
		}
	}
}

// TestConservationVariants runs the checks on parameter sets that stress the
// edge cases: no laborers, large households, long lags, posts for anyone,
// high mortality (many dissolved households), a strict dibao.
func TestConservationVariants(t *testing.T) {
	variants := []struct {
		name string
		set  map[string]any
	}{
		{"high mortality", map[string]any{"demography.elderly_mortality": 0.5, "population.no_labor_share": 0.5}},
		{"large households", map[string]any{"population.size_weights": []float64{0, 0, 0, 0, 0, 0, 1, 1}, "population.laborers_max": 8}},
		{"lag and long exit", map[string]any{"monitoring.lag": 3, "monitoring.exit_years": 3, "monitoring.min_years": 2, "monitoring.detection": 1}},
		{"posts for anyone, long terms", map[string]any{"welfare_posts.targeting": "any", "welfare_posts.per_hundred": 20, "welfare_posts.term": 3}},
		{"posts for the poor", map[string]any{"welfare_posts.targeting": "poor", "welfare_posts.per_hundred": 20}},
		{"dibao no labor only", map[string]any{"transfers.dibao.no_labor_only": true, "transfers.dibao.takeup": 1}},
		{"all formerly poor", map[string]any{"population.formerly_poor_share": 1}},
		{"all marginal", map[string]any{"population.formerly_poor_share": 0}},
		{"talent and cooperation", map[string]any{"labor.talent_return": 0.5, "labor.talent_skill": 0.1, "labor.cooperation": 0.2, "labor.cooperation_loss": 0.5, "training.rate": 0.3}},
		{"a wage worker in every household, land by head, posts", map[string]any{"labor.household_worker": true, "population.land_per_person": true, "population.land_min": 0.4, "population.land_max": 2.4, "welfare_posts.targeting": "any", "welfare_posts.per_hundred": 20, "labor.talent_return": 0.3}},
		{"parks, specialties, e-commerce", map[string]any{"land.modern_coverage": 1, "specialty.adoption": 0.5, "ecommerce.coverage": 1, "land.transfer_idle": 1}},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			p := Default()
			p.Population.Households = 1000
			for path, val := range v.set {
				if err := p.Set(path, val); err != nil {
					t.Fatalf("Set(%q, %v): %v", path, val, err)
				}
			}
			for _, res := range runAll(t, p, 23, 2) {
				checkCounts(t, p, res)
				checkMoney(t, res)
			}
		})
	}
}

// typesOf re-derives a household's types from its traced year, following
// the definitions in stats.go. A migrant is an able laborer in migrant mode
// with a job. Valid only when employment assistance is off: that assistance
// may give a job to an unemployed migrant after the migrants are counted.
func typesOf(y StoryYear) uint16 {
	var mask uint16
	elderlyOnly, chronic, disabled := true, false, false
	able, migrants, athome := 0, 0, 0
	for m, mb := range y.Members {
		if mb.Role != Elderly {
			elderlyOnly = false
		}
		switch mb.Health {
		case Chronic:
			chronic = true
		case Disabled:
			// A disabled laborer is an adult at home; a disabled elder is
			// not (the left-behind type: everyone at home is a child or elderly).
			disabled = true
			if mb.Role == Laborer {
				athome++
			}
			continue
		}
		if mb.Role != Laborer {
			continue
		}
		able++
		if mb.Mode == ModeMigrant && y.Employed[m] {
			migrants++
		} else {
			athome++
		}
	}
	set := func(k Type) { mask |= 1 << k }
	if elderlyOnly {
		set(TypeElderlyOnly)
	}
	if disabled {
		set(TypeDisabled)
	}
	if chronic {
		set(TypeChronic)
	}
	if migrants > 0 {
		set(TypeMigrant)
		if athome == 0 && len(y.Members) > migrants {
			set(TypeLeftBehind)
		}
	}
	if able == 0 {
		set(TypeNoLabor)
	}
	if len(y.Members) >= 5 {
		set(TypeLarge)
	}
	if mask == 0 {
		set(TypeOther)
	}
	return mask
}

// TestTypesRederived traces every household and recomputes the yearly
// statistics from the stories: household, people and poverty counts by
// type and overall, and the income components.
func TestTypesRederived(t *testing.T) {
	p := Default()
	p.Population.Households = 2000
	p.Monitoring.Mix.Employment = 0 // see typesOf
	p.Monitoring.Targeting = 0
	res := runTraced(t, p, nil, 5)
	checkCounts(t, p, res)
	if len(res.Stories) != p.Population.Households {
		t.Fatalf("%d stories, want %d", len(res.Stories), p.Population.Households)
	}
	for yi, ys := range res.Years {
		var types [NumTypes]TypeCount
		var inc [NumComponents]float64
		hh, people, poor, poorPeople, fp, returned := 0, 0, 0, 0, 0, 0
		for _, st := range res.Stories {
			if yi >= len(st.Years) {
				continue // dissolved
			}
			y := st.Years[yi]
			if y.Year != ys.Year {
				t.Fatalf("household %d: story year %d at index %d, want %d", st.Household, y.Year, yi, ys.Year)
			}
			n := len(y.Members)
			hh++
			people += n
			if st.FormerlyPoor {
				fp++
			}
			if y.Poor != (y.PerCapita < y.Line) {
				t.Errorf("household %d, %d: poor %v with %g per person and line %g", st.Household, y.Year, y.Poor, y.PerCapita, y.Line)
			}
			if y.Poor {
				poor++
				poorPeople += n
				if st.FormerlyPoor {
					returned++
				}
			}
			sum := 0.0
			for k, v := range y.Income {
				inc[k] += v
				sum += v
			}
			if !closeRel(sum/float64(n), y.PerCapita) {
				t.Errorf("household %d, %d: Σ income / size = %g, per capita %g", st.Household, y.Year, sum/float64(n), y.PerCapita)
			}
			mask := typesOf(y)
			for k := Type(0); k < NumTypes; k++ {
				if mask&(1<<k) == 0 {
					continue
				}
				tc := &types[k]
				tc.Households++
				tc.People += n
				if st.FormerlyPoor {
					tc.FormerlyPoor++
					ever := false
					for _, e := range st.Years[:yi] {
						ever = ever || e.Poor
					}
					if !ever {
						tc.NeverReturned++
						if y.Poor {
							tc.NewlyReturned++
						}
					}
					if y.Poor {
						tc.Returned++
					}
				} else {
					tc.Marginal++
					if y.Poor {
						tc.MarginalPoor++
					}
				}
				if y.Poor {
					tc.PoorPeople += n
				}
			}
		}
		at := fmt.Sprint(ys.Year)
		if hh != ys.Households || people != ys.People || fp != ys.FormerlyPoor || returned != ys.Returned ||
			poor != ys.Returned+ys.MarginalPoor || poorPeople != ys.PoorPeople {
			t.Errorf("%s: stories give %d households, %d people, %d formerly poor, %d returned, %d poor, %d poor people; stats %d, %d, %d, %d, %d, %d",
				at, hh, people, fp, returned, poor, poorPeople, ys.Households, ys.People, ys.FormerlyPoor, ys.Returned, ys.Returned+ys.MarginalPoor, ys.PoorPeople)
		}
		for k := Type(0); k < NumTypes; k++ {
			if types[k] != ys.Types[k] {
				t.Errorf("%s: type %s: stories give %+v, stats %+v", at, k, types[k], ys.Types[k])
			}
		}
		for k := Component(0); k < NumComponents; k++ {
			checkClose(t, at+": income "+k.String()+" from stories vs stats", inc[k], ys.Income[k])
		}
	}
}

// TestSpellIdentities: the spell counts agree with the yearly counts. Spells
// out of poverty are those of formerly poor households and of marginal
// households that have been poor (as analysis/spells.go states; the comment
// on Spells.OutAtRisk in stats.go says formerly poor only). A household
// poor in year t was, in year t−1, either poor (InAtRisk − InExit), or out
// of poverty and at risk (OutFall), or marginal and never poor
// (MarginalFirst). Without demography nobody leaves, so the households at
// risk are exactly: every formerly poor household in the first year; later,
// the formerly poor not poor the year before and the marginal households
// poor before but not the year before.
func TestSpellIdentities(t *testing.T) {
	for _, demography := range []bool{true, false} {
		p := Default()
		p.Population.Households = 3000
		p.Demography.Enabled = demography
		for _, res := range runAll(t, p, 31, 2) {
			sum := func(xs []int) int {
				s := 0
				for _, x := range xs {
					s += x
				}
				return s
			}
			sp := res.Spells
			outRisk, outFall, inRisk, inExit := sum(sp.OutAtRisk), sum(sp.OutFall), sum(sp.InAtRisk), sum(sp.InExit)
			poor, first, wantOut, wantIn := 0, 0, 0, 0
			for yi, ys := range res.Years {
				poor += ys.Returned + ys.MarginalPoor
				first += ys.MarginalFirst
				if yi == 0 {
					wantOut += ys.FormerlyPoor
					continue
				}
				prev := res.Years[yi-1]
				wantOut += ys.FormerlyPoor - prev.Returned + prev.MarginalEverPoor - prev.MarginalPoor
				wantIn += prev.Returned + prev.MarginalPoor
			}
			if poor != inRisk-inExit+outFall+first {
				t.Errorf("demography %v, rep %d: %d poor household-years ≠ stayed poor %d + fell back %d + marginal first %d",
					demography, res.Rep, poor, inRisk-inExit, outFall, first)
			}
			// Households that dissolve in year t ≥ 2 are counted in year
			// t−1 but are no longer at risk in t, so with demography each
			// expected count may be off by at most the number dissolved.
			dissolved := 0
			for _, ys := range res.Years[1:] {
				dissolved += ys.Dissolved
			}
			if demography && (outRisk < wantOut-dissolved || outRisk > wantOut+dissolved || inRisk > wantIn || inRisk < wantIn-dissolved) {
				t.Errorf("demography on, rep %d: at risk out of poverty %d, want %d ± %d dissolved; in poverty %d, want %d − [0, %d]",
					res.Rep, outRisk, wantOut, dissolved, inRisk, wantIn, dissolved)
			}
			if !demography && (outRisk != wantOut || inRisk != wantIn) {
				t.Errorf("demography off, rep %d: at risk out of poverty %d, want %d; in poverty %d, want %d", res.Rep, outRisk, wantOut, inRisk, wantIn)
			}
		}
	}
}

// paidToHouseholds reports whether a program's cost is money households
// receive (as opposed to services bought for villages).
func (p Program) paidToHouseholds() bool {
	return p <= CostAssistIndustry
}
