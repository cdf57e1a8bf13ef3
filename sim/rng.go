package sim

import "math/rand/v2"

// Random numbers are drawn from streams. A stream is named by its key: the
// master seed, the replication, an entity (a household, a village, a product
// or a township), the year and a purpose. Two scenarios run with the same seed
// draw identical numbers for every (entity, year, purpose) whatever else they
// change, as long as each purpose draws in a fixed pattern: this is what makes
// scenario comparisons paired (common random numbers).
//
// A stream is SplitMix64 (Steele, Lea & Flood 2014). The key of an
// entity-year is mixed once; the streams of its purposes and member slots
// are stretches of the one sequence that key starts, at fixed offsets
// (seedOf, memberKey), so starting a stream costs an addition and no
// allocation (docs/MODEL.md §5).

// purpose names what a stream is used for.
type purpose uint64

const (
	purposeInit         purpose = iota + 1 // household composition at the start
	purposeVillageInit                     // fixed village attributes
	purposeTownshipInit                    // fixed township attributes
	purposeVillageYear                     // village price shock and disaster
	purposeProductYear                     // market shock of a product
	purposeDemography                      // deaths
	purposeHealth                          // onset of chronic illness and disability
	purposeTraining                        // who is trained
	purposeLabor                           // job transitions and wages, per laborer
	purposeIllness                         // major illness event and its cost
	purposeDisaster                        // household damage in a disaster
	purposeMonitoring                      // detection and kind of assistance
	purposePosts                           // how long a post held at the start had been held
	purposeTalent                          // talent return, per laborer
	purposeRoutineCare                     // the household's spending on routine care
	purposeEnd                             // one past the last purpose
)

// Entity classes keep household, village, product and township keys apart.
const (
	entityHousehold uint64 = 0
	entityVillage   uint64 = 1 << 62
	entityProduct   uint64 = 2 << 62
	entityTownship  uint64 = 3 << 62
)

const golden = 0x9e3779b97f4a7c15

// mix is the SplitMix64 finalizer: a bijection of uint64 with good avalanche.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// repKey is the key of one replication of a run with the given master seed.
func repKey(seed uint64, rep int) uint64 {
	return mix(mix(seed) ^ (uint64(rep)+1)*0xd1b54a32d192ed03)
}

// yearKey is the key of one year of a replication (year 0 for attributes
// fixed at the start).
func yearKey(rk uint64, year int) uint64 {
	return mix(rk ^ (uint64(year)+1)*0xa0761d6478bd642f)
}

// entityMul spreads entity indices over the keys: entity e of a year with
// key yk has key mix(yk + (e+1)·entityMul), one mix per entity-year.
const entityMul = 0xd6e8feb86659fd93

// entityYearKey is the key of one entity in one year (year 0 for attributes
// fixed at the start).
func entityYearKey(rk, entity uint64, year int) uint64 {
	return entityKey(yearKey(rk, year), entity)
}

// entityKey is the key of an entity in the year whose key is yk.
func entityKey(yk, entity uint64) uint64 { return mix(yk + (entity+1)*entityMul) }

// stream is a SplitMix64 generator. It implements rand.Source.
type stream struct{ s uint64 }

// Uint64 returns the next number of the stream.
func (s *stream) Uint64() uint64 {
	s.s += golden
	return mix(s.s)
}

// draws couples a stream with a rand.Rand reading it, so the same Rand serves
// any number of reseedings without allocating.
type draws struct {
	src stream
	*rand.Rand
}

func newDraws() *draws {
	d := &draws{}
	d.Rand = rand.New(&d.src)
	return d
}

// seed restarts the stream for one purpose of an entity-year key.
func (d *draws) seed(key uint64, p purpose) {
	d.src.s = seedOf(key, p)
}

// purposeMul and memberMul place the streams of purposes and member slots
// in the entity-year's SplitMix64 sequence: the stream of purpose p of
// member slot m (m = −1: the household's own) starts at key + p·purposeMul
// + (m+1)·memberMul, with no mix. Every stream is a stretch of one
// sequence, mix(key + t·γ) for t = 0, 1, …; rng_test.go checks that the
// starts are more than 2⁴⁰ positions apart, so no two stretches meet
// (docs/MODEL.md §5).
const (
	purposeMul = 0xe7037ed1a0b428db
	memberMul  = 0x8cb92ba72f3d8dd7
)

// memberKey gives each member slot its own stream key.
func memberKey(key uint64, m int) uint64 { return key + uint64(m+1)*memberMul }

// seedOf is the start of the stream of one purpose of an entity-year key.
// The hot loop keeps a stream's start in a register and reads its draws
// with drawAt, which is what seed followed by Float64 would return.
func seedOf(key uint64, p purpose) uint64 {
	return key + uint64(p)*purposeMul
}

// unit maps 64 random bits to a uniform number in [0, 1), as Float64 does.
func unit(x uint64) float64 { return float64(int64(x>>11)) * 0x1p-53 } // int64: one instruction, same number

// drawAt is the uniform number at position k of the stream started at s:
// d.seed then k+1 calls of d.Float64. SplitMix64's k-th output depends
// only on the start and k, so a purpose can read the draws it needs, in
// any order and only when needed, while every draw keeps its place: draw k
// of a purpose is the same number in every scenario.
func drawAt(s uint64, k int) float64 { return unit(mix(s + uint64(k+1)*golden)) }

// Float64 returns the next uniform number in [0, 1) of the stream. It
// shadows rand.Rand's method to avoid an interface call in the hot loop.
func (d *draws) Float64() float64 {
	return unit(d.src.Uint64())
}
