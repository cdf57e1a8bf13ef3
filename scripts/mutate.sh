#!/usr/bin/env bash
# mutate.sh: break the model on purpose, one mechanism at a time, and check
# that the tests notice.
#
# Each mutation below replaces one exact snippet of one file (it must occur
# there exactly once) by a wrong version: a mechanism ignored, a unit
# changed, a sign flipped. The script copies the repository's files (tracked
# and untracked, not ignored; the work tree as it is, uncommitted changes
# included) into a temporary directory, and there, for each mutation in
# turn, applies it, runs `go test -count=1 -short` of the package the file
# is in (more where a mutation names them) with the golden-file test
# TestGoldenTables skipped, records the mutation as caught (a test failed)
# or survived (every test passed), and restores the file. The directory it
# is run from is never written to.
#
#   scripts/mutate.sh              every mutation
#   scripts/mutate.sh dibao        those whose name matches a regexp
#   MUTATE_VERBOSE=1 scripts/…     show the test output of survivors
#   MUTATE_ALL=1 scripts/…         list every test that fails, not the first
#   MUTATE_KEEP_CACHE=1 scripts/…  keep every mutation's builds in Go's cache
#                                  (by default they are removed after it)
#   scripts/mutate.sh --check      only check that every snippet is in its file
#                                  exactly once (a second; .ci/run does this)
#
# Prints a table (mutation, result, the first test that failed) and the
# score caught/total. Exits 0 if every mutation is caught, 1 if some
# survive, 2 if a mutation no longer applies (its snippet is not in the
# file exactly once) or does not compile: the list then needs updating.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
check=
if [ "${1:-}" = --check ]; then check=1; shift; fi
filter=${1:-}
timeout=${MUTATE_TIMEOUT:-180s}
failfast=-failfast # MUTATE_ALL=1: run every test, list every one that fails
if [ -n "${MUTATE_ALL:-}" ]; then failfast=; fi

