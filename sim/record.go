package sim

import "math/bits"

// A cell counts the households of one kind in the year being simulated, and
// their members. The kind is the household's types (bits 0 … TypeOther−1;
// TypeOther is a kind with none), whether it is formerly poor, poor this
// year and poor in an earlier year. tally turns the cells into the year's
// counts: one increment per household instead of one per statistic.
type cell struct{ households, people int }

const (
	cellFormerlyPoor = 1 << TypeOther
	cellPoor         = cellFormerlyPoor << 1
	cellEverPoor     = cellPoor << 1
	numCells         = cellEverPoor << 1
)

// A spell state is what a household's year counts in Spells.
const (
	spellAtRisk  = 1 << iota // formerly poor or ever poor: out of poverty, at risk of falling back
	spellPoor                // poor this year
	spellWasPoor             // poor last year
	numSpellStates
)

// startTally clears the counts for a year whose spells have n durations.
// r.spells is indexed by (types × n + duration) × numSpellStates + state,
// types the household's type bits below TypeOther.
func (r *Runner) startTally(n int) {
	clear(r.cells[:])
	if len(r.spells) != cellFormerlyPoor*n*numSpellStates {
		r.spells = make([]int, cellFormerlyPoor*n*numSpellStates)
	}
	r.spellDurs = n
	clear(r.spells)
}

// tally adds the year's cells and spell counts to its statistics.
func (r *Runner) tally(ys *YearStats, sp *Spells) {
	var seen [cellFormerlyPoor]bool // the types of some household this year
	for k := range r.cells {
		cl := r.cells[k]
		if cl.households == 0 {
			continue
		}
		seen[k%cellFormerlyPoor] = true
		n, people := cl.households, cl.people
		fp, poor, ever := k&cellFormerlyPoor != 0, k&cellPoor != 0, k&cellEverPoor != 0
		ys.Households += n
		ys.People += people
		if fp {
			ys.FormerlyPoor += n
			if !ever {
				ys.NeverReturned += n
			}
			if poor {
				ys.Returned += n
				if !ever {
					ys.NewlyReturned += n
				}
			}
			if poor || ever {
				ys.EverReturned += n
			}
		} else {
			ys.Marginal += n
			if poor {
				ys.MarginalPoor += n
				if !ever {
					ys.MarginalFirst += n
				}
			}
			if poor || ever {
				ys.MarginalEverPoor += n
			}
		}
		if poor {
			ys.PoorPeople += people
		}
		types := k % cellFormerlyPoor
		if types == 0 {
			types = 1 << TypeOther
		}
		for t := Type(0); t < NumTypes; t++ {
			if types&(1<<t) == 0 {
				continue
			}
			tc := &ys.Types[t]
			tc.Households += n
			tc.People += people
			if fp {
				tc.FormerlyPoor += n
				if !ever {
					tc.NeverReturned += n
				}
				if poor {
					tc.Returned += n
					if !ever {
						tc.NewlyReturned += n
					}
				}
			} else {
				tc.Marginal += n
				if poor {
					tc.MarginalPoor += n
				}
			}
			if poor {
				tc.PoorPeople += people
			}
		}
	}
	// A household counts in the cells and the spells of its types: the
	// spells of types no household has are 0.
	span := r.spellDurs * numSpellStates
	for t0, ok := range seen {
		if ok {
			tallySpells(sp, uint(t0), r.spells[t0*span:(t0+1)*span])
		}
	}
}

// tallySpells adds the spell counts of the households of the given types,
// spells (by duration × numSpellStates + state), to sp.
func tallySpells(sp *Spells, types uint, spells []int) {
	if types == 0 {
		types = 1 << TypeOther
	}
	for j, n := range spells {
		if n == 0 {
			continue
		}
		dur, st := j/numSpellStates, j%numSpellStates
		sp.add(dur, st, n)
		for ts := types; ts != 0; ts &= ts - 1 {
			sp.Types[bits.TrailingZeros(ts)%int(NumTypes)].add(dur, st, n)
		}
	}
}

// tell adds the household-year to the story of a traced household: pc is
// its per-capita net income.
func (r *Runner) tell(y *householdYear, pc float64, c *yearConst) {
	h, res := y.h, c.res
	st := &res.Stories[r.trace[y.i]]
	sy := StoryYear{
		Year:        res.Years[len(st.Years)].Year,
		Members:     append([]Member(nil), h.Members[:h.Size]...),
		Ages:        make([]int, h.Size),
		Employed:    make([]bool, h.Size),
		Land:        float64(h.Land),
		Cultivated:  y.cultivated,
		Idle:        y.idle,
		Transferred: float64(h.Transferred),
		Income:      y.inc,
		PerCapita:   pc,
		Line:        c.line,
		Poor:        h.Flags&flagPoor != 0,
		Monitored:   h.Flags&flagMonitored != 0,
		Events:      y.ev,
	}
	for m := range sy.Employed {
		sy.Employed[m] = h.memberFlags[m]&(memberEmployed|memberPost) != 0
		sy.Ages[m] = ageOf(&h.Members[m], c.aged)
	}
	if y.ev&EvAssisted != 0 { // a monitored household is assisted every year
		sy.Assistance = kindNames[y.kind]
	}
	if sy.Poor || y.ev&EvIdentified != 0 {
		sy.Cause = cause(y).String()
	}
	sy.Registered = y.registered
	if y.assisted {
		sy.Support = 1 - y.delayed
	}
	st.Years = append(st.Years, sy)
}
