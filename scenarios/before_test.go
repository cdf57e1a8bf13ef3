package scenarios_test

import (
	"fmt"
	"maps"
	"reflect"
	"testing"

	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// get reads a parameter of p, failing the test if the path is unknown.
func get(t *testing.T, p sim.Params, path string) any {
	t.Helper()
	v, err := p.Get(path)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A scenario's own settings start in its first year: the warm-up's
// settings (Config.Before) of a library scenario that extends baseline hold
// baseline's value of exactly the parameters its file sets at the top
// level; one that changes parameters only in its timeline, only the
// population, or extends nothing has none.
func TestBeforeInherited(t *testing.T) {
	baseline, err := scenarios.Load("baseline")
	if err != nil {
		t.Fatal(err)
	}
	for name, paths := range map[string][]string{
		"disaster-stress": {"disaster.probability", "disaster.crop_loss", "disaster.household_hit"},
		"keep-real-value": {"transfers.indexed"},
		"cut-subsidy":     nil, // a timeline only
		"changshou":       nil, // the population only, which the warm-up shares
		"baseline":        nil, // extends nothing
	} {
		sc, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		var want map[string]any
		for _, p := range paths {
			if want == nil {
				want = map[string]any{}
			}
			want[p] = get(t, baseline.Config.Params, p)
			if reflect.DeepEqual(want[p], get(t, sc.Config.Params, p)) {
				t.Fatalf("%s does not change %s: the case tests nothing", name, p)
			}
		}
		if !reflect.DeepEqual(sc.Config.Before, want) {
			t.Errorf("%s: Before %v, want %v", name, sc.Config.Before, want)
		}
	}
}

// In a chain the warm-up runs on the root's values: c extends b extends
// baseline, both setting disaster.probability, keeps baseline's; a path
// set back to the root's value needs no setting; a file's own before:
// overrides what it inherits (with the first year's value: no setting),
// and its values take the parameters' types.
func TestBeforeChain(t *testing.T) {
	baseline, err := scenarios.Load("baseline")
	if err != nil {
		t.Fatal(err)
	}
	root := baseline.Config.Params
	files := map[string]string{
		"b.yaml": "name: b\nextends: baseline\ndisaster: {probability: 0.2}\nfarming: {yield_value: 3000}\n",
		"c.yaml": "name: c\nextends: b.yaml\ndisaster: {probability: 0.3}\nhealth: {reimbursement: 0.5}\n",
		"d.yaml": fmt.Sprintf("name: d\nextends: b.yaml\nfarming: {yield_value: %v}\n", root.Farming.YieldValue),
		"e.yaml": "name: e\nextends: b.yaml\nbefore:\n  disaster.probability: 0.1\n  monitoring.lag: 1\n  " +
			"transfers.indexed: true\n  welfare_posts.targeting: any\n",
		// the warm-up on the first year's value: no setting
		"f.yaml": "name: f\nextends: b.yaml\nbefore: {disaster.probability: 0.2}\n",
	}
	for ref, want := range map[string]map[string]any{
		"b.yaml": {"disaster.probability": root.Disaster.Probability, "farming.yield_value": root.Farming.YieldValue},
		"c.yaml": {"disaster.probability": root.Disaster.Probability, "farming.yield_value": root.Farming.YieldValue,
			"health.reimbursement": root.Health.Reimbursement},
		"d.yaml": {"disaster.probability": root.Disaster.Probability},
		"e.yaml": {"disaster.probability": 0.1, "farming.yield_value": root.Farming.YieldValue,
			"monitoring.lag": 1, "transfers.indexed": true, "welfare_posts.targeting": "any"},
		"f.yaml": {"farming.yield_value": root.Farming.YieldValue},
	} {
		sc := loadFS(t, files, ref)
		if !reflect.DeepEqual(sc.Config.Before, want) {
			t.Errorf("%s: Before %#v\nwant %#v", ref, sc.Config.Before, want)
		}
		if _, err := sim.New(sc.Config); err != nil {
			t.Errorf("%s: sim.New: %v", ref, err)
		}
	}
}

// The resolved YAML keeps the warm-up's settings: loading it gives the same
// Config, Before included, for a file with its own before: and one that
// inherits it (the library's are checked by TestResolvedRoundTrip).
func TestBeforeRoundTrip(t *testing.T) {
	files := map[string]string{
		"own.yaml": "name: own\nbefore: {training.rate: 0.1, transfers.dibao.takeup: 1, demography.enabled: false}\n",
		"ext.yaml": "name: ext\nextends: disaster-stress\nbefore: {labor.wage_growth: 0}\nlabor: {wage_growth: 0.07}\n",
	}
	for ref := range files {
		sc := loadFS(t, files, ref)
		if len(sc.Config.Before) == 0 {
			t.Fatalf("%s: no Before: the case tests nothing", ref)
		}
		y, err := sc.YAML()
		if err != nil {
			t.Fatal(err)
		}
		back, err := scenarios.Parse(ref, y)
		if err != nil {
			t.Fatalf("%s: Parse(YAML()): %v\n%s", ref, err, y)
		}
		if !reflect.DeepEqual(back.Config, sc.Config) {
			t.Errorf("%s: Config differs after the round trip: Before %#v, want %#v\n%s", ref, back.Config.Before, sc.Config.Before, y)
		}
	}
}

// A --set of a path the warm-up's settings hold holds from the warm-up on:
// it drops that setting and keeps the others, and leaves the map of the
// loaded scenario (which other configs may share) as it was; a refused
// --set changes nothing.
func TestOverrideDropsBefore(t *testing.T) {
	sc, err := scenarios.Load("disaster-stress")
	if err != nil {
		t.Fatal(err)
	}
	loaded := sc.Config.Before
	kept := maps.Clone(loaded)
	if err := sc.Override("--set", []string{"disaster.probability=0.2", "nonsense"}); err == nil {
		t.Fatal("a bad setting: no error")
	}
	if !reflect.DeepEqual(sc.Config.Before, kept) {
		t.Errorf("a refused --set changed Before to %v", sc.Config.Before)
	}
	if err := sc.Override("--set", []string{"disaster.probability=0.2", "training.rate=0.1"}); err != nil {
		t.Fatal(err)
	}
	want := maps.Clone(kept)
	delete(want, "disaster.probability")
	if !reflect.DeepEqual(sc.Config.Before, want) {
		t.Errorf("Before after --set disaster.probability: %v, want %v", sc.Config.Before, want)
	}
	if !reflect.DeepEqual(loaded, kept) {
		t.Errorf("--set changed the loaded scenario's map: %v, was %v", loaded, kept)
	}
}

// firstYearDibao is the dibao paid in the first year of replication 0 of
// sc, on 800 households in 20 villages, with monitoring and demography off and every
// review a year long: the first year's guarantee then reads nothing but
// the warm-up's incomes (docs/MODEL.md §4 step 12), and the first year's
// total income.
func firstYearDibao(t *testing.T, sc *scenarios.Scenario) (dibao, income float64) {
	t.Helper()
	if err := sc.Override("test", []string{"population.households=800", "population.village_size=40",
		"monitoring.enabled=false", "demography.enabled=false",
		"transfers.dibao.review_months=12", "transfers.dibao.review_months_no_labor=12"}); err != nil {
		t.Fatal(err)
	}
	m, err := sim.New(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	ys := m.Run(7, 0).Years[0]
	for _, x := range ys.Income {
		income += x
	}
	return ys.Cost[sim.CostDibao], income
}

// Compared with baseline, a scenario that changes what households earn
// from its first year on starts from the same households' 2020 incomes:
// the first year's dibao, paid on the warm-up's incomes, is the same in
// both arms though the first year's incomes differ. Without Before (the
// model's warm-up on the scenario's first-year parameters) it differs.
func TestBeforeSameWarmUp(t *testing.T) {
	files := map[string]string{"yield.yaml": "name: yield\nextends: baseline\nfarming: {yield_value: 6000}\n"}
	base, err := scenarios.Load("baseline")
	if err != nil {
		t.Fatal(err)
	}
	wantDibao, baseIncome := firstYearDibao(t, base)
	if wantDibao == 0 {
		t.Fatal("no dibao paid in the first year: the test tests nothing")
	}
	for _, ref := range []string{"disaster-stress", "yield.yaml"} {
		sc, err := (&scenarios.Loader{Files: mapFS(files)}).Load(ref)
		if err != nil {
			t.Fatal(err)
		}
		lost := *sc
		lost.Config.Before = nil
		dibao, income := firstYearDibao(t, sc)
		lostDibao, _ := firstYearDibao(t, &lost)
		if dibao != wantDibao {
			t.Errorf("%s: first year's dibao %.0f, baseline's %.0f: the arms' warm-ups differ", ref, dibao, wantDibao)
		}
		if lostDibao == wantDibao {
			t.Errorf("%s without Before: first year's dibao %.0f, as baseline's: the test tests nothing", ref, lostDibao)
		}
		if income == baseIncome {
			t.Errorf("%s: first year's income %.0f, as baseline's: its change does not start in its first year", ref, income)
		}
	}
}