names=() files=() origs=() repls=() pkgs=()
# mut NAME FILE ORIGINAL REPLACEMENT [PACKAGES…]
mut() {
	names+=("$1") files+=("$2") origs+=("$3") repls+=("$4")
	local p=("${@:5}")
	if [ ${#p[@]} -eq 0 ]; then p=("./$(dirname "$2")"); fi
	pkgs+=("${p[*]}")
}

# ---------------------------------------------------------------------------
# sim: the household-year (docs/MODEL.md §4), a file per mechanism.

# Step 1: demography.
mut "mortality halved" sim/demography.go \
	'drawAt(s, 5*m) < c.p.Demography.ElderlyMortality' \
	'drawAt(s, 5*m) < c.p.Demography.ElderlyMortality/2'

# Step 2: health onset.
mut "elderly onset factor ignored" sim/health.go \
	'chronic * hp.ElderlyOnsetFactor' \
	'chronic'
mut "doctor onset cut ignored" sim/health.go \
	'cut = 1 - hp.DoctorOnsetCut' \
	'cut = 1 - 0*hp.DoctorOnsetCut'
mut "disability's cause counts a laborer without a job" sim/health.go \
	'if h.memberFlags[m]&memberEmployed != 0 { // the wage of the job it can no longer hold' \
	'if h.Members[m].Role == Laborer {'
mut "disability's cause leaves out a returned talent's premium" sim/health.go \
	'y.loss[CauseDisability] += c.work.median[mi][ri] * c.work.netShare[mi]' \
	'y.loss[CauseDisability] += c.work.median[mi][0*ri] * c.work.netShare[mi]'
mut "disability onset at the chronic rate" sim/health.go \
	'chronic, disability := hp.ChronicOnset*cut, hp.DisabilityOnset*cut' \
	'chronic, disability := hp.ChronicOnset*cut, hp.ChronicOnset*cut'

# Step 3: training.
mut "training age limit ignored" sim/training.go \
	'ageOf(mb, c.aged) > tr.AgeMax ||' \
	'ageOf(mb, c.aged) > 255 ||'
mut "training lifts skill above 1" sim/training.go \
	'mb.Skill = float32(min(1, float64(mb.Skill)+tr.Gain))' \
	'mb.Skill = float32(float64(mb.Skill) + tr.Gain)'

# Step 5: illness and medical costs.
mut "illness probability without the chronically ill" sim/illness.go \
	'hp.EventBase+hp.EventChronic*float64(nc)+hp.EventElderly*float64(ne)' \
	'hp.EventBase+hp.EventElderly*float64(ne)'
mut "chronic cost per household" sim/illness.go \
	'il.chronicCost[nc] = hp.ChronicCost * float64(nc) * indexG' \
	'il.chronicCost[nc] = hp.ChronicCost * float64(min(nc, 1)) * indexG'
mut "doctor cost cut ignored" sim/illness.go \
	'medical *= c.illness.docCostMul' \
	'medical *= 1'
mut "illness bill not indexed" sim/illness.go \
	'medical = lognormal(hp.CostMu, hp.CostSigma, c.d.normAt(s, 1)) * c.indexG' \
	'medical = lognormal(hp.CostMu, hp.CostSigma, c.d.normAt(s, 1))'
mut "chronic care not indexed" sim/illness.go \
	'il.chronicCost[nc] = hp.ChronicCost * float64(nc) * indexG' \
	'il.chronicCost[nc] = hp.ChronicCost * float64(nc)'
mut "illness strikes the first member" sim/illness.go \
	'y.ill = min(int(drawAt(s, 0)/pIll*float64(n)), n-1)' \
	'y.ill = min(0*int(drawAt(s, 0)/pIll*float64(n)), n-1)'
mut "the member struck by illness drawn without rescaling" sim/illness.go \
	'y.ill = min(int(drawAt(s, 0)/pIll*float64(n)), n-1)' \
	'y.ill = min(int(drawAt(s, 0)*float64(n)), n-1)'
mut "illness and disaster streams colliding" sim/disaster.go \
	's := seedOf(y.key, purposeDisaster)' \
	's := seedOf(y.key, purposeIllness)'

# Step 6: welfare posts.
mut "post term ignored" sim/posts.go \
	'int(h.PostYears) >= p.Posts.Term || ' \
	''
mut "posts held at the start held a full term" sim/posts.go \
	'h.PostYears = heldBefore(y, p.Posts.Term)' \
	'h.PostYears = 0'
mut "posts held at the start: held before in every year" sim/posts.go \
	'if c.year == c.p.StartYear {' \
	'if true {'
mut "posts held at the start: one year short" sim/posts.go \
	'return uint8(float64(term) * drawAt(seedOf(y.key, purposePosts), 0))' \
	'return uint8(float64(term)*drawAt(seedOf(y.key, purposePosts), 0)) + 1'
mut "registered posts: the formerly poor left out" sim/posts.go \
	'return h.Flags&(flagFormerlyPoor|flagMonitored|flagPending) != 0' \
	'return h.Flags&(flagMonitored|flagPending) != 0'
mut "registered posts: the monitored left out" sim/posts.go \
	'return h.Flags&(flagFormerlyPoor|flagMonitored|flagPending) != 0' \
	'return h.Flags&flagFormerlyPoor != 0'
mut "registered posts: the pending left out" sim/posts.go \
	'return h.Flags&(flagFormerlyPoor|flagMonitored|flagPending) != 0' \
	'return h.Flags&(flagFormerlyPoor|flagMonitored) != 0'
mut "post released at max_age, not past it" sim/posts.go \
	'ageOf(hm, c.aged) > p.Posts.MaxAge ||' \
	'ageOf(hm, c.aged) >= p.Posts.MaxAge ||'
mut "post taken by an elder past max_age" sim/posts.go \
	'mb.Role == Elderly && mb.Health != Disabled && ageOf(mb, aged) <= p.Posts.MaxAge' \
	'mb.Role == Elderly && mb.Health != Disabled'
mut "a village's posts rounded down" sim/village.go \
	'int(p.Posts.PerHundred*float64(nh)/100+0.5) - held' \
	'int(p.Posts.PerHundred*float64(nh)/100) - held'

# The warm-up year (warmup.go).
mut "warm-up year skipped" sim/runner.go \
	'	r.warmUp(rk)' \
	''
mut "the warm-up's households carry over" sim/warmup.go \
	'r.hh[i] = r.drawnHH[i]' \
	'_ = r.drawnHH[i]'
mut "the warm-up fills welfare posts" sim/warmup.go \
	'	w.Posts.PerHundred = 0' \
	''
mut "the warm-up returns talents" sim/warmup.go \
	'	w.Labor.TalentReturn = 0' \
	''
mut "the warm-up trains" sim/warmup.go \
	'	w.Training.Rate = 0' \
	''
mut "the warm-up's adults fall ill" sim/warmup.go \
	'	w.Health.ChronicOnset, w.Health.DisabilityOnset = 0, 0' \
	''
mut "being found cuts the guarantee a household had" sim/dibao.go \
	'gap := had + (yearly-had)*(1-y.delayed)' \
	'gap := yearly * (1 - y.delayed)'
mut "being found cuts the guarantee when monitoring does not link" sim/dibao.go \
	'had := yearly' \
	'had := 0.0'
mut "the first year's means test reads its own income" sim/dibao.go \
	'c.year < c.p.StartYear' \
	'c.year <= c.p.StartYear'
mut "the warm-up ignores Before" sim/model.go \
	'before: before, warm: warmUpParams(before)' \
	'before: years[0], warm: warmUpParams(append([]Params{before}, years[0])[1])'
mut "Config.Set keeps Before's setting" sim/model.go \
	'if k != path {' \
	'if true {'

# The marginal households' 2020 definition (marginal.go).
mut "marginal households not redrawn" sim/warmup.go \
	'	r.redrawMarginal(rk, &c)' \
	''
mut "a redraw from the first draw's stream" sim/population.go \
	'entityHousehold|redrawBits(k)|uint64(i), 0), purposeInit)' \
	'entityHousehold|uint64(i), 0), purposeInit)'
mut "a redraw's warm-up on the first draw's streams" sim/household.go \
	'return entityKey(c.hkey, entityHousehold|c.redraw|uint64(i))' \
	'return entityKey(c.hkey, entityHousehold|uint64(i))'
mut "a redraw may be formerly poor" sim/population.go \
	'd.Float64() < pop.FormerlyPoorShare && k == 0' \
	'd.Float64() < pop.FormerlyPoorShare'
mut "formerly poor households redrawn too" sim/marginal.go \
	'k <= maxMarginalDraws && h.Flags&flagFormerlyPoor == 0 &&' \
	'k <= maxMarginalDraws &&'
mut "a redraw's warm-up without its census" sim/marginal.go \
	'h.takeCensus() // as startReplication' \
	'// as startReplication'
mut "a redraw's warm-up on the first draw's streams (not set)" sim/marginal.go \
	'c.redraw = redrawBits(k)' \
	'c.redraw = 0'
mut "one redraw at most" sim/marginal.go \
	'const maxMarginalDraws = 100' \
	'const maxMarginalDraws = 1'
mut "village exposure fixed at the start" sim/village.go \
	'vg.high = vg.rankHigh < p.Disaster.HighExposure' \
	'vg.high = vg.rankHigh < 0.2'
mut "the population drawn on the first year's settings" sim/population.go \
	'func (r *Runner) populate(rk uint64) {
	p := &r.m.before' \
	'func (r *Runner) populate(rk uint64) {
	p := &r.m.years[0]'
mut "a household drawn on the first year's settings" sim/population.go \
	'func (r *Runner) drawHousehold(rk uint64, i, k int, vs []village) {
	p := &r.m.before' \
	'func (r *Runner) drawHousehold(rk uint64, i, k int, vs []village) {
	p := &r.m.years[0]'
mut "records read on the first year's settings" sim/records.go \
	'p := &r.m.before' \
	'p := &r.m.years[0]'
mut "a transfer cut measured against the first year" sim/year.go \
	'newTransfersYear(p, &r.m.before, c.payIndex)' \
	'newTransfersYear(p, &r.m.years[0], c.payIndex)'
mut "marginal line against the line of the first year" sim/marginal.go \
	'limit := ratio * c.line' \
	'limit := ratio * c.p.Line(c.p.StartYear)'

# Step 7: work.
mut "household worker not sent in the year" sim/work.go \
	'h.worker(c.p) // with' \
	'// with'
mut "household worker not sent at the start" sim/population.go \
	'if m := h.worker(p); m >= 0 {' \
	'if m := -1; m >= 0 {'
mut "household worker the oldest" sim/worker.go \
	'mb.StartAge < h.Members[w].StartAge' \
	'mb.StartAge > h.Members[w].StartAge'
mut "household worker: the last of equals" sim/worker.go \
	'mb.StartAge < h.Members[w].StartAge' \
	'mb.StartAge <= h.Members[w].StartAge'
mut "household worker's first job from its mode's draw" sim/population.go \
	'startJob(h, m, 0, drawAt(s, 7*m+uEmp)' \
	'startJob(h, m, 0, drawAt(s, 7*m+uMode2)'
mut "household worker sent in the first year only" sim/work.go \
	'h.worker(c.p) // with' \
	'if c.year <= c.p.StartYear { h.worker(c.p) } // with'
mut "household worker beside a post holder" sim/worker.go \
	'mb.Mode != ModeFarm || h.memberFlags[m]&memberPost != 0' \
	'mb.Mode != ModeFarm'
mut "land per household, not per person" sim/population.go \
	'h.Land *= float32(size)' \
	'h.Land *= 1'
mut "population: transferred_share ignored" sim/population.go \
	'h.Transferred = float32(pop.TransferredShare) * h.Land' \
	'h.Transferred = 0'
mut "population: the chronically ill drawn net of the disabled" sim/population.go \
	'case u < pop.DisabledShare+pop.ChronicShare:' \
	'case u < pop.ChronicShare:'
mut "population: a child drawn of age" sim/population.go \
	'mb.StartAge = uint8(at(uAge) * float64(p.Demography.AdultAge))' \
	'mb.StartAge = uint8(at(uAge) * float64(p.Demography.AdultAge+1))'
mut "population: a laborer of migrant_age_max kept at home" sim/population.go \
	'case age <= p.Labor.MigrantAgeMax && u1 < p.Population.MigrantShare:' \
	'case age < p.Labor.MigrantAgeMax && u1 < p.Population.MigrantShare:'
mut "members sharing one labor stream" sim/work.go \
	's := seedOf(memberKey(y.key, m), purposeLabor)' \
	's := seedOf(memberKey(y.key, 0), purposeLabor)'
mut "talent-return skill test reversed" sim/work.go \
	'float64(mb.Skill) < c.p.Labor.TalentSkill' \
	'float64(mb.Skill) >= c.p.Labor.TalentSkill'
mut "job loss read as job finding" sim/work.go \
	'b2i(u >= c.work.loss[mi])' \
	'b2i(u >= 1-find)'
mut "work loss of the ill laborer ignored" sim/work.go \
	'if m == y.ill {' \
	'if m == y.ill+MaxMembers {'
mut "chronic wage ignored" sim/work.go \
	'Chronic: l.ChronicWage' \
	'Chronic: 1'
mut "migrant net share ignored" sim/work.go \
	'[2]float64{1, l.MigrantNetShare}' \
	'[2]float64{1, 1}'
mut "cooperation's cost left out" sim/work.go \
	'c.ys.Cost[CostCooperation] += c.p.Labor.CooperationCost' \
	'c.ys.Cost[CostCooperation] += 0'
mut "cooperation's cost only with better job finding" sim/work.go \
	'cooperates: l.Cooperation > 0 || l.CooperationLoss > 0,' \
	'cooperates: l.Cooperation > 0,'
mut "returnee premium ignored" sim/work.go \
	'local * l.ReturneePremium' \
	'local'
mut "skill return ignored" sim/work.go \
	'skillWage:  l.SkillReturn,' \
	'skillWage:  0,'
mut "returned talents' job boost not capped" sim/village.go \
	'boost += math.Min(l.ReturneeBoostMax, l.ReturneeJobBoost*float64(returnees))' \
	'boost += l.ReturneeJobBoost * float64(returnees)'
mut "returned talents never raise job finding" sim/village.go \
	'	vg.returnees, vg.returneesNow = vg.returneesNow, 0' \
	'	vg.returneesNow = 0'
mut "part-year jobs ignored" sim/work.go \
	'if now != was && c.work.partYear {' \
	'if now != was && !c.work.partYear {'
mut "a lost job pays nothing of the year" sim/work.go \
	'if now == 0 { // paid until it lost the job' \
	'if now == 0 { w = 0 // paid until it lost the job'
mut "a found job pays the whole year" sim/work.go \
	'return 1 - t' \
	'return 1'
mut "job-loss cause counts the whole year" sim/work.go \
	'(1 - held) * c.work.median[mi][ri]' \
	'c.work.median[mi][ri]'
mut "farming ignores the part of the year a job was held" sim/land.go \
	'return held*f.capacityOf(mode, flags|memberEmployed) + (1-held)*without' \
	'return f.capacityOf(mode, flags)'
mut "a post holder seeking wage work farms full time" sim/land.go \
	'{none: fa.CapacityFarmer, employed: fa.CapacityLocal, post: fa.CapacityLocal}' \
	'{none: fa.CapacityFarmer, employed: fa.CapacityLocal, post: fa.CapacityFarmer}'
mut "a migrant who lost its job is paid gross" sim/work.go \
	'if now == 0 { // paid until it lost the job' \
	'if now == 0 { w /= c.work.netShare[mi] // paid until it lost the job'

# Step 8: land and farming (village.go: the village's yield per mu).
mut "crop loss ignored" sim/village.go \
	'yield := c.farm.yieldValue * price * (1 - vg.cropLoss)' \
	'yield := c.farm.yieldValue * price'
mut "crop loss not capped at 1" sim/village.go \
	'vg.cropLoss = math.Min(1, 2*ds.CropLoss*uLoss)' \
	'vg.cropLoss = 2 * ds.CropLoss * uLoss'
mut "e-commerce older/younger premium swapped" sim/village.go \
	'if young == 0 {' \
	'if young == 1 {'
mut "a laborer of young_age counted young" sim/work.go \
	'young |= b2i(ageOf(mb, c.aged) < c.work.youngAge)' \
	'young |= b2i(ageOf(mb, c.aged) <= c.work.youngAge)'
mut "rent per household, not per mu" sim/land.go \
	'y.inc[IncRent] = transferred * p.Land.RentPerMu' \
	'y.inc[IncRent] = p.Land.RentPerMu'
mut "transferred land never taken back" sim/land.go \
	'if transferred > 0 && capacity > avail {' \
	'if transferred > 0 && capacity > avail+land {'
mut "transfer contracts ignored: all land back at once" sim/land.go \
	'min(transferred*c.farm.contractEnd, capacity-avail)' \
	'min(transferred, capacity-avail)'
mut "idle land never transferred" sim/land.go \
	'idle * c.farm.moveRate[b2i(vg.park)]' \
	'idle * 0'
mut "modern parks take no more idle land" sim/land.go \
	'min(1, p.Land.TransferIdle+p.Land.ModernTransfer)' \
	'min(1, p.Land.TransferIdle)'
mut "idle land not tallied" sim/land.go \
	'ys.IdleLand += idle' \
	'ys.IdleLand += 0'
mut "farm prices do not grow" sim/land.go \
	'g := math.Pow(1+p.Farming.PriceGrowth, since)' \
	'g := math.Pow(1+p.Farming.PriceGrowth, 0*since)'
mut "input costs do not grow" sim/land.go \
	'inputCost:   p.Farming.InputCost * g,' \
	'inputCost:   p.Farming.InputCost,'
mut "specialty premium ignored" sim/village.go \
	'vg.price *= 1 + p.Specialty.Premium' \
	'vg.price *= 1'
mut "modern park's yield gain ignored" sim/village.go \
	'yield *= 1 + p.Land.ModernYieldGain' \
	'yield *= 1'
mut "e-commerce's cost per village left out" sim/village.go \
	'ys.Cost[CostEcommerce] += p.Ecommerce.CostPerVillage' \
	'ys.Cost[CostEcommerce] += 0'
mut "rural doctors' cost left out" sim/village.go \
	'ys.Cost[CostDoctors] += p.Health.DoctorCost' \
	'ys.Cost[CostDoctors] += 0'
mut "modern parks' cost left out" sim/village.go \
	'ys.Cost[CostLand] += p.Land.ParkCostPerVilla' \
	'ys.Cost[CostLand] += 0'
mut "the specialty's cost left out" sim/village.go \
	'ys.Cost[CostSpecialty] += p.Specialty.CostPerVillage' \
	'ys.Cost[CostSpecialty] += 0'

# Step 9: disasters.
mut "relief pays the whole damage" sim/disaster.go \
	'y.inc[IncRelief] = ds.Relief * dmg' \
	'y.inc[IncRelief] = dmg'
mut "high disaster exposure ignored" sim/village.go \
	'		exposure = ds.ExposureHigh' \
	''
mut "disaster damage not indexed" sim/disaster.go \
	'dmg := lognormal(ds.DamageMu, ds.DamageSigma, c.d.normAt(s, 1)) * c.indexG' \
	'dmg := lognormal(ds.DamageMu, ds.DamageSigma, c.d.normAt(s, 1))'
mut "cause: damage before relief" sim/disaster.go \
	'y.loss[CauseDisaster] += dmg - y.inc[IncRelief]' \
	'y.loss[CauseDisaster] += dmg'

# Step 10: transfers and reimbursement.
mut "subsidy per household" sim/transfers.go \
	'subsidy := t.subsidy[fp] * y.size' \
	'subsidy := t.subsidy[fp]'
mut "industrial dividend per person" sim/transfers.go \
	'industrial := t.industrial[fp]' \
	'industrial := t.industrial[fp] * y.size'
mut "ecological per person" sim/transfers.go \
	'ecological := t.ecological[fp] * float64(h.Land)' \
	'ecological := t.ecological[fp] * y.size'
mut "pension per member" sim/transfers.go \
	'pension := t.pension[fp] * float64(h.nElderly())' \
	'pension := t.pension[fp] * y.size'
mut "formerly_poor_only ignored" sim/transfers.go \
	'if prog.FormerlyPoorOnly {' \
	'if false {'
mut "transfers.indexed ignored" sim/year.go \
	'if p.Transfers.Indexed {' \
	'if false {'
mut "formerly-poor extra reimbursement paid to all" sim/transfers.go \
	'extra := t.fpExtra[fp] * y.medical' \
	'extra := t.fpExtra[1] * y.medical'
mut "formerly-poor extra not capped" sim/transfers.go \
	'min(1-hp.Reimbursement, hp.FormerlyPoorExtra)' \
	'hp.FormerlyPoorExtra'
mut "cause: the bill before reimbursement" sim/transfers.go \
	'y.loss[CauseIllness] = y.medical - insured - extra' \
	'y.loss[CauseIllness] = y.medical'
mut "cause: a transfer cut not indexed" sim/transfers.go \
	'now, then := perUnit(prog), perUnit(prog0)' \
	'now, then := reach(prog.Amount*prog.Level, prog), reach(prog0.Amount*prog0.Level, prog0)'
mut "cause: a transfer cut reaches whom the program reaches now" sim/transfers.go \
	'now, then := perUnit(prog), perUnit(prog0)' \
	'now, then := perUnit(prog), reach(prog0.Amount*prog0.Level*payIndex, prog)'
mut "cause: a subsidy cut per household" sim/transfers.go \
	't.cut[0][fp]*y.size + t.cut[1][fp]' \
	't.cut[0][fp] + t.cut[1][fp]'
mut "cause: an ecological cut per household" sim/transfers.go \
	't.cut[2][fp]*float64(h.Land)' \
	't.cut[2][fp]'
mut "cause: a pension cut per household" sim/transfers.go \
	't.cut[3][fp]*float64(h.nElderly())' \
	't.cut[3][fp]'

# Steps 4 and 11: monitoring and assistance.
mut "assistance lag + 1" sim/monitoring.go \
	'h.PendingIn = uint8(mo.Lag)' \
	'h.PendingIn = uint8(mo.Lag + 1)'
mut "at risk on household, not per-capita, income" sim/monitoring.go \
	'lowIncome := gross/y.size < y.vg.tLine' \
	'lowIncome := gross < y.vg.tLine'
mut "income condition after the year's bills" sim/monitoring.go \
	'lowIncome := gross/y.size < y.vg.tLine' \
	'lowIncome := (gross-oop)/y.size < y.vg.tLine'
mut "shock share ignored" sim/monitoring.go \
	'oop > mo.ShockShare*max(gross, 1)' \
	'oop > 1e300*max(gross, 1)'
mut "people monitored tallied for every household as formerly poor" sim/monitoring.go \
	'if h.Flags&flagFormerlyPoor != 0 {' \
	'if true {'
mut "detection ignored" sim/monitoring.go \
	'detectionDraw(y, s, c) < mo.Detection' \
	'detectionDraw(y, s, c) < 1'
mut "every case counted as below the line" sim/monitoring.go \
	'ys.Categories[category(h, lowIncome)]++' \
	'ys.Categories[category(h, true)]++'
mut "assistance mix: employment's share not cumulative" sim/monitoring.go \
	'mixCum: [4]float64{mix.Cash / tot, (mix.Cash + mix.Employment) / tot,' \
	'mixCum: [4]float64{mix.Cash / tot, (mix.Employment) / tot,'
mut "township factor one-sided" sim/village.go \
	'(1 - p.Monitoring.Spread + 2*p.Monitoring.Spread*r.town[vg.Township])' \
	'(1 + p.Monitoring.Spread*r.town[vg.Township])'
mut "detection's own draw a fresh one each year" sim/monitoring.go \
	'return drawAt(seedOf(entityKey(c.startKey, entityHousehold|uint64(y.i)), purposeMonitoring), 0)' \
	'return drawAt(seedOf(entityKey(c.hkey, entityHousehold|uint64(y.i)), purposeMonitoring), 0)'
mut "detection's own draw the same in every replication" sim/monitoring.go \
	'return drawAt(seedOf(entityKey(c.startKey, entityHousehold|uint64(y.i)), purposeMonitoring), 0)' \
	'return drawAt(seedOf(entityKey(12345, entityHousehold|uint64(y.i)), purposeMonitoring), 0)'
mut "keep_no_labor keeps covered households with labor capacity" sim/monitoring.go \
	'!(mo.KeepNoLabor && h.able == 0 && y.covered)' \
	'!(mo.KeepNoLabor && y.covered)'
mut "detection's own draw with 1 − persistence" sim/monitoring.go \
	'p > 0 && drawAt(s, 4) < p {' \
	'p > 0 && drawAt(s, 4) >= p {'
mut "cash assistance per household" sim/monitoring.go \
	'v := mo.CashPerCapita * c.payIndex * y.size' \
	'v := mo.CashPerCapita * c.payIndex'
mut "employment assistance at the full local wage" sim/monitoring.go \
	'v := mo.JobWageShare * c.work.localMed' \
	'v := c.work.localMed'
mut "health-assistance cap removed" sim/monitoring.go \
	'v := max(0, min(mo.HealthExtra*y.medical, outOfPocket))' \
	'v := max(0, mo.HealthExtra*y.medical+0*outOfPocket)'

# Step 12: dibao.
mut "dibao means test on this year's income" sim/dibao.go \
	'if linked || c.year < c.p.StartYear {' \
	'if true {'
mut "dibao review months ignored (last year's income alone)" sim/dibao.go \
	'wLast := months / 12' \
	'wLast := 1 + 0*months'
mut "dibao review pays the two parts of the year the wrong way round" sim/dibao.go \
	'return ((1-wLast)*now + wLast*last) * y.size, atEnd' \
	'return (wLast*now + (1-wLast)*last) * y.size, atEnd'
mut "dibao review tops up the averaged income once" sim/dibao.go \
	'return ((1-wLast)*now + wLast*last) * y.size, atEnd' \
	'return topUp(line, (1-wLast)*netIncome(&y.inc)/y.size+wLast*float64(h.LastIncome)) * y.size, atEnd'
mut "no-labor households reviewed as those with labor" sim/dibao.go \
	'months = db.ReviewMonthsNoLabor' \
	'_ = db.ReviewMonthsNoLabor'
mut "dibao line does not grow" sim/year.go \
	'c.dibao = p.Transfers.Dibao.Line * p.Transfers.Dibao.Level * math.Pow(1+p.Transfers.Dibao.Growth, since)' \
	'c.dibao = p.Transfers.Dibao.Line * p.Transfers.Dibao.Level'
mut "dibao paid counted in next year's means test" sim/income.go \
	'h.LastIncome -= float32(y.dibaoPaid / y.size)' \
	'h.LastIncome -= 0'
mut "dibao no_labor_only ignored" sim/dibao.go \
	'if !enrolled || (db.NoLaborOnly && h.able != 0) {' \
	'if !enrolled {'
mut "people on the safety net counted whenever paid in the year" sim/dibao.go \
	'if atEnd { // on the rolls at the year' \
	'if atEnd || yearly > 0 { // on the rolls at the year'
mut "on the rolls at the year's end only if last year's review paid too" sim/dibao.go \
	'atEnd = now > 0' \
	'atEnd = now > 0 && last > 0'
mut "people on the safety net not counted" sim/dibao.go \
	'c.ys.CoveredPeople += int(y.h.Size)' \
	'c.ys.CoveredPeople += 0'
mut "people on the safety net counted as formerly poor" sim/dibao.go \
	'if y.h.Flags&flagFormerlyPoor != 0 {' \
	'if true {'
mut "dibao take-up ignored" sim/dibao.go \
	'floor || float64(h.dibaoU) < db.Takeup' \
	'floor || true'
mut "campaign floor ignored" sim/dibao.go \
	'db.CampaignFloor && h.Flags&flagFormerlyPoor != 0' \
	'false && h.Flags&flagFormerlyPoor != 0'
mut "campaign floor for households with labor capacity" sim/dibao.go \
	'floor := h.able == 0 && (db.CampaignFloor && h.Flags&flagFormerlyPoor != 0 ||' \
	'floor := db.CampaignFloor && h.Flags&flagFormerlyPoor != 0 || h.able == 0 && (false ||'
mut "marginal floor ignored" sim/dibao.go \
	'db.MarginalFloor && h.Flags&flagFormerlyPoor == 0' \
	'false && h.Flags&flagFormerlyPoor == 0'
mut "identification ignores the guarantee received" sim/monitoring.go \
	'standing, _ = guarantee(y, c, false)' \
	'standing = 0'
mut "at-risk tests' gross income without the guarantee" sim/monitoring.go \
	'inc[IncTransfers] + standing' \
	'inc[IncTransfers] + 0*standing'
mut "found at the start of the year" sim/monitoring.go \
	'y.delayed = min(1, drawAt(s, 3)+mo.DelayMonths/12)' \
	'y.delayed = min(1, mo.DelayMonths/12)'
mut "stable months ignored" sim/monitoring.go \
	'stable := !y.found || 12*(1-y.delayed) >= mo.StableMonths' \
	'stable := true'
mut "registration on actual, not projected, income" sim/income.go \
	'projected := net + y.unpaid' \
	'projected := net'
mut "monitored households not linked to dibao" sim/dibao.go \
	'linked := y.assisted && c.p.Monitoring.SocialSecurity' \
	'linked := false'
mut "a linked guarantee paid from the start of the year it is found" sim/dibao.go \
	'gap := had + (yearly-had)*(1-y.delayed)' \
	'gap := yearly'
mut "the guarantee not yet paid left out of projected income" sim/dibao.go \
	'y.unpaid += yearly - gap' \
	'y.unpaid += 0'
mut "extreme-poverty line ignored" sim/dibao.go \
	'line *= max(1, db.ExtremeRatio)' \
	'line *= 1'
mut "support delay ignored" sim/monitoring.go \
	'drawAt(s, 3)+mo.DelayMonths/12' \
	'drawAt(s, 3)'
mut "the 2020 stock waits like later cases" sim/monitoring.go \
	'if !(mo.StartStock && c.year == c.p.StartYear) {' \
	'if true {'
mut "a year without monitoring keeps the monitored" sim/monitoring.go \
	'h.Flags &^= flagMonitored | flagPending' \
	'h.Flags &^= flagPending'
mut "a household found again keeps its years monitored" sim/monitoring.go \
	'h.Flags = h.Flags&^flagPending | flagMonitored
			h.Monitored, h.Above = 0, 0' \
	'h.Flags = h.Flags&^flagPending | flagMonitored'
mut "cause: the smallest shock instead of the largest" sim/causes.go \
	'if v > best {' \
	'if v > 0 && (best == 0 || v < best) {'
mut "registered returns counted for every poor household" sim/income.go \
	'if y.assisted && projected/y.size < c.line { // the system counts it' \
	'if projected/y.size < c.line { // the system counts it'
mut "catastrophic share 0.4 read as 0.04" sim/income.go \
	'const catastrophicShare = 0.4' \
	'const catastrophicShare = 0.04'
mut "catastrophic: capacity to pay after the bills" sim/income.go \
	'max(0, net+bills-line*y.size)' \
	'max(0, net-line*y.size)'
mut "routine care left out of catastrophic spending" sim/income.go \
	'oop := bills + y.routine' \
	'oop := bills'
mut "routine care without its mean correction" sim/routinecare.go \
	'hp.RoutineCost * indexG * expG(-s*s/2)' \
	'hp.RoutineCost * indexG'
mut "routine care not indexed to the line" sim/routinecare.go \
	'hp.RoutineCost * indexG * expG(-s*s/2)' \
	'hp.RoutineCost * expG(-s*s/2)'
mut "routine care per household, not per member" sim/routinecare.go \
	'y.routine = y.size * lognormal' \
	'y.routine = lognormal'

# Step 13: poverty, exit, records.
mut "monitoring.min_years ignored" sim/monitoring.go \
	'int(h.Monitored) >= mo.MinYears && ' \
	''
mut "exit years >= -> >" sim/monitoring.go \
	'int(h.Above) >= mo.ExitYears' \
	'int(h.Above) > mo.ExitYears'
mut "exit years counted, not consecutive" sim/monitoring.go \
	'	} else {
		h.Above = 0
	}' \
	'	}'
mut "a household found again stays eliminated" sim/monitoring.go \
	'h.Flags = h.Flags&^flagEliminated | flagEverMonitored' \
	'h.Flags = h.Flags | flagEverMonitored'
mut "exit ratio ignored" sim/monitoring.go \
	'stable && net/y.size >= mo.ExitRatio*y.vg.tLine' \
	'stable && net/y.size >= y.vg.tLine'
mut "keep_no_labor ignored" sim/monitoring.go \
	'!(mo.KeepNoLabor && h.able == 0 && y.covered)' \
	'!(false && h.able == 0 && y.covered)'
mut "keep_no_labor keeps households the safety net does not cover" sim/monitoring.go \
	'!(mo.KeepNoLabor && h.able == 0 && y.covered)' \
	'!(mo.KeepNoLabor && h.able == 0)'
mut "poverty gap per household instead of per person" sim/income.go \
	'return size * (line - max(pc, 0)) / line' \
	'return (line - max(pc, 0)) / line'
mut "poor at the line" sim/income.go \
	'poor := pc < c.line' \
	'poor := pc <= c.line'
mut "a new spell counted from 0 years" sim/income.go \
	'		h.Since = 1 // a new spell' \
	'		h.Since = 0 // a new spell'
mut "people ever monitored counted as households" sim/income.go \
	'ys.EverMonitoredPeople += everMonitored * int(h.Size)' \
	'ys.EverMonitoredPeople += everMonitored'
mut "people whose risk is eliminated counted as households" sim/income.go \
	'ys.EliminatedPeople += eliminated * int(h.Size)' \
	'ys.EliminatedPeople += eliminated'
mut "formerly poor income by component per person" sim/income.go \
	'ys.FormerlyPoorIncome[k] += v' \
	'ys.FormerlyPoorIncome[k] += v / y.size'

# ---------------------------------------------------------------------------
# analysis: estimators and comparisons (docs/MODEL.md §6).

mut "interval with t(n) instead of t(n-1)" analysis/summary.go \
	'half := tQuantile(n-1) * sd / math.Sqrt(float64(n))' \
	'half := tQuantile(n) * sd / math.Sqrt(float64(n))'
mut "poverty_gap per household" analysis/outcome.go \
	'return perPerson(y.GapSum, y.People)' \
	'return perPerson(y.GapSum, y.Households)'
mut "formerly poor income shares read all households' income" analysis/outcome.go \
	'return incomeShare(&y.FormerlyPoorIncome, IncomeGroup(k-firstShareFP))' \
	'return incomeShare(&y.Income, IncomeGroup(k-firstShareFP))'
mut "a post holder not counted employed" sim/posts.go \
	'y.employed++' \
	'y.employed += 0'
mut "a job seeker placed by assistance not counted employed" sim/monitoring.go \
	'y.employed++' \
	'y.employed += 0'
mut "a laborer with a wage job not counted employed" sim/work.go \
	'y.employed++' \
	'y.employed += 0'
mut "a household linked by monitoring paid on last year's income" sim/dibao.go \
	'if linked || c.year < c.p.StartYear {' \
	'if c.year < c.p.StartYear {'
mut "employment tallied for every household as formerly poor" sim/income.go \
	'ys.EmployedFormerlyPoor += fpi * y.employed' \
	'ys.EmployedFormerlyPoor += y.employed'
mut "employed_formerly_poor reads all households' employed" analysis/outcome.go \
	'return ratio(y.EmployedFormerlyPoor, y.FormerlyPoorPeople)' \
	'return ratio(y.Employed, y.FormerlyPoorPeople)'
mut "monitored_share_formerly_poor reads all households' monitored people" analysis/outcome.go \
	'return ratio(y.MonitoredPeopleFormerlyPoor, y.FormerlyPoorPeople)' \
	'return ratio(y.MonitoredPeople, y.FormerlyPoorPeople)'
mut "safety_net_share_formerly_poor reads all households' people on the safety net" analysis/outcome.go \
	'return ratio(y.CoveredPeopleFormerlyPoor, y.FormerlyPoorPeople)' \
	'return ratio(y.CoveredPeople, y.FormerlyPoorPeople)'
mut "monitored_stock_share counts those whose risk was eliminated" analysis/outcome.go \
	'return ratio(y.EverMonitoredPeople-y.EliminatedPeople, y.People)' \
	'return ratio(y.EverMonitoredPeople, y.People)'
mut "ever_monitored_share of households" analysis/outcome.go \
	'return ratio(y.EverMonitoredPeople, y.People)' \
	'return ratio(y.EverMonitored, y.Households)'
mut "risk_eliminated of households" analysis/outcome.go \
	'return ratio(y.EliminatedPeople, y.EverMonitoredPeople)' \
	'return ratio(y.Eliminated, y.EverMonitored)'
mut "catastrophic_health of people" analysis/outcome.go \
	'return ratio(y.Catastrophic, y.Households)' \
	'return ratio(y.Catastrophic, y.People)'
mut "income_formerly_poor per household" analysis/outcome.go \
	'return perPerson(y.FormerlyPoorNet, y.FormerlyPoorPeople)' \
	'return perPerson(y.FormerlyPoorNet, y.FormerlyPoor)'
mut "causes of cases over the households at risk" analysis/outcome.go \
	'return ratio(y.Cases[k-firstCause], y.Enrolled)' \
	'return ratio(y.Cases[k-firstCause], y.AtRisk)'
mut "Welch degrees of freedom computed with n" analysis/compare.go \
	'va*va/float64(ea.N-1) + vb*vb/float64(eb.N-1)' \
	'va*va/float64(ea.N) + vb*vb/float64(eb.N)'
mut "Welch half-width of two samples without spread" analysis/compare.go \
	'	if va+vb == 0 {
		return 0
	}' \
	''
mut "income growth against this year, not the year before" analysis/outcome.go \
	'last, okLast := Income.Value(years, t-1)' \
	'last, okLast := Income.Value(years, t)'
mut "POVSIM_SET split at spaces" cmd/povsim/strict.go \
	'for i, line := range strings.Split(s, "\n") {' \
	'for i, line := range strings.Fields(s) {'
mut "kept-out sign" analysis/compare.go \
	'return float64(ys[t].Returned), true }, alt, base)' \
	'return float64(ys[t].Returned), true }, base, alt)'
mut "returns-avoided sign" analysis/compare.go \
	'return float64(ys[t].EverReturned), true }, alt, base)' \
	'return float64(ys[t].EverReturned), true }, base, alt)'
mut "extra cost not cumulative" analysis/compare.go \
	'cum[r] += f(&alt[r].Years[t]) - f(&base[r].Years[t])' \
	'cum[r] = f(&alt[r].Years[t]) - f(&base[r].Years[t])'
mut "cost per return avoided inverted" analysis/compare.go \
	'v := cost.Mean / avoided.Mean' \
	'v := avoided.Mean / cost.Mean'
mut "compared scenarios may draw other populations" cmd/povsim/compare.go \
	'if path, a, b, differ := populationDiffers(&p0, &p); differ {' \
	'if path, a, b, differ := populationDiffers(&p0, &p); false && differ {'
mut "an output replaces calibrate's provenance record" analysis/owned.go \
	'if !ours && command != "" {' \
	'if false && !ours {'
mut "a cost per return avoided when fewer than none are" analysis/compare.go \
	'case av.Mean <= 0:' \
	'case av.Mean == 0:' ./analysis ./analysis/report
mut "a cost per return avoided when the extra cost may be none" analysis/compare.go \
	'case !cost.HasInterval() || cost.Lo <= 0 && cost.Hi >= 0:' \
	'case !cost.HasInterval():' ./analysis ./analysis/report
mut "registered-avoided sign" analysis/compare.go \
	'd.RegisteredAvoided = cumulative(newSeries(RegisteredAvoided, false, years), alt, base,' \
	'd.RegisteredAvoided = cumulative(newSeries(RegisteredAvoided, false, years), base, alt,'
mut "cost per registered return avoided over income-poverty returns" analysis/compare.go \
	'd.CostPerRegistered = perAvoided(d.ExtraCost.Years[h], d.RegisteredAvoided.Years[h])' \
	'd.CostPerRegistered = perAvoided(d.ExtraCost.Years[h], d.Avoided.Years[h])'
mut "registered causes over income-poverty returns" analysis/outcome.go \
	'return ratio(y.RegisteredCauses[k-firstRegCause], y.Registered)' \
	'return ratio(y.RegisteredCauses[k-firstRegCause], y.Returned)'
mut "cause totals keep the last year only" analysis/summary.go \
	'n[c] += v' \
	'n[c] = v'
mut "precision met at twice the target" analysis/summary.go \
	'e.HasInterval() && e.HalfWidth() <= h' \
	'e.HasInterval() && e.HalfWidth() <= 2*h' ./analysis ./analysis/sweep
# Not listed: the estimate of the replications needed (1.1·(1.96·sd/h)²)
# computed for twice the target. It changes how many steps CompareModels
# takes, not what it returns (met ⇔ half-width ≤ h, TestPrecisionTarget):
# whether a test sees it depends on the draws.
mut "--precision target doubled" cmd/povsim/compare.go \
	'Precision: f.precision, Measure: f.measure, MaxReps: f.maxReps,' \
	'Precision: 2 * f.precision, Measure: f.measure, MaxReps: f.maxReps,'
mut "--precision-outcome ignored" cmd/povsim/compare.go \
	'Precision: f.precision, Measure: f.measure, MaxReps: f.maxReps,' \
	'Precision: f.precision, MaxReps: f.maxReps,'
mut "a precision target judged on a degenerate first batch" analysis/compare.go \
	'if met && len(res[0]) >= MinPrecisionReps {' \
	'if met {'
mut "the precision target always on income poverty" analysis/measure.go \
	'se := PairedSeries(m.Outcome(), res[0], res[k])' \
	'se := PairedSeries(ReturnRate, res[0], res[k])'
mut "intervals of shares not cut at 0" analysis/outcome.go \
	'lo, hi = max(lo, 0), min(hi, 1)' \
	'hi = min(hi, 1)' ./analysis ./analysis/sweep ./analysis/calibrate
mut "paired differences cut like levels" analysis/summary.go \
	'if !s.Diff {' \
	'if true {'
mut "Neg keeps the interval's ends in place" analysis/summary.go \
	'return Estimate{Mean: -e.Mean, Lo: -e.Hi, Hi: -e.Lo, SD: e.SD, N: e.N}' \
	'return Estimate{Mean: -e.Mean, Lo: -e.Lo, Hi: -e.Hi, SD: e.SD, N: e.N}'
mut "a comparison's series longer than its years let through" analysis/compare.go \
	'		if len(se.Years) != n {' \
	'		if len(se.Years) < n {'
mut "Kaplan-Meier: a replication goes on after its counts stop" analysis/spells.go \
	'			if !ok {
				break
			}' \
	'			if !ok {
				continue
			}'
