package sim

import "math"

// Runner simulates replications of a Model. It owns the household buffers,
// so one Runner per goroutine: a Runner is not safe for concurrent use, and
// reusing it for many replications allocates only the per-replication results.
type Runner struct {
	m        *Model
	hh       []Household
	villages []village
	town     []float64 // per township: uniform drawn at the start, scaled to the line multiplier each year
	products []productYear
	d        *draws
	trace    map[int]int // household index → story index
	villageN []int       // households per village

	// Counts of the year being simulated, summed into its YearStats and
	// Spells when the year ends (tally): one increment per household instead
	// of one per statistic.
	cells     [numCells]cell
	spells    []int // by (types × durations + duration) × spellState
	spellDurs int   // durations of this year's spells (startTally)

	storyKind uint8 // the kind of assistance paid this year to the traced household being simulated (tell)

	transferred bool // some household may have land transferred out
	monitored   bool // monitoring has been enabled in a year of the replication
	talent      bool // talent return has been enabled in a year of the replication: a laborer may be a returnee

	aged int // years in which the replication's members have aged so far, this one included (demography on)
}

type productYear struct {
	factor float64 // homogenization factor
	shock  float64 // exp(σ z) market shock
}

// NewRunner returns a Runner for m.
func (m *Model) NewRunner() *Runner {
	pop := m.years[0].Population
	nv := (pop.Households + pop.VillageSize - 1) / pop.VillageSize
	nt := (nv + pop.VillagesPerTownship - 1) / pop.VillagesPerTownship
	if len(m.records) > 0 {
		nv, nt = 0, 0
		for _, rec := range m.records {
			nv, nt = max(nv, rec.Village+1), max(nt, rec.Township+1)
		}
	}
	r := &Runner{
		m:        m,
		hh:       make([]Household, pop.Households),
		villages: make([]village, nv),
		town:     make([]float64, nt),
		products: make([]productYear, m.years[0].Specialty.Products+1), // the last is the promoted specialty
		d:        newDraws(),
		villageN: make([]int, nv),
	}
	for i := range r.hh {
		if len(m.records) > 0 {
			r.villageN[m.records[i].Village]++
		} else {
			r.villageN[i/pop.VillageSize]++
		}
	}
	return r
}

// Use rebinds the Runner to another model with the same population size,
// keeping its buffers; with another size it allocates new ones.
func (r *Runner) Use(m *Model) {
	p0, p1 := r.m.years[0].Population, m.years[0].Population
	if len(r.m.records) > 0 || len(m.records) > 0 || p0.Households != p1.Households || p0.VillageSize != p1.VillageSize ||
		p0.VillagesPerTownship != p1.VillagesPerTownship || r.m.years[0].Specialty.Products != m.years[0].Specialty.Products {
		*r = *m.NewRunner()
		return
	}
	r.m = m
}

// Options select what a replication records beyond its yearly statistics.
type Options struct {
	Trace []int // households whose stories are recorded
}

// Run simulates replication rep of the run with master seed seed. The result
// depends on nothing but the model, seed and rep.
func (r *Runner) Run(seed uint64, rep int, opt Options) Result {
	res := Result{
		Seed:   seed,
		Rep:    rep,
		Years:  make([]YearStats, len(r.m.years)),
		Spells: newSpells(len(r.m.years)),
	}
	rk := repKey(seed, rep)
	r.populate(rk)
	r.trace = nil
	if len(opt.Trace) > 0 {
		r.trace = make(map[int]int, len(opt.Trace))
		for _, i := range opt.Trace {
			if i < 0 || i >= len(r.hh) {
				continue
			}
			if _, dup := r.trace[i]; dup {
				continue
			}
			r.trace[i] = len(res.Stories)
			r.hh[i].Flags |= flagTraced
			res.Stories = append(res.Stories, Story{
				Household: i, Village: int(r.hh[i].Village),
				FormerlyPoor: r.hh[i].Flags&flagFormerlyPoor != 0,
			})
		}
	}
	for t := range r.m.years {
		r.step(rk, t, &res)
	}
	return res
}

