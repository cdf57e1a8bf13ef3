package sim

import "math"

// farmYear is what step 8 reads of a year.
type farmYear struct {
	yieldValue, inputCost float64       // Y_y and C_y, yuan per mu at price 1
	moveRate              [2]float64    // share of idle land transferred out; [1]: in a park village, which takes idle land too
	contractEnd           float64       // share of transferred land whose contract ends this year
	capacity              [4][4]float64 // the land an able laborer farms, mu, by Mode and by job (memberFlags&3: none, employed, post)
	disabled, elderly     float64       // the land a disabled member and an elder (not disabled) farm, mu
}

// newFarmYear sets the year's farming constants; since is the years since
// the base year, by which farm prices and input costs have grown.
func newFarmYear(p *Params, since float64) farmYear {
	g := math.Pow(1+p.Farming.PriceGrowth, since)
	return farmYear{
		yieldValue:  p.Farming.YieldValue * g,
		inputCost:   p.Farming.InputCost * g,
		moveRate:    [2]float64{min(1, p.Land.TransferIdle), min(1, p.Land.TransferIdle+p.Land.ModernTransfer)},
		contractEnd: p.Land.ContractEnd,
		capacity:    laborerCapacity(&p.Farming),
		disabled:    p.Farming.CapacityDisabled,
		elderly:     p.Farming.CapacityElderly,
	}
}

// laborerCapacity is the land an able laborer farms after its work of
// step 7, by its Mode and its job: a farmer farms full time, post holder
// or not; any other holder of a post farms part time, as an employed local
// worker does; an employed migrant is away; a laborer without a job is at
// home and farms full time.
func laborerCapacity(fa *Farming) (t [4][4]float64) {
	const none, employed, post = 0, int(memberEmployed), int(memberPost)
	for mode := range t {
		t[mode] = [4]float64{none: fa.CapacityFarmer, employed: fa.CapacityLocal, post: fa.CapacityLocal}
	}
	t[ModeFarm] = [4]float64{none: fa.CapacityFarmer, employed: fa.CapacityFarmer, post: fa.CapacityFarmer}
	t[ModeMigrant][employed] = 0
	return t
}

// capacityOf is the land an able laborer of the given mode and member
// flags farms after its work.
func (f *farmYear) capacityOf(mode Mode, flags uint8) float64 {
	return f.capacity[mode&3][flags&(memberEmployed|memberPost)]
}

// capacityHeld is the land an able laborer of the given mode and member
// flags farms after its work when it held a wage job for the share held of
// the year (job): a job's capacity for that share of the year, the
// capacity without one for the rest.
func (f *farmYear) capacityHeld(mode Mode, flags uint8, held float64) float64 {
	without := f.capacityOf(mode, flags&^memberEmployed)
	if held == 0 {
		return without
	}
	return held*f.capacityOf(mode, flags|memberEmployed) + (1-held)*without
}

// farming is step 8 (docs/MODEL.md §4, step 8): the household farms the
// contracted land it has not transferred out, as much of it as its
// members can (with farming.abandonment; the rest lies idle), taking back
// transferred land whose contract ends when it can farm more; it earns the
// village's farm income per mu and the rent of the land transferred out,
// and idle land moves to the transfer market.
func farming(y *householdYear, c *yearConst) {
	h, vg, p, ys := y.h, y.vg, c.p, c.ys
	land := float64(h.Land)
	transferred := float64(h.Transferred)
	avail := land - transferred
	cultivated, idle := avail, 0.0
	if p.Farming.Abandonment {
		capacity := y.laborCapacity + (float64(h.nDisabled())*c.farm.disabled + float64(h.nElderlyAble())*c.farm.elderly)
		if transferred > 0 && capacity > avail {
			// A transfer runs for its contract: the contracts of
			// contract_end of the transferred land end this year, and a
			// household that can farm more land than it kept takes that
			// land back (the rest is renewed).
			back := min(transferred*c.farm.contractEnd, capacity-avail)
			transferred -= back
			avail += back
			cultivated = avail
			h.Transferred = float32(transferred)
		}
		if capacity < avail {
			cultivated, idle = capacity, avail-capacity
		}
	}
	y.inc[IncFarm] = cultivated * vg.netYield[b2i(y.young)]
	if vg.price < 1 || vg.cropLoss > 0 { // what the year's price and crop losses cost (causes.go)
		y.loss[CausePrice] = cultivated * c.farm.yieldValue * max(0, 1-vg.price)
		y.loss[CauseDisaster] = cultivated * c.farm.yieldValue * vg.price * vg.cropLoss
	}
	y.inc[IncRent] = transferred * p.Land.RentPerMu
	ys.Cost[CostLand] += transferred * p.Land.SubsidyPerMu
	ys.TransferredLand += transferred
	if moved := idle * c.farm.moveRate[b2i(vg.park)]; moved > 0 {
		h.Transferred = float32(min(land, transferred+moved))
	}
	ys.CultivatedLand += cultivated
	ys.IdleLand += idle
	y.cultivated, y.idle = cultivated, idle
}
