package sim

import "math"

// farmYear is what step 8 reads of a year.
type farmYear struct {
	yieldValue, inputCost float64    // Y_y and C_y, yuan per mu at price 1
	moveRate              [2]float64 // share of idle land transferred out; [1]: in a park village, which takes idle land too
}

// newFarmYear sets the year's farming constants; since is the years since
// the base year, by which farm prices and input costs have grown.
func newFarmYear(p *Params, since float64) farmYear {
	g := math.Pow(1+p.Farming.PriceGrowth, since)
	return farmYear{
		yieldValue: p.Farming.YieldValue * g,
		inputCost:  p.Farming.InputCost * g,
		moveRate:   [2]float64{min(1, p.Land.TransferIdle), min(1, p.Land.TransferIdle+p.Land.ModernTransfer)},
	}
}

// farming is step 8 (docs/MODEL.md §4, step 8): the household farms the
// contracted land it has not transferred out, as much of it as its
// members can (with farming.abandonment; the rest lies idle), taking
// transferred land back when it can farm more; it earns the village's
// farm income per mu and the rent of the land transferred out, and idle
// land moves to the transfer market.
func farming(y *householdYear, c *yearConst) {
	h, vg, p, ys := y.h, y.vg, c.p, c.ys
	land := float64(h.Land)
	transferred := float64(h.Transferred)
	avail := land - transferred
	cultivated, idle := avail, 0.0
	if p.Farming.Abandonment {
		capacity := farmCapacity(h, &p.Farming)
		if transferred > 0 && capacity > avail {
			// Transfers run year to year: a household that can farm more
			// land than it kept takes transferred land back.
			back := min(transferred, capacity-avail)
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

// farmCapacity is the land the household's members can farm this year,
// mu, added in member order: an able laborer as its work of step 7
// allows (capacityOf), a disabled member or an elder as farming's
// capacities say, a child not at all.
func farmCapacity(h *Household, fa *Farming) float64 {
	capacity := 0.0
	for m := range int(h.Size) {
		switch {
		case h.able&(1<<m) != 0:
			capacity += capacityOf(h, m, fa)
		case h.Members[m].Health == Disabled:
			capacity += fa.CapacityDisabled
		case h.Members[m].Role == Elderly:
			capacity += fa.CapacityElderly
		}
	}
	return capacity
}

// capacityOf is the farming capacity of able laborer m after the work of
// step 7: a farmer's, a post holder's (part-time, if it is not a farmer),
// an employed local worker's; an employed migrant is away; an unemployed
// laborer is at home and farms.
func capacityOf(h *Household, m int, fa *Farming) float64 {
	mode, fl := h.Members[m].Mode, h.memberFlags[m]
	switch {
	case mode == ModeFarm:
		return fa.CapacityFarmer
	case fl&memberPost != 0:
		return fa.CapacityLocal
	case fl&memberEmployed == 0:
		return fa.CapacityFarmer
	case mode == ModeMigrant:
		return 0
	}
	return fa.CapacityLocal
}
