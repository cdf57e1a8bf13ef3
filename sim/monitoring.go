package sim

// monitoringYear is what steps 4, 11 and 13 read of a year.
type monitoringYear struct {
	line   float64    // M_y: the monitoring line before the township factor, yuan per person
	mixCum [4]float64 // the cumulative shares of the kinds of assistance: cash, employment, health, industry
}

func newMonitoringYear(mo *Monitoring, line float64) monitoringYear {
	mix := mo.Mix
	tot := mix.Cash + mix.Employment + mix.Health + mix.Industry
	return monitoringYear{
		line:   mo.LineRatio * line,
		mixCum: [4]float64{mix.Cash / tot, (mix.Cash + mix.Employment) / tot, (mix.Cash + mix.Employment + mix.Health) / tot, 1},
	}
}

// assistanceLag is step 4 (docs/MODEL.md §4, step 4): a household
// identified by monitoring waits monitoring.lag years before its
// assistance starts. In a year without monitoring every record ends.
func assistanceLag(h *household, c *yearConst) {
	switch {
	case !c.run.monitoring:
		h.Flags &^= flagMonitored | flagPending
	case h.Flags&flagPending != 0:
		h.PendingIn--
		if h.PendingIn == 0 {
			h.Flags = h.Flags&^flagPending | flagMonitored
			h.Monitored, h.Above = 0, 0
		}
	}
}

// monitor is step 11 (docs/MODEL.md §4, step 11): a household at risk —
// its gross income so far (the guarantee it already receives from the
// safety net included; the year's medical and disaster costs and what
// covered them left out) below its township's monitoring line, or those
// costs out of pocket large against that income (N1's income condition
// and its rigid spending, judged apart) — is identified if its detection
// draw is below monitoring.detection
// (detectionDraw), and a monitored household is assisted,
// by the kind it was given or, if targeted, by the kind of its main risk.
// Draws of the monitoring stream: 0 detection, 1 targeting, 2 kind, 3 the
// time of the year the household was found, 4 whose detection draw
// (detectionDraw).
func monitor(y *householdYear, c *yearConst) {
	h, inc, ys, mo := y.h, &y.inc, c.ys, &c.p.Monitoring
	standing := 0.0 // the guarantee the household already receives
	if c.run.dibao {
		standing, _ = guarantee(y, c, false)
	}
	gross := inc[IncWages] + inc[IncPosts] + inc[IncFarm] + inc[IncRent] + inc[IncTransfers] + standing
	oop := -(inc[IncMedical] + inc[IncReimbursement] + inc[IncDamage] + inc[IncRelief])
	lowIncome := gross/y.size < y.vg.tLine
	atRisk := lowIncome || oop > mo.ShockShare*max(gross, 1)
	s := seedOf(y.key, purposeMonitoring)
	if atRisk {
		ys.AtRisk++
		if h.Flags&(flagMonitored|flagPending) == 0 && detectionDraw(y, s, c) < mo.Detection {
			identify(y, s, c)
			ys.Enrolled++
			ys.Cases[cause(y)]++
			ys.Categories[category(h, lowIncome)]++
			y.ev |= EvIdentified
		}
	}
	switch {
	case h.Flags&flagMonitored != 0:
		y.kind = h.Kind
		if drawAt(s, 1) < mo.Targeting {
			y.kind = mainRisk(h, y.medical, gross, y.cultivated, c.p)
		}
		assist(y, y.kind, c)
		y.assisted = true
		y.ev |= EvAssisted
		ys.Monitored++
		ys.MonitoredPeople += int(h.Size)
		if h.Flags&flagFormerlyPoor != 0 {
			ys.MonitoredPeopleFormerlyPoor += int(h.Size)
		}
		ys.Cost[CostMonitoringAdmin] += mo.AdminCost
	case h.Flags&flagPending != 0:
		ys.Pending++
	case atRisk:
		ys.Missed++
		y.ev |= EvMissed
	}
}

// detectionDraw is the uniform number step 11 holds against
// monitoring.detection: with probability monitoring.persistence (draw 4 of
// s, drawn only when it is strictly between 0 and 1) the household's own,
// the same in every year of a replication, else the year's (draw 0 of s).
// At persistence 0 (the default) every year is a fresh chance; at 1 the
// system leaves out the same households every year, as if it judged them
// on something the model does not hold (docs/MODEL.md §4 step 11, §11).
func detectionDraw(y *householdYear, s uint64, c *yearConst) float64 {
	if p := c.p.Monitoring.Persistence; p >= 1 || p > 0 && drawAt(s, 4) < p {
		return drawAt(seedOf(entityKey(c.startKey, entityHousehold|uint64(y.i)), purposeMonitoring), 0)
	}
	return drawAt(s, 0)
}

// identify enrols a household found at risk: its kind of assistance is
// drawn from monitoring.mix (draw 2 of s). With no lag it is monitored at
// once: found at a uniform time of the year (draw 3), it is supported
// monitoring.delay_months later, for the rest of the year; in the first
// year, a household of the stock already found by the 2020 identification
// (monitoring.start_stock) is supported all year. With a lag of whole
// years it is pending until then.
func identify(y *householdYear, s uint64, c *yearConst) {
	h, mo := y.h, &c.p.Monitoring
	h.Kind = kindFromMix(drawAt(s, 2), &c.monitoring.mixCum)
	h.Flags = h.Flags&^flagEliminated | flagEverMonitored
	if mo.Lag > 0 {
		h.Flags |= flagPending
		h.PendingIn = uint8(mo.Lag)
		return
	}
	h.Flags |= flagMonitored
	h.Monitored, h.Above = 0, 0
	if !(mo.StartStock && c.year == c.p.StartYear) {
		y.delayed = min(1, drawAt(s, 3)+mo.DelayMonths/12)
		y.found = true
	}
}

