package sim

import (
	"fmt"
	"strings"
	"testing"
)

// warmRunner draws the replication with key rk of cfg and runs its
// warm-up year: the Runner as the first year finds it.
func warmRunner(t *testing.T, cfg Config, rk uint64) *Runner {
	t.Helper()
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := m.NewRunner()
	r.populate(rk)
	r.warmUp(rk)
	return r
}

// warmHouseholds is the households of warmRunner at replication 0.
func warmHouseholds(t *testing.T, cfg Config) []household {
	t.Helper()
	return append([]household(nil), warmRunner(t, cfg, repKey(5, 0)).hh...)
}

// TestWarmUpBefore checks Config.Before (§3 steps 9 and 10): a first year
// that changes parameters the warm-up or the population reads, with
// Before holding the values they replaced, starts from the households of
// the base, as drawn and with their warm-up incomes; without Before the
// change reaches them. The yield is read by the warm-up only; e-commerce's
// coverage and job boost by the villages' first jobs as well; job loss and
// skill by each laborer's first job (drawHousehold).
func TestWarmUpBefore(t *testing.T) {
	base := smallDefault(400)
	want := warmHouseholds(t, Config{Params: base})
	for _, change := range []map[string]any{
		{"farming.yield_value": 1.5 * base.Farming.YieldValue},
		{"ecommerce.coverage": 1.0, "ecommerce.job_boost": 0.3},
		{"labor.local_job_loss": 0.3, "labor.skill_job_find": 0.3},
	} {
		changed := base.Clone()
		before := map[string]any{}
		for path, v := range change {
			old, _ := base.Get(path)
			before[path] = old
			if err := changed.Set(path, v); err != nil {
				t.Fatal(err)
			}
		}
		kept := warmHouseholds(t, Config{Params: changed, Before: before})
		moved := warmHouseholds(t, Config{Params: changed})
		differ := 0
		for i := range want {
			if kept[i] != want[i] {
				t.Fatalf("%v: household %d differs from the base's with Before: Before did not reach the population or the warm-up", change, i)
			}
			if moved[i] != want[i] {
				differ++
			}
		}
		if differ < len(want)/10 {
			t.Fatalf("%v: without Before only %d of %d households differ: the test tests nothing", change, differ, len(want))
		}
		// A change of the timeline in the first year is the first year's.
		first := warmHouseholds(t, Config{Params: base, Timeline: []Change{{Year: base.StartYear, Set: change}}})
		for i := range want {
			if first[i] != want[i] {
				t.Fatalf("%v in the first year's timeline: household %d differs from the base's", change, i)
			}
		}
	}
}

// TestWarmUpBeforeRecords checks that county records are read on the year
// before's settings too (records.go): the elderly's start ages follow
// demography.retire_age of Before, not the first year's.
func TestWarmUpBeforeRecords(t *testing.T) {
	base := smallDefault(40)
	recs := make([]HouseholdRecord, 40)
	for i := range recs {
		recs[i] = HouseholdRecord{ID: fmt.Sprint(i), Village: i / 10, Laborers: 1, Elderly: 1, Land: 2}
	}
	want := warmHouseholds(t, Config{Params: base, Households: recs})
	changed := base.Clone()
	changed.Demography.RetireAge = base.Demography.RetireAge + 5
	kept := warmHouseholds(t, Config{Params: changed, Households: recs,
		Before: map[string]any{"demography.retire_age": base.Demography.RetireAge}})
	moved := warmHouseholds(t, Config{Params: changed, Households: recs})
	for i := range want {
		if kept[i] != want[i] {
			t.Fatalf("record %d differs from the base's with Before", i)
		}
		if moved[i] == want[i] {
			t.Fatalf("record %d: the same without Before: the test tests nothing", i)
		}
	}
}

// TestBeforeErrors checks that Before names its bad settings: a path the
// population fixes, an unknown path and a value out of range.
func TestBeforeErrors(t *testing.T) {
	for before, want := range map[string]string{
		"population.households": "before.population.households",
		"farming.yield_valu":    "before.farming.yield_valu",
		"health.reimbursement":  "before.health.reimbursement",
	} {
		v := any(2.0)
		_, err := New(Config{Params: smallDefault(50), Before: map[string]any{before: v}})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Before %s = %v: error %v, want one naming %s", before, v, err, want)
		}
	}
}

