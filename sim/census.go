package sim

import "math/bits"

// A household's census (household.able, elderly, healthy, chronic, census,
// types and home) summarises its members: who is an able laborer, who is
// elderly, which adults are healthy and which chronically ill (the members
// at risk of health onset); how many are elderly, chronically ill and
// disabled; the types its members alone decide; how many adults of
// working age stay at home if no laborer works away; and the start age of
// its oldest child and oldest laborer, the first to take their next role.
// It is taken for every household when a replication starts (whatever
// drew the population) and again whenever a household-year changes a
// member's role or health, so it always matches the members.

// noOldest is household.oldest of a role no member has: far enough below
// every start age that no year reaches the age of the next role.
const noOldest = -1000

const (
	censusElderly     = 0  // shift of the number of elderly members
	censusChronic     = 4  // … chronically ill members
	censusDisabled    = 8  // … disabled members
	censusElderlyAble = 12 // … elderly members not disabled
)

// takeCensus recomputes the household's census from its members: their
// masks by role and by health first, without a branch per member, then
// the census from the masks.
func (h *household) takeCensus() {
	var byRole, byHealth [4]uint8
	oldest := [4]int16{noOldest, noOldest, noOldest, noOldest}
	n := int(h.Size)
	for m, mb := range h.Members[:n] {
		byRole[mb.Role&3] |= 1 << m
		byHealth[mb.Health&3] |= 1 << m
		oldest[mb.Role&3] = max(oldest[mb.Role&3], int16(mb.StartAge))
	}
	h.oldest = [2]int16{oldest[Child], oldest[Laborer]}
	adults := byRole[Laborer] | byRole[Elderly]
	elderly, disabled, chronic := byRole[Elderly], byHealth[Disabled], byHealth[Chronic]
	able := byRole[Laborer] &^ disabled
	h.able, h.elderly = able, elderly
	h.healthy, h.chronic = byHealth[Healthy]&adults, chronic&adults
	nElderly, nDisabled, nElderlyAble := bits.OnesCount8(elderly), bits.OnesCount8(disabled), bits.OnesCount8(elderly&^disabled)
	nChronic := bits.OnesCount8(chronic)
	h.census = uint16(nElderly<<censusElderly | nChronic<<censusChronic | nDisabled<<censusDisabled | nElderlyAble<<censusElderlyAble)
	h.types = uint8(b2i(nElderly == n))<<TypeElderlyOnly |
		uint8(b2i(nDisabled > 0))<<TypeDisabled |
		uint8(b2i(nChronic > 0))<<TypeChronic |
		uint8(b2i(able == 0))<<TypeNoLabor |
		uint8(b2i(n >= 5))<<TypeLarge
	h.home = uint8(nDisabled - (nElderly - nElderlyAble) + bits.OnesCount8(able))
}

func (h *household) nElderly() int  { return int(h.census >> censusElderly & 15) }
func (h *household) nChronic() int  { return int(h.census >> censusChronic & 15) }
func (h *household) nDisabled() int { return int(h.census >> censusDisabled & 15) }
func (h *household) nElderlyAble() int {
	return int(h.census >> censusElderlyAble & 15)
}
