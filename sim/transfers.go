package sim

// transfersYear is what step 10 reads of a year: what each program pays
// per unit this year, amount · level (× g_z with transfers.indexed), to a
// marginal household ([0]) and to a formerly poor one ([1]): 0 where it
// does not reach the household (formerly_poor_only).
type transfersYear struct {
	subsidy, industrial, ecological, pension [2]float64
	// cut is what each program (subsidy, industrial, ecological, pension)
	// pays a kind of household per unit less than it did in the year before
	// the first (2020, on the base scenario's settings: Config.Before), as
	// the transition period began, both at this year's index; or 0: the
	// cost of a cut (causes.go). A scenario that cuts a program from its
	// first year cuts it from that year.
	cut     [4][2]float64
	fpExtra [2]float64 // the reimbursement share medical assistance adds: 0 for marginal households
}

func newTransfersYear(p, before *Params, payIndex float64) transfersYear {
	tr, hp, tr0 := &p.Transfers, &p.Health, &before.Transfers
	reach := func(v float64, prog *Transfer) [2]float64 {
		if prog.FormerlyPoorOnly {
			return [2]float64{0, v}
		}
		return [2]float64{v, v}
	}
	perUnit := func(prog *Transfer) [2]float64 { return reach(prog.Amount*prog.Level*payIndex, prog) }
	// A cut is by kind of household, each program reaching whom it reached
	// then and whom it reaches now: what it paid then, at this year's index,
	// less what it pays now.
	cut := func(prog, prog0 *Transfer) [2]float64 {
		now, then := perUnit(prog), perUnit(prog0)
		return [2]float64{max(0, then[0]-now[0]), max(0, then[1]-now[1])}
	}
	return transfersYear{
		subsidy:    perUnit(&tr.Subsidy),
		industrial: perUnit(&tr.Industrial),
		ecological: perUnit(&tr.Ecological),
		pension:    perUnit(&tr.Pension),
		cut: [4][2]float64{cut(&tr.Subsidy, &tr0.Subsidy), cut(&tr.Industrial, &tr0.Industrial),
			cut(&tr.Ecological, &tr0.Ecological), cut(&tr.Pension, &tr0.Pension)},
		fpExtra: [2]float64{0, min(1-hp.Reimbursement, hp.FormerlyPoorExtra)},
	}
}

// transfers is step 10 (docs/MODEL.md §4, step 10): the four transfer
// programs pay the household, each per its unit (a member, the household,
// a mu of contracted land, an elder), if the program pays this year and
// reaches the household (formerly poor households only, unless
// formerly_poor_only is false); medical insurance reimburses a share of the
// medical bill, and medical assistance a further share to the formerly
// poor.
func transfers(y *householdYear, c *yearConst) {
	h, t, ys := y.h, &c.transfers, c.ys
	// A program that does not reach the household pays it 0 (transfersYear),
	// which changes no sum: the formerly poor and the marginal households
	// are mixed at random, so a branch on the kind would be mispredicted.
	fp := h.Flags & flagFormerlyPoor // flagFormerlyPoor is 1
	subsidy := t.subsidy[fp] * y.size
	industrial := t.industrial[fp]
	ecological := t.ecological[fp] * float64(h.Land)
	pension := t.pension[fp] * float64(h.nElderly())
	y.inc[IncTransfers] = subsidy + industrial + ecological + pension
	ys.Cost[CostSubsidy] += subsidy
	ys.Cost[CostIndustrial] += industrial
	ys.Cost[CostEcological] += ecological
	ys.Cost[CostPension] += pension

	insured := c.p.Health.Reimbursement * y.medical
	extra := t.fpExtra[fp] * y.medical
	y.inc[IncMedical] = -y.medical
	y.inc[IncReimbursement] = insured + extra
	ys.Cost[CostMedicalInsurance] += insured
	ys.Cost[CostMedicalAssistance] += extra

	// What the year's medical costs and transfer cuts cost the household
	// (causes.go).
	y.loss[CauseIllness] = y.medical - insured - extra
	y.loss[CauseTransferCut] = t.cut[0][fp]*y.size + t.cut[1][fp] + t.cut[2][fp]*float64(h.Land) + t.cut[3][fp]*float64(h.nElderly())
}
