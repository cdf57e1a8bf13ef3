package sim

import "math/bits"

// A household's census (Household.able, elderly, healthy, chronic, census,
// types and home) summarises its members: who is an able laborer, who is
// elderly, which adults are healthy and which chronically ill (the members
// at risk of health onset); how many are elderly, chronically ill and
// disabled; the types its members alone decide; and how many adults of
// working age stay at home if no laborer works away.
// It is taken for every household when a replication starts (whatever
// drew the population) and again whenever a household-year changes a
// member's role or health, so it always matches the members.

const (
	censusElderly     = 0  // shift of the number of elderly members
	censusChronic     = 4  // … chronically ill members
	censusDisabled    = 8  // … disabled members
	censusElderlyAble = 12 // … elderly members not disabled
)

// takeCensus recomputes the household's census from its members.
func (h *Household) takeCensus() {
	var able, elderly, healthy, chronic uint8
	var census uint16
	for m := 0; m < int(h.Size); m++ {
		mb := &h.Members[m]
		if mb.Role == Laborer && mb.Health != Disabled {
			able |= 1 << m
		}
		if mb.Role == Elderly {
			elderly |= 1 << m
			census += 1 << censusElderly
			if mb.Health != Disabled {
				census += 1 << censusElderlyAble
			}
		}
		if mb.Role != Child {
			switch mb.Health {
			case Healthy:
				healthy |= 1 << m
			case Chronic:
				chronic |= 1 << m
			}
		}
		switch mb.Health {
		case Chronic:
			census += 1 << censusChronic
		case Disabled:
			census += 1 << censusDisabled
		}
	}
	h.able, h.census = able, census
	h.elderly, h.healthy, h.chronic = elderly, healthy, chronic
	n := int(h.Size)
	nElderly, nDisabled := h.nElderly(), h.nDisabled()
	h.types = uint8(b2i(nElderly == n))<<TypeElderlyOnly |
		uint8(b2i(nDisabled > 0))<<TypeDisabled |
		uint8(b2i(h.nChronic() > 0))<<TypeChronic |
		uint8(b2i(able == 0))<<TypeNoLabor |
		uint8(b2i(n >= 5))<<TypeLarge
	h.home = uint8(nDisabled - (nElderly - h.nElderlyAble()) + bits.OnesCount8(able))
}

func (h *Household) nElderly() int  { return int(h.census >> censusElderly & 15) }
func (h *Household) nChronic() int  { return int(h.census >> censusChronic & 15) }
func (h *Household) nDisabled() int { return int(h.census >> censusDisabled & 15) }
func (h *Household) nElderlyAble() int {
	return int(h.census >> censusElderlyAble & 15)
}
