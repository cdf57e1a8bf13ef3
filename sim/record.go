package sim

import "math"

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

// record updates the household's poverty status and counts it in the year's
// statistics, spells and (if traced) its story.
func (r *Runner) record(h *Household, c *yearConst, poor bool, pc, net float64, inc *[NumComponents]float64,
	cultivated, idle float64, types uint, ev Event, i int) {

	ys := c.ys
	size := int(h.Size)
	fp := h.Flags&flagFormerlyPoor != 0
	wasPoor := h.Flags&flagPoor != 0
	ever := h.Flags&flagEverPoor != 0

	k := types | uint(b2i(fp))*cellFormerlyPoor | uint(b2i(poor))*cellPoor | uint(b2i(ever))*cellEverPoor
	cl := &r.cells[k%numCells]
	cl.households++
	cl.people += size
	// The gap is added as 0 when not poor: GapSum + 0 = GapSum.
	pi, wi := b2i(poor), b2i(wasPoor)
	gap := float64(size) * (c.line - pc) / c.line
	ys.GapSum += math.Float64frombits(math.Float64bits(gap) & -uint64(pi))

	// Spells.
	dur := min(int(h.Since), r.spellDurs-1)
	r.spells[(int(types)*r.spellDurs+dur)*numSpellStates+wi*spellWasPoor+pi*spellPoor+(b2i(fp)|b2i(ever))*spellAtRisk]++
	changed := pi ^ wi
	h.Since = uint8(changed | (changed^1)*int(sat(h.Since))) // 1 when the spell changes

	h.Flags = h.Flags&^flagPoor | uint16(pi)*(flagPoor|flagEverPoor)
	h.LastIncome = float32(pc)

	// Income: the components that may be nonzero (adding zero changes no sum).
	ys.Income[IncWages] += inc[IncWages]
	if c.posts {
		ys.Income[IncPosts] += inc[IncPosts]
	}
	ys.Income[IncFarm] += inc[IncFarm]
	if c.transferred {
		ys.Income[IncRent] += inc[IncRent]
	}
	ys.Income[IncTransfers] += inc[IncTransfers]
	if c.monitoring {
		ys.Income[IncAssistance] += inc[IncAssistance]
	}
	ys.Income[IncReimbursement] += inc[IncReimbursement]
	if c.disaster {
		ys.Income[IncRelief] += inc[IncRelief]
	}
	ys.Income[IncMedical] += inc[IncMedical]
	if c.disaster {
		ys.Income[IncDamage] += inc[IncDamage]
	}
	ys.Net += net

	if h.Flags&flagTraced != 0 {
		ev |= Event(pi&^wi)*EvFellBack | Event(wi&^pi)*EvRecovered
		r.tell(h, i, poor, pc, c.line, inc, cultivated, idle, ev, c.res)
	}
}

// tally adds the year's cells and spell counts to its statistics.
func (r *Runner) tally(ys *YearStats, sp *Spells) {
	for k := range r.cells {
		cl := r.cells[k]
		if cl.households == 0 {
			continue
		}
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
	for i, n := range r.spells {
		if n == 0 {
			continue
		}
		st := i % numSpellStates
		dur := i / numSpellStates % r.spellDurs
		types := uint(i / numSpellStates / r.spellDurs)
		sp.add(dur, st, n)
		if types == 0 {
			types = 1 << TypeOther
		}
		for t := Type(0); t < NumTypes; t++ {
			if types&(1<<t) != 0 {
				sp.Types[t].add(dur, st, n)
			}
		}
	}
}

// tell appends one year to a traced household's story.
func (r *Runner) tell(h *Household, i int, poor bool, pc, line float64, inc *[NumComponents]float64, cultivated, idle float64, ev Event, res *Result) {
	st := &res.Stories[r.trace[i]]
	y := StoryYear{
		Year:        res.Years[len(st.Years)].Year,
		Members:     append([]Member(nil), h.Members[:h.Size]...),
		Employed:    make([]bool, h.Size),
		Land:        float64(h.Land),
		Cultivated:  cultivated,
		Idle:        idle,
		Transferred: float64(h.Transferred),
		Income:      *inc,
		PerCapita:   pc,
		Line:        line,
		Poor:        poor,
		Monitored:   h.Flags&flagMonitored != 0,
		Events:      ev,
	}
	for m := range y.Employed {
		y.Employed[m] = h.memberFlags[m]&(memberEmployed|memberPost) != 0
	}
	if y.Monitored || ev&EvAssisted != 0 {
		y.Assistance = kindNames[h.Kind]
	}
	st.Years = append(st.Years, y)
}
