package sim

import "math"

// The village-year: what the households of a village share in a year
// (docs/MODEL.md §4.0): which programs reach it, the price it sells at,
// whether a disaster strikes, its welfare posts, its job finding and its
// farm income per mu. villageYear sets them once a year, before the
// household-years read them.

// cover sets which programs reach the village this year: those whose
// coverage (share of villages) is above its rank.
func (vg *village) cover(p *Params) {
	vg.ecom = vg.rankEcom < p.Ecommerce.Coverage
	vg.doc = vg.rankDoc < p.Health.DoctorCoverage
	vg.park = vg.rankPark < p.Land.ModernCoverage
	vg.spec = vg.rankSpec < p.Specialty.Adoption
	vg.high = vg.rankHigh < p.Disaster.HighExposure
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

// marketYear draws each product's market shock and sets its
// homogenization factor (docs/MODEL.md §4.0, "Market shock" and
// "Homogenization"). A product's price falls when its market share is
// above an even split, 1/K. The shares are those the parameters give the
// market, not counts of the villages a run simulates (a sample of it): the
// promoted specialty (product K) is sold by the share specialty.adoption of
// villages, each ordinary product by (1 − adoption)/K, never above 1/K.
func (r *Runner) marketYear(c *yearConst) {
	p, s := c.p, &c.p.Specialty
	K := float64(s.Products)
	for k := range r.products {
		r.d.seed(entityKey(c.hkey, entityProduct|uint64(k)), purposeProductYear)
		share := (1 - s.Adoption) / K
		if k == s.Products {
			share = s.Adoption
		}
		r.products[k] = productYear{
			shock:  expG(p.Farming.ProductSigma * r.d.NormFloat64()),
			factor: math.Max(s.PriceFloor, 1-s.Homogenization*math.Max(0, share-1/K)),
		}
	}
}

// villageYear sets every village's year (docs/MODEL.md §4.0): the
// programs that cover it and their costs, then its price, disaster, welfare
// posts and what its households share. It reports whether any village has
// a welfare post held or vacant, the only ones in which step 6 has work.
func (r *Runner) villageYear(c *yearConst) (posts bool) {
	p, ys := c.p, c.ys
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
		}
		if vg.spec {
			ys.Cost[CostSpecialty] += p.Specialty.CostPerVillage
		}
	}
	for v := range r.villages {
		vg := &r.villages[v]
		r.d.seed(entityKey(c.hkey, entityVillage|uint64(v)), purposeVillageYear)
		zv, uDis, uLoss := r.d.NormFloat64(), r.d.Float64(), r.d.Float64()
		vg.priceAndDisaster(r.products[vg.product], zv, uDis, uLoss, p)
		if vg.postsYear(r.villageN[v], p) {
			posts = true
		}
		vg.find = jobFind(p, vg.ecom, vg.park, vg.returnees)
		vg.farmYield(c)
		vg.tLine = c.monitoring.line * (1 - p.Monitoring.Spread + 2*p.Monitoring.Spread*r.town[vg.Township])
	}
	return posts
}

// priceAndDisaster sets the village's farm-gate price multiplier and
// whether a disaster strikes it, with its crop loss, from its year's draws:
// zv normal, uDis and uLoss uniform.
func (vg *village) priceAndDisaster(pr productYear, zv, uDis, uLoss float64, p *Params) {
	vg.price = pr.shock * pr.factor * expG(p.Farming.VillageSigma*zv)
	if vg.spec {
		vg.price *= 1 + p.Specialty.Premium
	}
	ds := &p.Disaster
	exposure := ds.ExposureLow
	if vg.high {
		exposure = ds.ExposureHigh
	}
	vg.disaster = uDis < ds.Probability*exposure
	vg.cropLoss = 0
	if vg.disaster {
		vg.cropLoss = math.Min(1, 2*ds.CropLoss*uLoss)
	}
}

// postsYear moves the returned talents counted last year into the
// village's job boost, and sets the welfare posts vacant this year: the
// village's quota (nh households at the start) less those held last year.
// It reports whether the village has a post held or vacant.
func (vg *village) postsYear(nh int, p *Params) bool {
	vg.returnees, vg.returneesNow = vg.returneesNow, 0
	held := vg.held
	vg.vacant = int(p.Posts.PerHundred*float64(nh)/100+0.5) - held
	vg.held = 0
	return held > 0 || vg.vacant > 0
}

// farmYield sets the village's farm income per cultivated mu, less input
// costs, for a household without ([0]) and with ([1]) a young laborer:
// they differ by the e-commerce premium (docs/MODEL.md §4, step 8).
func (vg *village) farmYield(c *yearConst) {
	p := c.p
	for young := range vg.netYield {
		price := vg.price
		if vg.ecom {
			prem := p.Ecommerce.PricePremium
			if young == 0 {
				prem *= p.Ecommerce.OlderFactor
			}
			price *= 1 + prem
		}
		yield := c.farm.yieldValue * price * (1 - vg.cropLoss)
		if vg.park {
			yield *= 1 + p.Land.ModernYieldGain
		}
		vg.netYield[young] = yield - c.farm.inputCost
	}
}