// Run is a convenience for one replication with a fresh Runner.
func (m *Model) Run(seed uint64, rep int) Result {
	return m.NewRunner().Run(seed, rep, Options{})
}

// populate draws the households, villages and townships of a replication.
func (r *Runner) populate(rk uint64) {
	p := &r.m.years[0]
	pop := &p.Population
	d := r.d

	for t := range r.town {
		d.seed(entityYearKey(rk, entityTownship|uint64(t), 0), purposeTownshipInit)
		r.town[t] = d.Float64()
	}
	for v := range r.villages {
		d.seed(entityYearKey(rk, entityVillage|uint64(v), 0), purposeVillageInit)
		r.villages[v] = village{
			Product:  uint8(d.IntN(p.Specialty.Products)),
			Township: int32(v / pop.VillagesPerTownship),
			High:     d.Float64() < p.Disaster.HighExposure,
			rankEcom: d.Float64(),
			rankDoc:  d.Float64(),
			rankPark: d.Float64(),
			rankSpec: d.Float64(),
		}
		vg := &r.villages[v]
		vg.cover(p)
		vg.find = jobFind(p, vg.ecom, vg.park, 0) // the first year's (yearSetup), for the first jobs
	}

	if recs := r.m.records; len(recs) > 0 {
		for _, rec := range recs {
			r.villages[rec.Village].Township = int32(rec.Township)
		}
		r.populateRecords(rk, recs)
		return
	}

	loss := jobLoss(p) // the first year's
	sizeTotal := 0.0
	for _, w := range pop.SizeWeights {
		sizeTotal += w
	}
	for i := range r.hh {
		h := &r.hh[i]
		*h = Household{Village: int32(i / pop.VillageSize)}
		d.seed(entityYearKey(rk, entityHousehold|uint64(i), 0), purposeInit)

		u := d.Float64() * sizeTotal
		size := len(pop.SizeWeights)
		for k, w := range pop.SizeWeights {
			if u < w {
				size = k + 1
				break
			}
			u -= w
		}
		if d.Float64() < pop.FormerlyPoorShare {
			h.Flags |= flagFormerlyPoor
		}
		noLabor := d.Float64() < pop.NoLaborShare
		lo, hi := min(pop.LaborersMin, size), min(pop.LaborersMax, size)
		nl := lo + d.IntN(hi-lo+1)
		if noLabor {
			nl = 0
		}
		h.Land = float32(pop.LandMin + (pop.LandMax-pop.LandMin)*d.Float64())
		h.Transferred = float32(pop.TransferredShare) * h.Land
		h.dibaoU = float32(d.Float64())
		h.Size = uint8(size)
		s := d.src.s // the members' draws: draw j of member m is at(7m + j)
		for m := 0; m < size; m++ {
			// Seven draws per member, whatever its role, keep members
			// aligned; each is read only if the member needs it.
			const uRole, uAge, uHealth, uSkill, uMode1, uMode2, uEmp = 0, 1, 2, 3, 4, 5, 6
			at := func(j int) float64 { return drawAt(s, 7*m+j) }
			mb := &h.Members[m]
			switch {
			case m < nl:
				mb.Role = Laborer
				mb.StartAge = uint8(pop.LaborerAgeMin + int(at(uAge)*float64(pop.LaborerAgeMax-pop.LaborerAgeMin+1)))
			case (noLabor && m == 0) || at(uRole) < pop.ElderlyShare:
				mb.Role = Elderly
				mb.StartAge = uint8(p.Demography.RetireAge + int(at(uAge)*float64(pop.ElderlyAgeSpan)))
			default:
				mb.Role = Child
				mb.StartAge = uint8(at(uAge) * float64(p.Demography.AdultAge))
			}
			if mb.Role != Child {
				switch u := at(uHealth); {
				case u < pop.DisabledShare:
					mb.Health = Disabled
				case u < pop.DisabledShare+pop.ChronicShare:
					mb.Health = Chronic
				}
			}
			if mb.Role == Laborer {
				mb.Skill = float32(pop.SkillMax * at(uSkill))
				assignMode(h, m, int(mb.StartAge), at(uMode1), at(uMode2), at(uEmp), p, &r.villages[h.Village].find, &loss)
			}
		}
		h.Since = 1
	}
}