mut "median out: a survival of exactly one half not crossed" analysis/spells.go \
	'if e.Defined() && v(e) <= 0.5 {' \
	'if e.Defined() && v(e) < 0.5 {'
mut "median out: the band's ends swapped" analysis/spells.go \
	'		lo = cross(func(e Estimate) float64 { return e.Lo })
		hi = cross(func(e Estimate) float64 { return e.Hi })' \
	'		lo = cross(func(e Estimate) float64 { return e.Hi })
		hi = cross(func(e Estimate) float64 { return e.Lo })'
mut "the tail needs more than minTailAtRisk spells" analysis/spells.go \
	'		if sum >= minTailAtRisk {' \
	'		if sum > minTailAtRisk {'
mut "a spell in poverty may last under a year" analysis/spells.go \
	'	meanReturn.Lo = math.Max(meanReturn.Lo, math.Min(1, meanReturn.Mean))' \
	''
mut "hazards end with the longest spell out of poverty" analysis/spells.go \
	'			if at(sp.OutAtRisk, d) > 0 || at(sp.InAtRisk, d) > 0 {' \
	'			if at(sp.OutAtRisk, d) > 0 {'
mut "draws of unequal sizes taken as balanced" analysis/draws.go \
	'	n0 := (n - sumN2/n) / (groups - 1)' \
	'	n0 := n / groups'
