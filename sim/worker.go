package sim

// worker is the household's wage worker (docs/MODEL.md §4, step 7, "The
// household's wage worker"): with labor.household_worker, a household
// whose able laborers all farm, none holding a post, sends its youngest
// to seek local wage work. worker makes that laborer a local job seeker,
// without a job, and returns its slot; −1 if the rule is off, the
// household has no able laborer, or one already works or seeks work for
// pay.
func (h *household) worker(p *Params) int {
	if !p.Labor.HouseholdWorker {
		return -1
	}
	w := -1
	for m, mb := range h.Members[:h.Size] {
		if mb.Role != Laborer || mb.Health == Disabled {
			continue
		}
		if mb.Mode != ModeFarm || h.memberFlags[m]&memberPost != 0 {
			return -1
		}
		if w < 0 || mb.StartAge < h.Members[w].StartAge {
			w = m
		}
	}
	if w >= 0 {
		h.Members[w].Mode = ModeLocal
	}
	return w
}
