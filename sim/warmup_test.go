package sim

import (
	"strings"
	"testing"
)

// warmIncomes draws replication 0 of cfg and runs its warm-up year,
// returning each household's last income, the warm-up's.
func warmIncomes(t *testing.T, cfg Config) []float32 {
	t.Helper()
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := m.NewRunner()
	rk := repKey(5, 0)
	r.populate(rk)
	r.warmUp(rk)
	out := make([]float32, len(r.hh))
	for i := range r.hh {
		out[i] = r.hh[i].LastIncome
	}
	return out
}

// TestWarmUpBefore checks Config.Before (§3 step 9): a first year that
// changes a parameter the warm-up reads, with Before holding the value it
// replaced, leaves every household's warm-up income as it is without the
// change; without Before the change reaches the warm-up.
func TestWarmUpBefore(t *testing.T) {
	base := smallDefault(400)
	changed := base.Clone()
	changed.Farming.YieldValue *= 1.5

	want := warmIncomes(t, Config{Params: base})
	kept := warmIncomes(t, Config{Params: changed, Before: map[string]any{"farming.yield_value": base.Farming.YieldValue}})
	moved := warmIncomes(t, Config{Params: changed})
	differ := 0
	for i := range want {
		if kept[i] != want[i] {
			t.Fatalf("household %d: warm-up income %g with Before, %g in the base: Before did not reach the warm-up", i, kept[i], want[i])
		}
		if moved[i] != want[i] {
			differ++
		}
	}
	if differ < len(want)/4 {
		t.Fatalf("without Before only %d of %d warm-up incomes moved with a 50 %% higher yield: the test tests nothing", differ, len(want))
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

// warmPopulation draws replication 0 of p and runs its warm-up year.
func warmPopulation(t *testing.T, p Params) *Runner {
	t.Helper()
	m, err := New(Config{Params: p})
	if err != nil {
		t.Fatal(err)
	}
	r := m.NewRunner()
	rk := repKey(11, 0)
	r.populate(rk)
	r.warmUp(rk)
	return r
}

// TestMarginalLine checks the marginal households' 2020 definition
// (marginal.go, §3 step 9): with population.marginal_line 1.5 every
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