mut "one replication a draw: a variance within draws of nothing" analysis/draws.go \
	'	if groups < 2 || n-groups < 1 {' \
	'	if groups < 2 {'

mut "the embedded draws replace a scenario's own setting" analysis/calibrate/defaultdraws.go \
	'if v != d.Base[j] {' \
	'if v != v {'
mut "the verdict calls a user's own figures published" analysis/calibrate/wall.go \
	'if w.Targets != nil && w.Targets.Name != "published" {' \
	'if false {'
mut "the wall on draws keeps Monte Carlo intervals" analysis/calibrate/wall.go \
	'c.Lo, c.Hi = c.Target.bound().Cut(est.Lo, est.Hi)' \
	'_ = est'
mut "a miss of exactly the tolerance outside it" analysis/calibrate/wall.go \
	'Inside: math.Abs(m-t.Value) <= t.Tolerance}' \
	'Inside: math.Abs(m-t.Value) < t.Tolerance}'
mut "targets before the first simulated year let through" analysis/calibrate/wall.go \
	'if t.From < first || t.To > last {' \
	'if t.To > last {'
mut "the targets' span starts at the first target's year" analysis/calibrate/wall.go \
	'if i == 0 || t.From < first {' \
	'if i == 0 {'
mut "the wall on draws: z without the parameters' variance" analysis/calibrate/wall.go \
	'c.Z = (c.Mean - c.Target.Value) / math.Sqrt(sq(c.Target.SE)+split.Parameter+split.MonteCarlo)' \
	'c.Z = (c.Mean - c.Target.Value) / math.Sqrt(sq(c.Target.SE)+split.MonteCarlo)'