// assignMode sets the mode of work and the initial job of a new laborer of
// age age: employed with the stationary probability of the job chain it
// faces, in a village whose job finding before skill is find and in a year
// whose job loss is loss ([0] local, [1] migrant; jobFind, jobLoss), so
// that employment does not drift in the first years.
func assignMode(h *Household, m, age int, u1, u2, uEmp float64, p *Params, find, loss *[2]float64) {
	mb := &h.Members[m]
	h.memberFlags[m] &^= memberEmployed
	if mb.Health == Disabled {
		mb.Mode = ModeNone
		return
	}
	mi := 0
	switch {
	case age <= p.Labor.MigrantAgeMax && u1 < p.Population.MigrantShare:
		mb.Mode, mi = ModeMigrant, 1
	case u2 < p.Population.LocalShare:
		mb.Mode = ModeLocal
	default:
		mb.Mode = ModeFarm
		return
	}
	f := find[mi] + p.Labor.SkillJobFind*float64(mb.Skill)
	if f > 1 { // min(1, f), as in the work step
		f = 1
	}
	if uEmp < stationary(f, loss[mi]) {
		h.memberFlags[m] |= memberEmployed
	}
}

// stationary is the long-run employment share of a job chain.
func stationary(find, loss float64) float64 {
	if find+loss == 0 {
		return 0
	}
	return find / (find + loss)
}

// cover sets which programs reach the village this year: those whose
// coverage (share of villages) is above its rank.
func (vg *village) cover(p *Params) {
	vg.ecom = vg.rankEcom < p.Ecommerce.Coverage
	vg.doc = vg.rankDoc < p.Health.DoctorCoverage
	vg.park = vg.rankPark < p.Land.ModernCoverage
	vg.spec = vg.rankSpec < p.Specialty.Adoption
}

// jobFind is the job-finding probability before skill in a village in a
// year, [0] local and [1] migrant: the local base plus the boosts of
// e-commerce (ecom), a modern agricultural park (park) and the returned
// talents working in the village last year; the migrant base plus labor
// cooperation.
func jobFind(p *Params, ecom, park bool, returnees int) [2]float64 {
	l := &p.Labor
	boost := 0.0
	if ecom {
		boost += p.Ecommerce.JobBoost
	}
	if park {
		boost += p.Land.ModernJobBoost
	}
	if returnees > 0 {
		boost += math.Min(l.ReturneeBoostMax, l.ReturneeJobBoost*float64(returnees))
	}
	return [2]float64{l.LocalJobFind + boost, l.MigrantJobFind + l.Cooperation}
}

// jobLoss is the yearly job-loss probability, [0] local and [1] migrant
// (less under labor cooperation).
func jobLoss(p *Params) [2]float64 {
	l := &p.Labor
	return [2]float64{l.LocalJobLoss, l.MigrantJobLoss * (1 - l.CooperationLoss)}
}

