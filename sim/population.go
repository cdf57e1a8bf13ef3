package sim

// populate draws the households, villages and townships of a replication.
func (r *Runner) populate(rk uint64) {
	p := &r.m.before // the population as it stood in 2020
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
			rankHigh: d.Float64(),
			rankEcom: d.Float64(),
			rankDoc:  d.Float64(),
			rankPark: d.Float64(),
			rankSpec: d.Float64(),
		}
		vg := &r.villages[v]
		vg.cover(p)
		vg.find = jobFind(p, vg.ecom, vg.park, 0) // the year before's, for the first jobs
	}

	if recs := r.m.records; len(recs) > 0 {
		for _, rec := range recs {
			r.villages[rec.Village].Township = int32(rec.Township)
		}
		r.populateRecords(rk, recs)
		return
	}

	for i := range r.hh {
		r.drawHousehold(rk, i, 0, r.villages)
	}
}

// drawHousehold draws household i of the replication with key rk from its
// start stream (§3 steps 1–8), its first jobs from its village's job
// finding in vs. Draw k > 0 is the warm-up's k-th redraw of a marginal
// household (marginal.go), from a start stream of its own, and is marginal.
func (r *Runner) drawHousehold(rk uint64, i, k int, vs []village) {
	p := &r.m.before // the population as it stood in 2020
	pop := &p.Population
	d := r.d
	loss := jobLoss(p) // the year before's
	sizeTotal := 0.0
	for _, w := range pop.SizeWeights {
		sizeTotal += w
	}
	h := &r.hh[i]
	*h = household{Village: int32(i / pop.VillageSize)}
	d.seed(entityYearKey(rk, entityHousehold|redrawBits(k)|uint64(i), 0), purposeInit)

	u := d.Float64() * sizeTotal
	size := len(pop.SizeWeights)
	for j, w := range pop.SizeWeights {
		if u < w {
			size = j + 1
			break
		}
		u -= w
	}
	if d.Float64() < pop.FormerlyPoorShare && k == 0 {
		h.Flags |= flagFormerlyPoor
	}
	noLabor := d.Float64() < pop.NoLaborShare
	lo, hi := min(pop.LaborersMin, size), min(pop.LaborersMax, size)
	nl := lo + d.IntN(hi-lo+1)
	if noLabor {
		nl = 0
	}
	h.Land = float32(pop.LandMin + (pop.LandMax-pop.LandMin)*d.Float64())
	if pop.LandPerPerson {
		h.Land *= float32(size)
	}
	h.Transferred = float32(pop.TransferredShare) * h.Land
	h.dibaoU = float32(d.Float64())
	h.Size = uint8(size)
	s := d.src.s // the members' draws: draw j of member m is at(7m + j)
	// Seven draws per member, whatever its role, keep members
	// aligned; each is read only if the member needs it.
	const uRole, uAge, uHealth, uSkill, uMode1, uMode2, uEmp = 0, 1, 2, 3, 4, 5, 6
	for m := 0; m < size; m++ {
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
			assignMode(h, m, int(mb.StartAge), at(uMode1), at(uMode2), at(uEmp), p, &vs[h.Village].find, &loss)
		}
	}
	if m := h.worker(p); m >= 0 { // its job drawn as every seeker's is
		startJob(h, m, 0, drawAt(s, 7*m+uEmp), p, &vs[h.Village].find, &loss)
	}
	h.Since = 1
}

// assignMode sets the mode of work and the initial job of a new laborer of
// age age: employed with the stationary probability of the job chain it
// faces, in a village whose job finding before skill is find and in a year
// whose job loss is loss ([0] local, [1] migrant; jobFind, jobLoss), so
// that employment does not drift in the first years.
func assignMode(h *household, m, age int, u1, u2, uEmp float64, p *Params, find, loss *[2]float64) {
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
	startJob(h, m, mi, uEmp, p, find, loss)
}

// startJob gives laborer m, who seeks wage work of kind mi (0 local,
// 1 migrant), a job with the stationary probability of the chain it faces.
func startJob(h *household, m, mi int, uEmp float64, p *Params, find, loss *[2]float64) {
	f := find[mi] + p.Labor.SkillJobFind*float64(h.Members[m].Skill)
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
