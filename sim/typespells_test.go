package sim

import "testing"

// Spells by household type count the households of each type: every
// type's counts are at most the totals, TypeOther and the other types
// never share a household, and for a population where every household has
// one type the type's counts equal the totals exactly.
func TestSpellsByType(t *testing.T) {
	m, err := New(Config{Params: smallDefault(3000)})
	if err != nil {
		t.Fatal(err)
	}
	res := m.Run(5, 0)
	sp := res.Spells
	if len(sp.Types) != int(NumTypes) {
		t.Fatalf("%d type entries, want %d", len(sp.Types), NumTypes)
	}
	for k, ts := range sp.Types {
		for d := range sp.OutAtRisk {
			for _, c := range []struct {
				name        string
				part, whole int
			}{{"OutAtRisk", ts.OutAtRisk[d], sp.OutAtRisk[d]}, {"OutFall", ts.OutFall[d], sp.OutFall[d]},
				{"InAtRisk", ts.InAtRisk[d], sp.InAtRisk[d]}, {"InExit", ts.InExit[d], sp.InExit[d]}} {
				if c.part > c.whole {
					t.Errorf("type %s, %s[%d] = %d > total %d", Type(k), c.name, d, c.part, c.whole)
				}
			}
		}
	}

	// One-member households with one able laborer who never works away are
	// all of type "other": its spells are the totals.
	p := Minimal(2000)
	p.Labor.LocalJobFind, p.Labor.LocalJobLoss = 0.6, 0.15
	m, err = New(Config{Params: p})
	if err != nil {
		t.Fatal(err)
	}
	res = m.Run(6, 0)
	other := res.Spells.Types[TypeOther]
	for d := range res.Spells.OutAtRisk {
		if other.OutAtRisk[d] != res.Spells.OutAtRisk[d] || other.OutFall[d] != res.Spells.OutFall[d] ||
			other.InAtRisk[d] != res.Spells.InAtRisk[d] || other.InExit[d] != res.Spells.InExit[d] {
			t.Errorf("duration %d: type other %+v differs from the totals", d, other)
		}
	}
	if total(res.Spells.OutFall) == 0 || total(res.Spells.InExit) == 0 {
		t.Fatal("no transitions: the test checks nothing")
	}
}

func total(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
