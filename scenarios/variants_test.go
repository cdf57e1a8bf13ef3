package scenarios_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// Each variant changes the defaults at its own paths and nowhere else, to
// a model that builds; names are unique.
func TestVariants(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range scenarios.Variants() {
		if v.Name == "" || v.Why == "" || len(v.Set) == 0 || seen[v.Name] {
			t.Errorf("variant %+v: want a unique name, a reason and settings", v)
		}
		seen[v.Name] = true
		p, err := v.Defaults()
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		if _, err := sim.New(sim.Config{Params: p}); err != nil {
			t.Errorf("%s: the model does not build: %v", v.Name, err)
		}
		def := sim.Default()
		for _, kv := range v.Set {
			path, _, _ := strings.Cut(kv, "=")
			got, _ := p.Get(path)
			was, _ := def.Get(path)
			if reflect.DeepEqual(got, was) {
				t.Errorf("%s: %s is the default's %v", v.Name, path, was)
			}
			if err := def.Set(path, got); err != nil {
				t.Fatalf("%s: %v", kv, err)
			}
		}
		if !reflect.DeepEqual(p, def) {
			t.Errorf("%s changes more than its settings %v", v.Name, v.Set)
		}
	}
	if len(seen) != 7 {
		t.Errorf("%d variants, want the seven of docs/MODEL.md §8", len(seen))
	}
}

// A variant's loader changes what a scenario inherits, not what it sets:
// under detection-0.95 the baseline detects at 0.95 and monitoring-tight,
// which sets its own detection, keeps 0.9.
func TestVariantLoader(t *testing.T) {
	var v scenarios.Variant
	for _, x := range scenarios.Variants() {
		if x.Name == "detection-0.95" {
			v = x
		}
	}
	l, err := v.Loader()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]float64{"baseline": 0.95, "monitoring-tight": 0.9, "cut-subsidy": 0.95} {
		sc, err := l.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := sc.Config.Params.Monitoring.Detection; got != want {
			t.Errorf("%s under %s: detection %v, want %v", name, v.Name, got, want)
		}
	}
	sc, err := scenarios.Load("baseline")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sc.Config.Params.Monitoring.Detection, sim.Default().Monitoring.Detection; got != want {
		t.Errorf("the plain loader's baseline detects at %v, want the default %v", got, want)
	}
}
