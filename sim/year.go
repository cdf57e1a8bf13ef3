package sim

import "math"

// yearConst is what every household of a year shares: the year's
// parameters as the mechanisms read them, computed once by yearSetup
// (docs/MODEL.md §4.0). Each mechanism's own numbers sit in a struct of its
// own, set up in the mechanism's file. A mechanism that does nothing this
// year is switched off here, once, and costs the household-year a test.
type yearConst struct {
	year     int
	hkey     uint64 // the year's key: household i's is entityKey(hkey, i)
	redraw   uint64 // the warm-up's redraw of a marginal household: its draw's number, in the household's entity (marginal.go)
	startKey uint64 // the key of the start (year 0): household i's draws fixed for the replication start at entityKey(startKey, i)
	p        *Params
	ys       *YearStats
	res      *Result
	d        *draws // the Runner's draws, for the rare normal draws past the ziggurat's first step
	aged     int    // years the members have aged: a member's age is its start age plus aged (ageOf)

	line     float64 // the poverty line z_y, yuan per person
	indexG   float64 // g_z: growth of the line since the base year, which medical costs and damage follow
	payIndex float64 // g_z with transfers.indexed, else 1: the factor of the amounts households are paid

	run mechanisms // which mechanisms run this year

	roles         rolesYear       // step 1
	postTargeting uint8           // step 6: welfare_posts.targeting
	onset         [2]onsetYear    // step 2; [1]: in a village with a rural doctor
	illness       illnessYear     // step 5
	routineCare   routineCareYear // step 5
	work          workYear        // step 7
	farm          farmYear        // step 8
	transfers     transfersYear   // step 10
	monitoring    monitoringYear  // step 11
	dibao         float64         // step 12: the dibao line D_y, yuan per person; 0 when dibao pays nothing
}

// yearSetup computes the year's constants, draws the year's markets and
// villages (village.go), and decides which mechanisms run.
func (r *Runner) yearSetup(rk uint64, t int, p *Params, ys *YearStats) yearConst {
	year := p.StartYear + t
	since := float64(year - p.Poverty.BaseYear)
	if t == 0 {
		r.startReplication()
	}
	if p.Demography.Enabled {
		r.aged++ // the members age in every year with demography
	}
	c := yearConst{
		year:     year,
		hkey:     yearKey(rk, year),
		startKey: yearKey(rk, 0),
		p:        p,
		ys:       ys,
		d:        r.d,
		aged:     r.aged,
		line:     p.Line(year),
		indexG:   math.Pow(1+p.Poverty.Index, since),
	}
	c.payIndex = 1 // x·1 = x: nominal amounts are paid as they are
	if p.Transfers.Indexed {
		c.payIndex = c.indexG
	}
	ys.Year, ys.Line = year, c.line
	c.dibao = p.Transfers.Dibao.Line * p.Transfers.Dibao.Level * math.Pow(1+p.Transfers.Dibao.Growth, since)

	c.run = mechanisms{
		demography:  p.Demography.Enabled,
		health:      p.Health.ChronicOnset > 0 || p.Health.DisabilityOnset > 0,
		training:    p.Training.Rate > 0,
		talent:      p.Labor.TalentReturn > 0,
		monitoring:  p.Monitoring.Enabled,
		dibao:       c.dibao > 0,
		routineCare: p.Health.RoutineCost > 0,
	}

	c.roles = newRolesYear(&p.Demography)
	c.onset = newOnsetYear(&p.Health)
	c.postTargeting, _ = postTargeting(p.Posts.Targeting)
	c.illness = newIllnessYear(&p.Health, c.indexG)
	c.routineCare = newRoutineCareYear(&p.Health, c.indexG)
	c.work = newWorkYear(p, since)
	c.farm = newFarmYear(p, since)
	c.transfers = newTransfersYear(p, &r.m.before, c.payIndex)
	c.monitoring = newMonitoringYear(&p.Monitoring, c.line)

	r.marketYear(&c)
	c.run.posts = r.villageYear(&c)
	return c
}

// mechanisms says which of the household-year's mechanisms run in a year:
// those that would change nothing are not run at all.
type mechanisms struct {
	demography  bool // step 1: demography.enabled
	health      bool // step 2: an onset probability above 0
	training    bool // step 3: training.rate above 0
	routineCare bool // step 5: health.routine_cost above 0
	posts       bool // step 6: some village has a welfare post held or vacant
	talent      bool // step 7: talent return above 0
	monitoring  bool // steps 4, 11 and 13: monitoring.enabled
	dibao       bool // step 12: the dibao line above 0
}

// startReplication takes every household's census when a replication
// starts, whatever drew the population, and restarts the count of years
// aged.
func (r *Runner) startReplication() {
	r.aged = 0
	for i := range r.hh {
		r.hh[i].takeCensus()
	}
}