// TestFixedPathsRefused checks that New refuses in Before exactly the
// parameters FixedPath names, each at its own value (so that nothing else
// could be wrong with it), and that there are some.
func TestFixedPathsRefused(t *testing.T) {
	p := smallDefault(50)
	fixed := 0
	for _, path := range Paths() {
		v, err := p.Get(path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = New(Config{Params: p, Before: map[string]any{path: v}})
		refused := err != nil && strings.Contains(err.Error(), "before."+path)
		if err != nil && !refused {
			t.Errorf("%s: New: %v", path, err)
		}
		if refused != FixedPath(path) {
			t.Errorf("%s: refused in Before %v, FixedPath %v", path, refused, FixedPath(path))
		}
		if refused {
			fixed++
		}
	}
	if fixed < len(fixedPaths) {
		t.Errorf("%d parameters refused, fewer than fixedPaths' %d entries", fixed, len(fixedPaths))
	}
}

// TestConfigSet checks that Config.Set drops the setting of Before for
// its path and leaves the map it was given as it was.
func TestConfigSet(t *testing.T) {
	before := map[string]any{"farming.yield_value": 3000.0, "disaster.probability": 0.01}
	c := Config{Params: smallDefault(50), Before: before}
	if err := c.Set("farming.yield_value", 4000.0); err != nil {
		t.Fatal(err)
	}
	if c.Params.Farming.YieldValue != 4000 {
		t.Errorf("yield value %g after Set, want 4000", c.Params.Farming.YieldValue)
	}
	if _, ok := c.Before["farming.yield_value"]; ok || len(c.Before) != 1 {
		t.Errorf("Before %v after Set of farming.yield_value, want only disaster.probability", c.Before)
	}
	if len(before) != 2 {
		t.Errorf("the map given changed: %v", before)
	}
	if err := c.Set("farming.yield_valu", 1.0); err == nil {
		t.Error("Set of an unknown path: no error")
	}
}

// warmPopulation is warmRunner of p at replication 0 of seed 11.
func warmPopulation(t *testing.T, p Params) *Runner {
	t.Helper()
	return warmRunner(t, Config{Params: p}, repKey(11, 0))
}

// TestMarginalLine checks the marginal households' 2020 definition
// (marginal.go, §3 step 10): with population.marginal_line 1.5 every
// marginal household's warm-up income before the guarantee is under 1.5
// times the warm-up year's line; a household first drawn under it, and
// every formerly poor household, is the household drawn without the rule;
// the others are redrawn, and stay marginal.
func TestMarginalLine(t *testing.T) {
	p := smallDefault(2000)
	p.Population.MarginalLine = 0
	off := warmPopulation(t, p)
	p.Population.MarginalLine = 1.5
	on := warmPopulation(t, p)
	limit := 1.5 * on.m.warm.Line(p.StartYear-1)

	redrawn, marginal := 0, 0
	for i := range on.hh {
		a, b := &off.hh[i], &on.hh[i]
		if a.Flags&flagFormerlyPoor != b.Flags&flagFormerlyPoor {
			t.Fatalf("household %d: formerly poor %v without the rule, %v with it", i, a.Flags&flagFormerlyPoor != 0, b.Flags&flagFormerlyPoor != 0)
		}
		if b.Flags&flagFormerlyPoor != 0 {
			if *a != *b {
				t.Fatalf("formerly poor household %d changed with the rule", i)
			}
			continue
		}
		marginal++
		if float64(b.LastIncome) >= limit {
			t.Fatalf("marginal household %d: warm-up income %g, want under %g", i, b.LastIncome, limit)
		}
		if float64(a.LastIncome) < limit {
			if *a != *b {
				t.Fatalf("marginal household %d was under the line at its first draw (%g) and was redrawn", i, a.LastIncome)
			}
			continue
		}
		if b.Land == a.Land {
			t.Fatalf("marginal household %d was redrawn with its first draw's land (%g mu): not a draw of its own", i, a.Land)
		}
		redrawn++
	}
	if redrawn < marginal/20 || redrawn == marginal {
		t.Fatalf("%d of %d marginal households redrawn: the test tests nothing", redrawn, marginal)
	}
	t.Logf("%d of %d marginal households redrawn", redrawn, marginal)
}

// TestRedrawKeys checks that a redraw's warm-up year has streams of its
// own (marginal.go): draw k of household i is keyed as the entity
// i + k·2⁴⁰ of the year, draw 0 as household i itself.
func TestRedrawKeys(t *testing.T) {
	rk := repKey(3, 1)
	c := yearConst{hkey: yearKey(rk, 2020)}
	if got, want := c.householdKey(7), entityYearKey(rk, entityHousehold|7, 2020); got != want {
		t.Fatalf("draw 0: key %x, want household 7's %x", got, want)
	}
	c.redraw = redrawBits(3)
	if got, want := c.householdKey(7), entityYearKey(rk, 3<<40|7, 2020); got != want {
		t.Fatalf("draw 3: key %x, want the entity 7 + 3·2⁴⁰'s %x", got, want)
	}
}

// TestMarginalRedrawRule replays the redraws of every marginal household
// (marginal.go) one by one, each draw through a warm-up year of its own
// from the households as drawn: the household kept is the first draw
// whose warm-up income is under the line, or the last of
// maxMarginalDraws, with that income as its last year's. At 1.5 times the
// line about a third of the draws falls under it, so a redrawn household
// takes more than two redraws on average; at 10⁻⁶ only a negative income
// does, a draw in a few dozen, and some marginal households take every
// redraw and keep the last, over the line.
func TestMarginalRedrawRule(t *testing.T) {
	for _, tc := range []struct {
		line          float64
		minDraws      float64 // the least mean number of redraws per redrawn household
		minCappedPct  float64 // the least share of marginal households that take every redraw
		minRedrawnPct float64
	}{
		{line: 1.5, minDraws: 2, minRedrawnPct: 30},
		{line: 1e-6, minDraws: 20, minCappedPct: 5, minRedrawnPct: 90},
	} {
		p := smallDefault(600)
		p.Population.MarginalLine = tc.line
		r := warmPopulation(t, p)
		kept := append([]household(nil), r.hh...)
		rk := repKey(11, 0)
		var ys YearStats
		c := r.yearSetup(rk, -1, &r.m.warm, &ys)
		limit := tc.line * c.line
		marginal, redrawn, redraws, capped := 0, 0, 0, 0
		for i := range kept {
			if kept[i].Flags&flagFormerlyPoor != 0 {
				continue
			}
			marginal++
			for k := 0; ; k++ {
				r.drawHousehold(rk, i, k, r.drawnV)
				h := &r.hh[i]
				drawn := *h
				h.takeCensus()
				c.redraw = redrawBits(k)
				r.household(i, h, &c)
				c.redraw = 0
				if under := float64(h.LastIncome) < limit; under || k == maxMarginalDraws {
					drawn.LastIncome = h.LastIncome
					if drawn != kept[i] {
						t.Fatalf("line %g: household %d: the draw kept is not draw %d, the first under the line (or the last)", tc.line, i, k)
					}
					if !under {
						capped++
					}
					if k > 0 {
						redrawn++
						redraws += k
					}
					break
				}
			}
		}
		if pct := 100 * float64(redrawn) / float64(marginal); pct < tc.minRedrawnPct {
			t.Fatalf("line %g: %d of %d marginal households redrawn: the test tests nothing", tc.line, redrawn, marginal)
		}
		if pct := 100 * float64(capped) / float64(marginal); pct < tc.minCappedPct {
			t.Fatalf("line %g: %d of %d marginal households took every redraw, want at least %g %%", tc.line, capped, marginal, tc.minCappedPct)
		}
		if mean := float64(redraws) / float64(redrawn); mean < tc.minDraws {
			t.Fatalf("line %g: %.2f redraws per redrawn household, want at least %g", tc.line, mean, tc.minDraws)
		}
	}
}

// TestExposureByYear checks that a village's disaster exposure is its
// fixed rank against the year's disaster.high_exposure (village.go): a
// timeline that raises it from 0 to 1 in the third year makes no village
// highly exposed in the first two years and every village in the third.
func TestExposureByYear(t *testing.T) {
	p := smallDefault(500)
	p.Disaster.HighExposure = 0
	rk := repKey(2, 0)
	r := warmRunner(t, Config{Params: p, Timeline: []Change{{Year: p.StartYear + 2, Set: map[string]any{"disaster.high_exposure": 1.0}}}}, rk)
	for yr, want := range []bool{false, false, true} {
		var ys YearStats
		r.yearSetup(rk, yr, &r.m.years[yr], &ys)
		for v := range r.villages {
			if r.villages[v].high != want {
				t.Fatalf("year %d, village %d: highly exposed %v, want %v", yr, v, r.villages[v].high, want)
			}
		}
	}
}

// TestTransferCutFromTheYearBefore checks that a cut is measured against
// the year before the first (transfers.go): a scenario whose own setting
// stops the subsidy from its first year, with Before holding the base's
// level, cuts the subsidy's whole amount per formerly poor member in that
// year; without Before, nothing was cut.
func TestTransferCutFromTheYearBefore(t *testing.T) {
	p := smallDefault(100)
	p.Transfers.Indexed = false
	amount := p.Transfers.Subsidy.Amount * p.Transfers.Subsidy.Level
	if amount == 0 {
		t.Fatal("the default subsidy pays nothing: the test tests nothing")
	}
	p.Transfers.Subsidy.Level = 0
	for _, tc := range []struct {
		before map[string]any
		want   float64
	}{
		{map[string]any{"transfers.subsidy.level": 1.0}, amount},
		{nil, 0},
	} {
		rk := repKey(1, 0)
		r := warmRunner(t, Config{Params: p, Before: tc.before}, rk)
		var ys YearStats
		c := r.yearSetup(rk, 0, &r.m.years[0], &ys)
		if got := c.transfers.cut[0][1]; got != tc.want {
			t.Errorf("Before %v: the first year's subsidy cut per formerly poor member %g, want %g", tc.before, got, tc.want)
		}
	}
}