mut "draw groups of one replication" analysis/calibrate/defaultdraws.go \
	'Group: func(r int) int { return r / perDraw }' \
	'Group: func(r int) int { return r }'
mut "the Slurm script passes povsim's variables on to its jobs" analysis/sweep/slurm.go \
	'for v in $(compgen -e POVSIM_); do unset "$v"; done' \
	':' \
	./cmd/povsim
mut "merge: a whole sweep alone refused" analysis/sweep/merge.go \
	'			if len(tables) == 1 {
				return t, nil // already whole
			}
			return nil' \
	'			return nil'
mut "merge: shards of different splits let through" analysis/sweep/merge.go \
	'		if m.Shard.N != n {' \
	'		if false {'
mut "merge: an unfinished shard not named" analysis/sweep/merge.go \
	'got != want {' \
	'got > want {'
mut "merge: shards of different povsim versions let through" analysis/sweep/table.go \
	'	case m.Version != o.Version:' \
	'	case false:'
mut "merge: shards built with different Go versions let through" analysis/sweep/table.go \
	'	case m.GoVersion != o.GoVersion:' \
	'	case false:'
mut "a sweep run on a shard that does not exist" analysis/sweep/run.go \
	'	if opt.Shard.N > 0 {
		if _, err := ParseShard(opt.Shard.String()); err != nil {' \
	'	if false {
		if _, err := ParseShard(opt.Shard.String()); err != nil {'
mut "report --from: results of no year let through" analysis/report/input.go \
	'	if len(in.Comparison.Summaries) == 0 || len(in.Comparison.Years) == 0 {' \
	'	if len(in.Comparison.Summaries) == 0 {'
mut "report --from: a summary file of no summary let through" analysis/report/input.go \
	'	if len(sums) == 0 {' \
	'	if false {'

# ---------------------------------------------------------------------------
# scenarios: a scenario file's problems, each on its line; a household records file's.

mut "a fault of the year before as a whole without its line" scenarios/load.go \
	'			if line = lines["before"]; line == 0 {' \
	'			if line = 0; line == 0 {'
mut "records: a byte-order mark read as part of the first column's name" scenarios/population.go \
	'h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))' \
	'h = strings.TrimSpace(h)'
mut "records: the disabled not counted against the adults" sim/records.go \
	'	if h.Chronic+h.Disabled > adults {' \
	'	if h.Chronic > adults {' \
	./sim ./scenarios
mut "records: land that is not a number let through" sim/records.go \
	'	if !(h.Land >= 0) || h.Land > 1e6 {' \
	'	if h.Land < 0 || h.Land > 1e6 {' \
	./sim ./scenarios

# ---------------------------------------------------------------------------
# internal/yamlerr: the strict reading of YAML input.

mut "yamlerr: a problem's column left out" internal/yamlerr/yamlerr.go \
	'	case p.Col <= 0:
		return strconv.Itoa(p.Line)' \
	'	case true:
		return strconv.Itoa(p.Line)'
mut "yamlerr: problems of one line not in column order" internal/yamlerr/yamlerr.go \
	'return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col' \
	'return a.Line < b.Line'
mut "yamlerr: a document after an empty second one let through" internal/yamlerr/yamlerr.go \
	'		return secondDocument(dec, data)' \
	'		return nil'
mut "yamlerr: the keys of a nested mapping not counted" internal/yamlerr/yamlerr.go \
	'	Walk(doc, func(path string, _, v *yaml.Node) { check(path, v) })' \
	''
mut "yamlerr: a scalar at the top level read as a mapping" internal/yamlerr/yamlerr.go \
	'	if doc.Kind != yaml.MappingNode {' \
	'	if doc.Kind == yaml.SequenceNode {'

# ---------------------------------------------------------------------------
# internal/fileset: output written whole or not at all.

mut "fileset: a set written to after its commit" internal/fileset/fileset.go \
	'	if s.done {
		return fmt.Errorf("fileset: write %s after commit", name)' \
	'	if false {
		return fmt.Errorf("fileset: write %s after commit", name)'
mut "fileset: a hidden name written" internal/fileset/fileset.go \
	'if name != filepath.Base(name) || name == "" || name[0] == '"'"'.'"'"' {' \
	'if name != filepath.Base(name) || name == "" {'
mut "fileset: a path written as a name" internal/fileset/fileset.go \
	'if name != filepath.Base(name) || name == "" || name[0] == '"'"'.'"'"' {' \
	'if name == "" || name[0] == '"'"'.'"'"' {'
mut "fileset: Remove reaches outside the folder" internal/fileset/fileset.go \
	'if !s.writes(n) && n == filepath.Base(n) {' \
	'if !s.writes(n) {'
mut "fileset: a failed WriteFile leaves its temporary file" internal/fileset/fileset.go \
	'	if err := s.Write(filepath.Base(path), write); err != nil {
		s.Abort()' \
	'	if err := s.Write(filepath.Base(path), write); err != nil {'
mut "fileset: an empty set's commit" internal/fileset/fileset.go \
	'	if len(s.staged) == 0 {
		s.done = true
		return nil
	}' \
	''

# ---------------------------------------------------------------------------
# internal/jsonerr: the strict reading of JSON input.

mut "jsonerr: a key given twice let through" internal/jsonerr/jsonerr.go \
	'if i, dup := first[key]; dup {' \
	'if i, dup := first[key]; dup && false {' \
	./internal/jsonerr ./web
mut "jsonerr: keys that differ in case are different keys" internal/jsonerr/jsonerr.go \
	'return strings.ToLower(strings.ToUpper(key))' \
	'return key' \
	./internal/jsonerr ./web
mut "jsonerr: keys of a struct that differ in case let through" internal/jsonerr/check.go \
	'if j, dup := first[name]; dup {' \
	'if j, dup := first[name]; dup && false {' \
	./internal/jsonerr ./web
mut "jsonerr: every repeat built, none counted" internal/jsonerr/jsonerr.go \
	'case len(r.list) < yamlerr.MaxListed-1:' \
	'case true:' \
	./internal/jsonerr
mut "jsonerr: a type that reads itself lets keys of one field through" internal/jsonerr/check.go \
	'if isStruct { // read from its fields: two keys of one field are a repeat' \
	'if false {' \
	./internal/jsonerr
mut "jsonerr: the walk after encoding/json accepted refuses more than repeats" internal/jsonerr/check.go \
	'c := &checker{loc: loc, data: data, repeatsOnly: err == nil}' \
	'c := &checker{loc: loc, data: data}' \
	./internal/jsonerr
mut "jsonerr: data after the value let through" internal/jsonerr/jsonerr.go \
	'" \t\r\n")); at < len(data) {' \
	'" \t\r\n")); at < 0 {' \
	./internal/jsonerr ./analysis/sweep
mut "jsonerr: unknown keys let through" internal/jsonerr/check.go \
	'dec.DisallowUnknownFields()' \
	'_ = dec' \
	./internal/jsonerr ./analysis/report
mut "a series takes unknown keys" analysis/summary.go \
	'dec.DisallowUnknownFields()' \
	'_ = dec' \
	./analysis/report

# Users' input refused where it is ambiguous (a review of the CLI).
mut "a timeline parameter set twice for one year let through" scenarios/load.go \
	'			if !dup {' \
	'			if !dup || true {'
mut "a timeline problem reported again after every later change" scenarios/messages.go \
	'			if reported[e.Path] {' \
	'			if false {'
mut "--set of a parameter a size flag sets let through" cmd/povsim/flags.go \
	'		if flag, ok := sized[path]; ok {' \
	'		if flag, ok := sized[path]; ok && false {'

# ---------------------------------------------------------------------------

# applies FILE ORIGINAL: ORIGINAL occurs in FILE exactly once. Sets content
# to the file's text and rest to what follows the snippet.
applies() {
	[ -f "$1" ] || return 1
	content=$(cat "$1"; printf x) # keep trailing newlines
	content=${content%x}
	rest=${content#*"$2"}
	[ "$rest" != "$content" ] && [[ $rest != *"$2"* ]]
}

if [ -n "$check" ]; then
	cd "$root"
	stale=0
	for i in "${!names[@]}"; do
		if ! applies "${files[$i]}" "${origs[$i]}"; then
			echo "stale mutation \"${names[$i]}\": its snippet is not in ${files[$i]} exactly once"
			stale=$((stale + 1))
		fi
	done
	echo "${#names[@]} mutations, $stale stale"
	[ "$stale" -eq 0 ] || exit 2
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/povsim-mutate.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && git ls-files -z --cached --others --exclude-standard) |
	(cd "$root" && xargs -0 cp --parents -t "$tmp" 2>/dev/null || true)
cd "$tmp"

# Every mutation compiles its package and those importing it afresh, and
# the build cache keeps each result: some 270 mutations filled a 75 GB
# disk. The unmutated tree is compiled first (its test binaries, no test
# run), and the cache entries each mutation adds are removed after it, so
# that the cache holds the shared builds only (MUTATE_KEEP_CACHE=1 keeps
# everything).
cache=$(go env GOCACHE)
mark="$tmp/.cache-mark"
if [ -z "${MUTATE_KEEP_CACHE:-}" ]; then
	go test -count=1 -short -run '^$' ./... >/dev/null 2>&1 || true
	touch "$mark"
fi
trim() {
	if [ -f "$mark" ]; then find "$cache" -type f -newer "$mark" -delete 2>/dev/null || true; fi
}

start=$SECONDS
caught=0 survived=0 broken=0 total=0
rows=()
for i in "${!names[@]}"; do
	name=${names[$i]} file=${files[$i]} orig=${origs[$i]} repl=${repls[$i]}
	if [ -n "$filter" ] && ! [[ $name =~ $filter ]]; then continue; fi
	total=$((total + 1))
	printf '%-60s ' "$name" >&2
	if ! applies "$file" "$orig"; then
		broken=$((broken + 1)); rows+=("$name|STALE|snippet not in $file exactly once"); echo "stale" >&2; continue
	fi
	cp "$file" "$file.orig"
	printf '%s' "${content%%"$orig"*}$repl$rest" >"$file"
	read -r -a p <<<"${pkgs[$i]}"
	log="$tmp/.mutate.log"
	if go test -count=1 -vet=off -short $failfast -timeout "$timeout" -skip '^TestGoldenTables$' "${p[@]}" >"$log" 2>&1; then
		survived=$((survived + 1)); rows+=("$name|SURVIVED|$file"); echo "SURVIVED" >&2
		if [ -n "${MUTATE_VERBOSE:-}" ]; then cat "$log" >&2; fi
	elif grep -qE '\[(build|setup) failed\]' "$log"; then
		broken=$((broken + 1)); rows+=("$name|NO BUILD|$(grep -m1 -E '\.go:[0-9]+' "$log" || head -1 "$log")"); echo "does not build" >&2
	else
		failed=$(grep -oE -- '^--- FAIL: [^ /]+' "$log" | sed 's/--- FAIL: //' | tr '\n' ' ' || true)
		[ -n "$failed" ] || failed=$(grep -m1 -E 'panic|timed out|FAIL' "$log" || echo "go test failed")
		caught=$((caught + 1)); rows+=("$name|caught|$failed"); echo "caught by $failed" >&2
	fi
	mv "$file.orig" "$file"
	trim
done

echo
printf '%-60s  %-9s  %s\n' "mutation" "result" "failing tests (the first, or all with MUTATE_ALL=1) / note"
for r in "${rows[@]}"; do
	IFS='|' read -r n res note <<<"$r"
	printf '%-60s  %-9s  %s\n' "$n" "$res" "$note"
done
echo
echo "score: $caught/$total caught, $survived survived, $broken stale or not building ($((SECONDS - start)) s)"
if [ "$broken" -gt 0 ]; then exit 2; fi
if [ "$survived" -gt 0 ]; then exit 1; fi