// category is the kind of a household identified this year (N1):
// lowIncome says its income is under the monitoring line.
func category(h *household, lowIncome bool) Category {
	switch {
	case !lowIncome:
		return CategoryHardship
	case h.Flags&flagFormerlyPoor != 0:
		return CategoryUnstable
	}
	return CategoryMarginal
}

// monitoringExit is step 13's exit test (docs/MODEL.md §4, step 13): a
// monitored household counts its years under monitoring and its
// consecutive years with its per-capita net income — after assistance and
// the safety net ("risk gone, after assistance or by itself", N1) — above
// monitoring.exit_ratio times its township's line; the year it was found
// counts only if it was supported for monitoring.stable_months of it
// (N1: income stable for at least 6 months). It leaves monitoring, its
// risk eliminated, after min_years with exit_years above. A household
// without labor capacity covered by social security — owed a dibao or
// tekun guarantee this year (step 12), even if support started too late
// in the year to pay any of it — stays (with keep_no_labor, N1).
//
// net is the income the system assesses: the year's projected income, the
// response at its yearly rate (y.unpaid added).
func monitoringExit(y *householdYear, net float64, c *yearConst) {
	h, mo := y.h, &c.p.Monitoring
	if h.Flags&flagMonitored == 0 {
		return
	}
	h.Monitored = sat(h.Monitored)
	stable := !y.found || 12*(1-y.delayed) >= mo.StableMonths
	if stable && net/y.size >= mo.ExitRatio*y.vg.tLine {
		h.Above = sat(h.Above)
	} else {
		h.Above = 0
	}
	if int(h.Monitored) >= mo.MinYears && int(h.Above) >= mo.ExitYears && !(mo.KeepNoLabor && h.able == 0 && y.covered) {
		h.Flags = h.Flags&^flagMonitored | flagEliminated
		c.ys.Exited++
		y.ev |= EvExitMonitoring
	}
}

func kindFromMix(u float64, cum *[4]float64) uint8 {
	for k := uint8(0); k < 3; k++ {
		if u < cum[k] {
			return k
		}
	}
	return KindIndustry
}

// mainRisk is the kind of assistance that matches a household's main risk:
// health after a large medical bill, employment when an able laborer is
// without work, industry when it farms, cash otherwise.
func mainRisk(h *household, medical, gross, cultivated float64, p *Params) uint8 {
	if medical > p.Monitoring.HealthRisk*max(gross, 1) {
		return KindHealth
	}
	if jobSeeker(h) >= 0 {
		return KindEmployment
	}
	if cultivated > 0 {
		return KindIndustry
	}
	return KindCash
}

// jobSeeker is an able laborer who seeks wage work (mode Local or
// Migrant) and has neither a job nor a post, or −1. A farmer works its
// land: it is not a job seeker.
func jobSeeker(h *household) int {
	for m := 0; m < int(h.Size); m++ {
		mb := &h.Members[m]
		if mb.Role == Laborer && mb.Health != Disabled && (mb.Mode == ModeLocal || mb.Mode == ModeMigrant) && h.memberFlags[m]&(memberEmployed|memberPost) == 0 {
			return m
		}
	}
	return -1
}

// assist pays one year of monitoring assistance of the given kind. A kind
// that does not fit the household (a job offer without a job seeker, health
// assistance without a medical bill) does nothing: the cost of a single
// path of assistance (002). A household identified this year is paid
// cash, a job or industry assistance for the part of the year after its
// support started (1 − y.delayed), the rest of the yearly amount being
// y.unpaid; health assistance tops up the year's bills in full, whatever
// the support's start: the bill that led to identification is reimbursed
// after it.
func assist(y *householdYear, kind uint8, c *yearConst) {
	h, inc, ys, mo := y.h, &y.inc, c.ys, &c.p.Monitoring
	part := 1 - y.delayed
	switch kind {
	case KindCash:
		v := mo.CashPerCapita * c.payIndex * y.size
		inc[IncAssistance] += v * part
		ys.Cost[CostAssistCash] += v * part
		y.unpaid += v * y.delayed
	case KindEmployment:
		if m := jobSeeker(h); m >= 0 {
			// A local job (a workshop or village job) at a share of the
			// local median wage; an unemployed migrant placed in it stays
			// in local work, as a returned talent does.
			v := mo.JobWageShare * c.work.localMed
			h.Members[m].Mode = ModeLocal
			h.memberFlags[m] |= memberEmployed // carried into next year's local chain
			inc[IncAssistance] += v * part
			ys.Cost[CostAssistJobs] += v * part
			y.unpaid += v * y.delayed
			y.employed++
		}
	case KindHealth:
		outOfPocket := -inc[IncMedical] - inc[IncReimbursement]
		v := max(0, min(mo.HealthExtra*y.medical, outOfPocket))
		inc[IncReimbursement] += v
		ys.Cost[CostAssistHealth] += v
	case KindIndustry:
		v := (mo.IndustryBase + mo.IndustryPerMu*y.cultivated) * c.payIndex
		inc[IncAssistance] += v * part
		ys.Cost[CostAssistIndustry] += v * part
		y.unpaid += v * y.delayed
	}
}

// sat is x + 1, saturating at 255.
func sat(x uint8) uint8 {
	if x < 255 {
		return x + 1
	}
	return x
}
