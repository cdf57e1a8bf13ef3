package sim

// netIncome is a household's net income: its components added in their
// order (docs/MODEL.md §4, step 13).
func netIncome(inc *[NumComponents]float64) float64 {
	return inc[IncWages] + inc[IncPosts] + inc[IncFarm] + inc[IncRent] + inc[IncTransfers] +
		inc[IncAssistance] + inc[IncReimbursement] + inc[IncRelief] + inc[IncMedical] + inc[IncDamage]
}

// record is step 13 (docs/MODEL.md §4, step 13): the poverty test on the
// household's per-capita net income, the monitoring exit test, and the
// records of the household-year: its types, its cell and spell counts
// (record.go), its poverty flags, the income it reports next year to the
// means test, the year's income sums and, if traced, its story.
func (r *Runner) record(y *householdYear, c *yearConst) {
	h, ys := y.h, c.ys
	net := netIncome(&y.inc)
	pc := net / y.size
	poor := pc < c.line
	// The monitoring system judges a household by its projected income
	// for the year (预计年人均纯收入), the response at its yearly rate.
	projected := net + y.unpaid
	if c.run.monitoring {
		monitoringExit(y, projected, c)
	}

	types := householdTypes(h, y.migrants)
	fpi := int(h.Flags & flagFormerlyPoor) // flagFormerlyPoor is 1
	pi, wi, ever := b2i(poor), int(h.Flags/flagPoor&1), int(h.Flags/flagEverPoor&1)
	cl := &r.cells[(types|uint(fpi)*cellFormerlyPoor|uint(pi)*cellPoor|uint(ever)*cellEverPoor)%numCells]
	cl.households++
	cl.people += int(h.Size)
	ys.GapSum += float64(pi) * povertyGap(pc, c.line, y.size) // 0 when not poor (a branch would be mispredicted)
	dur := min(int(h.Since), r.spellDurs-1)
	r.spells[(int(types)*r.spellDurs+dur)*numSpellStates+wi*spellWasPoor+pi*spellPoor+(fpi|ever)*spellAtRisk]++
	if pi != wi {
		h.Since = 1 // a new spell
	} else {
		h.Since = sat(h.Since)
	}
	h.Flags = h.Flags&^flagPoor | uint16(pi)*(flagPoor|flagEverPoor)
	fp := fpi == 1
	if poor && fp {
		cs := cause(y)
		ys.ReturnedCauses[cs]++
		if y.assisted && projected/y.size < c.line { // the system counts it: monitored, and poor after the year's response
			y.registered = true
			ys.Registered++
			ys.RegisteredCauses[cs]++
		}
	}
	ys.Employed += y.employed
	ys.EmployedFormerlyPoor += fpi * y.employed
	if fp {
		ys.FormerlyPoorPeople += int(h.Size)
		ys.FormerlyPoorNet += net
		for k, v := range y.inc {
			ys.FormerlyPoorIncome[k] += v
		}
	}
	if catastrophic(y, net, c.line) {
		ys.Catastrophic++
	}
	everMonitored := int(h.Flags/flagEverMonitored) & 1
	ys.EverMonitored += everMonitored
	ys.EverMonitoredPeople += everMonitored * int(h.Size)
	eliminated := int(h.Flags/flagEliminated) & 1
	ys.Eliminated += eliminated
	ys.EliminatedPeople += eliminated * int(h.Size)
	// The means test reads income before the guarantee itself.
	h.LastIncome = float32(pc)
	h.LastIncome -= float32(y.dibaoPaid / y.size)

	for k, v := range y.inc {
		ys.Income[k] += v
	}
	ys.Net += net

	if h.Flags&flagTraced != 0 {
		y.ev |= Event(pi&^wi)*EvFellBack | Event(wi&^pi)*EvRecovered
		r.tell(y, pc, c)
	}
}

// povertyGap is the poverty gap of a poor household, in people: its size
// times its per-capita shortfall as a share of the line. A negative income
// counts as 0, as the dibao means test counts it, so that a person's gap
// is at most 1.
func povertyGap(pc, line, size float64) float64 {
	return size * (line - max(pc, 0)) / line
}

// householdTypes is the household's types this year: those its members
// decide (the census) and those its work of step 7 decides: a household
// with an employed migrant, left behind if every working-age adult at home
// works away and someone stays.
func householdTypes(h *household, migrants int) uint {
	hasMigrant := b2i(migrants > 0)
	leftBehind := hasMigrant & b2i(migrants == int(h.home)) & b2i(int(h.Size) > migrants)
	return uint(h.types) | uint(hasMigrant)<<TypeMigrant | uint(leftBehind)<<TypeLeftBehind
}

// catastrophic reports whether the household's out-of-pocket health
// spending this year is catastrophic (P28's definition): at least
// catastrophicShare of its capacity to pay, its income before medical
// costs less a subsistence spending of the poverty line per person; net
// is its net income. The spending is the medical bills after every
// reimbursement and the routine care, which income does not count.
func catastrophic(y *householdYear, net, line float64) bool {
	bills := -(y.inc[IncMedical] + y.inc[IncReimbursement]) // after every reimbursement
	oop := bills + y.routine
	if oop <= 0 {
		return false
	}
	return oop >= catastrophicShare*max(0, net+bills-line*y.size)
}

// catastrophicShare is the share of capacity to pay above which health
// spending is catastrophic (P28: 40%).
const catastrophicShare = 0.4
