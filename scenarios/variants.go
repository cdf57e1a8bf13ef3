package scenarios

import (
	"fmt"
	"strings"

	"github.com/povsim/povsim/sim"
)

// A Variant is a setting of the model that its known misses leave open
// (docs/MODEL.md §8, "Policy effects under the model's variants"; §11 item
// 1): each moves one or more of the published figures `povsim validate`
// holds the model against toward the record, or reads one as another
// source does, and none is adopted. The verdict of the wall says to read
// paired differences as directions and rough sizes; a direction a planner
// can rely on is one that each variant keeps.
type Variant struct {
	Name string   // as tables print it
	Why  string   // what it stands for, in a few words
	Set  []string // PATH=VALUE settings of the model's defaults
}

// Variants returns the model's variants in a fixed order (a fresh slice).
func Variants() []Variant {
	return []Variant{
		{"household-worker", "a wage worker in every household with an able laborer (T2's split, T4, T7 nearer)",
			[]string{"labor.household_worker=true"}},
		{"detection-a-trait", "the households left out once are left out every year (T4 nearer)",
			[]string{"monitoring.persistence=1"}},
		{"detection-0.95", "a monitoring system that finds nearly all its pool",
			[]string{"monitoring.detection=0.95"}},
		{"dibao-line-4800", "a dibao line as low as most central and western provinces' (coverage nearer)",
			[]string{"transfers.dibao.line=4800"}},
		{"dibao-takeup-0.3", "half the dibao take-up (coverage nearer)",
			[]string{"transfers.dibao.takeup=0.3"}},
		{"migrant-whole-pay", "a migrant's whole pay counted, as the registration system may (T7 nearer)",
			[]string{"labor.migrant_net_share=1"}},
		{"land-by-head", "land allocated by head, the same mean land a household",
			[]string{"population.land_per_person=true", "population.land_min=0.4", "population.land_max=2.4"}},
	}
}

// Paths are the parameters v sets.
func (v Variant) Paths() []string {
	out := make([]string, len(v.Set))
	for i, kv := range v.Set {
		out[i], _, _ = strings.Cut(kv, "=")
	}
	return out
}

// Defaults returns the model's defaults (sim.Default) with v's settings.
func (v Variant) Defaults() (sim.Params, error) {
	p := sim.Default()
	for _, kv := range v.Set {
		k, val, _ := strings.Cut(kv, "=")
		if err := p.Set(k, val); err != nil {
			return sim.Params{}, fmt.Errorf("variant %s: %s: %w", v.Name, kv, err)
		}
	}
	return p, nil
}

// Loader returns a loader whose scenarios start from v's defaults: a
// scenario that sets one of v's parameters itself keeps its own value.
func (v Variant) Loader() (*Loader, error) {
	p, err := v.Defaults()
	if err != nil {
		return nil, err
	}
	return &Loader{Defaults: &p}, nil
}