// yearConst holds what every household of a year shares: the year's
// parameters as the households use them, computed once.
type yearConst struct {
	year                  int
	hkey                  uint64  // the year's key: household i's is entityKey(hkey, i)
	line, monLine, dibao  float64 // poverty, monitoring and dibao lines, yuan per person
	wageG, priceG, indexG float64 // growth since the base year of wages, farm prices and the line
	localMed, migrantMed  float64 // median wages this year
	yieldValue, inputCost float64 // per mu this year
	mixCum                [4]float64

	p   *Params
	ys  *YearStats
	res *Result

	monitoring, demography   bool
	health, training, talent bool
	members                  bool // demography or health: a household-year calls members
	abandonment, skillReturn bool
	cooperation              bool // employed migrants cost labor.cooperation_cost
	postTargeting            uint8

	// Income components that may be nonzero this year; the others are
	// left out of sums (adding a zero changes no sum).
	posts, transferred, disaster bool

	// lean: this year households go through stepLean (lean.go), for
	// every mechanism it leaves out is off, and no household can be
	// pending or monitored, hold a post, or have land transferred out
	// or moved.
	lean bool

	d   *draws   // the Runner's draws (normSlow)
	lab labConst // the labor parameters the lean member loop reads

	// What the lean member loop may leave out, its multipliers being 1 or
	// its index 0.
	youngMatters bool // a village's farm income depends on a young laborer (netYield[0] ≠ netYield[1])
	returnees    bool // a laborer may be a returned talent (r.talent)
	chronicWage  bool // the wage of a chronically ill laborer is not the full wage

	pIll        [MaxMembers + 1][MaxMembers + 1]float64 // illness probability by members chronic or disabled, elderly
	pIllT       [MaxMembers + 1][MaxMembers + 1]uint64  // … as thresholds of drawBits
	chronicCost [MaxMembers + 1]float64                 // yearly care of n chronically ill or disabled members
	onset       [2]onset                                // [1]: village with a rural doctor
	roleAge     [4]int                                  // by Role: the age at which a member takes the next role (256: never)
	mortality   uint64                                  // demography.elderly_mortality as a threshold of drawBits
	trainRate   [2]uint64                               // [1]: training.rate as a threshold of drawBits, for a laborer of training.age_max or less; [0]: 0
	trainAgeMax int                                     // training.age_max less aged: the largest start age of a laborer trained
	docCostMul  float64                                 // 1 − health.doctor_cost_cut
	fpExtra     float64                                 // added reimbursement share of formerly poor households
	workLoss    float64                                 // 1 − health.work_loss

	subsidy, industrial, ecological, pension     float64 // amount × level (× indexG if transfers.indexed)
	payIndex                                     float64 // indexG if transfers.indexed, else 1: post pay and assistance amounts are × this
	paid                                         [2]paid // by formerly poor (1) or not: the programs' multipliers
	capFarmer, capLocal, capElderly, capDisabled float64
	capExact                                     bool       // all four are whole numbers in [0, 2²⁰]: capacities add exactly
	youngAge                                     int        // ecommerce.young_age less aged: a laborer of a smaller start age is young
	aged                                         int        // Runner.aged: a member's age is its start age plus aged (ageOf)
	moveRate                                     [2]float64 // share of idle land transferred out; [1]: in a park village, which takes idle land too

	// By a laborer's kind of work, [0] local and [1] migrant (and the
	// multipliers of 1 where a kind has none, which change no wage).
	loss        [2]float64    // job loss probability
	med         [2][2]float64 // median wage; [0][1]: of a returned talent
	netShare    [2]float64    // share of the wage that reaches the household
	capEmployed [2]float64    // farming capacity of an employed laborer
	healthWage  [3]float64    // wage multiplier by HealthState
}

// paid is, for a household formerly poor or not, whether each transfer
// program pays it (float64(fpi|…All): 1 or 0) and whether it is formerly
// poor (fp, float64(fpi)).
type paid struct{ subsidy, industrial, ecological, pension, fp float64 }

// labConst is what the lean member loop reads of p.Labor.
type labConst struct{ skillJobFind, wageSigma, skillReturn, cooperationCost float64 }

// onset is the year's onset probabilities as thresholds of drawBits, by
// the state of an adult at risk: onset[ci<<1|ei], ci 1 if chronically ill
// (its risk is disability), ei 1 if elderly (a healthy one's chronic onset
// is the elderly's).
type onset [4]uint64

