package sim

// record updates the household's poverty status and adds it to the year's
// statistics, spells and (if traced) its story.
func (r *Runner) record(h *Household, poor bool, pc, line, net float64, inc *[NumComponents]float64,
	cultivated, idle float64, noLabor, hasDisabled bool, migrants, athome int,
	ys *YearStats, sp *Spells, ev Event, res *Result, i int) {

	size := int(h.Size)
	fp := h.Flags&flagFormerlyPoor != 0
	wasPoor := h.Flags&flagPoor != 0
	ever := h.Flags&flagEverPoor != 0

	ys.Households++
	ys.People += size
	if fp {
		ys.FormerlyPoor++
		if !ever {
			ys.NeverReturned++
		}
		if poor {
			ys.Returned++
			if !ever {
				ys.NewlyReturned++
			}
		}
		if poor || ever {
			ys.EverReturned++
		}
	} else {
		ys.Marginal++
		if poor {
			ys.MarginalPoor++
			if !ever {
				ys.MarginalFirst++
			}
		}
		if poor || ever {
			ys.MarginalEverPoor++
		}
	}
	if poor {
		ys.PoorPeople += size
		ys.GapSum += float64(size) * (line - pc) / line
	}

	// Spells.
	dur := min(int(h.Since), len(sp.OutAtRisk)-1)
	if wasPoor {
		sp.InAtRisk[dur]++
		if !poor {
			sp.InExit[dur]++
		}
	} else if fp || ever {
		sp.OutAtRisk[dur]++
		if poor {
			sp.OutFall[dur]++
		}
	}
	if poor != wasPoor {
		h.Since = 1
		if poor {
			ev |= EvFellBack
		} else {
			ev |= EvRecovered
		}
	} else {
		h.Since = sat(h.Since)
	}

	if poor {
		h.Flags |= flagPoor | flagEverPoor
	} else {
		h.Flags &^= flagPoor
	}
	h.LastIncome = float32(pc)

	// Household types.
	var mask uint16
	elderlyOnly, chronic := true, false
	for m := 0; m < size; m++ {
		mb := &h.Members[m]
		if mb.Role != Elderly {
			elderlyOnly = false
		}
		if mb.Health == Chronic {
			chronic = true
		}
	}
	if elderlyOnly {
		mask |= 1 << TypeElderlyOnly
	}
	if hasDisabled {
		mask |= 1 << TypeDisabled
	}
	if chronic {
		mask |= 1 << TypeChronic
	}
	if migrants > 0 {
		mask |= 1 << TypeMigrant
		if athome == 0 && size > migrants {
			mask |= 1 << TypeLeftBehind
		}
	}
	if noLabor {
		mask |= 1 << TypeNoLabor
	}
	if size >= 5 {
		mask |= 1 << TypeLarge
	}
	if mask == 0 {
		mask = 1 << TypeOther
	}
	for k := Type(0); k < NumTypes; k++ {
		if mask&(1<<k) == 0 {
			continue
		}
		tc := &ys.Types[k]
		tc.Households++
		tc.People += size
		if fp {
			tc.FormerlyPoor++
			if poor {
				tc.Returned++
			}
		} else {
			tc.Marginal++
			if poor {
				tc.MarginalPoor++
			}
		}
		if poor {
			tc.PoorPeople += size
		}
	}

	for k := range inc {
		ys.Income[k] += inc[k]
	}
	ys.Net += net

	if h.Flags&flagTraced != 0 {
		r.tell(h, i, poor, pc, line, inc, cultivated, idle, ev, res)
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
