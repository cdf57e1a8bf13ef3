package sim

// A household's census (Household.able and Household.census) summarises
// its members: who is an able laborer, and how many are elderly,
// chronically ill and disabled. It is taken for every household when a
// replication starts (whatever drew the population) and again whenever a
// household-year changes a member's role or health, so it always matches
// the members.

const (
	censusElderly     = 0  // shift of the number of elderly members
	censusChronic     = 4  // … chronically ill members
	censusDisabled    = 8  // … disabled members
	censusElderlyAble = 12 // … elderly members not disabled
)

// takeCensus recomputes the household's census from its members.
func (h *Household) takeCensus() {
	var able uint8
	var census uint16
	for m := 0; m < int(h.Size); m++ {
		mb := &h.Members[m]
		if mb.Role == Laborer && mb.Health != Disabled {
			able |= 1 << m
		}
		if mb.Role == Elderly {
			census += 1 << censusElderly
			if mb.Health != Disabled {
				census += 1 << censusElderlyAble
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
}

func (h *Household) nElderly() int  { return int(h.census >> censusElderly & 15) }
func (h *Household) nChronic() int  { return int(h.census >> censusChronic & 15) }
func (h *Household) nDisabled() int { return int(h.census >> censusDisabled & 15) }
func (h *Household) nElderlyAble() int {
	return int(h.census >> censusElderlyAble & 15)
}
