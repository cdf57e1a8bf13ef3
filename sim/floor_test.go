package sim

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	f := newFloor(level)
	for year := 0; b.Loop(); year++ {
		f.year(year)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*floorN), "ns/household-year")
	if f.poor > f.ever {
		b.Fatal("more poor than ever poor")
	}
}

// Sizes of the floor: households, households per village, spell
// durations counted.
const floorN, floorVillageSize, floorDurs = 10000, 50, 22

// floorHousehold is the floor's 16-byte household.
type floorHousehold struct {
	size, laborers uint8
	employed       [3]uint8
	flags, since   uint8 // flags: 1 poor, 2 ever poor
	types          uint8
	land           float64
}

// floor is the state of BenchmarkFloor's loop at one of its levels (0
// bare, 1 sums, 2 counts). testdata/cref/floor.c is the same loop in C.
type floor struct {
	level      int
	hh         []floorHousehold
	price      []float64
	ys         YearStats
	cells      [numCells]cell
	spells     []int
	pIll       uint64
	poor, ever int // this year's counts
}

func newFloor(level int) *floor {
	hh := make([]floorHousehold, floorN)
	for i := range hh {
		x := mix(uint64(i) + 1)
		size := 1 + x%5
		hh[i] = floorHousehold{size: uint8(size), laborers: uint8(1 + (x>>8)%min(3, size)), land: 1 + 5*unit(mix(x))}
	}
	return &floor{
		level:  level,
		hh:     hh,
		price:  make([]float64, floorN/floorVillageSize),
		spells: make([]int, cellFormerlyPoor*floorDurs*numSpellStates),
		pIll:   below(0.08),
	}
}

// year runs one year of the floor. It is a function of its own: calls in
// the body of a b.Loop loop are not inlined, and the loop would not be
// tight. The slices and numbers that do not change are read into locals
// first, as the closure this was captured them by value.
func (f *floor) year(year int) {
	const durs = floorDurs
	hh, price, spells, pIll, level := f.hh, f.price, f.spells, f.pIll, f.level
	ys, cells := &f.ys, &f.cells
	yk := yearKey(1, year)
	for v := range price {
		z, _ := zigFast(mix(entityKey(yk, entityVillage|uint64(v))))
		price[v] = expG(0.15 * z)
	}
	subsidy := 1200.0
	if year%10 >= 5 {
		subsidy = 600
	}
	f.poor, f.ever = 0, 0
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
		farm := h.land * 900 * price[i/floorVillageSize]
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
			gap := size * (4000 - max(pc, 0)) / 4000 // a negative income counts as 0
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
		f.poor += pi
		f.ever += int(h.flags >> 1)
	}
}

// TestFloorMatchesC checks that testdata/cref/floor.c, the floor in C, does
// exactly what BenchmarkFloor does: at every level, the same counts every
// year and the same bits of the sums, cells and spell counts after them.
// It needs gcc and runs only with POVSIM_CREF=1 (scripts/cref.sh times
// the C loop).
func TestFloorMatchesC(t *testing.T) {
	if os.Getenv("POVSIM_CREF") != "1" {
		t.Skip("POVSIM_CREF=1 runs it (needs gcc)")
	}
	bin := filepath.Join(t.TempDir(), "floor")
	if out, err := exec.Command("gcc", "-std=c99", "-O2", "-ffp-contract=off", "-o", bin, filepath.Join("testdata", "cref", "floor.c"), "-lm").CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	const years = 12
	for level, name := range []string{"bare", "sums", "counts"} {
		out, err := exec.Command(bin, name, fmt.Sprint(years), "1").Output()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var c []string
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(line, "check ") {
				c = append(c, line)
			}
		}
		g := floorChecksum(level, years)
		if strings.Join(c, "\n") != strings.Join(g, "\n") {
			t.Errorf("%s: C and Go differ\nC:\n%s\nGo:\n%s", name, strings.Join(c, "\n"), strings.Join(g, "\n"))
		}
	}
}

// floorChecksum runs the floor at a level for years 0 … years−1 and
// returns the lines floor.c prints for it.
func floorChecksum(level, years int) []string {
	f := newFloor(level)
	var lines []string
	for year := range years {
		f.year(year)
		lines = append(lines, fmt.Sprintf("check year %d poor %d ever %d", year, f.poor, f.ever))
	}
	b := math.Float64bits
	ys := &f.ys
	lines = append(lines,
		fmt.Sprintf("check sums wages %016x farm %016x transfers %016x reimbursed %016x medical %016x",
			b(ys.Income[IncWages]), b(ys.Income[IncFarm]), b(ys.Income[IncTransfers]), b(ys.Income[IncReimbursement]), b(ys.Income[IncMedical])),
		fmt.Sprintf("check sums net %016x subsidy %016x insurance %016x land %016x gap %016x",
			b(ys.Net), b(ys.Cost[CostSubsidy]), b(ys.Cost[CostMedicalInsurance]), b(ys.CultivatedLand), b(ys.GapSum)))
	const offset, prime = 0xcbf29ce484222325, 0x100000001b3 // FNV-1a, by 64-bit words
	hc, hs := uint64(offset), uint64(offset)
	for _, cl := range f.cells {
		hc = (hc ^ uint64(cl.households)) * prime
		hc = (hc ^ uint64(cl.people)) * prime
	}
	for _, n := range f.spells {
		hs = (hs ^ uint64(n)) * prime
	}
	return append(lines, fmt.Sprintf("check hash cells %016x spells %016x", hc, hs))
}