const (
	postsMonitored uint8 = iota
	postsPoor
	postsAny
)

func (r *Runner) yearSetup(rk uint64, t int, p *Params, ys *YearStats) yearConst {
	year := p.StartYear + t
	since := float64(year - p.Poverty.BaseYear)
	c := yearConst{
		year:   year,
		hkey:   yearKey(rk, year),
		line:   p.Line(year),
		wageG:  math.Pow(1+p.Labor.WageGrowth, since),
		priceG: math.Pow(1+p.Farming.PriceGrowth, since),
		indexG: math.Pow(1+p.Poverty.Index, since),
		p:      p,
		ys:     ys,
	}
	// The members age in every year with demography (members).
	if t == 0 {
		r.aged = 0
	}
	if p.Demography.Enabled {
		r.aged++
	}
	c.aged = r.aged
	c.monLine = p.Monitoring.LineRatio * c.line
	c.dibao = p.Transfers.Dibao.Line * p.Transfers.Dibao.Level * c.indexG
	c.localMed = expG(p.Labor.LocalWageMu) * c.wageG
	c.migrantMed = expG(p.Labor.MigrantWageMu) * c.wageG
	c.yieldValue = p.Farming.YieldValue * c.priceG
	c.inputCost = p.Farming.InputCost * c.priceG
	mix := p.Monitoring.Mix
	tot := mix.Cash + mix.Employment + mix.Health + mix.Industry
	c.mixCum = [4]float64{mix.Cash / tot, (mix.Cash + mix.Employment) / tot, (mix.Cash + mix.Employment + mix.Health) / tot, 1}
	c.monitoring = p.Monitoring.Enabled
	c.demography = p.Demography.Enabled
	c.health = p.Health.ChronicOnset > 0 || p.Health.DisabilityOnset > 0
	c.training = p.Training.Rate > 0
	c.members = c.demography || c.health
	c.talent = p.Labor.TalentReturn > 0
	c.abandonment = p.Farming.Abandonment
	c.skillReturn = p.Labor.SkillReturn != 0
	c.cooperation = p.Labor.Cooperation > 0 || p.Labor.CooperationLoss > 0
	switch p.Posts.Targeting {
	case "monitored":
		c.postTargeting = postsMonitored
	case "poor":
		c.postTargeting = postsPoor
	default:
		c.postTargeting = postsAny
	}
	ys.Year = year
	ys.Line = c.line

	// The expressions below are the ones the household-year evaluated
	// before they were hoisted here: every number is the same.
	hp := &p.Health
	for nc := range c.pIll {
		for ne := range c.pIll[nc] {
			c.pIll[nc][ne] = math.Min(1, hp.EventBase+hp.EventChronic*float64(nc)+hp.EventElderly*float64(ne))
			c.pIllT[nc][ne] = below(c.pIll[nc][ne])
		}
		c.chronicCost[nc] = hp.ChronicCost * float64(nc) * c.indexG
	}
	for doc := range c.onset {
		cut := 1.0
		if doc == 1 {
			cut = 1 - p.Health.DoctorOnsetCut
		}
		chronic, disability := p.Health.ChronicOnset*cut, below(p.Health.DisabilityOnset*cut)
		c.onset[doc] = onset{below(chronic), below(chronic * p.Health.ElderlyOnsetFactor), disability, disability}
	}
	dm := &p.Demography
	c.roleAge = [4]int{Child: dm.AdultAge, Laborer: dm.RetireAge, Elderly: 256, 3: 256}
	c.mortality = below(dm.ElderlyMortality)
	c.trainRate, c.trainAgeMax = [2]uint64{0, below(p.Training.Rate)}, p.Training.AgeMax-c.aged
	c.docCostMul = 1 - hp.DoctorCostCut
	c.fpExtra = math.Min(1-hp.Reimbursement, hp.FormerlyPoorExtra)
	c.workLoss = 1 - hp.WorkLoss
	l := &p.Labor
	tr := &p.Transfers
	c.payIndex = 1 // x·1 = x: nominal amounts are paid as they are
	if tr.Indexed {
		c.payIndex = c.indexG
	}
	c.subsidy = tr.Subsidy.Amount * tr.Subsidy.Level * c.payIndex
	c.industrial = tr.Industrial.Amount * tr.Industrial.Level * c.payIndex
	c.ecological = tr.Ecological.Amount * tr.Ecological.Level * c.payIndex
	c.pension = tr.Pension.Amount * tr.Pension.Level * c.payIndex
	// 1: a program pays marginal households too.
	subsidyAll, industrialAll := b2i(!tr.Subsidy.FormerlyPoorOnly), b2i(!tr.Industrial.FormerlyPoorOnly)
	ecologicalAll, pensionAll := b2i(!tr.Ecological.FormerlyPoorOnly), b2i(!tr.Pension.FormerlyPoorOnly)
	for fpi := range c.paid {
		c.paid[fpi] = paid{float64(fpi | subsidyAll), float64(fpi | industrialAll), float64(fpi | ecologicalAll),
			float64(fpi | pensionAll), float64(fpi)}
	}
	fa := &p.Farming
	c.capFarmer, c.capLocal, c.capElderly, c.capDisabled = fa.CapacityFarmer, fa.CapacityLocal, fa.CapacityElderly, fa.CapacityDisabled
	c.capExact = true
	for _, x := range [...]float64{c.capFarmer, c.capLocal, c.capElderly, c.capDisabled} {
		if !(x >= 0 && x <= 1<<20 && x == math.Trunc(x)) {
			c.capExact = false
		}
	}
	c.youngAge = p.Ecommerce.YoungAge - c.aged
	c.moveRate = [2]float64{min(1, p.Land.TransferIdle), min(1, p.Land.TransferIdle+p.Land.ModernTransfer)}
	c.d = r.d
	c.lab = labConst{l.SkillJobFind, l.WageSigma, l.SkillReturn, l.CooperationCost}
	c.loss = jobLoss(p)
	c.med = [2][2]float64{{c.localMed, c.localMed * l.ReturneePremium}, {c.migrantMed, c.migrantMed}}
	c.netShare = [2]float64{1, l.MigrantNetShare}
	c.capEmployed = [2]float64{fa.CapacityLocal, 0}
	c.healthWage = [3]float64{Healthy: 1, Chronic: l.ChronicWage, Disabled: 1}

	if t == 0 {
		// The replication starts: take every household's census, and see
		// whether any has land transferred out.
		r.transferred, r.monitored, r.talent = false, false, false
		for i := range r.hh {
			h := &r.hh[i]
			h.takeCensus()
			if h.Transferred != 0 {
				r.transferred = true
			}
		}
	}
	// Land is transferred out at the start, or moved in an earlier year.
	c.transferred = r.transferred
	anyPark := false

	// Products: market shocks and homogenization factors. A product's
	// price falls when its market share is above an even split, 1/K. The
	// shares are those the parameters give the market, not counts of the
	// villages a run simulates (a sample of it): the promoted specialty
	// (product K) is sold by the share specialty.adoption of villages,
	// each ordinary product by (1 − adoption)/K, never above 1/K.
	s := &p.Specialty
	K := float64(s.Products)
	for k := range r.products {
		d := r.d
		d.seed(entityKey(c.hkey, entityProduct|uint64(k)), purposeProductYear)
		share := (1 - s.Adoption) / K
		if k == s.Products {
			share = s.Adoption
		}
		r.products[k] = productYear{
			shock:  expG(p.Farming.ProductSigma * d.NormFloat64()),
			factor: math.Max(s.PriceFloor, 1-s.Homogenization*math.Max(0, share-1/K)),
		}
	}

	// Villages: coverage of programs, prices and disasters.
	for v := range r.villages {
		vg := &r.villages[v]
		vg.cover(p)
		vg.product = vg.Product
		if vg.spec {
			vg.product = uint8(p.Specialty.Products) // the promoted specialty, a product of its own
		}
		if vg.ecom {
			ys.Cost[CostEcommerce] += p.Ecommerce.CostPerVillage
		}
		if vg.doc {
			ys.Cost[CostDoctors] += p.Health.DoctorCost
		}
		if vg.park {
			ys.Cost[CostLand] += p.Land.ParkCostPerVilla
			anyPark = true
		}
		if vg.spec {
			ys.Cost[CostSpecialty] += p.Specialty.CostPerVillage
		}
	}
	ds := &p.Disaster
	mo := &p.Monitoring
	for v := range r.villages {
		vg := &r.villages[v]
		d := r.d
		d.seed(entityKey(c.hkey, entityVillage|uint64(v)), purposeVillageYear)
		zv, uDis, uLoss := d.NormFloat64(), d.Float64(), d.Float64()
		pr := r.products[vg.product]
		vg.price = pr.shock * pr.factor * expG(p.Farming.VillageSigma*zv)
		if vg.spec {
			vg.price *= 1 + s.Premium
		}
		exposure := ds.ExposureLow
		if vg.High {
			exposure = ds.ExposureHigh
		}
		vg.disaster = uDis < ds.Probability*exposure
		vg.cropLoss = 0
		if vg.disaster {
			vg.cropLoss = math.Min(1, 2*ds.CropLoss*uLoss)
			c.disaster = true
		}
		// Posts: the village's quota less those still held.
		nh := r.villageN[v]
		vg.returnees, vg.returneesNow = vg.returneesNow, 0
		if vg.held > 0 {
			c.posts = true
		}
		vg.vacant = int(p.Posts.PerHundred*float64(nh)/100+0.5) - vg.held
		vg.held = 0
		if vg.vacant > 0 {
			c.posts = true
		}

		// What the village's households share.
		vg.find = jobFind(p, vg.ecom, vg.park, vg.returnees)
		for young := range vg.netYield {
			price := vg.price
			if vg.ecom {
				prem := p.Ecommerce.PricePremium
				if young == 0 {
					prem *= p.Ecommerce.OlderFactor
				}
				price *= 1 + prem
			}
			yield := c.yieldValue * price * (1 - vg.cropLoss)
			if vg.park {
				yield *= 1 + p.Land.ModernYieldGain
			}
			vg.netYield[young] = yield - c.inputCost
		}
		vg.tLine = c.monLine * (1 - mo.Spread + 2*mo.Spread*r.town[vg.Township])
	}
	// Land moves this year: idle land (only with abandonment) or land in
	// park villages.
	if (p.Land.TransferIdle != 0 && p.Farming.Abandonment) || (p.Land.ModernTransfer != 0 && anyPark) {
		r.transferred = true
	}
	r.talent = r.talent || c.talent
	c.returnees = r.talent
	c.chronicWage = c.healthWage[Chronic] != 1
	for v := range r.villages {
		ny := &r.villages[v].netYield
		if math.Float64bits(ny[0]) != math.Float64bits(ny[1]) {
			c.youngMatters = true
			break
		}
	}
	postsActive := c.posts
	c.posts = c.posts && p.Posts.Pay != 0
	if c.monitoring {
		r.monitored = true
	}
	c.lean = !c.demography && !c.health && !c.training && !c.monitoring && !r.monitored &&
		!c.talent && !postsActive && !c.transferred && !r.transferred && !c.disaster &&
		c.dibao <= 0 && !c.abandonment
	return c
}

// householdYear holds one household's flows in one year.
type householdYear struct {
	inc        [NumComponents]float64
	cultivated float64
	idle       float64
	events     Event
}
