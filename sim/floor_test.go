package sim

import (
	"math"
	"testing"
)

// BenchmarkFloor is a yardstick, not the model: the bench-reference
// household-year (scenarios/library/bench-reference.yaml) written as the
// tightest loop Go makes of it, with povsim's own random numbers (keyed
// SplitMix64 streams, the ziggurat's first step, expScale) but none of
// the model's generality, on a 16-byte household. It says how fast Go can
// run that household-year at all, to set povsim's figure beside:
//
//   - bare: the household-year and the two counts the C loop
//     reports (share poor, share ever poor);
//   - sums: plus the sums povsim reports every year (income by component,
//     net income, costs, land, poverty gap);
//   - counts: plus povsim's counts of households by type and state (cells)
//     and its spells by type and duration.
//
// Compare with BenchmarkBenchReferenceYear (docs/MODEL.md §5).
func BenchmarkFloor(b *testing.B) {
	for _, level := range []struct {
		name string
		n    int
	}{{"bare", 0}, {"sums", 1}, {"counts", 2}} {
		b.Run(level.name, func(b *testing.B) { benchFloor(b, level.n) })
	}
}

func benchFloor(b *testing.B, level int) {
	const n, villageSize, durs = 10000, 50, 22
	type household struct {
		size, laborers uint8
		employed       [3]uint8
		flags, since   uint8 // flags: 1 poor, 2 ever poor
		types          uint8
		land           float64
	}
	hh := make([]household, n)
	for i := range hh {
		x := mix(uint64(i) + 1)
		size := 1 + x%5
		hh[i] = household{size: uint8(size), laborers: uint8(1 + (x>>8)%min(3, size)), land: 1 + 5*unit(mix(x))}
	}
	price := make([]float64, n/villageSize)
	var ys YearStats
	var cells [numCells]cell
	spells := make([]int, cellFormerlyPoor*durs*numSpellStates)
	pIll := below(0.08)
	poor, ever := 0, 0
	// The year is a function of its own: calls in the body of a b.Loop
	// loop are not inlined, and the loop would not be tight.
	simulate := func(year int) {
		yk := yearKey(1, year)
		for v := range price {
			z, _ := zigFast(mix(entityKey(yk, entityVillage|uint64(v))))
			price[v] = expG(0.15 * z)
		}
		subsidy := 1200.0
		if year%10 >= 5 {
			subsidy = 600
		}
		poor, ever = 0, 0
		for i := range hh {
			h := &hh[i]
			key := entityKey(yk, uint64(i))
			wages := 0.0
			for m := range min(int(h.laborers), len(h.employed)) {
				s := seedOf(memberKey(key, m), purposeLabor)
				u := drawAt(s, 0)
				was := int(h.employed[m])
				now := was&b2i(u >= 0.15) | (was^1)&b2i(u < 0.85)
				h.employed[m] = uint8(now)
				if now != 0 {
					z, _ := zigFast(mix(s + golden + golden))
					wages += 14764.781565577 * expScale(expReduce(0.5*z))
				}
			}
			medical := 0.0
			if s := seedOf(key, purposeIllness); drawBits(s, 0) < pIll {
				z, _ := zigFast(mix(s + golden + golden))
				medical = expScale(expReduce(8.5 + z))
			}
			farm := h.land * 900 * price[i/villageSize]
			size := float64(h.size)
			transfers := subsidy * size
			reimbursed := 0.6 * medical
			net := wages + farm + transfers + reimbursed + -medical
			pc := net / size
			pi := b2i(pc < 4000)
			if level >= 1 {
				ys.Income[IncWages] += wages
				ys.Income[IncFarm] += farm
				ys.Income[IncTransfers] += transfers
				ys.Income[IncReimbursement] += reimbursed
				ys.Income[IncMedical] += -medical
				ys.Net += net
				ys.Cost[CostSubsidy] += transfers
				ys.Cost[CostMedicalInsurance] += reimbursed
				ys.CultivatedLand += h.land
				gap := size * (4000 - pc) / 4000
				ys.GapSum += math.Float64frombits(math.Float64bits(gap) & -uint64(pi))
			}
			wi, ei := int(h.flags&1), int(h.flags>>1&1)
			if level >= 2 {
				cl := &cells[(uint(h.types)|uint(pi)*cellPoor|uint(ei)*cellEverPoor|cellFormerlyPoor)%numCells]
				cl.households++
				cl.people += int(h.size)
				dur := min(int(h.since), durs-1)
				spells[(int(h.types)*durs+dur)*numSpellStates+wi*spellWasPoor+pi*spellPoor+spellAtRisk]++
				changed := pi ^ wi
				h.since = uint8(changed | (changed^1)*int(sat(h.since)))
			}
			h.flags = h.flags&2 | uint8(pi)*3
			poor += pi
			ever += int(h.flags >> 1)
		}
	}
	for year := 0; b.Loop(); year++ {
		simulate(year)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/household-year")
	if poor > ever {
		b.Fatal("more poor than ever poor")
	}
}
